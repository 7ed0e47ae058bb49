"""Protection as a contract: what the Excel door does to a book, Excel permits on the books we write.

No engine here enforces protection (xlwings' remote engine records writes, LibreOffice's API ignores it), so the
rule is Excel's, written down in tests/support/sheet_protection.py, and checked against:
* the protection the written books carry — the committed templates, a filled school book, a district roll-up
  made by «Свести» — read from their XML;
* the operations the door performs on them — the actions xlwings' own remote engine records when «Проверить»,
  «Проверить сроки» and «Свести» run.
Every action must be permitted by the file, or lie on what the guard (excel.guard) lifts first; and every action
must be one of the door's planned writes (excel.writing), so none goes round the guard.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import ROOT
from tests.support.district import AS_OF, SPEC, clean_plan, write_plan
from tests.support.sheet_protection import BookProtection, refusals
from tests.support.xlwings_remote import snapshot, xlwings_or_skip
from xl_roadmap.core.addresses import split_address
from xl_roadmap.io.xlsx.writer import WorkbookWriter

TEMPLATES = ("school.xlsx", "school.xlsm", "district.xlsx", "district.xlsm")


@pytest.fixture(scope="module")
def xw():
    return xlwings_or_skip()


def _faulty_content():
    plan = clean_plan(2)
    plan.content.organisation["as_of"] = AS_OF
    plan.content.actions[0]["responsible"] = ""
    plan.content.actions[1]["deadline"] = "Сидорова А.А."
    plan.content.actions[2]["deadline"] = "до 01.02.2025"
    plan.content.actions[2]["status"] = "в работе"
    plan.content.evidence[0]["link"] = "htp//school1.ru/doc"
    return plan


@pytest.fixture(scope="module")
def books(xw, tmp_path_factory) -> dict[str, Path]:
    """Every kind of book the door acts on, as we write them."""
    from xl_roadmap.app.templates import build_template
    from xl_roadmap.excel import buttons

    d = tmp_path_factory.mktemp("protected")
    out = {name: ROOT / "workbook_templates" / name for name in TEMPLATES}
    out["filled school"] = write_plan(_faulty_content(), d / "school.xlsx")
    inbox = d / "inbox"
    inbox.mkdir()
    for i in range(3):
        write_plan(clean_plan(i, seed=3), inbox / f"s{i}.xlsx")
    district = build_template(d / "district.xlsx", "district", spec=SPEC, org_name="УО", org_code="ZR")
    result = buttons.consolidate(xw.Book(json=snapshot(district)), folder=str(inbox), output=str(d / "свод.xlsx"))
    assert result is not None and len(result.used) == 3
    out["district roll-up"] = d / "свод.xlsx"
    return out


def _run(xw, path: Path, entry: str, **kwargs) -> list[dict]:
    from xl_roadmap.excel import buttons

    book = xw.Book(json=snapshot(path))
    getattr(buttons, entry)(book, **kwargs)
    return book.json()["actions"]


# blank templates have no action whose deadline «Проверить сроки» could mark
CASES = [(name, "validate") for name in TEMPLATES] + [
    (name, entry) for name in ("filled school", "district roll-up") for entry in ("validate", "flag_deadlines")]


@pytest.mark.parametrize("name, entry", CASES)
def test_every_write_of_the_door_is_permitted_by_the_books_protection(xw, books, name, entry):
    actions = _run(xw, books[name], entry)
    assert any(a["func"] != "alert" for a in actions), "the door wrote nothing: the case proves nothing"
    assert refusals(books[name], actions) == []


def test_the_protection_lets_the_door_colour_where_it_colours(xw, books):
    """The cases above are not empty: cells are coloured on protected sheets, and those permit formatting."""
    protection = BookProtection(books["filled school"])
    coloured = Counter()
    for entry in ("validate", "flag_deadlines"):
        for a in _run(xw, books["filled school"], entry):
            if a["func"] == "setRangeColor":
                coloured[protection.sheets[a["sheet_position"]].name] += 1
    assert coloured[SPEC.sheet("roadmap").name] >= 3 and coloured[SPEC.sheet("evidence").name] >= 1
    for name in coloured:
        lock = protection.by_name[name]
        assert lock.protected and not lock.locks["formatCells"], name


def test_consolidate_writes_a_file_and_nothing_into_the_protected_district_book(xw, books, tmp_path):
    """«Свести» adds no sheet to the structure-protected district book: the roll-up is a file of its own."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    write_plan(clean_plan(0, seed=3), inbox / "s0.xlsx")
    district = books["district.xlsx"]
    assert BookProtection(district).structure
    actions = _run(xw, district, "consolidate", folder=str(inbox), output=str(tmp_path / "свод.xlsx"))
    assert [a["func"] for a in actions] == ["alert"] and refusals(district, actions) == []
    assert BookProtection(tmp_path / "свод.xlsx").structure       # the roll-up is protected like a template


# -- the contract can fail: books whose protection does not permit what the door does ---------------------------

def _book_of_earlier_protection(path: Path) -> Path:
    """A filled school book protected as templates up to 1.3 were: no sheet permits formatting cells."""
    earlier = dataclasses.replace(SPEC, protection=dataclasses.replace(SPEC.protection, sheets={}))
    return WorkbookWriter(earlier, SPEC.edition(), _faulty_content().content).save(path)


def _without_report_sheet(source: Path, path: Path) -> Path:
    wb = openpyxl.load_workbook(source)
    del wb[SPEC.sheet("report").name]
    wb.save(path)
    return path


# what each kind of the door's write asks of a protected sheet (tests/support/sheet_protection.py: NEEDS)
WRITE_NEEDS = {"value": ("cells",), "clear": ("cells",), "colour": ("formatCells",),
               "link": ("insertHyperlinks", "cells")}


class FileProtection:
    """The guard's question (excel.protection.lifts), answered by the file's XML instead of Excel."""

    def __init__(self, path: Path):
        self.book = BookProtection(path)

    def structure_locked(self) -> bool:
        return self.book.structure

    def blocks(self, write) -> bool:
        first, _, last = write.span.partition(":")
        (r0, c0), (r1, c1) = split_address(first), split_address(last or first)
        cells = [(r, c + 1) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)]
        return self.book.refusal(write.sheet, WRITE_NEEDS[write.kind], cells) is not None


def _planned(xw, path: Path, entry: str):
    """The door's own plan of writes for ``entry`` on a fresh book of ``path``."""
    from xl_roadmap.app.open_book import check_plan, deadline_marks
    from xl_roadmap.excel.grids import XlwingsGrids
    from xl_roadmap.excel.writing import deadline_writes, report_writes

    book = xw.Book(json=snapshot(path))
    if entry == "validate":
        return report_writes(book, check_plan(XlwingsGrids(book), book.name))
    marks = deadline_marks(XlwingsGrids(book), book.name)
    return deadline_writes(marks.fills, marks.states)


def _as_actions(writes) -> Counter:
    funcs = {"value": "setValues", "clear": "rangeClearContents", "colour": "setRangeColor",
             "link": "addHyperlink", "add_sheet": "addSheet", "activate": "activateSheet"}
    out = Counter()
    for w in writes:
        if w.kind in ("add_sheet", "activate"):
            out[(funcs[w.kind], w.sheet, None)] += 1
            continue
        first, _, last = w.span.partition(":")
        (r0, c0), (r1, c1) = split_address(first), split_address(last or first)
        out[(funcs[w.kind], w.sheet, (r0 - 1, c0, r1 - r0 + 1, c1 - c0 + 1))] += 1
    return out


def _recorded(path: Path, actions) -> Counter:
    names = [s.name for s in BookProtection(path).sheets]
    out = Counter()
    for a in actions:
        func = a["func"]
        if func == "alert":
            continue
        if func == "addSheet":
            position, name = a["args"]
            names.insert(position, name)
            out[(func, name, None)] += 1
            continue
        sheet = names[a["sheet_position"]]
        if func == "activateSheet":
            out[(func, sheet, None)] += 1
            continue
        if func == "setValues":
            rows, cols = len(a["values"]), max(len(r) for r in a["values"])
        else:
            rows, cols = a["row_count"], a["column_count"]
        out[(func, sheet, (a["start_row"], a["start_column"], rows, cols))] += 1
    return out


@pytest.mark.parametrize("entry", ["validate", "flag_deadlines"])
def test_on_an_earlier_protection_what_it_refuses_is_what_the_guard_lifts(xw, tmp_path, entry):
    from xl_roadmap.excel.protection import lifts

    path = _book_of_earlier_protection(tmp_path / "school_1.3.xlsx")
    actions = _run(xw, path, entry)
    refused = refusals(path, actions)
    assert refused and all(r.startswith("setRangeColor") for r in refused), refused
    writes = _planned(xw, path, entry)
    assert _recorded(path, actions) == _as_actions(writes), "an action of the door that is not in its plan"
    lifted = lifts(writes, FileProtection(path))
    refused_sheets = {r.split("«")[1].split("»")[0] for r in refused}
    assert set(lifted.sheets) == refused_sheets and not lifted.structure


def test_a_book_without_the_check_sheet_gets_it_with_its_structure_lifted(xw, books, tmp_path):
    from xl_roadmap.excel.protection import lifts

    path = _without_report_sheet(books["filled school"], tmp_path / "без проверки.xlsx")
    assert BookProtection(path).structure
    actions = _run(xw, path, "validate")
    report = SPEC.sheet("report").name
    assert refusals(path, actions) == [f"addSheet на листе «{report}»: структура книги защищена (lockStructure)"]
    writes = _planned(xw, path, "validate")
    assert _recorded(path, actions) == _as_actions(writes)
    assert lifts(writes, FileProtection(path)).structure
