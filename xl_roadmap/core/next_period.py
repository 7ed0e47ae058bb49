"""The next reporting period's book from this one, as content (``next-period``):

* «Сведения» carried; the period becomes the new one and the fields the spec marks ``per_period`` (the
  approving document, the date deadlines are judged on, the roll-up's folder and coverage counts) stay empty;
* unfinished actions (any status but «выполнено» and «отменено») carried with their numbers and values; a
  deadline that ends before the new period begins is moved into the comment («Срок прошлого периода (…): …»)
  and its cell left empty, so «Самопроверка» counts it and ``validate`` names each action to re-plan. A
  deadline that still means something in the new period («ежеквартально», «сентябрь», «в течение года»)
  stays;
* closed actions and their evidence are left out (the old book and the archive keep them), counted; the
  evidence's running «№» restarts at 1 (action numbers stay: the evidence names them);
* the indicators again, one row per code, numbered 1…n, for the new period with empty numerator and
  denominator; last period's value is written into the row's comment (a ``per_period`` column), so the
  template is unchanged — for a book's own indicator (not in the catalogue, so no value rule) its numerator and
  denominator.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from xl_roadmap.core import formulas
from xl_roadmap.core.addresses import col_letter
from xl_roadmap.core.carry import Placed, carried, carried_form, carried_rows
from xl_roadmap.core.content import WorkbookContent
from xl_roadmap.core.deadlines import Period, parse_deadline, parse_period
from xl_roadmap.core.model import Row, WorkbookData
from xl_roadmap.core.values import clean_text, display
from xl_roadmap.spec import Edition, Spec
from xl_roadmap.spec.vocabulary import ActionStatus



@dataclass(frozen=True)
class Replanned:
    no: str
    deadline: str        # as the old book showed it
    cell: str            # the old deadline cell
    comment_cell: str    # where the new book keeps it


@dataclass
class NextPeriod:
    content: WorkbookContent
    placed: list[Placed] = field(default_factory=list)
    carried: list[str] = field(default_factory=list)                 # numbers of the carried actions
    replanned: list[Replanned] = field(default_factory=list)
    closed: dict[str, list[str]] = field(default_factory=dict)       # status → numbers left out
    evidence_carried: int = 0
    evidence_left: int = 0                                           # documents of closed actions
    cleared: list[str] = field(default_factory=list)                 # labels of per-period fields emptied
    indicators: int = 0


def per_period(spec: Spec, sheet_id: str) -> set[str]:
    sheet = spec.sheet(sheet_id)
    items = sheet.fields if sheet.kind == "form" else sheet.columns
    return {x.id for x in items if x.per_period}


def next_period(data: WorkbookData, period: str, edition: Edition, spec: Spec) -> NextPeriod:
    new = parse_period(period)
    if new is None:
        raise ValueError(period)
    old_text = data.org_text("period")
    organisation, placed = carried_form(data, spec, skip=per_period(spec, "organisation") | {"period"})
    organisation["period"] = period
    out = NextPeriod(content=WorkbookContent(organisation=organisation), placed=placed)
    form = spec.sheet("organisation")
    out.cleared = [f.label for f in form.fields
                   if f.per_period and f.id in data.organisation and not data.organisation[f.id].empty]
    _actions(data, new, old_text, spec, out)
    _evidence(data, spec, out)
    out.content.indicators = _indicators(data.indicators, period, old_text, edition, spec)
    out.indicators = len(out.content.indicators)
    return out


def _actions(data: WorkbookData, new: Period, old_period: str, spec: Spec, out: NextPeriod) -> None:
    kept: list[Row] = []
    for row in data.actions:
        status = row.text("status").lower()      # «Выполнено» typed by hand is closed too, as the rules see it
        if status in ActionStatus.CLOSED:
            out.closed.setdefault(status, []).append(row.text("no"))
        else:
            kept.append(row)
    rows, placed = carried_rows(kept, "roadmap", spec, skip=per_period(spec, "roadmap"))
    sheet = spec.sheet("roadmap")
    comment_col = sheet.column_index("comment")
    for i, (row, values) in enumerate(zip(kept, rows)):
        out.carried.append(row.text("no"))
        cell = row["deadline"]
        if cell.empty or not _passed(cell.value, new):
            continue
        shown = display(cell.value) if not isinstance(cell.value, str) else cell.value
        note = spec.next_period["old_deadline"].format(period=old_period or "—", deadline=shown)
        values.pop("deadline", None)
        comment = clean_text(values.get("comment"))
        values["comment"] = f"{comment}; {note}" if comment else note
        new_cell = f"{col_letter(comment_col)}{spec.first_data_row + i}"
        # the deadline and the old comment are now in the new comment cell (listed as re-planned, not placed)
        gone = {(cell.sheet, cell.address), (row["comment"].sheet, row["comment"].address)}
        placed = [p for p in placed if (p.sheet, p.cell) not in gone]
        out.replanned.append(Replanned(row.text("no"), shown, cell.address, new_cell))
    out.content.actions = rows
    out.placed += placed


def _passed(deadline: Any, new: Period) -> bool:
    """Whether a deadline, read in the new period, ends before that period begins (so it must be re-planned);
    one without an end (not understood, bound to an event) is left as written."""
    d = parse_deadline(deadline, new)
    return d.end is not None and d.end < new.start


def _evidence(data: WorkbookData, spec: Spec, out: NextPeriod) -> None:
    carried_nos = {formulas.action_key(n) for n in out.carried}
    all_nos = {formulas.action_key(a.value("no")) for a in data.actions}
    kept = []
    for row in data.evidence:
        key = formulas.action_key(row.value("action_no"))
        # a document naming no action of the roadmap is carried: it is the person's to correct, not closed
        if key in carried_nos or key not in all_nos:
            kept.append(row)
        else:
            out.evidence_left += 1
    rows, placed = carried_rows(kept, "evidence", spec)
    # a running number, not a reference: 1…n again, so the old numbers are not «placed» in the new book
    old_nos = {(c.sheet, c.address) for c in (row.cells.get("no") for row in kept) if c is not None}
    placed = [p for p in placed if (p.sheet, p.cell) not in old_nos]
    for i, values in enumerate(rows, start=1):
        values["no"] = i
    out.content.evidence = rows
    out.evidence_carried = len(rows)
    out.placed += placed


def _indicators(rows: list[Row], period: str, old_period: str, edition: Edition,
                spec: Spec) -> list[dict[str, Any]]:
    """One row per indicator (by code, or by name for a book's own ones): the row of the book's period if there
    is one, else its last row."""
    chosen: dict[str, Row] = {}
    for row in rows:
        key = row.text("code") or row.text("name")
        if not key:
            continue
        current = chosen.get(key)
        if current is None or current.text("period") != old_period:
            chosen[key] = row       # a later row replaces an earlier one, unless that one is of the book's period
    skip = per_period(spec, "indicators")
    out = []
    for i, row in enumerate(chosen.values(), start=1):
        values = {k: carried(c) for k, c in row.cells.items()
                  if k not in skip and spec.sheet("indicators").column(k).formula is None
                  and carried(c) not in (None, "")}
        values["no"] = i            # a new list: the old rows' numbers would go on from last period's (18…34)
        values["period"] = period
        values["comment"] = last_value(row, old_period, edition, spec)
        out.append(values)
    return out


def last_value(row: Row, old_period: str, edition: Edition, spec: Spec) -> str:
    """«Прошлый период (2024-2025): значение 85,3 (числитель 120, знаменатель 141)», computed by the formulas'
    twin from the old row (its cached value is not trusted)."""
    words = spec.next_period
    period = row.text("period") or old_period or "—"
    if not row.text("code") or edition.get(row.text("code")) is None:
        return _own_last_value(row, period, words)
    values = {k: c.value for k, c in row.cells.items()}
    value = formulas.indicator_derived(values, edition)["value"]
    if value in (None, ""):
        return words["last_value_missing"].format(period=period)
    parts = ""
    if row.value("denominator") is not None:
        parts = words["last_value_parts"].format(numerator=display(row.value("numerator")),
                                                  denominator=display(row.value("denominator")))
    return words["last_value"].format(period=period, value=display(round(float(value), 3)), parts=parts)


def _own_last_value(row: Row, period: str, words: dict[str, str]) -> str:
    """A book's own indicator has no value rule in the catalogue (its «Значение» stays empty): what the school
    entered is what there is to keep."""
    numerator, denominator = row.value("numerator"), row.value("denominator")
    if numerator in (None, ""):
        return words["last_value_missing"].format(period=period)
    if denominator in (None, ""):
        return words["last_value_own_single"].format(period=period, numerator=display(numerator))
    return words["last_value_own"].format(period=period, numerator=display(numerator),
                                          denominator=display(denominator))
