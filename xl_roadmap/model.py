"""Plain data for what a workbook holds. Every value keeps its sheet and cell, so a finding can point at it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Cell:
    """One value read from a workbook.

    ``value`` is the parsed value (float, date, str or None); ``raw`` what the file held; ``note`` says how
    the raw value was interpreted when it was not clean ("text_number", "percent_sign", "fraction_text",
    "text_date", "not_a_number", "not_a_date").
    """

    value: Any
    sheet: str
    address: str
    raw: Any = None
    note: str | None = None

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
        v = self[column_id].value
        if v is None:
            return ""
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        if isinstance(v, date):
            return v.strftime("%d.%m.%Y")
        return str(v).strip()


@dataclass(frozen=True)
class ReadIssue:
    """Something the reader noticed about the file's structure (missing sheet, moved column …)."""

    code: str
    sheet: str
    address: str
    value: Any
    message: str
    severity: str = "ошибка"


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

    def org(self, field_id: str) -> Any:
        cell = self.organisation.get(field_id)
        return None if cell is None else cell.value

    def org_text(self, field_id: str) -> str:
        v = self.org(field_id)
        if v is None:
            return ""
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        if isinstance(v, date):
            return v.strftime("%d.%m.%Y")
        return str(v).strip()
