"""Fill a generated template the way a person does in Excel: through openpyxl, cell by cell (tests only)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import openpyxl

from xl_roadmap.core.addresses import address
from xl_roadmap.spec import Spec


def set_typed(cell, value: Any) -> None:
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"          # what a person types stays text, even "=1+1"
    elif isinstance(value, date):
        cell.number_format = "DD.MM.YYYY"


def table_address(spec: Spec, sheet_id: str, index: int, column_id: str) -> str:
    return address(spec.first_data_row + index, spec.sheet(sheet_id).column_index(column_id))


def org_address(spec: Spec, field_id: str) -> str:
    form = spec.sheet("organisation")
    row = form.first_row + [f.id for f in form.fields].index(field_id)
    return f"{form.value_column}{row}"


def fill(template: Path, out: Path, spec: Spec, *, organisation: dict | None = None,
         indicators: list[dict] | None = None, actions: list[dict] | None = None,
         evidence: list[dict] | None = None) -> dict[tuple[str, int, str], str]:
    """Write the given rows (column id → value) and return (sheet id, index, column id) → address."""
    wb = openpyxl.load_workbook(template)
    where: dict[tuple[str, int, str], str] = {}
    form = spec.sheet("organisation")
    for field_id, value in (organisation or {}).items():
        addr = org_address(spec, field_id)
        set_typed(wb[form.name][addr], value)
        where[("organisation", 0, field_id)] = addr
    for sheet_id, rows in (("indicators", indicators), ("roadmap", actions), ("evidence", evidence)):
        ws = wb[spec.sheet(sheet_id).name]
        for i, row in enumerate(rows or []):
            for column_id, value in row.items():
                addr = table_address(spec, sheet_id, i, column_id)
                set_typed(ws[addr], value)
                where[(sheet_id, i, column_id)] = addr
    wb.save(out)
    return where
