"""Plain OCR damage repaired with the document as its dictionary (core/word_import/ocr.py): each kind of
damage once, and the text a person wrote that must stay as it is."""

from __future__ import annotations

import pytest

from xl_roadmap.core.document import DocCell, DocTable, DocumentText
from xl_roadmap.core.word_import.ocr import Lexicon, repair, repair_document
from xl_roadmap.spec import default_spec

JOINS = default_spec().word_import.ocr_joins
# what the rest of the document writes intact
DOCUMENT = ["срок исполнения", "срок", "мероприятие по плану", "мероприятие", "Сентябрь 2024", "Сентябрь",
            "информационно-методический отдел", "Руководители ОО", "ОО", "необъективных", "необъективных",
            "кадрами", "кадрами", "внеурочной", "внеурочной", "образования"] + ["образования"] * 20 + [
            "постоянно"] * 12 + ["года"] * 30 + ["год"] * 3


@pytest.fixture(scope="module")
def lexicon():
    damaged = ["сро к исполнения", "меро- приятие", "Cентябрь 2024", "информационно- методический",
               "Руководители OO", "не объективных", "по кадрам и контингенту", "в неурочной", "об разования",
               "Постоян но", "учебного г ода", "год а"]
    return Lexicon(DOCUMENT + damaged, JOINS)


@pytest.mark.parametrize("damaged, repaired", [
    ("меро- приятие", "мероприятие"),                      # a hyphen at a line end
    ("меро-\nприятие", "мероприятие"),
    ("информационно- методический", "информационно-методический"),   # a compound the document writes so
    ("Сентябрь- ноябрь", "Сентябрь-ноябрь"),               # … or of two known words
    ("Cентябрь 2024", "Сентябрь 2024"),                    # a Latin C
    ("Руководители OO", "Руководители ОО"),                # a word of Latin look-alikes the document knows
    ("c 1 сентября", "с 1 сентября"),                      # a Latin preposition among Russian words
    ("Сент ябрь 2024", "Сентябрь 2024"),                   # a space inside a word
    ("управление об разования", "управление образования"),  # … beside a preposition, on strong evidence
    ("учебного г ода", "учебного года"),
    ("Постоян но", "Постоянно"),
    ("2 .1", "2.1"),                                       # spaces in numbers
    ("до 01 .09. 2024", "до 01.09.2024"),
    ("1 . Анализ. 2 . Семинар", "1. Анализ. 2. Семинар"),
    ("Арбузова А.В. Кравцо ва Н.И.", "Арбузова А.В. Кравцова Н.И."),   # a surname next to its initials
    ("С еребренникова О.В.", "Серебренникова О.В."),
])
def test_plain_damage_is_repaired_and_listed(lexicon, damaged, repaired):
    text, fixes = repair(damaged, lexicon)
    assert text == repaired and fixes


@pytest.mark.parametrize("written", [
    "не объективных",              # a negation is a word, even where «необъективных» is written
    "по кадрам и контингенту",     # so is «и»
    "в неурочной (внеурочной)",    # a one-letter preposition joins only on overwhelming evidence
    "срок и ответственный",
    "Директор школы И.И. Иванов",  # words next to initials that are words
    "И.И. Иванов проводит семинар",
    "Минiproсвещения",             # Latin letters that are no look-alikes are left
    "IT-куб, PR-кампания",
    "в 2024. 2. Проведение",
])
def test_what_a_person_wrote_stays(lexicon, written):
    assert repair(written, lexicon) == (written, [])


def test_a_document_is_repaired_cell_by_cell_and_merged_copies_with_their_cell():
    cells = (DocCell("Cрок", ("Cрок",)), DocCell("Cрок", ("Cрок",), "left"))
    body = (DocCell("сентябрь 2024", ("сентябрь 2024",)), DocCell("Сент ябрь", ("Сент ябрь",)))
    document = DocumentText("x.docx", ("ПРИКАЗ",), (DocTable(0, (cells, body)),))
    repaired, fixes, _ = repair_document(document, JOINS)
    rows = repaired.tables[0].rows
    assert [c.text for c in rows[0]] == ["Срок", "Срок"] and rows[0][1].merged == "left"
    assert rows[1][1].text == "Сентябрь" and rows[1][1].paragraphs == ("Сентябрь",)
    assert set(fixes) == {(0, 0, 0), (0, 1, 1)}           # a merged copy is not reported twice
    assert repaired.paragraphs == document.paragraphs
