"""What the «Проверка» step writes into a workbook, as plain data.

Both doors apply the same plan: ``io/report_writer`` onto a copy of the file (``validate --report``) and
``excel/`` onto the open workbook (the «Проверить» button). Keeping the plan here is what makes the two agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .findings import ERROR, NOTE, WARNING, display
from .validation import FileReport
from .spec import Spec
from .values import format_date

# fill colours of offending cells, by severity (light, so the value stays readable when printed)
SEVERITY_FILL = {ERROR: "#FFC7CE", WARNING: "#FFEB9C", NOTE: "#DDEBF7"}
SEVERITY_RANK = {ERROR: 0, WARNING: 1, NOTE: 2}


@dataclass
class Highlight:
    sheet: str
    cell: str
    severity: str

    @property
    def fill(self) -> str:
        return SEVERITY_FILL[self.severity]


@dataclass
class ReportPlan:
    sheet_name: str
    title: str
    headers: list[str]
    summary: str
    rows: list[list[Any]]                      # one row per finding, from ``first_row``
    first_row: int                             # 1-based row of the first finding
    link_column: int                           # 1-based column whose cell links to the finding's cell
    highlights: list[Highlight] = field(default_factory=list)
    fills: list[tuple[str, str, Any]] = field(default_factory=list)   # (sheet, cell, value) Python computes

    def link_target(self, row: list[Any]) -> tuple[str, str] | None:
        sheet, cell = row[3], row[4]
        return (sheet, cell) if sheet and cell else None


def summary_text(report: FileReport, as_of: date) -> str:
    counts = f"ошибок: {report.count(ERROR)}, предупреждений: {report.count(WARNING)}, замечаний: {report.count(NOTE)}"
    verdict = "можно отправлять" if report.valid else "исправьте ошибки перед отправкой"
    return f"Проверено {format_date(as_of)}: {counts} — {verdict}."


def build_plan(report: FileReport, spec: Spec) -> ReportPlan:
    sheet = spec.sheet("report")
    rows = [[i, f.severity, f.code, f.sheet, f.cell, display(f.value), f.message]
            for i, f in enumerate(report.findings, start=1)]
    worst: dict[tuple[str, str], str] = {}
    for f in report.findings:
        if not f.cell:
            continue
        key = (f.sheet, f.cell)
        if key not in worst or SEVERITY_RANK[f.severity] < SEVERITY_RANK[worst[key]]:
            worst[key] = f.severity
    highlights = [Highlight(s, c, sev) for (s, c), sev in sorted(worst.items())]
    as_of = report.analysis.as_of if report.analysis else date.today()
    return ReportPlan(sheet_name=sheet.name, title=sheet.title, headers=list(sheet.headers),
                      summary=summary_text(report, as_of), rows=rows, first_row=spec.first_data_row,
                      link_column=5, highlights=highlights, fills=python_fills(report, spec))


def python_fills(report: FileReport, spec: Spec) -> list[tuple[str, str, Any]]:
    """Cells the spec marks ``fill: python``: the parsed deadline's end and its state as of the check date."""
    out: list[tuple[str, str, Any]] = []
    if report.analysis is None:
        return out
    for action in report.analysis.actions:
        if not action.row.text("action"):
            continue
        for col_id, value in (("deadline_end", action.deadline.end), ("deadline_state", action.state)):
            cell = action.row.cells.get(col_id)
            if cell is not None and cell.address:
                out.append((cell.sheet, cell.address, value))
    return out
