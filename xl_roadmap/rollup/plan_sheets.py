"""«Исполнение плана» laid out as the spec declares it (workbook.json rollup.sheets): a district's — its plan
against its schools' books (rollup.plan) — or the region's, a row per district; and their «Происхождение» rows."""

from __future__ import annotations

from typing import Any

from xl_roadmap.core.addresses import address, split_address
from xl_roadmap.core.content import EXTRA_FIRST_ROW, Colour, ExtraSheet
from xl_roadmap.core.plan_execution import COUNTED, PlanTotals
from xl_roadmap.rollup.blocks import org_label
from xl_roadmap.rollup.judging import text
from xl_roadmap.rollup.plan import share
from xl_roadmap.rollup.sheets import _extra
from xl_roadmap.rollup.submission import Submission
from xl_roadmap.rollup.traces import span_rows, spans
from xl_roadmap.spec.vocabulary import (
    ActionStatus,
    DeadlineState,
    PlanStatus,
    RollupSheet,
)

# a school's cell on «Исполнение плана» → its colour (io.xlsx.book.Formats); «не начато» stays uncoloured
PLAN_COLOURS = ((ActionStatus.DONE, "good"), (ActionStatus.IN_PROGRESS, "pending"), (DeadlineState.OVERDUE, "bad"),
                (PlanStatus.ABSENT, "absent"), (ActionStatus.CANCELLED, "muted"), (ActionStatus.POSTPONED, "moved"))
# a count column above zero → its colour
PLAN_COUNT_COLOURS = {"done": "good", "overdue": "bad", "absent": "absent"}
SCHOOL_WIDTH = 12
# up to this many schools the sheet prints one page wide; more, and it prints pages across, each with the
# plan's number and text (print titles): squeezed onto one width, 40 schools' statuses are unreadable
FIT_SCHOOLS = 15
# … and printed across, the first page holds the plan's columns and this many schools: the scale that fits them
# gives each later page the plan's number and text and about ten schools
ACROSS_FIRST = 3
# the schools' own actions, listed under the plan: what each of its first columns shows (its widths are the
# plan's: school code under «№ по плану», text under «Мероприятие», deadline under «Срок», the number under
# «Уровень», the status under the first count)
OWN_COLUMNS = ("school", "action", "deadline", "no", "status")
SHARE_FORMAT = "0%"


def _school_header(sub: Submission) -> str:
    """A school's column: its code; a book the roll-up did not take says so (its statuses are shown all the same)."""
    code = sub.code or sub.name
    return code if sub.accepted else text("plan_school_header", code=code, status=sub.status)


def _own_first(n_plan: int) -> int:
    """The first data row of the own actions' list: after the plan, its totals (COUNTED, the share, «свои»),
    a blank row, the list's heading and its headers."""
    return n_plan + len(COUNTED) + 2 + 3


def plan_sheet(c) -> ExtraSheet:
    """«Исполнение плана» of a district: a row per action of the plan, a column per school; its counts per row
    (to the left of the schools, where a long row of schools does not push them off screen; they add up to the
    schools), totals rows per school under the plan with each count's share of all pairs (action × school),
    then the schools' own actions in a short list of their own (school, text, deadline, number, status)."""
    sheet = c.spec.rollup_sheet(RollupSheet.PLAN)
    ex = c.plan
    n = len(ex.schools)
    rows: list[list[Any]] = []
    for i, a in enumerate(ex.plan.actions):
        rows.append(sheet.row({"no": a.no, "action": a.action, "deadline": a.deadline, "level": a.level,
                               **ex.row_counts(i)}) + ex.cells[i])
    n_plan = len(rows)
    per_school = [ex.school_counts(j) for j in range(n)]
    sums = {}
    for count in COUNTED:
        column = [counts[count] for counts in per_school]
        sums[count] = sum(column)
        rows.append(sheet.row({"no": text(f"plan_code_{count}"), "action": text(f"plan_name_{count}"),
                               count: sums[count]}) + column)
    pairs = n_plan * n
    rows.append(sheet.row({"no": text("plan_code_share"),
                           "action": text("plan_name_share", actions=n_plan, schools=n, pairs=pairs),
                           **{count: share(sums[count], pairs) for count in COUNTED}}))
    rows.append(sheet.row({"no": text("plan_code_own"), "action": text("plan_name_own")}) + [len(o) for o in ex.own])
    styled: dict[int, str] = {}
    if any(ex.own):
        rows.append([])
        styled[len(rows)] = "title"
        rows.append([text("plan_own_heading")])
        styled[len(rows)] = "header"
        rows.append([text(f"plan_own_{k}") for k in OWN_COLUMNS])
        for sub, own in zip(ex.schools, ex.own):
            for line in own:
                values = {"school": sub.code or sub.name, "action": line.action, "deadline": line.deadline,
                          "no": line.no, "status": line.status}
                rows.append([values[k] for k in OWN_COLUMNS])
    fixed = len(sheet.columns)
    schools = (fixed, fixed + n - 1)
    colours = [Colour(style, (0, n_plan - 1), schools, word) for word, style in PLAN_COLOURS]
    if any(ex.own):
        status = (OWN_COLUMNS.index("status"),) * 2
        colours += [Colour(style, (_own_first(n_plan), len(rows) - 1), status, word) for word, style in PLAN_COLOURS]
    colours += [Colour(style, (0, n_plan - 1), (sheet.index(count),) * 2) for count, style in PLAN_COUNT_COLOURS.items()]
    repeat = sheet.index("action") + 1
    width = fixed + n if n <= FIT_SCHOOLS else fixed + ACROSS_FIRST
    blocks = ((0, _own_first(n_plan) - 4, fixed + n - 1),) + \
        (((_own_first(n_plan) - 2, len(rows) - 1, len(OWN_COLUMNS) - 1),) if any(ex.own) else ())
    return ExtraSheet(name=sheet.name, title=sheet.title.format(as_of=f"{c.as_of:%d.%m.%Y}", source=ex.plan.label),
                      headers=sheet.headers + [_school_header(s) for s in ex.schools],
                      widths=sheet.widths + [SCHOOL_WIDTH] * n, rows=rows,
                      number_formats={sheet.index(count): SHARE_FORMAT for count in COUNTED},
                      wrapped=(sheet.index("action"), sheet.index("deadline")), colours=tuple(colours),
                      frozen_columns=repeat, repeat_columns=repeat, filtered_rows=n_plan, styled_rows=styled,
                      title_span=repeat, print_width=width,
                      print_blocks=blocks if n > FIT_SCHOOLS else ())


def plan_traces(c):
    """«Происхождение» rows of a district's «Исполнение плана»: each school's statuses → its book's «Статус»
    cells (a school's column of them becomes a range where its rows lie in the plan's order), its own actions
    → their cells, and the plan's texts → the plan book's cells (--plan)."""
    sheet = c.spec.rollup_sheet(RollupSheet.PLAN)
    ex = c.plan
    fixed, n_plan = len(sheet.columns), len(ex.plan.actions)
    if ex.plan.file:
        cells = [(i, sheet.index(k), getattr(a, k), *split_address(addr))
                 for i, a in enumerate(ex.plan.actions) for k, addr in a.cells.items()]
        yield from span_rows(spans(cells), sheet.name, ex.plan.file, ex.plan.sheet, _plan_row)
    for j, sub in enumerate(ex.schools):
        by_sheet: dict[str, list] = {}
        for i, line in enumerate(row[j] for row in ex.lines):
            if line is not None and line.cell("status"):
                by_sheet.setdefault(line.sheet, []).append((i, fixed + j, line.status,
                                                            *split_address(line.cell("status"))))
        for src_sheet, cells in by_sheet.items():
            yield from span_rows(spans(cells), sheet.name, sub.name, src_sheet, _plan_row)
    k = _own_first(n_plan)
    for sub, own in zip(ex.schools, ex.own):
        for line in own:
            cells = [(k, OWN_COLUMNS.index(cid), getattr(line, cid), *split_address(line.cell(cid)))
                     for cid in ("action", "deadline", "no", "status") if line.cell(cid)]
            yield from span_rows(spans(cells), sheet.name, sub.name, line.sheet, _plan_row)
            k += 1


def _plan_row(k: int) -> int:
    return EXTRA_FIRST_ROW + k


def plan_districts_sheet(c) -> ExtraSheet:
    """The region's «Исполнение плана»: a row per district, from its roll-up's sheet; shares of the pairs
    (plan action × school) done and overdue; totals over the accepted roll-ups and over all."""
    sheet = c.spec.rollup_sheet(RollupSheet.PLAN_DISTRICTS)
    rows, totals = [], []
    none = text("plan_district_none", sheet=c.spec.rollup_sheet(RollupSheet.PLAN).name)
    for sub, t in c.plan.districts:
        values: dict[str, Any] = {"org_code": sub.code, "org_name": org_label(sub), "book_status": sub.status}
        if t is None:
            values["note"] = none
        else:
            values.update(_district_counts([t]))
            values["note"] = "" if sub.accepted else text("coverage_not_accepted")
        rows.append(values)
        totals.append((sub.accepted, t))
    for label, picked in ((text("total_accepted"), [t for ok, t in totals if ok and t is not None]),
                          (text("total_all"), [t for _, t in totals if t is not None])):
        rows.append({"org_code": label, **_district_counts(picked)})
    shares = {sheet.index("done_share"): "0.0%", sheet.index("overdue_share"): "0.0%"}
    n = len(c.plan.districts)
    return _extra(sheet, [sheet.row(r) for r in rows], title=sheet.title.format(as_of=f"{c.as_of:%d.%m.%Y}"),
                  number_formats=shares, wrapped=(sheet.index("note"),),
                  colours=(Colour("bad", (0, n - 1), (sheet.index("overdue_share"),) * 2),
                           Colour("bad", (0, n - 1), (sheet.index("overdue"),) * 2)),
                  filtered_rows=n)


def _district_counts(picked: list[PlanTotals]) -> dict[str, Any]:
    """One district's counts and shares, or several districts' summed: the shares of all their pairs (plan action ×
    school) together — a district of many schools weighs more, as its pairs are more."""
    pairs = sum(t.actions * t.schools for t in picked)
    done, overdue = sum(t.counts["done"] for t in picked), sum(t.counts["overdue"] for t in picked)
    return {"actions": sum(t.actions for t in picked), "schools": sum(t.schools for t in picked), "done": done,
            "done_share": share(done, pairs), "overdue": overdue, "overdue_share": share(overdue, pairs)}


def plan_districts_traces(c):
    """«Происхождение» rows of the region's «Исполнение плана»: each district's done and overdue → the cell of its
    roll-up's «Исполнение плана» they were read from."""
    sheet = c.spec.rollup_sheet(RollupSheet.PLAN_DISTRICTS)
    for k, (sub, t) in enumerate(c.plan.districts):
        if t is None:
            continue
        for count in ("done", "overdue"):
            yield [sheet.name, address(EXTRA_FIRST_ROW + k, sheet.index(count)), t.counts[count], sub.name, t.sheet,
                   t.cells[count]]
