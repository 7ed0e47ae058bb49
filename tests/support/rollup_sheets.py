"""Reading a written roll-up back, as a district specialist would look at it."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from tests.support.district import REGISTER, SPEC
from xl_roadmap.core.content import EXTRA_FIRST_ROW


def register_rows(path: Path) -> list[str]:
    """Every row of «Реестр» as one text (its cells joined), read back from the written roll-up."""
    ws = openpyxl.load_workbook(path, read_only=True)[REGISTER]
    return [" | ".join(str(v) for v in row if v is not None) for row in ws.iter_rows(values_only=True)]


def row_of(rows: list[str], file_name: str) -> str:
    found = [r for r in rows if file_name in r]
    assert len(found) == 1, rows
    return found[0]


def rows_by_id(wb, sheet_id: str) -> list[dict]:
    """The data rows of a roll-up sheet (an openpyxl workbook) as dicts keyed by the spec's column ids."""
    sheet = SPEC.rollup_sheet(sheet_id)
    ids = [c.id for c in sheet.columns]
    return [dict(zip(ids, values)) for values in wb[sheet.name].iter_rows(min_row=EXTRA_FIRST_ROW, values_only=True)]


def sheet_values(path) -> dict[str, list]:
    """Every sheet's values as calamine reads them, by sheet name (to compare two roll-up files)."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    try:
        return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}
    finally:
        book.close()
