"""What the district received, as submissions: books as files, and books straight from the mail — attached to
saved letters (.eml, .msg) or in a mail service's archive of all attachments (.zip), read where they are.

An input is read in units (:func:`units`): a file or a letter whole, an archive a few members at a time, so a
process pool shares an archive of a thousand books as it shares a folder. Each book gets its received-at: the
letter's date when it came in one, else the book's own save time (docProps/core.xml), else the file's date —
and says which. A letter's sender goes with its books; a letter without a book is listed, passed over, with its
subject; what cannot be read is named with its reason.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Iterable

from xl_roadmap.app.validate import validate_path
from xl_roadmap.io.book_properties import BookProperties, book_properties
from xl_roadmap.io.inputs import is_mail
from xl_roadmap.io.source import Source, as_source, file_date
from xl_roadmap.io.workbook_file import ReadError, read_organisation
from xl_roadmap.rollup.submission import Submission, from_organisation, summarise
from xl_roadmap.spec import Spec, default_spec
from xl_roadmap.spec.vocabulary import ReceivedFrom

# an input and the members of it to read (an archive's); () — the input whole
Unit = tuple[str, tuple[str, ...]]

REPORT_COPY = ("копия книги с отчётом проверки (её делает «xl-roadmap validate --report»): в свод идёт сама "
               "книга школы")
NOT_OURS = "не книга дорожной карты: в ней нет листов шаблона («Сведения», «Показатели», «Дорожная карта»)"
_INPUT_SHEETS = 3      # «Сведения», «Показатели», «Дорожная карта» (the evidence log may be absent)


def units(paths: Iterable[Path | str]) -> list[Unit]:
    """The units the inputs are read in, in the inputs' order."""
    out: list[Unit] = []
    for p in paths:
        if is_mail(p):
            from xl_roadmap.io.mail.unpack import units as mail_units

            out.extend((str(p), members) for members in mail_units(p))
        else:
            out.append((str(p), ()))
    return out


def ingest_unit(unit: Unit, as_of: date, spec: Spec | None = None) -> list[Submission]:
    """Read and validate what one unit holds: a book, or the books of a letter or of an archive's members, and
    whatever of it is passed over or cannot be read."""
    path, members = unit
    if not is_mail(path):
        return [ingest(path, as_of, spec)]
    from xl_roadmap.io.mail.unpack import enclosures

    out = []
    for found in enclosures(path, members):
        if found.book is not None:
            sub = ingest(found.book, as_of, spec)
        else:                   # not a book, or not read: dated by the input's file unless a letter says more
            date_of_file = file_date(Path(path))
            sub = Submission(path=found.display, sha256=None, received_at=date_of_file,
                             read_error=found.error or None, skip_reason=found.skipped or None,
                             received_from=ReceivedFrom.FILE if date_of_file else "")
        out.append(_from_letter(sub, found.letter))
    return out


def ingest(path: Source | str, as_of: date, spec: Spec | None = None) -> Submission:
    """Read and validate one book (a file, or one held in memory): its summary, or why it is not summed."""
    source = as_source(path)
    properties = book_properties(source)
    if properties.report_copy:
        sub = Submission(path=str(source), sha256=None, received_at=0.0, skip_reason=REPORT_COPY)
    else:
        report = validate_path(source, as_of, spec)
        sub = (Submission(path=str(source), sha256=None, received_at=0.0, skip_reason=NOT_OURS)
               if _foreign(report) else summarise(report))
    return _received(sub, source, properties)


def stamp(path: str, spec: Spec | None = None) -> Submission:
    """A quick look at «Сведения» only — code, period, document date — enough to tell what a file at the
    roll-up's place is (app.consolidate_file). Nothing is validated."""
    if book_properties(path).report_copy:
        return Submission(path=path, sha256=None, received_at=file_date(Path(path)), skip_reason=REPORT_COPY)
    try:
        organisation = read_organisation(path, spec or default_spec())
    except ReadError as exc:
        return Submission(path=path, sha256=None, received_at=file_date(Path(path)), read_error=exc.reason)
    return from_organisation(path, file_date(Path(path)), organisation)


def _foreign(report) -> bool:
    """Someone else's workbook in the folder: none of the template's input sheets, not even renamed."""
    missing = sum(1 for f in report.findings if f.code == "sheet-missing")
    return report.read_error is None and missing >= _INPUT_SHEETS and \
        not any(f.code == "sheet-renamed" for f in report.findings)


def _received(sub: Submission, source: Source, properties: BookProperties) -> Submission:
    """The book's own save time, else the file's date (a letter's date, when there is one, comes on top)."""
    if properties.saved_at is not None:
        sub.received_at, sub.received_from = properties.saved_at.timestamp(), ReceivedFrom.PROPERTIES
    else:
        sub.received_at = file_date(source)
        sub.received_from = ReceivedFrom.FILE if sub.received_at else ""
    return sub


def _from_letter(sub: Submission, letter) -> Submission:
    """What the letter the book came in says: its sender, and its date as the received-at."""
    if letter is None:
        return sub
    sub.sender = letter.sender
    if letter.sent_at is not None:
        sub.sent_at = letter.sent_at.isoformat()
        sub.received_at, sub.received_from = letter.sent_at.timestamp(), ReceivedFrom.LETTER
    return sub
