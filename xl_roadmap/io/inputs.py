"""Which files are inputs: files as given, and the workbooks, letters and archives found in folders (recursively).

Spreadsheets in formats we cannot read (.xls, .xlsb, .ods) are inputs too: a school that sent an old .xls
should be listed with the reason ("save it as .xlsx"), not silently missing from the roll-up. Books that came by
e-mail are inputs as the mail gave them — a saved letter (.eml, Outlook's .msg) or a mail service's archive of
all attachments (.zip) — and are read where they are (io.mail), never unpacked beside them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

WORKBOOKS = (".xlsx", ".xlsm")
FOREIGN_SPREADSHEETS = (".xls", ".xlsb", ".ods")
BOOKS = WORKBOOKS + FOREIGN_SPREADSHEETS
MAIL = (".zip", ".eml", ".msg")
_LOCK_PREFIXES = ("~$", ".~")   # Excel's lock files; our own temporary outputs


def find_inputs(given: Iterable[Path | str]) -> list[Path]:
    """A workbook's name that is no regular file (a pipe, a link to a device) is an input too: the reader
    refuses it before opening it, and the roll-up lists it as not read — never silently left out."""
    out: list[Path] = []
    for p in map(Path, given):
        if p.is_dir():
            out.extend(sorted(q for q in p.rglob("*") if q.suffix.lower() in BOOKS + MAIL
                              and not q.name.startswith(_LOCK_PREFIXES) and not q.is_dir()))
        else:
            out.append(p)
    return out


def is_mail(path: Path | str) -> bool:
    """A letter or an archive of attachments (by its name: what it holds is io.mail's to tell)."""
    return Path(path).suffix.lower() in MAIL
