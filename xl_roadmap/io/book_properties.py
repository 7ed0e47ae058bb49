"""A book's own properties (docProps/core.xml): whether it is a copy written by ``validate --report``, and when it
was last saved — the day a school saved its book, which says when it was made better than the file's date (a clerk
saves attachments days later)."""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from xl_roadmap.io.container import WORKBOOK_LIMITS, read_member
from xl_roadmap.io.read_error import ReadError
from xl_roadmap.io.source import HeldFile, as_source, not_a_regular_file, open_zip

REPORT_COPY_MARK = "xl-roadmap: копия книги с отчётом проверки"
REPORT_COPY_SUFFIXES = (".проверка.xlsx", ".проверка.xlsm")
# what the book writer (io.xlsx.writer) puts in «last modified by»: its save time is a fixed stamp (the same
# bytes from the same content), not a day anyone saved the book
WRITER_NAME = "xl-roadmap"
_PART = "docProps/core.xml"
_MAX_PART = 1024 * 1024
_MODIFIED = re.compile(r"<(?:\w+:)?modified\b[^>]*>\s*([^<\s]+)\s*<")
_MODIFIED_BY = re.compile(r"<(?:\w+:)?lastModifiedBy\b[^>]*>([^<]*)<")


@dataclass(frozen=True)
class BookProperties:
    report_copy: bool = False
    saved_at: datetime | None = None       # dcterms:modified when a person's program saved the book (aware, UTC)


def book_properties(path: Path | str | HeldFile) -> BookProperties:
    """What docProps/core.xml says; nothing for a book without it (.xls, .ods), a damaged or lying part (the
    reading of the book says what is wrong), or a name that is no regular file."""
    path = as_source(path)
    if path.name.lower().endswith(REPORT_COPY_SUFFIXES):
        return BookProperties(report_copy=True)
    if not_a_regular_file(path):
        return BookProperties()
    try:
        with open_zip(path) as zf:
            info = zf.getinfo(_PART)
            if info.file_size > _MAX_PART:
                return BookProperties()
            xml = read_member(path, zf, info, WORKBOOK_LIMITS).decode("utf-8", "replace")
    except (KeyError, OSError, zipfile.BadZipFile, ValueError, zlib.error, ReadError):
        return BookProperties()
    return BookProperties(report_copy=REPORT_COPY_MARK in xml, saved_at=_saved_at(xml))


def is_report_copy(path: Path | str | HeldFile) -> bool:
    """A copy written by ``validate --report``: its properties say so (older copies: by their name)."""
    return book_properties(path).report_copy


def _saved_at(xml: str) -> datetime | None:
    by = _MODIFIED_BY.search(xml)
    if by is not None and by.group(1).strip() == WRITER_NAME:
        return None
    found = _MODIFIED.search(xml)
    if found is None:
        return None
    try:
        when = datetime.fromisoformat(found.group(1))
    except ValueError:
        return None
    when = when if when.tzinfo is not None else when.replace(tzinfo=UTC)     # W3CDTF without a zone: UTC
    return when.astimezone(UTC) if when.year >= 1990 else None
