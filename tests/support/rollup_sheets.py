"""Reading a written roll-up back, as a district specialist would look at it."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from tests.support.district import REGISTER


def register_rows(path: Path) -> list[str]:
    """Every row of «Реестр» as one text (its cells joined), read back from the written roll-up."""
    ws = openpyxl.load_workbook(path, read_only=True)[REGISTER]
    return [" | ".join(str(v) for v in row if v is not None) for row in ws.iter_rows(values_only=True)]


def row_of(rows: list[str], file_name: str) -> str:
    found = [r for r in rows if file_name in r]
    assert len(found) == 1, rows
    return found[0]
