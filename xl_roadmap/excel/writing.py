"""What the Excel door writes into an open book, as plain data: a list of :class:`Write`, made from the plans of
the use cases before a single cell changes (the twin of io.report_copy for files).

Nothing here touches the book except to read it; ``excel.guard`` performs the writes — all of them, or none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from xl_roadmap.core.addresses import address, col_letter, split_address
from xl_roadmap.rules.report_plan import ReportPlan
from xl_roadmap.spec.vocabulary import DeadlineState

_FORMULA_START = ("=", "+", "-", "@")

# the kinds of write, and what each asks of a protected sheet (excel.protection)
VALUE, CLEAR, COLOUR, LINK, ADD_SHEET, ACTIVATE = "value", "clear", "colour", "link", "add_sheet", "activate"

DEADLINE_COLOURS = {DeadlineState.OVERDUE: "#FFC7CE", DeadlineState.MISSING: "#FFEB9C",
                    DeadlineState.UNPARSED: "#FFEB9C"}


@dataclass(frozen=True)
class Write:
    kind: str
    sheet: str
    address: str = ""      # the top-left cell or a range; "" for the sheet itself
    value: Any = None      # VALUE: a value or rows; COLOUR: "#RRGGBB" or None (no fill); LINK: (target, text, tip)

    @property
    def span(self) -> str:
        """The cells the write changes: rows written from a cell cover the rectangle they fill."""
        if self.kind != VALUE or not isinstance(self.value, list) or ":" in self.address:
            return self.address
        row, col = split_address(self.address)
        height, width = len(self.value), max((len(r) for r in self.value), default=1)
        return f"{self.address}:{address(row + height - 1, col + width - 1)}"


def excel_value(value: Any) -> Any:
    """Text that Excel would take for a formula is written with the text prefix «'» (shown without it)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    return value


def _old_highlights(book, plan: ReportPlan, names: list[str]) -> list[tuple[str, str]]:
    """Cells coloured by the previous run (listed on the old «Проверка») that are now fixed."""
    if plan.sheet_name not in names:
        return []
    ws = book.sheets[plan.sheet_name]
    last = ws.used_range.last_cell.row
    if last < plan.first_row:
        return []
    sheet_col, cell_col = plan.column("sheet"), plan.column("cell")
    old = [(row[sheet_col - 1], row[cell_col - 1]) for row in
           ws.range((plan.first_row, 1), (last, max(sheet_col, cell_col))).options(ndim=2).value]
    keep = {(h.sheet, h.cell) for h in plan.highlights}
    out = []
    for sheet, cell in old:
        if sheet in names and cell and (sheet, cell) not in keep:
            try:
                split_address(str(cell))
            except ValueError:
                continue
            out.append((sheet, str(cell)))
    return out


def report_writes(book, plan: ReportPlan) -> list[Write]:
    """«Проверить»: Python-filled cells, colours (the fixed ones cleared), the «Проверка» sheet with its links."""
    names = [s.name for s in book.sheets]
    writes = [Write(COLOUR, sheet, cell, None) for sheet, cell in _old_highlights(book, plan, names)]
    writes += [Write(VALUE, sheet, cell, excel_value(value)) for sheet, cell, value in plan.fills]
    writes += [Write(COLOUR, h.sheet, h.cell, h.fill) for h in plan.highlights]
    name = plan.sheet_name
    if name in names:
        last = max(book.sheets[name].used_range.last_cell.row, plan.first_row)
    else:
        writes.append(Write(ADD_SHEET, name))
        last = plan.first_row
    writes.append(Write(CLEAR, name, f"A{plan.first_row - 1}:{col_letter(len(plan.headers) - 1)}{last}"))
    writes.append(Write(VALUE, name, "A1", plan.title))
    writes.append(Write(VALUE, name, f"A{plan.first_row - 2}", [list(plan.headers)]))
    writes.append(Write(VALUE, name, f"A{plan.first_row - 1}", plan.summary))
    if plan.rows:
        writes.append(Write(VALUE, name, f"A{plan.first_row}", [[excel_value(v) for v in row] for row in plan.rows]))
    for i, row in enumerate(plan.rows):
        target = plan.link_target(row)
        if target:
            sheet, cell = target
            writes.append(Write(LINK, name, address(plan.first_row + i, plan.link_column - 1),
                                (f"#'{sheet}'!{cell}", str(cell), f"Перейти к {sheet}!{cell}")))
    writes.append(Write(ACTIVATE, name))
    return writes


def deadline_writes(fills, states) -> list[Write]:
    """«Проверить сроки»: each deadline's parsed end and state, and its cell coloured by the state."""
    writes = [Write(VALUE, sheet, cell, excel_value(value)) for sheet, cell, value in fills]
    writes += [Write(COLOUR, sheet, cell, DEADLINE_COLOURS.get(state)) for sheet, cell, state in states]
    return writes
