"""`xl-roadmap validate`: exit codes, JSON report, unreadable files, report copy, inputs untouched."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tests.support.cli import invoke, run_cli, sha
from tests.support.district import AS_OF, SPEC, clean_plan, write_plan




@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("inputs")
    good = write_plan(clean_plan(0), d / "good.xlsx")
    plan = clean_plan(1)
    plan.content.actions[0]["responsible"] = ""
    plan.content.actions[1]["comment"] = '=HYPERLINK("http://example.invalid","x")'
    write_plan(plan, d / "bad.xlsx")
    (d / "not_a_zip.xlsx").write_bytes(b"Hello, this is not a workbook at all\n" * 20)
    (d / "truncated.xlsx").write_bytes(good.read_bytes()[:3000])
    (d / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4000)
    enc = bytearray(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000)
    enc += "EncryptionInfo".encode("utf-16-le") + b"\x00" * 2000
    (d / "password.xlsx").write_bytes(bytes(enc))
    # a well-formed archive whose «Дорожная карта» part was cut in half (a broken save or copy)
    roadmap_part = _sheet_part(good, "Дорожная карта")
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(d / "damaged_sheet.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
        for item in src.infolist():
            data = src.read(item.filename)
            z.writestr(item, data[: len(data) // 2] if item.filename == roadmap_part else data)
    with zipfile.ZipFile(d / "letter.xlsx", "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return d


UNREADABLE = {"not_a_zip.xlsx": "не", "truncated.xlsx": "", "old.xls": ".xls", "password.xlsx": "парол",
              "letter.xlsx": "Word", "damaged_sheet.xlsx": "лист «Дорожная карта» повреждён"}


def _sheet_part(path: Path, sheet_name: str) -> str:
    """The archive member holding a sheet (workbook.xml names it, its relationships give the part)."""
    import re

    with zipfile.ZipFile(path) as z:
        book = z.read("xl/workbook.xml").decode("utf-8")
        rels = z.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    rid = re.search(rf'<sheet name="{re.escape(sheet_name)}"[^>]*r:id="([^"]+)"', book).group(1)
    target = re.search(rf'<Relationship Id="{rid}"[^>]*Target="([^"]+)"', rels)
    if target is None:
        target = re.search(rf'<Relationship [^>]*Target="([^"]+)"[^>]*Id="{rid}"', rels)
    return "xl/" + target.group(1).lstrip("/").removeprefix("xl/")


def test_each_unreadable_file_gives_exit_2_and_a_reason(folder):
    for name, word in UNREADABLE.items():
        result = run_cli("validate", str(folder / name), "--as-of", AS_OF.isoformat())
        assert result.returncode == 2, (name, result.stdout, result.stderr)
        assert name in result.stdout and "Traceback" not in result.stdout + result.stderr
        assert word in result.stdout, (name, result.stdout)


def test_json_report_for_a_mixed_folder(folder):
    before = {p.name: sha(p) for p in folder.iterdir()}
    files = [str(folder / n) for n in ("good.xlsx", "bad.xlsx", *UNREADABLE)]
    result = run_cli("validate", *files, "--as-of", AS_OF.isoformat(), "--json")
    assert result.returncode == 2
    report = json.loads(result.stdout)
    assert report["valid"] is False
    by_name = {Path(f["path"]).name: f for f in report["files"]}
    assert by_name["good.xlsx"]["valid"] is True and by_name["good.xlsx"]["findings"] == []
    assert by_name["good.xlsx"]["sha256"] == before["good.xlsx"]
    bad = by_name["bad.xlsx"]
    assert bad["valid"] is False
    assert [(f["code"], f["severity"]) for f in bad["findings"]] == [("action-no-responsible", "ошибка")]
    assert set(bad["findings"][0]) == {"code", "severity", "sheet", "cell", "value", "message"}
    for name in UNREADABLE:
        assert by_name[name]["valid"] is False and by_name[name]["error"]
    assert report["stats"]["unreadable"] == len(UNREADABLE) and report["stats"]["errors"] == 1
    assert {p.name: sha(p) for p in folder.iterdir()} == before


def test_exit_codes_without_unreadable(folder):
    assert run_cli("validate", str(folder / "good.xlsx"), "--as-of", AS_OF.isoformat()).returncode == 0
    bad = run_cli("validate", str(folder / "bad.xlsx"), "--as-of", AS_OF.isoformat())
    assert bad.returncode == 1
    assert "action-no-responsible" in bad.stdout and "не указан ответственный" in bad.stdout


def test_report_copy_lists_findings_links_cells_and_keeps_text(folder, tmp_path):
    src = folder / "bad.xlsx"
    before = sha(src)
    out = tmp_path / "bad.report.xlsx"
    result = run_cli("validate", str(src), "--as-of", AS_OF.isoformat(), "--report", str(out))
    assert result.returncode == 1 and out.exists()
    assert sha(src) == before
    wb = openpyxl.load_workbook(out)
    ws = wb[SPEC.sheet("report").name]
    first = SPEC.first_data_row
    report = SPEC.sheet("report")
    row = {c: ws.cell(first, report.header_column(c)).value for c in report.column_ids}
    assert (row["severity"], row["rule"], row["sheet"]) == ("ошибка", "action-no-responsible",
                                                            SPEC.sheet("roadmap").name)
    link = ws.cell(first, report.header_column("cell")).hyperlink
    assert link is not None and link.location == f"'{SPEC.sheet('roadmap').name}'!{row['cell']}"
    target = wb[SPEC.sheet("roadmap").name][row["cell"]]
    assert target.fill.fgColor.rgb.endswith("FFC7CE")
    # a text that looks like a formula stays text in the copy
    road = wb[SPEC.sheet("roadmap").name]
    comment_col = SPEC.sheet("roadmap").column_index("comment") + 1
    cell = road.cell(first + 1, comment_col)
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
    with zipfile.ZipFile(out) as z:
        sheet_xml = b"".join(z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/sheet"))
    assert b"<f>HYPERLINK" not in sheet_xml


def test_report_cannot_overwrite_input(folder):
    src = folder / "good.xlsx"
    before = sha(src)
    result = run_cli("validate", str(src), "--report", str(src))
    assert result.returncode == 2 and "поверх" in result.stderr
    assert sha(src) == before


def test_a_bug_costs_one_file_not_the_run(folder, monkeypatch):
    """If our own code fails on some file, that file is reported (with the reason) and the others still are."""
    from xl_roadmap.app import validate

    real = validate.validate_data

    def failing_on_bad(data, as_of, spec=None):
        if Path(data.path).name == "bad.xlsx":
            raise ZeroDivisionError("division by zero")
        return real(data, as_of, spec)

    monkeypatch.setattr(validate, "validate_data", failing_on_bad)
    report = validate.validate_paths([folder / "good.xlsx", folder / "bad.xlsx"], AS_OF)
    good, bad = report.files
    assert good.readable and good.valid
    assert not bad.readable and "внутренней ошибки" in bad.read_error and "ZeroDivisionError" in bad.read_error
    assert bad.sha256 == sha(folder / "bad.xlsx")


@pytest.fixture()
def school(tmp_path) -> Path:
    d = tmp_path / "schools"
    d.mkdir()
    write_plan(clean_plan(0), d / "ZR-001.xlsx")
    write_plan(clean_plan(1), d / "ZR-002.xlsx")
    return d


def test_a_folder_checked_twice_skips_its_report_copies_and_never_copies_a_copy(school):
    for _ in range(2):
        done = invoke("validate", str(school), "--report", str(school), "--as-of", AS_OF.isoformat())
        assert done.exit_code == 0, done.output
        assert "Итого файлов: 2" in done.stdout
    assert "Пропущено копий с листом «Проверка» (*.проверка.xlsx): 2" in done.stdout
    assert sorted(p.name for p in school.iterdir()) == ["ZR-001.xlsx", "ZR-001.проверка.xlsx", "ZR-002.xlsx",
                                                       "ZR-002.проверка.xlsx"]
    # a copy named on the command line is checked, and its own copy keeps the name: no «.проверка.проверка»
    copy = school / "ZR-001.проверка.xlsx"
    out = school.parent / "again"
    assert invoke("validate", str(copy), "--report", str(out), "--as-of", AS_OF.isoformat()).exit_code == 0
    assert [p.name for p in out.iterdir()] == ["ZR-001.проверка.xlsx"]


def test_a_folder_without_books_is_named(tmp_path):
    empty = tmp_path / "книги.xlsx"
    empty.mkdir()
    done = invoke("validate", str(empty))
    assert done.exit_code == 2
    assert f"Не найдено ни одной книги .xlsx/.xlsm в «{empty}»" in done.stderr


def _word(path: Path) -> Path:
    import docx

    d = docx.Document()
    d.add_paragraph("ПРИКАЗ от 15.09.2026 № 123-од")
    d.save(path)
    return path


def test_a_word_document_is_sent_to_import_and_a_renamed_one_is_named_as_renamed(tmp_path):
    real = _word(tmp_path / "Приказ.docx")
    renamed = tmp_path / "Приказ.xlsx"
    renamed.write_bytes(real.read_bytes())
    rtf = tmp_path / "Приказ.rtf"
    rtf.write_bytes(b"{\\rtf1\\ansi \\par}")
    doc = tmp_path / "Приказ.doc"           # Word 97–2003: an OLE file with a «WordDocument» stream
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500 + "WordDocument".encode("utf-16-le") + b"\0" * 500)
    odt = tmp_path / "Приказ.odt"
    with zipfile.ZipFile(odt, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", "<office:document-content/>")
    for path, said in ((real, "это документ Word (.docx), а не книга Excel"),
                       (doc, "это документ Word (.doc), а не книга Excel"),
                       (odt, "это документ Word (.odt), а не книга Excel"),
                       (rtf, "это документ Word (.rtf), а не книга Excel"),
                       (renamed, "это документ Word (.docx), переименованный в .xlsx")):
        done = invoke("validate", str(path))
        assert done.exit_code == 2, done.output
        assert said in done.stdout and "xl-roadmap import ДОКУМЕНТ -o КНИГА.xlsx" in done.stdout, done.stdout


@pytest.mark.parametrize("target, copy", [("отчёт.xlsx", "отчёт.xlsx"), ("папка", "папка/ZR-001.проверка.xlsx"),
                                          ("отчёты.2026", "отчёты.2026/ZR-001.проверка.xlsx")])
def test_report_for_one_book_is_a_file_or_a_folder(school, target, copy):
    done = invoke("validate", str(school / "ZR-001.xlsx"), "--report", str(school.parent / target))
    assert done.exit_code == 0, done.output
    assert (school.parent / copy).is_file()


@pytest.mark.parametrize("books, target, said", [
    (1, "отчёт.csv", "не .xlsx/.xlsm"),
    (2, "отчёт.xlsx", "укажите папку"),
])
def test_report_targets_that_cannot_be_what_they_say_are_refused(school, books, target, said):
    files = [str(school / f"ZR-00{i}.xlsx") for i in range(1, books + 1)]
    done = invoke("validate", *files, "--report", str(school.parent / target))
    assert done.exit_code == 2
    assert said in done.stderr and not (school.parent / target).exists()


def test_seventeen_actions_without_codes_are_one_console_line_and_seventeen_in_json(tmp_path):
    """The one real finding is not buried under seventeen lines of one rule; --json keeps one finding a cell."""
    plan = clean_plan(0, n_actions=20)
    for a in plan.content.actions[:17]:
        a["codes"] = ""
    plan.content.actions[18]["responsible"] = ""
    book = write_plan(plan, tmp_path / "школа.xlsx")
    done = invoke("validate", str(book), "--as-of", AS_OF.isoformat())
    lines = done.stdout.splitlines()
    mine = [line for line in lines if "action-no-indicator" in line]
    assert done.exit_code == 1 and len(mine) == 1, done.stdout
    assert "×17" in mine[0] and "не связанных ни с одним показателем: 17 — № " in mine[0] and "и ещё 7" in mine[0]
    error = next(i for i, line in enumerate(lines) if "action-no-responsible" in line)
    assert error < lines.index(mine[0]) and "не указан ответственный" in lines[error]     # errors first, as today
    assert "--report" in lines[-1]
    got = json.loads(invoke("validate", str(book), "--as-of", AS_OF.isoformat(), "--json").stdout)
    cells = [f["cell"] for f in got["files"][0]["findings"] if f["code"] == "action-no-indicator"]
    assert len(cells) == len(set(cells)) == 17
