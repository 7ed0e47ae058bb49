"""The trend workbook of ``xl-roadmap history``: per indicator its district value and norm across periods as a
table and a native line chart («Тренды»), and each organisation's values by period («Организации»). Print-ready:
landscape; «Тренды» at a scale that fits a table and its chart across, a page break between blocks where a
page ends (never through a chart); «Организации» fitted to the page width, headers repeated. Words:
workbook.json → archive.trends."""

from __future__ import annotations

from pathlib import Path

import xlsxwriter

from xl_roadmap.core.layout import quote_sheet
from xl_roadmap.io.atomic import atomic_output
from xl_roadmap.io.xlsx import page, text_fit
from xl_roadmap.io.xlsx.book import Formats, LiteralTextWorksheet, write_value
from xl_roadmap.rollup.history import History, HistoryRow
from xl_roadmap.spec import Spec

CHART_WIDTH, CHART_HEIGHT = 560, 300
ROWS_PER_BLOCK = 17          # a 300 px chart over 20 px rows, and a gap: blocks never overlap
CHART_COLUMN = 7             # charts stand right of the table (columns A–G)
TABLE_COLUMNS = ("period", "numerator", "denominator", "value", "norm", "organisations")
TABLE_WIDTHS = (16, 12, 12, 12, 12, 12)
GAP_WIDTH = 8.43             # column G, between the table and the chart
NUMBER_FORMAT = "0.0##"
ORG_WIDTHS = (9, 40, 12, 36)  # indicator code and name, organisation code and name; then 11 per period


def write_trends(history: History, out: Path, spec: Spec, *, archive_name: str, made: str) -> Path:
    words = spec.archive["trends"]
    with atomic_output(Path(out)) as tmp:
        wb = xlsxwriter.Workbook(str(tmp))
        wb.calc_on_load = False           # no formulas: nothing to recalculate, no question on closing
        try:
            fmt = Formats(wb)
            number = wb.add_format({"font_name": "Calibri", "font_size": 10, "border": 1, "num_format": NUMBER_FORMAT,
                                    "valign": "top"})
            cell = wb.add_format({"font_name": "Calibri", "font_size": 10, "border": 1, "valign": "top"})
            _trend_sheet(wb, history, words, fmt, number, cell, words["title"].format(archive=archive_name, made=made))
            wrap = wb.add_format({"font_name": "Calibri", "font_size": 10, "border": 1, "text_wrap": True,
                                  "valign": "top"})
            _organisation_sheet(wb, history, words, fmt, number, cell, wrap)
        finally:
            wb.close()
    return Path(out)


def _print_setup(ws, header_row0: int | None = None, scale: int | None = None) -> None:
    ws.set_landscape()
    ws.set_paper(page.PAPER_A4)
    ws.set_margins(**page.MARGINS)
    if scale is None:
        ws.fit_to_pages(1, 0)            # one page wide, as many tall as needed
    else:
        ws.set_print_scale(scale)        # Excel ignores manual page breaks on a sheet fitted to pages
    if header_row0 is not None:
        ws.repeat_rows(header_row0)


def _blocks(history: History) -> list[list[HistoryRow]]:
    blocks: dict[str, list[HistoryRow]] = {}
    for row in history.rows:
        blocks.setdefault(row.code, []).append(row)
    return list(blocks.values())


def _trend_sheet(wb, history: History, words: dict, fmt: Formats, number, cell, title: str) -> None:
    ws = wb.add_worksheet(words["sheet"], LiteralTextWorksheet)
    ws.spec = None
    width_px = sum(text_fit.column_px(w) for w in (*TABLE_WIDTHS, GAP_WIDTH)) + CHART_WIDTH
    scale = page.scale_for_width(width_px)
    _print_setup(ws, scale=scale)
    ws.write_string(0, 0, title, fmt.title)
    for c, w in enumerate(TABLE_WIDTHS):
        ws.set_column(c, c, w)
    sheet = quote_sheet(ws.name)
    placed = []
    blocks = _blocks(history)
    # every block as tall as the tallest one (and never shorter than a chart): the charts line up
    height = max(ROWS_PER_BLOCK, max((len(b) for b in blocks), default=0) + 3)
    for k, rows in enumerate(blocks):
        top = 2 + k * height
        label = f"{rows[0].code} — {rows[0].name}"
        # over the table's width, wrapped: in column A alone the name was cut after two words
        ws.merge_range(top, 0, top, len(TABLE_COLUMNS) - 1, label, fmt.label)
        label_pt = text_fit.row_height([text_fit.Text(label, sum(TABLE_WIDTHS), 10, True)])
        if label_pt is not None:
            ws.set_row(top, label_pt)
        extra_px = (label_pt or text_fit.DEFAULT_HEIGHT) * 4 / 3 - page.ROW_PX
        placed.append((top, height * page.ROW_PX + extra_px))
        for c, col in enumerate(TABLE_COLUMNS):
            ws.write_string(top + 1, c, words["headers"][col], fmt.header)
        first = top + 2
        for i, r in enumerate(rows):
            ws.write_string(first + i, 0, r.period, cell)
            for c, v in enumerate((r.numerator, r.denominator, r.value, r.norm), start=1):
                write_value(ws, first + i, c, v, number)
            ws.write_number(first + i, 5, len(r.sources), cell)
        last = first + len(rows) - 1
        chart = wb.add_chart({"type": "line"})
        cats = f"={sheet}!$A${first + 1}:$A${last + 1}"
        chart.add_series({"name": words["district"], "categories": cats,
                          "values": f"={sheet}!$D${first + 1}:$D${last + 1}",
                          "marker": {"type": "circle"}, "line": {"color": "#2E75B6", "width": 2.25}})
        if any(r.norm is not None for r in rows):
            chart.add_series({"name": words["norm"], "categories": cats,
                              "values": f"={sheet}!$E${first + 1}:$E${last + 1}",
                              "line": {"color": "#C00000", "width": 1.5, "dash_type": "dash"}})
        if all(v >= 0 for r in rows for v in (r.value, r.norm) if v is not None):
            # from 0, as the bars of the roll-up: an axis from 63 makes a step of 2 look like a fall
            chart.set_y_axis({"min": 0})
        chart.set_title({"name": f"{rows[0].code}: {rows[0].name}"[:250], "name_font": {"size": 10}})
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": CHART_WIDTH, "height": CHART_HEIGHT})
        ws.insert_chart(top, CHART_COLUMN, chart, {"y_offset": 8})   # off the page break above it
    if blocks:
        last0 = 2 + len(blocks) * height - 1
        ws.print_area(0, 0, last0, CHART_COLUMN + -(-CHART_WIDTH // 64) - 1)
    breaks = page.breaks(placed, 2 * page.ROW_PX, scale)
    if breaks:
        ws.set_h_pagebreaks(breaks)


def _organisation_sheet(wb, history: History, words: dict, fmt: Formats, number, cell, wrap) -> None:
    ws = wb.add_worksheet(words["organisations_sheet"], LiteralTextWorksheet)
    ws.spec = None
    _print_setup(ws, header_row0=1)
    ws.write_string(0, 0, words["organisations_title"], fmt.title)
    head = [words["headers"][h] for h in ("code", "name", "org_code", "org_name")] + list(history.periods)
    for c, h in enumerate(head):
        ws.write_string(1, c, h, fmt.header)
    for c, w in enumerate(ORG_WIDTHS):
        ws.set_column(c, c, w)
    ws.set_column(4, 3 + len(history.periods), 11)
    ws.freeze_panes(2, 4)
    col_of = {p: 4 + i for i, p in enumerate(history.periods)}
    lines: dict[tuple[str, str], dict] = {}
    for r in history.rows:
        for o in r.organisations:            # made here, once per row (rollup.history.HistoryRow)
            line = lines.setdefault((r.code, o.code), {"name": r.name, "org": o.name, "values": {}})
            line["values"][r.period] = o.value
    row = 2
    for (code, org_code), line in lines.items():
        ws.write_string(row, 0, code, cell)
        ws.write_string(row, 1, line["name"], wrap)
        ws.write_string(row, 2, org_code, cell)
        ws.write_string(row, 3, line["org"], wrap)
        need = text_fit.row_height([text_fit.Text(line["name"], ORG_WIDTHS[1]), text_fit.Text(line["org"], ORG_WIDTHS[3])])
        if need is not None:
            ws.set_row(row, need)
        for period, c in col_of.items():
            write_value(ws, row, c, line["values"].get(period), number)
        row += 1
    if row > 2:
        ws.autofilter(1, 0, row - 1, 3 + len(history.periods))
    ws.print_area(0, 0, max(row - 1, 1), 3 + len(history.periods))
