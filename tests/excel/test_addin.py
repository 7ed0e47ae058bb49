"""The add-in's ribbon entry points (excel/addin.py), through xlwings' own remote engine (no Excel here):

* on a real school or district book they give exactly the actions the workbook's own buttons give;
* on a workbook that is not ours — or not of the kind the button needs — the only action is a Russian alert,
  and the book, applied with those actions, is cell for cell what it was;
* the new-book buttons write the template where asked, never over an existing file.
"""

from __future__ import annotations

import inspect
import sys

import openpyxl
import pytest

from tests.support.cli import sha
from tests.support.district import AS_OF, SPEC, clean_plan, write_plan
from tests.support.xlwings_remote import apply_actions, snapshot, xlwings_or_skip
from xl_roadmap.app.templates import build_template
from xl_roadmap.io.workbook_file import read_workbook
from xl_roadmap.spec import default_spec
from xl_roadmap.spec.vocabulary import OrgKind

# the ribbon as the spec declares it (workbook.json → addin; tests/io/test_addin.py holds it to the contract):
# label, VBA Sub, Python function, needs a book of ours
RIBBON = tuple((b.label, b.sub, b.function, b.needs_book) for b in default_spec().addin.buttons)
NEEDS_BOOK = [func for _, _, func, needs in RIBBON if needs]


@pytest.fixture(scope="module")
def xw():
    return xlwings_or_skip()


@pytest.fixture(scope="module")
def school(tmp_path_factory):
    plan = clean_plan(1)
    plan.content.organisation["as_of"] = AS_OF
    plan.content.actions[0]["responsible"] = ""
    plan.content.actions[2]["deadline"] = "до 01.02.2025"
    plan.content.actions[2]["status"] = "в работе"
    return write_plan(plan, tmp_path_factory.mktemp("addin") / "school.xlsx")


@pytest.fixture(scope="module")
def foreign(tmp_path_factory):
    """Someone's own workbook: a sheet even called «Сведения» (a common word), but nothing of our template."""
    path = tmp_path_factory.mktemp("foreign") / "бюджет.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Сведения"
    ws.append(["Статья", "Сумма", "Наименование организации"])
    ws.append(["Канцтовары", 1200, "МОУ СОШ № 1"])
    wb.create_sheet("Лист2").append(["=1+1", "текст"])
    wb.save(path)
    return path


def _cells(path):
    wb = openpyxl.load_workbook(path)
    return {(ws.title, c.coordinate): c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row
            if c.value not in (None, "")}


def _actions(book):
    return book.json()["actions"]


def _run(xw, snap: dict, entry, *args, **kwargs):
    """A fresh remote book from ``snap``, ``entry`` run on it: (result, actions). One book at a time: the remote
    engine sends an alert to its most recently opened book."""
    book = xw.Book(json=snap)
    return entry(book, *args, **kwargs), _actions(book)


def test_the_contract_names_every_entry_point_with_book_none():
    from xl_roadmap.excel import addin

    for label, _sub, func, _needs in RIBBON:
        entry = getattr(addin, func)
        first = next(iter(inspect.signature(entry).parameters.values()))
        assert (first.name, first.default) == ("book", None), func
        assert addin.LABELS[func] == label


@pytest.mark.parametrize("func", ["validate", "flag_deadlines"])
def test_on_a_school_book_the_ribbon_does_what_the_button_does(xw, school, func, tmp_path):
    from xl_roadmap.excel import addin, buttons

    _, by_ribbon = _run(xw, snapshot(school), getattr(addin, func))
    _, by_button = _run(xw, snapshot(school), getattr(buttons, func))
    assert by_ribbon == by_button
    kinds = {a["func"] for a in by_ribbon}
    assert "setValues" in kinds and "alert" in kinds
    extra = apply_actions(school, by_ribbon, tmp_path / "after.xlsx")
    assert _cells(tmp_path / "after.xlsx") != _cells(school) and extra["alerts"]


def test_validate_works_on_a_district_book_too(xw, tmp_path):
    from xl_roadmap.excel import addin, buttons

    district = build_template(tmp_path / "district.xlsx", "district", spec=SPEC, org_name="УО", org_code="ZR")
    plan, by_ribbon = _run(xw, snapshot(district), addin.validate)
    _, by_button = _run(xw, snapshot(district), buttons.validate)
    assert plan is not None and by_ribbon == by_button


def _district_with_inbox(tmp_path, n=3):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for i in range(n):
        write_plan(clean_plan(i, seed=3), inbox / f"s{i}.xlsx")
    district = build_template(tmp_path / "district.xlsx", "district", spec=SPEC, org_name="УО", org_code="ZR")
    return inbox, district


def _with_inputs_folder(snap: dict, folder: str) -> dict:
    """The snapshot of a book whose «Папка с книгами для свода» holds ``folder`` (as a clerk types it)."""
    form = SPEC.sheet("organisation")
    label = form.field("inputs_folder").label
    sheet = next(s for s in snap["sheets"] if s["name"] == form.name)
    value_col = ord(form.value_column) - ord("A")
    row = next(r for r in sheet["values"] if r and r[0] == label)
    row[value_col] = folder
    return snap


def test_consolidate_from_the_books_folder_field_equals_the_button(xw, tmp_path):
    from xl_roadmap.excel import addin, buttons

    inbox, district = _district_with_inbox(tmp_path)
    ribbon, button = tmp_path / "ribbon" / "свод.xlsx", tmp_path / "button" / "свод.xlsx"
    for out in (ribbon, button):            # apart: each with its own archive of consolidations
        out.parent.mkdir()
    result, by_ribbon = _run(xw, _with_inputs_folder(snapshot(district), str(inbox)), addin.consolidate,
                             output=str(ribbon))
    _, by_button = _run(xw, _with_inputs_folder(snapshot(district), str(inbox)), buttons.consolidate,
                        output=str(button))
    assert result is not None and len(result.used) == 3
    assert [a["func"] for a in by_ribbon] == [a["func"] for a in by_button] == ["alert"]
    assert by_ribbon[0]["args"][0] == by_button[0]["args"][0].replace(str(button), str(ribbon))
    assert f"Свод записан в файл «{ribbon}»" in by_ribbon[0]["args"][0]
    assert "Реестр" in openpyxl.load_workbook(ribbon).sheetnames
    # the folder taken from the district book's field is recorded in the roll-up's
    assert read_workbook(ribbon, SPEC).org("inputs_folder") == str(inbox)


def test_consolidate_in_a_book_never_saved_asks_to_save_it_and_changes_nothing(xw, tmp_path):
    from xl_roadmap.excel import addin

    inbox, district = _district_with_inbox(tmp_path, n=1)
    result, actions = _run(xw, _with_inputs_folder(snapshot(district), str(inbox)), addin.consolidate)
    assert result is None and [a["func"] for a in actions] == ["alert"]
    assert "ещё не сохранена" in actions[0]["args"][0] and "«Свести»" in actions[0]["args"][0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["district.xlsx", "inbox"]


def test_consolidate_with_an_empty_folder_field_and_no_folder_picker_names_the_cell(xw, tmp_path):
    from xl_roadmap.excel import addin

    _inbox, district = _district_with_inbox(tmp_path, n=1)
    book = xw.Book(json=snapshot(district))          # the remote engine has no FileDialog: no folder chosen
    assert addin.consolidate(book) is None
    alerts = [a["args"][0] for a in _actions(book) if a["func"] == "alert"]
    assert [a["func"] for a in _actions(book)] == ["alert"]
    assert "Укажите папку с книгами ОО в ячейке Сведения!" in alerts[0]


def test_consolidate_refuses_a_school_book_and_changes_nothing(xw, school, tmp_path):
    from xl_roadmap.excel import addin

    book = xw.Book(json=snapshot(school))
    assert addin.consolidate(book, folder=str(tmp_path)) is None
    actions = _actions(book)
    assert [a["func"] for a in actions] == ["alert"]
    text = actions[0]["args"][0]
    assert f"тип «{OrgKind.SCHOOL}»" in text and "school.xlsx" in text and "«Новый свод района»" in text
    assert actions[0]["args"][1] == "Свести папку"
    apply_actions(school, actions, tmp_path / "after.xlsx")
    assert _cells(tmp_path / "after.xlsx") == _cells(school)


@pytest.mark.parametrize("func", NEEDS_BOOK)
def test_a_workbook_not_of_ours_gets_a_russian_refusal_and_nothing_else(xw, foreign, func, tmp_path):
    from xl_roadmap.excel import addin

    book = xw.Book(json=snapshot(foreign))
    assert getattr(addin, func)(book) is None
    actions = _actions(book)
    assert [a["func"] for a in actions] == ["alert"]
    text = actions[0]["args"][0]
    assert text.startswith("Активная книга «бюджет.xlsx» — не книга дорожной карты")
    assert f"нажмите «{addin.LABELS[func].rstrip('…')}» ещё раз" in text
    apply_actions(foreign, actions, tmp_path / "after.xlsx")
    assert _cells(tmp_path / "after.xlsx") == _cells(foreign)


def test_without_a_book_the_ribbon_takes_the_active_workbook_of_the_callers_excel(xw, foreign, monkeypatch):
    """book=None: the add-in (the caller) is not the book; its Excel's active workbook is."""
    from xl_roadmap.excel import addin

    active = xw.Book(json=snapshot(foreign))      # the remote engine's only, so active, workbook
    monkeypatch.setattr(addin, "_addin", lambda: active)
    assert addin.validate() is None
    assert "«бюджет.xlsx»" in _actions(active)[0]["args"][0]


@pytest.mark.parametrize("func, kind", [("new_school_book", OrgKind.SCHOOL), ("new_district_book", OrgKind.DISTRICT)])
def test_a_new_book_is_the_template_written_where_asked_never_over_a_file(xw, foreign, func, kind, tmp_path):
    from xl_roadmap.excel import addin

    book = xw.Book(json=snapshot(foreign))
    out = getattr(addin, func)(book, path=str(tmp_path / "новая"))
    assert out == tmp_path / "новая.xlsx"
    data = read_workbook(out, SPEC)
    assert data.org("org_kind") == kind and data.org("template_version") == SPEC.template_version
    before = sha(out)
    assert getattr(addin, func)(book, path=str(out)) is None
    assert sha(out) == before
    alerts = [a["args"][0] for a in _actions(book) if a["func"] == "alert"]
    assert alerts[0].startswith(f"Книга записана: {out}") and alerts[1].startswith(f"Файл «{out}» уже есть")


def test_a_new_book_without_a_save_dialog_names_the_command(xw, foreign, tmp_path):
    from xl_roadmap.excel import addin

    book = xw.Book(json=snapshot(foreign))
    assert addin.new_district_book(book) is None
    (alert,) = [a["args"][0] for a in _actions(book)]
    assert "xl-roadmap template district -o свод_района.xlsx" in alert


@pytest.mark.skipif(sys.platform.startswith("win"), reason="on Windows with Excel the import itself would run")
def test_import_functions_outside_windows_explains_and_changes_nothing(xw, foreign):
    from xl_roadmap.excel import addin

    book = xw.Book(json=snapshot(foreign))
    assert addin.import_functions(book) is False
    (action,) = _actions(book)
    assert action["func"] == "alert" and action["args"][0].startswith("Функции листа подключаются только в Excel "
                                                                      "для Windows")


def test_help_names_every_button_and_fits_a_message_box(xw, foreign):
    from xl_roadmap.excel import addin

    book = xw.Book(json=snapshot(foreign))
    text = addin.show_help(book)
    (action,) = _actions(book)
    assert action["args"][:2] == [text, "Справка"]
    assert len(text) < 1024                       # Excel's MsgBox shows no more
    for label, _sub, func, _needs in RIBBON:
        if func != "show_help":
            assert label.rstrip("…") in text, label
    assert "README" in text and "xl-roadmap excel doctor" in text
