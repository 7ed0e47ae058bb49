"""Rules for the «Дорожная карта» sheet: deadlines, responsible persons, completion, links to indicators."""

from __future__ import annotations

from xl_roadmap.core import deadlines as dl
from xl_roadmap.core.analysis import ActionResult
from xl_roadmap.core.formulas import action_key
from xl_roadmap.core.values import clean_text, format_date
from xl_roadmap.rules.registry import Context, rule
from xl_roadmap.spec.vocabulary import ActionStatus


def _actions(ctx: Context) -> list[ActionResult]:
    # a row without the action text is a required-empty finding already; judging its deadline adds noise
    return [a for a in ctx.analysis.actions if a.row.text("action")]


def _no(a: ActionResult) -> str:
    return a.no or f"(строка {a.row.row})"


@rule
def deadline_present_and_parsed(ctx: Context):
    for a in _actions(ctx):
        cell = a.row["deadline"]
        d = a.deadline
        if d.kind == "missing":
            # a done or cancelled action has nothing left to plan: next-period empties a passed deadline for
            # re-planning, and a school that then finishes the action owes no new one
            if not _closed(a):
                yield ctx.make.make("action-no-deadline", cell.sheet, cell.address, None, no=_no(a))
        elif d.looks_like_person:
            yield ctx.make.make("deadline-looks-like-person", cell.sheet, cell.address, d.text, no=_no(a))
        elif d.kind == "unparsed":
            yield ctx.make.make("deadline-unparsed", cell.sheet, cell.address, d.text, no=_no(a),
                                hint=f" ({d.hint})" if d.hint else "")


@rule
def deadline_in_period(ctx: Context):
    period = ctx.analysis.period
    doc_date = ctx.data.org("doc_date")
    for a in _actions(ctx):
        d = a.deadline
        if d.kind not in ("date", "range", "recurring", "ongoing") or d.end is None:
            continue
        cell = a.row["deadline"]
        if period is not None and (d.end > period.end or d.end < period.start
                                   or (d.start is not None and d.start < period.start)):
            yield ctx.make.make("deadline-outside-period", cell.sheet, cell.address, d.text, no=_no(a),
                                start=format_date(d.start or d.end), end=format_date(d.end), period=period.text,
                                period_start=format_date(period.start), period_end=format_date(period.end))
        # a roll-up's document date is the day it was made, not the date of its schools' plans (each school
        # was checked against its own)
        elif hasattr(doc_date, "year") and not ctx.analysis.is_rollup and d.end < doc_date:
            yield ctx.make.make("deadline-before-document", cell.sheet, cell.address, d.text, no=_no(a),
                                end=format_date(d.end), doc_date=format_date(doc_date))


def _closed(a: ActionResult) -> bool:
    return a.done or a.row.text("status").lower() == ActionStatus.CANCELLED


@rule
def overdue(ctx: Context):
    """A listed deadline ("май 2024 г., май 2025 г.") is judged per checkpoint; any other by its end."""
    as_of = ctx.analysis.as_of
    for a in _actions(ctx):
        if _closed(a):
            continue
        cell = a.row["deadline"]
        if a.deadline.recurrence == "listed" and a.deadline.checkpoints:
            for checkpoint in dl.missed_checkpoints(a.deadline, as_of, a.completion):
                yield ctx.make.make("checkpoint-missed", cell.sheet, cell.address, a.deadline.text, no=_no(a),
                                    checkpoint=format_date(checkpoint))
        elif a.deadline.end is not None and a.deadline.end < as_of and a.deadline.kind != "event-bound":
            yield ctx.make.make("action-overdue", cell.sheet, cell.address, a.deadline.text, no=_no(a),
                                end=format_date(a.deadline.end), as_of=format_date(as_of),
                                status=a.row.text("status") or "не указан")


@rule
def completion(ctx: Context):
    for a in _actions(ctx):
        if not a.done:
            continue
        if a.completion is None:
            cell = a.row["completion_date"]
            yield ctx.make.make("done-no-date", cell.sheet, cell.address, None, no=_no(a))
        if a.evidence_count == 0:
            cell = a.row["status"]
            yield ctx.make.make("done-no-evidence", cell.sheet, cell.address, a.row.text("status"), no=_no(a))


@rule
def responsible(ctx: Context):
    patterns = [p.lower() for p in ctx.spec.rule_settings.get("vague_responsible_patterns", ())]
    for a in _actions(ctx):
        cell = a.row["responsible"]
        text = clean_text(a.row.text("responsible"))
        if not text:
            yield ctx.make.make("action-no-responsible", cell.sheet, cell.address, None, no=_no(a))
        elif any(p in text.lower() for p in patterns):
            yield ctx.make.make("responsible-vague", cell.sheet, cell.address, text, no=_no(a))


@rule
def indicator_links(ctx: Context):
    on_sheet = {r.code for r in ctx.analysis.indicators if r.code}
    edition = ctx.analysis.edition
    for a in _actions(ctx):
        cell = a.row["codes"]
        if not a.codes:
            yield ctx.make.make("action-no-indicator", cell.sheet, cell.address, None, no=_no(a))
            continue
        for code in a.codes:
            if code not in on_sheet and edition.get(code) is None:
                yield ctx.make.make("action-unknown-indicator", cell.sheet, cell.address, code, no=_no(a))


@rule
def duplicate_numbers(ctx: Context):
    first: dict[str, ActionResult] = {}
    for a in ctx.analysis.actions:
        key = action_key(a.no)
        if not key:
            continue
        other = first.setdefault(key, a)
        if other is not a:
            cell = a.row["no"]
            yield ctx.make.make("action-duplicate-number", cell.sheet, cell.address, a.no, other_row=other.row.row)
