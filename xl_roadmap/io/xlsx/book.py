"""XlsxWriter building blocks shared by every way of writing: the locked workbook, the worksheet that keeps text
as text, the cell formats, and how one value is stored."""

from __future__ import annotations

import contextlib
import os
from datetime import date, datetime
from typing import Any

import xlsxwriter
from xlsxwriter.worksheet import CellStringTuple, Worksheet

from xl_roadmap.core.addresses import address
from xl_roadmap.io.xlsx import limits, package


class ProtectedWorkbook(xlsxwriter.Workbook):
    """A workbook whose structure is locked without a password: sheets cannot be renamed, deleted or unhidden.

    XlsxWriter has no API for <workbookProtection>; the element goes where the OOXML schema puts it (after
    <workbookPr>, before <bookViews>), written in the same pass as the rest of the file.
    """

    # a large workbook (constant-memory mode: a roll-up) has its parts deflated on every core (io.xlsx.package);
    # the others are zipped by XlsxWriter, so the committed templates stay byte-identical
    parallel_package = False

    def _write_book_views(self) -> None:
        self._xml_empty_tag("workbookProtection", [("lockStructure", "1")])
        super()._write_book_views()

    def add_worksheet(self, name=None, worksheet_class=None):
        ws = super().add_worksheet(name, worksheet_class)
        if isinstance(ws, LiteralTextWorksheet):
            # registered here, given an index only if a text «<r>…</r>» without a format ever needs it
            self.__dict__.setdefault("_run_format", self.add_format())
            ws.run_format = self._run_format
        return ws

    def _get_packager(self):
        if not self.parallel_package or self.in_memory:
            return super()._get_packager()
        self._collecting = package.CollectingPackager()
        return self._collecting

    def close(self) -> None:
        self._collecting = None
        try:
            super().close()
        except BaseException:
            if self._collecting is not None:        # the parts XlsxWriter had prepared go, unzipped
                package.remove_parts(self._collecting.parts)
            raise
        if self._collecting is not None:
            package.write_package(self.filename, self._collecting.parts)

    def abandon(self) -> None:
        """Give the workbook up unwritten: remove the temporary row files of constant-memory sheets instead of
        assembling them into a file that is dropped anyway (for a roll-up past a limit, hundreds of MB)."""
        if self.fileclosed:
            return
        self.fileclosed = True
        for ws in self.worksheets():
            fh, name = getattr(ws, "row_data_fh", None), getattr(ws, "row_data_filename", None)
            if fh is not None:
                fh.close()
            if name:
                with contextlib.suppress(OSError):
                    os.unlink(name)


class LiteralTextWorksheet(Worksheet):
    """A worksheet where every text is written as text.

    XlsxWriter copies a string that starts with "<r>" and ends with "</r>" into the file as raw rich-string
    XML, so such a text copied from a school's cell would inject markup — even a formula — into the roll-up.
    It is written as a two-run rich string instead: XlsxWriter escapes the runs, and every reader joins them
    back into the very same text.

    Every text passes here, so this is where a text too long for a cell is refused (io.xlsx.limits) instead of
    being cut by XlsxWriter; ``spec`` is the writer's, for the message. In constant-memory mode a text goes
    into the bounded shared-strings table when ``shared_strings`` is set (io.xlsx.shared_strings), instead of
    inline into every cell.
    """

    spec = None
    shared_strings = None
    run_format = None         # a workbook's plain format, for such a text written without one (ProtectedWorkbook)

    def _write_string(self, row, col, string, cell_format=None):
        if 2 * len(string) > limits.LIMITS.text:       # cheap first: a shorter text always fits
            limits.check_text(self.name, string, cell=address(row + 1, col), spec=self.spec)
        if string.startswith("<r>") and string.endswith("</r>"):
            run = cell_format if cell_format is not None else self.run_format
            return self._write_rich_string(row, col, string[:1], run, string[1:], cell_format or run)
        if self.shared_strings is not None and self.constant_memory:
            if self._check_dimensions(row, col):
                return -1
            index = self.shared_strings.index(string)
            if index is not None:
                if row > self.previous_row:
                    self._write_single_row(row)
                self.table[row][col] = CellStringTuple(index, cell_format)
                return 0
        return super()._write_string(row, col, string, cell_format)

    def _xml_formula_element(self, formula, result, attributes=()):
        # XlsxWriter leaves a formula whose result is "" untyped (no result: recalculate); every formula here
        # is written with its result (core.formulas), so "" is an empty text, typed as Excel saves it — the
        # book then needs no recalculation on load (writer.CALC_ENGINE_ID)
        if result == "" and not any(key == "t" for key, _ in attributes):
            attributes = [*attributes, ("t", "str")]
        super()._xml_formula_element(formula, result, attributes)

    def _write_cell(self, row, col, cell):
        # constant-memory mode writes every string cell inline; a numbered one is written as XlsxWriter's
        # normal mode writes a shared string (the only branch of _write_cell that looks at the mode)
        if self.constant_memory and cell.__class__ is CellStringTuple and isinstance(cell.string, int):
            self.constant_memory = False
            try:
                return super()._write_cell(row, col, cell)
            finally:
                self.constant_memory = True
        return super()._write_cell(row, col, cell)


# (font size, bold) of the formats whose texts wrap: what io.xlsx.text_fit measures a row's height by
FONT_SIZES = {"header": (10, True), "help": (8, False), "input_text": (10, False), "label": (10, True),
              "paragraph": (11, False), "plain_wrap": (10, False), "title_wrap": (13, True)}


class Formats:
    def __init__(self, wb: xlsxwriter.Workbook):
        base = {"font_name": "Calibri", "font_size": 10, "valign": "top"}
        self.title = wb.add_format({**base, "bold": True, "font_size": 13})
        self.title_wrap = wb.add_format({**base, "bold": True, "font_size": 13, "text_wrap": True})
        self.header = wb.add_format({**base, "bold": True, "text_wrap": True, "bg_color": "#DDEBF7", "border": 1})
        self.help = wb.add_format({**base, "italic": True, "font_color": "#595959", "text_wrap": True, "font_size": 8,
                                   "border": 1})
        self.input_text = wb.add_format({**base, "locked": False, "text_wrap": True, "border": 1,
                                         "num_format": "@"})
        self.input_general = wb.add_format({**base, "locked": False, "border": 1})
        self.input_date = wb.add_format({**base, "locked": False, "border": 1, "num_format": "DD.MM.YYYY"})
        self.formula = wb.add_format({**base, "bg_color": "#F2F2F2", "border": 1})
        self.formula_number = wb.add_format({**base, "bg_color": "#F2F2F2", "border": 1, "num_format": "0.0##"})
        self.python_fill = wb.add_format({**base, "locked": False, "bg_color": "#EDEDED", "border": 1,
                                          "font_color": "#404040"})
        self.python_date = wb.add_format({**base, "locked": False, "bg_color": "#EDEDED", "border": 1,
                                          "num_format": "DD.MM.YYYY"})
        self.locked_value = wb.add_format({**base, "bg_color": "#F2F2F2", "border": 1, "num_format": "@"})
        self.label = wb.add_format({**base, "bold": True, "text_wrap": True, "border": 1})
        self.paragraph = wb.add_format({**base, "text_wrap": True, "font_size": 11})
        self.plain = wb.add_format(base)
        self.plain_wrap = wb.add_format({**base, "text_wrap": True})
        self.hint = wb.add_format({**base, "italic": True, "font_color": "#595959", "font_size": 8})
        self.plain_date = wb.add_format({**base, "num_format": "DD.MM.YYYY"})
        self.link = wb.add_format({**base, "font_color": "blue", "underline": 1})
        self.missing = wb.add_format({"bg_color": "#FFC7CE"})
        self.bad = wb.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"})
        self.good = wb.add_format({"bg_color": "#C6EFCE", "font_color": "#006100"})
        self.overdue = wb.add_format({"bg_color": "#FCE4D6", "font_color": "#9C0006"})
        # the other statuses of «Исполнение плана»: in work, removed from the book, cancelled, postponed
        self.pending = wb.add_format({"bg_color": "#FFEB9C", "font_color": "#9C5700"})
        self.absent = wb.add_format({"bg_color": "#D9D9D9", "font_color": "#404040"})
        self.muted = wb.add_format({"font_color": "#808080", "italic": True})
        self.moved = wb.add_format({"bg_color": "#DDEBF7", "font_color": "#1F4E78"})


def write_value(ws, row0: int, col0: int, value: Any, fmt) -> None:
    """Typed write: text never becomes a formula or a hyperlink."""
    if value is None or value == "":
        ws.write_blank(row0, col0, None, fmt)
    elif isinstance(value, bool):
        ws.write_boolean(row0, col0, value, fmt)
    elif isinstance(value, (int, float)):
        ws.write_number(row0, col0, value, fmt)
    elif isinstance(value, (datetime, date)):
        ws.write_datetime(row0, col0, datetime(value.year, value.month, value.day), fmt)
    else:
        ws.write_string(row0, col0, str(value), fmt)


def cached(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
