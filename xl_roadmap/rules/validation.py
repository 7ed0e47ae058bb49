"""Validate a workbook's data: analyse → run every rule → a report of findings (pure: no files here).

Reading files is ``app.validate``'s job; the CLI's ``validate`` and the Excel «Проверить» button both end in
:func:`validate_data`, so a clerk in Excel and a specialist at a terminal see the same findings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from xl_roadmap.core import origin
from xl_roadmap.core.analysis import Analysis, analyse
from xl_roadmap.core.model import WorkbookData
from xl_roadmap.rules.findings import ERROR, NOTE, WARNING, Finding, FindingFactory, sort_key
from xl_roadmap.rules.checks import all_rules
from xl_roadmap.rules.registry import Context
from xl_roadmap.spec import Spec, default_spec


@dataclass
class FileReport:
    path: str
    sha256: str | None
    findings: list[Finding] = field(default_factory=list)
    read_error: str | None = None
    analysis: Analysis | None = None
    # read from a letter or an archive of attachments: ``path`` names it there («письмо.eml → Школа 5.xlsx»)
    enclosed: bool = False

    @property
    def readable(self) -> bool:
        return self.read_error is None

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def valid(self) -> bool:
        return self.readable and self.count(ERROR) == 0

    def to_dict(self) -> dict:
        out = {"path": self.path, "sha256": self.sha256, "valid": self.valid,
               "findings": [f.to_dict() for f in self.findings]}
        if self.read_error:
            out["error"] = self.read_error
        return out


@dataclass
class Report:
    files: list[FileReport]
    # what an input held that is not a book: (what, why) — a letter without a workbook, an archive without one
    skipped: list[tuple[str, str]] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return all(f.valid for f in self.files)

    @property
    def exit_code(self) -> int:
        """0 no errors, 1 errors found, 2 some file could not be read."""
        if any(not f.readable for f in self.files):
            return 2
        return 0 if self.valid else 1

    def stats(self) -> dict:
        return {
            "files": len(self.files),
            "unreadable": sum(1 for f in self.files if not f.readable),
            "errors": sum(f.count(ERROR) for f in self.files),
            "warnings": sum(f.count(WARNING) for f in self.files),
            "notes": sum(f.count(NOTE) for f in self.files),
        }

    def to_dict(self) -> dict:
        out = {"valid": self.valid, "stats": self.stats(), "files": [f.to_dict() for f in self.files]}
        if self.skipped:
            out["skipped"] = [{"path": what, "reason": why} for what, why in self.skipped]
        return out


def validate_analysis(analysis: Analysis) -> list[Finding]:
    ctx = Context(analysis=analysis, make=FindingFactory(analysis.spec))
    findings: list[Finding] = []
    seen: set[tuple] = set()
    for rule_fn in all_rules():
        for f in rule_fn(ctx):
            key = (f.code, f.sheet, f.cell, str(f.value))
            if key not in seen:
                seen.add(key)
                findings.append(f)
    findings = the_schools(resolve(findings, analysis.spec), analysis)
    findings.sort(key=sort_key)
    return findings


def plans_cells(analysis: Analysis) -> set[tuple[str, str]]:
    """The cells of handed-down actions that still hold what the district's plan gave (core.origin)."""
    out: set[tuple[str, str]] = set()
    for a in analysis.actions:
        mark = origin.parse(a.row.value("origin"))
        if mark is None:
            continue
        for column_id in origin.FINGERPRINTED:
            cell = a.row.cells.get(column_id)
            if cell is not None and cell.address and mark.unchanged(column_id, cell.value):
                out.add((cell.sheet, cell.address))
    return out


def the_schools(findings: list[Finding], analysis: Analysis) -> list[Finding]:
    """A finding about the plan's own content on a cell the school left as the plan wrote it is the
    district's: import and hand-down report it to the district; every school reporting it back would bury what
    the school itself can fix. Dropped after the resolution: what the plan's finding superseded stays unsaid too
    («срок прошёл» of a deadline outside the school's period is the plan's year, not the school's delay)."""
    owned = set(analysis.spec.rule_settings.get("plan_content_rules", ()))
    if not owned:
        return findings
    plans = plans_cells(analysis)
    if not plans:
        return findings
    return [f for f in findings if not (f.code in owned and (f.sheet, f.cell) in plans)]


def resolve(findings: list[Finding], spec: Spec) -> list[Finding]:
    """One cell, one verdict: a finding is dropped when another finding on the same cell comes from a rule that
    ``supersedes`` its rule (spec/rules.json) — «не число» and «нет числителя», «срок вне периода» and «срок
    прошёл» would contradict each other, and the superseding one is the more precise. The checks stay
    independent of each other; this is the only place that weighs them."""
    codes_on: dict[tuple[str, str], set[str]] = {}
    for f in findings:
        if f.cell:
            codes_on.setdefault((f.sheet, f.cell), set()).add(f.code)
    superseded: dict[tuple[str, str], set[str]] = {}
    for where, codes in codes_on.items():
        dropped = {other for code in codes for other in spec.rules[code].supersedes}
        if dropped & codes:
            superseded[where] = dropped
    if not superseded:
        return findings
    return [f for f in findings if f.code not in superseded.get((f.sheet, f.cell), ())]


def validate_data(data: WorkbookData, as_of: date, spec: Spec | None = None) -> FileReport:
    spec = spec or default_spec()
    analysis = analyse(data, spec, as_of)
    return FileReport(path=data.path, sha256=data.sha256, findings=validate_analysis(analysis), analysis=analysis)
