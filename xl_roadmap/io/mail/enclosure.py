"""What a letter or an archive holds, as plain data: the letter, its attachments, and what the intake makes of
each — a book to read, something passed over with its reason, or a part that could not be taken out."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from xl_roadmap.io.source import HeldFile

ARROW = " → "            # «почта/письмо.eml → Школа 5.xlsx»: the container, then what it holds


@dataclass(frozen=True)
class Letter:
    """A letter as its headers (or an Outlook message's properties) say: ``sender`` as written there («Школа № 5
    <school5@example.ru>»), ``subject``, ``sent_at`` — its date, aware; None when the letter gives none."""
    sender: str = ""
    subject: str = ""
    sent_at: datetime | None = None

    def named(self) -> str:
        """The letter in a message: «письмо «Отчёт школы 5» от Школа № 5 <…>»."""
        subject = f"«{self.subject}»" if self.subject else "без темы"
        return f"письмо {subject}" + (f" от {self.sender}" if self.sender else "")


@dataclass(frozen=True)
class Attachment:
    """A file a letter or an archive holds: its name and bytes, or why they could not be taken out."""
    name: str
    data: bytes | None
    problem: str = ""
    modified: float = 0.0          # the date the container records for it (a zip member's), POSIX time; 0: none


@dataclass(frozen=True)
class Enclosure:
    """What one input yields: a ``book`` to read; or, with ``display`` naming it, a thing ``skipped`` (a letter
    without a workbook) or an ``error`` (a damaged archive, an attachment whose encoding is broken)."""
    display: str
    letter: Letter | None = None
    book: HeldFile | None = None
    skipped: str = ""
    error: str = ""


_UNSAFE = re.compile(r"[\x00-\x1f\x7f]")


def own_name(name: str) -> str:
    """An attachment's or a member's own file name: folders dropped (either slash), control characters out."""
    base = re.split(r"[\\/]", name.strip())[-1]
    return _UNSAFE.sub("", base).strip() or "без имени"
