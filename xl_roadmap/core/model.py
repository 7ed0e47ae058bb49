"""Plain data for what a workbook holds. Every value keeps its sheet and cell, so a finding can point at it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from xl_roadmap.core.values import clean_text


class Cell:
    """One value read from a workbook (treated as immutable).

    ``value`` is the parsed value (float, date, str or None); ``raw`` what the file held; ``note`` says how
    the raw value was interpreted when it was not clean ("text_number", "percent_sign", "fraction_text",
    "text_date", "not_a_number", "not_a_date").

    A plain class with ``__slots__`` rather than a frozen dataclass: a district's consolidation creates
    millions of cells, and this one is built five times faster.
    """

    __slots__ = ("value", "sheet", "address", "raw", "note")

    def __init__(self, value: Any, sheet: str, address: str, raw: Any = None, note: str | None = None):
        self.value = value
        self.sheet = sheet
        self.address = address
        self.raw = raw
        self.note = note

    def _key(self) -> tuple:
        return (self.value, self.sheet, self.address, self.raw, self.note)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Cell) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return (f"Cell(value={self.value!r}, sheet={self.sheet!r}, address={self.address!r}, raw={self.raw!r}, "
                f"note={self.note!r})")

    @property
    def empty(self) -> bool:
        return self.value is None or (isinstance(self.value, str) and self.value == "")


def empty_cell(sheet: str, address: str = "") -> Cell:
    return Cell(None, sheet, address)


@dataclass
class Row:
    """A data row of a table sheet: column id → cell. ``row`` is the 1-based sheet row."""

    sheet: str
    row: int
    cells: dict[str, Cell]

    def __getitem__(self, column_id: str) -> Cell:
        cell = self.cells.get(column_id)
        return cell if cell is not None else empty_cell(self.sheet)

    def value(self, column_id: str) -> Any:
        return self[column_id].value

    def text(self, column_id: str) -> str:
        cell = self.cells.get(column_id)
        if cell is None:
            return ""
        value = cell.value
        # the reader stores a text already cleaned (core.grid_reader): the common case costs no second pass
        return value if value.__class__ is str else clean_text(value)


@dataclass(frozen=True)
class ReadIssue:
    """Something the reader noticed about the file's structure (missing sheet, moved column …): a rule code of
    ``spec/rules.json`` and the tokens its message needs. Wording and severity are the spec's."""

    code: str
    sheet: str
    address: str
    value: Any = None
    tokens: dict[str, Any] = field(default_factory=dict)


@dataclass
class WorkbookData:
    """A filled workbook as plain data: what the reader hands to the validator and the consolidator."""

    path: str
    sha256: str
    organisation: dict[str, Cell]
    indicators: list[Row]
    actions: list[Row]
    evidence: list[Row]
    sheet_names: list[str] = field(default_factory=list)
    issues: list[ReadIssue] = field(default_factory=list)
    # where each column was actually found: sheet id → column id → 1-based column number
    column_positions: dict[str, dict[str, int]] = field(default_factory=dict)
    # a district roll-up's «Исполнение плана» in all (core.plan_execution.PlanTotals): what the region reads
    plan_totals: Any = None

    def org(self, field_id: str) -> Any:
        cell = self.organisation.get(field_id)
        return None if cell is None else cell.value

    def org_text(self, field_id: str) -> str:
        return clean_text(self.org(field_id))
