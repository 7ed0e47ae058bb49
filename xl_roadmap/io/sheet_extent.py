"""How much memory a worksheet of an .xlsx will take once parsed — judged before calamine parses it.

calamine stores a sheet as one dense rectangle from its first to its last filled cell. Two cells far apart
(«A1» and «XFD1048576»: 17 billion positions) make it allocate hundreds of gigabytes, and a failed allocation
aborts the whole process (no exception: a Rust abort). A crafted file of two kilobytes would take down
«Проверить» and a district's whole consolidation. So the sheet's XML is scanned first, inflated in chunks,
and a sheet whose filled rectangle passes ``MAX_CELLS`` is refused with a Russian reason.

The scan is cheap on the common shape (a quick look at folded bytes, see ``_SUSPECT``); only a sheet of a
thousand rows or more, a column of three letters or an unusually written reference gets its rows and columns
counted exactly (a district roll-up takes that path).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path, PurePosixPath

from xl_roadmap.core.addresses import col_letter
from xl_roadmap.io.read_error import ReadError

MAX_CELLS = 4_000_000              # calamine keeps ~32 bytes a position: ≈ 130 MB, within the reader's budget

# the exact count: a start tag's attributes hold no «<» (XML forbids it there, while «>» is allowed); values
# in either quote
_CELL = re.compile(rb"""<c\b[^<]*?\br\s*=\s*["']([A-Za-z]+)(\d+)["']""")
_ROW = re.compile(rb"""<row\b[^<]*?\br\s*=\s*["'](\d+)["']""")
# the quick look: letters (calamine takes «xfd1» too) folded to «A», digits to «0», whitespace and «=» to a
# space, «'» to «"» — so every reference reads « A "A0"» — then five byte searches (C speed: a regular
# expression over a school book's sheets would cost a fifth of the whole read). A reference of three letters
# (a column past «ZZ»), of four digits (a row past 999), and «r» with whitespace around its «=» send the sheet
# to the exact count; without them the rectangle is at most 999 × 702 positions.
_FOLD = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789\t\n\r='",
                        b"A" * 52 + b"0" * 10 + b'    "')
_SUSPECT = (b' A "AAA0', b' A "A0000', b' A "AA0000', b' A "0000', b'  "')
_NEAR_AREA = 999 * 702
_CHUNK = 1 << 20
_TAIL_MAX = 4 * _CHUNK             # a start tag cut by a piece's end is carried into the next one whole
_SHEET = re.compile(rb'<sheet\b[^>]*?\bname="([^"]*)"[^>]*?\br:id="([^"]*)"')
_SHEET_ID_FIRST = re.compile(rb'<sheet\b[^>]*?\br:id="([^"]*)"[^>]*?\bname="([^"]*)"')
_REL = re.compile(rb'<Relationship\b[^>]*?\bId="([^"]*)"[^>]*?\bTarget="([^"]*)"')
_REL_TARGET_FIRST = re.compile(rb'<Relationship\b[^>]*?\bTarget="([^"]*)"[^>]*?\bId="([^"]*)"')


def sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its worksheet part in the zip (names as Excel stores them, XML entities decoded)."""
    try:
        book = zf.read("xl/workbook.xml")
        rels = zf.read("xl/_rels/workbook.xml.rels")
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


def check_extent(path: Path, zf: zipfile.ZipFile, sheet: str, part: str, max_cells: int | None = None) -> None:
    """ReadError (naming file, sheet and the rectangle) when the sheet's filled cells span more than
    ``max_cells`` positions; nothing when they do not, or when the part is not there (calamine says)."""
    limit = MAX_CELLS if max_cells is None else max_cells
    try:
        info = zf.getinfo(part)
    except KeyError:
        return
    if _NEAR_AREA <= limit and not any(_suspect(piece) for piece in _pieces(zf, info)):
        return
    rows, cols = set(), set()
    for piece in _pieces(zf, info):
        for letters, number in _CELL.findall(piece):
            cols.add(letters)
            rows.add(int(number))
        rows.update(int(n) for n in _ROW.findall(piece))
    if not rows:
        return
    numbers = [_column_number(c) for c in cols] or [1]
    first_col, last_col = min(numbers), max(numbers)
    first_row, last_row = min(rows), max(rows)
    area = (last_row - first_row + 1) * (last_col - first_col + 1)
    if area > limit:
        corner = f"{col_letter(first_col - 1)}{first_row}:{col_letter(last_col - 1)}{last_row}"
        raise ReadError(path, f"лист «{sheet}» не прочитан: заполненные ячейки занимают область {corner} — "
                              f"{area:,} ячеек (больше {limit:,}).".replace(",", " ") +
                        " Вероятно, в далёкую ячейку случайно что-то введено: на этом листе нажмите Ctrl+End, "
                        "удалите лишние строки и столбцы, сохраните книгу и пришлите её снова")


def _suspect(piece: bytes) -> bool:
    folded = piece.translate(_FOLD)
    return any(mark in folded for mark in _SUSPECT)


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


def _pieces(zf: zipfile.ZipFile, info: zipfile.ZipInfo):
    """The part's XML in overlapping pieces of about a megabyte, never more than its declared size (the
    container's checks bound that size before we get here)."""
    with zf.open(info) as member:
        tail = b""
        while True:
            chunk = member.read(_CHUNK)
            if not chunk:
                if tail:
                    yield tail
                return
            piece = tail + chunk
            yield piece
            cut = piece.rfind(b"<")
            tail = piece[cut:] if cut >= 0 and len(piece) - cut <= _TAIL_MAX else b""


