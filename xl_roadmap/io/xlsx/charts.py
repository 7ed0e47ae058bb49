"""Native Excel charts for the roll-up: each indicator by organisation, against its norm."""

from __future__ import annotations

from xl_roadmap.core.addresses import col_letter
from xl_roadmap.core.content import IndicatorCharts
from xl_roadmap.core.layout import quote_sheet


# Default cells are 64 × 20 px: a chart must fit in its block of cells, or the next one covers it.
CHART_WIDTH, CHART_HEIGHT = 600, 300
COLUMNS_PER_CHART, ROWS_PER_CHART = 10, 16


def draw_indicator_charts(wb, ws, charts: IndicatorCharts) -> None:
    """One column chart per (matrix column, title, norm) of ``charts``, placed in blocks on ``ws``.

    Norm lines need cell ranges (Excel charts cannot plot a constant), so the norm is written into hidden
    helper columns of the chart sheet, one value per organisation. Categories are the organisations' codes
    (matrix column A): full names, rotated, left a sliver of plot area.
    """
    matrix_sheet, first_row, n_orgs, series = charts.matrix_sheet, charts.first_row, charts.n_orgs, charts.series
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
        chart.set_title({"name": title, "name_font": {"size": 10}})
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": CHART_WIDTH, "height": CHART_HEIGHT})
        ws.insert_chart(2 + (k // 2) * ROWS_PER_CHART, (k % 2) * COLUMNS_PER_CHART, chart)
