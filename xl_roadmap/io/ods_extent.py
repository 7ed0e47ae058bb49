"""How much an .ods will take in calamine — judged from its content.xml before calamine opens it.

calamine reads every table of an .ods when it opens the file and keeps them all. A cell is written once with a
repeat count (``table:number-columns-repeated``, ``table:number-rows-repeated``) and calamine expands it: each
repeat is a position of 32 bytes and a copy of the cell's text. It caps a table at 100 million positions —
3 GB — so a file of a kilobyte could still abort the process: 3,000 rows of a number repeated over 16,384
columns, a row of text repeated down a million rows, a cell of 50,000 characters repeated across a row, or
«<text:s text:c="2000000000"/>» (two billion spaces, one cell) (issue 25). The .xlsx rules apply to what the
expansion gives: no table holds more than io.sheet_extent.MAX_CELLS positions — its cells' rectangle, or the
rows as calamine first collects them from column A — with the .xlsx reason naming the table; the tables
together at most ``MAX_BOOK_CELLS``; their texts, as copied, at most ``MAX_TEXT_BYTES``.

The XML is read as calamine's reader (calamine 0.37, src/ods.rs: read_table, read_row, get_datatype, get_range)
reads it: elements by their literal names («table:table-row»), a cell is empty unless it has a value attribute,
is of type string, or has a formula; the counts are capped as calamine caps them (1,048,576 rows, 16,384
columns); a row holding anything but cells ends calamine's reading (it fails), and ours. content.xml is read in
pieces (io.container.member_pieces), never whole.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from typing import Iterator

from xl_roadmap.io.container import WORKBOOK_LIMITS, member_pieces
from xl_roadmap.io.read_error import ReadError
from xl_roadmap.io.sheet_extent import MAX_CELLS, refuse_far
from xl_roadmap.io.source import Source, open_zip

MAX_BOOK_CELLS = 2 * MAX_CELLS     # every table is held at once: values (32 bytes a position) and formulas (24)
MAX_TEXT_BYTES = 64 * 1024 * 1024  # the texts calamine copies for the repeats (and Python once more)
_MAX_ROWS, _MAX_COLUMNS = 1_048_576, 16_384
_PIECE = 1 << 20

_TOKEN = re.compile(rb"""<(/?)([^\s/>!?]+)((?:[^>"']|"[^"]*"|'[^']*')*?)(/?)>|<!--.*?-->|<\?.*?\?>|<!\[CDATA\[(.*?)\]\]>""",
                    re.S)
_ATTR = re.compile(rb"""([^\s=/>"']+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_VALUES = (b"office:value", b"office:string-value", b"office:date-value", b"office:time-value",
           b"office:boolean-value")
_CELL_NAMES = (b"table:table-cell", b"table:covered-table-cell")


class _Fails(Exception):
    """calamine's reader fails here (a mismatch, a number it cannot parse): nothing past it is allocated."""


def check_content(path: Source) -> "_Book":
    """ReadError when the tables of ``path``'s content.xml, as calamine expands them, pass the limits; else
    what was found (the tables' extents, for tests)."""
    book = _Book(path)
    with open_zip(path) as zf:
        try:
            info = zf.getinfo("content.xml")
        except KeyError:
            return book                              # calamine says so
        try:
            _read(_events(path, _utf8(member_pieces(path, zf, info, WORKBOOK_LIMITS, _PIECE))), book)
        except _Fails:
            pass
    return book


# ---------------------------------------------------------------------------------------------- the cost

@dataclass
class _Table:
    name: str
    collected: int = 0                # positions of calamine's first pass: each row from column A to its last cell
    rows_before: int = 0              # repeated rows so far (calamine's rows, capped)
    values: "_Extent" = field(default_factory=lambda: _Extent())
    formulas: "_Extent" = field(default_factory=lambda: _Extent())


@dataclass
class _Extent:
    """The rectangle get_range builds for one kind (values or formulas): rows in repeated rows, columns."""
    first_row: int | None = None
    end_row: int = 0                  # one past the last repeated row of the last non-empty row
    first_col: int = _MAX_COLUMNS
    last_col: int = -1

    def add(self, rows_before: int, repeats: int, first: int, last: int) -> None:
        if self.first_row is None:
            self.first_row = rows_before
        self.end_row = rows_before + repeats
        self.first_col, self.last_col = min(self.first_col, first), max(self.last_col, last)

    def area(self) -> int:
        if self.first_row is None:
            return 0
        return (self.end_row - self.first_row) * (self.last_col - self.first_col + 1)

    def bounds(self) -> tuple[int, int, int, int] | None:
        return None if self.first_row is None else (self.first_row, self.end_row - 1, self.first_col, self.last_col)


class _Book:
    def __init__(self, path: Source):
        self.path = path
        self.cells = 0
        self.text = 0
        self.tables: list[_Table] = []

    def add_text(self, table: _Table, size: int) -> None:
        self.text += size
        if self.text > MAX_TEXT_BYTES:
            raise ReadError(self.path, f"файл отклонён: на листе «{table.name}» повторы ячеек с текстом "
                                       f"(table:number-columns-repeated, table:number-rows-repeated, text:s) "
                                       f"развернулись бы больше чем в {MAX_TEXT_BYTES // (1024 * 1024)} МБ "
                                       f"текста — так устроены «бомбы», а не книга Excel")

    def check(self, table: _Table, final: bool = False) -> None:
        """The table so far (its rectangle grows row by row, so a giant one is refused before it is read out)."""
        values, formulas = table.values.area(), table.formulas.area()
        largest = max(table.collected, values, formulas)
        if largest > MAX_CELLS:
            bounds = table.values.bounds() or table.formulas.bounds() or (0, 0, 0, 0)
            if table.collected == largest:        # calamine first collects each row from column A
                bounds = (bounds[0], bounds[1], 0, bounds[3])
            refuse_far(self.path, table.name, bounds, MAX_CELLS, area=largest)
        if final:
            self.cells += values + formulas
        if self.cells + (0 if final else values + formulas) > MAX_BOOK_CELLS:
            raise ReadError(self.path, f"файл отклонён: заполненные ячейки всех листов вместе занимают больше "
                                       f"{MAX_BOOK_CELLS:_} ячеек — программа чтения держит все листы книги "
                                       f"OpenDocument сразу".replace("_", " "))


# ---------------------------------------------------------------------------------------------- calamine's reading

def _read(events: Iterator[tuple], book: _Book) -> None:
    for kind, name, attrs, _ in events:
        if kind == "start" and name == b"table:table":
            table_name = _attr(attrs, b"table:name")
            if table_name is not None:
                table = _Table(table_name.decode("utf-8", "replace"))
                book.tables.append(table)
                _table(events, book, table)
                book.check(table, final=True)


def _table(events: Iterator[tuple], book: _Book, table: _Table) -> None:
    for kind, name, attrs, _ in events:
        if kind == "start" and name == b"table:table-row":
            repeats = min(_count(attrs, b"table:number-rows-repeated"), _MAX_ROWS - table.rows_before)
            _row(events, book, table, repeats)
            table.rows_before += repeats
            book.check(table)
        elif kind == "end" and name == b"table:table":
            return


def _row(events: Iterator[tuple], book: _Book, table: _Table, repeats: int) -> None:
    """One row as read_row collects it: a cell's empty repeats are pushed when the next cell starts, so only
    the row's trailing empty cells cost nothing."""
    width = pending = 0
    first_value = last_value = first_formula = last_formula = None
    text = 0
    for kind, name, attrs, _ in events:
        if kind == "end" and name == b"table:table-row":
            break
        if kind != "start" or name not in _CELL_NAMES:
            raise _Fails                                  # calamine: «Mismatch»
        count = _count(attrs, b"table:number-columns-repeated")
        has_value, size, formula, content = _datatype(attrs)
        size += _string(events) if content else _skip(events, name)
        width += min(pending, _MAX_COLUMNS - width)
        pending = 0
        count = min(count, _MAX_COLUMNS - width)
        if not (has_value or formula):
            pending = count
            continue
        if count:
            if has_value:
                first_value = width if first_value is None else first_value
                last_value = width + count - 1
            if formula:
                first_formula = width if first_formula is None else first_formula
                last_formula = width + count - 1
        size += formula
        book.add_text(table, size * count)                       # each repeat a copy of the text
        text += size * count
        width += count
    table.collected += width
    if first_value is not None:
        table.values.add(table.rows_before, repeats, first_value, last_value)
    if first_formula is not None:
        table.formulas.add(table.rows_before, repeats, first_formula, last_formula)
    if text:
        book.add_text(table, text * repeats)                     # get_range copies the row for each repeat


def _datatype(attrs: bytes) -> tuple[bool, int, int, bool]:
    """(has a value, its text's length, its formula's length, its text is its content) as get_datatype reads
    the attributes, in their order: the first value attribute wins; a string cell without one takes its
    content — and is a value even when that is empty."""
    has_value, size, formula, string = False, 0, 0, False
    for key, v1, v2 in _ATTR.findall(attrs):
        value = v1 or v2
        if key in _VALUES and not has_value:
            has_value = True
            size = len(value) if key != b"office:value" and key != b"office:boolean-value" else 0
        elif key == b"office:value-type" and not has_value:
            string = value == b"string"
        elif key == b"table:formula":
            formula = len(value)
    content = string and not has_value
    return has_value or content, size, formula, content


def _string(events: Iterator[tuple]) -> int:
    """The length of a string cell's text, read as get_datatype reads it: text, spaces of text:s (×text:c), a
    line break between paragraphs; an annotation left out."""
    size, paragraphs, annotation = 0, 0, 0
    for kind, name, attrs, data in events:
        if kind == "end" and name in _CELL_NAMES and not annotation:
            return size
        if kind == "start" and name == b"office:annotation":
            annotation += 1
        elif kind == "end" and name == b"office:annotation":
            annotation = max(annotation - 1, 0)
        elif annotation:
            continue
        elif kind == "text":
            size += len(data)
        elif kind == "start" and name == b"text:p":
            size += paragraphs > 0
            paragraphs += 1
        elif kind == "start" and name == b"text:s":
            size += _count(attrs, b"text:c")
    raise _Fails                                          # calamine: the file ends inside the cell


def _skip(events: Iterator[tuple], cell: bytes) -> int:
    """A cell whose content is not its value: skipped to its end, as read_to_end_into does (no text kept)."""
    depth = 1
    for kind, name, _, _ in events:
        if name == cell:
            depth += 1 if kind == "start" else -1 if kind == "end" else 0
            if depth == 0:
                return 0
    raise _Fails


def _attr(attrs: bytes, key: bytes) -> bytes | None:
    for k, v1, v2 in _ATTR.findall(attrs):
        if k == key:
            return v1 or v2
    return None


def _count(attrs: bytes, key: bytes) -> int:
    """A repeat or space count as Rust parses a usize (a leading «+» allowed); one when there is none."""
    value = _attr(attrs, key)
    if value is None:
        return 1
    digits = value[1:] if value.startswith(b"+") else value
    if not digits.isdigit() or int(digits) >= 1 << 64:
        raise _Fails                                      # calamine cannot parse it: the file fails
    return int(digits)


# ---------------------------------------------------------------------------------------------- the XML

def _events(path: Source, pieces: Iterator[bytes]) -> Iterator[tuple]:
    """("start" | "end" | "text" | "other", name, attributes, text) in document order; a self-closing element is
    a start and an end (quick-xml's expand_empty_elements, as calamine sets it). A long text comes in pieces."""
    tail = b""
    for piece in _whole_tags(path, pieces):
        data = tail + piece if tail else piece
        at = 0
        for m in _TOKEN.finditer(data):
            if m.start() > at:
                yield "text", b"", b"", data[at:m.start()]
            at = m.end()
            if m.group(5) is not None:
                yield "text", b"", b"", m.group(5)
            elif m.group(2) is None:
                yield "other", b"", b"", b""               # a comment or an instruction
            elif m.group(1):
                yield "end", m.group(2), b"", b""
            else:
                yield "start", m.group(2), m.group(3), b""
                if m.group(4):
                    yield "end", m.group(2), b"", b""
        tail = data[at:]
        if b"<" not in tail:                              # plain text: given now, not carried
            if tail:
                yield "text", b"", b"", tail
            tail = b""
    if tail:
        yield "text", b"", b"", tail


def _whole_tags(path: Source, pieces: Iterator[bytes]) -> Iterator[bytes]:
    """The pieces cut before their last «<», so no tag is split (the rest goes into the next piece); a tag
    longer than ``MAX_TEXT_BYTES`` (an attribute holding a cell's text) is refused rather than gathered."""
    carry = b""
    for piece in pieces:
        data = carry + piece if carry else piece
        cut = data.rfind(b"<")
        if cut < 0:
            carry = b""
            yield data
            continue
        carry = data[cut:]
        if len(carry) > MAX_TEXT_BYTES:
            raise ReadError(path, f"файл отклонён: в content.xml тег длиннее {MAX_TEXT_BYTES // (1024 * 1024)} МБ "
                                  f"— так книги OpenDocument не устроены")
        if cut:
            yield data[:cut]
    if carry:
        yield carry


def _utf8(pieces: Iterator[bytes]) -> Iterator[bytes]:
    """content.xml in UTF-8 (quick-xml reads a UTF-16 one too)."""
    first = next(pieces, b"")
    if not first.startswith((b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<")):
        yield first
        yield from pieces
        return
    encoding = "utf-16-be" if first.startswith((b"\xfe\xff", b"\x00<")) else "utf-16-le"
    decoder = codecs.getincrementaldecoder(encoding)("replace")
    for piece in (first, *pieces):
        yield decoder.decode(piece).lstrip("\ufeff").encode()
