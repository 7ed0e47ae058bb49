"""Data-driven cell rules: required, types and allowed values come from the spec's column declarations."""

from __future__ import annotations

from ..findings import display
from . import Context, rule

_TABLES = (("indicators", "indicators"), ("roadmap", "actions"), ("evidence", "evidence"))
# rules with their own, more precise wording for these required columns
_SPECIFIC_REQUIRED = {("roadmap", "deadline"), ("roadmap", "responsible")}


def _rows(ctx: Context):
    for sheet_id, attr in _TABLES:
        sheet = ctx.spec.sheet(sheet_id)
        for row in getattr(ctx.data, attr):
            yield sheet, row


@rule
def required_cells(ctx: Context):
    for sheet, row in _rows(ctx):
        for col in sheet.columns:
            if not col.required or (sheet.id, col.id) in _SPECIFIC_REQUIRED or col.id not in row.cells:
                continue
            cell = row[col.id]
            if cell.empty:
                yield ctx.make.make("required-empty", cell.sheet, cell.address, None, column=col.header,
                                    row=row.row)


@rule
def typed_cells(ctx: Context):
    for sheet, row in _rows(ctx):
        for col in sheet.columns:
            if not col.is_input or col.id not in row.cells:
                continue
            cell = row[col.id]
            if cell.note == "not_a_number":
                yield ctx.make.make("not-a-number", cell.sheet, cell.address, cell.raw, column=col.header)
            elif cell.note == "text_number":
                yield ctx.make.make("number-as-text", cell.sheet, cell.address, cell.raw, column=col.header,
                                    number=display(cell.value))
            elif cell.note == "percent_sign" and not _ratio_row(ctx, sheet.id, row):
                yield ctx.make.make("percent-sign", cell.sheet, cell.address, cell.raw, column=col.header,
                                    number=display(cell.value))
            elif cell.note == "not_a_date":
                yield ctx.make.make("not-a-date", cell.sheet, cell.address, cell.raw, column=col.header)
            elif cell.note == "text_date":
                yield ctx.make.make("date-as-text", cell.sheet, cell.address, cell.raw, column=col.header,
                                    date=display(cell.value))


def _ratio_row(ctx: Context, sheet_id: str, row) -> bool:
    """A "%" on a ratio indicator has its own rule (ratio-with-percent)."""
    if sheet_id != "indicators":
        return False
    entry = ctx.analysis.edition.get(row.text("code"))
    return entry is not None and entry.kind in ("ratio", "rate")


@rule
def allowed_values(ctx: Context):
    for sheet, row in _rows(ctx):
        for col in sheet.columns:
            if not col.list or col.list == "catalogue_codes" or col.id not in row.cells:
                continue
            cell = row[col.id]
            allowed = ctx.spec.lists[col.list]
            if not cell.empty and row.text(col.id).lower() not in {a.lower() for a in allowed}:
                yield ctx.make.make("value-not-in-list", cell.sheet, cell.address, cell.value, column=col.header,
                                    allowed=", ".join(f"«{a}»" for a in allowed))
