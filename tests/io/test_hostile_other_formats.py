""".xlsb, .xls and .ods as an attacker or a broken program writes them: calamine reads these formats itself and
trusts what they say (a record's length, a cell's column, a repeat count, a sector chain), so each book is checked
before calamine sees it — with the rules an .xlsx has (io.sheet_extent: cells far apart; a sheet's size) — and
refused with a Russian reason naming the file. Each hostile book is read in a child under a 300 MB memory cap and
a 30 s limit (tests/support/capped.py), whose peak is held well under the cap; the inputs' bytes never change."""

from __future__ import annotations

import json
import random
import shutil
import struct
import zipfile
from pathlib import Path

import pytest

from tests.support import ods, xls
from tests.support.capped import cli, python, read_capped, run_capped
from tests.support.cli import sha
from tests.support.district import AS_OF, clean_plan, write_plan
from tests.support.ods import grids_as_ods
from tests.support.xlsb import grids_as_xlsb, record, row, sheet_records, write_xlsb
from xl_roadmap.io.read_error import ReadError
from xl_roadmap.io.workbook_file import open_grids, read_workbook

# a reader that checks first costs what an honest book costs (the interpreter, calamine, the file: ~40 MB)
BOUNDED_MB = 100
FAR_CELLS = "лист «Сведения» не прочитан: заполненные ячейки занимают область"


@pytest.fixture(scope="module")
def school(tmp_path_factory) -> Path:
    return write_plan(clean_plan(0), tmp_path_factory.mktemp("школа") / "школа.xlsx")


@pytest.fixture(scope="module")
def school_grids(school) -> dict:
    with open_grids(school) as grids:
        return {name: grids.grid(name) for name in grids.sheet_names}


def _refused(book: Path, *said: str) -> str:
    """The book read in a capped child: the ReadError's reason, which must say each of ``said``."""
    before = sha(book)
    r = read_capped(book)
    assert r.returncode == 0, r
    assert r.peak_mb < BOUNDED_MB, r
    assert "panicked" not in r.stderr and "Traceback" not in r.stderr, r
    for text in said:
        assert text in r.stdout, r
    assert sha(book) == before
    return r.stdout


def _read_like_the_xlsx(school: Path, other: Path):
    """The same school book saved in another format reads as the .xlsx does; the other read, to look further."""
    as_xlsx, as_other = read_workbook(school), read_workbook(other)
    assert as_other.organisation["org_code"].value == as_xlsx.organisation["org_code"].value
    assert len(as_other.actions) == len(as_xlsx.actions) and len(as_other.indicators) == len(as_xlsx.indicators)
    return as_other


# ---------------------------------------------------------------------------------------------- .xlsb

@pytest.fixture(scope="module")
def xlsb_book(school_grids, tmp_path_factory) -> Path:
    return grids_as_xlsb(tmp_path_factory.mktemp("xlsb") / "школа.xlsb", school_grids)


def test_a_school_book_saved_as_xlsb_is_read_like_the_xlsx(school, xlsb_book):
    """What the checks replay is what calamine reads: a whole book of ours passes them and reads as the .xlsx."""
    assert [i.code for i in _read_like_the_xlsx(school, xlsb_book).issues] == ["other-format"]


def _sheets_with(xlsb_book: Path, dst: Path, sheet: str, records: bytes) -> Path:
    """``xlsb_book`` with ``sheet``'s part replaced by ``records``."""
    with zipfile.ZipFile(xlsb_book) as z:
        parts = {info.filename: z.read(info) for info in z.infolist()}
    sheets = [n for n in _sheet_names(xlsb_book)]
    parts[f"xl/worksheets/sheet{sheets.index(sheet) + 1}.bin"] = records
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return dst


def _sheet_names(book: Path) -> list[str]:
    from python_calamine import CalamineWorkbook

    return CalamineWorkbook.from_path(str(book)).sheet_names


GARBAGE = {   # 4 KB a part, as a damaged download or a fuzzer writes it
    "all-ones": b"\xff" * 4096,                                        # a record of 2²⁸ − 1 bytes
    "random": random.Random(25).randbytes(4096),
    "a-length-past-the-end": record(0x0081) + b"\x94\x01\xff\xff\x7f" + bytes(4000),   # 2 MB announced
}


@pytest.mark.parametrize("garbage", list(GARBAGE))
@pytest.mark.parametrize("part", ["xl/workbook.bin", "xl/worksheets/sheet2.bin"])
def test_an_xlsb_of_garbage_records_is_refused_in_russian_without_reserving_their_lengths(xlsb_book, tmp_path,
                                                                                        garbage, part):
    """calamine reserved and zeroed each record's announced length before reading it: 4 KB took 300 MB and
    answered «failed to fill whole buffer»."""
    with zipfile.ZipFile(xlsb_book) as z:
        parts = {info.filename: z.read(info) for info in z.infolist()}
    parts[part] = GARBAGE[garbage]
    book = tmp_path / "мусор.xlsb"
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    said = _refused(book, "файл повреждён", f"«{part}»")
    assert "failed to fill" not in said


def test_garbage_through_the_command_line_names_the_file(xlsb_book, tmp_path):
    book = write_xlsb(tmp_path / "мусор.xlsb", {"Лист1": GARBAGE["all-ones"]}, workbook=GARBAGE["all-ones"])
    r = run_capped(cli("validate", str(book), "--as-of", AS_OF.isoformat()))
    assert r.returncode == 2, r
    assert str(book) in r.stdout and "файл повреждён или создан не Excel: в части «xl/workbook.bin»" in r.stdout
    assert "Traceback" not in r.stdout + r.stderr and "failed to fill" not in r.stdout
    assert r.peak_mb < BOUNDED_MB, r


def _dimension_and_cells(*cells_: bytes, dimension: tuple = (0, 0, 0, 0)) -> bytes:
    return (record(0x0081) + record(0x0094, struct.pack("<IIII", *dimension)) + record(0x0091) + row(0)
            + b"".join(cells_) + record(0x0092) + record(0x0082))


@pytest.mark.parametrize("records, said", [
    # a string index past the shared strings, a dimension record too short: calamine panicked (a traceback)
    (_dimension_and_cells(record(0x0007, struct.pack("<IIII", 0, 0, 99, 0))), "ячейка ссылается на строку № 100"),
    (record(0x0081) + record(0x0094, bytes(4)) + record(0x0091) + record(0x0092), "запись короче, чем нужно"),
    (_dimension_and_cells(record(0x0003, struct.pack("<II", 0, 0) + b"\x99")), "неизвестный код ошибки"),
], ids=["string-index", "short-dimension", "error-code"])
def test_records_calamine_panics_on_are_refused_first(xlsb_book, tmp_path, records, said):
    book = _sheets_with(xlsb_book, tmp_path / "сломанная.xlsb", "Сведения", records)
    _refused(book, "файл повреждён или создан не Excel: в части «xl/worksheets/sheet2.bin»", said)


@pytest.mark.parametrize("row_, column", [(0, 0xFFFFFF00), (1_048_575, 16_383), (5000, 1000)],
                         ids=["a-32-bit-column", "XFD1048576", "just-past-the-limit"])
def test_cells_far_apart_in_an_xlsb_are_refused_like_an_xlsx_s(xlsb_book, school_grids, tmp_path, row_, column):
    """A cell's column is any 32-bit number to calamine: A1 and a far cell aborted the process (its dense
    rectangle); the .xlsx rule holds — 4,000,000 positions — and the reason is the .xlsx one."""
    cells = [(r, c, v) for r, values in enumerate(school_grids["Сведения"]) for c, v in enumerate(values)
             if v not in (None, "")] + [(row_, column, "x")]
    book = _sheets_with(xlsb_book, tmp_path / "далёкая.xlsb", "Сведения", sheet_records(cells))
    _refused(book, FAR_CELLS, "нажмите Ctrl+End")


def test_a_far_cell_in_a_sheet_nobody_reads_costs_nothing(xlsb_book, school_grids, tmp_path):
    """As in an .xlsx, a sheet is judged when it is loaded: the «Инструкция» is not."""
    book = _sheets_with(xlsb_book, tmp_path / "далёкая.xlsb", "Инструкция",
                        sheet_records([(0, 0, "x"), (1_048_575, 16_383, "x")]))
    assert read_capped(book).stdout.strip() == "прочитана"


def test_a_record_longer_than_excel_writes_is_refused(xlsb_book, tmp_path):
    """A record within its part, but of 40 MB (calamine would reserve them all): Excel's longest is a cell of
    32,767 characters. The part compresses 60 times, like a real one, so the container's ratio lets it through."""
    rng = random.Random(7)
    body = b"".join(rng.randbytes(16) + bytes(1008) for _ in range(40 * 1024))
    book = _sheets_with(xlsb_book, tmp_path / "длинная.xlsb", "Сведения",
                        _dimension_and_cells(record(0x0200, body)))
    with zipfile.ZipFile(book) as z:
        info = z.getinfo("xl/worksheets/sheet2.bin")
        assert 20 < info.file_size / info.compress_size < 100
    _refused(book, "файл отклонён: в части «xl/worksheets/sheet2.bin» запись длиной 41 943 040 байт")


# ---------------------------------------------------------------------------------------------- .ods

@pytest.fixture(scope="module")
def ods_book(school_grids, tmp_path_factory) -> Path:
    return grids_as_ods(tmp_path_factory.mktemp("ods") / "школа.ods", school_grids)


def test_a_school_book_saved_as_ods_is_read_like_the_xlsx(school, ods_book):
    _read_like_the_xlsx(school, ods_book)


def _with_table(school_grids, tmp_path: Path, extra_rows: str, name: str = "Сведения") -> Path:
    """The school's book as .ods with ``extra_rows`` appended to one table."""
    tables = "".join(ods.table(sheet, "".join(ods.row("".join(ods.cell(v) for v in values)) for values in rows)
                               + (extra_rows if sheet == name else ""))
                     for sheet, rows in school_grids.items())
    return ods.write_ods(tmp_path / "правленая.ods", tables)


ODS_BOMBS = {   # a kilobyte each; what calamine would have made of them
    # A1 and a cell a million rows and 100 columns away: 101 million positions (3 GB)
    "far-apart": (ods.row(ods.cell(), 1_000_000) + ods.row(ods.cell(None, 100) + ods.cell("x")), FAR_CELLS),
    # 3,000 rows of a number repeated across all 16,384 columns: 49 million positions in its first pass
    "wide-rows": (ods.row(ods.cell(1, 16_384)) * 3000, FAR_CELLS),
    # a row of 100 texts repeated down a million rows: 100 million copies
    "repeated-rows": (ods.row(ods.cell("x", 100), 1_048_000), "повторы ячеек с текстом"),
    # a text of 50,000 characters repeated across the row: 1.6 GB of copies
    "repeated-text": (ods.row(ods.cell("я" * 50_000, 16_384)), "повторы ячеек с текстом"),
    # two billion spaces in one cell
    "spaces": (ods.row('<table:table-cell office:value-type="string"><text:p><text:s text:c="2000000000"/>'
                       "</text:p></table:table-cell>"), "повторы ячеек с текстом"),
}


@pytest.mark.parametrize("bomb", list(ODS_BOMBS))
def test_ods_repeats_are_expanded_within_the_xlsx_limits(school_grids, tmp_path, bomb):
    """calamine expands an .ods's repeats into positions (32 bytes each) and copies of their text, for every
    table at once, capped only at 100 million positions: each of these aborted the process."""
    rows, said = ODS_BOMBS[bomb]
    book = _with_table(school_grids, tmp_path, rows)
    assert book.stat().st_size < 200 * 1024
    _refused(book, said)


def test_many_ods_tables_within_the_limit_each_are_refused_together(tmp_path):
    """calamine holds every table of an .ods at once: 40 tables of a million positions each are 40 million."""
    far = ods.row(ods.cell("x")) + ods.row(ods.cell(), 998) + ods.row(ods.cell(None, 999) + ods.cell("x"))
    book = ods.write_ods(tmp_path / "много.ods", "".join(ods.table(f"Лист{i}", far) for i in range(40)))
    _refused(book, "заполненные ячейки всех листов вместе занимают больше 8 000 000 ячеек")


# ---------------------------------------------------------------------------------------------- .xls

@pytest.fixture(scope="module")
def xls_book(school_grids, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("xls") / "школа.xls"
    path.write_bytes(xls.grids_as_xls(school_grids))
    return path


def test_a_school_book_saved_as_xls_is_read_like_the_xlsx(school, xls_book):
    as_xlsx, as_xls = read_workbook(school), read_workbook(xls_book)
    assert as_xls.organisation["org_code"].value == as_xlsx.organisation["org_code"].value
    assert len(as_xls.actions) == len(as_xlsx.actions) and len(as_xls.indicators) == len(as_xlsx.indicators)


def _xls(tmp_path: Path, sheet: bytes, **compound) -> Path:
    path = tmp_path / "книга.xls"
    path.write_bytes(xls.compound_file(xls.workbook_stream({"Сведения": sheet}), **compound))
    return path


@pytest.mark.parametrize("cells, dimension", [
    ([(0, 0, "x"), (65_535, 255, "y")], None),                 # A1 and IV65536: Excel 97's last cell
    ([(0, 0, "x"), (65_535, 65_535, "y")], None),              # a column BIFF8 does not have, calamine reads
    ([(0, 0, "x")], (10, 4, 0, 3)),                            # DIMENSIONS: last row above the first (wraps)
], ids=["IV65536", "column-65535", "dimension-wraps"])
def test_cells_far_apart_in_an_xls_are_refused_like_an_xlsx_s(tmp_path, cells, dimension):
    """calamine reserves a DIMENSIONS record's rows × columns and builds every sheet's rectangle on opening:
    each of these aborted the process."""
    book = _xls(tmp_path, xls.sheet_stream(cells, dimension))
    _refused(book, FAR_CELLS, "нажмите Ctrl+End")


@pytest.mark.parametrize("looping", ["workbook", "directory", "difat"])
def test_a_sector_chain_that_loops_is_refused(tmp_path, looping):
    """calamine follows a compound file's chains until the stream's declared size (4 GB here) or, for the
    directory and the DIFAT, for ever."""
    book = _xls(tmp_path, xls.sheet_stream([(0, 0, "x")]), looping=looping,
                size=0xFFFF_FF00 if looping == "workbook" else None)
    _refused(book, "файл повреждён или создан не Excel: цепочка секторов замкнута в кольцо")


def test_many_xls_sheets_within_the_limit_each_are_refused_together(tmp_path):
    """200 sheet entries naming one substream of two million positions: calamine builds each."""
    sheet = xls.sheet_stream([(0, 0, "x"), (1999, 999, "y")])
    book = tmp_path / "много.xls"
    book.write_bytes(xls.compound_file(xls.workbook_stream({"Сведения": sheet},
                                                           [(f"Лист{i}", "Сведения") for i in range(200)])))
    _refused(book, "заполненные ячейки всех листов вместе занимают больше 8 000 000 ячеек")


def test_a_folder_of_hostile_books_in_every_format_is_consolidated_within_the_cap(school, xlsb_book, school_grids,
                                                                                tmp_path):
    """The consolidation reads the good book and names each hostile one, in a process under the cap."""
    inbox = tmp_path / "входящие"
    inbox.mkdir()
    shutil.copy(school, inbox / "школа.xlsx")
    write_xlsb(inbox / "мусор.xlsb", {"Лист1": GARBAGE["all-ones"]}, workbook=GARBAGE["all-ones"])
    shutil.move(_with_table(school_grids, tmp_path, ODS_BOMBS["spaces"][0]), inbox / "пробелы.ods")
    shutil.move(_xls(tmp_path, xls.sheet_stream([(0, 0, "x")]), looping="difat"), inbox / "кольцо.xls")
    before = {p.name: sha(p) for p in inbox.iterdir()}
    r = run_capped(cli("consolidate", str(inbox), "-o", str(tmp_path / "свод.xlsx"), "--as-of", AS_OF.isoformat(),
                       "--json"))
    assert r.returncode == 1, r
    d = json.loads(r.stdout)
    assert d["accepted"] == 1
    reasons = {Path(u["path"]).name: u["reason"] for u in d["unreadable"]}
    assert set(reasons) == {"мусор.xlsb", "пробелы.ods", "кольцо.xls"}
    assert "в части «xl/workbook.bin»" in reasons["мусор.xlsb"]
    assert "повторы ячеек с текстом" in reasons["пробелы.ods"]
    assert "цепочка секторов замкнута в кольцо" in reasons["кольцо.xls"]
    assert r.peak_mb < BOUNDED_MB, r
    assert {p.name: sha(p) for p in inbox.iterdir()} == before


# ---------------------------------------------------------------------------------------------- lists of organisations

def _list_xlsx(path: Path, far: bool) -> Path:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Список")
    for r, values in enumerate([("Код", "Наименование"), ("ОО-01", "МОУ СОШ № 1"), ("ОО-02", "МОУ СОШ № 2")]):
        ws.write_row(r + 2, 1, values)               # a list that starts at B3, as people make them
    if far:
        ws.write(1_048_575, 16_383, "x")
    wb.close()
    return path


def test_a_list_of_organisations_is_read_through_the_same_checks(tmp_path):
    """``--expected`` and ``hand-down --orgs`` take a workbook too: it was opened by calamine directly, so a list
    with a far cell aborted the consolidation before any book was read."""
    from xl_roadmap.io.expected import read_organisation_rows

    honest = _list_xlsx(tmp_path / "список.xlsx", far=False)
    assert [(o.code, o.name) for o in read_organisation_rows(honest)] == [("ОО-01", "МОУ СОШ № 1"),
                                                                          ("ОО-02", "МОУ СОШ № 2")]
    lists = {"далёкая.xlsx": (_list_xlsx(tmp_path / "далёкая.xlsx", far=True), "лист «Список» не прочитан"),
             "мусор.xlsb": (write_xlsb(tmp_path / "мусор.xlsb", {"Лист1": GARBAGE["all-ones"]}),
                            "в части «xl/worksheets/sheet1.bin»"),
             "пробелы.ods": (ods.write_ods(tmp_path / "пробелы.ods", ods.table("Список", ODS_BOMBS["spaces"][0])),
                             "повторы ячеек с текстом")}
    for name, (path, said) in lists.items():
        r = run_capped(python(f"""
            from xl_roadmap.io.expected import read_organisation_rows
            from xl_roadmap.io.read_error import ReadError
            try:
                read_organisation_rows({str(path)!r})
            except ReadError as exc:
                print(exc.reason)
        """))
        assert r.returncode == 0, r
        assert r.stdout.startswith("список организаций не прочитан: ") and said in r.stdout, (name, r)
        assert r.peak_mb < BOUNDED_MB, r


@pytest.mark.parametrize("fmt", ["xlsb", "xls"])
def test_one_cell_written_over_and_over_counts_every_time(tmp_path, monkeypatch, fmt):
    """calamine keeps every cell record before it builds the rectangle: a million records of A1 are a million
    cells, not one. (The limit is lowered here so that a few records show it.)"""
    from xl_roadmap.io import xls_extent, xlsb_records

    cells = [(0, 0, float(i)) for i in range(11)]
    if fmt == "xlsb":
        monkeypatch.setattr(xlsb_records, "MAX_CELLS", 10)
        book = write_xlsb(tmp_path / "повторы.xlsb", {"Сведения": sheet_records(cells)})
    else:
        monkeypatch.setattr(xls_extent, "MAX_CELLS", 10)
        book = _xls(tmp_path, xls.sheet_stream(cells))
    with pytest.raises(ReadError, match="записей ячеек больше 10"):
        read_workbook(book)
    monkeypatch.setattr(xlsb_records if fmt == "xlsb" else xls_extent, "MAX_CELLS", 11)
    read_workbook(book)
