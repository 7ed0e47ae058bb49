"""A school's book as calamine will read it: an in-memory copy of its zip whose worksheets are stored inflated.

Every worksheet of an .xlsx that is read is inflated once anyway, to judge where its cells lie before calamine allocates
them (io.sheet_extent). Handing calamine that XML — in a copy of the archive where those parts are stored,
not deflated — saves it inflating them a second time (a tenth of reading a school's book). The other members
are copied as they are, compressed; every member keeps its CRC-32, which calamine checks as it reads. Only for
books of ordinary size (a district roll-up's sheets stay in the file) and plain archives: anything unusual —
encryption, zip64, a method other than stored or deflated — keeps the usual way.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass
from typing import Iterable

from xl_roadmap.io.container import WORKBOOK_LIMITS, read_member
from xl_roadmap.io.sheet_extent import sheet_parts
from xl_roadmap.io.source import Source, mapped, open_binary
from xl_roadmap.io.zip_records import Entry, data_start, local_header, write_central_directory

MAX_SHEETS_BYTES = 16 * 1024 * 1024     # the worksheets' declared sizes together: a school's book, not a roll-up
_DATA_DESCRIPTOR, _ENCRYPTED = 0x8, 0x1


@dataclass
class StoredCopy:
    """The copy (``data``: the archive's bytes) and each worksheet's XML by sheet name (``sheets``)."""
    data: bytes
    sheets: dict[str, bytes]


def stored_copy(path: Source, wanted: Iterable[str]) -> StoredCopy | None:
    """The copy of ``path`` with its worksheets named in ``wanted`` stored (the sheets the reader will load;
    any other sheet stays as it is), or None where the usual way is taken. Parts are read within their
    declared sizes (io.container has bounded those): ReadError for a part that yields more; a damaged member
    raises zipfile's or zlib's error."""
    with open_binary(path) as fh, zipfile.ZipFile(fh) as zf:
        parts = sheet_parts(path, zf)
        members = zf.infolist()
        names, wanted = {info.filename: info for info in members}, set(wanted)
        sheets = {name: names[part] for name, part in parts.items() if part in names and name in wanted}
        if not sheets or not _plain(members) or sum(i.file_size for i in sheets.values()) > MAX_SHEETS_BYTES:
            return None
        # CRC-checked, and a sheet that yields more than its header declares is refused as it is read
        inflated = {info.filename: read_member(path, zf, info, WORKBOOK_LIMITS) for info in sheets.values()}
        with mapped(path, fh) as whole:
            data = _archive(whole, members, inflated)
    return StoredCopy(data, {name: inflated[info.filename] for name, info in sheets.items()})


def _plain(members: list[zipfile.ZipInfo]) -> bool:
    return all(not info.flag_bits & _ENCRYPTED and info.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
               and info.file_size < 0xFFFFFFFF and info.compress_size < 0xFFFFFFFF for info in members)


def _archive(whole: bytes, members: list[zipfile.ZipInfo], inflated: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    entries = []
    for info in members:
        name, flags = info._encodeFilenameFlags()
        content = inflated.get(info.filename)
        if content is not None:
            method, body = zipfile.ZIP_STORED, content
        else:
            method, body = info.compress_type, _raw(whole, info)
        y, mo, d, h, mi, sec = info.date_time
        entry = Entry(name, flags & ~_DATA_DESCRIPTOR,          # sizes and CRC go into the local header here
                      method, (h << 11) | (mi << 5) | (sec // 2), ((y - 1980) << 9) | (mo << 5) | d,
                      info.CRC, len(body), info.file_size, out.tell())
        out.write(local_header(entry))
        out.write(body)
        entries.append(entry)
    write_central_directory(out, entries)
    return out.getvalue()


def _raw(whole: bytes, info: zipfile.ZipInfo) -> bytes:
    """A member's bytes as the archive holds them (compressed)."""
    start = data_start(whole, info)
    body = whole[start:start + info.compress_size]
    if len(body) != info.compress_size:
        raise zlib.error(f"{info.filename} is cut short")
    return body
