"""Excel 97–2003 books (.xls) written record by record (tests only): a BIFF8 workbook stream in a compound file of
512-byte sectors — enough for calamine to read a school's book, and for the damaged and hostile ones to be built
exactly (a cell far away, a dimension that lies, a sector chain that loops)."""

from __future__ import annotations

import struct
from datetime import date, datetime
from typing import Any, Iterable, Sequence

SECTOR = 512
ENDOFCHAIN, FREESECT, FATSECT, DIFSECT, NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFC, 0xFFFFFFFF
MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def biff(kind: int, body: bytes = b"") -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def unicode_string(text: str) -> bytes:
    """XLUnicodeString: a character count, a flags byte (UTF-16), the characters."""
    return struct.pack("<HB", len(text), 1) + text.encode("utf-16-le")


def number(row: int, col: int, value: float) -> bytes:
    return biff(0x0203, struct.pack("<HHHd", row, col, 0, value))


def label(row: int, col: int, text: str) -> bytes:
    return biff(0x0204, struct.pack("<HHH", row, col, 0) + unicode_string(text))


def dimensions(first_row: int, last_row: int, first_col: int, last_col: int) -> bytes:
    """DIMENSIONS as BIFF8 writes it: the last row and column plus one."""
    return biff(0x0200, struct.pack("<IIHHH", first_row, last_row + 1, first_col, min(last_col + 1, 0xFFFF), 0))


def cell(row: int, col: int, value: Any) -> bytes:
    if isinstance(value, bool):
        return biff(0x0205, struct.pack("<HHHBB", row, col, 0, int(value), 0))
    if isinstance(value, (int, float)):
        return number(row, col, value)
    if isinstance(value, (date, datetime)):
        value = f"{value:%d.%m.%Y}"
    return label(row, col, str(value))


def sheet_stream(cells: Iterable[tuple[int, int, Any]], dimension: Sequence[int] | None = None,
                 raw: bytes = b"") -> bytes:
    """A worksheet substream: BOF, DIMENSIONS (by default the cells' own), the cells, ``raw`` records, EOF."""
    cells = list(cells)
    if dimension is None:
        rows, cols = [r for r, _, _ in cells] or [0], [c for _, c, _ in cells] or [0]
        dimension = (min(rows), max(rows), min(cols), max(cols))
    return (_bof(0x0010) + dimensions(*dimension) + b"".join(cell(r, c, v) for r, c, v in cells) + raw
            + biff(0x000A))


def workbook_stream(sheets: dict[str, bytes], entries: Sequence[tuple[str, str]] | None = None) -> bytes:
    """The globals and the sheets' substreams: one BoundSheet8 per (name shown, sheet) of ``entries`` — by
    default each sheet once, under its own name."""
    entries = [(name, name) for name in sheets] if entries is None else list(entries)

    def globals_(offsets: dict[str, int]) -> bytes:
        bound = b"".join(biff(0x0085, struct.pack("<IBB", offsets.get(sheet, 0), 0, 0) + _short(name))
                         for name, sheet in entries)
        return _bof(0x0005) + biff(0x0042, struct.pack("<H", 1200)) + bound + biff(0x000A)

    at = len(globals_({}))
    offsets = {}
    for name, stream in sheets.items():
        offsets[name] = at
        at += len(stream)
    return globals_(offsets) + b"".join(sheets.values())


def _bof(kind: int) -> bytes:
    return biff(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 0x06))


def _short(text: str) -> bytes:
    return struct.pack("<BB", len(text), 1) + text.encode("utf-16-le")


def compound_file(workbook: bytes, looping: str = "", size: int | None = None) -> bytes:
    """A compound file holding ``workbook`` as its «Workbook» stream (padded to 4,096 bytes at least, so it lives
    in ordinary sectors, as Excel's does). ``looping``: which sector chain leads back on itself — "workbook" (its
    last sector to its first), "directory", or "difat" (a DIFAT sector naming itself as the next);
    ``size``: the stream size the directory declares."""
    data = workbook + bytes(max(4096 - len(workbook), 0))
    data += bytes(-len(data) % SECTOR)
    n = len(data) // SECTOR
    fat_sectors = 1
    while (n + 2 + fat_sectors) > fat_sectors * (SECTOR // 4):
        fat_sectors += 1
    directory_at, fat_at, difat_at = n, n + 1, n + 1 + fat_sectors
    table = [i + 1 for i in range(n - 1)] + [ENDOFCHAIN, ENDOFCHAIN] + [FATSECT] * fat_sectors + [DIFSECT]
    table += [FREESECT] * (fat_sectors * SECTOR // 4 - len(table))
    if looping == "workbook":
        table[n - 1] = 0
    elif looping == "directory":
        table[directory_at] = directory_at
    difat = [fat_at + i for i in range(fat_sectors)] + [FREESECT] * (109 - fat_sectors)
    first_difat, difat_sectors = (difat_at, 1) if looping == "difat" else (ENDOFCHAIN, 0)
    header = (MAGIC + bytes(16) + struct.pack("<HHHHH", 0x003E, 3, 0xFFFE, 9, 6) + bytes(6)
              + struct.pack("<IIIIIIIII", 0, fat_sectors, directory_at, 0, 4096, ENDOFCHAIN, 0, first_difat,
                            difat_sectors)
              + struct.pack("<109I", *difat))
    directory = (_entry("Root Entry", 5, ENDOFCHAIN, 0, child=1)
                 + _entry("Workbook", 2, 0, len(data) if size is None else size) + _entry("", 0, 0, 0) * 2)
    difat_sector = struct.pack("<128I", *([FREESECT] * 127 + [difat_at]))
    return header + data + directory + struct.pack(f"<{len(table)}I", *table) + difat_sector


def _entry(name: str, kind: int, start: int, size: int, child: int = NOSTREAM) -> bytes:
    encoded = (name + "\0").encode("utf-16-le") if name else b""
    return (encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1 if kind else 0)
            + struct.pack("<III", NOSTREAM, NOSTREAM, child) + bytes(16) + bytes(4) + bytes(16)
            + struct.pack("<II", start, size & 0xFFFFFFFF) + bytes(4))


def grids_as_xls(grids: dict[str, list[list[Any]]]) -> bytes:
    """A workbook's sheets (rows of values, None for an empty cell) as the bytes of an .xls."""
    return compound_file(workbook_stream({name: sheet_stream((r, c, v) for r, values in enumerate(rows)
                                                             for c, v in enumerate(values) if v not in (None, ""))
                                          for name, rows in grids.items()}))
