"""A real district folder: besides the schools' books it holds their «проверка» copies, Excel's owner files and
other people's workbooks. Those are listed with a reason (or, for owner files, ignored) and never counted as
organisations; the JSON says what became of every input; the inputs stay byte-identical."""

from __future__ import annotations

import json

import openpyxl
import pytest

from tests.support.cli import invoke, sha
from tests.support.district import AS_OF, SPEC, clean_plan, write_plan
from xl_roadmap.app.consolidate import consolidate
from xl_roadmap.spec.vocabulary import BookStatus


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    inbox = tmp_path_factory.mktemp("inbox")
    for i in range(2):
        write_plan(clean_plan(i, seed=5), inbox / f"school{i}.xlsx")
    r = invoke("validate", str(inbox / "school0.xlsx"), "--as-of", AS_OF.isoformat(),
               "--report", str(inbox / "копия для директора.xlsx"))       # the copy, under any name
    assert r.exit_code == 0, r.output
    (inbox / "~$school1.xlsx").write_bytes(b"\x00owner file of an open workbook")
    other = openpyxl.Workbook()
    other.active.title = "Лист1"
    other.active["A1"] = "Список телефонов"
    other.save(inbox / "телефоны.xlsx")
    return inbox


def test_report_copies_and_foreign_workbooks_are_skipped_not_counted(folder, tmp_path):
    before = {p.name: sha(p) for p in folder.iterdir()}
    out = tmp_path / "свод.xlsx"
    r = invoke("consolidate", str(folder), "-o", str(out), "--as-of", AS_OF.isoformat(), "--json",
               "--org-name", "УО", "--org-code", "УО-1", "--signatory", "Начальник", "--contact", "т. 1")
    got = json.loads(r.stdout)
    assert r.exit_code == 0, r.output
    assert got["organisations"] == 2 and got["accepted"] == 2 and not got["unreadable"]
    statuses = {s["path"].rsplit("/", 1)[-1]: (s["status"], s["reason"]) for s in got["submissions"]}
    assert set(statuses) == {"school0.xlsx", "school1.xlsx", "копия для директора.xlsx", "телефоны.xlsx"}
    assert statuses["копия для директора.xlsx"][0] == BookStatus.SKIPPED
    assert "validate --report" in statuses["копия для директора.xlsx"][1]
    assert statuses["телефоны.xlsx"] == (BookStatus.SKIPPED, statuses["телефоны.xlsx"][1])
    assert "не книга дорожной карты" in statuses["телефоны.xlsx"][1]
    assert {k: v[0] for k, v in statuses.items() if k.startswith("school")} == \
        {"school0.xlsx": BookStatus.ACCEPTED, "school1.xlsx": BookStatus.ACCEPTED}
    register = openpyxl.load_workbook(out)[SPEC.rollup_sheet("register").name]
    shown = [[c.value for c in row] for row in register.iter_rows(min_row=3)]
    assert sum(1 for row in shown if BookStatus.SKIPPED in row) == 2
    assert {p.name: sha(p) for p in folder.iterdir()} == before


def test_the_plain_path_skips_the_same(folder):
    paths = sorted(p for p in folder.iterdir() if not p.name.startswith("~$"))
    c = consolidate(paths, as_of=AS_OF, spec=SPEC, workers=1)
    assert sorted(s.name for s in c.skipped) == ["копия для директора.xlsx", "телефоны.xlsx"]
    assert len(c.used) == 2 and {s["status"] for s in c.to_dict()["submissions"]} == \
        {BookStatus.ACCEPTED, BookStatus.SKIPPED}


def test_expected_list_with_a_title_row_and_full_names(folder, tmp_path):
    from xl_roadmap.io.workbook_file import read_workbook

    codes = [read_workbook(folder / f"school{i}.xlsx", SPEC).org_text("org_code") for i in range(2)]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Список общеобразовательных организаций Заречного района на 01.09.2024"])
    ws.append([])
    ws.append(["№", "Код ОО", "Полное наименование", "Адрес"])
    ws.append([1, codes[0], "Муниципальное бюджетное общеобразовательное учреждение № 1", "ул. Ленина, 1"])
    ws.append([2, codes[1], "Муниципальное бюджетное общеобразовательное учреждение № 2", "ул. Мира, 2"])
    ws.append([3, "ZR-099", "Муниципальное казённое общеобразовательное учреждение «ООШ с. Луговое»", ""])
    expected = tmp_path / "ожидаемые.xlsx"
    wb.save(expected)
    r = invoke("consolidate", str(folder), "-o", str(tmp_path / "свод.xlsx"), "--as-of", AS_OF.isoformat(),
               "--expected", str(expected), "--json")
    got = json.loads(r.stdout)
    assert r.exit_code == 1, r.output                          # one school has not sent its book
    assert got["missing"] == [{"code": "ZR-099",
                               "name": "Муниципальное казённое общеобразовательное учреждение «ООШ с. Луговое»"}]


def test_a_hostile_folder_every_good_book_accepted_every_bad_one_named(tmp_path, lo_convert):
    """Everything a real district folder holds at once: the schools' books (one saved from LibreOffice as
    .ods), a «проверка» copy, an owner file, somebody's phone list, a truncated download, an empty file and
    three bombs (a lying zip header, «billion laughs», a shared-strings table announcing trillions). Every good
    book is accepted, every other file named with its reason, and no input changes by a byte."""
    from tests.io.test_hostile_inputs import announcing_trillions, laughing_shared_strings, lying_shared_strings

    inbox = tmp_path / "входящие"
    inbox.mkdir()
    for i in range(3):
        write_plan(clean_plan(i, seed=9), inbox / f"school{i}.xlsx")
    ods = lo_convert(write_plan(clean_plan(3, seed=9), tmp_path / "s3.xlsx"), "ods")
    (inbox / "school3.ods").write_bytes(ods.read_bytes())
    assert invoke("validate", str(inbox / "school0.xlsx"), "--as-of", AS_OF.isoformat(),
                  "--report", str(inbox / "school0.проверка.xlsx")).exit_code == 0
    (inbox / "~$school1.xlsx").write_bytes(b"\x00owner file of an open workbook")
    other = openpyxl.Workbook()
    other.active["A1"] = "Телефоны"
    other.save(inbox / "телефоны.xlsx")
    (inbox / "обрыв.xlsx").write_bytes((inbox / "school1.xlsx").read_bytes()[:3000])
    (inbox / "пустой.xlsx").write_bytes(b"")
    good = inbox / "school2.xlsx"
    lying_shared_strings(good, inbox / "ложный_размер.xlsx")
    laughing_shared_strings(good, inbox / "смешки.xlsx")
    announcing_trillions(good, inbox / "триллион.xlsx")
    before = {p.name: sha(p) for p in inbox.iterdir()}

    out = tmp_path / "свод.xlsx"
    r = invoke("consolidate", str(inbox), "-o", str(out), "--as-of", AS_OF.isoformat(), "--json")
    assert r.exit_code == 1, r.output                 # written; some inputs could not be read
    got = json.loads(r.stdout)
    status = {s["path"].rsplit("/", 1)[-1]: (s["status"], s["reason"]) for s in got["submissions"]}
    assert got["accepted"] == 4 and got["organisations"] == 4
    assert {k: v[0] for k, v in status.items() if k.startswith("school") and "проверка" not in k} == {
        "school0.xlsx": BookStatus.ACCEPTED, "school1.xlsx": BookStatus.ACCEPTED,
        "school2.xlsx": BookStatus.ACCEPTED, "school3.ods": BookStatus.ACCEPTED_WITH_REMARKS}
    assert status["school0.проверка.xlsx"][0] == status["телефоны.xlsx"][0] == BookStatus.SKIPPED
    assert "~$school1.xlsx" not in status                             # an owner file is not an input
    unreadable = {u["path"].rsplit("/", 1)[-1]: u["reason"] for u in got["unreadable"]}
    assert set(unreadable) == {"обрыв.xlsx", "пустой.xlsx", "ложный_размер.xlsx", "смешки.xlsx", "триллион.xlsx"}
    assert all(reason and "Traceback" not in reason for reason in unreadable.values())
    assert "распаковывается в больший объём" in unreadable["ложный_размер.xlsx"]
    assert "DTD" in unreadable["смешки.xlsx"] and "4000000000000" in unreadable["триллион.xlsx"]
    assert out.exists()
    assert {p.name: sha(p) for p in inbox.iterdir()} == before
