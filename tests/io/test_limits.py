"""Excel's limits, wherever a workbook is written: a write that would pass one refuses with the spec's Russian
message naming the sheet (and the cell or list), nothing is written and a file already at the target stays as
it was. Each limit has a small synthetic case, most with the limit lowered (io.xlsx.limits.LIMITS); the real
numbers are driven once each where that is cheap — 1,048,576 rows through the ready-XML path the roll-up uses."""

from __future__ import annotations

import pickle
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tests.support.cli import invoke, run_cli, sha
from tests.support.district import AS_OF, PROVENANCE, SPEC, clean_plan, write_plan
from xl_roadmap.app.validate import validate_path
from xl_roadmap.core.content import ExtraSheet, WorkbookContent
from xl_roadmap.io.atomic import OutputError
from xl_roadmap.io.report_copy import write_report_copy
from xl_roadmap.io.xlsx import limits, sheet_xml
from xl_roadmap.io.xlsx.shared_strings import LocalStrings
from xl_roadmap.io.xlsx.limits import EXCEL, LimitError, Limits
from xl_roadmap.io.xlsx.writer import WorkbookWriter
from xl_roadmap.rules.report_plan import build_plan

ROADMAP = SPEC.sheet("roadmap")
WORDS = SPEC.output_limits


def lower(monkeypatch, **limit: int) -> None:
    monkeypatch.setattr(limits, "LIMITS", Limits(**limit))


def _nothing_but(folder: Path, *names: str) -> None:
    """Only the given files in ``folder``: no output, no temporary file left behind."""
    assert sorted(p.name for p in folder.iterdir()) == sorted(names)


@pytest.fixture
def existing(tmp_path) -> Path:
    """A file already at the target: a refused write must leave it byte for byte."""
    path = tmp_path / "свод.xlsx"
    path.write_bytes(b"the previous roll-up")
    return path


def _block(n: int) -> tuple[list[dict], list[dict]]:
    return [{"no": f"1.{k}", "action": f"Мероприятие {k}"} for k in range(n)], []


def test_the_limits_are_excels():
    assert EXCEL == Limits(rows=1_048_576, columns=16_384, text=32_767, sheet_name=31, list_source=255)
    assert limits.LIMITS is EXCEL


def test_every_message_is_the_specs_and_russian():
    for key in ("rows", "columns", "text", "sheet_name", "list_source"):
        assert re.search("[а-я]", WORDS[key]) and "{sheet}" in WORDS[key], key


# -- rows -------------------------------------------------------------------------------------------------
def test_rows_streamed_cell_by_cell_past_the_limit_refuse_and_leave_the_old_file(monkeypatch, existing):
    before = sha(existing)
    first = SPEC.first_data_row
    lower(monkeypatch, rows=first + 9)                  # ten data rows fit on a table sheet
    w = WorkbookWriter(SPEC, None, None, constant_memory=True)
    with pytest.raises(LimitError) as caught, w.streaming(existing, []) as w:
        w.append_block(*_block(6))
        w.append_block(*_block(4))                      # exactly at the limit: still fine
        w.append_block(*_block(1))
    assert caught.value.sheet == ROADMAP.name and isinstance(caught.value, OutputError)
    assert str(caught.value) == WORDS["rows"].format(sheet=ROADMAP.name, limit=f"{first + 9}")
    assert "по муниципалитетам" in str(caught.value)    # says what to do
    assert sha(existing) == before
    _nothing_but(existing.parent, existing.name)


def test_rows_of_a_whole_content_save_refuse_before_anything_is_written(monkeypatch, tmp_path):
    plan = clean_plan(0, n_actions=12)
    lower(monkeypatch, rows=SPEC.first_data_row + 10)  # 11 rows fit; the template has room for more
    with pytest.raises(LimitError, match=f"«{SPEC.sheet('indicators').name}»|«{ROADMAP.name}»"):
        write_plan(plan, tmp_path / "школа.xlsx")
    _nothing_but(tmp_path)


def test_rows_of_a_generated_extra_sheet_are_counted_as_they_come(monkeypatch, tmp_path):
    lower(monkeypatch, rows=102)                        # title, header and 100 rows
    extra = ExtraSheet(name="Длинный", title="t", headers=["a"], widths=[5], rows=[])
    w = WorkbookWriter(SPEC, None, None, constant_memory=True)
    with pytest.raises(LimitError, match="«Длинный»"), w.streaming(tmp_path / "x.xlsx", [extra]) as w:
        w.append_extra("Длинный", ([k] for k in range(60)))
        w.append_extra("Длинный", ([k] for k in range(41)))
    _nothing_but(tmp_path)


def _tiny_rows(first: int, last: int) -> str:
    return "".join(f'<row r="{n}"><c r="A{n}"><v>1</v></c></row>' for n in range(first, last + 1))


def _provenance_writer(path: Path, rows: list[tuple[str, int]]) -> Path:
    """Stream ready XML rows (as workers render them) into an extra sheet, then finish the workbook."""
    extra = ExtraSheet(name=PROVENANCE, title="Происхождение", headers=["Лист"], widths=[10], rows=[])
    w = WorkbookWriter(SPEC, None, None, constant_memory=True)
    with w.streaming(path, [extra]) as w:
        assert w.takes_xml
        for xml, n in rows:
            w.append_xml(PROVENANCE, sheet_xml.ReadyRows(xml, n, LocalStrings()), {})
        w.edition = SPEC.edition()
        w.content = WorkbookContent(organisation={}, extra_sheets=[extra])
    return path


def test_the_real_row_limit_through_the_ready_xml_path(tmp_path, existing):
    """1,048,576 rows are Excel's last; XlsxWriter would drop the next one with only a return code."""
    last = EXCEL.rows
    head, body = _tiny_rows(3, 1000), _tiny_rows(1001, last)
    full = _provenance_writer(tmp_path / "полный.xlsx", [(head, 998), (body, last - 1000)])
    with zipfile.ZipFile(full) as z:
        sheet_files = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        dims = {re.search(r'<dimension ref="([^"]+)"', z.read(n)[:2000].decode(errors="ignore")).group(1) for n in sheet_files}
    assert f"A1:A{last}" in dims                          # every row there, up to the very last
    before = sha(existing)
    with pytest.raises(LimitError, match=f"«{PROVENANCE}».*1 048 576"):
        _provenance_writer(existing, [(head, 998), (body, last - 1000), (_tiny_rows(last + 1, last + 1), 1)])
    assert sha(existing) == before
    _nothing_but(tmp_path, full.name, existing.name)


# -- columns ----------------------------------------------------------------------------------------------
def test_an_extra_sheet_wider_than_excel_refuses(monkeypatch, tmp_path):
    lower(monkeypatch, columns=40)                      # wider than every sheet of the spec
    wide = ExtraSheet(name="Матрица", title="t", headers=["h"] * 41, widths=[5] * 41, rows=[])
    content = WorkbookContent(organisation={}, extra_sheets=[wide])
    with pytest.raises(LimitError) as caught:
        WorkbookWriter(SPEC, SPEC.edition(), content).save(tmp_path / "x.xlsx")
    assert str(caught.value) == WORDS["columns"].format(sheet="Матрица", count=41, limit=40)
    assert "--period" in str(caught.value)              # says what to do
    narrow_head = ExtraSheet(name="Матрица", title="t", headers=["a"], widths=[5], rows=[[1] * 41])
    with pytest.raises(LimitError, match="«Матрица»"):
        WorkbookWriter(SPEC, SPEC.edition(), WorkbookContent(organisation={}, extra_sheets=[narrow_head])).save(
            tmp_path / "x.xlsx")
    _nothing_but(tmp_path)


def test_a_table_sheet_wider_than_the_limit_refuses(monkeypatch, tmp_path):
    lower(monkeypatch, columns=len(ROADMAP.columns) - 1)
    with pytest.raises(LimitError, match=f"«{ROADMAP.name}»|«{SPEC.sheet('indicators').name}»"):
        write_plan(clean_plan(0, n_actions=3), tmp_path / "школа.xlsx")
    _nothing_but(tmp_path)


def test_the_real_column_limit_is_checked_by_its_number():
    limits.check_columns("Лист", EXCEL.columns)
    with pytest.raises(LimitError, match="16 385 столбцов.*16 384"):
        limits.check_columns("Лист", EXCEL.columns + 1)


# -- text -------------------------------------------------------------------------------------------------
def _plan_with_comment(text: str):
    plan = clean_plan(0, n_actions=3)
    plan.content.actions[1]["comment"] = text
    return plan


def _comment_cell(k: int) -> str:
    from xl_roadmap.core.addresses import address

    return address(SPEC.first_data_row + k, ROADMAP.column_index("comment"))


def test_a_text_of_exactly_32767_characters_is_written_whole(tmp_path):
    path = write_plan(_plan_with_comment("я" * EXCEL.text), tmp_path / "школа.xlsx")
    cell = openpyxl.load_workbook(path)[ROADMAP.name][_comment_cell(1)]
    assert cell.value == "я" * EXCEL.text


@pytest.mark.parametrize("text, units", [("я" * 32_768, 32_768), ("😀" * 16_384, 32_768)],
                         ids=["one too many", "emoji count two"])
def test_a_longer_text_is_refused_not_cut(tmp_path, existing, text, units):
    before = sha(existing)
    with pytest.raises(LimitError) as caught:
        write_plan(_plan_with_comment(text), existing)
    message = str(caught.value)
    assert f"«{ROADMAP.name}», ячейка {_comment_cell(1)}" in message
    assert f"{limits.number(units)} знаков при пределе 32 767" in message and f"«{text[:40]}…»" in message
    assert sha(existing) == before
    _nothing_but(existing.parent, existing.name)


def test_rows_rendered_by_a_worker_refuse_a_long_text_naming_sheet_and_column():
    """In a worker the row number is still a token: the message names the column; the error comes back from
    the worker process whole (it is pickled)."""
    styles = {name: 0 for name in sheet_xml.STYLE_NAMES}
    rows = [{"action": "Мероприятие", "comment": "ю" * 40_000}]
    letter = _comment_cell(0).rstrip("0123456789")
    with pytest.raises(LimitError) as caught:
        sheet_xml.table_rows(SPEC, ROADMAP, rows, [{}], styles, lambda k: sheet_xml.token("R", k))
    back = pickle.loads(pickle.dumps(caught.value))
    assert str(back) == str(caught.value) and back.sheet == ROADMAP.name and isinstance(back, OutputError)
    assert f"«{ROADMAP.name}», столбец {letter}:" in str(back)
    with pytest.raises(LimitError, match=f"ячейка {letter}7:"):
        sheet_xml.table_rows(SPEC, ROADMAP, rows, [{}], styles, lambda k: 7 + k)
    with pytest.raises(LimitError, match=f"«{PROVENANCE}», столбец C:"):
        sheet_xml.extra_rows([["Лист", "A1", "ю" * 40_000]], styles, lambda k: sheet_xml.token("P", k))
    assert "я" * EXCEL.text in sheet_xml.extra_rows([["я" * EXCEL.text]], styles, lambda k: 3 + k)


def test_a_lowered_text_limit_reaches_every_cell_writer(monkeypatch, tmp_path):
    lower(monkeypatch, text=1000)                       # longer than every text of the template itself
    with pytest.raises(LimitError, match=f"ячейка {_comment_cell(1)}"):
        write_plan(_plan_with_comment("ж" * 1001), tmp_path / "a.xlsx")
    write_plan(_plan_with_comment("ж" * 1000), tmp_path / "b.xlsx")
    _nothing_but(tmp_path, "b.xlsx")


# -- the report copy (openpyxl) ---------------------------------------------------------------------------
@pytest.fixture
def checked(tmp_path):
    book = write_plan(clean_plan(0, n_actions=4), tmp_path / "школа.xlsx")
    report = validate_path(str(book), AS_OF, SPEC)
    return book, build_plan(report, SPEC)


def test_a_report_copy_with_a_text_too_long_is_not_written(checked, tmp_path):
    book, plan = checked
    plan.rows.append(list(plan.rows[0]) if plan.rows else [""] * len(plan.headers))
    plan.rows[-1][-1] = "э" * 40_000
    before = sha(book)
    with pytest.raises(LimitError, match=f"«{plan.sheet_name}», ячейка"):
        write_report_copy(book, plan, tmp_path / "отчёт.xlsx")
    assert sha(book) == before
    _nothing_but(tmp_path, book.name)


def test_a_report_copy_longer_than_the_row_limit_is_not_written(checked, tmp_path, monkeypatch):
    book, plan = checked
    plan.rows.extend([[""] * len(plan.headers)] * 3)
    lower(monkeypatch, rows=plan.first_row + len(plan.rows) - 2)
    with pytest.raises(LimitError, match=f"«{plan.sheet_name}»"):
        write_report_copy(book, plan, tmp_path / "отчёт.xlsx")
    _nothing_but(tmp_path, book.name)


# -- sheet names ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name, reason", [
    ("Я" * 32, "long"), ("План [черновик]", "chars"), ("Итоги: 2025", "chars"), ("a/b", "chars"),
    ("'цитата'", "quote"), ("", "empty"), (ROADMAP.name.upper(), "twice")])
def test_a_sheet_name_excel_refuses_is_said_in_russian(tmp_path, name, reason):
    extra = ExtraSheet(name=name, title="t", headers=["a"], widths=[5], rows=[])
    with pytest.raises(LimitError) as caught:
        WorkbookWriter(SPEC, SPEC.edition(), WorkbookContent(organisation={}, extra_sheets=[extra])).save(
            tmp_path / "x.xlsx")
    why = WORDS["sheet_name_reasons"][reason].format(limit=31)
    assert str(caught.value) == WORDS["sheet_name"].format(sheet=name, reason=why)
    _nothing_but(tmp_path)


def test_a_sheet_name_of_31_characters_is_fine(tmp_path):
    name = "Я" * 31
    extra = ExtraSheet(name=name, title="t", headers=["a"], widths=[5], rows=[["b"]])
    path = WorkbookWriter(SPEC, SPEC.edition(), WorkbookContent(organisation={}, extra_sheets=[extra])).save(
        tmp_path / "x.xlsx")
    assert name in openpyxl.load_workbook(path).sheetnames


def test_a_lowered_sheet_name_limit_is_checked_for_the_specs_own_sheets(monkeypatch, tmp_path):
    lower(monkeypatch, sheet_name=5)
    with pytest.raises(LimitError, match="длиннее 5 знаков"):
        write_plan(clean_plan(0, n_actions=2), tmp_path / "школа.xlsx")
    _nothing_but(tmp_path)


# -- list validations -------------------------------------------------------------------------------------
def test_a_list_validation_whose_source_is_too_long_refuses(monkeypatch, tmp_path):
    """The spec's lists are named ranges («=list_…», well under 255); with the limit lowered below such a
    name, every list validation the writer adds is checked."""
    lower(monkeypatch, list_source=8)
    with pytest.raises(LimitError) as caught:
        write_plan(clean_plan(0, n_actions=2), tmp_path / "школа.xlsx")
    assert re.search(r"на листе «[^»]+» \(ячейки [A-Z]+\d+(:[A-Z]+\d+)?\) источник списка", str(caught.value))
    _nothing_but(tmp_path)


def test_the_real_list_source_limit_counts_the_items_joined():
    items = ["значение"] * 28                       # 8 × 28 + 27 commas = 251
    limits.check_list_source("Лист", "A1:A9", items)
    with pytest.raises(LimitError, match=r"\(ячейки A1:A9\).*255 знаков \(258\)"):
        limits.check_list_source("Лист", "A1:A9", items + ["ещёещё"])
    limits.check_list_source("Лист", "A1", "=" + "x" * 255)
    with pytest.raises(LimitError):
        limits.check_list_source("Лист", "A1", "=" + "x" * 256)


# -- end to end: the command line -------------------------------------------------------------------------
def _inbox_with_long_text(folder: Path) -> Path:
    """A school's book holding a text no Excel cell holds, as another program may write it (XlsxWriter and
    openpyxl would cut it): the shared string put into the file's XML directly. The reader takes it whole."""
    folder.mkdir()
    book = write_plan(_plan_with_comment("МЕТКА-ДЛИННОГО-ТЕКСТА"), folder / "школа.xlsx")
    with zipfile.ZipFile(book) as z:
        members = [(info, z.read(info.filename)) for info in z.infolist()]
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in members:
            if info.filename == "xl/sharedStrings.xml":
                assert "МЕТКА-ДЛИННОГО-ТЕКСТА".encode() in data
                data = data.replace("МЕТКА-ДЛИННОГО-ТЕКСТА".encode(), ("ш" * 40_000).encode())
            z.writestr(info, data)
    return folder


def _consolidate_args(inbox: Path, out: Path) -> list[str]:
    return ["consolidate", str(inbox), "-o", str(out), "--as-of", AS_OF.isoformat(), "--org-name", "УО",
            "--org-code", "ZR", "--signatory", "Иванов И.И.", "--contact", "тел."]


def test_cli_consolidate_refuses_a_text_too_long_exit_2_and_no_file(tmp_path):
    inbox = _inbox_with_long_text(tmp_path / "inbox")
    out = tmp_path / "свод.xlsx"
    r = run_cli(*_consolidate_args(inbox, out))
    assert r.returncode == 2, r.stdout + r.stderr
    assert "Traceback" not in r.stderr
    assert f"Свод не записан: на листе «{ROADMAP.name}», ячейка" in r.stderr
    assert "40 000 знаков при пределе 32 767" in r.stderr
    assert not out.exists()
    _nothing_but(tmp_path, "inbox")


def test_a_long_text_found_by_a_worker_process_refuses_the_roll_up(tmp_path, monkeypatch):
    """With a process pool the school's rows are rendered in a worker: the refusal comes back from it."""
    from xl_roadmap.app import consolidate_file, workers

    inbox = _inbox_with_long_text(tmp_path / "inbox")
    write_plan(clean_plan(1, seed=5, n_actions=4), inbox / "другая.xlsx")
    monkeypatch.setattr(workers, "PARALLEL_FROM", 2)
    out = tmp_path / "свод.xlsx"
    with pytest.raises(LimitError, match=f"«{ROADMAP.name}», столбец {_comment_cell(1).rstrip('0123456789')}:"):
        consolidate_file.consolidate_to_file(sorted(inbox.iterdir()), out, {}, as_of=AS_OF, workers=2)
    _nothing_but(tmp_path, "inbox")


def test_cli_consolidate_past_the_row_limit_exit_2_names_the_sheet_and_keeps_the_old_file(monkeypatch, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for i in range(2):
        write_plan(clean_plan(i, seed=60 + i, n_actions=8), inbox / f"школа{i}.xlsx")
    out = tmp_path / "свод.xlsx"
    first = invoke(*_consolidate_args(inbox, out), "--no-archive")     # the previous roll-up: the file to keep
    assert first.exit_code in (0, 1), first.output
    previous = out.read_bytes()
    lower(monkeypatch, rows=SPEC.first_data_row + 11)   # one school's roadmap fits, two do not
    r = invoke(*_consolidate_args(inbox, out), "--no-archive")
    assert r.exit_code == 2, r.output
    assert "Свод не записан: на листе «" in r.stderr and "строк больше, чем вмещает лист Excel (" in r.stderr
    assert "Сведите книги по частям" in r.stderr
    assert out.read_bytes() == previous
    _nothing_but(tmp_path, "inbox", out.name)
