"""An .xlsb read the way calamine reads it, before calamine does.

calamine trusts a binary workbook's records. A record's length (up to 2²⁸ − 1 bytes) is reserved and zeroed
before its body is read, so 4 KB of garbage cost 300 MB and came back as «failed to fill whole buffer»; a cell's
column is any 32-bit number, and the sheet's dense rectangle then aborts the process; a short record or a string
index past the table makes it panic (issue 25). So each part calamine reads is replayed here first, as its
reader consumes it (calamine 0.37, src/xlsb: RecordIter, the shared-strings, styles and workbook readers,
XlsbCellsReader) — with the same oddities: the styles reader and the workbook's second loop skip a record they
do not know by its type alone and read on from its length; one buffer serves a whole part, so a short record
is read against what a longer one left — and refused with a Russian reason where calamine would reserve more
than the part holds or more than ``MAX_RECORD``, where the part ends inside a record, where calamine would
panic or fail on a record, or where a sheet's cells lie far apart (io.sheet_extent's rule). Parts are inflated
in pieces (io.container.member_pieces), never whole.

``open_book`` replays what calamine reads on opening (shared strings, styles, the workbook) and gives the
sheets' parts; ``check_sheet`` replays one sheet, before calamine loads it.
"""

from __future__ import annotations

import re
import struct
import zipfile
from dataclasses import dataclass
from typing import Iterator

from xl_roadmap.io.container import WORKBOOK_LIMITS, member_pieces, read_member
from xl_roadmap.io.read_error import ReadError
from xl_roadmap.io.sheet_extent import MAX_CELLS, refuse_far
from xl_roadmap.io.source import Source, open_zip

# the longest record Excel writes is a cell of 32,767 characters (~64 KB); calamine allocates what a record says
MAX_RECORD = 16 * 1024 * 1024
_LAST_ROW = 0x100000                # a row number past this ends calamine's cells reader
_ERROR_CODES = {0x00, 0x07, 0x0F, 0x17, 0x1D, 0x24, 0x2A, 0x2B}
_CELLS = {0x0002, 0x0003, 0x0004, 0x0005, 0x0006, 0x0007, 0x0008, 0x0009, 0x000A, 0x000B}
_NAMES_END = {0x009D, 0x0225, 0x018D, 0x0180, 0x009A, 0x0252, 0x0229, 0x009B, 0x0084}
_REL = re.compile(rb'<Relationship\b[^>]*?\bId="([^"]*)"[^>]*?\bTarget="([^"]*)"')
_REL_TARGET_FIRST = re.compile(rb'<Relationship\b[^>]*?\bTarget="([^"]*)"[^>]*?\bId="([^"]*)"')


@dataclass(frozen=True)
class XlsbBook:
    """What the replay of opening found: each sheet's part, by name, and how many shared strings there are."""
    sheets: dict[str, str]
    strings: int


def open_book(path: Source) -> XlsbBook:
    """The parts calamine reads on opening (shared strings, styles, the workbook), replayed; ReadError when one
    would make it reserve what the part does not hold, or ends inside a record."""
    with open_zip(path) as zf:
        members = _members(zf)
        strings = _shared_strings(path, zf, members)
        _styles(path, zf, members)
        return XlsbBook(_workbook(path, zf, members), strings)


def check_sheet(path: Source, book: XlsbBook, sheet: str, max_cells: int | None = None) -> None:
    """The sheet's records replayed as calamine's cells reader reads them: ReadError for a record it would
    over-allocate for, or for cells spanning more than ``max_cells`` positions (io.sheet_extent's reason)."""
    limit = MAX_CELLS if max_cells is None else max_cells
    part = book.sheets.get(sheet)
    if part is None:
        return
    with open_zip(path) as zf:
        info = _members(zf).get(part.replace("\\", "/").lower())
        if info is None:
            return                       # calamine says it is missing
        box = _cells_box(_Records(path, zf, info), book.strings)
    # the rectangle as it is (calamine's 32-bit width may wrap to less, never to more)
    refuse_far(path, sheet, box, limit)


# ---------------------------------------------------------------------------------------------- the parts

def _members(zf: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    # calamine finds a part by its name in lower case, backslashes as slashes; a later member of a name wins
    return {info.filename.replace("\\", "/").lower(): info for info in zf.infolist()}


def _shared_strings(path: Source, zf: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo]) -> int:
    """How many strings calamine's table will hold (a cell's index past them makes it panic)."""
    info = members.get("xl/sharedstrings.bin")
    if info is None:
        return 0
    records = _Records(path, zf, info)
    records.next_skip_blocks(0x009F, {})                      # BrtBeginSst
    count = records.u32(4)
    if count > MAX_CELLS:
        raise records.damaged(f"объявлено {_n(count)} общих строк — больше, чем ячеек может быть на листе "
                              f"({_n(MAX_CELLS)})")
    for _ in range(count):
        records.next_skip_blocks(0x0013, {0x0023: 0x0024})    # BrtSSTItem, future records skipped
        records.wide_str(1)
    return count


def _styles(path: Source, zf: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo]) -> None:
    info = members.get("xl/styles.bin")
    if info is None:
        return
    records = _Records(path, zf, info)
    while True:
        kind = records.read_type()               # any other record: its type only (calamine reads on from there)
        if kind == 0x0267:                       # BrtBeginFmts
            records.fill_buffer()
            for _ in range(records.u32(0)):
                records.next_skip_blocks(0x002C, {})
                records.u16(0)
                records.wide_str(2)
        elif kind == 0x0269:                     # BrtBeginCellXFs
            records.fill_buffer()
            for _ in range(records.u32(0)):
                records.next_skip_blocks(0x002F, {})
                records.u16(2)
            return
        records.clear()


def _workbook(path: Source, zf: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo]) -> dict[str, str]:
    info = members.get("xl/workbook.bin")
    if info is None:
        return {}
    rels = _relationships(path, zf, members)
    records, sheets = _Records(path, zf, info), {}
    while True:
        kind = records.read_type()
        if kind == 0x009C:                                        # BrtBundleSh: a sheet
            length = records.fill_buffer()
            if length < 12:
                raise records.damaged("запись о листе короче, чем нужно")
            rel_length = records.u32(8)
            if rel_length != 0xFFFFFFFF:
                relid = records.bytes(12, 12 + 2 * rel_length)
                target = rels.get(relid.decode("utf-16-le", "replace"))
                if target is None:
                    raise records.damaged("лист ссылается на связь, которой нет в xl/_rels/workbook.bin.rels")
                if records.u32(0) > 2 or target.split("/")[0] not in ("worksheets", "chartsheets", "dialogsheets"):
                    raise records.damaged("запись о листе не такая, какие пишет Excel")
                name = records.wide_str(12 + 2 * rel_length, length)
                sheets.setdefault(name, f"xl/{target}")           # a name twice: calamine finds the first
        elif kind == 0x0090:                                      # BrtEndBundleShs
            break
        elif kind == 0x0099:                                      # BrtWbProp: its first byte
            records.fill_buffer()
            records.bytes(0, 1)
        else:                                                     # the rest: their bodies
            records.fill_buffer()
        records.clear()
    while True:                                                   # names: calamine's second loop
        kind = records.read_type()
        if kind in (0x016A, 0x0027):                              # BrtExternSheet, BrtName
            records.fill_buffer()
        elif kind in _NAMES_END:
            return sheets


def _relationships(path: Source, zf: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo]) -> dict[str, str]:
    info = members.get("xl/_rels/workbook.bin.rels")
    if info is None:
        return {}
    xml = read_member(path, zf, info, WORKBOOK_LIMITS)
    pairs = _REL.findall(xml) + [(i, t) for t, i in _REL_TARGET_FIRST.findall(xml)]
    return {i.decode("utf-8", "replace"): t.decode("utf-8", "replace") for i, t in pairs}


# what each cell record of calamine's reader reads of the buffer (shorter: it panics and the sheet is not built)
_CELL_READS = {0x0002: 12, 0x0003: 9, 0x0004: 9, 0x000A: 9, 0x0005: 16, 0x0009: 16, 0x0007: 12}


def _cells_box(records: "_Records", strings: int) -> tuple[int, int, int, int] | None:
    """(first row, last row, first column, last column) of the cells calamine's reader gives, 0-based."""
    records.next_skip_blocks(0x0094, {})                                  # BrtWsDim
    records.bytes(0, 16)
    records.next_skip_blocks(0x0091, {0x0085: 0x0086, 0x0025: 0x0026, 0x0186: 0x0187})   # BrtBeginSheetData
    row, box, cells = 0, None, 0
    while True:
        kind = records.read_type()
        records.fill_buffer()
        if kind == 0x0000:                                                # BrtRowHdr
            row = records.u32(0)
            if row > _LAST_ROW:
                return box
            continue
        if kind == 0x0092:                                                # BrtEndSheetData
            return box
        if kind not in _CELLS:
            continue
        if kind in (0x0006, 0x0008):
            records.wide_str(8)
        else:
            records.bytes(0, _CELL_READS.get(kind, 0))
        if kind == 0x0003 and records.bytes(8, 9)[0] not in _ERROR_CODES:
            raise records.damaged("в ячейке неизвестный код ошибки")
        if kind == 0x0007 and records.u32(8) >= strings:
            raise records.damaged(f"ячейка ссылается на строку № {_n(records.u32(8) + 1)} общего списка, а в нём "
                                  f"{_n(strings)}")
        col = records.u32(0)
        box = (row, row, col, col) if box is None else (min(box[0], row), max(box[1], row), min(box[2], col),
                                                        max(box[3], col))
        cells += 1
        if cells > MAX_CELLS:           # calamine keeps every record's cell before it builds the rectangle
            raise records.damaged(f"записей ячеек больше {_n(MAX_CELLS)} — программа чтения держит каждую")


# ---------------------------------------------------------------------------------------------- the records

def _n(number: int) -> str:
    return f"{number:_}".replace("_", " ")


class _Records:
    """calamine's RecordIter over one part, byte for byte as it reads: a record's type and length in 7-bit
    groups, its body into one buffer reused for the whole part (whose length only grows until it is cleared —
    a short record leaves the end of a longer one behind it, as in calamine)."""

    def __init__(self, path: Source, zf: zipfile.ZipFile, info: zipfile.ZipInfo):
        self._path, self._part = path, info.filename
        self._pieces: Iterator[bytes] = member_pieces(path, zf, info, WORKBOOK_LIMITS)
        self._data, self._at = b"", 0
        self._left = info.file_size
        self._buf = bytearray()

    def _take(self, n: int) -> bytes:
        if n > self._left:
            raise ReadError(self._path, f"файл повреждён или сохранён не полностью: часть «{self._part}» "
                                        f"обрывается на середине записи")
        self._left -= n
        out = self._data[self._at:self._at + n]
        self._at += len(out)
        if len(out) == n:
            return out
        parts, got = [out], len(out)
        while got < n:
            self._data = next(self._pieces)
            more = self._data[:n - got]
            self._at = len(more)
            parts.append(more)
            got += len(more)
        return b"".join(parts)

    def read_type(self) -> int:
        b = self._take(1)[0]
        return (b & 0x7F) + ((self._take(1)[0] & 0x7F) << 7) if b & 0x80 else b

    def fill_buffer(self) -> int:
        b = self._take(1)[0]
        length = b & 0x7F
        for i in range(1, 4):
            if not b & 0x80:
                break
            b = self._take(1)[0]
            length += (b & 0x7F) << (7 * i)
        # calamine reserves and zeroes ``length`` bytes before it reads them
        if length > self._left:
            raise self.damaged(f"запись объявляет длину {_n(length)} байт, а до конца части осталось "
                               f"{_n(self._left)}")
        if length > MAX_RECORD:
            raise ReadError(self._path, f"файл отклонён: в части «{self._part}» запись длиной {_n(length)} байт "
                                        f"(больше {_n(MAX_RECORD)}) — таких записей Excel не пишет, а программа "
                                        f"чтения заняла бы под неё столько же памяти")
        body = self._take(length)
        if len(self._buf) < length:
            self._buf.extend(bytes(length - len(self._buf)))
        self._buf[:length] = body
        return length

    def next_skip_blocks(self, kind: int, blocks: dict[int, int]) -> int:
        """Records up to the next of ``kind``; a block opened by a key of ``blocks`` is read to its end."""
        while True:
            found = self.read_type()
            length = self.fill_buffer()
            if found == kind:
                return length
            end = blocks.get(found)
            if end is not None:
                while self.read_type() != end:
                    self.fill_buffer()
                self.fill_buffer()

    def clear(self) -> None:
        self._buf.clear()

    def damaged(self, what: str) -> ReadError:
        return ReadError(self._path, f"файл повреждён или создан не Excel: в части «{self._part}» {what}")

    def bytes(self, start: int, end: int) -> bytes:
        if end > len(self._buf) or start > end:
            raise self.damaged("запись короче, чем нужно")           # calamine's slice would panic
        return bytes(self._buf[start:end])

    def u16(self, at: int) -> int:
        return struct.unpack("<H", self.bytes(at, at + 2))[0]

    def u32(self, at: int) -> int:
        return struct.unpack("<I", self.bytes(at, at + 4))[0]

    def wide_str(self, at: int, end: int | None = None) -> str:
        """XLWideString at ``at``, checked as calamine checks it: against the buffer, or the slice up to ``end``."""
        count = self.u32(at)
        if (len(self._buf) if end is None else end) - at < 4 + 2 * count:
            raise self.damaged("строка длиннее своей записи")
        return self.bytes(at + 4, at + 4 + 2 * count).decode("utf-16-le", "replace")
