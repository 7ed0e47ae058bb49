"""A read workbook's values carried into a new book of the current template, cell by cell, with the place each
value goes to (``upgrade`` and ``next-period``).

A value is carried as the file held it (``Cell.raw``), not as the reader interpreted it: «13,5 %» typed as
text stays that text, so the new book says to the person exactly what the old one did. Formula columns are not
carried — the new book computes them — and neither are the locked «Сведения» fields, which the writer fills.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from xl_roadmap.core.addresses import address, col_letter
from xl_roadmap.core.model import Cell, Row, WorkbookData
from xl_roadmap.spec import Spec

TABLES = (("indicators", "indicators"), ("roadmap", "actions"), ("evidence", "evidence"))


@dataclass(frozen=True)
class Placed:
    """One carried value: where it was (sheet name and cell of the old book) and where it is in the new one."""

    sheet: str
    cell: str
    value: Any
    new_sheet: str
    new_cell: str

    @property
    def moved(self) -> bool:
        return (self.sheet, self.cell) != (self.new_sheet, self.new_cell)


@dataclass(frozen=True)
class Left:
    """A value of the old book that the new one does not hold (a person's own column, say), and why."""

    sheet: str
    cell: str
    value: Any
    why: str
    column: str = ""      # the header of a person's own column the value sat in


def carried(cell: Cell | None) -> Any:
    if cell is None:
        return None
    return cell.raw if cell.raw is not None else cell.value


def form_address(spec: Spec, field_id: str) -> str:
    form = spec.sheet("organisation")
    return f"{form.value_column}{form.first_row + [f.id for f in form.fields].index(field_id)}"


def carried_form(data: WorkbookData, spec: Spec, skip: Iterable[str] = ()) -> tuple[dict[str, Any], list[Placed]]:
    """The «Сведения» values the writer takes from content (locked fields are its own) and their places."""
    form, skip = spec.sheet("organisation"), set(skip)
    values: dict[str, Any] = {}
    placed: list[Placed] = []
    for fld in form.fields:
        cell = data.organisation.get(fld.id)
        if fld.locked or fld.id in skip or cell is None or _blank(carried(cell)):
            continue
        values[fld.id] = carried(cell)
        placed.append(Placed(cell.sheet, cell.address, values[fld.id], form.name, form_address(spec, fld.id)))
    return values, placed


def carried_rows(rows: Iterable[Row], sheet_id: str, spec: Spec,
                 skip: Iterable[str] = ()) -> tuple[list[dict[str, Any]], list[Placed]]:
    """Table rows as content (column id → value; formula columns left to the new book), packed from the first
    data row in their order, with each value's place."""
    sheet, skip = spec.sheet(sheet_id), set(skip)
    columns = [(c, col) for c, col in enumerate(sheet.columns) if col.formula is None and col.id not in skip]
    out: list[dict[str, Any]] = []
    placed: list[Placed] = []
    for i, row in enumerate(rows):
        values: dict[str, Any] = {}
        for c, col in columns:
            cell = row.cells.get(col.id)
            value = carried(cell)
            if _blank(value):
                continue
            values[col.id] = value
            placed.append(Placed(cell.sheet, cell.address, value, sheet.name,
                                 address(spec.first_data_row + i, c)))
        out.append(values)
    return out, placed


def own_columns(data: WorkbookData, grids, spec: Spec) -> list[Left]:
    """Values in columns the template does not have (a person may add columns to the right; the reader does not
    read them): the new book cannot hold them. Every row below the header is looked at, not only the rows the
    reader read — a note typed in a row whose template cells are empty would otherwise vanish unsaid."""
    left: list[Left] = []
    for sheet_id, attr in TABLES:
        rows: list[Row] = getattr(data, attr)
        positions = data.column_positions.get(sheet_id)
        name = rows[0].sheet if rows else _table_sheet(data, spec.sheet(sheet_id).name)
        if not positions or name is None:
            continue
        known = {p - 1 for p in positions.values()}
        grid = grids.grid(name)
        at = _header_index(grid, known)
        header = grid[at] if at is not None else []
        # the first data row (1-based) below the header where it was found: a row inserted above moves both
        first = (at if at is not None else spec.header_row - 1) + 1 + spec.first_data_row - spec.header_row
        read = {row.row for row in rows}
        for n in sorted(read | set(range(first, len(grid) + 1))):          # 1-based row numbers
            values = grid[n - 1] if n - 1 < len(grid) else []
            for c, v in enumerate(values):
                if c in known or _blank(v):
                    continue
                head = header[c] if c < len(header) and not _blank(header[c]) else col_letter(c)
                why = f"столбец «{head}» — его нет в шаблоне"
                if n not in read:
                    why += " (в строке нет данных шаблона)"
                left.append(Left(name, address(n, c), v, why, str(head)))
    return left


def _table_sheet(data: WorkbookData, name: str) -> str | None:
    """The sheet the reader took for the template's sheet ``name`` when it read no rows from it."""
    for issue in data.issues:
        if issue.code == "sheet-renamed" and issue.tokens.get("expected") == name:
            return issue.sheet
    return name if name in data.sheet_names else None


def _header_index(grid: list[list[Any]], known: set[int]) -> int | None:
    """The row whose cells in the template's columns are all filled: the header row (within the first rows)."""
    for i, row in enumerate(grid[:12]):
        if known and all(c < len(row) and not _blank(row[c]) for c in known):
            return i
    return None


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())
