"""Use case «Проверить» for files: read → validate → a report (never a traceback for a user's file).
The copies with the «Проверка» sheet are :mod:`xl_roadmap.app.report_copies`."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Iterable

from xl_roadmap.io.inputs import find_inputs
from xl_roadmap.io.workbook_file import ReadError, file_sha256, is_report_copy, read_workbook
from xl_roadmap.rules.validation import FileReport, Report, validate_data
from xl_roadmap.spec import Spec, default_spec


def books_in(given: Iterable[Path | str]) -> list[Path]:
    """The inputs: files as given, and the workbooks found in folders (recursively)."""
    return find_inputs(given)


def books_to_check(given: Iterable[Path | str]) -> tuple[list[Path], list[Path]]:
    """``validate``'s inputs and the report copies skipped: in a folder, a copy written by ``validate --report``
    (``*.проверка.xlsx``) is a checked copy of a book found there, not a book (as the roll-up skips it); a file
    named on the command line is checked whatever it is."""
    books: list[Path] = []
    skipped: list[Path] = []
    for p in map(Path, given):
        if not p.is_dir():
            books.append(p)
            continue
        for found in find_inputs([p]):
            (skipped if is_report_copy(found) else books).append(found)
    return books, skipped


def validate_path(path: Path | str, as_of: date, spec: Spec | None = None) -> FileReport:
    """Read and validate one file. A file that cannot be read — or that trips a bug of ours — becomes a report
    with a reason, so one strange file never stops a district's check or roll-up."""
    spec = spec or default_spec()
    try:
        return validate_data(read_workbook(path, spec), as_of, spec)
    except ReadError as exc:
        reason = exc.reason
    except Exception as exc:  # noqa: BLE001 (a bug must cost one file, not the run)
        reason = (f"файл не обработан из-за внутренней ошибки программы ({type(exc).__name__}: {exc}) — "
                  f"сообщите разработчикам xl-roadmap и приложите этот файл")
    try:
        sha = file_sha256(path)
    except OSError:
        sha = None
    return FileReport(path=str(path), sha256=sha, read_error=reason)


def validate_paths(paths: Iterable[Path | str], as_of: date, spec: Spec | None = None) -> Report:
    spec = spec or default_spec()
    return Report([validate_path(p, as_of, spec) for p in paths])
