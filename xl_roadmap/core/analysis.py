"""What a workbook means, computed once: effective indicator values and each action's deadline state.

Validation and consolidation both start here, so the roll-up and the «Проверка» sheet never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from xl_roadmap.core import deadlines as dl
from xl_roadmap.core import indicators as ind
from xl_roadmap.core.formulas import action_key
from xl_roadmap.core.model import Cell, Row, WorkbookData
from xl_roadmap.core.values import parse_number, split_codes
from xl_roadmap.spec import Edition, Indicator, Spec
from xl_roadmap.spec.vocabulary import ActionStatus, OrgKind

# «Тип организации» of a roll-up → its level; any other kind is 0, a school
ROLLUP_LEVELS = {OrgKind.DISTRICT: 1, OrgKind.REGION: 2}


@dataclass
class IndicatorResult:
    row: Row
    code: str
    entry: Indicator | None
    numerator: float | None
    denominator: float | None
    computed: float | None        # from numerator/denominator, as the native formula does
    typed: float | None           # what the «Значение» cell holds (cached formula result or typed over)
    value: float | None           # the value we trust: computed, else typed
    norm: float | None
    status: str
    name: str = ""                # as typed, or the catalogue's when the cell is empty (П5 chosen from the list)
    # the data period the figures are of: as typed, else the book's reporting period (a school that leaves
    # «Период данных» empty reports for the period of its book); "" when neither is known
    period: str = ""
    period_from_book: bool = False
    blank: bool = False           # a code and no figures at all: the school has no data for it (not a fault)

    @property
    def kind(self) -> str | None:
        return self.entry.kind if self.entry else None

    @property
    def name_from_catalogue(self) -> bool:
        return self.entry is not None and not self.row.text("name")


@dataclass
class ActionResult:
    row: Row
    no: str
    codes: list[str]
    deadline: dl.Deadline
    done: bool
    completion: date | None
    state: str                    # one of deadlines.STATUSES
    evidence_count: int


@dataclass
class Analysis:
    data: WorkbookData
    spec: Spec
    edition: Edition
    edition_known: bool
    period: dl.Period | None
    as_of: date
    indicators: list[IndicatorResult] = field(default_factory=list)
    actions: list[ActionResult] = field(default_factory=list)

    @property
    def is_rollup(self) -> bool:
        return self.data.org_text("org_kind") in ROLLUP_LEVELS


def _number(cell: Cell) -> float | None:
    v = cell.value
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return float(v)
    return None


def _typed_value(cell: Cell) -> float | None:
    raw = cell.raw
    if raw is None or raw == "":
        return None
    value, _ = parse_number(raw)
    return value


FIGURE_COLUMNS = ("numerator", "denominator", "value", "rank")


def _no_figures(row: Row) -> bool:
    """Nothing typed in any figure cell (the «Значение» cell counts only when typed over its formula)."""
    for column_id in FIGURE_COLUMNS:
        cell = row.cells.get(column_id)
        if cell is not None and cell.raw not in (None, "") and not (column_id == "value" and cell.value is None):
            return False
    return True


def indicator_result(row: Row, edition: Edition, book_period: str = "") -> IndicatorResult:
    typed_code = row.text("code")
    entry = edition.resolve(typed_code) if typed_code else None
    code = entry.code if entry else typed_code      # «п1» counts as П1 (a note asks to pick it from the list)
    num, den = _number(row["numerator"]), _number(row["denominator"])
    computed = ind.compute_value(entry.kind, entry.multiplier, num, den) if entry else None
    typed = _typed_value(row["value"])
    value = computed if computed is not None else typed
    norm = _number(row["norm"])
    direction = entry.direction if entry else None
    typed_period = row.text("period")
    blank = num is None and den is None and typed is None and _no_figures(row)
    return IndicatorResult(row=row, code=code, entry=entry, numerator=num, denominator=den, computed=computed,
                           typed=typed, value=value, norm=norm, status=ind.status(value, norm, direction),
                           name=row.text("name") or (entry.name if entry else ""),
                           period=typed_period or book_period,
                           period_from_book=not typed_period and bool(book_period) and not blank, blank=blank)


def _catalogue_codes(codes: list[str], edition: Edition) -> list[str]:
    """An action's indicator codes as the catalogue writes them, so that «п18» links the action to П18."""
    return [entry.code if (entry := edition.resolve(c)) else c for c in codes]


def analyse(data: WorkbookData, spec: Spec, as_of: date) -> Analysis:
    edition_id = data.org_text("edition")
    edition_known = edition_id in spec.editions
    edition = spec.editions[edition_id] if edition_known else spec.edition()
    period = dl.parse_period(data.org_text("period"))
    result = Analysis(data=data, spec=spec, edition=edition, edition_known=edition_known, period=period, as_of=as_of)
    book_period = period.text if period else ""
    result.indicators = [indicator_result(r, edition, book_period) for r in data.indicators]
    evidence_by_action: dict[str, int] = {}
    for e in data.evidence:
        key = action_key(e.value("action_no"))
        if key:
            evidence_by_action[key] = evidence_by_action.get(key, 0) + 1
    for r in data.actions:
        no = r.text("no")
        raw_deadline = r.value("deadline")
        deadline = dl.parse_deadline(raw_deadline, period)
        status_text = r.text("status").lower()
        done = status_text == ActionStatus.DONE
        completion = r.value("completion_date") if isinstance(r.value("completion_date"), date) else None
        # a cancelled action is closed: its deadline can no longer be missed
        state = dl.deadline_status(deadline, done or status_text == ActionStatus.CANCELLED, as_of, completion)
        result.actions.append(ActionResult(
            row=r, no=no, codes=_catalogue_codes(split_codes(r.text("codes")), edition), deadline=deadline,
            done=done, completion=completion, state=state,
            evidence_count=evidence_by_action.get(action_key(no), 0) if no else 0))
    return result
