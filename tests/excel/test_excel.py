"""The Excel door, exercised through xlwings' own engines (no Excel here, no mock of ours):

* the «Проверить» / «Проверить сроки» / «Свести» entry points run against a real ``xlwings.Book`` built by
  xlwings' remote engine from a snapshot of a real workbook; the actions the book returns are applied to the
  file and the result must equal what ``xl-roadmap validate --report`` writes;
* the worksheet functions are called through xlwings' server-side function-call path
  (``custom_functions_call``) with Excel-style arguments: serial dates, 2-D blocks, empty cells.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from tests.support.district import AS_OF, SPEC, clean_plan, write_plan
from tests.support.xlwings_remote import apply_actions, snapshot, xlwings_or_skip
from xl_roadmap.core.values import date_to_excel_serial
from xl_roadmap.io.workbook_file import read_workbook


@pytest.fixture(scope="module")
def xw():
    return xlwings_or_skip()


@pytest.fixture(scope="module")
def faulty_school(tmp_path_factory) -> Path:
    plan = clean_plan(2)
    plan.content.organisation["as_of"] = AS_OF          # «Дата проверки сроков»: the button judges as of it
    plan.content.actions[0]["responsible"] = ""
    plan.content.actions[1]["deadline"] = "Сидорова А.А."
    plan.content.actions[2]["deadline"] = "до 01.02.2025"
    plan.content.actions[2]["status"] = "в работе"
    plan.content.actions[3]["comment"] = "=1+1"
    plan.content.evidence[0]["link"] = "htp//school1.ru/doc"
    return write_plan(plan, tmp_path_factory.mktemp("excel") / "school.xlsx")


def _fill(cell) -> str | None:
    if cell.fill is None or cell.fill.fill_type != "solid":
        return None
    return str(cell.fill.fgColor.rgb)[-6:].upper()


def _norm(v):
    return None if v == "" else v


def _compare_workbooks(a: Path, b: Path) -> int:
    """Every cell's value and fill, and every hyperlink, equal; returns the number of cells compared."""
    wa, wb = openpyxl.load_workbook(a), openpyxl.load_workbook(b)
    assert wa.sheetnames == wb.sheetnames
    compared = 0
    for name in wa.sheetnames:
        sa, sb = wa[name], wb[name]
        rows = max(sa.max_row, sb.max_row)
        cols = max(sa.max_column, sb.max_column)
        for r in range(1, rows + 1):
            for c in range(1, cols + 1):
                ca, cb = sa.cell(r, c), sb.cell(r, c)
                assert _norm(ca.value) == _norm(cb.value), (name, ca.coordinate, ca.value, cb.value)
                assert _fill(ca) == _fill(cb), (name, ca.coordinate)
                la = ca.hyperlink.location if ca.hyperlink else None
                lb = cb.hyperlink.location if cb.hyperlink else None
                assert la == lb, (name, ca.coordinate)
                compared += 1
    return compared


def test_validate_button_equals_validate_report(xw, faulty_school, tmp_path):
    from xl_roadmap.excel import buttons

    book = xw.Book(json=snapshot(faulty_school))
    plan = buttons.validate(book)
    actions = book.json()["actions"]
    applied = tmp_path / "button.xlsx"
    extra = apply_actions(faulty_school, actions, applied)
    report = tmp_path / "cli.xlsx"
    r = subprocess.run([sys.executable, "-m", "xl_roadmap.cli", "validate", str(faulty_school), "--as-of",
                        AS_OF.isoformat(), "--report", str(report)], capture_output=True, text=True)
    assert r.returncode == 1, r.stderr
    compared = _compare_workbooks(report, applied)
    kinds = Counter(a["func"] for a in actions)
    codes = sorted(plan.value(row, "rule") for row in plan.rows)
    assert codes == sorted(["action-no-responsible", "deadline-looks-like-person", "action-overdue",
                            "evidence-bad-link"])
    assert kinds["addHyperlink"] == len(plan.rows) == 4 and kinds["setRangeColor"] == 4
    assert extra["alerts"] and "ошибок: 2" in extra["alerts"][0]
    # the formula-looking comment went to Excel as text
    comment = SPEC.sheet("roadmap").column_index("comment") + 1
    cell = openpyxl.load_workbook(applied)[SPEC.sheet("roadmap").name].cell(SPEC.first_data_row + 3, comment)
    assert cell.value == "=1+1" and cell.data_type == "s"
    print(f"compared {compared} cells, {len(actions)} actions")


def test_second_run_clears_colours_of_fixed_cells(xw, faulty_school, tmp_path):
    from xl_roadmap.excel import buttons

    first = xw.Book(json=snapshot(faulty_school))
    buttons.validate(first)
    after_first = tmp_path / "first.xlsx"
    apply_actions(faulty_school, first.json()["actions"], after_first)
    # the clerk fixes the responsible person and presses «Проверить» again
    wb = openpyxl.load_workbook(after_first)
    ws = wb[SPEC.sheet("roadmap").name]
    responsible = ws.cell(SPEC.first_data_row, SPEC.sheet("roadmap").column_index("responsible") + 1)
    responsible.value = "Петрова Н.В., зам. директора по УВР"
    wb.save(after_first)
    second = xw.Book(json=snapshot(after_first))
    plan = buttons.validate(second)
    after_second = tmp_path / "second.xlsx"
    apply_actions(after_first, second.json()["actions"], after_second)
    cell = openpyxl.load_workbook(after_second)[SPEC.sheet("roadmap").name][responsible.coordinate]
    assert _fill(cell) is None
    assert "action-no-responsible" not in [plan.value(row, "rule") for row in plan.rows] and len(plan.rows) == 3


def test_flag_deadlines_button(xw, faulty_school, tmp_path):
    from xl_roadmap.excel import buttons

    book = xw.Book(json=snapshot(faulty_school))
    counts = buttons.flag_deadlines(book)
    out = tmp_path / "flagged.xlsx"
    apply_actions(faulty_school, book.json()["actions"], out)
    ws = openpyxl.load_workbook(out)[SPEC.sheet("roadmap").name]
    sheet = SPEC.sheet("roadmap")
    state_col = sheet.column_index("deadline_state") + 1
    deadline_col = sheet.column_index("deadline") + 1
    states = [ws.cell(SPEC.first_data_row + i, state_col).value for i in range(sum(counts.values()))]
    assert states[1] == "срок не распознан" and states[2] == "просрочено"
    assert _fill(ws.cell(SPEC.first_data_row + 2, deadline_col)) == "FFC7CE"
    assert Counter(states) == Counter(counts)
    end_col = sheet.column_index("deadline_end") + 1
    assert ws.cell(SPEC.first_data_row + 2, end_col).value.date() == date(2025, 2, 1)


def test_consolidate_button_writes_the_rollup_file(xw, tmp_path):
    from xl_roadmap.excel import buttons
    from xl_roadmap.app.templates import build_template

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for i in range(3):
        write_plan(clean_plan(i, seed=3), inbox / f"s{i}.xlsx")
    district = build_template(tmp_path / "district.xlsx", "district", spec=SPEC, org_name="УО", org_code="ZR")
    book = xw.Book(json=snapshot(district))
    out = tmp_path / "свод.xlsx"
    result = buttons.consolidate(book, folder=str(inbox), output=str(out))
    extra = apply_actions(district, book.json()["actions"], tmp_path / "district_after.xlsx")
    assert openpyxl.load_workbook(tmp_path / "district_after.xlsx").sheetnames == \
        openpyxl.load_workbook(district).sheetnames           # the district book itself is not changed
    wb = openpyxl.load_workbook(out)
    assert {"Реестр", "Охват", "Показатели по ОО", "Сроки", "Подтверждения", "Происхождение"} <= set(wb.sheetnames)
    # the coverage counts on «Сведения», read by the region; no list of expected schools here: those stay empty
    form = SPEC.sheet("organisation")
    rows = {f.id: form.first_row + i for i, f in enumerate(form.fields)}
    recorded = {k: wb[form.name][f"{form.value_column}{rows[f'coverage_{k}']}"].value
                for k in ("expected", "accepted", "rejected", "missing")}
    assert recorded == {"expected": None, "accepted": 3, "rejected": 0, "missing": None}
    reg = wb["Реестр"]
    assert sorted(reg.cell(r, 2).value for r in range(3, 6)) == ["s0.xlsx", "s1.xlsx", "s2.xlsx"]
    road = wb[SPEC.sheet("roadmap").name]
    no_col = SPEC.sheet("roadmap").column_index("no") + 1
    nos = [road.cell(r, no_col).value for r in range(SPEC.first_data_row, road.max_row + 1)]
    assert len(result.used) == 3
    assert len([n for n in nos if n]) == sum(len(read_workbook(inbox / f"s{i}.xlsx", SPEC).actions) for i in range(3))
    assert f"Свод записан в файл «{out}»" in extra["alerts"][-1]


def _udf(name, *args):
    import xlwings as xw
    import xlwings.server as xs

    from xl_roadmap.excel import udfs_server

    data = {"func_name": name, "args": list(args), "version": xw.__version__, "client": "Office.js",
            "caller_address": "Лист1!B2", "formula_name": name, "culture_info_name": "ru-RU",
            "date_format": "dd.MM.yyyy", "runtime": "1.4"}
    return asyncio.run(xs.custom_functions_call(data, udfs_server))


def _serial(cell):
    return cell["basicValue"] if isinstance(cell, dict) else cell


def test_udf_deadline_end_for_a_column(xw):
    result = _udf("dk_srok", [["до 15.09.2024"], ["сентябрь-октябрь"], [None], ["ежеквартально"], ["Иванова И.И."]],
                  [["2024-2025"]])
    assert [_serial(r[0]) for r in result] == [
        date_to_excel_serial(date(2024, 9, 15)), date_to_excel_serial(date(2024, 10, 31)), "",
        date_to_excel_serial(date(2025, 8, 31)), ""]
    assert result[0][0]["numberFormat"] == "dd.MM.yyyy"


def test_udf_deadline_status_with_serial_dates(xw):
    as_of = date_to_excel_serial(AS_OF)
    result = _udf("dk_srok_sostoyanie",
                  [["до 15.09.2024"], ["сентябрь 2024"], [""], ["в теч. г-да"], ["до 01.06.2025"]],
                  [[date_to_excel_serial(date(2024, 9, 10))], [None], [None], [None], [None]],
                  [[as_of]], [["2024-2025"]])
    assert [r[0] for r in result] == ["выполнено", "просрочено", "срок не указан", "срок не распознан", "в срок"]


def test_udf_indicator_value_and_status(xw):
    values = _udf("dk_znachenie", [["П1"], ["П4"], ["П11"], ["П99"], [None]], [[50], [600], [1], [1], [None]],
                  [[200], [40], [1], [2], [None]])
    assert [r[0] for r in values] == [25.0, 15.0, 100.0, "нет кода «П99»", ""]
    statuses = _udf("dk_status", [["П12"], ["П12"], ["П2"], ["П1"]], [[80], [100], [10], [None]],
                    [[None], [None], [None], [None]])
    assert [r[0] for r in statuses] == ["не достигнут", "достигнут", "нет нормы", "нет данных"]


def test_udf_metadata_has_russian_names(xw):
    import xlwings.server as xs

    from xl_roadmap.excel import udfs_server

    names = {f["name"] for f in xs.custom_functions_meta(udfs_server)["functions"]}
    assert names == {"ДК.СРОК", "ДК.СОСТОЯНИЕ_СРОКА", "ДК.ЗНАЧЕНИЕ", "ДК.СТАТУС"}
