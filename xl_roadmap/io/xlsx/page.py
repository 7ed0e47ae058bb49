"""The printed page every sheet is set up for (A4 landscape), and where its pages break.

Sheets of charts are printed at a fixed scale with manual page breaks between rows of charts: Excel ignores
manual breaks on a sheet set to «fit to N pages», and an automatic break falls wherever the page ends — through
a chart. Pixels are Excel's at 96 dpi, at 100 %.
"""

from __future__ import annotations

from collections.abc import Sequence

PAPER_A4 = 9
PAPER_INCHES = (11.69, 8.27)                  # A4, landscape: width, height
MARGINS = {"left": 0.4, "right": 0.4, "top": 0.5, "bottom": 0.5}   # inches; header and footer print inside them
DPI = 96
ROW_PX = 20                                   # a row of the default height (15 pt)


def printable_px() -> tuple[int, int]:
    """Width and height of the printable area of a page, in sheet pixels at 100 %."""
    width = (PAPER_INCHES[0] - MARGINS["left"] - MARGINS["right"]) * DPI
    height = (PAPER_INCHES[1] - MARGINS["top"] - MARGINS["bottom"]) * DPI
    return int(width), int(height)


# LibreOffice measures a column by its own digit width (Carlito 11: 7.4 px, not Excel's 7): its columns are
# wider by this much
COLUMN_SLACK = 1.08


def scale_for_width(content_px: float) -> int:
    """The print scale (%, Excel's 10–100, in steps of 5) at which ``content_px`` fits one page width."""
    width, _ = printable_px()
    fitting = int(100 * width / (content_px * COLUMN_SLACK)) if content_px > 0 else 100
    return max(10, min(100, fitting - fitting % 5))


def page_rows_px(scale: int) -> float:
    """How many sheet pixels of rows one page holds at ``scale``."""
    return printable_px()[1] * 100 / scale


def breaks(blocks: Sequence[tuple[int, float]], first_px: float, scale: int) -> list[int]:
    """Rows (0-based) to break pages before, so that no block is cut: ``blocks`` are (first row, height in px)
    in order, ``first_px`` the height of the rows above the first block. A block taller than a page starts a
    page and is cut only by necessity."""
    room = page_rows_px(scale) - ROW_PX      # a row to spare: a title's font makes its row a little taller
    out: list[int] = []
    used = first_px
    for row, height in blocks:
        if used + height > room and used > 0:
            out.append(row)
            used = 0.0
        used += height
    return out
