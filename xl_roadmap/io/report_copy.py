"""``validate --report``: a new workbook = a copy of the input + the «Проверка» sheet + highlighted cells.

The input is opened read-only by openpyxl and the copy is written beside the target atomically, so the
input's bytes never change. Every text is written as a string cell: a value such as "=HYPERLINK(…)" copied
from a school's workbook can never become a formula here. openpyxl cuts a text past Excel's 32,767 characters
without a word (and fails in English past the last row), so the limits are checked here (io.xlsx.limits).
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink

from xl_roadmap.core.layout import quote_sheet
from xl_roadmap.io.atomic import OutputError, atomic_output
from xl_roadmap.io.container import WORKBOOK_LIMITS, check_inflation
from xl_roadmap.io.read_error import ReadError
from xl_roadmap.io.workbook_file import REPORT_COPY_MARK
from xl_roadmap.io.xlsx import limits, text_fit
from xl_roadmap.rules.report_plan import ReportPlan

DATE_FORMAT = "DD.MM.YYYY"
FONT_SIZE = 11            # the book's default font (Calibri 11): the «Проверка» rows are written in it

# A font's properties in the order of the schema's sequence (CT_Font as the Open XML SDK validates it, and as
# Excel writes it); openpyxl writes name, charset, family first, which the SDK refuses as unexpected elements.
_FONT_ORDER = ("b", "i", "strike", "condense", "extend", "outline", "shadow", "u", "vertAlign", "sz", "color",
               "name", "family", "charset", "scheme")
_FONT_LOCK = threading.Lock()


@contextlib.contextmanager
def _schema_font_order() -> Iterator[None]:
    """openpyxl serialises a Font's children in ``Font.__elements__`` order: the schema's, while a copy is saved."""
    with _FONT_LOCK:
        previous = Font.__elements__
        # a property a later openpyxl adds is kept, after the known ones
        Font.__elements__ = _FONT_ORDER + tuple(e for e in previous if e not in _FONT_ORDER)
        try:
            yield
        finally:
            Font.__elements__ = previous


def set_value(cell, value: Any) -> None:
    """Write a value the way a user typed it: text stays text even when it starts with "="."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, str) and 2 * len(value) > limits.LIMITS.text:
        limits.check_text(cell.parent.title, value, cell=cell.coordinate)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    elif isinstance(value, date):
        cell.number_format = DATE_FORMAT


def apply_plan(wb, plan: ReportPlan) -> None:
    """Apply a report plan to an openpyxl workbook in memory."""
    limits.check_sheet_names([plan.sheet_name])
    limits.check_rows(plan.sheet_name, plan.first_row + len(plan.rows) - 1)
    limits.check_columns(plan.sheet_name, len(plan.headers))       # every row has the sheet's columns
    for sheet_name, cell_ref, value in plan.fills:
        if sheet_name in wb.sheetnames:
            set_value(wb[sheet_name][cell_ref], value)
    for h in plan.highlights:
        if h.sheet in wb.sheetnames:
            colour = h.fill.lstrip("#")
            wb[h.sheet][h.cell].fill = PatternFill("solid", start_color=colour, end_color=colour)
    if plan.sheet_name in wb.sheetnames:
        ws = wb[plan.sheet_name]
        if ws.max_row >= plan.first_row - 1:
            ws.delete_rows(plan.first_row - 1, ws.max_row)
        for r in [r for r in ws.row_dimensions if r >= plan.first_row - 2]:
            del ws.row_dimensions[r]           # delete_rows leaves the heights of the rows it removed
    else:
        ws = wb.create_sheet(plan.sheet_name)
    widths = list(plan.sheet.widths or [])
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    wrapped = {plan.column(col_id) for col_id in plan.sheet.wrapped}
    set_value(ws.cell(1, 1), plan.title)
    ws.cell(1, 1).font = Font(name="Calibri", bold=True, size=12)
    for c, head in enumerate(plan.headers, start=1):
        set_value(ws.cell(plan.first_row - 2, c), head)
        ws.cell(plan.first_row - 2, c).font = Font(name="Calibri", bold=True, size=FONT_SIZE)
        ws.cell(plan.first_row - 2, c).alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[plan.first_row - 2].height = text_fit.row_height(
        text_fit.Text(h, w, FONT_SIZE, True) for h, w in zip(plan.headers, widths))
    set_value(ws.cell(plan.first_row - 1, 1), plan.summary)
    for i, row in enumerate(plan.rows):
        r = plan.first_row + i
        texts = []
        for c, value in enumerate(row, start=1):
            set_value(ws.cell(r, c), value)
            ws.cell(r, c).alignment = Alignment(wrap_text=c in wrapped, vertical="top")
            if c in wrapped and isinstance(value, str) and c <= len(widths):
                texts.append(text_fit.Text(value, widths[c - 1], FONT_SIZE))
        # no program refits a row on opening: as tall as its message, or the next finding covers it
        ws.row_dimensions[r].height = text_fit.row_height(texts)
        target = plan.link_target(row)
        if target:
            link_cell = ws.cell(r, plan.link_column)
            link_cell.hyperlink = Hyperlink(ref=link_cell.coordinate, location=f"{quote_sheet(target[0])}!{target[1]}",
                                            display=str(plan.value(row, "cell")))
            link_cell.font = Font(color="0563C1", underline="single")
    ws.print_area = f"A1:{get_column_letter(len(plan.headers))}{plan.first_row - 1 + len(plan.rows)}"
    for other in wb.worksheets:
        if other is not ws:
            _print_rows_in_use(other)
    wb.active = wb.sheetnames.index(plan.sheet_name)
    for other in wb.worksheets:
        other.sheet_view.tabSelected = other.title == plan.sheet_name


def _print_rows_in_use(ws) -> None:
    """A print area that ends above rows filled in since it was written (a template's is its table's head)
    grows over them: Excel never extends it by itself, and the copy is what gets printed."""
    match = re.search(r"\$?([A-Z]+)\$?(\d+)$", ws.print_area or "")
    if match is None:
        return
    last_col, last_row = column_index_from_string(match[1]), int(match[2])
    used = last_row
    for row in ws.iter_rows(min_row=last_row + 1, max_col=last_col):
        if any(c.value not in (None, "") and c.data_type != "f" for c in row):
            used = row[0].row
    if used > last_row:
        ws.print_area = f"{ws.print_area.rsplit('!', 1)[-1].split(':')[0]}:{match[1]}{used}"


def write_report_copy(source: Path, plan: ReportPlan, out: Path) -> Path:
    source, out = Path(source), Path(out)
    if out.resolve() == source.resolve():
        raise OutputError(f"Отчёт нельзя записать поверх проверяемого файла «{source}»: укажите другое имя.")
    keep_vba = source.suffix.lower() == ".xlsm" and out.suffix.lower() == ".xlsm"
    try:
        # openpyxl reads every member with ZipFile.read, which inflates up to a gigabyte before it stops at the
        # declared size; the reading before never inflated the members no reader needs (io.container)
        check_inflation(source, WORKBOOK_LIMITS)
    except ReadError as exc:
        raise OutputError(f"Копия книги «{source}» с отчётом проверки не записана: {exc.reason}") from None
    wb = openpyxl.load_workbook(source, keep_vba=keep_vba, rich_text=False)
    apply_plan(wb, plan)
    # a copy saved into the district's folder must not count as a second book of the school
    wb.properties.keywords = REPORT_COPY_MARK
    with atomic_output(out) as tmp, _schema_font_order():
        wb.save(tmp)
    return out
