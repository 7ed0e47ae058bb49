"""Native Excel charts for the roll-up: each indicator by organisation, against its norm."""

from __future__ import annotations

from xl_roadmap.core.addresses import col_letter
from xl_roadmap.core.content import IndicatorCharts
from xl_roadmap.core.layout import quote_sheet
from xl_roadmap.io.xlsx import page


# Default cells are 64 × 20 px: a chart must fit in its block of cells, or the next one covers it.
CHART_WIDTH, CHART_HEIGHT = 600, 300
COLUMNS_PER_CHART, ROWS_PER_CHART = 10, 16
CHARTS_PER_ROW = 2
FIRST_ROW = 2                 # below the title; rows 0–1 are the title and the norm columns' heads
COLUMN_PX = 64
CHART_OFFSET = 8              # px; the chart ends 12 px above the next block


def draw_indicator_charts(wb, ws, charts: IndicatorCharts) -> None:
    """One column chart per (matrix column, title, norm) of ``charts``, placed in blocks on ``ws``, and the
    sheet's pages: a fixed scale that fits two charts across, a page break between rows of charts where a page
    ends (never through a chart).

    Norm lines need cell ranges (Excel charts cannot plot a constant), so the norm is written into hidden
    helper columns of the chart sheet, one value per organisation; the charts plot hidden cells too (by
    default Excel and LibreOffice draw visible cells only, and the line was not there). Categories are the
    organisations' codes (matrix column A): full names, rotated, left a sliver of plot area. Bars start at 0:
    a bar's length is its value, and an axis from 56 made 59 look a third of 65.
    """
    matrix_sheet, first_row, n_orgs, series = charts.matrix_sheet, charts.first_row, charts.n_orgs, charts.series
    _page_setup(ws, len(series) if n_orgs else 0)
    if n_orgs == 0:
        return
    last_row = first_row + n_orgs - 1
    cats = f"={quote_sheet(matrix_sheet)}!$A${first_row}:$A${last_row}"
    helper0 = 30
    normed = [(k, norm) for k, (_, _, norm) in enumerate(series) if norm is not None]
    # helper data row by row first: in constant-memory mode rows cannot be revisited
    for k, _ in normed:
        ws.write_string(1, helper0 + k, f"норма {series[k][1]}")
    for i in range(n_orgs):
        for k, norm in normed:
            ws.write_number(2 + i, helper0 + k, norm)
    for k, _ in normed:
        ws.set_column(helper0 + k, helper0 + k, None, None, {"hidden": True})
    for k, (col0, title, norm) in enumerate(series):
        letter = col_letter(col0)
        chart = wb.add_chart({"type": "column"})
        chart.add_series({"name": "Значение", "categories": cats,
                          "values": f"={quote_sheet(matrix_sheet)}!${letter}${first_row}:${letter}${last_row}",
                          "fill": {"color": "#5B9BD5"}})
        if norm is not None:
            hc = helper0 + k
            line = wb.add_chart({"type": "line"})
            line.add_series({"name": "Норма", "categories": cats,
                             "values": [ws.name, 2, hc, 1 + n_orgs, hc],
                             "line": {"color": "#C00000", "width": 2, "dash_type": "dash"}})
            chart.combine(line)
        chart.show_hidden_data()
        chart.set_y_axis({"min": 0})
        chart.set_title({"name": title, "name_font": {"size": 10}})
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": CHART_WIDTH, "height": CHART_HEIGHT})
        # a little below its block's first row: a chart whose edge lies on a page break prints a line of
        # itself on the page above
        ws.insert_chart(*chart_cell(k), chart, {"y_offset": CHART_OFFSET})


def chart_cell(k: int) -> tuple[int, int]:
    """The top-left cell (0-based) of the k-th chart."""
    return FIRST_ROW + (k // CHARTS_PER_ROW) * ROWS_PER_CHART, (k % CHARTS_PER_ROW) * COLUMNS_PER_CHART


def _page_setup(ws, n_charts: int) -> None:
    ws.set_landscape()
    ws.set_paper(page.PAPER_A4)
    ws.set_margins(**page.MARGINS)
    scale = page.scale_for_width(CHARTS_PER_ROW * COLUMNS_PER_CHART * COLUMN_PX)
    ws.set_print_scale(scale)
    n_rows = -(-n_charts // CHARTS_PER_ROW)
    last0 = max(FIRST_ROW + n_rows * ROWS_PER_CHART - 1, 0)
    ws.print_area(0, 0, last0, CHARTS_PER_ROW * COLUMNS_PER_CHART - 1)
    blocks = [(FIRST_ROW + r * ROWS_PER_CHART, ROWS_PER_CHART * page.ROW_PX) for r in range(n_rows)]
    breaks = page.breaks(blocks, FIRST_ROW * page.ROW_PX, scale)
    if breaks:
        ws.set_h_pagebreaks(breaks)
