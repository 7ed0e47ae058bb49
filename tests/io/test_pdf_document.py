"""Reading a PDF with a text layer (io/pdf_document.py): Word documents printed to PDF by LibreOffice read back
as ``read_docx`` reads the .docx — the same tables with the same merged cells, one table across pages, the
paragraphs of a cell and of the prose — and every PDF that cannot be read refused in Russian, naming the file."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Mm

from tests.support import word_fixtures as wf
from tests.support.pdf_fixtures import scanned, to_pdf
from xl_roadmap.core.document import MERGED_LEFT, MERGED_UP
from xl_roadmap.io import pdf_document
from xl_roadmap.io.pdf_document import SCAN, read_pdf
from xl_roadmap.io.read_error import ReadError
from xl_roadmap.io.word_document import read_docx

LONG_ROWS = 150
RUNNING = "Приложение к приказу от 15.01.2025 № 12"


def _grid(document, width: int):
    table = document.add_table(rows=0, cols=width)
    table.style = "Table Grid"
    return table


def _merged(path: Path) -> Path:
    """A two-row header: «№» and «Мероприятие» merged down, «Срок» across two columns; then data rows, one of
    them with its responsible merged down over the next row."""
    document = docx.Document()
    document.add_paragraph("План мероприятий")
    table = _grid(document, 5)
    rows = [table.add_row() for _ in range(5)]
    table.cell(0, 0).merge(table.cell(1, 0)).text = "№"
    table.cell(0, 1).merge(table.cell(1, 1)).text = "Мероприятие"
    table.cell(0, 2).merge(table.cell(0, 3)).text = "Срок"
    table.cell(0, 4).merge(table.cell(1, 4)).text = "Ответственный"
    table.cell(1, 2).text, table.cell(1, 3).text = "начало", "окончание"
    for r, (no, action, start, end) in enumerate((("1", "Анализ результатов ВПР", "сентябрь", "октябрь"),
                                                  ("2", "Семинар для учителей", "ноябрь", "декабрь"),
                                                  ("3", "Отчёт о выполнении", "май", "июнь")), start=2):
        for c, text in enumerate((no, action, start, end)):
            table.cell(r, c).text = text
    table.cell(2, 4).merge(table.cell(3, 4)).text = "Методист ИМО"
    table.cell(4, 4).text = "УО"
    assert len(rows) == 5
    document.save(path)
    return path


def _long(path: Path) -> Path:
    """The long roadmap table of the Word fixtures with borders (a PDF's tables are found by them), its header
    row repeated on every page (``w:tblHeader``), a page header above it on every page."""
    wf.long_table_docx(path, rows=LONG_ROWS)
    document = docx.Document(str(path))
    document.tables[0].style = "Table Grid"
    document.tables[0].rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    document.sections[0].header.paragraphs[0].text = RUNNING
    document.save(path)
    return path


def _cut_rows(path: Path) -> Path:
    """Rows of six to ten lines: Word and LibreOffice break a row across the page, so many rows start on one
    page and end on the next."""
    document = docx.Document()
    table = _grid(document, 4)
    for cell, text in zip(table.add_row().cells, ("№", "Мероприятие", "Срок", "Ответственный")):
        cell.text = text
    for k in range(1, 31):
        action = " ".join(f"мероприятие {k} этап {i} с анализом результатов и обсуждением на совещании"
                          for i in range(1, 3 + k % 4))
        for cell, text in zip(table.add_row().cells, (f"{k}.", action.capitalize(), "в течение года",
                                                     "Руководители ОО")):
            cell.text = text
    document.save(path)
    return path


def _cell_paragraphs(path: Path) -> Path:
    """Cells of several paragraphs: dates one under another, numbered items, a line break, short and long."""
    document = docx.Document()
    table = _grid(document, 4)
    for cell, text in zip(table.add_row().cells, ("№", "Мероприятие", "Срок", "Ответственный")):
        cell.text = text
    rows = (("1.", ["1. Провести анализ результатов диагностики.", "2. Подготовить аналитическую справку."],
             ["январь 2025", "февраль 2025"], ["Заместитель директора по УВР"]),
            ("2.", [("Организовать методические семинары для учителей начальных классов по формированию "
                    "читательской грамотности")], ["в течение года"], ["Методист", "Руководители ШМО"]),
            ("3.", ["Совещание при директоре", "Обсуждение итогов мониторинга и плана на следующий период"],
             ["май 2025"], ["Директор"]))
    for no, *cells in rows:
        row = table.add_row().cells
        row[0].text = no
        for cell, paragraphs in zip(row[1:], cells):
            cell.paragraphs[0].text = paragraphs[0]
            for text in paragraphs[1:]:
                cell.add_paragraph(text)
    document.save(path)
    return path


def _hyphens(path: Path) -> Path:
    """A soft hyphen where the line breaks («меро-» / «приятие» in the PDF) and a compound broken at its own
    hyphen («социально-» / «психологического»), in a narrow column."""
    document = docx.Document()
    table = _grid(document, 2)
    for cell, text in zip(table.add_row().cells, ("№", "Мероприятие")):
        cell.text = text
    row = table.add_row().cells
    row[0].text = "1"
    row[1].text = "Провести обязательное меро\u00adприятие для социально-психологического тестирования"
    for r in table.rows:
        r.cells[0].width, r.cells[1].width = Mm(15), Mm(40)
    document.save(path)
    return path


_PROSE = ("Об утверждении плана мероприятий по повышению качества образования в общеобразовательных "
          "организациях муниципального округа на 2025 год")


def _prose(path: Path) -> Path:
    """Three pages of prose paragraphs with page numbers in the footer."""
    document = docx.Document()
    footer = document.sections[0].footer.paragraphs[0]
    footer._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    document.add_paragraph("ПРИКАЗ")
    document.add_paragraph("от 15.01.2025 № 12")
    for k in range(1, 40):
        document.add_paragraph(f"{k}. {_PROSE} — пункт {k}, в котором сказано, что делать, кому и в какой срок, "
                               f"и как об этом отчитаться перед управлением образования.")
    document.add_paragraph("Начальник управления образования")
    document.save(path)
    return path


MAKERS = {"merged": _merged, "long": _long, "cut": _cut_rows, "cells": _cell_paragraphs, "hyphens": _hyphens,
          "prose": _prose}


@pytest.fixture(scope="module")
def printed(tmp_path_factory, lo_profile) -> dict[str, tuple[Path, Path]]:
    """Each document as .docx and as the PDF LibreOffice prints from it."""
    folder = tmp_path_factory.mktemp("pdf")
    sources = {name: make(folder / f"{name}.docx") for name, make in MAKERS.items()}
    pdfs = to_pdf(list(sources.values()), folder / "pdf", lo_profile)
    return {name: (source, pdf) for (name, source), pdf in zip(sources.items(), pdfs)}


def _text(text: str) -> str:
    return " ".join(text.split())


def _letters(text: str) -> str:
    """The characters without the spaces: a word broken for want of room in a narrow column is told from two
    words by the document's own words, which a short test document has few of."""
    return "".join(text.split())


def _shape(table, text=_text) -> list[list[tuple[str, str | None]]]:
    return [[(text(c.text), c.merged) for c in row] for row in table.rows]


def test_merged_cells_are_marked_as_word_marks_them(printed):
    source, pdf = printed["merged"]
    want, got = read_docx(source), read_pdf(pdf)
    assert len(got.tables) == 1 and got.tables[0].width == want.tables[0].width == 5
    assert _shape(got.tables[0]) == _shape(want.tables[0])
    marks = [[c.merged for c in row] for row in got.tables[0].rows]
    assert marks[0] == [None, None, None, MERGED_LEFT, None]
    assert marks[1] == [MERGED_UP, MERGED_UP, None, None, MERGED_UP]
    assert marks[3][4] == MERGED_UP and got.tables[0].rows[3][4].text == "Методист ИМО"
    assert got.paragraphs == want.paragraphs == ("План мероприятий",)


def test_a_table_over_pages_is_one_table_its_repeated_header_dropped(printed):
    source, pdf = printed["long"]
    got = read_pdf(pdf)
    import pdfplumber

    with pdfplumber.open(pdf) as document:
        assert len(document.pages) >= 3          # the test means something only over pages
    want = read_docx(source).tables[0]
    assert len(got.tables) == 1 and RUNNING not in got.paragraphs
    table = got.tables[0]
    assert len(table.rows) == len(want.rows) == LONG_ROWS + 1
    assert [r[0].text for r in table.rows] == [r[0].text for r in want.rows]
    assert sum(1 for r in table.rows if r[0].text == "№") == 1
    for column in (2, 3):                         # deadline and responsible: short, as Word has them
        assert [_text(r[column].text) for r in table.rows] == [_text(r[column].text) for r in want.rows]
    assert _shape(table, _letters) == _shape(want, _letters)


def test_a_row_cut_by_the_page_break_is_made_whole(printed):
    source, pdf = printed["cut"]
    want, got = read_docx(source).tables[0], read_pdf(pdf).tables[0]
    import pdfplumber

    with pdfplumber.open(pdf) as document:
        assert len(document.pages) >= 3
    pieces = [item for page in pdf_document._read_pages(pdf) for _, item in page if hasattr(item, "rows")]
    assert sum(len(piece.rows) for piece in pieces) > len(want.rows)        # some rows are on two pages
    assert len(got.rows) == len(want.rows)
    assert _shape(got, _letters) == _shape(want, _letters)
    assert [_text(r[2].text) for r in got.rows] == [_text(r[2].text) for r in want.rows]


def test_the_paragraphs_of_a_cell_are_words(printed):
    source, pdf = printed["cells"]
    want, got = read_docx(source).tables[0], read_pdf(pdf).tables[0]
    assert [[c.paragraphs for c in row] for row in got.rows] == [[c.paragraphs for c in row] for row in want.rows]
    assert got.rows[1][2].paragraphs == ("январь 2025", "февраль 2025")


def test_a_word_hyphenated_at_the_line_end_is_joined(printed):
    _, pdf = printed["hyphens"]
    import pdfplumber

    with pdfplumber.open(pdf) as document:      # the PDF does break the words there
        words = [w["text"] for w in document.pages[0].extract_words()]
    assert "меро-" in words and "социально-" in words
    cell = read_pdf(pdf).tables[0].rows[1][1]
    assert cell.paragraphs == ("Провести обязательное мероприятие для социально-психологического тестирования",)


def test_prose_paragraphs_and_no_page_numbers(printed):
    source, pdf = printed["prose"]
    import pdfplumber

    with pdfplumber.open(pdf) as document:
        assert len(document.pages) >= 3
        assert "2" in document.pages[1].extract_text().split()      # the footer's number is printed
    want, got = read_docx(source), read_pdf(pdf)
    assert got.tables == ()
    assert [_text(p) for p in got.paragraphs] == [_text(p) for p in want.paragraphs]
    assert not any(re.fullmatch(r"\d+", p) for p in got.paragraphs)


# ---------------------------------------------------------------------------------------------- refused

def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_scan_is_refused_naming_the_file(printed, tmp_path):
    _, pdf = printed["merged"]
    scan = scanned(pdf, tmp_path / "скан приказа.pdf")
    before = _sha(scan)
    with pytest.raises(ReadError) as caught:
        read_pdf(scan)
    assert caught.value.reason == SCAN
    assert "скан приказа.pdf" in str(caught.value) and "сохраните из Word как .docx" in str(caught.value)
    assert _sha(scan) == before


def test_a_password_protected_pdf_is_refused(printed, tmp_path, lo_profile):
    source, _ = printed["merged"]
    options = ('{"EncryptFile":{"type":"boolean","value":"true"},'
               '"DocumentOpenPassword":{"type":"string","value":"secret"}}')
    [locked] = to_pdf([source], tmp_path, lo_profile, options)
    with pytest.raises(ReadError) as caught:
        read_pdf(locked)
    assert "защищён паролем" in caught.value.reason and str(locked) in str(caught.value)


@pytest.mark.parametrize("damage", ["cut", "garbage", "no-marker", "empty"])
def test_a_damaged_pdf_is_refused_in_russian(printed, tmp_path, damage):
    _, pdf = printed["merged"]
    data = pdf.read_bytes()
    bad = tmp_path / "plan.pdf"
    bad.write_bytes({"cut": data[: len(data) // 3], "garbage": b"%PDF-1.7\n" + bytes(range(256)) * 40,
                     "no-marker": b"<html>not a pdf</html>", "empty": b""}[damage])
    with pytest.raises(ReadError) as caught:
        read_pdf(bad)
    reason = caught.value.reason
    assert re.search("[а-яё]", reason) and "Traceback" not in reason
    assert ("повреждён" in reason or "пустой" in reason) or (damage == "cut" and reason == SCAN)


def test_limits_on_size_and_pages(printed, monkeypatch):
    _, pdf = printed["long"]
    monkeypatch.setattr(pdf_document, "LIMITS", pdf_document.PdfLimits(pages=2))
    with pytest.raises(ReadError) as caught:
        read_pdf(pdf)
    assert "страниц" in caught.value.reason and "до 2" in caught.value.reason
    monkeypatch.setattr(pdf_document, "LIMITS", pdf_document.PdfLimits(file_bytes=1000))
    with pytest.raises(ReadError) as caught:
        read_pdf(pdf)
    assert "слишком большой" in caught.value.reason
    monkeypatch.setattr(pdf_document, "LIMITS", pdf_document.PdfLimits(page_characters=100))
    with pytest.raises(ReadError) as caught:
        read_pdf(pdf)
    assert "на странице 1" in caught.value.reason


def test_the_pdf_is_only_read(printed):
    _, pdf = printed["cut"]
    before = _sha(pdf)
    read_pdf(pdf)
    assert _sha(pdf) == before
