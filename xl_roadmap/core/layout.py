"""Where things live in a workbook built from the spec: defined names, sheet references, formulas.

The writers ask this module, so no range or name is spelled twice.
"""

from __future__ import annotations

import re

from xl_roadmap.core.addresses import address
from xl_roadmap.spec import SheetSpec, Spec

_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


def quote_sheet(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def column_name(sheet_id: str, column_id: str) -> str:
    """Defined name of a table column's data range. Formulas use it instead of a fixed range, so a roll-up
    longer than the school template (its rows known only when written) is covered whole."""
    return f"col_{sheet_id}_{column_id}"


def list_name(list_id: str) -> str:
    return f"list_{list_id}"


CATALOGUE_TABLE = "cat_table"
CATALOGUE_CODES = "cat_codes"


def catalogue_column0(spec) -> int:
    """0-based column of the catalogue table on the hidden lists sheet (one blank column after the lists)."""
    return len(spec.lists) + 1


def field_name(field_id: str) -> str:
    """Defined name of a «Сведения» value cell."""
    return f"org_{field_id}"


def render_formula(spec: Spec, sheet: SheetSpec, formula: str, row1: int | None = None) -> str:
    """Expand the spec's placeholders: ``{col}`` this row's cell, ``{@sheet.col}`` a whole data column (its
    defined name),
    ``{lookup:field}`` a catalogue lookup by this row's code, ``{org_required_empty}`` the count of empty
    required «Сведения» fields."""

    def repl(m: re.Match) -> str:
        token = m.group(1)
        if token.startswith("@"):
            sheet_id, _, col_id = token[1:].partition(".")
            return column_name(sheet_id, col_id)
        if token.startswith("lookup:"):
            lists = spec.sheet("lists")
            idx = lists.catalogue_columns.index(token[7:]) + 1
            code = address(row1, sheet.column_index("code"))
            return f"VLOOKUP({code},{CATALOGUE_TABLE},{idx},FALSE)"
        if token == "org_required_empty":
            form = spec.sheet("organisation")
            parts = [
                f"(LEN({quote_sheet(form.name)}!${form.value_column}${form.first_row + i})=0)"
                for i, f in enumerate(form.fields) if f.required
            ]
            return "=" + "+".join(parts)
        return address(row1, sheet.column_index(token))

    return _PLACEHOLDER.sub(repl, formula)
