"""«Импорт из Word» in Excel, through xlwings' own remote engine: the entry point writes a new book beside the
document (never over an existing one) and tells the user in Russian what happened."""

from __future__ import annotations

import pytest

from tests.app.test_import_document import _plan_docx
from tests.support.cli import sha
from tests.support.district import SPEC
from tests.support.xlwings_remote import apply_actions, snapshot, xlwings_or_skip
from xl_roadmap.app.templates import build_template
from xl_roadmap.io.workbook_file import read_workbook


@pytest.fixture(scope="module")
def xw():
    return xlwings_or_skip()


def _book(xw, tmp_path):
    blank = build_template(tmp_path / "blank.xlsx", "school", spec=SPEC)
    return blank, xw.Book(json=snapshot(blank))


def test_import_word_writes_a_new_book_beside_the_document(xw, tmp_path):
    from xl_roadmap.excel import buttons

    src = _plan_docx(tmp_path / "план района.docx")
    (tmp_path / "план района.xlsx").write_bytes(b"a book the user already has")
    before = sha(src)
    blank, book = _book(xw, tmp_path)
    outcome = buttons.import_word(book, path=str(src))
    assert outcome.output == str(tmp_path / "план района (2).xlsx")         # the existing book is kept
    assert (tmp_path / "план района.xlsx").read_bytes() == b"a book the user already has"
    assert [r.text("no") for r in read_workbook(outcome.output, SPEC).actions] == ["1.1", "1.2"]
    assert sha(src) == before
    extra = apply_actions(blank, book.json()["actions"], tmp_path / "after.xlsx")
    assert "Книга записана" in extra["alerts"][-1] and "«Импорт»" in extra["alerts"][-1]


def test_import_word_refuses_a_pdf_in_russian(xw, tmp_path):
    from xl_roadmap.excel import buttons

    pdf = tmp_path / "скан.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%%EOF\n")
    blank, book = _book(xw, tmp_path)
    outcome = buttons.import_word(book, path=str(pdf))
    assert outcome.output is None and not list(tmp_path.glob("скан*.xlsx"))
    extra = apply_actions(blank, book.json()["actions"], tmp_path / "after.xlsx")
    assert "Книга не записана" in extra["alerts"][-1] and "PDF" in extra["alerts"][-1]


def test_without_excel_dialog_the_user_is_told_the_command(xw, tmp_path):
    from xl_roadmap.excel import buttons

    blank, book = _book(xw, tmp_path)
    assert buttons.import_word(book) is None
    extra = apply_actions(blank, book.json()["actions"], tmp_path / "after.xlsx")
    assert "xl-roadmap import" in extra["alerts"][-1]
