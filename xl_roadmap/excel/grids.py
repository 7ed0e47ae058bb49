"""An open xlwings book seen as named grids, the view the reader works on (core.grid_reader; files are seen
the same way by io.workbook_file.CalamineGrids)."""

from __future__ import annotations

from typing import Any


class XlwingsGrids:
    def __init__(self, book):
        self._book = book
        self.sheet_names = [s.name for s in book.sheets]

    def grid(self, name: str) -> list[list[Any]]:
        sheet = self._book.sheets[name]
        last = sheet.used_range.last_cell
        values = sheet.range((1, 1), (max(last.row, 1), max(last.column, 1))).options(ndim=2).value
        return [list(r) for r in values]

    def merged(self, name: str) -> list:
        # merged areas are not part of xlwings' portable API; the file-based reader reports them
        return []
