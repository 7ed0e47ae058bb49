"""«Обновить шаблон» in Excel, through xlwings' own remote engine: the entry point reads the open book (as open,
not as saved), writes the upgraded copy beside its file — never over an existing one — and tells the user in
Russian what moved and what the template adds."""

from __future__ import annotations

import openpyxl
import pytest

from tests.app.test_upgrade import filled_old
from tests.support.cli import sha
from tests.support.district import SPEC
from tests.support.filling import org_address, set_typed
from tests.support.xlwings_remote import apply_actions, snapshot, xlwings_or_skip
from xl_roadmap.io.workbook_file import read_workbook


@pytest.fixture(scope="module")
def xw():
    return xlwings_or_skip()


def test_upgrade_writes_the_copy_beside_the_book_and_says_what_changed(xw, tmp_path):
    from xl_roadmap.excel import buttons

    old = filled_old("school", "1.0", tmp_path)
    before = sha(old)
    book = xw.Book(json=snapshot(old))
    first = buttons.upgrade(book, file=str(old))
    second = buttons.upgrade(book, file=str(old))
    name = f"{old.stem} (шаблон {SPEC.template_version})"
    assert first.output == str(tmp_path / f"{name}.xlsx")
    assert second.output == str(tmp_path / f"{name} (2).xlsx")              # the first copy is kept
    assert sha(old) == before
    data = read_workbook(first.output, SPEC)
    assert data.org_text("template_version") == SPEC.template_version
    assert [a.text("no") for a in data.actions] == [a.text("no") for a in read_workbook(old, SPEC).actions]
    extra = apply_actions(old, book.json()["actions"], tmp_path / "after.xlsx")
    assert "Книга обновлена" in extra["alerts"][-1] and "«Раздел плана»" in extra["alerts"][-1]


def test_the_open_book_is_read_with_its_unsaved_edits(xw, tmp_path):
    from xl_roadmap.excel import buttons

    old = filled_old("school", "1.1", tmp_path)
    edited = tmp_path / "edited.xlsx"
    wb = openpyxl.load_workbook(old)
    set_typed(wb["Сведения"][org_address(SPEC, "contact")], "новый контакт")
    wb.save(edited)
    book = xw.Book(json=snapshot(edited))                 # what Excel shows; the file on disk is the old one
    outcome = buttons.upgrade(book, file=str(old))
    assert read_workbook(outcome.output, SPEC).org_text("contact") == "новый контакт"


def test_a_book_without_a_file_is_told_the_command(xw, tmp_path):
    from xl_roadmap.excel import buttons

    old = filled_old("school", "1.0", tmp_path)
    book = xw.Book(json=snapshot(old))
    assert buttons.upgrade(book) is None
    extra = apply_actions(old, book.json()["actions"], tmp_path / "after.xlsx")
    assert "xl-roadmap upgrade" in extra["alerts"][-1]
