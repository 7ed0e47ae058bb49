"""How much an Excel 97–2003 book (.xls) will take in calamine — judged before calamine opens it.

calamine reads an .xls whole when it opens it: the compound file's sector chains, the workbook stream, then
every sheet into its dense rectangle (cells and formulas), all kept at once. What the file says is trusted
(issue 25): a sector chain that leads back on itself is followed until the stream's declared size (4 GB) or for
ever (the directory's and the DIFAT's chains have no end), a DIMENSIONS record's rows are reserved whatever the
cells (a last row above the first wraps round to four billion), a cell may sit at column 65,535. Each aborted
the process. So the book is replayed first as calamine reads it (calamine 0.37: src/cfb.rs Cfb::new and
get_stream, src/xls.rs parse_workbook), and refused with a Russian reason where a chain loops, where the header
announces more sectors than the file has, where a record is one calamine panics on, and by the .xlsx rules:
no sheet's cells — nor its DIMENSIONS — over io.sheet_extent.MAX_CELLS positions (the .xlsx reason, naming the
sheet), all sheets together at most ``MAX_BOOK_CELLS``.

The stream's other records (strings, formats, names) cost what their bytes are; calamine's own errors on them
(a record cut short) end its reading before anything large is made, and are the reader's to word.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from xl_roadmap.io.read_error import ReadError
from xl_roadmap.io.sheet_extent import MAX_CELLS, refuse_far
from xl_roadmap.io.source import Source, read_bytes

MAX_BOOK_CELLS = 2 * MAX_CELLS     # every sheet is held at once: values and formulas
_ENDOFCHAIN, _RESERVED, _DIFSECT = 0xFFFFFFFE, 0xFFFFFFFA, 0xFFFFFFFC
_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_STREAMS = ("Workbook", "Book", "WORKBOOK", "BOOK")
_MINI_CUTOFF = 4096
_DIFAT_RESERVE = 1 << 24           # entries calamine reserves from a misread header field (see _header)


class _Fails(Exception):
    """calamine fails here with an error of its own, before anything large is made."""


def check_workbook(path: Source) -> None:
    """ReadError when calamine's reading of the .xls at ``path`` would loop, panic or pass the limits."""
    data = read_bytes(path)
    try:
        stream = _Compound(path, data).workbook()
        _sheets(path, stream)
    except _Fails:
        return


# ---------------------------------------------------------------------------------------------- the compound file

class _Compound:
    """Cfb::new and get_stream: sectors numbered from the end of the header, chains through the sector table."""

    def __init__(self, path: Source, data: bytes):
        self._path, self._data = path, data
        if len(data) < 512 or data[:8] != _MAGIC:
            raise _Fails
        self.version = _u16(data, 26)
        shift = _u16(data, 30)
        if shift not in (9, 12) or _u16(data, 32) != 6:
            raise _Fails
        self.size = 1 << shift
        if len(data) < self.size:
            raise _Fails
        self.maxid = len(data) // self.size
        fat_sectors, directory = _u32(data, 44), _u32(data, 48)
        mini_fat_start, mini_fat_sectors, difat_start = _u32(data, 60), _u32(data, 64), _u32(data, 68)
        # calamine reserves room for «DIFAT entries» read from bytes 62..66 (half of two other fields) and for
        # the FAT sectors the header announces: a header may not announce more than the file can hold
        if _u32(data, 62) > _DIFAT_RESERVE or fat_sectors > self.maxid + 1:
            raise self._damaged("заголовок объявляет больше секторов, чем есть в файле")
        difat = list(struct.unpack_from("<109I", data, 76))
        seen = set()
        sector = difat_start
        while sector < _RESERVED:                        # the DIFAT's own chain: calamine follows it for ever
            if sector in seen:
                raise self._damaged("цепочка секторов замкнута в кольцо")
            seen.add(sector)
            difat.extend(_u32s(self._sector(sector), self))
            if not difat:
                raise self._damaged("цепочка секторов оборвана")
            sector = difat.pop()
        fat_ids = [i for i in difat if i < _DIFSECT]
        if len(fat_ids) > self.maxid + 1:
            raise self._damaged("таблица секторов длиннее файла")
        self._fat: list[int] = []
        for sector in fat_ids:
            self._fat.extend(_u32s(self._sector(sector), self))
        entries = self._chain(directory, None)
        self._entries = []
        for at in range(0, len(entries), 128):
            entry = entries[at:at + 128]
            if len(entry) < (124 if self.size == 512 else 128):
                raise self._damaged("каталог потоков оборван")
            name = entry[:64].decode("utf-16-le", "replace")
            start = _u32(entry, 116)
            length = _u32(entry, 120) if self.size == 512 else struct.unpack_from("<Q", entry, 120)[0]
            self._entries.append((name[:name.index("\0")] if "\0" in name else name, start, length))
        if not self._entries or (self.version != 3 and self._entries[0][1] == _ENDOFCHAIN):
            raise _Fails
        self._mini = self._mini_fat = None
        if mini_fat_sectors > 0:
            self._mini = self._chain(self._entries[0][1], self._entries[0][2])
            self._mini_fat = list(_u32s(self._chain(mini_fat_start, mini_fat_sectors * self.size), self))

    def workbook(self) -> bytes:
        """The workbook stream as calamine takes it: the first name of «Workbook», «Book», … that reads."""
        for name in _STREAMS:
            entry = next((e for e in self._entries if e[0] == name), None)
            if entry is None:
                continue
            try:
                if entry[2] < _MINI_CUTOFF:
                    return self._mini_chain(entry[1], entry[2])
                return self._chain(entry[1], entry[2])
            except _Fails:
                continue
        raise _Fails

    def _sector(self, sector: int) -> bytes:
        """A sector as calamine gets it: cut short at the end of the file, past it an error or a panic."""
        if sector > self.maxid:
            raise _Fails                                  # «Sector points past end of file»
        start = self.size + sector * self.size            # sector 0 follows the header
        if start > len(self._data):
            raise self._damaged("сектор за концом файла")
        return self._data[start:start + self.size]

    def _chain(self, sector: int, length: int | None) -> bytes:
        """get_chain: sectors until ENDOFCHAIN or ``length`` bytes (None: no limit — the directory's)."""
        out, seen = bytearray(), set()
        while sector != _ENDOFCHAIN:
            if sector in seen:
                raise self._damaged("цепочка секторов замкнута в кольцо")
            seen.add(sector)
            piece = self._sector(sector)
            out += piece if length is None else piece[:length - len(out)]
            if length is not None and len(out) >= length:
                break
            if sector >= len(self._fat):
                raise self._damaged("цепочка секторов ведёт за таблицу секторов")   # calamine panics
            sector = self._fat[sector]
        return bytes(out)

    def _mini_chain(self, sector: int, length: int) -> bytes:
        if length == 0:
            return b""
        if self._mini is None:
            raise self._damaged("поток ссылается на мини-сектора, которых нет")      # calamine panics
        out = bytearray()
        while sector != _ENDOFCHAIN and len(out) < length:
            if sector > self.maxid * 8 or (sector + 1) * 64 > len(self._mini):
                raise self._damaged("поток ведёт за мини-сектора файла")
            out += self._mini[sector * 64:(sector + 1) * 64][:length - len(out)]
            if sector >= len(self._mini_fat):
                raise self._damaged("цепочка мини-секторов ведёт за их таблицу")
            sector = self._mini_fat[sector]
        return bytes(out)

    def _damaged(self, what: str) -> ReadError:
        return ReadError(self._path, f"файл повреждён или создан не Excel: {what} (книга Excel 97–2003, .xls)")


def _u16(data: bytes, at: int) -> int:
    return struct.unpack_from("<H", data, at)[0]


def _u32(data: bytes, at: int) -> int:
    return struct.unpack_from("<I", data, at)[0]


def _u32s(piece: bytes, compound: _Compound) -> tuple[int, ...]:
    if len(piece) % 4:
        raise compound._damaged("сектор оборван")           # calamine asserts and panics
    return struct.unpack(f"<{len(piece) // 4}I", piece)


# ---------------------------------------------------------------------------------------------- the workbook stream

@dataclass
class _Box:
    first_row: int = 1 << 32
    last_row: int = -1
    first_col: int = 1 << 32
    last_col: int = -1
    count: int = 0

    def add(self, row: int, col: int) -> None:
        self.count += 1
        self.first_row, self.last_row = min(self.first_row, row), max(self.last_row, row)
        self.first_col, self.last_col = min(self.first_col, col), max(self.last_col, col)

    def area(self) -> int:
        return 0 if self.last_row < 0 else (self.last_row - self.first_row + 1) * (self.last_col - self.first_col + 1)

    def bounds(self) -> tuple[int, int, int, int] | None:
        return None if self.last_row < 0 else (self.first_row, self.last_row, self.first_col, self.last_col)


def _records(stream: bytes, at: int):
    """calamine's RecordIter: (type, body) from ``at``; a record past the stream's end is its error."""
    while at < len(stream):
        if len(stream) - at < 4:
            raise _Fails
        kind, length = struct.unpack_from("<HH", stream, at)
        if len(stream) - at < length + 4:
            raise _Fails
        yield kind, stream[at + 4:at + 4 + length]
        at += 4 + length


def _sheets(path: Source, stream: bytes) -> None:
    sheets = []
    wide = True
    for kind, body in _records(stream, 0):
        if kind == 0x002F and len(body) >= 2 and _u16(body, 0):     # FilePass: calamine says «password»
            raise _Fails
        if kind == 0x0042 and len(body) >= 2:                       # CodePage
            wide = _u16(body, 0) == 1200
        elif kind == 0x0085:                                         # BoundSheet8
            if len(body) < 6:
                raise ReadError(path, "файл повреждён или создан не Excel: запись о листе короче, чем нужно "
                                      "(книга Excel 97–2003, .xls)")            # calamine panics
            if body[4] & 0x3F > 2 or body[5] not in (0, 1, 2, 6):
                raise _Fails                                         # an error of calamine's: nothing is read
            sheets.append((_u32(body, 0), _sheet_name(body[6:], wide)))
        elif kind == 0x000A:
            break
    total = 0
    for at, name in sheets:
        if at > len(stream):
            raise ReadError(path, f"файл повреждён или создан не Excel: лист «{name}» начинается за концом "
                                  f"потока книги (книга Excel 97–2003, .xls)")      # calamine panics
        values, formulas, reserved = _sheet(path, stream, at)
        largest = max(values.area(), formulas.area(), reserved[0])
        if largest > MAX_CELLS:
            bounds = values.bounds() or formulas.bounds() or (0, 0, 0, 0)
            if reserved[0] == largest:
                bounds = reserved[1]
            refuse_far(path, name, bounds, MAX_CELLS, area=largest)
        total += values.area() + formulas.area()
        if total > MAX_BOOK_CELLS:
            raise ReadError(path, f"файл отклонён: заполненные ячейки всех листов вместе занимают больше "
                                  f"{MAX_BOOK_CELLS:_} ячеек — программа чтения держит все листы книги .xls "
                                  f"сразу".replace("_", " "))


def _sheet_name(data: bytes, wide: bool) -> str:
    if len(data) < 2:
        return "?"
    count, flags = data[0], data[1]
    if flags & 1:
        return data[2:2 + 2 * count].decode("utf-16-le", "replace")
    return data[2:2 + count].decode("cp1251" if not wide else "latin-1", "replace")


# records that put a cell where their first two fields say, and the length calamine needs of each
_PLACED = {0x0203: 14, 0x0204: 6, 0x00D6: 6, 0x0205: 8, 0x027E: 10, 0x00FD: 10}


def _sheet(path: Source, stream: bytes, at: int) -> tuple[_Box, _Box, tuple[int, tuple]]:
    """The sheet's cells and formulas as parse_workbook places them, and the DIMENSIONS it reserves for."""
    values, formulas = _Box(), _Box()
    reserved: tuple[int, tuple] = (0, (0, 0, 0, 0))
    formula_at = (0, 0)
    seen_bof, depth = False, 0
    for kind, body in _records(stream, at):
        if values.count + formulas.count > MAX_CELLS:     # calamine keeps every record's cell first
            raise ReadError(path, f"файл отклонён: на листе записей ячеек больше {MAX_CELLS:_} — программа "
                                  f"чтения держит каждую (книга Excel 97–2003, .xls)".replace("_", " "))
        if depth:                                        # an embedded chart's substream
            depth += 1 if kind == 0x0809 else -1 if kind == 0x000A else 0
            continue
        if kind == 0x0809:
            depth, seen_bof = (1, True) if seen_bof else (0, True)
        elif kind == 0x000A:
            break
        elif kind in _PLACED:
            if len(body) < _PLACED[kind]:
                raise _Fails
            values.add(_u16(body, 0), _u16(body, 2))
        elif kind == 0x0207:                             # the string result of the formula before it
            values.add(*formula_at)
        elif kind == 0x00BD:                             # MULRK: a run of cells in one row
            if len(body) < 6:
                raise _Fails
            first = _u16(body, 2)
            count = (len(body) - 6) // 6
            if count:
                values.add(_u16(body, 0), first)
                values.add(_u16(body, 0), first + count - 1)
        elif kind == 0x00E5:                             # MERGECELLS: calamine reads as many as it says
            if len(body) < 2 or len(body) < 2 + 8 * _u16(body, 0):
                raise ReadError(path, "файл повреждён или создан не Excel: запись объединённых ячеек короче, "
                                      "чем в ней объявлено (книга Excel 97–2003, .xls)")   # calamine panics
        elif kind == 0x0006:                             # FORMULA
            if len(body) < 20:
                raise _Fails
            formula_at = (_u16(body, 0), _u16(body, 2))
            formulas.add(*formula_at)
            if not (body[12:14] == b"\xff\xff" and body[6] == 0x00):     # a value now, not in the next record
                values.add(*formula_at)
        elif kind == 0x0200:                             # DIMENSIONS: calamine reserves rows × columns
            reserved = max(reserved, _dimension(body), key=lambda r: r[0])
    return values, formulas, reserved


def _dimension(body: bytes) -> tuple[int, tuple]:
    """The positions calamine reserves for a DIMENSIONS record, in its 32-bit arithmetic, with its rectangle."""
    if len(body) == 10:
        first_row, last_row, first_col, last_col = struct.unpack_from("<HHHH", body)
    elif len(body) == 14:
        first_row, last_row, first_col, last_col = struct.unpack_from("<IIHH", body)
    else:
        raise _Fails
    if first_col > 0xFF or last_col < first_col:
        first_col = 0
    if last_row >= 1 and last_col >= 1:
        end_row, end_col = last_row - 1, last_col - 1
    else:
        end_row, end_col = first_row, first_col
    rows = (end_row - first_row + 1) & 0xFFFFFFFF
    cols = (end_col - first_col + 1) & 0xFFFFFFFF
    return rows * cols, (first_row, first_row + rows - 1, first_col, first_col + cols - 1)
