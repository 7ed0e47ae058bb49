"""What the readers read: a file on disk, or a file held in memory — an attachment of a letter, a member of an
archive — under the name a person recognises («почта/письмо.eml → Школа 5.xlsx»).

Books that come by e-mail are read where they are, never unpacked beside the letter: the workbook reader, its
checks and calamine take either kind of source through the few functions below (open, map, hash). Messages name
a source by ``str(source)``: a path as given, or a held file's display name.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import mmap
import os
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import BinaryIO, Iterator, Union


@dataclass(frozen=True)
class HeldFile:
    """A file's bytes in memory. ``display``: what messages and the roll-up's register call it (the letter or
    archive it came in, an arrow, its own name); ``name``: its own file name; ``modified``: its date where its
    container records one (a zip member's), as a POSIX time, else 0."""
    display: str
    name: str
    data: bytes = field(repr=False)
    modified: float = 0.0

    def __str__(self) -> str:
        return self.display

    @property
    def suffix(self) -> str:
        return PurePath(self.name).suffix

    @property
    def stem(self) -> str:
        return PurePath(self.name).stem


Source = Union[Path, HeldFile]


def as_source(given: "Path | str | HeldFile") -> Source:
    """A held file stays as it is; a path (or its text) becomes a Path."""
    return given if isinstance(given, HeldFile) else Path(given)


def is_held(source: "Source | str") -> bool:
    return isinstance(source, HeldFile)


def open_binary(source: Source) -> BinaryIO:
    """The source opened for reading (a held file: a stream over its bytes); the caller closes it."""
    if isinstance(source, HeldFile):
        return io.BytesIO(source.data)
    return open(source, "rb")


def open_zip(source: Source) -> zipfile.ZipFile:
    """The source as a zip archive (zipfile's errors for one that is not); closing it closes what it opened."""
    if isinstance(source, HeldFile):
        return zipfile.ZipFile(io.BytesIO(source.data))
    return zipfile.ZipFile(source)


def not_a_regular_file(path: "Path | str | HeldFile") -> str | None:
    """What a path is when it is no regular file — a pipe, a device, a socket, or a link to one — in Russian;
    None for a regular file (or a link to one), for a path that is not there and for a file held in memory. Such
    a «file» is never opened: reading a pipe or /dev/zero would wait or run forever."""
    if isinstance(path, HeldFile):
        return None
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    kind = ("именованный канал (FIFO)" if stat.S_ISFIFO(mode) else "устройство" if stat.S_ISCHR(mode) or
            stat.S_ISBLK(mode) else "сокет" if stat.S_ISSOCK(mode) else "не обычный файл")
    link = "ссылка на " if os.path.islink(path) else ""
    return f"это не файл, а {link}{kind} — такое не читается (чтение могло бы не закончиться); сохраните книгу " \
           f"обычным файлом"


def is_zip(source: Source) -> bool:
    """Whether the source is a zip archive (by its end record, as zipfile tells)."""
    if isinstance(source, HeldFile):
        return zipfile.is_zipfile(io.BytesIO(source.data))
    return zipfile.is_zipfile(source)


@contextlib.contextmanager
def mapped(source: Source, fh: BinaryIO) -> Iterator[bytes | mmap.mmap]:
    """The whole source for slicing: a map of the open file ``fh``, or a held file's bytes themselves."""
    if isinstance(source, HeldFile):
        yield source.data
        return
    with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as whole:
        yield whole


def read_bytes(source: Source) -> bytes:
    return source.data if isinstance(source, HeldFile) else Path(source).read_bytes()


def head(source: Source, n: int) -> bytes:
    if isinstance(source, HeldFile):
        return source.data[:n]
    with open(source, "rb") as fh:
        return fh.read(n)


def size(source: Source) -> int:
    return len(source.data) if isinstance(source, HeldFile) else os.stat(source).st_size


def sha256_of(source: Source) -> str:
    """The source's SHA-256 (a file read in pieces)."""
    if isinstance(source, HeldFile):
        return hashlib.sha256(source.data).hexdigest()
    h = hashlib.sha256()
    with open(source, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def file_date(source: Source) -> float:
    """The date the source carries as a file: its modification time on disk, a held file's ``modified``; 0 when
    none is known."""
    if isinstance(source, HeldFile):
        return source.modified
    try:
        return os.stat(source).st_mtime
    except OSError:
        return 0.0
