"""The archive of consolidations over real files: a district consolidates two periods into new files, the
archive beside them remembers both, ``history`` shows what each period's roll-up showed, the same files again
change nothing, two consolidations at once both land, a damaged or newer archive never costs the roll-up, a
growth indicator left without the previous period takes it from the archive, and the trend workbook's charts
point at the right cells."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from tests.support.cli import invoke, sha
from tests.support.district import SPEC
from tests.support.archive_db import counts, dump
from xl_roadmap.app.demo.generate import load_content, organisations, school_plan
from xl_roadmap.io.archive import open_archive
from xl_roadmap.io.archive.schema import LATEST
from xl_roadmap.io.xlsx.writer import WorkbookWriter

ARCHIVE = SPEC.archive["file_name"]
PERIODS = (("2023-2024", date(2024, 3, 15)), ("2024-2025", date(2025, 3, 15)))
N_SCHOOLS = 4
ORG = ("--org-name", "УО Заречного района", "--org-code", "УО-1", "--signatory", "Начальник УО",
       "--contact", "т. 1-23-45")


def write_books(folder: Path, period: str, as_of: date, seed: int, edition_id: str | None = None,
                blank_growth: str | None = None) -> list[Path]:
    """Real school books for one period; ``blank_growth``: this indicator's own-period denominator left empty."""
    folder.mkdir(parents=True, exist_ok=True)
    edition = SPEC.edition(edition_id)
    paths = []
    for i in range(N_SCHOOLS):
        org = organisations(i + 1)[i]
        plan = school_plan(SPEC, edition, org, seed=seed, period_text=period, as_of=as_of,
                           district=load_content()["district"], clean=True, n_actions=8)
        for row in plan.content.indicators:
            if row["code"] == blank_growth and row["period"] == period:
                row["denominator"] = None
        paths.append(WorkbookWriter(SPEC, edition, plan.content).save(folder / f"school{i}.xlsx"))
    return paths


def consolidate(inbox: Path, out: Path, as_of: date, *extra: str):
    r = invoke("consolidate", str(inbox), "-o", str(out), "--as-of", as_of.isoformat(), "--json", *ORG, *extra)
    return r, (json.loads(r.stdout) if r.stdout.strip().startswith("{") else None)



@pytest.fixture(scope="module")
def district(tmp_path_factory):
    root = tmp_path_factory.mktemp("district")
    out = root / "своды"
    out.mkdir()
    runs = {}
    for k, (period, as_of) in enumerate(PERIODS):
        inbox = write_books(root / "inbox" / period, period, as_of, seed=40 + k)[0].parent
        rollup = out / f"свод {period}.xlsx"
        r, d = consolidate(inbox, rollup, as_of)
        assert r.exit_code == 0, r.output
        runs[period] = {"inbox": inbox, "rollup": rollup, "json": d, "as_of": as_of}
    return {"root": root, "out": out, "archive": out / ARCHIVE, "runs": runs}


def rollup_indicators(path: Path) -> dict[tuple[str, str], tuple]:
    """(code, period) → (numerator, denominator, value) as the written roll-up's «Показатели» shows them."""
    sheet = SPEC.sheet("indicators")
    col = {c.id: sheet.column_index(c.id) for c in sheet.columns}
    ws = openpyxl.load_workbook(path, data_only=True, read_only=True)[sheet.name]
    out = {}
    for row in ws.iter_rows(min_row=SPEC.first_data_row, values_only=True):
        if row[col["code"]]:
            out[(row[col["code"]], row[col["period"]])] = tuple(
                None if row[col[c]] in (None, "") else row[col[c]] for c in ("numerator", "denominator", "value"))
    return out


def test_each_consolidation_is_recorded_in_one_archive_beside_the_rollups(district):
    for run in district["runs"].values():
        assert run["json"]["archive"] == {"path": str(district["archive"]), "recorded": N_SCHOOLS, "already": 0,
                                          "problem": None}
    assert counts(district["archive"])["consolidation"] == 2
    assert counts(district["archive"])["submission"] == 2 * N_SCHOOLS


def test_history_shows_the_numbers_each_periods_rollup_showed(district):
    r = invoke("history", "--archive", str(district["archive"]), "--json")
    assert r.exit_code == 0, r.output
    h = json.loads(r.stdout)
    # the first period's books also give the year before (no roll-up of its own): it is history too, with the
    # numbers that period's rows show in the first roll-up
    before = "2022-2023"
    assert h["periods"] == [before] + [p for p, _ in PERIODS] and h["submissions"] == 2 * N_SCHOOLS
    compared = 0
    for period, run in [(before, district["runs"][PERIODS[0][0]]), *district["runs"].items()]:
        shown = {k: v for k, v in rollup_indicators(run["rollup"]).items() if k[1] == period and v[2] is not None}
        mine = {(x["code"], x["period"]): x for x in h["indicators"] if x["period"] == period}
        assert set(shown) == {k for k, x in mine.items() if x["value"] is not None}
        for key, (num, den, value) in shown.items():
            x = mine[key]
            assert x["numerator"] == pytest.approx(num) and x["value"] == pytest.approx(value, rel=1e-9)
            assert (x["denominator"] is None) if den is None else x["denominator"] == pytest.approx(den)
            assert len(x["organisations"]) == N_SCHOOLS
            compared += 1
    assert compared > 10


def test_history_of_one_organisation_and_one_indicator(district):
    code = organisations(1)[0]["code"]
    r = invoke("history", "--archive", str(district["archive"]), "--org", code, "--indicator", "П2", "--json")
    h = json.loads(r.stdout)
    assert r.exit_code == 0 and {x["code"] for x in h["indicators"]} == {"П2"}
    assert [x["period"] for x in h["indicators"]] == ["2022-2023"] + [p for p, _ in PERIODS]
    assert all([o["code"] for o in x["organisations"]] == [code] for x in h["indicators"])
    nothing = invoke("history", "--archive", str(district["archive"]), "--indicator", "НЕТ")
    assert nothing.exit_code == 1 and "нечего показывать" in nothing.stderr


def test_the_same_files_again_change_nothing(district):
    before, content = counts(district["archive"]), dump(district["archive"])
    run = district["runs"][PERIODS[0][0]]
    r, d = consolidate(run["inbox"], run["rollup"], run["as_of"])
    assert r.exit_code == 0, r.output
    assert d["archive"]["recorded"] == 0 and d["archive"]["already"] == N_SCHOOLS
    assert counts(district["archive"]) == before and dump(district["archive"]) == content


def test_two_consolidations_at_once_both_land_intact(district, tmp_path):
    archive = tmp_path / "shared.sqlite"
    procs = [subprocess.Popen([sys.executable, "-m", "xl_roadmap.cli", "consolidate", str(run["inbox"]), "-o",
                               str(tmp_path / f"{period}.xlsx"), "--as-of", run["as_of"].isoformat(), "--archive",
                               str(archive), "--json", *ORG], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True)
             for period, run in district["runs"].items()]
    outs = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert all(json.loads(o)["archive"]["problem"] is None for o, _ in outs)
    assert counts(archive)["consolidation"] == 2 and counts(archive)["submission"] == 2 * N_SCHOOLS
    assert sqlite3.connect(archive).execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _newer(path: Path) -> None:
    """An archive a later xl-roadmap wrote: its schema version is past what this one knows."""
    open_archive(path, SPEC).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LATEST + 7}")
    conn.close()


@pytest.mark.parametrize("spoil, words", [
    (lambda p: p.write_bytes(bytes(range(256)) * 64), "повреждён или это не архив xl-roadmap"),
    (_newer, "более новой версией xl-roadmap"),
], ids=["damaged", "newer-schema"])
def test_an_unusable_archive_is_a_warning_and_the_rollup_is_written(district, tmp_path, spoil, words):
    run = district["runs"][PERIODS[1][0]]
    archive = tmp_path / "архив.sqlite"
    spoil(archive)
    before = sha(archive)
    out = tmp_path / "свод.xlsx"
    r, d = consolidate(run["inbox"], out, run["as_of"], "--archive", str(archive))
    plain, _ = consolidate(run["inbox"], tmp_path / "без архива.xlsx", run["as_of"], "--no-archive")
    assert r.exit_code == plain.exit_code == 0
    assert out.is_file() and d["accepted"] == N_SCHOOLS
    assert d["archive"]["recorded"] == 0 and words in d["archive"]["problem"]
    assert f"Внимание: архив сводов «{archive}»" in r.stderr and "свод записан" in r.stderr
    assert "Traceback" not in r.output
    assert sha(archive) == before
    assert json.loads(plain.stdout)["archive"] is None


def test_a_growth_indicator_without_the_previous_period_takes_it_from_the_archive(tmp_path):
    edition, code = "botlikh_muko_2022", "М7.15"
    (first, day1), (second, day2) = PERIODS
    out = tmp_path / "своды"
    out.mkdir()
    write_books(tmp_path / "1", first, day1, seed=3, edition_id=edition)
    write_books(tmp_path / "2", second, day2, seed=4, edition_id=edition, blank_growth=code)
    # validate (no archive there) says the previous period's value is missing and where it may come from
    checked = json.loads(invoke("validate", str(tmp_path / "2" / "school0.xlsx"), "--json").stdout)
    about = [f for f in checked["files"][0]["findings"] if code in f["message"]]
    assert {f["code"] for f in about} == {"growth-previous-missing"}, about
    assert "из архива сводов" in about[0]["message"] and about[0]["severity"] == SPEC.rules[
        "growth-previous-missing"].severity
    r1, _ = consolidate(tmp_path / "1", out / "1.xlsx", day1)
    r2, d2 = consolidate(tmp_path / "2", out / "2.xlsx", day2)
    assert r1.exit_code == 0 and r2.exit_code == 0, r2.output
    # what the first period's books said for their own period, read back from those books
    previous = {}
    for path in sorted((tmp_path / "1").glob("*.xlsx")):
        got = rollup_indicators(path)
        previous[path.name] = got[(code, first)][0]
    shown = rollup_indicators(out / "2.xlsx")[(code, second)]
    assert shown[1] == pytest.approx(sum(previous.values()))
    assert shown[2] == pytest.approx((shown[0] - shown[1]) / shown[1] * 100)
    notes = [n for n in d2["notices"] if n["kind"] == "growth-from-archive"]
    assert len(notes) == N_SCHOOLS
    assert all(code in n["message"] and f"за {first} из архива" in n["message"] for n in notes)
    register = openpyxl.load_workbook(out / "2.xlsx", read_only=True)[SPEC.rollup_sheet("register").name]
    texts = " ".join(str(v) for row in register.iter_rows(values_only=True) for v in row if v)
    assert notes[0]["message"] in texts
    # without the archive the same books leave the growth indicator without a denominator
    _, d3 = consolidate(tmp_path / "2", tmp_path / "без архива.xlsx", day2, "--no-archive")
    assert rollup_indicators(tmp_path / "без архива.xlsx")[(code, second)][1] is None
    assert not [n for n in d3["notices"] if n["kind"] == "growth-from-archive"]


def _chart_refs(path: Path) -> list[dict]:
    with zipfile.ZipFile(path) as z:
        names = sorted((n for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)),
                       key=lambda n: int(re.search(r"\d+", n).group()))
        charts = []
        for n in names:
            xml = z.read(n).decode("utf-8")
            charts.append({"type": re.findall(r"<c:(lineChart|barChart)>", xml),
                           "names": re.findall(r"<c:tx><c:v>([^<]*)</c:v></c:tx>", xml)
                           or re.findall(r"<c:tx><c:strRef><c:f>[^<]*</c:f><c:strCache><c:ptCount val=\"1\"/>"
                                         r"<c:pt idx=\"0\"><c:v>([^<]*)</c:v>", xml),
                           "cats": re.findall(r"<c:cat><c:(?:str|num)Ref><c:f>([^<]*)</c:f>", xml),
                           "vals": re.findall(r"<c:val><c:numRef><c:f>([^<]*)</c:f>", xml)})
    return charts


def _cells(ws, ref: str) -> list:
    cells = ref.rsplit("!", 1)[1]
    a, b = cells.replace("$", "").split(":")
    return [c.value for row in ws[a:b] for c in row]


def test_the_trend_workbook_has_a_line_chart_per_indicator_on_the_right_cells(district, tmp_path):
    out = tmp_path / "тренды.xlsx"
    r = invoke("history", "--archive", str(district["archive"]), "-o", str(out), "--json")
    assert r.exit_code == 0, r.output
    h = json.loads(r.stdout)
    codes = list(dict.fromkeys(x["code"] for x in h["indicators"]))
    charts = _chart_refs(out)
    assert len(charts) == len(codes)
    wb = openpyxl.load_workbook(out)
    ws = wb[SPEC.archive["trends"]["sheet"]]
    for code, chart in zip(codes, charts, strict=True):
        rows = [x for x in h["indicators"] if x["code"] == code]
        assert chart["type"] == ["lineChart"]
        assert chart["names"][0] == SPEC.archive["trends"]["district"]
        assert _cells(ws, chart["cats"][0]) == [x["period"] for x in rows]
        assert _cells(ws, chart["vals"][0]) == pytest.approx([x["value"] for x in rows])
        if len(chart["vals"]) > 1:              # the norm's line, where the catalogue gives a norm
            assert _cells(ws, chart["vals"][1]) == [x["norm"] for x in rows]
    # landscape; the charts at a fixed scale (tests/app/test_pages.py), the organisations one page wide
    # (fitToWidth 1 is the default XlsxWriter leaves out), any number of pages tall
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.scale) < 100
    orgs = wb[SPEC.archive["trends"]["organisations_sheet"]]
    assert orgs.page_setup.orientation == "landscape" and orgs.sheet_properties.pageSetUpPr.fitToPage
    assert orgs.page_setup.fitToWidth in (None, 1) and orgs.page_setup.fitToHeight == 0
    header = [c.value for c in orgs[2]]
    assert header[-2:] == [p for p, _ in PERIODS]
    assert orgs.max_row - 2 == sum(1 for code in codes for _ in range(N_SCHOOLS))


def test_the_archive_as_dataframes(district):
    import xl_roadmap

    frames = xl_roadmap.archive_frames(district["archive"])
    assert len(frames.submissions) == 2 * N_SCHOOLS
    assert list(frames.indicators["period"].cat.categories)[-2:] == [p for p, _ in PERIODS]
    own = frames.indicators[frames.indicators["period"] == frames.indicators["book_period"]]
    h = json.loads(invoke("history", "--archive", str(district["archive"]), "--json").stdout)
    booked = set(own["book_period"])                 # the year before, from the first books, has no books
    p2 = {x["period"]: x["numerator"] for x in h["indicators"] if x["code"] == "П2" and x["period"] in booked}
    sums = own[own["code"] == "П2"].groupby("period", observed=True)["numerator"].sum().to_dict()
    assert sums == pytest.approx(p2)
    assert set(frames.deadlines.columns) >= {"submission_id", "org_code", "period", "state", "actions"}


def test_history_of_an_archive_that_is_not_there(tmp_path):
    r = invoke("history", "--archive", str(tmp_path / "нет.sqlite"))
    assert r.exit_code == 2 and ARCHIVE in r.stderr and "Traceback" not in r.output
    assert not (tmp_path / "нет.sqlite").exists()


def test_the_excel_consolidate_records_into_the_archive_beside_the_district_book(tmp_path):
    """«Свести» in the district book (app.open_book, what the button calls): the same archive, in the folder of
    the book the roll-up is written into."""
    from xl_roadmap.app.open_book import consolidate_folder
    from xl_roadmap.app.templates import build_template
    from xl_roadmap.io.workbook_file import _grids

    period, as_of = PERIODS[1]
    inbox = write_books(tmp_path / "inbox", period, as_of, seed=9)[0].parent
    (tmp_path / "book").mkdir()
    district = build_template(tmp_path / "book" / "district.xlsx", "district", spec=SPEC, org_name="УО",
                              org_code="ZR")
    with _grids(district) as grids:
        rollup = consolidate_folder(grids, district.name, district, folder=str(inbox))
    assert rollup.archive.to_dict() == {"path": str(tmp_path / "book" / ARCHIVE), "recorded": N_SCHOOLS,
                                        "already": 0, "problem": None}
    assert "Архив сводов" in rollup.summary()
    assert counts(tmp_path / "book" / ARCHIVE)["submission"] == N_SCHOOLS


def test_an_archive_is_one_organisations_a_second_districts_rollup_is_not_summed_into_its_history(tmp_path):
    """Two districts' roll-ups saved in one folder share its default archive: history would add both
    districts' schools up as one. The second roll-up is written, not recorded, and the user is told why."""
    period, as_of = PERIODS[0]
    first, second = tmp_path / "район 1", tmp_path / "район 2"
    write_books(first, period, as_of, seed=1)
    write_books(second, period, as_of, seed=2)
    r, got = consolidate(first, tmp_path / "свод 1.xlsx", as_of)
    assert got["archive"]["problem"] is None and got["archive"]["recorded"] == N_SCHOOLS
    before = counts(tmp_path / ARCHIVE)
    other = ("--org-code", "УО-2", "--org-name", "УО соседнего района")
    r = invoke("consolidate", str(second), "-o", str(tmp_path / "свод 2.xlsx"), "--as-of", as_of.isoformat(),
               "--json", "--signatory", "Начальник", "--contact", "т. 2", *other)
    got = json.loads(r.stdout)
    assert (tmp_path / "свод 2.xlsx").exists() and got["archive"]["recorded"] == 0
    assert "ведёт свод другой организации (УО-1)" in got["archive"]["problem"] and "--archive" in r.stderr
    assert counts(tmp_path / ARCHIVE) == before
    # its own archive takes it
    r = invoke("consolidate", str(second), "-o", str(tmp_path / "свод 2.xlsx"), "--as-of", as_of.isoformat(),
               "--json", "--signatory", "Начальник", "--contact", "т. 2", "--archive", str(second / ARCHIVE), *other)
    assert json.loads(r.stdout)["archive"]["recorded"] == N_SCHOOLS


def test_a_locked_archive_costs_the_rollup_at_most_twenty_seconds(tmp_path):
    """Something holds the archive (a copy program, a stuck process): the roll-up is written after at most the
    busy timeout, with the reason; the archive is left as it was. A child process runs the command, so a minute's
    wait fails the test by its timeout."""
    period, as_of = PERIODS[0]
    inbox = tmp_path / "книги"
    write_books(inbox, period, as_of, seed=5)
    out = tmp_path / "свод.xlsx"
    r, got = consolidate(inbox, out, as_of)
    assert got["archive"]["recorded"] == N_SCHOOLS
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1], isolation_level=None); "
        "c.execute('PRAGMA locking_mode = EXCLUSIVE'); c.execute('BEGIN EXCLUSIVE'); "
        "print('held', flush=True); time.sleep(120)"), str(tmp_path / ARCHIVE)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        write_books(inbox, period, as_of, seed=6)          # new books: something to record
        r = subprocess.run([sys.executable, "-m", "xl_roadmap.cli", "consolidate", str(inbox), "-o", str(out),
                            "--as-of", as_of.isoformat(), "--json", *ORG], capture_output=True, text=True, timeout=45)
    finally:
        holder.kill()
        holder.wait()
    got = json.loads(r.stdout)
    assert out.exists() and got["archive"]["recorded"] == 0
    assert "занят" in got["archive"]["problem"] and "20 с" in got["archive"]["problem"]
