"""Excel's limits, guarded wherever a workbook is written.

XlsxWriter ignores a cell past row 1,048,576 or column 16,384 (the write only returns -1) and, like openpyxl,
cuts a text past 32,767 characters without a word; a roll-up of some 1,200 schools would so come out incomplete
or with a school's text shortened. This module is the one place that knows the limits
and says, in the spec's Russian words (workbook.json → output_limits), which sheet would pass which limit and
what to do instead. :class:`LimitError` is an :class:`~xl_roadmap.io.atomic.OutputError`: the doors report it
(exit 2) and ``atomic_output`` publishes nothing, so an existing file at the target stays as it was.

The writers check counters where rows, columns and texts are written — never a re-scan of what was written:
a district's roll-up writes millions of cells and its speed is benchmarked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from xl_roadmap.io.atomic import OutputError
from xl_roadmap.spec import Spec, default_spec


@dataclass(frozen=True)
class Limits:
    rows: int = 1_048_576          # per sheet
    columns: int = 16_384          # per sheet (A … XFD)
    text: int = 32_767             # per cell, in UTF-16 units as Excel counts them
    sheet_name: int = 31
    list_source: int = 255         # a list validation's source: its items joined, or the formula naming a range


EXCEL = Limits()
# The limits the writers check: EXCEL, read at each write. A test lowers one with
# ``monkeypatch.setattr(limits, "LIMITS", Limits(rows=20))`` instead of writing a million rows each time.
LIMITS = EXCEL

_SHEET_NAME_CHARS = re.compile(r"[\[\]:*?/\\]")
_START = 40                        # characters of a too-long text quoted in the message


class LimitError(OutputError):
    """The workbook would pass one of Excel's limits: nothing is written. ``sheet`` names the sheet, ``cell``
    the cell of a text too long (when its row is known)."""

    def __init__(self, message: str, sheet: str = "", limit: int = 0, cell: str = ""):
        # only the message is an argument, so the error survives the way back from a worker process (pickle)
        super().__init__(message)
        self.sheet = sheet
        self.limit = limit
        self.cell = cell


def units(text: str) -> int:
    """A text's length as Excel counts it: UTF-16 units (a character beyond the BMP, an emoji, counts 2)."""
    return len(text.encode("utf-16-le")) // 2


def too_long(text: str, limit: int) -> bool:
    # a text of at most limit/2 characters cannot pass it: the encoding is done for long texts only
    return len(text) > limit or (2 * len(text) > limit and units(text) > limit)


def number(n: int) -> str:
    """1048576 → «1 048 576»."""
    return f"{n:,}".replace(",", " ")


def _words(spec: Spec | None) -> Mapping[str, Any]:
    return (spec or default_spec()).output_limits


def check_rows(sheet: str, last_row: int, spec: Spec | None = None) -> None:
    """Raise when a sheet would have a row past the limit (``last_row`` 1-based, as Excel numbers rows)."""
    limit = LIMITS.rows
    if last_row > limit:
        raise LimitError(_words(spec)["rows"].format(sheet=sheet, limit=number(limit)), sheet, limit)


def check_columns(sheet: str, count: int, spec: Spec | None = None) -> None:
    limit = LIMITS.columns
    if count > limit:
        raise LimitError(_words(spec)["columns"].format(sheet=sheet, count=number(count), limit=number(limit)),
                         sheet, limit)


def check_text(sheet: str, text: str, *, cell: str = "", column: str = "", spec: Spec | None = None) -> None:
    """Raise when a text does not fit in a cell; ``cell`` (or, where the row is not known yet, ``column``)
    says where it was to go."""
    limit = LIMITS.text
    if not too_long(text, limit):
        return
    words = _words(spec)
    place = words["places"]["cell"].format(cell=cell) if cell else words["places"]["column"].format(column=column)
    start = " ".join(text[:_START].split())
    raise LimitError(words["text"].format(sheet=sheet, place=place, length=number(units(text)), limit=number(limit),
                                          start=start), sheet, limit, cell)


def check_sheet_names(names: Iterable[str], spec: Spec | None = None) -> None:
    """Every sheet name Excel accepts: not empty, at most 31 characters, none of []:*?/\\, no apostrophe at
    either end, no two alike (Excel compares them regardless of case)."""
    limit = LIMITS.sheet_name
    seen: set[str] = set()
    for name in names:
        reason = ""
        if not name:
            reason = "empty"
        elif units(name) > limit:
            reason = "long"
        elif _SHEET_NAME_CHARS.search(name):
            reason = "chars"
        elif name.startswith("'") or name.endswith("'"):
            reason = "quote"
        elif name.lower() in seen:
            reason = "twice"
        if reason:
            words = _words(spec)
            why = words["sheet_name_reasons"][reason].format(limit=number(limit))
            raise LimitError(words["sheet_name"].format(sheet=name, reason=why), name, limit)
        seen.add(name.lower())


def check_list_source(sheet: str, cells: str, source: str | list[str], spec: Spec | None = None) -> None:
    """A list validation's source: a formula (``=list_name``, stored without «=») or the items themselves."""
    limit = LIMITS.list_source
    text = ",".join(str(item) for item in source) if isinstance(source, list) else source.removeprefix("=")
    length = units(text)
    if length > limit:
        raise LimitError(_words(spec)["list_source"].format(sheet=sheet, cells=cells, limit=number(limit),
                                                            length=number(length)), sheet, limit)
