"""Binary workbooks (.xlsb) written record by record (tests only): LibreOffice reads the format but cannot write
it, so a school's book saved as .xlsb, and the damaged and hostile ones, are built here from MS-XLSB's records
— the few calamine reads: the sheets' list, a sheet's dimension, rows and cells."""

from __future__ import annotations

import struct
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterable, Sequence

NS = 'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"'
_BIN = "application/vnd.ms-excel.sheet.binary.macroEnabled.main"


def record(kind: int, body: bytes = b"") -> bytes:
    """One record: its type and its length as MS-XLSB 2.1.4 writes them (7 bits a byte, high bit: more)."""
    return _varint(kind, 2) + _varint(len(body), 4) + body


def _varint(value: int, most: int) -> bytes:
    out = bytearray()
    for _ in range(most):
        byte, value = value & 0x7F, value >> 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            break
    return bytes(out)


def wide(text: str) -> bytes:
    """XLWideString: a character count and UTF-16."""
    data = text.encode("utf-16-le")
    return struct.pack("<I", len(data) // 2) + data


def cell(column: int, value: Any) -> bytes:
    """A cell record: text, a number, a boolean; a date as its text (no styles part: a serial number would stay one)."""
    head = struct.pack("<I", column) + b"\0\0\0\0"          # the column, the style (none) and flags
    if isinstance(value, bool):
        return record(0x0004, head + bytes([value]))        # BrtCellBool
    if isinstance(value, (int, float)):
        return record(0x0005, head + struct.pack("<d", value))   # BrtCellReal
    if isinstance(value, (date, datetime)):
        value = f"{value:%d.%m.%Y}"
    return record(0x0006, head + wide(str(value)))           # BrtCellSt


def row(number: int) -> bytes:
    return record(0x0000, struct.pack("<IIHBBBI", number, 0, 0, 0, 0, 0, 0))   # BrtRowHdr, no column spans


def sheet_records(cells: Iterable[tuple[int, int, Any]], dimension: Sequence[int] | None = None) -> bytes:
    """A worksheet part: ``cells`` as (row, column, value), 0-based, in row order; ``dimension`` the BrtWsDim
    (first row, last row, first column, last column) — by default the cells' own."""
    cells = list(cells)
    if dimension is None:
        rows, cols = [r for r, _, _ in cells] or [0], [c for _, c, _ in cells] or [0]
        dimension = (min(rows), max(rows), min(cols), max(cols))
    body = bytearray(record(0x0081) + record(0x0094, struct.pack("<IIII", *dimension)) + record(0x0091))
    current = None
    for r, c, value in cells:
        if r != current:
            body += row(r)
            current = r
        body += cell(c, value)
    return bytes(body + record(0x0092) + record(0x0082))


def workbook_records(sheets: Sequence[str]) -> bytes:
    body = bytearray(record(0x0083) + record(0x008F))
    for i, name in enumerate(sheets, start=1):
        body += record(0x009C, struct.pack("<II", 0, i) + wide(f"rId{i}") + wide(name))   # BrtBundleSh
    return bytes(body + record(0x0090) + record(0x009D, bytes(26)) + record(0x0084))


def write_xlsb(path: Path, sheets: dict[str, bytes], workbook: bytes | None = None) -> Path:
    """A .xlsb of the named worksheet parts (their records as bytes), in order."""
    names = list(sheets)
    rels = "".join(f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                   f'relationships/worksheet" Target="worksheets/sheet{i}.bin"/>' for i in range(1, len(names) + 1))
    types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/'
             'package/2006/content-types"><Default Extension="bin" ContentType="application/vnd.ms-excel.worksheet"/>'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             f'<Override PartName="/xl/workbook.bin" ContentType="{_BIN}"/></Types>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("_rels/.rels", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships {NS}>'
                                  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
                                  '2006/relationships/officeDocument" Target="xl/workbook.bin"/></Relationships>')
        z.writestr("xl/workbook.bin", workbook if workbook is not None else workbook_records(names))
        z.writestr("xl/_rels/workbook.bin.rels",
                   f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships {NS}>{rels}'
                   '</Relationships>')
        for i, name in enumerate(names, start=1):
            z.writestr(f"xl/worksheets/sheet{i}.bin", sheets[name])
    return path


def grids_as_xlsb(path: Path, grids: dict[str, list[list[Any]]]) -> Path:
    """A workbook's sheets (rows of values, None for an empty cell) written as an .xlsb."""
    return write_xlsb(path, {name: sheet_records((r, c, v) for r, values in enumerate(rows)
                                                 for c, v in enumerate(values) if v not in (None, ""))
                             for name, rows in grids.items()})
