"""A workbook as literal rows in memory, laid out as the template lays it out — what the reader sees of a file
or an open book (``sheet_names``, ``grid(name)``, ``merged(name)``), without writing an .xlsx. Rules,
analysis, aggregation and judging are unit-tested through it (frictionless/pyxform style: literal rows in,
findings out)."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from xl_roadmap.core.content import WorkbookContent
from xl_roadmap.core.grid_reader import GridReader
from xl_roadmap.core.model import WorkbookData
from xl_roadmap.rules.validation import FileReport, validate_data
from xl_roadmap.spec import Spec

from tests.support.district import AS_OF, SPEC


class LiteralGrids:
    def __init__(self, sheets: dict[str, list[list[Any]]], merged: dict[str, list] | None = None):
        self.sheets = sheets
        self.sheet_names = list(sheets)
        self._merged = merged or {}

    def grid(self, name: str) -> list[list[Any]]:
        return self.sheets[name]

    def merged(self, name: str) -> list:
        return self._merged.get(name, [])

    def rename(self, old: str, new: str) -> "LiteralGrids":
        sheets = {new if k == old else k: v for k, v in self.sheets.items()}
        return LiteralGrids(sheets, {new if k == old else k: v for k, v in self._merged.items()})


def _form(spec: Spec, organisation: dict[str, Any]) -> list[list[Any]]:
    sheet = spec.sheet("organisation")
    rows: list[list[Any]] = [[sheet.title, "", ""], ["Поле", "Значение", "Подсказка"]]
    defaults = {"edition": spec.default_edition, "template_version": spec.template_version}
    for f in sheet.fields:
        rows.append([f.label + (" *" if f.required else ""), organisation.get(f.id, defaults.get(f.id, "")), f.help])
    return rows


def _table(spec: Spec, sheet_id: str, rows: list[dict[str, Any]]) -> list[list[Any]]:
    sheet = spec.sheet(sheet_id)
    grid: list[list[Any]] = [[sheet.title] + [""] * (len(sheet.columns) - 1),
                             [c.header + (" *" if c.required else "") for c in sheet.columns],
                             [c.help for c in sheet.columns]]
    for row in rows:
        grid.append([_cell(row.get(c.id)) for c in sheet.columns])
    return grid


def _cell(value: Any) -> Any:
    return "" if value is None else value      # calamine gives "" for an empty cell


def school_grids(content: WorkbookContent, spec: Spec = SPEC) -> LiteralGrids:
    """The four sheets the reader reads, filled with ``content``. A formula column holds what the rows give
    for it (a cached result, or a value typed over the formula) and is empty otherwise, as in a book a
    spreadsheet program saved without cached results."""
    return LiteralGrids({
        spec.sheet("organisation").name: _form(spec, content.organisation),
        spec.sheet("indicators").name: _table(spec, "indicators", content.indicators),
        spec.sheet("roadmap").name: _table(spec, "roadmap", content.actions),
        spec.sheet("evidence").name: _table(spec, "evidence", content.evidence),
    })


def read(grids: LiteralGrids, name: str = "книга.xlsx", spec: Spec = SPEC) -> WorkbookData:
    return GridReader(spec).read_grids(grids, name, "")


def check(grids: LiteralGrids, as_of: date = AS_OF, name: str = "книга.xlsx", spec: Spec = SPEC) -> FileReport:
    return validate_data(read(grids, name, spec), as_of, spec)


def found(report: FileReport) -> set[tuple[str, str, str]]:
    return {(f.code, f.sheet, f.cell) for f in report.findings}


def edited(content: WorkbookContent, **changes) -> WorkbookContent:
    """A deep copy of ``content`` with whole parts replaced (organisation=…, actions=…)."""
    out = copy.deepcopy(content)
    for part, value in changes.items():
        setattr(out, part, value)
    return out
