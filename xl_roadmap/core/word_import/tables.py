"""Which tables of a document are read, and their data rows in order.

A document holds several tables (a passport, lists of projects, the roadmap, the indicators). A table is
read when its header names a roadmap (action and deadline) or an indicator list; a table without a header
of the same width right after a read one continues it (a page break in a converted document), and so does
a table repeating the same header. Everything else is skipped and reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from xl_roadmap.core.document import MERGED_LEFT, DocTable, DocumentText
from xl_roadmap.core.word_import.layout import ROADMAP, Layout, find_layout
from xl_roadmap.core.word_import.ocr import listed
from xl_roadmap.core.word_import.plan import Place, Repair
from xl_roadmap.core.word_import.text import has_markup, without_markup
from xl_roadmap.spec import WordImportSpec

_ROLE_NAMES = {"responsible": "Ответственный"}


@dataclass
class SourceRow:
    place: Place
    cells: list[str]                 # text per grid column, markup removed
    spans: list[bool]                # True where the cell is a copy of the merged cell to its left
    ocr: dict[int, list[str]] = field(default_factory=dict)   # OCR damage repaired, by grid column


@dataclass
class TableGroup:
    """One logical table: a read table and the tables that continue it."""

    layout: Layout
    tables: list[int]                               # 1-based
    rows: list[SourceRow] = field(default_factory=list)


@dataclass
class Found:
    groups: list[TableGroup]
    repairs: list[Repair]
    near_misses: list[str]       # «таблица 2: есть «Мероприятие», нет «Срок»» — for the refusal message


def read_tables(document: DocumentText, words: WordImportSpec,
                ocr_fixes: dict[tuple[int, int, int], list[str]] | None = None) -> Found:
    """``ocr_fixes``: what ``ocr.repair_document`` repaired, by (table, row, column), to be reported where
    the text goes."""
    fixes = ocr_fixes or {}
    groups: list[TableGroup] = []
    repairs: list[Repair] = []
    near: list[str] = []
    current: TableGroup | None = None
    for table in document.tables:
        number = table.index + 1
        layout = find_layout(table, words)
        if layout is not None and layout.kind is not None:
            if current is not None and layout.kind == ROADMAP and layout.roles() == current.layout.roles() \
                    and len(table.rows[0]) == len(current.layout.columns):
                repairs.append(Repair("table-joined", f"таблица {number}", words.message(
                    "table-joined", table=number, previous=current.tables[0])))
                current.tables.append(number)
            else:
                current = TableGroup(layout=layout, tables=[number])
                groups.append(current)
                for col in layout.columns:
                    if col.guessed:
                        repairs.append(Repair("column-guessed", f"таблица {number}", words.message(
                            "column-guessed", column=col.index + 1, role=_ROLE_NAMES.get(col.role, col.role))))
            _header_fixes(table, layout.first_data_row, fixes, words, repairs)
            _add_rows(current, table, layout.first_data_row, words, repairs, fixes)
        elif layout is None and current is not None and table.width == len(current.layout.columns) and table.rows:
            repairs.append(Repair("table-joined", f"таблица {number}", words.message(
                "table-joined", table=number, previous=current.tables[0])))
            current.tables.append(number)
            _add_rows(current, table, 0, words, repairs, fixes)
        else:
            current = None
            header = " | ".join(dict.fromkeys(c.text.replace("\n", " ") for c in (table.rows[0] if table.rows else ())
                                              if c.text))[:160]
            if layout is not None:
                roles = {c.role for c in layout.columns}
                if "action" in roles and "deadline" not in roles:
                    near.append(f"в таблице {number} есть столбец мероприятий, но нет столбца «Срок»")
            repairs.append(Repair("table-skipped", f"таблица {number}", words.message(
                "table-skipped", table=number, rows=len(table.rows), header=f"«{header}»" if header else "пустая")))
    return Found(groups=groups, repairs=repairs, near_misses=near)


def _column_numbers(row) -> bool:
    """The row official forms put under a header: «1 | 2 | 3 | 4 …», the columns' own numbers."""
    own = [c.text.strip().rstrip(".") for c in row if c.merged is None and c.text.strip()]
    return len(own) >= 3 and own == [str(i) for i in range(1, len(own) + 1)]


def _header_fixes(table: DocTable, end: int, fixes, words: WordImportSpec, repairs: list[Repair]) -> None:
    found = [f for r in range(end) for c in range(table.width) for f in fixes.get((table.index, r, c), ())]
    if found:
        repairs.append(Repair("ocr-repaired", f"таблица {table.index + 1}, шапка", words.message(
            "ocr-repaired", fixes=listed(found))))


def _add_rows(group: TableGroup, table: DocTable, start: int, words: WordImportSpec, repairs: list[Repair],
              fixes) -> None:
    header = set(group.layout.header_texts)
    for r in range(start, len(table.rows)):
        row = table.rows[r]
        place = Place(table.index + 1, r + 1)
        texts = tuple(c.text for c in row)
        if texts in header:
            repairs.append(Repair("header-repeated", str(place), words.message("header-repeated")))
            continue
        if _column_numbers(row):
            repairs.append(Repair("column-numbers", str(place), words.message("column-numbers")))
            continue
        cells = []
        for c in row:
            text = c.text
            tag = has_markup(text)
            if tag:
                text = without_markup(text)
            if tag and c.merged is None:   # a merged cell's copies are the same text: reported once
                repairs.append(Repair("markup-removed", str(place), words.message("markup-removed", tag=tag)))
            cells.append(text.strip())
        group.rows.append(SourceRow(place, cells, [c.merged == MERGED_LEFT for c in row],
                                    {c: fixes[(table.index, r, c)] for c in range(len(row))
                                     if (table.index, r, c) in fixes}))
