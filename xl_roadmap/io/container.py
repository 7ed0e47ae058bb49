"""The zip container of an .xlsx or .docx, looked at before any parser inflates a member: the declared
sizes and compression ratios bound what a parser can be made to allocate (a «zip bomb» is refused in
milliseconds with a Russian reason instead of costing gigabytes of memory)."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from xl_roadmap.io.read_error import ReadError

_MB = 1024 * 1024
# members this small compress beyond any ratio (repeated markup) and are harmless
_RATIO_FROM_BYTES = _MB


@dataclass(frozen=True)
class Limits:
    member_bytes: int
    total_bytes: int
    ratio: int
    what: str                  # «документ Word», «книга Excel»: the message names what the file should be
    what_accusative: str       # … and after «не похоже на»: «книгу Excel»


# a district roll-up of 1,000 schools holds sheets of ~400 MB (ratio ~12); our books compress 8–20 times
WORKBOOK_LIMITS = Limits(member_bytes=1024 * _MB, total_bytes=2048 * _MB, ratio=100, what="книга Excel",
                        what_accusative="книгу Excel")
DOCUMENT_LIMITS = Limits(member_bytes=200 * _MB, total_bytes=400 * _MB, ratio=200, what="документ Word",
                        what_accusative="документ Word")


def zip_members(path: Path, limits: Limits) -> set[str]:
    """The member names of a zip container within ``limits``; ReadError (Russian) otherwise. Damaged
    archives raise ``zipfile.BadZipFile`` for the caller to word."""
    with zipfile.ZipFile(path) as zf:
        members = zf.infolist()
    total = 0
    for info in members:
        # zipfile never inflates a member beyond its declared size: the declared sizes bound python-docx
        total += info.file_size
        if info.file_size > limits.member_bytes:
            raise ReadError(path, f"файл отклонён: часть «{info.filename}» распаковывается в "
                                  f"{info.file_size // _MB} МБ (больше {limits.member_bytes // _MB} МБ) — "
                                  f"это не похоже на {limits.what_accusative}")
        if info.file_size > _RATIO_FROM_BYTES and info.file_size > limits.ratio * max(info.compress_size, 1):
            raise ReadError(path, f"файл отклонён: часть «{info.filename}» сжата в "
                                  f"{info.file_size // max(info.compress_size, 1)} раз (больше {limits.ratio}) — "
                                  f"так устроены «zip-бомбы», а не {limits.what}")
    if total > limits.total_bytes:
        raise ReadError(path, f"файл отклонён: в распакованном виде он занимает {total // _MB} МБ "
                              f"(больше {limits.total_bytes // _MB} МБ)")
    return {info.filename for info in members}
