"""Books of earlier template versions (the shipped files, tests/fixtures/old_templates) and what a test reads back
from a book: its cells as written, its input rows, and the recalculated formula cells against their Python
twins (tests only)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from xl_roadmap.core import formulas
from xl_roadmap.core.addresses import address
from xl_roadmap.spec import Spec

OLD_TEMPLATES = Path(__file__).resolve().parents[1] / "fixtures" / "old_templates"
INPUT_SHEETS = ("organisation", "indicators", "roadmap", "evidence")


def old_template(kind: str, version: str) -> Path:
    return OLD_TEMPLATES / f"{kind}-{version}.xlsx"


def cells(path: Path, sheet: str) -> dict[str, Any]:
    """Every non-empty cell of a sheet as the file holds it (a formula as its text), by address."""
    ws = openpyxl.load_workbook(path)[sheet]
    return {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value not in (None, "")}


def input_rows(path: Path, spec: Spec) -> dict[str, Any]:
    """«Сведения» values and the table rows (column id → value, formulas left out) as the book holds them."""
    wb = openpyxl.load_workbook(path)
    form = spec.sheet("organisation")
    ws = wb[form.name]
    out: dict[str, Any] = {"organisation": {f.id: ws[f"{form.value_column}{form.first_row + i}"].value
                                            for i, f in enumerate(form.fields)}}
    for sheet_id in INPUT_SHEETS[1:]:
        sheet = spec.sheet(sheet_id)
        ws = wb[sheet.name]
        rows = []
        for r in range(spec.first_data_row, ws.max_row + 1):
            row = {col.id: ws[address(r, c)].value for c, col in enumerate(sheet.columns) if col.formula is None}
            rows.append({k: v for k, v in row.items() if v not in (None, "")})
        out[sheet_id] = rows
    return out


def assert_recalculated_as_python(book: Path, recalculated: Path, spec: Spec, edition) -> int:
    """LibreOffice's results of every formula cell of ``book`` (``recalculated``: its recalculated copy) equal
    the Python twins computed from the book's input values; returns how many non-empty results were compared."""
    rows = input_rows(book, spec)
    wb = openpyxl.load_workbook(recalculated, data_only=True)
    compared = 0
    ws = wb[spec.sheet("indicators").name]
    ind = spec.sheet("indicators")
    for i, row in enumerate(rows["indicators"]):
        want = formulas.indicator_derived(row, edition)
        for col_id in ("value", "status", "deviation"):
            got = ws[address(spec.first_data_row + i, ind.column_index(col_id))].value
            if want[col_id] in (None, ""):
                assert got in (None, ""), (i, col_id, got)
            else:
                assert got == (pytest.approx(want[col_id], abs=1e-9) if isinstance(want[col_id], float)
                               else want[col_id]), (i, col_id, got)
                compared += 1
    road = spec.sheet("roadmap")
    ws = wb[road.name]
    counts = formulas.evidence_counts(rows["roadmap"], rows["evidence"])
    for i, n in enumerate(counts):
        got = ws[address(spec.first_data_row + i, road.column_index("evidence_count"))].value
        assert (got in (None, "")) if n is None else got == n, (i, got, n)
        compared += n is not None
    checks = spec.sheet("selfcheck")
    organisation = rows["organisation"]
    want = formulas.selfcheck_counts(spec, organisation, rows["indicators"], rows["roadmap"], rows["evidence"], edition)
    got = {check.id: wb[checks.name].cell(3 + k, 2).value for k, check in enumerate(checks.checks)}
    assert got == want
    return compared + len(want)
