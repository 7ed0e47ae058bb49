"""«Исполнение плана»: a district hands its plan down, its schools carry it out (or not), the roll-up says which
school has done which action of the plan — found by the books' origin marks, or given (--plan) — and the region
sees each district's plan in all.

What the sheet must hold is worked out from the school books as written (tests/support/handed_down.py), not by
the product's code.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tests.support import handed_down as hd
from tests.support.cli import invoke, sha
from tests.support.district import clean_plan, write_plan
from tests.support.rollup_sheets import sheet_values
from xl_roadmap.core.content import EXTRA_FIRST_ROW

PLAN_SHEET = hd.SPEC.rollup_sheet("plan").name
SCHOOL_NUMBERS = [no for no, level, *_ in hd.PLAN if level in ("ОО", "ОО и УО")]
SCHOOLS = [
    hd.SchoolPlan("ОО-01", "Школа № 1", {"1.1": "выполнено", "1.2": "в работе", "1.3": "выполнено", "2.1": "не начато",
                                          "2.2": "в работе", "2.10": "перенесено"}),
    hd.SchoolPlan("ОО-02", "Школа № 2", {"1.1": "в работе", "1.2": "выполнено", "1.3": "отменено", "2.1": "в работе",
                                          "2.2": "выполнено", "2.10": "не начато"},
                  own=(("Школьный конкурс чтецов", "до 20.05.2025", "в работе"),
                       ("Экскурсия в музей", "до 01.02.2025", "выполнено"))),
    hd.SchoolPlan("ОО-03", "Школа № 3", {"1.1": "выполнено", "1.2": "не начато", "1.3": "в работе", "2.2": "отменено",
                                          "2.10": "в работе"}, delete=("2.1",)),
    hd.SchoolPlan("ОО-04", "Школа № 4", {"1.1": "выполнено", "1.2": "перенесено", "1.3": "выполнено",
                                          "2.1": "выполнено", "2.2": "в работе", "2.10": ""},
                  rewrite={"1.1": "Семинар по функциональной грамотности (перенесён на каникулы)"}),
]
# the second district of the region: the same plan, other schools, other statuses
PARTNERS = [
    hd.SchoolPlan("ОО-11", "Школа № 11", {"1.1": "выполнено", "1.2": "выполнено", "1.3": "выполнено",
                                           "2.1": "выполнено", "2.2": "выполнено", "2.10": "в работе"}),
    hd.SchoolPlan("ОО-12", "Школа № 12", {"1.1": "в работе", "1.2": "в работе", "1.3": "в работе", "2.1": "в работе",
                                           "2.2": "в работе", "2.10": "в работе"}, delete=("1.2", "2.10")),
    hd.SchoolPlan("ОО-13", "Школа № 13", {"1.1": "выполнено", "1.2": "не начато", "1.3": "отменено",
                                           "2.1": "в работе", "2.2": "выполнено", "2.10": "не начато"}),
]
AS_OF = f"{hd.AS_OF:%d.%m.%Y}"


def _district(folder: Path, schools: list[hd.SchoolPlan], code: str, plan: Path | None = None,
              out_name: str = "свод.xlsx", *extra: str) -> dict:
    folder.mkdir(parents=True, exist_ok=True)
    plan = plan or hd.plan_book(folder)
    books = hd.hand_down(plan, schools, folder)
    for school in schools:
        hd.fill_school(books[school.code], school)
    out = folder / out_name
    r = invoke("consolidate", str(folder / "книги"), "-o", str(out), "--as-of", AS_OF, "--json", "--no-archive",
               "--org-name", f"Управление образования {code}", "--org-code", code,
               "--signatory", "начальник УО Районова Н.Н.", "--contact", "8 (482) 55-00-00", *extra)
    assert r.exit_code == 0, r.output
    return {"plan": plan, "books": books, "out": out, "json": json.loads(r.stdout), "folder": folder}


@pytest.fixture(scope="module")
def district(tmp_path_factory):
    return _district(tmp_path_factory.mktemp("plan") / "район", SCHOOLS, "УО-1")


def _books(d, schools) -> list[hd.BookSays]:
    return [hd.read_book(d["books"][s.code], s.code) for s in schools]


def test_every_school_is_accepted_so_the_columns_are_plain_codes(district):
    statuses = {s["code"]: s["status"] for s in district["json"]["submissions"]}
    assert set(statuses) == {s.code for s in SCHOOLS}
    assert set(statuses.values()) <= {"принят", "принят с замечаниями"}, district["json"]["submissions"]


def test_the_sheet_says_what_each_schools_book_says_of_each_action(district):
    books = _books(district, SCHOOLS)
    # the plan as the books' marks give it: every number a book carries, in the plan's order (2.2 before 2.10)
    numbers = sorted({no for b in books for no in b.cells}, key=SCHOOL_NUMBERS.index)
    assert numbers == SCHOOL_NUMBERS
    want = hd.expected_rows(books, numbers)
    sheet = hd.read_sheet(district["out"])
    assert sheet.schools == [s.code for s in SCHOOLS]
    assert sheet.order == numbers
    for no in numbers:
        got = sheet.rows[no]
        assert got["schools"] == want[no]["schools"], no
        assert {k: got[k] for k in hd.COUNTS} == {k: want[no][k] for k in hd.COUNTS}, no
        assert sum(got[k] for k in hd.COUNTS) == len(SCHOOLS), no          # a row's counts add up to its schools
    # every word of the list shows somewhere: the test's statuses cover them all
    assert {w for row in want.values() for w in row["schools"].values()} == \
        {"выполнено", "в работе", "не начато", "перенесено", "отменено", hd.OVERDUE, hd.ABSENT}


def test_the_plans_text_is_the_one_most_schools_left_unchanged(district):
    sheet = hd.read_sheet(district["out"])
    plan = {no: (action, deadline) for no, _, action, deadline in hd.PLAN}
    for no in SCHOOL_NUMBERS:
        action, deadline = plan[no]
        assert sheet.rows[no]["action"] == action           # ОО-04 rewrote 1.1: three schools did not
        assert sheet.rows[no]["deadline"] == (f"{deadline:%d.%m.%Y}" if not isinstance(deadline, str) else deadline)
    assert "отметкам «Из плана УО»" in sheet.title and hd.AS_OF.strftime("%d.%m.%Y") in sheet.title


def test_totals_per_school_and_own_actions_listed_below(district):
    books = _books(district, SCHOOLS)
    sheet = hd.read_sheet(district["out"])
    per_school = {b.code: hd.counts(b.cells.get(no, hd.ABSENT) for no in SCHOOL_NUMBERS) for b in books}
    pairs = len(SCHOOL_NUMBERS) * len(books)
    for kind in hd.COUNTS:
        assert {c: sheet.totals[kind][c] for c in per_school} == {c: n[kind] for c, n in per_school.items()}, kind
        assert sheet.totals[kind]["sum"] == sum(n[kind] for n in per_school.values())
        # the share row: each count of all pairs (action × school)
        assert sheet.shares[kind] == pytest.approx(sheet.totals[kind]["sum"] / pairs), kind
    assert sum(sheet.totals[kind]["sum"] for kind in hd.COUNTS) == pairs
    assert sheet.totals["other"]["sum"] > 0 and sheet.totals["not_started"]["sum"] > 0
    assert {c: sheet.totals["own"][c] for c in sheet.schools} == {b.code: len(b.own) for b in books}
    # the own actions: a short list of their own under the plan, not a column per school
    assert sheet.own_headers == [hd.SPEC.rollup_text(f"plan_own_{k}")
                                 for k in ("school", "action", "deadline", "no", "status")]
    assert sorted((code, text) for code, _, text, _ in sheet.own) == sorted((b.code, t) for b in books for t in b.own)
    own = {s.code: {action: status for action, _, status in s.own} for s in SCHOOLS}
    for code, no, text, status in sheet.own:
        assert no and status == own[code].get(text, status), (code, text)


def test_json_plan_says_the_same(district):
    plan = district["json"]["plan"]
    books = _books(district, SCHOOLS)
    want = hd.expected_rows(books, SCHOOL_NUMBERS)
    assert plan["source"] == "origin marks"
    assert [a["no"] for a in plan["actions"]] == SCHOOL_NUMBERS
    for a in plan["actions"]:
        assert a["schools"] == want[a["no"]]["schools"]
        assert {k: a[k] for k in hd.COUNTS} == {k: want[a["no"]][k] for k in hd.COUNTS}
    assert plan["own_actions"] == {b.code: len(b.own) for b in books}


def test_a_methodologist_reads_it_at_a_glance_and_prints_it(district):
    wb = openpyxl.load_workbook(district["out"])
    ws = wb[PLAN_SHEET]
    assert ws.freeze_panes == "C3"                        # headers and the number and text of an action stay
    assert ws.print_title_rows == "$1:$2" and ws.print_title_cols == "$A:$B"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    # a few schools: one page wide; the title merged over the columns every page repeats, wrapped, not cut
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth in (None, 1)   # 1: the default
    assert int(ws.page_setup.fitToHeight) == 0
    assert "A1:B1" in {str(m) for m in ws.merged_cells.ranges} and ws["A1"].alignment.wrap_text
    first_school = len(hd.FIXED) + 1
    rules = {(str(cf.sqref), rule.formula[0]) for cf in ws.conditional_formatting for rule in cf.rules
             if rule.formula}
    done_ranges = {rng for rng, formula in rules if formula == '"выполнено"'}
    last_plan_row = EXTRA_FIRST_ROW - 1 + len(SCHOOL_NUMBERS)
    schools = f"{openpyxl.utils.get_column_letter(first_school)}{EXTRA_FIRST_ROW}:" \
              f"{openpyxl.utils.get_column_letter(first_school + len(SCHOOLS) - 1)}{last_plan_row}"
    # the schools' columns over the plan's rows, and the own list's «Статус» (column E) under it
    sheet = hd.read_sheet(district["out"])
    own_first = last_plan_row + len(hd.COUNTS) + 2 + 4
    assert done_ranges == {schools, f"E{own_first}:E{own_first + len(sheet.own) - 1}"}
    assert {'"просрочено"', '"нет в книге"', '"в работе"', '"отменено"', '"перенесено"'} <= {f for _, f in rules}
    assert ws.auto_filter.ref.endswith(str(EXTRA_FIRST_ROW - 1 + len(SCHOOL_NUMBERS)))   # the plan, not its totals
    # a long action text wraps in a row as tall as it needs
    assert ws.column_dimensions["B"].width >= 40


def test_every_status_traces_to_the_schools_status_cell(district):
    rows = openpyxl.load_workbook(district["out"], read_only=True)[hd.SPEC.rollup_sheet("provenance").name]
    traced = [r for r in rows.iter_rows(min_row=EXTRA_FIRST_ROW, values_only=True) if r[0] == PLAN_SHEET]
    by_file = {p.name: p for p in district["books"].values()}
    assert {r[3] for r in traced} == set(by_file)
    status = openpyxl.utils.get_column_letter(hd.SPEC.sheet("roadmap").column_index("status") + 1)
    sheet = hd.read_sheet(district["out"])
    plan_cells = {f"{openpyxl.utils.get_column_letter(len(hd.FIXED) + 1 + j)}{EXTRA_FIRST_ROW + i}": (no, code)
                  for i, no in enumerate(sheet.order) for j, code in enumerate(sheet.schools)}
    covered = set()
    for _, cells, value, file, src_sheet, source in traced:
        first, last = (cells.split(":") + [cells])[:2]
        if first not in plan_cells:
            continue                                      # an own action's row
        assert source.split(":")[0].rstrip("0123456789") == status, (cells, source)
        top, bottom = int(first.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")), int(last.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
        covered |= {f"{first.rstrip('0123456789')}{r}" for r in range(top, bottom + 1)}
        if value is not None:                              # one cell: the book's «Статус» (unless overdue)
            book = openpyxl.load_workbook(by_file[file], read_only=True)[src_sheet]
            assert value in (str(book[source].value or hd.NOT_STARTED).lower(), hd.OVERDUE), (cells, source)
    present = {cell for cell, (no, code) in plan_cells.items() if sheet.rows[no]["schools"][code] != hd.ABSENT}
    assert covered >= present


def test_the_streamed_rollup_equals_the_plain_one(district, tmp_path, monkeypatch):
    """The streamed roll-up drops each school's rows once written: «Исполнение плана» must come from the
    summaries, the same as when every row is kept."""
    from xl_roadmap.app import consolidate_file, workers
    from xl_roadmap.app.consolidate import consolidate, write_rollup

    files = sorted(district["books"].values())
    org = {"org_name": "УО", "org_code": "УО-1"}
    plain = sheet_values(write_rollup(consolidate(files, as_of=hd.AS_OF, workers=1), tmp_path / "plain.xlsx", org))
    monkeypatch.setattr(workers, "PARALLEL_FROM", 2)
    consolidate_file.consolidate_to_file(files, tmp_path / "streamed.xlsx", org, as_of=hd.AS_OF, workers=2)
    streamed = sheet_values(tmp_path / "streamed.xlsx")
    assert list(streamed) == list(plain) and PLAN_SHEET in plain
    for name in plain:
        assert streamed[name] == plain[name], name


def test_the_plan_given_is_the_plan_shown(district, tmp_path):
    out = tmp_path / "свод.xlsx"
    before = sha(district["plan"])
    r = invoke("consolidate", str(district["folder"] / "книги"), "-o", str(out), "--as-of", AS_OF, "--json",
               "--no-archive", "--plan", str(district["plan"]))
    assert r.exit_code in (0, 1), r.output
    assert sha(district["plan"]) == before
    plan = json.loads(r.stdout)["plan"]
    assert plan["source"] == f"--plan {district['plan']}"
    sheet = hd.read_sheet(out)
    assert sheet.order == SCHOOL_NUMBERS                                    # «1.4» is the district's own: not here
    levels = {no: level for no, level, *_ in hd.PLAN}
    assert {no: sheet.rows[no]["level"] for no in SCHOOL_NUMBERS} == {no: levels[no] for no in SCHOOL_NUMBERS}
    want = hd.expected_rows(_books(district, SCHOOLS), SCHOOL_NUMBERS)
    assert {no: sheet.rows[no]["schools"] for no in SCHOOL_NUMBERS} == {no: want[no]["schools"] for no in want}
    assert "план УО.xlsx" in sheet.title
    # the plan's texts trace to the plan book's cells
    rows = openpyxl.load_workbook(out, read_only=True)[hd.SPEC.rollup_sheet("provenance").name]
    assert any(r[0] == PLAN_SHEET and r[3] == district["plan"].name for r in rows.iter_rows(values_only=True))


def test_a_plan_action_the_books_never_carried_is_absent_everywhere(district, tmp_path):
    """--plan lists what the district planned, even an action every school removed (the marks cannot know it)."""
    plan = tmp_path / "план с новым мероприятием.xlsx"
    wb = openpyxl.load_workbook(district["plan"])
    ws = wb[hd.SPEC.sheet("roadmap").name]
    row = hd.SPEC.first_data_row + len(hd.PLAN)
    for column_id, value in (("no", "3.1"), ("level", "ОО"), ("action", "Новое мероприятие"), ("deadline", "до 01.05.2025")):
        ws.cell(row, hd.SPEC.sheet("roadmap").column_index(column_id) + 1).value = value
    wb.save(plan)
    out = tmp_path / "свод.xlsx"
    r = invoke("consolidate", str(district["folder"] / "книги"), "-o", str(out), "--as-of", AS_OF, "--no-archive",
               "--plan", str(plan))
    assert r.exit_code in (0, 1), r.output
    sheet = hd.read_sheet(out)
    assert sheet.rows["3.1"]["schools"] == {s.code: hd.ABSENT for s in SCHOOLS}
    assert sheet.rows["3.1"]["absent"] == len(SCHOOLS)
    absent = sum(row["absent"] for row in sheet.rows.values())
    assert f"мероприятий: {len(sheet.order)}, ОО: {len(SCHOOLS)}" in r.output and f"нет в книге {absent};" in r.output


def _notices(r) -> list[dict]:
    return [n for n in json.loads(r.stdout)["notices"] if n["kind"] == "plan-mismatch"]


def test_the_plan_handed_down_matches_its_books(district, tmp_path):
    r = invoke("consolidate", str(district["folder"] / "книги"), "-o", str(tmp_path / "свод.xlsx"), "--as-of", AS_OF,
               "--json", "--no-archive", "--plan", str(district["plan"]))
    assert r.exit_code in (0, 1), r.output
    assert _notices(r) == []


def test_a_plan_changed_after_hand_down_is_said_not_to_match(district, tmp_path):
    """Another district's plan, or this one renumbered and reworded since: matched by number alone, the sheet
    would show one action's text beside another's statuses — the district is told which numbers differ."""
    plan = tmp_path / "план изменён.xlsx"
    wb = openpyxl.load_workbook(district["plan"])
    ws = wb[hd.SPEC.sheet("roadmap").name]
    no_col = hd.SPEC.sheet("roadmap").column_index("no") + 1
    action_col = hd.SPEC.sheet("roadmap").column_index("action") + 1
    rows = {str(ws.cell(r, no_col).value): r for r in range(hd.SPEC.first_data_row, ws.max_row + 1)}
    ws.cell(rows["1.2"], action_col).value = "Совсем другое мероприятие другого района"
    ws.cell(rows["2.10"], no_col).value = "2.11"
    wb.save(plan)
    r = invoke("consolidate", str(district["folder"] / "книги"), "-o", str(tmp_path / "свод.xlsx"), "--as-of", AS_OF,
               "--json", "--no-archive", "--plan", str(plan))
    assert r.exit_code in (0, 1), r.output
    [notice] = _notices(r)
    kept_12 = [s for s in SCHOOLS if "1.2" not in s.rewrite]
    assert kept_12, "some school must have kept 1.2's text for the change to be seen"
    assert "в нём нет: 2.10;" in notice["message"] and "в книгах ОО: 1.2." in notice["message"]
    assert plan.name in notice["message"] and "план изменён" in r.stderr


def test_a_plan_book_left_among_the_schools_books_gets_no_column(district, tmp_path):
    folder = tmp_path / "папка"
    shutil.copytree(district["folder"] / "книги", folder)
    shutil.copy(district["plan"], folder / district["plan"].name)
    out = tmp_path / "свод.xlsx"
    r = invoke("consolidate", str(folder), "-o", str(out), "--as-of", AS_OF, "--json", "--no-archive")
    assert r.exit_code in (0, 1), r.output
    assert set(json.loads(r.stdout)["plan"]["actions"][0]["schools"]) == {s.code for s in SCHOOLS}
    assert set(hd.read_sheet(out).rows[SCHOOL_NUMBERS[0]]["schools"]) == {s.code for s in SCHOOLS}


def test_what_is_no_plan_is_refused_and_nothing_is_written(district, tmp_path):
    school = district["books"]["ОО-01"]
    out = tmp_path / "свод.xlsx"
    books = str(district["folder"] / "книги")
    r = invoke("consolidate", books, "-o", str(out), "--plan", str(school), "--no-archive")
    assert r.exit_code == 2 and "книга школы" in r.stderr and school.name in r.stderr and not out.exists()
    r = invoke("consolidate", books, "-o", str(out), "--plan", str(tmp_path / "нет такого.xlsx"), "--no-archive")
    assert r.exit_code == 2 and "нет такого.xlsx" in r.stderr and not out.exists()
    r = invoke("consolidate", books, "-o", str(district["out"]), "--plan", str(district["out"]), "--no-archive")
    assert r.exit_code == 2 and "план УО (--plan)" in r.stderr
    r = invoke("consolidate", books, "-o", str(out), "--plan", str(district["out"]), "--no-archive")
    assert r.exit_code == 2 and "это свод" in r.stderr and not out.exists()
    assert "Traceback" not in r.output


@pytest.mark.parametrize("name, body, says", [
    ("план.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "xl-roadmap import ДОКУМЕНТ.pdf"),
    ("план.eml", b"From: uo@example.ru\nSubject: plan\n\nbody\n", "сохраните вложенную книгу"),
])
def test_a_plan_given_as_a_pdf_or_a_letter_says_what_to_do(district, tmp_path, name, body, says):
    given = tmp_path / name
    given.write_bytes(body)
    out = tmp_path / "свод.xlsx"
    r = invoke("consolidate", str(district["folder"] / "книги"), "-o", str(out), "--plan", str(given),
               "--no-archive")
    assert r.exit_code == 2 and says in r.stderr and name in r.stderr and not out.exists(), r.output


def test_books_not_handed_down_make_no_such_sheet(tmp_path):
    inbox = tmp_path / "книги"
    inbox.mkdir()
    for i in range(2):
        write_plan(clean_plan(i), inbox / f"{i}.xlsx")
    out = tmp_path / "свод.xlsx"
    r = invoke("consolidate", str(inbox), "-o", str(out), "--as-of", AS_OF, "--json", "--no-archive")
    assert r.exit_code in (0, 1), r.output
    assert json.loads(r.stdout)["plan"] is None
    assert PLAN_SHEET not in openpyxl.load_workbook(out, read_only=True).sheetnames


@pytest.fixture(scope="module")
def region(district, tmp_path_factory):
    root = tmp_path_factory.mktemp("region")
    second = _district(root / "район 2", PARTNERS, "УО-2")
    # a third district whose schools' books were not handed down: its roll-up has no «Исполнение плана»
    third = root / "район 3"
    (third / "книги").mkdir(parents=True)
    for i in range(2):
        write_plan(clean_plan(i), third / "книги" / f"{i}.xlsx")
    r = invoke("consolidate", str(third / "книги"), "-o", str(third / "свод.xlsx"), "--as-of", AS_OF, "--no-archive",
               "--org-name", "Управление образования УО-3", "--org-code", "УО-3", "--signatory", "начальник",
               "--contact", "8 (482) 55-00-03")
    assert r.exit_code == 0, r.output
    inbox = root / "своды"
    inbox.mkdir()
    shutil.copy(district["out"], inbox / "свод УО-1.xlsx")
    shutil.copy(second["out"], inbox / "свод УО-2.xlsx")
    shutil.copy(third / "свод.xlsx", inbox / "свод УО-3.xlsx")
    out = root / "свод региона.xlsx"
    options = ("--as-of", AS_OF, "--json", "--no-archive", "--org-name", "Министерство", "--org-code", "РЕГ",
               "--signatory", "министр", "--contact", "00-00")
    r = invoke("consolidate", str(inbox), "-o", str(out), *options)
    assert r.exit_code == 0, r.output
    # --plan means nothing to a region: each district's plan is on its roll-up; said, and the same roll-up
    with_plan = invoke("consolidate", str(inbox), "-o", str(root / "с планом.xlsx"), *options,
                       "--plan", str(district["plan"]))
    return {"out": out, "json": json.loads(r.stdout), "with_plan": with_plan,
            "districts": {"УО-1": (district, SCHOOLS), "УО-2": (second, PARTNERS)}}


def test_the_region_sees_each_districts_plan_in_all(region):
    sheet = hd.SPEC.rollup_sheet("plan_districts")
    ids = [c.id for c in sheet.columns]
    ws = openpyxl.load_workbook(region["out"], read_only=True)[sheet.name]
    values = list(ws.iter_rows(values_only=True))
    assert list(values[1]) == sheet.headers
    rows = {r[0]: dict(zip(ids, r)) for r in values[2:] if r[0]}
    for code, (d, schools) in region["districts"].items():
        books = _books(d, schools)
        numbers = sorted({no for b in books for no in b.cells})
        cells = [b.cells.get(no, hd.ABSENT) for no in numbers for b in books]
        pairs = len(numbers) * len(books)
        got = rows[code]
        assert (got["actions"], got["schools"]) == (len(numbers), len(books))
        assert got["done"] == cells.count("выполнено") and got["overdue"] == cells.count(hd.OVERDUE)
        assert got["done_share"] == pytest.approx(cells.count("выполнено") / pairs)
        assert got["overdue_share"] == pytest.approx(cells.count(hd.OVERDUE) / pairs)
        js = next(x for x in region["json"]["plan"]["districts"] if x["code"] == code)
        assert js["done_share"] == pytest.approx(got["done_share"]) and js["schools"] == len(books)
    assert region["json"]["plan"]["source"] == "district roll-ups"
    wb = openpyxl.load_workbook(region["out"])
    assert wb[sheet.name][f"{openpyxl.utils.get_column_letter(ids.index('done_share') + 1)}3"].number_format == "0.0%"


def test_a_district_without_the_sheet_is_listed_and_left_out_of_the_totals(region):
    sheet = hd.SPEC.rollup_sheet("plan_districts")
    ids = [c.id for c in sheet.columns]
    rows = {r[0]: dict(zip(ids, r)) for r in openpyxl.load_workbook(region["out"], read_only=True)[sheet.name]
            .iter_rows(min_row=EXTRA_FIRST_ROW, values_only=True) if r[0]}
    assert rows["УО-3"]["actions"] is None and PLAN_SHEET in rows["УО-3"]["note"]
    total = rows[hd.SPEC.rollup_text("total_all")]
    assert total["schools"] == rows["УО-1"]["schools"] + rows["УО-2"]["schools"]
    pairs = sum(rows[c]["actions"] * rows[c]["schools"] for c in ("УО-1", "УО-2"))
    assert total["done_share"] == pytest.approx((rows["УО-1"]["done"] + rows["УО-2"]["done"]) / pairs)


def test_a_plan_given_to_the_region_is_said_to_be_unused(region):
    r = region["with_plan"]
    assert r.exit_code == 0, r.output
    got = json.loads(r.stdout)
    assert [n["kind"] for n in got["notices"]] == ["plan-not-used"] and "--plan" in r.stderr
    assert got["plan"] == region["json"]["plan"]


def test_the_regions_counts_trace_to_the_districts_sheets(region):
    rows = openpyxl.load_workbook(region["out"], read_only=True)[hd.SPEC.rollup_sheet("provenance").name]
    traced = [r for r in rows.iter_rows(values_only=True) if r[0] == PLAN_SHEET]
    assert {r[3] for r in traced} == {"свод УО-1.xlsx", "свод УО-2.xlsx"} and {r[4] for r in traced} == {PLAN_SHEET}
    assert len(traced) == 4                                   # done and overdue of each district with the sheet
    for _, cell, value, file, _, source in traced:
        district = region["districts"][file.removeprefix("свод ").removesuffix(".xlsx")][0]
        ws = openpyxl.load_workbook(district["out"], read_only=True)[PLAN_SHEET]
        assert ws[source].value == value


def test_libreoffice_opens_both_sheets(district, region, lo_convert):
    for path in (district["out"], region["out"]):
        ods = lo_convert(path, "ods")
        with zipfile.ZipFile(ods) as z:
            assert f'table:name="{PLAN_SHEET}"' in z.read("content.xml").decode("utf-8")
        again, written = sheet_values(lo_convert(path, "xlsx"))[PLAN_SHEET], sheet_values(path)[PLAN_SHEET]
        assert len(again) == len(written)
        for a, w in zip(again, written):          # LibreOffice keeps 15 significant digits of a share
            assert a == [pytest.approx(v) if isinstance(v, float) else v for v in w]


def test_both_rollups_are_valid_open_xml(district, region):
    """Colours, frozen panes and print titles as Excel's own SDK would judge them (tests/app/test_schema_valid)."""
    from tests.app.test_schema_valid import _errors

    assert _errors(district["out"]) == []
    assert _errors(region["out"]) == []


def test_many_schools_print_across_and_the_own_list_on_pages_of_its_own(tmp_path):
    """Over FIT_SCHOOLS schools the statuses print pages across (the plan's number and text on each), at a scale,
    not squeezed to one width; the own actions' list, five columns wide, is a print area of its own — no pages of
    empty school columns under it."""
    from xl_roadmap.rollup.plan_sheets import FIT_SCHOOLS

    schools = [hd.SchoolPlan(f"ОО-{k:02d}", f"Школа № {k}", {},
                             own=(("Своё мероприятие", "до 20.05.2025", "в работе"),) if k % 2 else ())
               for k in range(1, FIT_SCHOOLS + 2)]
    d = _district(tmp_path / "район", schools, "УО-9")
    sheet = hd.read_sheet(d["out"])
    assert len(sheet.schools) == len(schools) and len(sheet.own) == sum(1 for s in schools if s.own)
    ws = openpyxl.load_workbook(d["out"])[PLAN_SHEET]
    assert not (ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage)
    assert 10 <= int(ws.page_setup.scale) < 100
    assert ws.print_title_cols == "$A:$B" and ws.print_title_rows == "$1:$2"
    last_school = openpyxl.utils.get_column_letter(len(hd.FIXED) + len(schools))
    plan_area, own_area = str(ws.print_area).split(",")
    totals_row = EXTRA_FIRST_ROW + len(SCHOOL_NUMBERS) + len(hd.COUNTS) + 1       # … the share row, «свои»
    assert plan_area.endswith(f"$A$1:${last_school}${totals_row}")
    assert own_area.endswith(f"$A${totals_row + 2}:$E${totals_row + 3 + len(sheet.own)}")
    from tests.app.test_schema_valid import _errors

    assert _errors(d["out"]) == []                            # the two print areas, as Excel's own SDK judges them


def test_the_region_reads_a_district_sheet_written_before_the_new_counts(region, district, tmp_path):
    """A district roll-up written before «не начато» and «прочее» were counted (those columns absent): the region
    finds the columns it reads by their headers and says the same of it."""
    old = tmp_path / "своды"
    old.mkdir()
    wb = openpyxl.load_workbook(district["out"])
    ws = wb[PLAN_SHEET]
    for column_id in ("other", "not_started"):                 # right to left: the positions stay true
        ws.delete_cols(hd.FIXED.index(column_id) + 1)
    wb.save(old / "свод УО-1.xlsx")
    ws = openpyxl.load_workbook(old / "свод УО-1.xlsx", read_only=True)[PLAN_SHEET]
    assert "Не начато, ОО" not in next(ws.iter_rows(min_row=2, max_row=2, values_only=True))
    out = tmp_path / "свод региона.xlsx"
    r = invoke("consolidate", str(old), "-o", str(out), "--as-of", AS_OF, "--json", "--no-archive",
               "--org-name", "Министерство", "--org-code", "РЕГ", "--signatory", "министр", "--contact", "00-00")
    assert r.exit_code in (0, 1), r.output
    [got] = json.loads(r.stdout)["plan"]["districts"]
    [was] = [x for x in region["json"]["plan"]["districts"] if x["code"] == "УО-1"]
    keys = ("actions", "schools", "done", "in_work", "overdue", "absent", "done_share", "overdue_share")
    assert {k: got[k] for k in keys} == {k: was[k] for k in keys} and got["actions"] is not None
    assert got["not_started"] is None and was["not_started"] is not None
