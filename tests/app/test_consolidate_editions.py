"""Districts whose schools work by different catalogue editions, consolidated and then rolled up into a region,
as real files: each indicator is summed with what the catalogue says is the same indicator — never by its code
alone — and what cannot be summed stands as a row of its own, named in the notices. The totals are checked
against sums taken here, with openpyxl, from the schools' own books.
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tests.support.cli import invoke
from tests.support.district import AS_OF, MATRIX, PERIOD, SPEC
from tests.support.filling import org_address
from tests.support.rollup_sheets import register_rows
from xl_roadmap.app.demo.generate import organisations, school_plan
from xl_roadmap.core.content import EXTRA_FIRST_ROW
from xl_roadmap.io.xlsx.writer import WorkbookWriter

R170, AMUR = "r170_2023", "amur_2022"
PERIODS = ("2023-2024", PERIOD)          # the demo's books give the year before too
# one indicator in both editions, as the catalogue links them (same_as)
LINKED = ({R170: "П25", AMUR: "П44"}, {R170: "П2", AMUR: "П2"}, {R170: "П26", AMUR: "П43"})
SIGNED = ("--signatory", "Петрова А.А., начальник", "--contact", "8 (800) 000-00-00")


def _schools(folder: Path, prefix: str, editions: list[str], municipality: str, region: str) -> list[Path]:
    folder.mkdir(parents=True)
    paths = []
    for i, edition_id in enumerate(editions):
        org = dict(organisations(i + 1)[i])
        org["code"] = f"{prefix}-{i + 1}"
        plan = school_plan(SPEC, SPEC.edition(edition_id), org, seed=17 + i, period_text=PERIOD, as_of=AS_OF,
                           district={"name": municipality, "region": region}, clean=True, n_actions=6)
        paths.append(WorkbookWriter(SPEC, SPEC.edition(edition_id), plan.content).save(folder / f"{org['code']}.xlsx"))
    return paths


def _consolidate(inputs: Path, out: Path, code: str, *more: str) -> tuple[dict, str]:
    r = invoke("consolidate", str(inputs), "-o", str(out), "--as-of", AS_OF.isoformat(), "--json", "--no-archive",
               "--org-name", f"Орган {code}", "--org-code", code, *SIGNED, *more)
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout), r.stderr


@pytest.fixture(scope="module")
def land(tmp_path_factory):
    root = tmp_path_factory.mktemp("editions")
    books = {"УО-А": _schools(root / "A", "А", [R170, R170], "Калининский МО", "Тверская область"),
             "УО-Б": _schools(root / "B", "Б", [AMUR, AMUR], "Амурский МР", "Хабаровский край"),
             "УО-В": _schools(root / "C", "В", [R170, R170, AMUR], "Торжокский район", "Тверская область")}
    for d in ("region", "region2"):
        (root / d).mkdir()
    districts = {code: _consolidate(books[code][0].parent, root / "region" / f"{code}.xlsx", code)
                 for code in ("УО-А", "УО-Б")}
    districts["УО-В"] = _consolidate(root / "C", root / "region2" / "УО-В.xlsx", "УО-В")
    shutil.copy(root / "region" / "УО-А.xlsx", root / "region2" / "УО-А.xlsx")
    region = _consolidate(root / "region", root / "регион.xlsx", "РЕГ")
    region2 = _consolidate(root / "region2", root / "регион2.xlsx", "РЕГ2")
    return {"root": root, "books": books, "districts": districts, "region": region, "region2": region2}


def _edition_of(book: Path) -> str:
    ws = openpyxl.load_workbook(book, read_only=True)[SPEC.sheet("organisation").name]
    return ws[org_address(SPEC, "edition")].value


def _figures(book: Path) -> list[tuple[str, str, float | None, float | None]]:
    """(code, period, numerator, denominator) of every indicator row of a school's book, as openpyxl reads it."""
    sheet = SPEC.sheet("indicators")
    col = {c: sheet.column_index(c) for c in ("code", "period", "numerator", "denominator")}
    ws = openpyxl.load_workbook(book, read_only=True)[sheet.name]
    return [(row[col["code"]], row[col["period"]], row[col["numerator"]], row[col["denominator"]])
            for row in ws.iter_rows(min_row=SPEC.first_data_row, values_only=True) if row[col["code"]]]


def _sums(books: list[Path], codes: dict[str, str], period: str) -> tuple[float, float]:
    """Σ numerators and Σ denominators of one indicator over books, each read by its own edition's code."""
    num = den = 0.0
    for book in books:
        code = codes.get(_edition_of(book))
        for c, p, n, d in _figures(book):
            if c == code and p == period and n is not None and d is not None:
                num, den = num + n, den + d
    return num, den


def _row(result: dict, code: str, period: str) -> dict:
    [row] = [a for a in result["indicators"] if a["code"] == code and a["period"] == period]
    return row


def _matrix(path: Path) -> tuple[list, list[list]]:
    ws = openpyxl.load_workbook(path, read_only=True)[MATRIX]
    rows = [list(r) for r in ws.iter_rows(min_row=EXTRA_FIRST_ROW - 1, values_only=True)]
    return rows[0], rows[1:]


def _chart_titles(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        charts = [z.read(n).decode("utf-8") for n in z.namelist() if re.match(r"xl/charts/chart\d+\.xml$", n)]
    return ["".join(re.findall(r"<a:t>([^<]*)</a:t>", xml)) for xml in charts]


def _organisation(path: Path) -> dict[str, object]:
    ws = openpyxl.load_workbook(path, read_only=True)[SPEC.sheet("organisation").name]
    return {f: ws[org_address(SPEC, f)].value for f in ("org_name", "org_code", "municipality", "region", "edition")}


def test_a_region_of_two_editions_sums_every_districts_schools(land):
    region, _ = land["region"]
    path = land["root"] / "регион.xlsx"
    own = _organisation(path)["edition"]
    schools = land["books"]["УО-А"] + land["books"]["УО-Б"]
    header, rows = _matrix(path)
    titles = " | ".join(_chart_titles(path))
    for codes in LINKED:
        for period in PERIODS:
            num, den = _sums(schools, codes, period)
            assert den > 0
            row = _row(region, codes[own], period)
            assert (row["numerator"], row["denominator"]) == (pytest.approx(num), pytest.approx(den))
            assert row["value"] == pytest.approx(num / den * 100)
            j = header.index(f"{codes[own]} ({period})")
            by_code = {r[0]: r[j] for r in rows}
            # both districts in the column, and a total for it
            assert by_code["УО-А"] is not None and by_code["УО-Б"] is not None
            assert by_code["ИТОГО"] == pytest.approx(num / den * 100)
        assert f"{codes[own]} " in titles                    # a chart per indicator, both districts in it


def test_one_code_two_meanings_stays_two_rows_and_the_unlinked_one_is_named(land):
    region, stderr = land["region"]
    path = land["root"] / "регион.xlsx"
    own = _organisation(path)["edition"]
    other = R170 if own == AMUR else AMUR
    mine = [b for b in land["books"]["УО-А"] + land["books"]["УО-Б"] if _edition_of(b) == own]
    theirs = [b for b in land["books"]["УО-А"] + land["books"]["УО-Б"] if _edition_of(b) == other]
    reporter = "УО-А" if other == R170 else "УО-Б"
    for period in PERIODS:
        # П27: a teachers' course in Р-170, entering colleges in the Amur plan — never one sum
        num, den = _sums(mine, {own: "П27"}, period)
        assert (_row(region, "П27", period)["numerator"], _row(region, "П27", period)["denominator"]) == \
            (pytest.approx(num), pytest.approx(den))
        num, den = _sums(theirs, {other: "П27"}, period)
        apart = _row(region, f"{other}:П27", period)
        assert (apart["numerator"], apart["denominator"], apart["edition"]) == \
            (pytest.approx(num), pytest.approx(den), other)
    [notice] = [n for n in region["notices"] if n["kind"] == "indicators-other-edition"]
    named = {i["code"]: i["organisations"] for i in notice["indicators"]}
    assert named[f"{other}:П27"] == [reporter] and f"{other}:П1" in named
    assert not any(code.endswith(":" + linked[other]) for code in named for linked in LINKED)
    assert any(notice["message"] in row for row in register_rows(path)[-3:])     # at the end of «Реестр»
    assert f"Внимание: {notice['message']}" in stderr


def test_the_regions_details_are_its_own_never_a_districts(land):
    region, stderr = land["region"]
    details = _organisation(land["root"] / "регион.xlsx")
    # the districts name two regions: the region's roll-up takes neither, and says so
    assert (details["org_name"], details["org_code"], details["municipality"], details["region"]) == \
        ("Орган РЕГ", "РЕГ", None, None)
    assert "«Субъект Российской Федерации» (--region)" in stderr and "Муниципальное" not in stderr
    # both districts of the second region are in one region: that one; a municipality is still none of theirs
    details = _organisation(land["root"] / "регион2.xlsx")
    assert (details["municipality"], details["region"]) == (None, "Тверская область")
    # given, it is the option's
    _consolidate(land["root"] / "region", land["root"] / "регион3.xlsx", "РЕГ", "--region", "Дальневосточный край",
                 "--municipality", "—")
    details = _organisation(land["root"] / "регион3.xlsx")
    assert (details["municipality"], details["region"]) == ("—", "Дальневосточный край")


def test_a_district_of_two_editions_and_its_rows_of_another_edition_one_level_up(land):
    district, stderr = land["districts"]["УО-В"]
    books = land["books"]["УО-В"]
    amur_school = next(b for b in books if _edition_of(b) == AMUR)
    assert _organisation(land["root"] / "region2" / "УО-В.xlsx")["edition"] == R170       # the majority's
    for period in PERIODS:
        num, den = _sums(books, LINKED[0], period)             # П25 of Р-170 with П44 of the Amur school
        row = _row(district, "П25", period)
        assert (row["numerator"], row["denominator"]) == (pytest.approx(num), pytest.approx(den))
        num, den = _sums([amur_school], {AMUR: "П27"}, period)
        apart = _row(district, "amur_2022:П27", period)
        assert (apart["numerator"], apart["denominator"]) == (pytest.approx(num), pytest.approx(den))
        assert _row(district, "П27", period)["numerator"] == pytest.approx(
            _sums(books, {R170: "П27"}, period)[0])
    [notice] = [n for n in district["notices"] if n["kind"] == "indicators-other-edition"]
    assert {tuple(i["organisations"]) for i in notice["indicators"]} == {(amur_school.stem,)}
    assert "редакции каталога amur_2022" in stderr
    # one level up the district's «amur_2022:П27» is the Amur П27 again: summed as it, no unknown code
    report = json.loads(invoke("validate", str(land["root"] / "region2" / "УО-В.xlsx"), "--json").stdout)
    assert not [f for f in report["files"][0]["findings"] if f["code"] == "indicator-code-unknown"]
    region, _ = land["region2"]
    for period in PERIODS:
        num, den = _sums([amur_school], {AMUR: "П27"}, period)
        apart = _row(region, "amur_2022:П27", period)
        assert (apart["numerator"], apart["denominator"]) == (pytest.approx(num), pytest.approx(den))
        num, den = _sums(land["books"]["УО-А"] + books, LINKED[0], period)
        assert _row(region, "П25", period)["numerator"] == pytest.approx(num)
        assert _row(region, "П25", period)["denominator"] == pytest.approx(den)
