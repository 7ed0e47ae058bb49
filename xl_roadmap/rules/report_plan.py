"""What the «Проверка» step writes into a workbook, as plain data.

Both doors apply the same plan: ``io/report_copy`` onto a copy of the file (``validate --report``) and
``excel/`` onto the open workbook (the «Проверить» button). Keeping the plan here is what makes the two agree.
The sheet's columns are the spec's (``column_ids`` of the «Проверка» sheet); appliers address them by id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from xl_roadmap.core.analysis import ActionResult, Analysis
from xl_roadmap.core.values import display, format_date
from xl_roadmap.rules.findings import ERROR, NOTE, WARNING
from xl_roadmap.rules.validation import FileReport
from xl_roadmap.spec import SheetSpec, Spec
from xl_roadmap.spec.vocabulary import Severity

# fill colours of offending cells, by severity (light, so the value stays readable when printed)
SEVERITY_FILL = {ERROR: "#FFC7CE", WARNING: "#FFEB9C", NOTE: "#DDEBF7"}
# the columns the spec marks ``fill: python``: the parsed deadline's end and its state on the check date
PYTHON_FILLED = ("deadline_end", "deadline_state")


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
    sheet: SheetSpec                           # the «Проверка» sheet of the spec
    summary: str
    rows: list[list[Any]]                      # one row per finding, columns in the order of sheet.column_ids
    first_row: int                             # 1-based row of the first finding
    highlights: list[Highlight] = field(default_factory=list)
    fills: list[tuple[str, str, Any]] = field(default_factory=list)   # (sheet, cell, value) Python computes
                                                                      # (deadlines; names from the catalogue)

    @property
    def sheet_name(self) -> str:
        return self.sheet.name

    @property
    def title(self) -> str:
        return self.sheet.title

    @property
    def headers(self) -> list[str]:
        return list(self.sheet.headers)

    def column(self, column_id: str) -> int:
        """1-based column of ``column_id`` on the «Проверка» sheet."""
        return self.sheet.header_column(column_id)

    def value(self, row: list[Any], column_id: str) -> Any:
        return row[self.column(column_id) - 1]

    @property
    def link_column(self) -> int:
        """The column whose cell links to the finding's cell."""
        return self.column("cell")

    def link_target(self, row: list[Any]) -> tuple[str, str] | None:
        sheet, cell = self.value(row, "sheet"), self.value(row, "cell")
        return (sheet, cell) if sheet and cell else None


def summary_text(report: FileReport, as_of: date) -> str:
    counts = f"ошибок: {report.count(ERROR)}, предупреждений: {report.count(WARNING)}, замечаний: {report.count(NOTE)}"
    verdict = "можно отправлять" if report.valid else "исправьте ошибки перед отправкой"
    return f"Проверено {format_date(as_of)}: {counts} — {verdict}."


def build_plan(report: FileReport, spec: Spec) -> ReportPlan:
    sheet = spec.sheet("report")
    rows = []
    # errors first, as the console says them: the one finding that stops the book is never below the notes
    ordered = sorted(report.findings, key=lambda f: Severity.RANK[f.severity])
    for i, f in enumerate(ordered, start=1):
        rule = spec.rules.get(f.code)
        by_id = {"no": i, "severity": f.severity, "title": rule.title if rule else f.code, "rule": f.code,
                 "sheet": f.sheet, "cell": f.cell, "value": display(f.value), "message": f.message}
        rows.append([by_id[c] for c in sheet.column_ids])
    worst: dict[tuple[str, str], str] = {}
    for f in report.findings:
        if not f.cell:
            continue
        key = (f.sheet, f.cell)
        if key not in worst or Severity.RANK[f.severity] < Severity.RANK[worst[key]]:
            worst[key] = f.severity
    highlights = [Highlight(s, c, sev) for (s, c), sev in sorted(worst.items())]
    as_of = report.analysis.as_of if report.analysis else date.today()
    fills = ([fill for _, cells in deadline_fills(report.analysis) for fill in cells]
             + catalogue_name_fills(report.analysis)) if report.analysis else []
    return ReportPlan(sheet=sheet, summary=summary_text(report, as_of), rows=rows, first_row=spec.first_data_row,
                      highlights=highlights, fills=fills)


def catalogue_name_fills(analysis: Analysis) -> list[tuple[str, str, Any]]:
    """The empty name cell of an indicator chosen by its catalogue code gets the catalogue's name — the name
    the validation and the roll-up already use (rule indicator-name-from-catalogue says so)."""
    out = []
    for r in analysis.indicators:
        cell = r.row.cells.get("name")
        if r.name_from_catalogue and cell is not None and cell.address:
            out.append((cell.sheet, cell.address, r.name))
    return out


def deadline_fills(analysis: Analysis) -> list[tuple[ActionResult, list[tuple[str, str, Any]]]]:
    """Per action with a text: the (sheet, cell, value) of its Python-filled cells (the parsed deadline's end
    and its state as of the check date) — what «Проверить» and «Проверить сроки» both write."""
    out = []
    for action in analysis.actions:
        if not action.row.text("action"):
            continue
        values = {"deadline_end": action.deadline.end, "deadline_state": action.state}
        cells = []
        for col_id in PYTHON_FILLED:
            cell = action.row.cells.get(col_id)
            if cell is not None and cell.address:
                cells.append((cell.sheet, cell.address, values[col_id]))
        out.append((action, cells))
    return out
