"""Figures of another period than the roll-up's, as real plans have them — an Amur plan of 2022 gives its
indicators «за 2021-2022» — are listed under their own period in the roll-up and in ``history``, never dropped;
a row that names an indicator without figures shows «нет данных» in its school's cell and makes no history row.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from tests.support.cli import invoke
from tests.support.district import MATRIX, SPEC
from xl_roadmap.app.demo.generate import organisations, school_plan
from xl_roadmap.core.content import EXTRA_FIRST_ROW
from xl_roadmap.io.xlsx.writer import WorkbookWriter

AMUR = SPEC.edition("amur_2022")
PERIOD, BEFORE = "2022", "2021-2022"            # a calendar-year plan, its figures of the school year before
AS_OF = date(2022, 6, 1)
EMPTY = "П30"                                   # named by every school for 2022, with no figures
NAMED = "П2"                                    # the first school names it for 2022 without figures
ORG = ("--org-name", "УОМПиС", "--org-code", "УО-АМР", "--signatory", "Начальник", "--contact", "т. 2-00-00")


def _books(folder: Path, n: int = 3) -> list[Path]:
    folder.mkdir()
    paths = []
    for i in range(n):
        org = organisations(i + 1)[i]
        plan = school_plan(SPEC, AMUR, org, seed=5, period_text=PERIOD, as_of=AS_OF,
                           district={"name": "Амурский МР", "region": "Хабаровский край"}, clean=True, n_actions=6)
        for row in plan.content.indicators:
            if row["period"] != PERIOD:
                row["period"] = BEFORE
            elif row["code"] == EMPTY or (row["code"] == NAMED and i == 0):
                row["numerator"] = row["denominator"] = None
        paths.append(WorkbookWriter(SPEC, AMUR, plan.content).save(folder / f"{org['code']}.xlsx"))
    return paths


def _sums(books: list[Path], code: str, period: str) -> tuple[float, float]:
    sheet = SPEC.sheet("indicators")
    col = {c: sheet.column_index(c) for c in ("code", "period", "numerator", "denominator")}
    num = den = 0.0
    for book in books:
        for row in openpyxl.load_workbook(book, read_only=True)[sheet.name].iter_rows(
                min_row=SPEC.first_data_row, values_only=True):
            if (row[col["code"]], row[col["period"]]) == (code, period) and row[col["numerator"]] is not None:
                num, den = num + row[col["numerator"]], den + row[col["denominator"]]
    return num, den


@pytest.fixture(scope="module")
def district(tmp_path_factory):
    root = tmp_path_factory.mktemp("amur")
    books = _books(root / "schools")
    out = root / "своды" / "свод 2022.xlsx"
    out.parent.mkdir()
    r = invoke("consolidate", str(root / "schools"), "-o", str(out), "--as-of", AS_OF.isoformat(), "--json", *ORG)
    assert r.exit_code == 0, r.output
    return {"books": books, "rollup": out, "json": json.loads(r.stdout), "archive": out.parent / SPEC.archive["file_name"]}


def test_the_rollup_lists_the_year_before_under_its_own_period(district):
    summed = {(a["code"], a["period"]): a for a in district["json"]["indicators"]}
    codes = [e.code for e in AMUR.indicators if e.source_level == "school" and e.kind != "count"]
    for code in codes:
        num, den = _sums(district["books"], code, BEFORE)
        row = summed[(code, BEFORE)]
        assert (row["numerator"], row["denominator"]) == (pytest.approx(num), pytest.approx(den)), code
    assert not [key for key in summed if not key[1]]                 # no row without a period
    ws = openpyxl.load_workbook(district["rollup"], read_only=True)[MATRIX]
    header, *rows = ws.iter_rows(min_row=EXTRA_FIRST_ROW - 1, values_only=True)
    assert f"{codes[0]} ({BEFORE})" in header
    first = organisations(1)[0]["code"]
    cells = {r[0]: r[header.index(f"{NAMED} ({PERIOD})")] for r in rows}
    # the first school names П2 for 2022 without figures: it says so in its cell, the others give theirs
    assert cells[first] == "нет данных" and all(isinstance(v, float) for k, v in cells.items()
                                                 if k not in (first, "ИТОГО", "НОРМА", "СТАТУС", "НИЖЕ"))


def test_history_shows_the_year_before_and_no_row_without_figures(district):
    r = invoke("history", "--archive", str(district["archive"]), "--json")
    assert r.exit_code == 0, r.output
    h = json.loads(r.stdout)
    assert h["periods"] == [BEFORE, PERIOD]
    rows = {(x["code"], x["period"]): x for x in h["indicators"]}
    rollup = {(a["code"], a["period"]): a for a in district["json"]["indicators"]}
    before = [key for key in rollup if key[1] == BEFORE and rollup[key]["value"] is not None]
    assert before
    for key in before:                                   # the numbers the roll-up shows for the year before
        assert rows[key]["numerator"] == pytest.approx(rollup[key]["numerator"])
        assert rows[key]["value"] == pytest.approx(rollup[key]["value"])
    assert (EMPTY, PERIOD) not in rows and (EMPTY, BEFORE) in rows
    assert all(x["organisations"] for x in h["indicators"])
    assert [o["code"] for o in rows[(NAMED, PERIOD)]["organisations"]] == [organisations(3)[k]["code"]
                                                                            for k in (1, 2)]
    text = invoke("history", "--archive", str(district["archive"])).stdout
    assert "— (— / —)" not in text and f"{EMPTY:<8} {BEFORE}" in text
