"""How tall a row must be for its wrapped text to show.

Excel and LibreOffice draw a wrapped cell at the height the file gives its row (15 pt when it gives none) and
refit a row only when someone edits it, so a long text written by a program overlaps its neighbours on screen
and on paper. The writers measure the text instead: the advance width of each character of Calibri (taken
from Carlito, the font with Calibri's metrics, rounded up), words wrapped greedily at spaces the way Excel
wraps them into the column's width, a height per line as Excel's row height for the font size. The measure
errs taller: a row a little too high costs nothing, a cut line loses words.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat


def _widths(groups: dict[float, str]) -> dict[str, float]:
    return {ch: width for width, chars in groups.items() for ch in chars}


# advance widths in em, rounded up to 1/50 em (characters not listed count as UNKNOWN)
REGULAR = _widths({
    0.24: " 'ijl",
    0.26: ',.I’',
    0.28: ':;',
    0.30: '`',
    0.32: '()-J[]f{}',
    0.34: '!t°',
    0.36: 'rг',
    0.40: '/\\szт',
    0.42: '"L“”„',
    0.44: 'cxГзсх',
    0.46: 'FSkvy|уэ',
    0.48: '?ZagЗавкчья',
    0.50: '#*+<=>ETY^_e~ЕТеЁё–•±×≤≥',
    0.52: '$0123456789KPXРХл«»',
    0.54: 'CbdhnopquБСУЬбнопръ',
    0.56: 'BRВКЧЭЯдийц',
    0.58: 'AVА',
    0.62: 'DЛЪ',
    0.64: 'GHНПЦф',
    0.66: 'NUДИЙ',
    0.68: 'OQОмы',
    0.70: '&Фж…',
    0.72: '%w',
    0.74: 'шю',
    0.76: 'щ',
    0.78: 'Ы',
    0.80: 'm',
    0.82: 'Ж',
    0.86: 'MМ',
    0.88: 'ШЮ',
    0.90: '@WЩ',
    0.92: '—',
    1.04: '№',
})
BOLD = _widths({
    0.24: " '",
    0.26: ',ijl’',
    0.28: '.:;I',
    0.30: '`',
    0.32: '()-f',
    0.34: '!J[]',
    0.36: 'rt{}г°',
    0.40: 'szт',
    0.42: 'cс',
    0.44: '"/L\\Гзэ“”„',
    0.46: 'Fxх',
    0.48: '?SZgkvy|у',
    0.50: '#*+<=>ET^_a~ЕЗТавкчьяЁ–•±×≤≥',
    0.52: '$0123456789Yeеё',
    0.54: 'CPbdhnopquРСЭблопр«»',
    0.56: 'KXБУХЬийнъ',
    0.58: 'BRВКЧЯц',
    0.60: 'Vд',
    0.62: 'AА',
    0.64: 'DGHЛНПЪ',
    0.66: 'NUИЙЦ',
    0.68: 'OДОф',
    0.70: 'Q',
    0.72: '&мы…',
    0.74: '%Фж',
    0.76: 'wю',
    0.78: 'ш',
    0.80: 'Ыщ',
    0.82: 'm',
    0.84: 'Ж',
    0.88: 'MМ',
    0.90: '@Ш',
    0.92: 'WЮ—',
    0.94: 'Щ',
    1.06: '№',
})
UNKNOWN = 0.72               # a character outside these tables: as wide as «ж»
DEFAULT_SIZE = 11            # Excel's default font: its digit width makes the unit of column width
DIGIT_PX = 7                 # the width of «0» of Calibri 11 at 96 dpi
PADDING_PX = 7               # margins Excel keeps inside a cell, left and right, and a pixel of rounding
SLACK = 0.95                 # other renderers (LibreOffice, another screen's hinting) set text a little wider
DEFAULT_HEIGHT = 15.0        # the row height of a sheet whose rows are not set (Calibri 11)
# Excel's height of one line of Calibri by font size, points (a wrapped cell of n lines wants n of them)
LINE_PT = {8: 11.25, 9: 12.0, 10: 12.75, 11: 15.0, 12: 15.75, 13: 17.25, 14: 18.75}
MAX_HEIGHT = 409.0           # Excel's largest row height


@dataclass(frozen=True)
class Text:
    """A wrapped cell: its text, the width of its column(s) in Excel's units, its font."""

    text: str
    width: float
    size: float = 10
    bold: bool = False


def column_px(width: float) -> int:
    """A column of ``width`` (Excel's units: digits of the default font) in pixels at 96 dpi."""
    return int(width * DIGIT_PX + 5) if width > 0 else 0


def text_px(text: str, size: float, bold: bool = False) -> float:
    table = BOLD if bold else REGULAR
    # map over the characters in C: a roll-up measures a million cells' texts
    return sum(map(table.get, text, repeat(UNKNOWN))) * size * 96 / 72


def line_pt(size: float) -> float:
    return LINE_PT.get(size) or math.ceil(size * 1.36 * 4) / 4


def lines(text: str, width: float, size: float = 10, bold: bool = False) -> int:
    """How many lines ``text`` takes in a wrapped cell of a column ``width`` wide."""
    room = (column_px(width) - PADDING_PX) * SLACK
    if room <= 0:
        return max(1, text.count("\n") + 1)
    space = text_px(" ", size, bold)
    count = 0
    for paragraph in str(text).split("\n"):
        count += 1
        used = 0.0
        for word in paragraph.split(" "):
            w = text_px(word, size, bold)
            if used and used + space + w <= room:
                used += space + w
                continue
            if used:
                count += 1
            # a word wider than the column is broken where it reaches the edge
            while w > room:
                count += 1
                w -= room
            used = w
    return count


@lru_cache(maxsize=1 << 16)      # a district's schools repeat the plan's texts: measured once, not per school
def height(text: str, width: float, size: float = 10, bold: bool = False) -> float:
    """The row height (points) the wrapped ``text`` needs."""
    return min(MAX_HEIGHT, lines(text, width, size, bold) * line_pt(size))


def row_height(cells: Iterable[Text]) -> float | None:
    """The height a row of these wrapped cells needs, or None when the default row already shows them."""
    need = max((height(c.text, c.width, c.size, c.bold) for c in cells if c.text), default=0.0)
    return need if need > DEFAULT_HEIGHT else None
