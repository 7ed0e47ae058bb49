"""The Word fixtures of tests/support/word_fixtures.py have the shape they claim, as ``read_docx`` reads them:
merged headers marked, sections across the table, Word's automatic numbers shown, continuation rows where
the expected data joins them, the split table in two — and their expected actions can be found again in the
cells once the continuation rows are joined back."""

from __future__ import annotations

import re

import docx
import pytest
from docx.oxml.ns import qn

from tests.support import word_fixtures as wf
from xl_roadmap.core.document import MERGED_LEFT, MERGED_UP
from xl_roadmap.io.word_document import read_docx

_ITEM = re.compile(r"\d+[.)]\s")


def _texts(row):
    return [cell.text for cell in row]


def _is_section(row) -> bool:
    return all(cell.merged == MERGED_LEFT for cell in row[1:])


def _is_continuation(row, numbered: bool = True) -> bool:
    filled = [cell.text for cell in row if cell.text]
    return (not numbered or not row[0].text) and bool(filled) and all(t[0].islower() or t[0].isdigit()
                                                                       for t in filled)


def _joined(rows, numbered: bool = True) -> list[list[str]]:
    """Data rows with each continuation row joined to the row above, cell by cell, with a space."""
    out: list[list[str]] = []
    for row in rows:
        if _is_section(row):
            out.append([row[0].text])
        elif _is_continuation(row, numbered):
            out[-1] = [f"{a} {b}" if a and b else a or b for a, b in zip(out[-1], _texts(row))]
        else:
            out.append(_texts(row))
    return out


def _splittable(rows, action_columns: tuple[int, ...]) -> list[tuple[str, int]]:
    """(number, column) of the action cells holding ≥ 2 list paragraphs with as many deadline paragraphs beside."""
    return [(r[0].text, k) for r in rows if not _is_section(r) for k in action_columns
            if sum(bool(_ITEM.match(p)) for p in r[k].paragraphs) >= 2
            and len(r[k].paragraphs) == len(r[k + 1].paragraphs)]


def _found(action: wf.ExpectedAction, cells: list[str]) -> bool:
    """The expected action stands in the joined row: its text (each of its lines) inside one cell, read
    without markup and with the list numbers it lost, its deadline and responsible a cell or a line of one."""
    flat = [" ".join(re.sub(r"</?[a-z]+[^>]*>", " ", c).split()) for c in cells]
    lines = [line for c in cells for line in c.split("\n")] + cells + [""]
    return (any(all(" ".join(part.split()) in f for part in action.action.split("\n")) for f in flat)
            and action.deadline in lines and action.responsible in lines)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("word_fixtures")


def test_kalininsky_three_merged_header_rows_that_repeat(folder):
    seed = wf.kalininsky(folder)
    doc = read_docx(seed.path)
    assert len(doc.tables) == 1 and doc.tables[0].width == 10
    top, middle, bottom = doc.tables[0].rows[:3]
    assert [c.merged for c in top] == [None, None, None, None] + [MERGED_LEFT] * 5 + [None]
    assert top[3].text == "Мероприятия для повышения результативности"
    assert [c.merged for c in middle] == [MERGED_UP] * 3 + [None, MERGED_LEFT, MERGED_LEFT] * 2 + [MERGED_UP]
    assert _texts(bottom)[3:9] == ["Мероприятие", "Срок исполнения", "", "Мероприятие", "Срок исполнения", ""]
    assert bottom[0].merged == bottom[9].merged == MERGED_UP
    rows = docx.Document(seed.path).tables[0].rows
    assert [bool(rows[i]._tr.xpath("./w:trPr/w:tblHeader")) for i in range(4)] == [True] * 3 + [False]


def test_kalininsky_sections_numbers_and_continuations(folder):
    seed = wf.kalininsky(folder)
    doc = read_docx(seed.path)
    rows = doc.tables[0].rows[3:]
    assert [r[0].text for r in rows if _is_section(r)] == [
        "2. Показатели достижения учебных и воспитательных результатов (67,8%)",
        "3. Показатели организации рабочих процессов (99,7%)"]
    numbers = [r[0].text for r in rows if not _is_section(r) and r[0].text]
    assert numbers == ["1", "2", "3", "4", "5", "6", "7", "8.", "9.", "11", "12", "13", "11", "12", "13",
                       "14", "15", "16", "17"]  # 8. and 9. are Word's automatic numbers
    assert "1. Утвердить План мероприятий" in " ".join(doc.paragraphs)  # the order's clauses, numbered by Word
    assert sum(_is_continuation(r) for r in rows) == seed.continuation_joins == 7
    cut = next(r for r in rows if r[5].text == "и ОО")  # row 7: cut in several cells
    assert _texts(cut)[4:6] == ["года", "и ОО"] and _texts(cut)[7] == "01.09.2024г"
    assert _texts(cut)[6].startswith("по сопровождению общеобразовательных организаций")
    # exactly one level group's list has a deadline paragraph per item (Word numbers it); the others share one
    assert _splittable(rows, (3, 6)) == [("16", 6)]
    row16 = next(r for r in rows if r[0].text == "16")
    assert row16[6].paragraphs == ("1. Организация на уровне муниципалитета СПТ;",
                                   "2. Информационно-мотивационная и методическая поддержка школ.")


def test_kalininsky_expected_data(folder):
    seed = wf.kalininsky(folder)
    assert len(seed.actions) == 86 and len(seed.indicators) == 19 and seed.split_tables == 0
    # row 16 of block 3: four items at school level, two (Word's own list) at district level
    assert [(a.no, a.level) for a in seed.actions if a.indicator == 17] == [
        ("3.16.1", "ОО"), ("3.16.2", "ОО"), ("3.16.3", "ОО"), ("3.16.4", "ОО"), ("3.16.5", "УО"), ("3.16.6", "УО")]
    # block 2 numbers its rows 11–13 as block 1 did: the section's number makes them unique
    assert [a.no for a in seed.actions if a.section.startswith("2.")][:3] == ["2.11.1", "2.11.2", "2.12.1"]
    assert seed.actions[0] == wf.ExpectedAction(
        "1.1", "ОО", "", seed.actions[0].action, "Август 2024, декабрь 2024", "Руководители и ООО",
        "Мониторинг эффективности использования финансовых ресурсов", 0)
    assert seed.indicators[1] == wf.ExpectedIndicator("П12", "Доля фонда оплаты труда р", None, 13.5, "2022 Г.",
                                                      "40-41")
    joined = [r for r in _joined(read_docx(seed.path).tables[0].rows[3:]) if len(r) > 1]
    assert len(joined) == len(seed.indicators)
    for action in seed.actions:
        assert _found(action, joined[action.indicator]), action


def test_strezhevoy_shape_and_expected_data(folder):
    seed = wf.strezhevoy(folder)
    doc = read_docx(seed.path)
    assert len(doc.tables) == 1 and doc.tables[0].width == 6
    header, *rows = doc.tables[0].rows
    assert _texts(header) == ["Показатель (из мониторинга)", "Норма по показателю", "Фактический показатель",
                              "Пути решения проблемы (план по достижению)", "Сроки", "Ответственный"]
    continuations = [r for r in rows if _is_continuation(r, numbered=False)]
    assert len(continuations) == seed.continuation_joins == 4
    assert any(not r[4].text and not r[5].text and r[3].text for r in continuations)  # action column only
    assert [c.text[:3] for r in rows for c in r if "<" in c.text] == ["<ol"]  # one literal HTML list
    assert _splittable(rows, (3,)) == []
    # 49 steps in 16 rows: every numbered list is one action per item (row 10's list under its line «ВсОШ»)
    assert len(seed.actions) == 49 and len(seed.indicators) == 16
    assert [a.no.split(".")[0] for a in seed.actions] == [str(a.indicator + 1) for a in seed.actions]
    assert [a.no for a in seed.actions if a.indicator in (3, 9)] == ["4", "10.1", "10.2", "10.3", "10.4", "10.5"]
    assert all(a.action.startswith("ВсОШ\n") for a in seed.actions if a.indicator == 9)
    assert {a.level for a in seed.actions} == {"УО"} and all(a.result == "" for a in seed.actions)
    assert (seed.indicators[0].norm, seed.indicators[0].actual) == (48.0, 22.0)
    assert (seed.indicators[10].norm, seed.indicators[10].actual) == (100.0, 86.0)
    joined = _joined(rows, numbered=False)
    assert len(joined) == 16
    for action in seed.actions:
        assert _found(action, joined[action.indicator]), action


def test_botlikh_split_over_two_tables(folder):
    seed = wf.botlikh(folder)
    doc = read_docx(seed.path)
    assert len(doc.tables) == 2 == seed.split_tables + 1
    first, second = doc.tables
    assert first.width == second.width == 5
    assert _texts(first.rows[0])[:2] == ["№", "Основные направления деятельности"]
    assert first.rows[-1][0].text == "1.14."  # whole on its page, except the cut text …
    assert _is_continuation(second.rows[0])  # … which opens the second table, that has no header
    assert second.rows[0][1].text.startswith("с анализом проблем")
    assert seed.continuation_joins == 1
    body = docx.Document(seed.path).element.body
    assert [e.tag.rsplit("}", 1)[1] for e in body if e.tag in (qn("w:tbl"), qn("w:p"))][-3:] == ["tbl", "p", "tbl"]
    assert body.findall(f".//{qn('w:br')}[@{qn('w:type')}='page']")
    rows = first.rows[1:] + second.rows
    sections = [r[0].text for r in rows if _is_section(r)]
    assert len(sections) == 11
    assert sections[0] == "Мониторинг качества подготовки обучающихся в МР «Ботлихский район»"
    assert _splittable(rows, (1,)) == []
    direction_8 = [r[0].text for r in rows if r[0].text.startswith("8.") and not _is_section(r)]
    assert direction_8 == [f"8.{k}." for k in range(1, 14)]  # numbered by Word


def test_botlikh_expected_data(folder):
    seed = wf.botlikh(folder)
    assert len(seed.actions) == 65 and seed.indicators == ()
    assert all(a.indicator is None and a.level == "УО" for a in seed.actions)
    assert [a.no for a in seed.actions][9:11] == ["1.10", "1.11"]
    assert [a.no for a in seed.actions if a.no.startswith(("4.", "7.1"))] == ["4.1", "4.2", "4.3", "7.1"]
    assert seed.actions[13].action == ("Представление итогов проведения ГИА-9 и ГИА-11 с анализом проблем и "
                                       "постановкой задач на семинарах, совещаниях руководителей ОО")
    assert seed.actions[13].deadline == "сентябрь\n2025"
    assert seed.actions[16].section.startswith("Деятельность управления образованиянаправленная")
    assert next(a for a in seed.actions if a.no == "8.2").deadline == ""
    doc = read_docx(seed.path)
    joined = [r for r in _joined(doc.tables[0].rows[1:] + doc.tables[1].rows) if len(r) > 1]
    assert len(joined) == 65
    for action, cells in zip(seed.actions, joined):
        assert _found(action, cells) and cells[4] == action.result, action


def test_organisation_details(folder):
    for build, number, kind in ((wf.kalininsky, "279-09", "приказ"), (wf.strezhevoy, "66", "письмо"),
                                (wf.botlikh, "19", "приказ")):
        seed = build(folder)
        prose = " ".join(read_docx(seed.path).paragraphs)
        assert seed.organisation["doc_number"] in prose and seed.organisation["doc_kind"] == kind
        assert seed.organisation["doc_number"] == number


def test_hostile_documents(tmp_path):
    assert read_docx(wf.empty_docx(tmp_path / "empty.docx")).tables == ()
    no_tables = read_docx(wf.no_tables_docx(tmp_path / "prose.docx"))
    assert no_tables.tables == () and no_tables.paragraphs
    (table,) = read_docx(wf.no_deadline_column_docx(tmp_path / "no_deadline.docx")).tables
    assert not any("Срок" in c.text for c in table.rows[0]) and len(table.rows) > 1
    (long,) = read_docx(wf.long_table_docx(tmp_path / "long.docx")).tables
    assert len(long.rows) == 1001 and _texts(long.rows[0]) == ["№", "Мероприятие", "Срок", "Ответственный"]
    assert long.rows[-1][0].text == "1000."
