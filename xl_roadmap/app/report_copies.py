"""Use case ``validate --report``: a copy of each checked file with the «Проверка» sheet.

Apart from validate.py because the copy needs openpyxl (and numpy behind it): a consolidation, which imports
validation in every worker process, must not carry it.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from xl_roadmap.core.content import WorkbookContent
from xl_roadmap.io.atomic import make_folder
from xl_roadmap.io.report_copy import write_report_copy
from xl_roadmap.io.workbook_file import read_workbook
from xl_roadmap.io.xlsx.writer import WorkbookWriter
from xl_roadmap.rules.report_plan import build_plan
from xl_roadmap.rules.validation import Report
from xl_roadmap.spec import Spec, default_spec


XLSX_SUFFIXES = (".xlsx", ".xlsm")
COPY_MARK = ".проверка"


def report_copy_name(source: Path) -> str:
    """The name of a checked copy among many: «школа.xlsx» → «школа.проверка.xlsx»; a book in another
    format (.ods, .xls, .xlsb) gets its copy as .xlsx."""
    suffix = source.suffix if source.suffix.lower() in XLSX_SUFFIXES else ".xlsx"
    stem = source.stem
    if stem.lower().endswith(COPY_MARK):     # a copy checked again keeps its name: never «.проверка.проверка»
        stem = stem[:-len(COPY_MARK)]
    return f"{stem}{COPY_MARK}{suffix}"


_FILE_SUFFIX = re.compile(r"\.[A-Za-z]{1,5}")     # «.csv», «.txt», «.pdf»: a file's extension, not a folder's «.2026»


def report_target(target: Path, files: int) -> tuple[bool, str | None]:
    """What ``--report TARGET`` means for ``files`` checked files: (a folder for the copies?, why refused or None).

    One file: a name ending in .xlsx/.xlsm is the copy's file; an existing folder, or a new name without a
    file's extension, is a folder that gets the copy; any other extension (.csv …) is refused — the copy is an
    Excel book. Several files: the copies need a folder, so a file or a name ending in .xlsx/.xlsm is refused."""
    suffix = target.suffix.lower()
    if target.is_dir():
        return True, None
    if files > 1:
        if target.exists() or suffix in XLSX_SUFFIXES:
            return True, (f"для нескольких книг --report — это папка для копий, а «{target}» — "
                          f"{'файл' if target.exists() else 'имя книги'}: укажите папку")
        return True, None
    if suffix in XLSX_SUFFIXES:
        return False, None
    if target.exists() or _FILE_SUFFIX.fullmatch(suffix or "x"):
        return False, (f"копия с листом «Проверка» — книга Excel, а «{target.name}» не .xlsx/.xlsm: укажите имя "
                       f"книги (например «{target.stem}.xlsx») или папку")
    return True, None


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
    ``folder`` says so or, by default, when there are several inputs; else the copy's file. A book read from a
    letter or an archive has no file of its own to copy (see :func:`without_copies`). Raises OutputError when a
    copy cannot be written."""
    spec = spec or default_spec()
    many = len(report.files) > 1 if folder is None else folder
    if many and any(fr.readable and not fr.enclosed for fr in report.files):     # no copy to write: no folder
        make_folder(target)
    written = []
    for fr in report.files:
        if fr.readable and not fr.enclosed:
            source = Path(fr.path)
            out = target / report_copy_name(source) if many else target
            if source.suffix.lower() in XLSX_SUFFIXES:
                written.append(write_report_copy(source, build_plan(fr, spec), out))
                continue
            with tempfile.TemporaryDirectory(prefix="xlr-copy-") as tmp:
                copy = _as_template_xlsx(source, Path(tmp), spec)
                written.append(write_report_copy(copy, build_plan(fr, spec), out.with_suffix(".xlsx")))
    return written


def without_copies(report: Report) -> list[str]:
    """The readable books ``--report`` writes no copy of: those read from a letter or an archive of attachments
    (a copy is the book's own file with the «Проверка» sheet; save the attachment as a file to have one)."""
    return [fr.path for fr in report.files if fr.readable and fr.enclosed]
