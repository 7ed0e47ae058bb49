"""Use case ``validate --report``: a copy of each checked file with the «Проверка» sheet.

Apart from validate.py because the copy needs openpyxl (and numpy behind it): a consolidation, which imports
validation in every worker process, must not carry it.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from xl_roadmap.core.content import WorkbookContent
from xl_roadmap.io.report_copy import write_report_copy
from xl_roadmap.io.workbook_file import read_workbook
from xl_roadmap.io.xlsx.writer import WorkbookWriter
from xl_roadmap.rules.report_plan import build_plan
from xl_roadmap.rules.validation import Report
from xl_roadmap.spec import Spec, default_spec


XLSX_SUFFIXES = (".xlsx", ".xlsm")


def report_copy_name(source: Path) -> str:
    """The name of a checked copy among many: «школа.xlsx» → «школа.проверка.xlsx»; a book in another
    format (.ods, .xls, .xlsb) gets its copy as .xlsx."""
    suffix = source.suffix if source.suffix.lower() in XLSX_SUFFIXES else ".xlsx"
    return f"{source.stem}.проверка{suffix}"


def _as_template_xlsx(source: Path, folder: Path, spec: Spec) -> Path:
    """A book in another format rewritten into our template (values as read), so openpyxl can copy it."""
    data = read_workbook(source, spec)
    content = WorkbookContent(
        organisation={k: c.value for k, c in data.organisation.items() if not c.empty},
        indicators=[{k: c.value for k, c in r.cells.items()} for r in data.indicators],
        actions=[{k: c.value for k, c in r.cells.items()} for r in data.actions],
        evidence=[{k: c.value for k, c in r.cells.items()} for r in data.evidence])
    edition = spec.editions.get(str(content.organisation.get("edition") or "")) or spec.edition()
    return WorkbookWriter(spec, edition, content).save(folder / "book.xlsx")


def write_report_copies(report: Report, target: Path, spec: Spec | None = None,
                        folder: bool | None = None) -> list[Path]:
    """A copy of each readable file with the «Проверка» sheet: ``target`` is a folder (made when missing) when
    ``folder`` says so or, by default, when there are several inputs; else the copy's file. Raises OutputError
    when a copy cannot be written."""
    spec = spec or default_spec()
    many = len(report.files) > 1 if folder is None else folder
    if many:
        target.mkdir(parents=True, exist_ok=True)
    written = []
    for fr in report.files:
        if fr.readable:
            source = Path(fr.path)
            out = target / report_copy_name(source) if many else target
            if source.suffix.lower() in XLSX_SUFFIXES:
                written.append(write_report_copy(source, build_plan(fr, spec), out))
                continue
            with tempfile.TemporaryDirectory(prefix="xlr-copy-") as tmp:
                copy = _as_template_xlsx(source, Path(tmp), spec)
                written.append(write_report_copy(copy, build_plan(fr, spec), out.with_suffix(".xlsx")))
    return written
