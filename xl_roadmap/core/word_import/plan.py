"""What an import produced, as plain data: the workbook's content and every repair or guess made on the way."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Place:
    """Where a value came from: the document's table and row, both counted from 1 as a person counts."""

    table: int
    row: int

    def __str__(self) -> str:
        return f"таблица {self.table}, строка {self.row}"


@dataclass
class Repair:
    """One thing the import did that a person should check: ``target`` is (sheet id, 0-based index of the
    row in that sheet's content, column id) of the value it concerns, when there is one."""

    kind: str
    where: str
    what: str
    target: tuple[str, int, str] | None = None


@dataclass
class ImportedPlan:
    source: str
    organisation: dict[str, Any]
    actions: list[dict[str, Any]]
    indicators: list[dict[str, Any]]
    repairs: list[Repair] = field(default_factory=list)
    edition: str = ""
    tables: list[int] = field(default_factory=list)     # the document's tables that were read (1-based)
    written_rows: list[int] = field(default_factory=list)   # per indicator the document names: its row index
    action_places: list[str] = field(default_factory=list)  # per action: where it stands in the document

    @property
    def needs_review(self) -> bool:
        return bool(self.repairs)
