"""The pages a clerk prints, as the written files declare them (scripts/render-pages.py shows the same books
through LibreOffice): every wrapped text has the row height it needs, every printed sheet a print area over its
rows in use, charts never cut by a page break, the norm line plotted from its hidden cells, bars from 0,
«Проверка» in Russian, no recalculation forced on a book written with its results."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import column_index_from_string, get_column_letter

from tests.support import pages
from tests.support import word_fixtures as wf
from tests.support.cli import invoke
from xl_roadmap.app.demo.run import write_district
from xl_roadmap.io.xlsx import text_fit
from xl_roadmap.spec import default_spec

SPEC = default_spec()
ROOT = Path(__file__).resolve().parents[2]
AS_OF = date(2025, 3, 1)
PERIODS = ("2023-2024", "2024-2025")
ORG = ("--org-name", "Управление образования", "--org-code", "УО-01", "--signatory", "Начальник",
       "--contact", "т. 2-00-00", "--municipality", "Демонстрационный МР", "--region", "Демонстрационная область")
CYRILLIC = re.compile("[А-Яа-яЁё]")


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("pages")
    rollups = root / "своды"
    rollups.mkdir()
    for year, period in enumerate(PERIODS):
        schools = root / f"школы_{period}"
        write_district(schools, schools=4, seed=7 + year, as_of=AS_OF, period=period, mistakes_every=2)
        r = invoke("consolidate", str(schools), "-o", str(rollups / f"свод_{period}.xlsx"), "--period", period,
                   "--as-of", AS_OF.isoformat(), *ORG)
        assert r.exit_code in (0, 1), r.output
    out = {"school template": ROOT / "workbook_templates" / "school.xlsx",
           "district template": ROOT / "workbook_templates" / "district.xlsx",
           "roll-up": rollups / f"свод_{PERIODS[-1]}.xlsx",
           "report copy": root / "отчёт.xlsx", "trends": root / "тренды.xlsx", "import": root / "импорт.xlsx"}
    school = sorted((root / f"школы_{PERIODS[-1]}").glob("*.xlsx"))[1]      # one with planted mistakes
    r = invoke("validate", str(school), "--as-of", AS_OF.isoformat(), "--report", str(out["report copy"]))
    assert r.exit_code == 1, r.output
    r = invoke("history", "--archive", str(rollups / SPEC.archive["file_name"]), "-o", str(out["trends"]))
    assert r.exit_code == 0, r.output
    document = wf.kalininsky(root).path
    r = invoke("import", str(document), "-o", str(out["import"]))
    assert r.exit_code in (0, 1), r.output
    return out


KINDS = ("school template", "district template", "roll-up", "report copy", "trends", "import")


def _widths(ws) -> dict[int, float]:
    """Column (1-based) → width; hidden columns 0 (openpyxl keys a <col min max> by its first letter)."""
    out: dict[int, float] = {}
    for key, dim in ws.column_dimensions.items():
        first = column_index_from_string(key)
        lo, hi = (dim.min or first), (dim.max or first)
        for c in range(lo, hi + 1):
            out[c] = 0.0 if dim.hidden else (dim.width if dim.width else 8.43)
    return out


def _merged_width(ws, cell, widths) -> float:
    for rng in ws.merged_cells.ranges:
        if cell.coordinate in rng:
            return sum(widths.get(c, 8.43) for c in range(rng.min_col, rng.max_col + 1))
    return widths.get(cell.column, 8.43)


@pytest.mark.parametrize("kind", KINDS)
def test_every_wrapped_text_has_the_row_height_it_needs(books, kind):
    wb = openpyxl.load_workbook(books[kind])
    short = []
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        widths = _widths(ws)
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                if not isinstance(value, str) or value.startswith("=") or not cell.alignment.wrap_text:
                    continue
                width = _merged_width(ws, cell, widths)
                if width == 0:
                    continue
                size = cell.font.sz or 11
                need = text_fit.height(value, width, size, bool(cell.font.b))
                have = ws.row_dimensions[cell.row].height or pages.DEFAULT_ROW_PT
                if have + 0.01 < need:
                    short.append(f"{ws.title}!{cell.coordinate}: {have} pt < {need} pt for «{value[:40]}»")
    assert not short, f"{len(short)} cut: " + "; ".join(short[:5])


@pytest.mark.parametrize("kind", KINDS)
def test_every_printed_sheet_has_a_print_area_over_its_rows_in_use(books, kind):
    areas = pages.print_area(books[kind])
    wb = openpyxl.load_workbook(books[kind], data_only=True)
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        assert ws.title in areas, f"{ws.title}: no print area"
        first_row, first_col, last_row, last_col = areas[ws.title]
        hidden = {c for c, w in _widths(ws).items() if w == 0}
        used = [(c.row, c.column) for row in ws.iter_rows() for c in row
                if c.value not in (None, "") and c.column not in hidden]
        outside = [f"{get_column_letter(col)}{r}" for r, col in used
                   if not (first_row <= r <= last_row and first_col <= col <= last_col)]
        assert not outside, f"{ws.title}: printed without {outside[:5]}"
        if not pages.sheets(books[kind])[ws.title].anchors:
            # no empty bordered rows after the last one in use: they would print as pages of nothing
            assert last_row == max((r for r, _ in used), default=last_row), f"{ws.title}: area to row {last_row}"


def test_a_blank_template_prints_its_tables_heads_only(books):
    areas = pages.print_area(books["school template"])
    for sheet_id in ("roadmap", "evidence"):
        assert areas[SPEC.sheet(sheet_id).name][2] == SPEC.help_row


@pytest.mark.parametrize("kind,sheet", [("roll-up", "charts"), ("trends", None)])
def test_charts_lie_inside_pages(books, kind, sheet):
    name = SPEC.rollup_sheet(sheet).name if sheet else SPEC.archive["trends"]["sheet"]
    ws = pages.sheets(books[kind])[name]
    assert ws.anchors, "no chart drawn"
    # a sheet fitted to N pages has its manual breaks ignored by Excel: a fixed scale
    assert not ws.fits_to_page and ws.scale < 100
    last = max(a.last_row for a in ws.anchors)
    starts = [0, *ws.row_breaks, last + 1]
    for top, end in zip(starts, starts[1:]):
        height = sum(ws.row_pt(r) for r in range(top, end)) * ws.scale / 100
        assert height <= ws.printable_pt(), f"rows {top + 1}–{end}: {height:.0f} pt on a page of " \
                                            f"{ws.printable_pt():.0f} pt"
    for a in ws.anchors:
        cut = [b for b in ws.row_breaks if a.first_row < b <= a.last_row]
        assert not cut, f"chart over rows {a.first_row + 1}–{a.last_row + 1} cut before row {cut[0] + 1}"


def test_the_norm_line_is_plotted_from_its_hidden_cells(books):
    ws = pages.sheets(books["roll-up"])[SPEC.rollup_sheet("charts").name]
    normed = [a.chart for a in ws.anchors if "Норма" in pages.series_names(a.chart)]
    assert normed, "no chart with a norm in the roll-up"
    assert all(pages.plots_hidden_cells(c) for c in normed)


@pytest.mark.parametrize("kind,sheet", [("roll-up", "charts"), ("trends", None)])
def test_value_axes_start_at_zero(books, kind, sheet):
    name = SPEC.rollup_sheet(sheet).name if sheet else SPEC.archive["trends"]["sheet"]
    for a in pages.sheets(books[kind])[name].anchors:
        assert pages.axis_minimum(a.chart) and all(m == 0 for m in pages.axis_minimum(a.chart))


def test_the_report_names_each_rule_in_russian(books):
    report = SPEC.sheet("report")
    ws = openpyxl.load_workbook(books["report copy"])[report.name]
    head = [c.value for c in ws[SPEC.first_data_row - 2]]
    title, rule = head.index("Правило"), head.index("Код правила")
    rows = [r for r in ws.iter_rows(min_row=SPEC.first_data_row, values_only=True) if r[0] is not None]
    assert rows
    for row in rows:
        assert CYRILLIC.search(row[title]) and row[title] == SPEC.rules[row[rule]].title


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "report copy"])
def test_a_book_written_with_its_results_is_not_recalculated_on_load(books, kind):
    # (a report copy is saved by openpyxl, which drops every formula's result: it keeps fullCalcOnLoad)
    missing = pages.formulas_without_results(books[kind])
    calc = pages.calc_properties(books[kind])
    assert missing == 0 and calc.get("fullCalcOnLoad") not in ("1", "true"), (missing, calc)


def test_a_report_copy_prints_the_rows_typed_below_the_templates_print_area(tmp_path):
    book = tmp_path / "школа.xlsx"
    wb = openpyxl.load_workbook(ROOT / "workbook_templates" / "school.xlsx")
    roadmap = SPEC.sheet("roadmap")
    ws = wb[roadmap.name]
    action = roadmap.column_index("action") + 1
    last = SPEC.first_data_row + 4
    for r in range(SPEC.first_data_row, last + 1):          # as a school types them in Excel
        ws.cell(r, action).value = f"Мероприятие {r}"
    wb.save(book)
    copy = tmp_path / "отчёт.xlsx"
    invoke("validate", str(book), "--as-of", AS_OF.isoformat(), "--report", str(copy))
    assert pages.print_area(copy)[roadmap.name][2] == last
