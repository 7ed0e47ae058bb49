"""What districts get wrong in real life, and what «Свести» must still get right.

Each test builds its few school books with the product's template writer and checks the roll-up's JSON (or
its register) against what the test itself planted.
"""

from __future__ import annotations

import json
import subprocess
import zipfile
import sys
from pathlib import Path

import openpyxl
import pytest

from tests.support.district import AS_OF, SPEC, clean_plan, write_plan
from xl_roadmap.app.consolidate import NOT_OURS
from xl_roadmap.core import deadlines as dl
from tests.support.cli import run_cli
from tests.support.rollup_sheets import register_rows as _register_rows, row_of as _row_of


def _run(inbox: Path, out: Path, *extra: str) -> tuple[int, dict | None, str]:
    r = run_cli("consolidate", str(inbox), "-o", str(out), "--as-of", AS_OF.isoformat(), "--json",
                "--org-name", "УО", "--org-code", "ZR", "--signatory", "Иванов И.И.", "--contact", "тел.", *extra)
    return r.returncode, (json.loads(r.stdout) if r.stdout.strip() else None), r.stderr


def _indicator(d: dict, code: str, period: str) -> dict:
    found = [x for x in d["indicators"] if x["code"] == code and x["period"] == period]
    assert len(found) == 1, [(x["code"], x["period"]) for x in d["indicators"] if x["code"] == code]
    return found[0]


def test_a_book_of_another_period_does_not_replace_this_periods_book(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    this_year = clean_plan(0, seed=31)
    next_year = clean_plan(0, seed=32)
    next_year.content.organisation["period"] = "2025-2026"
    write_plan(this_year, inbox / "школа.xlsx")
    write_plan(next_year, inbox / "школа_следующий_год.xlsx")
    rc, d, err = _run(inbox, tmp_path / "out.xlsx", "--period", "2024-2025")
    assert rc == 1, err
    assert d["accepted"] == 1 and d["rejected"] == 1 and d["duplicates"] == []
    rows = _register_rows(tmp_path / "out.xlsx")
    assert "принят" in _row_of(rows, "школа.xlsx")
    assert "другой отчётный период «2025-2026»" in _row_of(rows, "школа_следующий_год.xlsx")


def test_one_indicator_is_summed_over_every_spelling_of_its_period(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    spellings = ["2024-2025", "2024/2025", "2024 – 2025 уч. г.", "2024-25"]
    figures = []
    for i, spelling in enumerate(spellings):
        plan = clean_plan(i, seed=40 + i)
        for row in plan.content.indicators:
            if row["period"] == "2024-2025":
                row["period"] = spelling
        write_plan(plan, inbox / f"{i}.xlsx")
        figures.append(next(r for r in plan.content.indicators if r["code"] == "П1" and r["numerator"] is not None
                            and r["period"] == spelling))
    rc, d, err = _run(inbox, tmp_path / "out.xlsx")
    assert rc == 0, err
    assert {x["period"] for x in d["indicators"]} <= {"2023-2024", "2024-2025"}
    total = _indicator(d, "П1", "2024-2025")
    assert total["numerator"] == pytest.approx(sum(f["numerator"] for f in figures), rel=1e-12)
    assert total["denominator"] == pytest.approx(sum(f["denominator"] for f in figures), rel=1e-12)


def test_codes_match_the_expected_list_whatever_the_case_dashes_or_cyrillic_lookalikes(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    written = ["ZR-001", "zr-002", "ZR–003"]          # as the schools typed them (en dash in the third)
    for i, code in enumerate(written):
        plan = clean_plan(i, seed=50 + i)
        plan.content.organisation["org_code"] = code
        write_plan(plan, inbox / f"{i}.xlsx")
    expected = tmp_path / "expected.csv"
    expected.write_text("код;наименование\nzr-001;A\nZR-002;B\nZR-003;C\n", encoding="utf-8")
    rc, d, err = _run(inbox, tmp_path / "out.xlsx", "--expected", str(expected))
    assert rc == 0, err
    assert d["missing"] == []
    plan = clean_plan(3, seed=53)
    plan.content.organisation["org_code"] = "OO-04"                 # Latin O
    write_plan(plan, inbox / "3.xlsx")
    expected.write_text(expected.read_text(encoding="utf-8") + "ОО-04;D\n", encoding="utf-8")   # Cyrillic О
    rc, d, err = _run(inbox, tmp_path / "out.xlsx", "--expected", str(expected))
    assert rc == 0, err
    assert d["missing"] == [] and d["accepted"] == 4


def test_same_school_typed_in_two_cases_is_a_duplicate(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name, code in (("a.xlsx", "ZR-001"), ("b.xlsx", "zr-001")):
        plan = clean_plan(0, seed=60)
        plan.content.organisation["org_code"] = code
        write_plan(plan, inbox / name)
    rc, d, err = _run(inbox, tmp_path / "out.xlsx")
    assert rc == 0, err
    assert len(d["duplicates"]) == 1 and d["accepted"] == 1


def test_a_period_that_is_no_period_is_refused_before_reading(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    write_plan(clean_plan(0, seed=70), inbox / "a.xlsx")
    rc, d, err = _run(inbox, tmp_path / "out.xlsx", "--period", "прошлый год")
    assert rc == 2 and d is None
    assert "«прошлый год» — укажите год (2024), учебный год (2024-2025)" in err
    assert not (tmp_path / "out.xlsx").exists()


def test_a_foreign_workbook_is_skipped_as_not_a_roadmap_book(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    write_plan(clean_plan(0, seed=80), inbox / "школа.xlsx")
    wb = openpyxl.Workbook()
    wb.active.title = "Лист1"
    wb.active["A1"] = "Мероприятие"
    wb.save(inbox / "своя_таблица.xlsx")
    rc, d, err = _run(inbox, tmp_path / "out.xlsx")
    assert rc == 0, err                                       # not an organisation: nothing is missing or rejected
    assert d["organisations"] == 1 and [s["reason"] for s in d["skipped"]] == [NOT_OURS]
    row = _row_of(_register_rows(tmp_path / "out.xlsx"), "своя_таблица.xlsx")
    assert "пропущен" in row and "не книга дорожной карты" in row


def test_a_rollup_is_not_warned_about_deadlines_before_its_own_date(tmp_path):
    """A roll-up's document date is the day it was made; its schools' deadlines before that are no mistake."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    plan = clean_plan(0, seed=90)
    period = dl.parse_period(plan.content.organisation["period"])
    ends = [dl.parse_deadline(a["deadline"], period).end for a in plan.content.actions]
    assert any(e is not None and e < AS_OF for e in ends)        # else this test could not fail
    write_plan(plan, inbox / "a.xlsx")
    out = tmp_path / "out.xlsx"
    assert _run(inbox, out)[0] == 0
    rollup = run_cli("validate", str(out), "--as-of", AS_OF.isoformat(), "--json")
    codes = {f["code"] for f in json.loads(rollup.stdout)["files"][0]["findings"]}
    assert "deadline-before-document" not in codes


def test_demo_never_deletes_a_folder_it_did_not_write(tmp_path):
    out = tmp_path / "demo"
    (out / "schools").mkdir(parents=True)
    precious = out / "schools" / "наша_школа.xlsx"
    precious.write_bytes(b"real work")
    r = subprocess.run([sys.executable, "-m", "xl_roadmap.cli", "demo", "--schools", "2", "--out", str(out),
                        "--as-of", AS_OF.isoformat()], capture_output=True, text=True, timeout=600)
    assert r.returncode == 2
    assert "нет отметки демонстрации — её файлы не будут удалены" in r.stderr
    assert precious.read_bytes() == b"real work"
    assert [p.name for p in (out / "schools").iterdir()] == ["наша_школа.xlsx"]


# XlsxWriter's own convention: a text that starts with "<r>" and ends with "</r>" is rich-string XML and goes
# into the file as is. Copied from a school's cell, such a text must stay that text.
MARKUP = ["<r><t>x</t></r></is><f>1+1</f><is><r><t>y</t></r>", "<r>просто текст</r>",
          "<r><rPr><b/></rPr><t>жирное</t></r>"]


def _comments(book: Path) -> list:
    wb = openpyxl.load_workbook(book)
    road, sheet = wb[SPEC.sheet("roadmap").name], SPEC.sheet("roadmap")
    cells = [road.cell(r, sheet.column_index("comment") + 1) for r in range(SPEC.first_data_row, road.max_row + 1)]
    return [(c.value, c.data_type) for c in cells if c.value in MARKUP]


@pytest.mark.parametrize("n_schools", [2, 16])       # 16: read by worker processes, rows streamed as XML
def test_text_shaped_like_markup_stays_text_in_district_and_region(tmp_path, n_schools):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for i in range(n_schools):
        write_plan(clean_plan(i, seed=81, n_actions=8), inbox / f"{i}.xlsx")
    wb = openpyxl.load_workbook(inbox / "1.xlsx")    # typed by openpyxl, as any other program would store it
    road, sheet = wb[SPEC.sheet("roadmap").name], SPEC.sheet("roadmap")
    for k, text in enumerate(MARKUP):
        road.cell(SPEC.first_data_row + k, sheet.column_index("comment") + 1).value = text
    wb.save(inbox / "1.xlsx")
    district = tmp_path / "district.xlsx"
    rc, d, err = _run(inbox, district)
    assert rc == 0, err
    region_in = tmp_path / "region_in"
    region_in.mkdir()
    district.replace(region_in / "district.xlsx")
    region = tmp_path / "region.xlsx"
    rc, d, err = _run(region_in, region)
    assert rc == 0, err
    for book in (region_in / "district.xlsx", region):
        with zipfile.ZipFile(book) as z:
            parts = [z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        assert not any("<f>1+1</f>" in p for p in parts), book.name
        assert sorted(_comments(book)) == sorted((text, "s") for text in MARKUP), book.name


def test_codes_typed_loosely_count_as_the_catalogue_codes_they_name(tmp_path):
    exact, loose = tmp_path / "exact", tmp_path / "loose"
    exact.mkdir()
    loose.mkdir()
    for i in range(3):
        write_plan(clean_plan(i, seed=83), exact / f"{i}.xlsx")
        write_plan(clean_plan(i, seed=83), loose / f"{i}.xlsx")
    wb = openpyxl.load_workbook(loose / "1.xlsx")
    ind, sheet = wb[SPEC.sheet("indicators").name], SPEC.sheet("indicators")
    code_col = sheet.column_index("code") + 1
    typed = {}
    for r, how in zip(range(SPEC.first_data_row, ind.max_row + 1),
                      (lambda c: c.lower(), lambda c: "P" + c[1:], lambda c: c[0] + " " + c[1:])):
        code = ind.cell(r, code_col).value
        typed[f"{ind.cell(r, code_col).column_letter}{r}"] = (how(code), code)
        ind.cell(r, code_col).value = how(code)
    wb.save(loose / "1.xlsx")
    assert all(t != c for t, c in typed.values())
    rc_exact, d_exact, _ = _run(exact, tmp_path / "exact.xlsx")
    rc_loose, d_loose, err = _run(loose, tmp_path / "loose.xlsx")
    assert d_loose["indicators"] == d_exact["indicators"]          # same totals, no extra columns
    assert rc_loose == rc_exact == 0, err
    report = json.loads(run_cli("validate", str(loose / "1.xlsx"), "--json", "--as-of", AS_OF.isoformat()).stdout)
    notes = {f["cell"]: f["message"] for f in report["files"][0]["findings"] if f["code"] == "indicator-code-loose"}
    assert sorted(notes) == sorted(typed)
    for cell, (was, code) in typed.items():
        assert f"Код «{was}» прочитан как {code} «" in notes[cell]


def test_a_share_without_its_fraction_is_warned_as_left_out_of_the_totals(tmp_path):
    book = tmp_path / "школа.xlsx"
    write_plan(clean_plan(0, seed=84), book)
    wb = openpyxl.load_workbook(book)
    ind, sheet = wb[SPEC.sheet("indicators").name], SPEC.sheet("indicators")
    col = {c: sheet.column_index(c) + 1 for c in ("code", "numerator", "denominator", "value")}
    edition = SPEC.edition()
    rows = [r for r in range(SPEC.first_data_row, ind.max_row + 1)
            if (e := edition.get(ind.cell(r, col["code"]).value)) is not None and e.aggregation == "ratio_of_sums"
            and ind.cell(r, col["denominator"]).value]
    value_only, numerator_only = rows[0], rows[1]
    num, den = (ind.cell(value_only, col[c]).value for c in ("numerator", "denominator"))
    ind.cell(value_only, col["value"]).value = round(float(num) / float(den) * 100, 1)   # typed, as people do
    ind.cell(value_only, col["numerator"]).value = None
    ind.cell(value_only, col["denominator"]).value = None
    ind.cell(numerator_only, col["denominator"]).value = None
    wb.save(book)
    report = json.loads(run_cli("validate", str(book), "--json", "--as-of", AS_OF.isoformat()).stdout)
    found = {f["cell"]: f["message"] for f in report["files"][0]["findings"] if f["code"] == "indicator-not-summable"}
    letter = openpyxl.utils.get_column_letter
    assert found.keys() == {f"{letter(col['numerator'])}{value_only}", f"{letter(col['denominator'])}{numerator_only}"}
    assert "нет числителя и знаменателя: в свод он не войдёт" in found[f"{letter(col['numerator'])}{value_only}"]
    assert "нет знаменателя: в свод он не войдёт" in found[f"{letter(col['denominator'])}{numerator_only}"]


def test_an_existing_output_that_is_not_a_rollup_is_never_overwritten(tmp_path):
    """«-o» naming a school's filled book, a list of organisations given as --expected, or any other file:
    refused, the file byte-identical; a previous roll-up in «-o» is replaced (consolidating again is the usual
    case), and --overwrite replaces anything."""
    from tests.support.cli import sha

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for i in range(2):
        write_plan(clean_plan(i), inbox / f"school{i}.xlsx")
    other_school = write_plan(clean_plan(5), tmp_path / "другая школа.xlsx")
    notes = tmp_path / "заметки.xlsx"
    notes.write_text("не книга", encoding="utf-8")
    expected = tmp_path / "ожидаемые.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Код", "Наименование"])
    wb.active.append(["ZR-001", "Школа 1"])
    wb.save(expected)
    common = ("--as-of", AS_OF.isoformat(), "--no-archive")
    for target, said in ((other_school, "это книга организации"), (notes, "это не свод xl-roadmap")):
        before = sha(target)
        r = run_cli("consolidate", str(inbox), "-o", str(target), *common)
        assert r.returncode == 2 and said in r.stderr and "--overwrite" in r.stderr, r.stderr
        assert sha(target) == before
    r = run_cli("consolidate", str(inbox), "-o", str(expected), "--expected", str(expected), *common)
    assert r.returncode == 2 and "список ожидаемых организаций (--expected)" in r.stderr, r.stderr
    assert openpyxl.load_workbook(expected).active["A2"].value == "ZR-001"
    rollup = tmp_path / "свод.xlsx"
    assert run_cli("consolidate", str(inbox), "-o", str(rollup), *common).returncode in (0, 1)
    first = sha(rollup)
    write_plan(clean_plan(2), inbox / "school2.xlsx")
    assert run_cli("consolidate", str(inbox), "-o", str(rollup), *common).returncode in (0, 1)
    assert sha(rollup) != first                                       # the previous roll-up made again
    assert run_cli("consolidate", str(inbox), "-o", str(notes), *common, "--overwrite").returncode in (0, 1)
    assert zipfile.is_zipfile(notes)
