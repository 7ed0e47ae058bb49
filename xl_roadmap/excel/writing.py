"""Apply plain-data plans to an open xlwings book (the twin of io.report_copy for files)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from xl_roadmap.core.addresses import split_address
from xl_roadmap.rules.report_plan import ReportPlan

_FORMULA_START = ("=", "+", "-", "@")


def excel_value(value: Any) -> Any:
    """Text that Excel would take for a formula is written with the text prefix «'» (shown without it)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    return value


def _sheet(book, name: str, after=None):
    names = [s.name for s in book.sheets]
    if name in names:
        return book.sheets[name]
    return book.sheets.add(name, after=after or book.sheets[len(names) - 1])


def clear_old_highlights(book, plan: ReportPlan) -> None:
    """Cells coloured by the previous run and now fixed lose their colour."""
    names = [s.name for s in book.sheets]
    if plan.sheet_name not in names:
        return
    ws = book.sheets[plan.sheet_name]
    last = ws.used_range.last_cell.row
    if last < plan.first_row:
        return
    sheet_col, cell_col = plan.column("sheet"), plan.column("cell")
    old = [(row[sheet_col - 1], row[cell_col - 1]) for row in
           ws.range((plan.first_row, 1), (last, max(sheet_col, cell_col))).options(ndim=2).value]
    keep = {(h.sheet, h.cell) for h in plan.highlights}
    for sheet, cell in old:
        if sheet in names and cell and (sheet, cell) not in keep:
            try:
                split_address(str(cell))
            except ValueError:
                continue
            book.sheets[sheet][str(cell)].color = None


def apply_plan(book, plan: ReportPlan) -> None:
    for sheet, cell, value in plan.fills:
        book.sheets[sheet][cell].value = excel_value(value)
    for h in plan.highlights:
        book.sheets[h.sheet][h.cell].color = h.fill
    ws = _sheet(book, plan.sheet_name)
    last = max(ws.used_range.last_cell.row, plan.first_row)
    ws.range((plan.first_row - 1, 1), (last, len(plan.headers))).clear_contents()
    ws.range((1, 1)).value = plan.title
    ws.range((plan.first_row - 2, 1)).value = [plan.headers]
    ws.range((plan.first_row - 1, 1)).value = plan.summary
    if plan.rows:
        ws.range((plan.first_row, 1)).value = [[excel_value(v) for v in row] for row in plan.rows]
    for i, row in enumerate(plan.rows):
        target = plan.link_target(row)
        if target:
            sheet, cell = target
            ws.range((plan.first_row + i, plan.link_column)).add_hyperlink(
                f"#'{sheet}'!{cell}", text_to_display=str(cell), screen_tip=f"Перейти к {sheet}!{cell}")
    ws.activate()
