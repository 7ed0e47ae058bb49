"""Use case «Проверить» for files: read → validate → a report (never a traceback for a user's file).
Books that came by e-mail are checked where they are: every workbook attached to a saved letter (.eml, .msg) or
in an archive of attachments (.zip). The copies with the «Проверка» sheet are :mod:`xl_roadmap.app.report_copies`."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Iterable

from xl_roadmap.io.inputs import find_inputs, is_mail
from xl_roadmap.io.source import HeldFile, is_held
from xl_roadmap.io.workbook_file import ReadError, file_sha256, is_report_copy, read_workbook
from xl_roadmap.rules.validation import FileReport, Report, validate_data
from xl_roadmap.spec import Spec, default_spec


def books_in(given: Iterable[Path | str]) -> list[Path]:
    """The inputs: files as given, and the workbooks, letters and archives of attachments found in folders
    (recursively)."""
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
            (skipped if not is_mail(found) and is_report_copy(found) else books).append(found)
    return books, skipped


def validate_path(path: Path | str | HeldFile, as_of: date, spec: Spec | None = None) -> FileReport:
    """Read and validate one file (or a book held in memory: an attachment, an archive's member). A file that
    cannot be read — or that trips a bug of ours — becomes a report with a reason, so one strange file never
    stops a district's check or roll-up."""
    spec = spec or default_spec()
    try:
        report = validate_data(read_workbook(path, spec), as_of, spec)
        report.enclosed = is_held(path)
        return report
    except ReadError as exc:
        reason = exc.reason
    except Exception as exc:  # noqa: BLE001 (a bug must cost one file, not the run)
        reason = (f"файл не обработан из-за внутренней ошибки программы ({type(exc).__name__}: {exc}) — "
                  f"сообщите разработчикам xl-roadmap и приложите этот файл")
    try:
        sha = file_sha256(path)
    except OSError:
        sha = None
    return FileReport(path=str(path), sha256=sha, read_error=reason, enclosed=is_held(path))


def validate_paths(paths: Iterable[Path | str], as_of: date, spec: Spec | None = None) -> Report:
    """Every input checked: a book file; each book of a letter or of an archive of attachments, what of them
    cannot be read (a report with the reason) and what is not a book (``Report.skipped``: a letter without a
    workbook, with its subject)."""
    spec = spec or default_spec()
    files: list[FileReport] = []
    skipped: list[tuple[str, str]] = []
    for p in paths:
        if not is_mail(p):
            files.append(validate_path(p, as_of, spec))
            continue
        from xl_roadmap.io.mail.unpack import enclosures

        for found in enclosures(p):
            if found.book is not None:
                files.append(validate_path(found.book, as_of, spec))
            elif found.error:
                files.append(FileReport(path=found.display, sha256=None, read_error=found.error, enclosed=True))
            else:
                skipped.append((found.display, found.skipped))
    return Report(files, skipped)
