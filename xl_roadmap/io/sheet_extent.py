"""How much memory a worksheet of an .xlsx will take once parsed — judged before calamine parses it.

calamine stores a sheet as one dense rectangle from its first to its last filled cell. Two cells far apart
(«A1» and «XFD1048576»: 17 billion positions) make it allocate hundreds of gigabytes, and a failed allocation
aborts the whole process (no exception: a Rust abort). A crafted file of two kilobytes would take down
«Проверить» and a district's whole consolidation. So the sheet's XML is scanned first and a sheet whose
filled rectangle passes ``MAX_CELLS`` is refused with a Russian reason.

Where calamine puts a cell (its xlsx cells reader): at its ``r`` reference when it has one — letters, then
digits, nothing else — and otherwise at the reader's counters: the row after the previous ``</row>`` (or the
``r`` of the enclosing ``<row>``), the column after the previous cell. Elements are matched by local name, so
``<x:c>`` is a cell too. So a far cell can be written plainly («XFD1048576», «ZZZZZZ1»), or be implied by
thousands of rows or cells without references.

The common shape is judged by a quick look (``_plainly_near``: one fold of the bytes, four C-speed searches):
every cell tag is a ``<c r="`` with an upper-case reference, and no reference has three letters
or four digits — then every cell lies within ZZ999. Anything else is counted exactly: by the references when
every cell has one (a district roll-up takes that path), by replaying calamine's counters when some do not.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import PurePosixPath

from xl_roadmap.core.addresses import col_letter
from xl_roadmap.io.container import WORKBOOK_LIMITS, read_member
from xl_roadmap.io.read_error import ReadError
from xl_roadmap.io.source import Source

MAX_CELLS = 4_000_000              # calamine keeps ~32 bytes a position: ≈ 130 MB, within the reader's budget

# the quick look's fold: upper-case letters to «A», lower-case ones to «a» except «c» and «r» (the cell tag and
# its attribute), digits to «0», whitespace to a space, «'» to «"», and «:» to «<» — so a prefixed cell tag
# «<x:c» counts as a cell tag «<c» too. A plain cell then reads «<c r="A0"».
_FOLD = bytes.maketrans(
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabdefghijklmnopqstuvwxyz0123456789\t\n\r':",
    b"A" * 26 + b"a" * 24 + b"0" * 10 + b'   "<')
_NEAR_AREA = 999 * 702             # what the quick look lets through: references up to ZZ999
_CHUNK = 1 << 20
_TAIL_MAX = 4 * _CHUNK             # a tag cut by a piece's end is carried into the next one whole

# the exact count. An attribute value holds no «<» (XML forbids it) but may hold «>»: a tag's attributes are
# read as names and quoted values (either quote), never past the tag's end
_PREFIX = rb"(?:[^\s<>/!?:]+:)?"
_ATTRS = rb"""(?:[^>"']|"[^"]*"|'[^']*')*"""
_CELL_START = re.compile(rb"<" + _PREFIX + rb"c[\s/>]")
_CELL = re.compile(rb"<" + _PREFIX + rb"c\s" + _ATTRS + rb"""(?<=\s)r\s*=\s*["']([A-Za-z]+)(\d+)["']""")
_ROW_R = re.compile(rb"<" + _PREFIX + rb"row\s" + _ATTRS + rb"(?<=\s)r\s*=")
_ANY_R = re.compile(rb"(?<=\s)r\s*=")
_TAG = re.compile(rb"<(/?)" + _PREFIX + rb"(row|c)(?=[\s/>])(" + _ATTRS + rb")>")
_ATTR = re.compile(rb"""([^\s=/>"']+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_REF = re.compile(rb"([A-Za-z]+)(\d+)")
_SHEET = re.compile(rb'<sheet\b[^>]*?\bname="([^"]*)"[^>]*?\br:id="([^"]*)"')
_SHEET_ID_FIRST = re.compile(rb'<sheet\b[^>]*?\br:id="([^"]*)"[^>]*?\bname="([^"]*)"')
_REL = re.compile(rb'<Relationship\b[^>]*?\bId="([^"]*)"[^>]*?\bTarget="([^"]*)"')
_REL_TARGET_FIRST = re.compile(rb'<Relationship\b[^>]*?\bTarget="([^"]*)"[^>]*?\bId="([^"]*)"')


def sheet_parts(path: Source, zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its worksheet part in the zip (names as Excel stores them, XML entities decoded). The two
    parts are read within their declared sizes: ReadError for one that yields more (io.container.read_member)."""
    try:
        book = read_member(path, zf, zf.getinfo("xl/workbook.xml"), WORKBOOK_LIMITS)
        rels = read_member(path, zf, zf.getinfo("xl/_rels/workbook.xml.rels"), WORKBOOK_LIMITS)
    except KeyError:
        return {}
    targets = dict(_REL.findall(rels)) | {k: v for v, k in _REL_TARGET_FIRST.findall(rels)}
    sheets = dict(_SHEET.findall(book)) | {name: rid for rid, name in _SHEET_ID_FIRST.findall(book)}
    parts = {}
    for name, rid in sheets.items():
        target = targets.get(rid)
        if target is None:
            continue
        target = target.decode("utf-8", "replace")
        part = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        parts[_unescape(name.decode("utf-8", "replace"))] = part
    return parts


def _unescape(text: str) -> str:
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'")
            .replace("&amp;", "&"))


def check_extent(path: Source, zf: zipfile.ZipFile, sheet: str, part: str, max_cells: int | None = None) -> None:
    """ReadError (naming file, sheet and the rectangle) when the sheet's filled cells span more than
    ``max_cells`` positions; nothing when they do not, or when the part is not there (calamine says)."""
    limit = MAX_CELLS if max_cells is None else max_cells
    try:
        info = zf.getinfo(part)
    except KeyError:
        return
    if _NEAR_AREA <= limit and info.file_size <= _CHUNK:
        with zf.open(info) as member:
            data = member.read(_CHUNK + 1)
        if len(data) <= _CHUNK and _plainly_near(data):
            return
    refuse_far(path, sheet, _bounds(lambda: _pieces(path, sheet, zf, info), limit), limit)


def check_extent_of(path: Source, sheet: str, data: bytes, max_cells: int | None = None) -> None:
    """:func:`check_extent` for a sheet's XML already inflated."""
    limit = MAX_CELLS if max_cells is None else max_cells
    if _NEAR_AREA <= limit and _plainly_near(data):
        return
    refuse_far(path, sheet, _bounds(lambda: (data,), limit), limit)


def refuse_far(path: Source, sheet: str, bounds: tuple[int, int, int, int] | None, limit: int,
               area: int | None = None) -> None:
    """ReadError naming the sheet and its rectangle (0-based bounds) when the rectangle — or ``area``, the number
    of positions the reader of another format will allocate for it — passes ``limit``."""
    if bounds is None:
        return
    first_row, last_row, first_col, last_col = bounds
    if area is None:
        area = (last_row - first_row + 1) * (last_col - first_col + 1)
    if area > limit:
        corner = f"{col_letter(first_col)}{first_row + 1}:{col_letter(last_col)}{last_row + 1}"
        raise ReadError(path, f"лист «{sheet}» не прочитан: заполненные ячейки занимают область {corner} — "
                              f"{area:,} ячеек (больше {limit:,}).".replace(",", " ") +
                        " Вероятно, в далёкую ячейку случайно что-то введено: на этом листе нажмите Ctrl+End, "
                        "удалите лишние строки и столбцы, сохраните книгу и пришлите её снова")


def _plainly_near(data: bytes) -> bool:
    """The quick look: True when every cell surely lies within ZZ999. Only the cells' region is looked at
    (from the first «sheetData» to the last: calamine reads cells in the first sheetData element only)."""
    start = data.find(b"sheetData")
    if start < 0:
        return True                     # no cells at all (calamine refuses such a sheet)
    end = data.rfind(b"sheetData")
    folded = (data[start:end] if end > start else data[start:]).translate(_FOLD)
    return (folded.count(b"<c") == folded.count(b'<c r="A')     # every cell tag: an upper-case reference
            and b"AAA0" not in folded and b"A0000" not in folded)  # no column past ZZ, no row past 999


def _bounds(pieces, limit: int) -> tuple[int, int, int, int] | None:
    """(first row, last row, first column, last column), 0-based, of the cells calamine would place; None
    when there are none. ``pieces()`` gives the part's XML in consecutive pieces (each time it is called)."""
    starts = explicit = row_refs = any_refs = 0
    rows: set[int] = set()
    cols: set[bytes] = set()
    for piece in pieces():
        starts += len(_CELL_START.findall(piece))
        row_refs += len(_ROW_R.findall(piece))
        any_refs += len(_ANY_R.findall(piece))
        for letters, number in _CELL.findall(piece):
            explicit += 1
            cols.add(letters)
            rows.add(int(number))
    # every cell with one reference (and nothing else written «r=»): its place is its reference. Otherwise —
    # cells without a reference, or with two — calamine's counters are replayed
    if starts != explicit or any_refs != explicit + row_refs:
        return _replayed(pieces, limit)
    if not rows:
        return None
    numbers = [_column_number(c) for c in cols]
    return min(rows) - 1, max(rows) - 1, min(numbers) - 1, max(numbers) - 1


def _replayed(pieces, limit: int) -> tuple[int, int, int, int] | None:
    """Every cell placed as calamine's reader places it (rows and cells in document order); stops as soon as
    the rectangle passes ``limit``."""
    row = col = 0
    box = None
    for piece in pieces():
        for closing, name, attrs in _TAG.findall(piece):
            if closing:
                if name == b"row":
                    row, col = row + 1, 0
                continue
            refs = [a[1] or a[2] for a in _ATTR.findall(attrs) if a[0] == b"r"]
            if name == b"row":
                for value in refs:
                    if value.isdigit():
                        row = int(value) - 1
                if attrs.endswith(b"/"):
                    row, col = row + 1, 0
                continue
            places = [(int(m.group(2)) - 1, _column_number(m.group(1)) - 1)
                      for m in map(_REF.fullmatch, refs) if m is not None] or [(row, col)]
            for r, c in places:     # every reference a tag gives counts (which one calamine takes: the last)
                box = (r, r, c, c) if box is None else (min(box[0], r), max(box[1], r), min(box[2], c),
                                                         max(box[3], c))
            col = places[-1][1] + 1
            if (box[1] - box[0] + 1) * (box[3] - box[2] + 1) > limit:
                return box
    return box


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


def _pieces(path: Source, sheet: str, zf: zipfile.ZipFile, info: zipfile.ZipInfo):
    """The part's XML in consecutive pieces of about a megabyte, each ending before a tag that the chunk cut
    (carried whole into the next piece); never more than the part's declared size (the container's checks
    bound that size before we get here)."""
    with zf.open(info) as member:
        tail = b""
        while True:
            chunk = member.read(_CHUNK)
            if not chunk:
                if tail:
                    yield tail
                return
            piece = tail + chunk
            cut = piece.rfind(b"<")
            if cut < 0:
                yield piece
                tail = b""
                continue
            if len(piece) - cut > _TAIL_MAX:
                raise ReadError(path, f"лист «{sheet}» не прочитан: в его разметке тег длиной больше "
                                      f"{_TAIL_MAX // _CHUNK} МБ — файл повреждён или создан не Excel")
            yield piece[:cut]
            tail = piece[cut:]
