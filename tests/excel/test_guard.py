"""A write Excel refuses in the middle of «Проверить» leaves the book as it was, and the user is told in Russian
(excel/guard.py), through xlwings' own remote engine.

The refusal is a real one of the engine: a write to a sheet the book does not have (as after the sheet was
renamed) raises in xlwings itself. Both ways back are run: the remote engine's own (its writes reach Excel only
after the button returns, so they are dropped) and Excel's (each target's old state read first and put back),
which is what Excel for Windows gets.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from tests.support.district import AS_OF, SPEC, clean_plan, write_plan
from tests.support.xlwings_remote import apply_actions, snapshot, xlwings_or_skip

GONE = "Лист переименован"


@pytest.fixture(scope="module")
def xw():
    return xlwings_or_skip()


@pytest.fixture(scope="module")
def school(tmp_path_factory) -> Path:
    plan = clean_plan(2)
    plan.content.organisation["as_of"] = AS_OF
    plan.content.actions[0]["responsible"] = ""
    plan.content.actions[2]["deadline"] = "до 01.02.2025"
    plan.content.actions[2]["status"] = "в работе"
    plan.content.actions[3]["comment"] = "=1+1"
    return write_plan(plan, tmp_path_factory.mktemp("guard") / "school.xlsx")


def _state(path: Path) -> dict:
    """Every cell's value and solid fill."""
    wb = openpyxl.load_workbook(path)
    out = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                fill = str(c.fill.fgColor.rgb)[-6:] if c.fill is not None and c.fill.fill_type == "solid" else None
                if c.value not in (None, "") or fill:
                    out[(ws.title, c.coordinate)] = (c.value, fill)
    return out


def _writes_failing_halfway(book):
    """«Проверить»'s own writes, with one Excel refuses put in the middle: half of them are made before it."""
    from xl_roadmap.app.open_book import check_plan
    from xl_roadmap.excel.grids import XlwingsGrids
    from xl_roadmap.excel.writing import COLOUR, Write, report_writes

    writes = report_writes(book, check_plan(XlwingsGrids(book), book.name))
    kinds = {w.kind for w in writes[: len(writes) // 2]}
    assert {"value", "colour", "clear"} <= kinds | {w.kind for w in writes}
    half = len(writes) // 2
    return writes[:half] + [Write(COLOUR, GONE, "A1", "#FFC7CE")] + writes[half:], half


def _alert(actions) -> str:
    alerts = [a["args"][0] for a in actions if a["func"] == "alert"]
    assert len(alerts) == 1
    return alerts[0]


def test_a_refused_write_drops_the_writes_before_it_on_the_remote_engine(xw, school, tmp_path):
    from xl_roadmap.excel import guard

    book = xw.Book(json=snapshot(school))
    writes, half = _writes_failing_halfway(book)
    assert half > 5
    assert guard.write(book, writes, "Проверить") is False
    actions = book.json()["actions"]
    assert [a["func"] for a in actions] == ["alert"]
    text = _alert(actions)
    assert text.startswith(f"Excel не дал «Проверить» записать в книгу (лист «{GONE}», ячейки A1)")
    assert "возвращено как было" in text and "нажмите «Проверить» ещё раз" in text
    apply_actions(school, actions, tmp_path / "after.xlsx")
    assert _state(tmp_path / "after.xlsx") == _state(school)


def test_a_refused_write_is_undone_write_by_write_where_excel_writes_at_once(xw, school, tmp_path):
    from xl_roadmap.excel import guard

    book = xw.Book(json=snapshot(school))
    writes, half = _writes_failing_halfway(book)
    assert guard.write(book, writes, "Проверить", undo=guard.Undo(book)) is False
    actions = book.json()["actions"]
    made = [a for a in actions if a["func"] != "alert"]
    assert len(made) > 2 * half - 5          # the first half was written, then put back
    assert "возвращено как было" in _alert(actions)
    halfway = tmp_path / "halfway.xlsx"
    apply_actions(school, actions[:half], halfway)
    assert _state(halfway) != _state(school)             # the book WAS half-updated before the undo
    apply_actions(school, actions, tmp_path / "after.xlsx")
    assert _state(tmp_path / "after.xlsx") == _state(school)


def test_when_all_writes_are_made_nothing_is_undone(xw, school, tmp_path):
    """The guard itself changes nothing: «Проверить» through it equals the plan applied."""
    from xl_roadmap.excel import buttons

    book = xw.Book(json=snapshot(school))
    plan = buttons.validate(book)
    actions = book.json()["actions"]
    assert plan is not None and _alert(actions).startswith("Проверено")
    apply_actions(school, actions, tmp_path / "after.xlsx")
    after = _state(tmp_path / "after.xlsx")
    road = SPEC.sheet("roadmap").name
    comment = f"{chr(65 + SPEC.sheet('roadmap').column_index('comment'))}{SPEC.first_data_row + 3}"
    assert after[(road, comment)][0] == "=1+1"          # text stays text
    assert any(fill == "FFC7CE" for _, fill in after.values())


def test_the_engines_without_protection_lift_nothing(xw, school):
    from xl_roadmap.excel.protection import Unenforced, lifts, protection_of
    from xl_roadmap.excel.writing import ADD_SHEET, COLOUR, Write

    book = xw.Book(json=snapshot(school))
    protection = protection_of(book)
    assert isinstance(protection, Unenforced)
    assert not lifts([Write(COLOUR, SPEC.sheet("roadmap").name, "B4", "#FFC7CE"), Write(ADD_SHEET, "Новый")],
                     protection)
