"""Use case ``validate --report``: a copy of each checked file with the «Проверка» sheet.

Apart from validate.py because the copy needs openpyxl (and numpy behind it): a consolidation, which imports
validation in every worker process, must not carry it.
"""

from __future__ import annotations

from pathlib import Path

from xl_roadmap.io.report_copy import write_report_copy
from xl_roadmap.rules.report_plan import build_plan
from xl_roadmap.rules.validation import Report
from xl_roadmap.spec import Spec, default_spec


def report_copy_name(source: Path) -> str:
    """The name of a checked copy among many: «школа.xlsx» → «школа.проверка.xlsx»."""
    return f"{source.stem}.проверка{source.suffix}"


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
            written.append(write_report_copy(source, build_plan(fr, spec), out))
    return written
