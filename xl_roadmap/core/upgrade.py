"""A workbook of an older template version → the content of the same book in the current template: every value
carried (``core.carry``), with the list of what moved, what the new template adds and what it cannot hold.

Sheets the template does not have (the «Импорт» list of a Word import, a person's own sheet) are carried as
values: a title in A1 and a header row stay where they were, anything else moves down two rows (listed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from xl_roadmap.core.addresses import address, col_letter
from xl_roadmap.core.carry import TABLES, Left, Placed, carried_form, carried_rows, form_address, own_columns
from xl_roadmap.core.content import EXTRA_FIRST_ROW, ExtraSheet, WorkbookContent
from xl_roadmap.core.model import WorkbookData
from xl_roadmap.spec import Spec

EXTRA_WIDTH = 16


@dataclass(frozen=True)
class Added:
    """A field or column the current template has and the book's version had not."""

    sheet: str
    label: str
    place: str        # «B18» for a field, «столбец O» for a column
    since: str


@dataclass
class Upgrade:
    content: WorkbookContent
    placed: list[Placed] = field(default_factory=list)
    added: list[Added] = field(default_factory=list)
    left: list[Left] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)     # the book's own sheets, carried as values

    @property
    def moved(self) -> list[Placed]:
        return [p for p in self.placed if p.moved]


def version_tuple(text: Any) -> tuple[int, ...] | None:
    try:
        return tuple(int(p) for p in str(text).strip().split("."))
    except ValueError:
        return None


def added_since(spec: Spec, version: tuple[int, ...]) -> list[Added]:
    """What the current template has beyond ``version`` (the spec's ``since``)."""
    out: list[Added] = []
    form = spec.sheet("organisation")
    for fld in form.fields:
        if fld.since and version_tuple(fld.since) > version:
            out.append(Added(form.name, fld.label, form_address(spec, fld.id), fld.since))
    for sheet_id, _ in TABLES:
        sheet = spec.sheet(sheet_id)
        for c, col in enumerate(sheet.columns):
            if col.since and version_tuple(col.since) > version:
                out.append(Added(sheet.name, col.header, f"столбец {col_letter(c)}", col.since))
    return out


def upgraded(data: WorkbookData, grids, version: tuple[int, ...], spec: Spec) -> Upgrade:
    organisation, placed = carried_form(data, spec)
    content = WorkbookContent(organisation=organisation)
    for sheet_id, attr in TABLES:
        rows, where = carried_rows(getattr(data, attr), sheet_id, spec)
        setattr(content, attr, rows)
        placed += where
    result = Upgrade(content=content, placed=placed, added=added_since(spec, version),
                     left=own_columns(data, grids, spec))
    for name in own_sheets(data, spec):
        extra, where = extra_sheet(name, grids.grid(name))
        content.extra_sheets.append(extra)
        result.placed += where
        result.sheets.append(name)
    return result


def own_sheets(data: WorkbookData, spec: Spec) -> list[str]:
    """The book's sheets that are not the template's (found under their names or renamed, as the reader found
    them)."""
    template = {s.name.lower() for s in spec.sheets}
    renamed = {str(i.value) for i in data.issues if i.code == "sheet-renamed"}
    return [n for n in data.sheet_names if n.strip().lower() not in template and n not in renamed]


def extra_sheet(name: str, grid: list[list[Any]]) -> tuple[ExtraSheet, list[Placed]]:
    """A sheet's values as an extra sheet of the writer: title row, header row, data rows."""
    grid = _trimmed(grid)
    first, second = (grid[0] if grid else []), (grid[1] if len(grid) > 1 else [])
    laid_out = all(_blank(v) for v in first[1:]) and all(_blank(v) or isinstance(v, str) for v in second)
    placed: list[Placed] = []
    if laid_out:
        title = first[0] if first and not _blank(first[0]) else ""
        headers = [v if isinstance(v, str) else "" for v in second]
        rows, shift = grid[2:], 0
        if title:
            placed.append(Placed(name, "A1", title, name, "A1"))
        placed += [Placed(name, address(2, c), v, name, address(2, c)) for c, v in enumerate(headers) if v]
        title = str(title)
    else:
        title, headers, rows, shift = "", [], grid, EXTRA_FIRST_ROW - 1
    start = 1 + (EXTRA_FIRST_ROW - 1 if laid_out else 0)
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if not _blank(v):
                placed.append(Placed(name, address(start + r, c), v, name, address(start + r + shift, c)))
    extra = ExtraSheet(name=name, title=title, headers=headers, widths=[EXTRA_WIDTH] * len(headers),
                       rows=[[None if _blank(v) else v for v in row] for row in rows])
    return extra, placed


def _trimmed(grid: list[list[Any]]) -> list[list[Any]]:
    rows = [list(r) for r in grid]
    while rows and all(_blank(v) for v in rows[-1]):
        rows.pop()
    return rows


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())
