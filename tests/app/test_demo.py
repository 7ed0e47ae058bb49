"""The README's main job: `xl-roadmap demo` writes the district's plan, hands it down to the schools, fills their
books, validates them and consolidates them against the plan («Исполнение плана»).

What the roll-up's plan sheet must say is worked out from the written books with openpyxl (tests/support/
handed_down.py): the plan numbers from the books' hidden origin cells, the statuses as the books hold them, and
«просрочено» where the school's checked copy (reports/, «Состояние срока») says the deadline has passed.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from tests.support import handed_down as hd
from xl_roadmap.app.demo.generate import load_content, shift_years

SPEC = hd.SPEC
ROADMAP = SPEC.sheet("roadmap")
DEMO_AS_OF = date(2025, 3, 15)


def test_seed_years_follow_the_demo_period():
    assert shift_years("Сентябрь 2024г., 2024-2025 уч.г.", 2) == "Сентябрь 2026г., 2026-2027 уч.г."
    assert shift_years("до 01.09.2024", 0) == "до 01.09.2024"


def test_content_is_large_and_from_the_seeds():
    c = load_content()
    assert len(c["organisations"]) >= 40 and len(c["persons"]) >= 60 and len(c["actions"]) >= 80
    assert sum(len(a.get("evidence", [])) for a in c["actions"]) >= 40
    assert len(c["mistakes"]) >= 10


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("demo") / "demo"
    r = subprocess.run([sys.executable, "-m", "xl_roadmap.cli", "demo", "--schools", "5", "--out", str(out),
                        "--as-of", DEMO_AS_OF.isoformat()], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    return out, r.stdout


def test_demo_command(demo):
    out, stdout = demo
    schools = sorted((out / "schools").glob("*.xlsx"))
    assert len(schools) == 5
    assert len(list((out / "reports").glob("*.xlsx"))) == 5
    report = json.loads((out / "validation.json").read_text(encoding="utf-8"))
    assert report["stats"]["files"] == 5
    rollup = openpyxl.load_workbook(out / "свод_района.xlsx", read_only=True)
    assert "Реестр" in rollup.sheetnames
    assert "Свод района" in stdout and "План района" in stdout


def _roadmap_rows(path: Path):
    """(row values by column id) of a book's «Дорожная карта», read with openpyxl."""
    ws = openpyxl.load_workbook(path, read_only=True)[ROADMAP.name]
    ids = [c.id for c in ROADMAP.columns]
    for row in ws.iter_rows(min_row=SPEC.first_data_row, values_only=True):
        values = dict(zip(ids, row))
        if values.get("action") in (None, ""):
            break
        yield values


def _plan_for_schools(out: Path) -> list[dict]:
    return [r for r in _roadmap_rows(out / "план_района.xlsx") if r["level"] in ("ОО", "ОО и УО")]


def test_the_plan_is_a_district_book_a_real_hand_down_takes_as_it_is(demo, tmp_path):
    from xl_roadmap.app.hand_down import hand_down

    out, _ = demo
    form = openpyxl.load_workbook(out / "план_района.xlsx", read_only=True)[SPEC.sheet("organisation").name]
    labels = {str(a).rstrip(" *"): b for a, b, *_ in form.iter_rows(values_only=True) if a}
    assert labels["Тип организации"] == "УО"
    assert labels["Наименование организации"] == load_content()["district"]["authority"]
    rows = list(_roadmap_rows(out / "план_района.xlsx"))
    for_schools = _plan_for_schools(out)
    assert 12 <= len(for_schools) <= 15
    assert any(r["level"] == "УО" for r in rows)                     # the district's own actions too
    assert all(r["codes"] and r["section"] and r["deadline"] for r in rows)
    assert len({r["no"] for r in rows}) == len(rows)
    # the plan the demo handed down passes hand-down's own check of the plan: nothing every school would inherit
    outcome = hand_down(out / "план_района.xlsx", out / "ожидаемые_организации.csv", tmp_path / "books",
                        as_of=DEMO_AS_OF)
    assert outcome.exit_code == 0 and outcome.plan_findings == [] and outcome.actions == len(for_schools)


def _overdue(copy: Path) -> set[str]:
    """The plan numbers whose «Состояние срока» the school's checked copy says is overdue."""
    return {hd.plan_no(r["origin"]) for r in _roadmap_rows(copy) if r["deadline_state"] == hd.OVERDUE} - {None}


def test_the_roll_up_holds_the_schools_to_the_plan_as_their_books_say(demo):
    out, stdout = demo
    plan = _plan_for_schools(out)
    numbers = [str(r["no"]) for r in plan]
    codes = [p.stem for p in sorted((out / "schools").glob("*.xlsx"))]
    books = [hd.read_book(out / "schools" / f"{code}.xlsx", code, DEMO_AS_OF,
                          overdue=_overdue(out / "reports" / f"{code}.проверка.xlsx")) for code in codes]
    sheet = hd.read_sheet(out / "свод_района.xlsx")
    assert sheet.order == numbers and sheet.schools == codes
    expected = hd.expected_rows(books, numbers)
    for no in numbers:
        row = sheet.rows[no]
        assert row["schools"] == expected[no]["schools"], no
        assert {k: row[k] or 0 for k in hd.COUNTS} == {k: expected[no][k] for k in hd.COUNTS}, no
        assert sum(row[k] for k in hd.COUNTS) == len(codes), no
    words = [w for no in numbers for w in expected[no]["schools"].values()]
    # the demo shows every state: done, in work, not started, overdue, and one school that deleted one action
    assert {"выполнено", "в работе", hd.NOT_STARTED, hd.OVERDUE} <= set(words)
    assert words.count(hd.ABSENT) == 1
    # the schools' own actions are listed, each under its school
    for book in books:
        assert sorted(text for code, _, text, _ in sheet.own if code == book.code) == sorted(book.own), book.code
    assert all(book.own for book in books)
    # some schools made a plan action their own wording: the text or the deadline, still under the plan's number
    by_no = {str(r["no"]): r for r in plan}
    changed = {(code, column) for code in codes for r in _roadmap_rows(out / "schools" / f"{code}.xlsx")
               if (no := hd.plan_no(r["origin"]))
               for column in ("action", "deadline") if r[column] != by_no[no][column]}
    assert {column for _, column in changed} == {"action", "deadline"}
    # the line the demo prints says what the sheet says
    done, overdue, pairs = sheet.totals["done"]["sum"], sheet.totals["overdue"]["sum"], len(numbers) * len(codes)
    line = next(x for x in stdout.splitlines() if "исполнение плана" in x)
    assert re.search(rf"мероприятий {len(numbers)}, школ {len(codes)}, выполнено {round(100 * done / pairs)} %, "
                     rf"просрочено {round(100 * overdue / pairs)} %", line), line
    # … and the sheet's share row shows the same shares
    assert (round(100 * sheet.shares["done"]), round(100 * sheet.shares["overdue"])) == \
        (round(100 * done / pairs), round(100 * overdue / pairs))


def test_the_printed_command_repeats_the_roll_up_with_the_plan(demo, tmp_path):
    out, stdout = demo
    repeat = next(line for line in stdout.splitlines() if line.startswith("Повторить свод"))
    args = shlex.split(repeat.split(":", 1)[1])
    assert args[:2] == ["xl-roadmap", "consolidate"] and "--plan" in args
    args[args.index("-o") + 1] = str(tmp_path / "свод.xlsx")
    r = subprocess.run([sys.executable, "-m", "xl_roadmap.cli", *args[1:]], capture_output=True, text=True,
                       timeout=600)
    assert r.returncode in (0, 1), r.stderr
    again, first = hd.read_sheet(tmp_path / "свод.xlsx"), hd.read_sheet(out / "свод_района.xlsx")
    assert (again.rows, again.own, again.totals) == (first.rows, first.own, first.totals)


def test_a_rerun_replaces_its_own_books_but_never_one_changed_since(tmp_path):
    from xl_roadmap.app.demo.run import run_demo
    from xl_roadmap.app.errors import OutputError

    out = tmp_path / "демо папка"
    first = run_demo(out, schools=2, seed=1, as_of=date(2026, 3, 1), echo=lambda _: None)
    # the command to repeat the roll-up quotes as Windows cmd does (double quotes), which POSIX shells read too
    repeat = next(line for line in first.splitlines() if line.startswith("Повторить свод"))
    assert f'"{out / "schools"}"' in repeat and "'" not in repeat
    run_demo(out, schools=2, seed=1, as_of=date(2026, 3, 1), echo=lambda _: None)     # untouched: replaced
    book = out / "schools" / "ZR-001.xlsx"
    wb = openpyxl.load_workbook(book)
    wb.active["A1"] = "правка школы"
    wb.save(book)
    edited = book.read_bytes()
    with pytest.raises(OutputError, match="ZR-001.xlsx» изменена после демонстрации"):
        run_demo(out, schools=2, seed=1, as_of=date(2026, 3, 1), echo=lambda _: None)
    assert book.read_bytes() == edited


def test_a_rerun_replaces_its_own_plan_but_never_one_changed_since_or_not_its_own(tmp_path):
    from xl_roadmap.app.demo.run import run_demo
    from xl_roadmap.app.errors import OutputError

    out = tmp_path / "демо"
    run_demo(out, schools=2, seed=1, as_of=date(2026, 3, 1), echo=lambda _: None)
    plan = out / "план_района.xlsx"
    wb = openpyxl.load_workbook(plan)
    wb[ROADMAP.name].cell(SPEC.first_data_row, 4).value = "правка района"
    wb.save(plan)
    edited = plan.read_bytes()
    with pytest.raises(OutputError, match="План района «.*план_района.xlsx» изменён после демонстрации"):
        run_demo(out, schools=2, seed=1, as_of=date(2026, 3, 1), echo=lambda _: None)
    assert plan.read_bytes() == edited and len(list((out / "schools").glob("*.xlsx"))) == 2
    # a plan of that name in a folder the demo never wrote into is someone's: kept
    other = tmp_path / "чужая"
    other.mkdir()
    (other / "план_района.xlsx").write_bytes(edited)
    with pytest.raises(OutputError, match="демонстрация его не записывала"):
        run_demo(other, schools=1, seed=1, as_of=date(2026, 3, 1), echo=lambda _: None)
    assert (other / "план_района.xlsx").read_bytes() == edited and not (other / "schools").exists()


def test_demo_into_a_place_that_cannot_be_a_folder_says_why_in_russian(tmp_path):
    blocker = tmp_path / "файл"
    blocker.write_text("не папка", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "xl_roadmap.cli", "demo", "--schools", "1", "--out",
                        str(blocker / "d")], capture_output=True, text=True, timeout=600)
    assert r.returncode == 2
    assert f"Папка «{blocker / 'd'}» не создана: часть пути — не папка (ENOTDIR)" in r.stderr
    assert "Traceback" not in r.stderr
