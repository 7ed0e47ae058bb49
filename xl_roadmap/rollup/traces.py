"""Cell traces merged into ranges: «these roll-up cells came from those source cells».

A copied school row is one trace however many columns it has: the roll-up range «B12:H40» came from the
source range «B8:H36», cell for cell. One source cell copied down a column (the school's name from «Сведения»
into every row's «Исполнитель») is «I12:I40» ← «B5». A school's column of values laid out as a roll-up row (the
matrix) is «C12:AJ12» ← «I4:I37». The rule for the reader: the cells of both ranges, each read row by row,
correspond in that order; a single source cell goes into every cell of the range. At a thousand schools this turns ~900
«Происхождение» rows per school into a handful, and every value stays traceable to its file, sheet and cell.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import itemgetter
from typing import Any, Callable, Iterable

from xl_roadmap.core.addresses import col_letter

# a cell trace: (row, col0, value, source row, source col0) — rows as the caller counts them (a roll-up row
# number, or the index of a school's row within its block)
CellTrace = tuple[Any, int, Any, int, int]
_place = itemgetter(0, 1)


@dataclass
class Span:
    """A rectangle of roll-up cells and the same-shaped source rectangle (or one source cell for all)."""
    first_row: int
    last_row: int
    first_col: int
    last_col: int
    src_row: int
    src_col: int
    value: Any               # the value when the span is one cell
    filled: bool             # any cell of it holds a value (an all-empty span traces nothing)
    constant: bool | None = None   # True: every cell ← (src_row, src_col); False: shifted; None: one row yet
    down: bool = False       # one roll-up row whose source cells run down one source column

    @property
    def src_last_row(self) -> int:
        if self.down:
            return self.src_row + self.last_col - self.first_col
        return self.src_row if self.constant else self.src_row + self.last_row - self.first_row

    @property
    def src_last_col(self) -> int:
        return self.src_col if self.down else self.src_col + self.last_col - self.first_col

    @property
    def single(self) -> bool:
        return self.first_row == self.last_row and self.first_col == self.last_col


def _empty(value: Any) -> bool:
    return value is None or value == ""


def spans(cells: Iterable[CellTrace]) -> list[Span]:
    """Merge cell traces (any order) into spans: runs along a row whose source cells run along one source row
    (or down one source column), then runs stacked on consecutive rows whose source rows are consecutive too (or,
    one column wide, the same source cell). Empty cells may be passed: they let a span cover a gap, and an
    all-empty span is dropped."""
    runs: list[Span] = []
    for r, c, v, sr, sc in sorted(cells, key=_place):
        last = runs[-1] if runs else None
        if last is not None and last.first_row == r and c == last.last_col + 1:
            single = last.first_col == last.last_col
            along = not last.down and sr == last.src_row and sc == last.src_last_col + 1
            down = (last.down or single) and sc == last.src_col and sr == last.src_last_row + 1
            if along or down:
                last.down = down and not along
                last.last_col = c
                last.filled = last.filled or not _empty(v)
                continue
        runs.append(Span(r, r, c, c, sr, sc, v, not _empty(v)))
    out: list[Span] = []
    open_by_columns: dict[tuple[int, int], Span] = {}
    for run in runs:
        key = (run.first_col, run.last_col)
        span = open_by_columns.get(key)
        if span is not None and span.last_row == run.first_row - 1 and _stacks(span, run):
            span.last_row = run.first_row
            span.filled = span.filled or run.filled
            continue
        open_by_columns[key] = run
        out.append(run)
    return [s for s in out if s.filled]


def _stacks(span: Span, run: Span) -> bool:
    if span.down or run.down:
        return False
    shifted = run.src_col == span.src_col and run.src_row == span.src_last_row + 1
    same_cell = run.first_col == run.last_col and run.src_row == span.src_row and run.src_col == span.src_col
    if span.constant is None:
        if shifted or same_cell:
            span.constant = same_cell
            return True
        return False
    return same_cell if span.constant else shifted


def cells_text(first_row, last_row, first_col: int, last_col: int) -> str:
    """«B12» or «B12:H40» (rows may be the writer's row tokens)."""
    first = f"{col_letter(first_col)}{first_row}"
    if first_row == last_row and first_col == last_col:
        return first
    return f"{first}:{col_letter(last_col)}{last_row}"


def span_rows(spans_: Iterable[Span], sheet: str, file: str, src_sheet: str,
              row_of: Callable[[Any], Any] = lambda r: r) -> list[list]:
    """«Происхождение» rows: roll-up sheet, its cells, the value (of a one-cell span), file, source sheet, its
    cells; ``row_of`` turns the spans' rows into the roll-up's row numbers."""
    out = []
    for s in spans_:
        target = cells_text(row_of(s.first_row), row_of(s.last_row), s.first_col, s.last_col)
        source = cells_text(s.src_row, s.src_last_row, s.src_col, s.src_last_col)
        out.append([sheet, target, s.value if s.single else None, file, src_sheet, source])
    return out
