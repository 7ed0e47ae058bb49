"""The .xlsx file itself for a large workbook: the parts XlsxWriter prepared, deflated on every core.

XlsxWriter deflates its parts one after another once everything else is written — for a district roll-up
65 MB of sheet XML, most of a second of one core while the others wait. Here each part is cut into pieces of
a megabyte, each piece deflated in a thread (zlib lets go of the GIL) with the previous piece's last 32 KB as
its dictionary, as pigz does, and the pieces joined into one deflate stream (every piece but the last ends on
a byte boundary without the final bit): any unzip reads it as one stream, and the compression stays what one
stream would give. The archive is plain zip with the members in XlsxWriter's order; parts this large cannot
come near zip's 4 GB limit (Excel's row limit comes first), and if they did the standard writer takes over.
"""

from __future__ import annotations

import os
import re
import zipfile
import zlib
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from typing import BinaryIO, Sequence

from xlsxwriter.packager import Packager
from xlsxwriter.sharedstrings import SharedStrings

from xl_roadmap.io.zip_records import Entry, local_header, write_central_directory

PIECE = 1 << 20
_WINDOW = 32 * 1024                    # deflate's window: the dictionary a piece takes from the one before
_LEVEL = 6                             # zipfile's (zlib's default)
_THREADS = max(1, min(os.cpu_count() or 1, 4))
_ZIP32 = 0xFFFF0000                    # beyond this a part or the archive needs zip64: the standard writer
# XlsxWriter dates every part 31.01.1980 (portable) — the same here, in DOS form
_DOS_TIME, _DOS_DATE = 0, (0 << 9) | (1 << 5) | 31


class CollectingPackager(Packager):
    """XlsxWriter's packager, except that the parts it wrote are kept for :func:`write_package` instead of being
    zipped by the workbook (which then writes an empty archive, replaced by ours)."""

    parts: tuple = ()          # until the package is created

    def _create_package(self):
        self.parts = list(super()._create_package())
        return []

    def _write_shared_strings_file(self) -> None:
        sst = _PlainSharedStrings()
        sst.string_table = self.workbook.str_table
        if not self.workbook.str_table.count:
            return
        sst._set_xml_writer(self._filename("xl/sharedStrings.xml"))
        sst._assemble_xml_file()


# what XlsxWriter's shared-strings writer changes in a text: escapes, control characters, «_xHHHH_», a leading or
# trailing space (xml:space), rich-string markup
_SPECIAL = re.compile("[\x00-\x1f&<>\ufffe\uffff]|_x[0-9a-fA-F]{4}_|^\\s|\\s$")


class _PlainSharedStrings(SharedStrings):
    """XlsxWriter's sharedStrings.xml, byte for byte, with the common text (nothing to escape) written in one
    step: a roll-up's table holds a hundred thousand texts and more."""

    def _write_sst_strings(self) -> None:
        special, write_si = _SPECIAL.search, self._write_si
        batch: list[str] = []
        for string in self.string_table.string_array:
            if special(string):
                self.fh.write("".join(batch))
                batch = []
                write_si(string)
            else:
                batch.append(f"<si><t>{string}</t></si>")
                if len(batch) >= 4096:
                    self.fh.write("".join(batch))
                    batch = []
        self.fh.write("".join(batch))


def write_package(path: str, parts: Sequence[tuple[str, str, bool]]) -> None:
    """Zip ``parts`` — (temporary file, name in the package, binary) as XlsxWriter's packager lists them —
    into ``path`` and remove the temporary files."""
    try:
        if sum(os.path.getsize(p) for p, _, _ in parts) >= _ZIP32:
            _standard(path, parts)
        else:
            with open(path, "wb") as out, ThreadPoolExecutor(_THREADS) as pool:
                entries = [_member(out, pool, name, source) for source, name, _ in parts]
                write_central_directory(out, entries)
    finally:
        remove_parts(parts)


def remove_parts(parts: Sequence[tuple[str, str, bool]]) -> None:
    """XlsxWriter's temporary part files, once zipped or given up."""
    for source, _, _ in parts:
        try:
            os.remove(source)
        except OSError:
            pass


def _standard(path: str, parts: Sequence[tuple[str, str, bool]]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
        for source, name, _ in parts:
            info = zipfile.ZipInfo(name, (1980, 1, 31, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            with open(source, "rb") as fh, zf.open(info, "w", force_zip64=True) as member:
                while chunk := fh.read(PIECE):
                    member.write(chunk)


def _deflated(data: bytes, dictionary: bytes, last: bool) -> bytes:
    if dictionary:
        c = zlib.compressobj(_LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS, 8, zlib.Z_DEFAULT_STRATEGY, dictionary)
    else:
        c = zlib.compressobj(_LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    return c.compress(data) + c.flush(zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH)


def _member(out: BinaryIO, pool: ThreadPoolExecutor, name: str, source: str) -> Entry:
    """Write one member (local header, deflated data, the header's sizes filled in); its entry."""
    entry = Entry(name.encode("utf-8"), 0x800 if not name.isascii() else 0, zipfile.ZIP_DEFLATED, _DOS_TIME,
                  _DOS_DATE, offset=out.tell())
    out.write(local_header(entry))
    in_flight: deque = deque()
    with open(source, "rb") as fh:
        piece = fh.read(PIECE)
        dictionary = b""
        while True:
            following = fh.read(PIECE) if piece else b""
            entry.crc = zlib.crc32(piece, entry.crc)
            entry.size += len(piece)
            in_flight.append(pool.submit(_deflated, piece, dictionary, not following))
            dictionary = piece[-_WINDOW:]
            while len(in_flight) > 2 * _THREADS or (not following and in_flight):
                block = in_flight.popleft().result()
                out.write(block)
                entry.packed += len(block)
            if not following:
                break
            piece = following
    end = out.tell()
    out.seek(entry.offset)
    out.write(local_header(entry))
    out.seek(end)
    return entry
