"""Apply plain-data plans to an open xlwings book (the twin of io.report_copy for files)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from xl_roadmap.core.addresses import split_address
from xl_roadmap.core.content import WorkbookContent
from xl_roadmap.rules.report_plan import ReportPlan
from xl_roadmap.spec import Spec

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


def write_content(book, spec: Spec, content: WorkbookContent) -> None:
    """Write a roll-up's input columns and extra sheets into the open district workbook (formulas stay)."""
    form = spec.sheet("organisation")
    form_ws = book.sheets[form.name]
    for i, fld in enumerate(form.fields):
        value = content.organisation.get(fld.id)
        row = form.first_row + i
        if fld.since is not None:
            # a row a later template added (the coverage counts): written only where the book has it, and
            # emptied when unknown, so a count of an earlier «Свести» does not stay behind
            label = str(form_ws[f"{form.label_column}{row}"].value or "")
            if label.startswith(fld.label):
                form_ws[f"{form.value_column}{row}"].value = excel_value(value)
        elif value not in (None, "") and not fld.locked:
            form_ws[f"{form.value_column}{row}"].value = excel_value(value)
    tables = {"indicators": content.indicators, "roadmap": content.actions, "evidence": content.evidence}
    for sheet_id, rows in tables.items():
        sheet = spec.sheet(sheet_id)
        ws = book.sheets[sheet.name]
        last = max(ws.used_range.last_cell.row, spec.first_data_row)
        for c, col in enumerate(sheet.columns):
            if col.formula:
                continue
            ws.range((spec.first_data_row, c + 1), (last, c + 1)).clear_contents()
            if rows:
                ws.range((spec.first_data_row, c + 1)).value = [[excel_value(r.get(col.id))] for r in rows]
    for extra in content.extra_sheets:
        ws = _sheet(book, extra.name)
        ws.clear_contents()
        ws.range((1, 1)).value = extra.title
        if extra.headers:
            ws.range((2, 1)).value = [extra.headers]
        if extra.rows:
            ws.range((3, 1)).value = [[excel_value(v) for v in row] for row in extra.rows]
