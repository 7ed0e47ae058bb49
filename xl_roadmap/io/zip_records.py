"""The few zip records our own archive writers need (the roll-up's parallel package, a book's stored copy):
a member's local header, the central directory and its end; and where a member's data starts in an archive.
Plain zip only — the writers hand anything that needs zip64 to zipfile."""

from __future__ import annotations

import struct
import zipfile
from dataclasses import dataclass
from typing import BinaryIO, Sequence

_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")
_LOCAL_HEADER = struct.Struct("<4s22xHH")     # signature … file name length, extra field length
_MADE_BY = (3 << 8) | 20                      # Unix, zip 2.0 — as zipfile writes it
_EXTERNAL = (0o100644 & 0xFFFF) << 16         # a plain file, rw-r--r--


@dataclass
class Entry:
    """A member as its headers describe it (``offset``: where its local header starts)."""
    name: bytes
    flags: int
    method: int
    dos_time: int
    dos_date: int
    crc: int = 0
    packed: int = 0
    size: int = 0
    offset: int = 0


def local_header(e: Entry) -> bytes:
    return _LOCAL.pack(0x04034B50, 20, e.flags, e.method, e.dos_time, e.dos_date, e.crc, e.packed, e.size,
                       len(e.name), 0) + e.name


def write_central_directory(out: BinaryIO, entries: Sequence[Entry]) -> None:
    start = out.tell()
    for e in entries:
        out.write(_CENTRAL.pack(0x02014B50, _MADE_BY, 20, e.flags, e.method, e.dos_time, e.dos_date, e.crc,
                                e.packed, e.size, len(e.name), 0, 0, 0, 0, _EXTERNAL, e.offset) + e.name)
    end = out.tell()
    out.write(_END.pack(0x06054B50, 0, 0, len(entries), len(entries), end - start, start, 0))


def data_start(whole, info: zipfile.ZipInfo) -> int:
    """Where the member's data starts in the archive ``whole`` (bytes or a map of the file)."""
    signature, name_length, extra_length = _LOCAL_HEADER.unpack_from(whole, info.header_offset)
    if signature != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"bad local header of {info.filename}")
    return info.header_offset + _LOCAL_HEADER.size + name_length + extra_length
