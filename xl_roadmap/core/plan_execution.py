"""What a district's plan became in a school's book, as «Исполнение плана» shows it (pure): each handed-down
action's status, the school's own actions, and — one level up — what a district roll-up's sheet says in all.

An action is the plan's when it carries the mark hand-down wrote (core.origin): the mark names its number in the
plan, whatever the school did to the number shown. Its status is the book's «Статус», except that an action the
deadline code judges overdue on the roll-up's date is «просрочено» — the very state «Проверить» reports
(core.analysis: ActionResult.state). A school that leaves «Статус» empty has not started the action.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from xl_roadmap.core import origin
from xl_roadmap.core.addresses import address
from xl_roadmap.core.formulas import action_key
from xl_roadmap.core.values import clean_text, display
from xl_roadmap.core.values import header_key as _norm
from xl_roadmap.spec import Spec
from xl_roadmap.spec.vocabulary import (
    ActionStatus,
    DeadlineState,
    PlanStatus,
    RollupSheet,
)

# the counts of «Исполнение плана» (its columns and totals rows) → the school's cell each one counts; OTHER counts
# every other word (postponed, cancelled, a status not from the list), so that a row's counts add up to its schools
OTHER = "other"
COUNTED = {"done": ActionStatus.DONE, "in_work": ActionStatus.IN_PROGRESS, "overdue": DeadlineState.OVERDUE,
           "not_started": ActionStatus.NOT_STARTED, OTHER: None, "absent": PlanStatus.ABSENT}
_COUNT_OF = {word: count for count, word in COUNTED.items() if word is not None}
# the counts every district sheet has had since the first one: a region reads a roll-up written before
# «не начато» and «перенесено, отменено» were counted
FIRST_COUNTED = ("done", "in_work", "overdue", "absent")
# the totals rows under the plan: their label in «№» (workbook.json → rollup_texts plan_code_<count>)
TOTALS = tuple(COUNTED) + ("own",)


def count_of(word: str) -> str:
    """The count a school's cell on «Исполнение плана» adds to."""
    return _COUNT_OF.get(word, OTHER)


def counts_of(words) -> dict[str, int]:
    """Each count of COUNTED over some cells (a row of the plan, a school's column): they add up to the cells."""
    out = dict.fromkeys(COUNTED, 0)
    for word in words:
        out[count_of(word)] += 1
    return out


# the cells a line keeps the address of (for «Происхождение»)
TRACED = ("no", "action", "deadline", "level", "status")


def plan_status(status: Any, state: str) -> str:
    """A school's cell for an action of its book: «просрочено» when the deadline code says so, else the status as
    written (lower case, as the list gives it); an empty status has not started."""
    if state == DeadlineState.OVERDUE:
        return DeadlineState.OVERDUE
    return clean_text(status).lower() or ActionStatus.NOT_STARTED


def plan_key(no: Any) -> str:
    """A plan number as compared: the mark's number and the plan book's, as evidence numbers are matched."""
    return action_key(display(no))


@dataclass(slots=True)
class BookAction:
    """One action row of a school's book as «Исполнение плана» needs it once the rows are dropped: the plan's
    number it carries (``plan_no``, "" for the school's own), what it shows and where (its sheet, and the cells
    of TRACED in that order, "" for a column the book lacks — a tuple: a district keeps thousands)."""
    plan_no: str
    no: str
    action: str
    deadline: str                 # as written (a date as ДД.ММ.ГГГГ)
    level: str
    status: str                   # the word of its cell (plan_status)
    kept: tuple[bool, bool]       # its text, its deadline: still as the plan gave them (from the mark)
    sheet: str
    cells: tuple[str, ...] = ()

    def cell(self, column_id: str) -> str:
        return self.cells[TRACED.index(column_id)] if self.cells else ""


def book_actions(actions) -> tuple[list[BookAction], list[BookAction]]:
    """A book's actions (core.analysis ActionResult: row, state) → the plan's (one per plan number: the first row
    that carries it) and the school's own (no mark, or a later copy of a marked row)."""
    plans: list[BookAction] = []
    own: list[BookAction] = []
    seen: set[str] = set()
    for act in actions:
        row = act.row
        if not row.text("action"):
            continue
        mark = origin.parse(row.value("origin"))
        key = plan_key(mark.plan_no) if mark is not None else ""
        line = BookAction(
            plan_no=mark.plan_no if mark is not None else "", no=str(display(row.value("no"))),
            action=row.text("action"), deadline=str(display(row.value("deadline"))), level=row.text("level"),
            status=plan_status(row.value("status"), act.state),
            kept=(mark is not None and mark.unchanged("action", row.value("action")),
                  mark is not None and mark.unchanged("deadline", row.value("deadline"))),
            sheet=row.sheet,
            cells=tuple((c.address or "") if (c := row.cells.get(k)) is not None else "" for k in TRACED))
        if mark is not None and key not in seen:
            seen.add(key)
            plans.append(line)
        else:
            line.plan_no = ""
            own.append(line)
    return plans, own


@dataclass(frozen=True)
class PlanTotals:
    """What a district roll-up's «Исполнение плана» says in all: its plan's actions, the schools in its columns,
    and how many pairs (action × school) are done, in work, overdue and absent — each read from its totals row,
    whose cell (``cells``) «Происхождение» names."""
    sheet: str
    actions: int
    schools: int
    counts: dict[str, int]
    cells: dict[str, str]


def _count(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0 or not float(value).is_integer():
        return None
    return int(value)


_HEADER_ROWS = 5


def read_totals(grid: list[list[Any]], sheet_name: str, spec: Spec) -> PlanTotals | None:
    """A district roll-up's «Исполнение плана» (a grid of values) → its totals; None when the sheet is not one
    (its headers are not the district's — the region's sheet of that name, or a sheet typed over) or its totals
    rows are not whole numbers. Its columns are found by their headers, not by place: a roll-up written before
    a count was added (FIRST_COUNTED only) reads as well; the counts it lacks are left out of ``counts``."""
    sheet = spec.rollup_sheet(RollupSheet.PLAN)
    found = _header(grid, {_norm(c.header): c.id for c in sheet.columns})
    if found is None:
        return None
    header, columns = found
    last_fixed = max(columns.values())
    schools = sum(1 for v in grid[header][last_fixed + 1:] if _norm(v))
    labels = {_norm(spec.rollup_text(f"plan_code_{count}")): count for count in TOTALS}
    no_col = columns["no"]
    actions, counts, cells = 0, {}, {}
    for r in range(header + 1, len(grid)):
        row = grid[r]
        label = labels.get(_norm(row[no_col])) if len(row) > no_col else None
        if label == "own":
            break                       # below: the schools' own actions
        if label is None and not counts:
            actions += 1 if any(_norm(v) for v in row[:last_fixed + 1]) else 0
        elif label in COUNTED and label in columns:
            col = columns[label]
            value = _count(row[col]) if len(row) > col else None
            if value is None:
                return None
            counts[label] = value
            cells[label] = address(r + 1, col)
    if not set(FIRST_COUNTED) <= set(counts):
        return None
    return PlanTotals(sheet=sheet_name, actions=actions, schools=schools, counts=counts, cells=cells)


def _header(grid: list[list[Any]], names: dict[str, str]) -> tuple[int, dict[str, int]] | None:
    """The header row among the first rows: the one naming the plan's number, its text and the counts every
    version of the sheet had; with the column of each header it names."""
    for r, row in enumerate(grid[:_HEADER_ROWS]):
        columns: dict[str, int] = {}
        for c, value in enumerate(row):
            column_id = names.get(_norm(value))
            if column_id is not None:
                columns.setdefault(column_id, c)
        if {"no", "action", *FIRST_COUNTED} <= set(columns):
            return r, columns
    return None
