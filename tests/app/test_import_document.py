"""``xl-roadmap import`` on real files: a .docx written with python-docx (and a .doc made from it by
LibreOffice) becomes a workbook that our reader reads without a read error, whose «Импорт» sheet links each
repair to its cell; bad documents give a Russian reason and exit 2 in seconds; inputs are never modified."""

from __future__ import annotations

import json
import subprocess
import time
import zipfile

import docx
import openpyxl
import pytest

from tests.support.cli import invoke, run_cli, sha
from tests.support.district import SPEC
from tests.support.libreoffice import soffice
from xl_roadmap.app.import_document import import_document
from xl_roadmap.io.workbook_file import read_workbook

IMPORT_SHEET = SPEC.word_import.sheet_name


def _plan_docx(path, rows=(("1.1.", "Анализ результатов ГИА", "июль 2025", "управление образования", "справка"),
                            ("", "и подготовка справки", "", "", ""),
                            ("1.2.", "Семинар для заместителей", "сентябрь 2025", "Руководители ОО", "протокол"))):
    d = docx.Document()
    for p in ("УПРАВЛЕНИЕ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ МУНИЦИПАЛЬНОГО РАЙОНА «Ботлихский район»", "ПРИКАЗ",
              "от 25 января 2025 г. № 19", "Об утверждении дорожной карты на 2025 год"):
        d.add_paragraph(p)
    t = d.add_table(rows=1, cols=5)
    for c, h in zip(t.rows[0].cells, ("№", "Основные направления деятельности", "Сроки реализации",
                                      "Ответственные исполнители", "Отчетная документация")):
        c.text = h
    section = t.add_row().cells
    section[0].merge(section[4]).text = "Мониторинг качества подготовки обучающихся"
    for values in rows:
        for c, v in zip(t.add_row().cells, values):
            c.text = v
    d.add_paragraph("Начальник управления образования")  # Word always ends a body with a paragraph
    d.save(path)
    return path


def test_import_writes_a_readable_workbook_with_links_to_each_repair(tmp_path):
    src = _plan_docx(tmp_path / "план.docx")
    before = sha(src)
    outcome = import_document(src, tmp_path / "план.xlsx")
    assert outcome.exit_code == 1 and sha(src) == before
    data = read_workbook(outcome.output, SPEC)
    assert not [i for i in data.issues if i.code in ("sheet-missing", "header-missing", "column-missing")]
    assert [r.text("no") for r in data.actions] == ["1.1", "1.2"]
    assert data.actions[0].text("action") == "Анализ результатов ГИА и подготовка справки"
    assert data.actions[0].text("section") == "Мониторинг качества подготовки обучающихся"
    assert [r.text("level") for r in data.actions] == ["УО", "ОО"]
    assert data.org_text("doc_number") == "19" and data.org_text("period") == "2025"
    wb = openpyxl.load_workbook(outcome.output)
    sheet = wb[IMPORT_SHEET]
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=3)]
    kinds = [r[1] for r in rows]
    assert SPEC.word_import.title("continuation-joined") in kinds
    linked = [r for r in sheet.iter_rows(min_row=3) if r[4].hyperlink is not None]
    assert linked, "every repair with a target is a link"
    target = next(r for r in linked if r[1].value == SPEC.word_import.title("continuation-joined"))[4]
    sheet_name, cell = target.hyperlink.location.split("!")
    assert sheet_name.strip("'") == SPEC.sheet("roadmap").name
    assert wb[sheet_name.strip("'")][cell].value == "Анализ результатов ГИА и подготовка справки"


def test_cli_json_and_exit_codes(tmp_path):
    src = _plan_docx(tmp_path / "plan.docx")
    r = invoke("import", str(src), "-o", str(tmp_path / "out.xlsx"), "--json", "--org-code", "УО-7")
    assert r.exit_code == 1, r.output
    got = json.loads(r.output)
    assert {"source", "output", "organisation", "actions", "indicators", "repairs"} <= set(got)
    assert got["actions"] == 2 and got["organisation"]["org_code"] == "УО-7"
    assert all({"kind", "where", "what"} <= set(x) for x in got["repairs"])
    clean = _plan_docx(tmp_path / "clean.docx", rows=(("1", "Анализ", "июль 2025", "УО", "справка"),))
    r = invoke("import", str(clean), "-o", str(tmp_path / "clean.xlsx"), "--edition", "r170_2023",
               "--level", "УО")
    assert r.exit_code == 0, r.output
    assert "мероприятий: 1" in r.output


def _empty_docx(path):
    docx.Document().save(path)
    return path


def _prose_only(path):
    d = docx.Document()
    d.add_paragraph("Приказ без приложения")
    d.save(path)
    return path


def _no_deadline(path):
    d = docx.Document()
    t = d.add_table(rows=2, cols=3)
    for c, v in zip(t.rows[0].cells + t.rows[1].cells, ("№", "Мероприятие", "Ответственный", "1", "А", "УО")):
        c.text = v
    d.save(path)
    return path


def _damaged(path):
    _plan_docx(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _broken_ole(path):
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096)
    return path


def _pdf(path):
    path.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    return path


def _workbook(path):
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
    return path


@pytest.mark.parametrize("make, name, words", [
    (_empty_docx, "empty.docx", "нет таблиц"),
    (_prose_only, "prose.docx", "нет таблиц"),
    (_no_deadline, "nodeadline.docx", "нет столбца «Срок»"),
    (_damaged, "damaged.docx", "повреждён"),
    (_broken_ole, "old.doc", "сохраните как .docx"),
    (_pdf, "scan.pdf", "PDF"),
    (_workbook, "book.docx", "книга Excel"),
])
def test_bad_documents_exit_2_with_a_russian_reason_naming_the_file(tmp_path, make, name, words):
    src = make(tmp_path / name)
    before = sha(src)
    out = tmp_path / "out.xlsx"
    t0 = time.perf_counter()
    r = run_cli("import", str(src), "-o", str(out))
    assert time.perf_counter() - t0 < 30
    assert r.returncode == 2, r.stdout + r.stderr
    assert words in r.stderr and name in r.stderr and "Traceback" not in r.stderr + r.stdout
    assert not out.exists() and sha(src) == before


@pytest.mark.parametrize("name", ["plan.xls", "plan.xlsm", "plan.csv", "plan.docx", "plan"])
def test_an_output_that_is_not_xlsx_is_refused(tmp_path, name):
    src = _plan_docx(tmp_path / "src.docx")
    r = invoke("import", str(src), "-o", str(tmp_path / name))
    assert r.exit_code == 2 and ".xlsx" in r.output and not (tmp_path / name).exists()


def test_a_thousand_row_table_imports_whole(tmp_path):
    rows = tuple((str(i), f"Мероприятие {i}", "в течение года", "УО", "") for i in range(1, 1001))
    src = _plan_docx(tmp_path / "long.docx", rows=rows)
    outcome = import_document(src, tmp_path / "long.xlsx")
    data = read_workbook(outcome.output, SPEC)
    assert [r.text("no") for r in data.actions] == [str(i) for i in range(1, 1001)]


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    src = _plan_docx(tmp_path / "f.docx", rows=(("1", "=HYPERLINK(\"http://x\",\"y\")", "2025", "УО", "=1+1"),))
    outcome = import_document(src, tmp_path / "f.xlsx")
    ws = openpyxl.load_workbook(outcome.output)[SPEC.sheet("roadmap").name]
    col = SPEC.sheet("roadmap").column_index("action") + 1
    cell = ws.cell(SPEC.first_data_row, col)
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


@pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")
def test_a_doc_file_is_converted_by_libreoffice(tmp_path):
    src = _plan_docx(tmp_path / "plan.docx")
    profile = tmp_path / "profile"
    subprocess.run([soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                    "--convert-to", "doc", "--outdir", str(tmp_path / "doc"), str(src)],
                   check=True, capture_output=True, timeout=180)
    doc = tmp_path / "doc" / "plan.doc"
    before = sha(doc)
    outcome = import_document(doc, tmp_path / "from_doc.xlsx")
    assert outcome.output is not None, outcome.reason
    data = read_workbook(outcome.output, SPEC)
    assert [r.text("no") for r in data.actions] == ["1.1", "1.2"] and sha(doc) == before


def test_a_text_too_long_for_a_cell_refuses_the_import_naming_the_documents_row(tmp_path):
    """Word holds any length; an Excel cell 32,767 characters. The import refuses (never a cut text) and says
    where the text stands in the document, besides the cell it was to go to."""
    long_text = ("Очень подробное описание. " * 1300).strip()       # 33,799 characters
    src = _plan_docx(tmp_path / "план.docx", rows=(("1", "Короткое", "2025", "УО", ""),
                                                   ("2", long_text, "2025", "УО", "")))
    out = tmp_path / "план.xlsx"
    outcome = import_document(src, out)
    assert outcome.output is None and not out.exists()
    assert f"на листе «{SPEC.sheet('roadmap').name}», ячейка" in outcome.reason
    assert "33 799 знаков при пределе 32 767 (начало: «Очень подробное" in outcome.reason
    assert outcome.reason.endswith("(в документе: таблица 1, строка 4)")      # header, section, row 1, row 2
    r = invoke("import", str(src), "-o", str(out))
    assert r.exit_code == 2 and "32 767" in r.output and not out.exists()


def test_an_existing_book_is_never_replaced_without_overwrite(tmp_path):
    src = _plan_docx(tmp_path / "Приказ о дорожной карте.docx")
    filled = tmp_path / "filled.xlsx"
    filled.write_bytes(b"a book a school has begun to fill")
    beside = tmp_path / "Приказ о дорожной карте.xlsx"       # the book import writes without -o
    beside.write_bytes(b"last year's import, edited since")
    for args, target in ((["-o", str(filled)], filled), ([], beside)):
        before = sha(target)
        r = invoke("import", str(src), *args)
        assert r.exit_code == 2, r.output
        assert f"файл «{target}» уже есть и не перезаписан" in r.stderr and "--overwrite" in r.stderr
        assert sha(target) == before
    r = invoke("import", str(src), "-o", str(filled), "--overwrite")
    assert r.exit_code == 1, r.output
    assert read_workbook(filled, SPEC).actions


def test_documents_with_one_name_into_one_folder_keep_the_first_book_and_refuse_the_second(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = _plan_docx(tmp_path / "a" / "Приказ.docx")
    second = _plan_docx(tmp_path / "b" / "Приказ.docx", rows=(("1", "Другое мероприятие", "2025", "УО", ""),))
    out = tmp_path / "out"
    r = invoke("import", str(first), str(second), "--out-dir", str(out))
    assert r.exit_code == 2, r.output
    assert str(first) in r.stderr and str(second) in r.stderr and "одно имя" in r.stderr
    (book,) = out.glob("*.xlsx")
    assert read_workbook(book, SPEC).actions[0].text("action").startswith("Анализ результатов ГИА")
