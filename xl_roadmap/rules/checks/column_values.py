"""Data-driven cell rules: required, types and allowed values come from the spec's column declarations."""

from __future__ import annotations

from xl_roadmap.core.values import display
from xl_roadmap.rules.registry import Context, rule
from xl_roadmap.spec.vocabulary import ActionStatus

_TABLES = (("indicators", "indicators"), ("roadmap", "actions"), ("evidence", "evidence"))


@rule
def required_cells(ctx: Context):
    """Rules with their own, more precise wording for a required column (action-no-deadline …) supersede this
    one on the same cell (spec/rules.json); an indicator's empty name is the catalogue's (indicators.py). An
    indicator's data period is not required: empty, it is the book's period, or no figures need none."""
    for sheet, columns, row in _rows_with(ctx, _required_columns):
        for col in columns:
            cell = row.cells.get(col.id)
            if cell is not None and cell.empty and not _named_by_catalogue(ctx, sheet.id, col.id, row) \
                    and not _closed_without_deadline(sheet.id, col.id, row):
                yield ctx.make.make("required-empty", cell.sheet, cell.address, None, column=col.header,
                                    row=row.row)


def _closed_without_deadline(sheet_id: str, column_id: str, row) -> bool:
    """A done or cancelled action owes no deadline (roadmap.deadline_present_and_parsed)."""
    return sheet_id == "roadmap" and column_id == "deadline" and row.text("status").lower() in ActionStatus.CLOSED


def _required_columns(sheet) -> list:
    return [c for c in sheet.columns if c.required]


def _named_by_catalogue(ctx: Context, sheet_id: str, column_id: str, row) -> bool:
    """An indicator chosen by its catalogue code (П5 from the list) and no name typed: the name is the
    catalogue's, not a gap."""
    if sheet_id != "indicators" or column_id != "name":
        return False
    code = row.text("code")
    return bool(code) and ctx.analysis.edition.resolve(code) is not None


def _input_columns(sheet) -> list:
    return [c for c in sheet.columns if c.is_input]


def _listed_columns(sheet) -> list:
    return [c for c in sheet.columns if c.list and c.list != "catalogue_codes"]


def _rows_with(ctx: Context, columns_of):
    """Each data row with the sheet's columns that a rule looks at (chosen once per sheet, not per row)."""
    for sheet_id, attr in _TABLES:
        sheet = ctx.spec.sheet(sheet_id)
        columns = columns_of(sheet)
        for row in getattr(ctx.data, attr):
            yield sheet, columns, row


@rule
def typed_cells(ctx: Context):
    for sheet, columns, row in _rows_with(ctx, _input_columns):
        cells = row.cells
        for col in columns:
            cell = cells.get(col.id)
            if cell is None or cell.note is None:
                continue
            if cell.note == "not_a_number":
                yield ctx.make.make("not-a-number", cell.sheet, cell.address, cell.raw, column=col.header)
            elif cell.note == "text_number":
                yield ctx.make.make("number-as-text", cell.sheet, cell.address, cell.raw, column=col.header,
                                    number=display(cell.value))
            elif cell.note == "percent_sign":         # on a ratio, ratio-with-percent supersedes it
                yield ctx.make.make("percent-sign", cell.sheet, cell.address, cell.raw, column=col.header,
                                    number=display(cell.value))
            elif cell.note == "not_a_date":
                yield ctx.make.make("not-a-date", cell.sheet, cell.address, cell.raw, column=col.header)
            elif cell.note == "text_date":
                yield ctx.make.make("date-as-text", cell.sheet, cell.address, cell.raw, column=col.header,
                                    date=display(cell.value))


@rule
def allowed_values(ctx: Context):
    allowed_lower: dict[str, frozenset] = {}
    for sheet, columns, row in _rows_with(ctx, _listed_columns):
        for col in columns:
            cell = row.cells.get(col.id)
            if cell is None or cell.empty:
                continue
            allowed = ctx.spec.lists[col.list]
            lowered = allowed_lower.get(col.list)
            if lowered is None:
                lowered = allowed_lower[col.list] = frozenset(a.lower() for a in allowed)
            if row.text(col.id).lower() not in lowered:
                yield ctx.make.make("value-not-in-list", cell.sheet, cell.address, cell.value, column=col.header,
                                    allowed=", ".join(f"«{a}»" for a in allowed))
