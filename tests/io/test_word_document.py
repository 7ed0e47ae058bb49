"""Reading a .docx into plain data: merged cells placed in the grid and marked, Word's automatic numbers
computed, prose kept in order; what people send instead of a .docx refused with a Russian reason; the file
never modified. Fixtures are built with python-docx in tmp_path."""

from __future__ import annotations

import hashlib
import re
import time
import zipfile

import docx
import pytest
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

from xl_roadmap.core.document import DocCell
from xl_roadmap.io.word_document import read_docx
from xl_roadmap.io.workbook_file import ReadError

MULTI = 90  # the numId (and abstractNumId) of the multi-level list defined by the fixture
RESTARTED = 91  # the same list, started at 5 by a startOverride


def _add_numbering(document) -> None:
    numbering = document.part.numbering_part.element
    levels = [("decimal", "%1."), ("decimal", "%1.%2."), ("lowerLetter", "%3)"), ("upperRoman", "%4.")]
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels))
    abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{MULTI}">'
                         f'<w:multiLevelType w:val="multilevel"/>{lvls}</w:abstractNum>')
    numbering.find(qn("w:num")).addprevious(abstract)  # abstractNum elements come before num elements
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{MULTI}"><w:abstractNumId w:val="{MULTI}"/></w:num>'))
    numbering.append(parse_xml(
        f'<w:num {nsdecls("w")} w:numId="{RESTARTED}"><w:abstractNumId w:val="{MULTI}"/>'
        f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>'))


def _number(paragraph, num_id: int, ilvl: int) -> None:
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = ilvl
    num_pr.get_or_add_numId().val = num_id


def _numbered_cell(cell, ilvl: int, text: str = "", num_id: int = MULTI) -> None:
    cell.text = text
    _number(cell.paragraphs[0], num_id, ilvl)


def build_roadmap(path):
    document = docx.Document()
    _add_numbering(document)
    document.add_paragraph("Дорожная карта   ")
    document.add_paragraph("")  # spacing: carries nothing, dropped
    document.add_paragraph("Основание: приказ № 1")

    plan = document.add_table(rows=8, cols=4)
    number = plan.cell(0, 0).merge(plan.cell(1, 0))
    number.text = "№"
    action = plan.cell(0, 1).merge(plan.cell(1, 1))
    action.text = "Мероприятие"
    term = plan.cell(0, 2).merge(plan.cell(0, 3))
    term.text = "Срок"
    plan.cell(1, 2).text = "Начало"
    plan.cell(1, 3).text = "Окончание"
    section = plan.cell(2, 0).merge(plan.cell(2, 3))
    section.text = "Раздел 1. Обучение"

    _numbered_cell(plan.cell(3, 0), 0)
    plan.cell(3, 1).text = "Провести курсы  "
    plan.cell(3, 1).add_paragraph("для учителей\t ")
    _numbered_cell(plan.cell(4, 0), 1)
    plan.cell(4, 1).text = "Подготовить программу"
    _numbered_cell(plan.cell(5, 0), 0)
    plan.cell(5, 1).text = "Закупить оборудование"
    plan.cell(5, 1).add_paragraph("проектор", style="List Bullet")
    plan.cell(5, 1).add_paragraph("экран", style="List Bullet")
    plan.cell(5, 2).text = "01.02.2025"
    plan.cell(5, 3).text = "31.05.2025"
    _numbered_cell(plan.cell(6, 0), 1)  # level 1 restarts after level 0 advanced
    plan.cell(6, 1).text = "Смонтировать"
    _numbered_cell(plan.cell(7, 0), 2, "первое")
    _numbered_cell(plan.cell(7, 1), 2, "второе")
    _numbered_cell(plan.cell(7, 2), 3, "римское")
    _numbered_cell(plan.cell(7, 3), 0, "с пятого", num_id=RESTARTED)

    document.add_paragraph("Примечание между таблицами")

    second = document.add_table(rows=3, cols=2)
    second.cell(0, 0).paragraphs[0].text = "Первый"
    second.cell(0, 0).paragraphs[0].style = document.styles["List Number"]
    second.cell(0, 1).paragraphs[0].text = "Второй"
    second.cell(0, 1).paragraphs[0].style = document.styles["List Number"]
    holder = second.cell(1, 0)
    holder.text = "Вложенная:"
    nested = holder.add_table(rows=1, cols=2)
    nested.cell(0, 0).text = "внутри А"
    nested.cell(0, 1).text = "внутри Б"
    second.cell(2, 1).text = "справа"
    # row 2: one grid column skipped before its first cell (w:gridBefore), as Word writes ragged rows
    tr = second.rows[2]._tr
    tr.remove(tr.tc_lst[0])
    before = OxmlElement("w:gridBefore")
    before.set(qn("w:val"), "1")
    tr.get_or_add_trPr().insert(0, before)

    document.add_paragraph("Конец", style="List Number")
    document.save(path)
    return path


@pytest.fixture
def roadmap(tmp_path):
    return build_roadmap(tmp_path / "roadmap.docx")


def cells(table):
    return [[(c.text, c.merged) for c in row] for row in table.rows]


def test_prose_paragraphs_in_order_outside_tables(roadmap):
    doc = read_docx(roadmap)
    # "Конец" carries the List Number style: its own counter, after "Первый", "Второй" of that list
    assert doc.paragraphs == ("Дорожная карта", "Основание: приказ № 1", "Примечание между таблицами",
                              "3. Конец")
    assert doc.path == str(roadmap)
    assert [t.index for t in doc.tables] == [0, 1]


def test_merged_header_section_row_and_numbering_by_grid_position(roadmap):
    plan = read_docx(roadmap).tables[0]
    assert cells(plan) == [
        [("№", None), ("Мероприятие", None), ("Срок", None), ("Срок", "left")],
        [("№", "up"), ("Мероприятие", "up"), ("Начало", None), ("Окончание", None)],
        [("Раздел 1. Обучение", None), ("Раздел 1. Обучение", "left"), ("Раздел 1. Обучение", "left"),
         ("Раздел 1. Обучение", "left")],
        [("1.", None), ("Провести курсы\nдля учителей", None), ("", None), ("", None)],
        [("1.1.", None), ("Подготовить программу", None), ("", None), ("", None)],
        [("2.", None), ("Закупить оборудование\n• проектор\n• экран", None), ("01.02.2025", None),
         ("31.05.2025", None)],
        [("2.1.", None), ("Смонтировать", None), ("", None), ("", None)],
        [("a) первое", None), ("b) второе", None), ("I. римское", None), ("5. с пятого", None)],
    ]


def test_multi_paragraph_cell_keeps_paragraphs(roadmap):
    plan = read_docx(roadmap).tables[0]
    assert plan.rows[3][1] == DocCell("Провести курсы\nдля учителей", ("Провести курсы", "для учителей"))
    assert plan.rows[1][0] == DocCell("№", ("№",), "up")
    assert plan.rows[0][3].paragraphs == ("Срок",)


def test_second_table_style_numbering_nested_table_and_grid_before(roadmap):
    second = read_docx(roadmap).tables[1]
    assert second.width == 2
    assert cells(second) == [
        [("1. Первый", None), ("2. Второй", None)],
        [("Вложенная:\nвнутри А\nвнутри Б", None), ("", None)],
        [("", None), ("справа", None)],
    ]


def test_rows_padded_to_grid_width(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).text = "a"
    tr = table.rows[1]._tr
    tr.remove(tr.tc_lst[-1])  # a short row without w:gridAfter
    path = tmp_path / "short.docx"
    document.save(path)
    assert cells(read_docx(path).tables[0]) == [[("a", None), ("", None), ("", None)],
                                               [("", None), ("", None), ("", None)]]


def test_input_file_is_not_modified(roadmap):
    before = hashlib.sha256(roadmap.read_bytes()).hexdigest()
    mtime = roadmap.stat().st_mtime_ns
    read_docx(roadmap)
    assert hashlib.sha256(roadmap.read_bytes()).hexdigest() == before
    assert roadmap.stat().st_mtime_ns == mtime


# ---------------------------------------------------------------------------------------------- bad inputs

def _russian(reason: str) -> bool:
    return len(re.findall("[а-яё]", reason.lower())) >= 10


def _zip(path, members: dict[str, bytes]):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def _zeros_member(path, name: str, size: int):
    chunk = bytes(1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open(name, "w", force_zip64=True) as fh:
            for _ in range(size // len(chunk)):
                fh.write(chunk)
    return path


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


def _truncated(path):
    build_roadmap(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


BAD = {
    "missing": (lambda p: p, "не найден"),
    "empty": (lambda p: _write(p, b""), "пустой"),
    "random": (lambda p: _write(p, bytes(range(256)) * 40), "не документ Word"),
    "truncated zip": (_truncated, "повреждён"),
    "ole": (lambda p: _write(p, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096)), "97–2003"),
    "xlsx renamed": (lambda p: _zip(p, {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}),
                     "книга Excel"),
    "zip without document": (lambda p: _zip(p, {"readme.txt": b"hello"}), "word/document.xml"),
    "zip bomb 300 MB": (lambda p: _zeros_member(p, "word/document.xml", 300 << 20), "300 МБ"),
    "ratio bomb 20 MB": (lambda p: _zeros_member(p, "word/media/image1.png", 20 << 20), "zip-бомб"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_inputs_are_refused_in_russian(tmp_path, case):
    make, fragment = BAD[case]
    path = make(tmp_path / "input.docx")
    digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None
    started = time.perf_counter()
    with pytest.raises(ReadError) as caught:
        read_docx(path)
    assert time.perf_counter() - started < 3
    assert fragment in caught.value.reason
    assert _russian(caught.value.reason), caught.value.reason
    assert caught.value.path == str(path)
    if digest is not None:
        assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


def test_zip_bomb_fixture_is_small(tmp_path):
    path = _zeros_member(tmp_path / "bomb.docx", "word/document.xml", 300 << 20)
    assert path.stat().st_size < 2 << 20


def test_entities_are_not_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("СЕКРЕТ", encoding="utf-8")
    document = docx.Document()
    document.add_paragraph("до &internal; &external; после")
    source = tmp_path / "plain.docx"
    document.save(source)
    path = tmp_path / "entities.docx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "word/document.xml":
                xml = data.decode("utf-8").replace("&amp;internal;", "&internal;").replace(
                    "&amp;external;", "&external;")
                head, body = xml.split("?>", 1)
                doctype = (f'<!DOCTYPE w:document [<!ENTITY internal "ВНУТРЕННЯЯ">'
                           f'<!ENTITY external SYSTEM "{secret.as_uri()}">]>')
                data = (head + "?>" + doctype + body).encode("utf-8")
            zout.writestr(info, data)
    try:
        text = " ".join(read_docx(path).paragraphs)
    except ReadError as exc:  # refusing the document is as safe as not resolving
        assert _russian(exc.reason)
        return
    assert "СЕКРЕТ" not in text
    assert "ВНУТРЕННЯЯ" not in text
    assert text.startswith("до")


def test_hidden_text_is_not_read_and_nested_tables_are_listed(tmp_path):
    document = docx.Document()
    frame = document.add_table(rows=1, cols=1)
    cell = frame.cell(0, 0)
    inner = cell.add_table(rows=2, cols=2)
    for c, text in zip(inner.rows[0].cells + inner.rows[1].cells, ("Мероприятие", "Срок", "Педсовет", "май")):
        c.text = text
    run = inner.cell(1, 1).paragraphs[0].add_run(" (черновик)")
    run.font.hidden = True
    document.add_paragraph("Конец")
    path = tmp_path / "frame.docx"
    document.save(path)
    text = read_docx(path)
    assert len(text.tables) == 1 and len(text.nested_tables) == 1
    (nested,) = text.nested_tables
    assert nested.index == 1
    assert [[c.text for c in r] for r in nested.rows] == [["Мероприятие", "Срок"], ["Педсовет", "май"]]
