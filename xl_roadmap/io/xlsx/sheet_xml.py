"""Worksheet rows as ready XML, built in worker processes, placed by the writer.

Writing a district roll-up is mostly XlsxWriter turning millions of cells into XML in one process. To use the
other cores, the workers that read the schools also turn each school's roll-up rows into the XML that
XlsxWriter's constant-memory writer would produce (the same markup, byte for byte: a test compares both
paths). A block's row numbers are not known in the worker — they depend on the schools before it — so the XML
holds :func:`token` marks, made fields of a format template (:func:`as_template`) that :func:`fill` turns into
numbers once the block's place is known. Texts are numbered per block (``LocalStrings``) and become shared
strings or inline ones when the block is placed (:func:`string_cells`), in the order the cell-by-cell writer
would meet them (io.xlsx.shared_strings).

:func:`append_rows` is the one place that touches XlsxWriter internals (a worksheet in constant-memory mode
keeps its rows in a temporary file, ``fh``); :func:`supported` says whether this XlsxWriter has them, and the
writer falls back to cell-by-cell writing when it does not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Any, Mapping

from xl_roadmap.core.addresses import col_letter
from xl_roadmap.core.layout import render_formula
from xl_roadmap.io.xlsx import limits, text_fit
from xl_roadmap.io.xlsx.book import FONT_SIZES, cached
from xl_roadmap.io.xlsx.shared_strings import LocalStrings, SharedStrings
from xl_roadmap.spec import default_spec
from xl_roadmap.spec.vocabulary import RollupSheet

_TOKEN = re.compile("\ue000([A-Z])(\\d+)\ue001")
# XlsxWriter's escaping rules (xmlwriter.py, utility.py), repeated so the markup is identical
_CONTROL_1 = re.compile("(_x[0-9a-fA-F]{4}_)")
_CONTROL_2 = re.compile(r"([\x00-\x08\x0b-\x1f])")
_ESCAPES = re.compile('["&<>\n]')
_LEADING_WS = re.compile(r"^\s")
_TRAILING_WS = re.compile(r"\s$")
_EPOCH_ORDINAL = date(1899, 12, 30).toordinal()
_ERROR_CODES = ("#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!")


def token(key: str, offset: int) -> str:
    """A mark for «the block's base number ``key`` plus ``offset``» (a row number, a running number)."""
    return f"\ue000{key}{offset}\ue001"


STRING_KEY = "S"        # a token ``S<k>`` stands for the type and content of a cell holding local text k


@dataclass
class ReadyRows:
    """Rows rendered in a worker: their XML as a template (:func:`as_template`), how many there are, the texts
    they refer to, and how many numbers of each token key (row bases …) their fields take."""
    xml: str
    rows: int
    strings: LocalStrings
    offsets: dict[str, int] = field(default_factory=dict)


TOKEN_KEYS = ("R", "E", "N", "P", STRING_KEY)


def as_template(xml: str) -> str:
    """Rendered XML with its tokens turned into the fields of a ``str.format`` template (``{R[5]}``), so the
    writer fills a block's numbers and texts in one call (:func:`fill`) instead of a loop over its tokens — a
    roll-up has millions, and they are filled in the one process that writes the file."""
    xml = xml.replace("{", "{{").replace("}", "}}")
    for key in TOKEN_KEYS:
        xml = xml.replace(MARKS[0] + key, "{" + key + "[")
    xml = xml.replace(MARKS[1], "]}")
    if MARKS[0] in xml:
        raise ValueError("a token of an unknown key in rendered rows")
    return xml


def fill(template: str, bases: Mapping[str, int], offsets: Mapping[str, int], texts: list[str]) -> str:
    """The XML of a template: field ``{K[k]}`` becomes ``bases[K] + k``, ``{S[k]}`` the k-th text's cell."""
    fields: dict[str, list[str]] = {key: _numbers(bases[key], n) for key, n in offsets.items()}
    fields[STRING_KEY] = texts
    return template.format_map(fields)


_NUMBERS: list[str] = []


def _numbers(first: int, n: int) -> list[str]:
    """«first», «first + 1» … as texts: a slice of numbers written once per process."""
    if len(_NUMBERS) < first + n:
        _NUMBERS.extend(str(k) for k in range(len(_NUMBERS), 2 * (first + n)))
    return _NUMBERS[first:first + n]


def string_cells(strings: LocalStrings, shared: SharedStrings | None, bases: Mapping[str, int]) -> list[str]:
    """What each local text's token becomes: a reference into the shared-strings table, or the inline
    text when the table is full (or there is none). Called once per block, texts in order of appearance;
    a text made of tokens (a running number) is resolved first."""
    mark, texts = MARKS[0], strings.texts
    if mark in "".join(texts):
        texts = [resolve(t, bases) if mark in t else t for t in texts]
    if shared is None:
        return [_inline_content(t) for t in texts]
    cells = shared.cells(texts, strings.references)
    if None not in cells:
        return cells
    return [c if c is not None else _inline_content(t) for c, t in zip(cells, texts)]


def resolve(xml: str, bases: Mapping[str, int], texts: list[str] | None = None) -> str:
    # split and join rather than re.sub with a callback: a roll-up has millions of tokens, and this runs in
    # the one process that writes the file
    parts = _TOKEN.split(xml)
    for i in range(1, len(parts), 3):
        key, offset = parts[i], int(parts[i + 1])
        parts[i] = texts[offset] if key == STRING_KEY else str(bases[key] + offset)
        parts[i + 1] = ""
    return "".join(parts)


def _data(text: str) -> str:
    if _ESCAPES.search(text):
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


class _TooLong(Exception):
    """A text that no cell holds (io.xlsx.limits): the row builders below turn it into a LimitError that names
    the sheet. Never cut: a roll-up with a shortened text would be a wrong copy of the school's book."""

    def __init__(self, ref: str, text: str):
        super().__init__(ref)
        self.ref, self.text = ref, text


def _refuse(sheet: str, exc: _TooLong) -> None:
    """Raise the LimitError for a text too long: at its cell, or — in a worker, where the row is still a
    token — in its column."""
    if MARKS[0] in exc.ref:
        limits.check_text(sheet, exc.text, column=exc.ref.partition(MARKS[0])[0])
    else:
        limits.check_text(sheet, exc.text, cell=exc.ref)


def _inline_content(text: str) -> str:
    text = _CONTROL_1.sub(r"_x005F\1", text)
    text = _CONTROL_2.sub(lambda m: f"_x{ord(m.group(1)):04X}_", text)
    text = text.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
    preserve = ' xml:space="preserve"' if _LEADING_WS.search(text) or _TRAILING_WS.search(text) else ""
    return f' t="inlineStr"><is><t{preserve}>{_data(text)}</t></is>'


def _text_cell(ref: str, style: int, text: str, strings: LocalStrings | None) -> str:
    if 2 * len(text) > limits.LIMITS.text and limits.too_long(text, limits.LIMITS.text):
        raise _TooLong(ref, text)
    if strings is not None:
        return f'<c r="{ref}" s="{style}"{token(STRING_KEY, strings.number(text))}</c>'
    return f'<c r="{ref}" s="{style}"{_inline_content(text)}</c>'


def value_cell(ref: str, value: Any, style: int, date_style: int | None = None,
               strings: LocalStrings | None = None) -> str:
    """One cell as the writer's typed write would store it ('' for an empty cell without a style); a text
    is numbered in ``strings`` when given (see :func:`resolve`), else written inline."""
    if value is None or value == "":
        return f'<c r="{ref}" s="{style}"/>'
    if isinstance(value, bool):
        return f'<c r="{ref}" s="{style}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}" s="{style}"><v>{value:.16G}</v></c>'
    if isinstance(value, (datetime, date)):
        serial = float(date(value.year, value.month, value.day).toordinal() - _EPOCH_ORDINAL)
        return f'<c r="{ref}" s="{date_style if date_style is not None else style}"><v>{serial:.16G}</v></c>'
    return _text_cell(ref, style, str(value), strings)


def formula_cell(ref: str, formula: str, style: int, cached: Any) -> str:
    if formula.startswith("="):
        formula = formula[1:]
    kind = ""
    if isinstance(cached, bool):
        kind, cached = ' t="b"', int(cached)
    elif isinstance(cached, str):       # "" too: an empty text result (book.LiteralTextWorksheet)
        kind = ' t="e"' if cached in _ERROR_CODES else ' t="str"'
    result = _data(cached) if isinstance(cached, str) else cached
    return f'<c r="{ref}" s="{style}"{kind}><f>{_data(formula)}</f><v>{result}</v></c>'


def row(number: str, cells: list[str], height: float | None = None) -> str:
    if height is None:
        return f'<row r="{number}">{"".join(cells)}</row>'
    # XlsxWriter's set_row: points to whole pixels and back
    pt = int(height * 4.0 / 3.0 + 0.5) * 0.75
    return f'<row r="{number}" ht="{pt:.16g}" customHeight="1">{"".join(cells)}</row>'


def row_height(sheet, data: Mapping[str, Any]) -> float | None:
    """The height a table row needs for its wrapped texts (io.xlsx.text_fit), for both ways of writing it. A
    worker's row-number token (a number once placed) is no text to wrap."""
    size, bold = FONT_SIZES["input_text"]
    need = 0.0
    for column_id, width in _wrapped_columns(sheet):
        value = data.get(column_id)
        if value.__class__ is str and value and MARKS[0] not in value:
            need = max(need, text_fit.height(value, width, size, bold))
    return need if need > text_fit.DEFAULT_HEIGHT else None


@lru_cache(maxsize=16)
def _wrapped_columns(sheet) -> tuple[tuple[str, float], ...]:
    """(id, width) of a table's columns whose texts wrap — chosen once per sheet, not per row."""
    return tuple((col.id, col.width) for col in sheet.columns
                 if not col.formula and not col.hidden and table_format(col) == "input_text")


def supported(ws) -> bool:
    """Whether this XlsxWriter worksheet can take ready rows (constant-memory mode, known internals)."""
    return all(hasattr(ws, a) for a in ("fh", "previous_row", "_write_single_row", "_check_dimensions")) \
        and getattr(ws, "constant_memory", False)


def append_rows(ws, xml: str, first_row0: int, last_row0: int, last_col0: int) -> None:
    """Put resolved rows ``first_row0..last_row0`` into the worksheet's row stream, after the rows written
    so far, exactly where XlsxWriter would have written them itself."""
    ws._write_single_row(first_row0)          # flush the pending row (e.g. the header) and move past it
    ws.fh.write(xml)
    ws._check_dimensions(first_row0, 0)
    ws._check_dimensions(last_row0, last_col0)
    ws.previous_row = last_row0               # the next cell-by-cell write starts after these rows


# -- the roll-up's streamed sheets ------------------------------------------------------------------------
# which writer format each kind of cell uses (names of io.xlsx.book.Formats attributes)
STYLE_NAMES = ("formula", "formula_number", "python_fill", "python_date", "input_text", "input_general",
               "input_date", "plain", "plain_date")
MARKS = ("\ue000", "\ue001")     # a text holding these cannot be rendered here (the writer takes it cell by cell)


def style_index(fmt) -> int:
    """The number XlsxWriter gives a format in ``s="…"`` (fixed on first use)."""
    return fmt._get_xf_index()


def table_format(col) -> str:
    """Which writer format (one of STYLE_NAMES) a table column's cells get — for both ways of writing them."""
    if col.formula:
        return "formula_number" if col.type == "number" else "formula"
    if col.fill == "python":
        return "python_date" if col.type == "date" else "python_fill"
    return {"date": "input_date", "number": "input_general"}.get(col.type, "input_text")


def table_rows(spec, sheet, rows, derived, styles: Mapping[str, int], row_number,
               strings: LocalStrings | None = None) -> str:
    """Data rows of a table sheet; ``row_number(k)`` gives the k-th row's number (or its token)."""
    columns = [(col, col.id, col_letter(c), styles[table_format(col)]) for c, col in enumerate(sheet.columns)]
    # the common cells — empty, or a text that surely fits — the short way (the very markup of value_cell)
    number = strings.number if strings is not None else None
    fits = limits.LIMITS.text // 2
    out = []
    try:
        for k, data in enumerate(rows):
            rn = str(row_number(k))
            cells = []
            for col, cid, letter, style in columns:
                if col.formula:
                    formula = render_formula(spec, sheet, col.formula, rn)
                    cells.append(formula_cell(letter + rn, formula, style, cached(derived[k].get(cid))))
                    continue
                value = data.get(cid)
                if value is None or value == "":
                    cells.append(f'<c r="{letter}{rn}" s="{style}"/>')
                elif value.__class__ is str and number is not None and len(value) <= fits:
                    cells.append(f'<c r="{letter}{rn}" s="{style}"\ue000{STRING_KEY}{number(value)}\ue001</c>')
                else:
                    cells.append(value_cell(letter + rn, value, style, strings=strings))
            out.append(row(rn, cells, row_height(sheet, data)))
    except _TooLong as exc:
        _refuse(sheet.name, exc)
    return "".join(out)


def extra_rows(rows, styles: Mapping[str, int], row_number, sheet: str | None = None,
               strings: LocalStrings | None = None) -> str:
    """Rows of a plain extra sheet (empty values are not written, as the writer does); ``sheet`` names it in
    an error (by default «Происхождение», the one extra sheet the roll-up streams)."""
    plain, plain_date = styles["plain"], styles["plain_date"]
    letters = [col_letter(c) for c in range(32)]
    out = []
    try:
        for k, values in enumerate(rows):
            rn = str(row_number(k))
            out.append(row(rn, [value_cell(letters[c] + rn, v, plain, plain_date, strings)
                                for c, v in enumerate(values) if v is not None and v != ""]))
    except _TooLong as exc:
        _refuse(sheet or default_spec().rollup_sheet(RollupSheet.PROVENANCE).name, exc)
    return "".join(out)
