"""Hostile inputs that the declared sizes alone do not stop: a zip whose headers lie about a member's size, XML
parts with a DTD (entity expansion, external entities) and a shared-strings table that announces trillions of
strings. Each is built here from a real school workbook or a real .docx, given to the real readers and the real
command line, and refused with a Russian reason naming the file and the part — in a child process under a
300 MB memory cap and a 30 s limit (tests/support/capped.py: a blow-up or a hang fails the test, not the run),
whose peak is a bound, not a timing — while the inputs' bytes never change."""

from __future__ import annotations

import json
import shutil
import struct
import zipfile
import zlib
from pathlib import Path

import docx
import pytest

from tests.support.capped import CAP_MB, Capped, cli, python, read_capped, run_capped
from tests.support.cli import sha
from tests.support.district import AS_OF, clean_plan, write_plan
from xl_roadmap.io import workbook_file
from xl_roadmap.io.container import (
    DOCUMENT_LIMITS,
    WORKBOOK_LIMITS,
    check_inflation,
    zip_members,
)
from xl_roadmap.io.read_error import ReadError
from xl_roadmap.io.word_document import read_docx
from xl_roadmap.io.workbook_file import read_organisation, read_workbook

ROOT = Path(__file__).resolve().parents[2]
MB = 1024 * 1024
PEAK_MB = CAP_MB
SST = "xl/sharedStrings.xml"
SHEET = "xl/worksheets/sheet3.xml"
DOCUMENT = "word/document.xml"


# ---------------------------------------------------------------------------------------------- builders

@pytest.fixture(scope="module")
def good_book(tmp_path_factory) -> Path:
    return write_plan(clean_plan(0), tmp_path_factory.mktemp("good") / "школа.xlsx")


@pytest.fixture(scope="module")
def good_docx(tmp_path_factory) -> Path:
    document = docx.Document()
    document.add_paragraph("Дорожная карта по повышению показателей")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Мероприятие", "Срок"
    table.cell(1, 0).text, table.cell(1, 1).text = "Провести педсовет", "01.09.2025"
    path = tmp_path_factory.mktemp("good") / "план.docx"
    document.save(path)
    return path


def _deflate_repeated(head: bytes, block: bytes, times: int, tail: bytes) -> bytes:
    """A raw deflate stream of head + block × times + tail, built in milliseconds: after a full flush the
    compressor starts afresh, so every further copy of the block compresses to the very same bytes."""
    first = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = first.compress(head) + first.flush(zlib.Z_FULL_FLUSH)
    piece = first.compress(block) + first.flush(zlib.Z_FULL_FLUSH)
    again = first.compress(block) + first.flush(zlib.Z_FULL_FLUSH)
    assert again == piece
    return start + piece * times + first.compress(tail) + first.flush()


def _lying_copy(src: Path, dst: Path, member: str, raw_deflate: bytes, declared_prefix: bytes) -> Path:
    """``src`` with ``member`` replaced by ``raw_deflate``, whose headers (local and central) declare the size
    and CRC of ``declared_prefix`` only — so a reader that stops at the declared size even finds a good CRC."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename != member:
                zout.writestr(info, zin.read(info))
        placeholder = zipfile.ZipInfo(member, date_time=(2024, 9, 1, 0, 0, 0))
        zout.writestr(placeholder, raw_deflate, compress_type=zipfile.ZIP_STORED)
    data = bytearray(dst.read_bytes())
    name, crc = member.encode(), zlib.crc32(declared_prefix)
    for signature, method_at, crc_at, size_at, name_at in ((b"PK\x03\x04", 8, 14, 22, 30),
                                                           (b"PK\x01\x02", 10, 16, 24, 46)):
        at = data.find(signature)
        while data[at + name_at:at + name_at + len(name)] != name:
            at = data.find(signature, at + 4)
        struct.pack_into("<H", data, at + method_at, zipfile.ZIP_DEFLATED)
        struct.pack_into("<I", data, at + crc_at, crc)
        struct.pack_into("<I", data, at + size_at, len(declared_prefix))
    dst.write_bytes(bytes(data))
    return dst


def lying_shared_strings(good: Path, dst: Path) -> Path:
    """~3 MB on disk; the headers say 40 KB; it inflates to ~1.2 GB of «<si><t>0</t></si>»."""
    head = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
    block = b"<si><t>0</t></si>" * 61681        # ~1 MB
    raw = _deflate_repeated(head, block, 1200, b"</sst>")
    assert 2 * MB < len(raw) < 5 * MB
    return _lying_copy(good, dst, SST, raw, (head + block)[:40 * 1024])


def lying_sheet(good: Path, dst: Path) -> Path:
    """A sheet whose rows go on for ~1 GB after the 100 KB its headers declare."""
    with zipfile.ZipFile(good) as z:
        real = z.read(SHEET)
    head, tail = real.split(b"</sheetData>")
    block = b'<row r="9"><c r="A9"><v>1</v></c></row>' * 26000
    raw = _deflate_repeated(head, block, 1000, b"</sheetData>" + tail)
    return _lying_copy(good, dst, SHEET, raw, head[:100 * 1024])


def lying_document(good: Path, dst: Path) -> Path:
    with zipfile.ZipFile(good) as z:
        real = z.read(DOCUMENT)
    head, tail = real.split(b"</w:body>")
    block = b"<w:p><w:r><w:t>0</w:t></w:r></w:p>" * 30000
    raw = _deflate_repeated(head, block, 1000, b"</w:body>" + tail)
    return _lying_copy(good, dst, DOCUMENT, raw, head + block[:1000])


LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
                    for i in range(1, 10))
          + "]>")


def _replaced(src: Path, dst: Path, member: str, data: bytes) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, data if info.filename == member else zin.read(info))
    return dst


def laughing_shared_strings(good: Path, dst: Path, encoding: str = "UTF-8") -> Path:
    xml = (f'<?xml version="1.0" encoding="{encoding}" standalone="yes"?>\n{LAUGHS}'
           '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
           '<si><t>&lol9;</t></si></sst>')
    return _replaced(good, dst, SST, xml.encode("utf-16" if encoding == "UTF-16" else "utf-8"))


def external_entity_workbook(good: Path, dst: Path) -> Path:
    with zipfile.ZipFile(good) as z:
        real = z.read("xl/workbook.xml").decode()
    decl, rest = real.split("?>", 1)
    return _replaced(good, dst, "xl/workbook.xml",
                     f'{decl}?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>{rest}'.encode())


def announcing_trillions(good: Path, dst: Path) -> Path:
    with zipfile.ZipFile(good) as z:
        real = z.read(SST).decode()
    at = real.index("uniqueCount=")
    end = real.index('"', at + len('uniqueCount="'))
    return _replaced(good, dst, SST, (real[:at] + 'uniqueCount="4000000000000' + real[end:]).encode())


FAR_CELLS = {   # a cell far from the others, written as a crafted file may write it (calamine reads each one)
    "plain": '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>',
    "lowercase": '<row r="1048576"><c r="xfd1048576" t="inlineStr"><is><t>x</t></is></c></row>',
    "single-quotes": "<row r='1048576'><c r='XFD1048576' t='inlineStr'><is><t>x</t></is></c></row>",
    "spaces-around-equals": '<row r = "1048576"><c r\n=\t"XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>',
    "quoted-gt-before-r": '<row r="1048576"><c t="inlineStr" x:a=">" r="XFD1048576"><is><t>x</t></is></c></row>',
    "row-without-number": '<row><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>',
    "far-row-only": '<row r="1048576"><c t="inlineStr"><is><t>x</t></is></c></row>',
    "far-column-in-a-near-row": '<row r="900"><c r="XFD900" t="inlineStr"><is><t>x</t></is></c></row>',
    "six-letter-column": '<row r="1"><c r="ZZZZZZ1" t="inlineStr"><is><t>x</t></is></c></row>',
    "prefixed-cell": '<row r="1048576"><x:c xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                     'r="XFD1048576" t="inlineStr"><x:is><x:t>x</x:t></x:is></x:c></row>',
    "two-references": '<row r="2"><c r="A2" t="inlineStr" r="XFD1048576"><is><t>x</t></is></c></row>',
    # no far reference at all: calamine's counters take the cells there (the row after the last, the column
    # after the last), 6,000 rows under a cell in column ZZ
    "rows-without-references": '<row r="1"><c r="ZZ1" t="inlineStr"><is><t>x</t></is></c></row>'
                               + '<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 6000,
    "cells-without-references": '<row r="999">' + '<c t="inlineStr"><is><t>x</t></is></c>' * 5000 + '</row>',
}


def far_cell(good: Path, dst: Path, xml: str = FAR_CELLS["plain"]) -> Path:
    with zipfile.ZipFile(good) as z:
        real = z.read(SHEET).decode()
    return _replaced(good, dst, SHEET, real.replace("</sheetData>", xml + "</sheetData>").encode())


def laughing_document(good: Path, dst: Path, member: str = DOCUMENT) -> Path:
    with zipfile.ZipFile(good) as z:
        real = z.read(member).decode()
    decl, rest = real.split("?>", 1)
    return _replaced(good, dst, member, f"{decl}?>{LAUGHS}{rest}".replace("<w:t>", "<w:t>&lol9;", 1).encode())


# ---------------------------------------------------------------------------------------------- a child's peak

def read_in_a_child(book: Path) -> Capped:
    """``read_workbook(book)`` in a child under the memory cap and the time limit that prints the ReadError's
    reason: a reader that aborts the process (Rust's allocation failure) shows as a failed child, not as a dead
    test run."""
    return read_capped(book)


def _refusal(call, path: Path) -> ReadError:
    with pytest.raises(ReadError) as exc:
        call(path)
    assert exc.value.path == str(path) and exc.value.reason.startswith("файл отклонён: ")
    return exc.value


# ---------------------------------------------------------------------------------------------- lying headers

@pytest.fixture(scope="module")
def lies(good_book, good_docx, tmp_path_factory):
    d = tmp_path_factory.mktemp("lies")
    return {"sst": lying_shared_strings(good_book, d / "строки.xlsx"), "sheet": lying_sheet(good_book, d / "лист.xlsx"),
            "docx": lying_document(good_docx, d / "документ.docx")}


def test_the_lies_pass_the_declared_size_check_and_zipfile_truncates_them_silently(lies):
    """What the capped inflate is for: the headers are within every limit, and CPython's zipfile returns
    exactly the declared bytes with a matching CRC — a parser would see a cut-off part, not a bomb."""
    for key, member, limits in (("sst", SST, WORKBOOK_LIMITS), ("docx", DOCUMENT, DOCUMENT_LIMITS)):
        assert lies[key].stat().st_size < 5 * MB
        zip_members(lies[key], limits)
        with zipfile.ZipFile(lies[key]) as z:
            assert len(z.read(member)) == z.getinfo(member).file_size < 200 * 1024


def test_calamine_itself_stops_a_lying_member_at_its_declared_size(lies):
    """The premise of CALAMINE_STOPS_AT_DECLARED_SIZE (why a good book is not inflated twice): python-calamine
    fails on the lying shared strings at once, in a process that stays small."""
    if not workbook_file.CALAMINE_STOPS_AT_DECLARED_SIZE:
        pytest.skip("an older python-calamine: our own capped inflate runs before it (tested below)")
    r = run_capped(python(f"""
        import python_calamine
        try:
            python_calamine.CalamineWorkbook.from_path({str(lies["sst"])!r})
            print("read")
        except Exception as exc:
            print(exc)
    """))
    assert r.returncode == 0, r.stderr
    assert "larger than its declared uncompressed size" in r.stdout
    assert r.peak_mb < PEAK_MB


@pytest.mark.parametrize("calamine_stops", [True, False], ids=["calamine-stops", "older-calamine"])
@pytest.mark.parametrize("key, member", [("sst", SST), ("sheet", SHEET)])
def test_a_lying_member_is_refused_with_its_name(lies, key, member, calamine_stops, monkeypatch):
    """Either calamine stops and the failure is worded with the member's name, or (older calamine) our capped
    inflate refuses the file before calamine opens it — the same reason both ways, for the full read and for
    the first look at «Сведения» that «Свести» takes (calamine reads the shared strings on opening, a sheet
    only when it is asked for: the first look does not read a lying «Дорожная карта», the full read does)."""
    if calamine_stops and not workbook_file.CALAMINE_STOPS_AT_DECLARED_SIZE:
        pytest.skip("an older python-calamine")
    monkeypatch.setattr(workbook_file, "CALAMINE_STOPS_AT_DECLARED_SIZE", calamine_stops)
    for read in (read_workbook, read_organisation) if key == "sst" or not calamine_stops else (read_workbook,):
        exc = _refusal(read, lies[key])
        assert f"часть «{member}» распаковывается в больший объём, чем заявлено в архиве" in exc.reason
        assert "zip-бомб" in exc.reason and "книга Excel" in exc.reason


def test_check_inflation_passes_honest_files_and_keeps_memory_flat(good_book, good_docx, lies):
    check_inflation(good_book, WORKBOOK_LIMITS)
    check_inflation(good_docx, DOCUMENT_LIMITS)
    r = run_capped(python(f"""
        from xl_roadmap.io.container import WORKBOOK_LIMITS, check_inflation
        from xl_roadmap.io.read_error import ReadError
        try:
            check_inflation({str(lies["sst"])!r}, WORKBOOK_LIMITS)
        except ReadError as exc:
            print(exc.reason)
    """))
    assert "больший объём" in r.stdout, r.stderr
    assert r.peak_mb < PEAK_MB


def test_a_docx_with_a_lying_header_is_refused(lies):
    r = run_capped(python(f"""
        from xl_roadmap.io.word_document import read_docx
        from xl_roadmap.io.read_error import ReadError
        try:
            read_docx({str(lies["docx"])!r})
        except ReadError as exc:
            print(exc.reason)
    """))
    assert f"часть «{DOCUMENT}» распаковывается в больший объём, чем заявлено" in r.stdout, r.stderr
    assert "документ Word" in r.stdout
    assert r.peak_mb < PEAK_MB


# ---------------------------------------------------------------------------------------------- sizes that lie, bounded

# a reader that stops at the declared size costs what an honest book costs (the interpreter, calamine, the file:
# ~40 MB); zipfile's ``read()`` took 268 MB of the capped child on these files (2 GB without the cap)
LIE_PEAK_MB = 100
DECLARED = 133


def lying_member(good: Path, dst: Path, member: str) -> Path:
    """The attachment of issue 25: ``member`` followed by a gigabyte of spaces (a file of ~1 MB), its headers
    declaring 133 bytes with the CRC of its first 133 — so zipfile, which cuts at the declared size, finds it good."""
    with zipfile.ZipFile(good) as z:
        real = z.read(member)
    return _lying_copy(good, dst, member, _deflate_repeated(real, b" " * MB, 1024, b""), real[:DECLARED])


# the member → whether the full read and the first look at «Сведения» inflate it (a member no reader needs is
# never inflated, so its lie costs nothing and the book is read)
LYING = {
    SHEET: (True, False),                           # «Показатели»: the full read only
    "xl/worksheets/sheet2.xml": (True, True),       # «Сведения»
    "xl/workbook.xml": (True, True),
    "xl/_rels/workbook.xml.rels": (True, True),
    SST: (True, True),
    "xl/styles.xml": (True, True),
    "xl/worksheets/sheet1.xml": (False, False),     # «Инструкция»
    "docProps/core.xml": (False, False),            # read to tell a report copy: within its declared size
}


def _lie(member: str) -> str:
    return f"часть «{member}» распаковывается в больший объём, чем заявлено в архиве ({DECLARED} байт)"


@pytest.fixture(scope="module")
def lying_members(good_book, tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("lying")
    return {member: lying_member(good_book, d / f"ложь{i}.xlsx", member) for i, member in enumerate(LYING)}


@pytest.mark.parametrize("member", list(LYING))
def test_a_member_whose_size_lies_is_not_inflated_past_it(lying_members, member):
    """Every reader path stops at the declared size: the full read (a stored copy of the sheets, calamine), the
    first look at «Сведения» (calamine from the file) — a gigabyte never becomes memory, the lie is named."""
    book = lying_members[member]
    before = sha(book)
    assert book.stat().st_size < 2 * MB
    r = run_capped(python(f"""
        from xl_roadmap.io.workbook_file import read_organisation, read_workbook
        from xl_roadmap.io.read_error import ReadError
        for read in (read_workbook, read_organisation):
            try:
                read({str(book)!r})
                print("прочитана")
            except ReadError as exc:
                print(exc.reason)
    """))
    assert r.returncode == 0, r
    for said, inflated in zip(r.stdout.splitlines(), LYING[member]):
        assert (_lie(member) in said and "zip-бомб" in said) if inflated else said == "прочитана", said
    assert r.peak_mb < LIE_PEAK_MB, r
    assert sha(book) == before


def test_a_folder_of_lying_books_costs_a_consolidation_nothing(good_book, lying_members, tmp_path):
    inbox = tmp_path / "входящие"
    inbox.mkdir()
    shutil.copy(good_book, inbox / "школа.xlsx")
    for i, book in enumerate(lying_members.values()):
        shutil.copy(book, inbox / f"ложь{i}.xlsx")
    before = {p.name: sha(p) for p in inbox.iterdir()}
    r = run_capped(cli("consolidate", str(inbox), "-o", str(tmp_path / "свод.xlsx"), "--as-of", AS_OF.isoformat(),
                       "--json"))
    assert r.returncode == 1, r
    reasons = {Path(u["path"]).name: u["reason"] for u in json.loads(r.stdout)["unreadable"]}
    refused = {f"ложь{i}.xlsx": member for i, member in enumerate(LYING) if LYING[member][0]}
    assert set(reasons) == set(refused)
    for name, member in refused.items():
        assert _lie(member) in reasons[name]
    assert r.peak_mb < LIE_PEAK_MB, r
    assert {p.name: sha(p) for p in inbox.iterdir()} == before


@pytest.mark.parametrize("member", [m for m, (full, _) in LYING.items() if not full])
def test_no_report_copy_of_a_book_with_a_lying_member(lying_members, member, tmp_path):
    """openpyxl reads every member with ``ZipFile.read`` (a gigabyte at once): the copy is refused before it opens
    the book, naming the file and the member, and nothing is written."""
    book = lying_members[member]
    r = run_capped(cli("validate", str(book), "--as-of", AS_OF.isoformat(), "--report",
                       str(tmp_path / "отчёт.xlsx")))
    assert r.returncode == 2, r
    assert f"Копия книги «{book}» с отчётом проверки не записана" in r.stderr and _lie(member) in r.stderr, r
    assert "Traceback" not in r.stdout + r.stderr
    assert not list(tmp_path.iterdir())
    assert r.peak_mb < LIE_PEAK_MB, r


# ---------------------------------------------------------------------------------------------- XML tricks

@pytest.mark.parametrize("build, member", [
    (laughing_shared_strings, SST),
    (lambda good, dst: laughing_shared_strings(good, dst, "UTF-16"), SST),
    (external_entity_workbook, "xl/workbook.xml"),
], ids=["billion-laughs", "billion-laughs-utf16", "external-entity"])
def test_a_workbook_part_with_a_dtd_is_refused(good_book, tmp_path, build, member):
    bomb = build(good_book, tmp_path / "сущности.xlsx")
    zip_members(good_book, WORKBOOK_LIMITS)                # the good book's parts pass the same look
    for read in (read_workbook, read_organisation):
        exc = _refusal(read, bomb)
        assert f"часть «{member}» содержит объявление DTD" in exc.reason and "миллиард смешков" in exc.reason


def test_a_part_in_another_encoding_is_refused(good_book, tmp_path):
    with zipfile.ZipFile(good_book) as z:
        real = z.read("xl/workbook.xml").decode()
    bomb = _replaced(good_book, tmp_path / "кодировка.xlsx", "xl/workbook.xml",
                     real.replace('encoding="UTF-8"', 'encoding="UTF-7"', 1).encode())
    assert "записана в кодировке «UTF-7», а в файлах Office допускаются только UTF-8 и UTF-16" in \
        _refusal(read_workbook, bomb).reason


def test_a_shared_strings_table_announcing_trillions_is_refused_instead_of_killing_the_process(good_book, tmp_path):
    """calamine reserves room for ``uniqueCount`` strings before reading one: 4·10¹² of them abort the whole
    process (Rust's allocation failure, no exception) — so this runs in a child, which must come back."""
    bomb = announcing_trillions(good_book, tmp_path / "триллион.xlsx")
    r = read_in_a_child(bomb)
    assert r.returncode == 0, r.stderr[-2000:]
    assert f"часть «{SST}» объявляет 4000000000000 строк" in r.stdout
    assert r.peak_mb < PEAK_MB


@pytest.mark.parametrize("member", [DOCUMENT, "word/styles.xml"])
def test_a_docx_part_with_a_dtd_is_refused(good_docx, tmp_path, member):
    read_docx(good_docx)
    bomb = laughing_document(good_docx, tmp_path / "сущности.docx", member)
    exc = _refusal(read_docx, bomb)
    assert f"часть «{member}» содержит объявление DTD" in exc.reason


# ---------------------------------------------------------------------------------------------- the doors

@pytest.fixture(scope="module")
def inbox(good_book, lies, tmp_path_factory):
    d = tmp_path_factory.mktemp("inbox") / "входящие"
    d.mkdir()
    shutil.copy(good_book, d / "школа.xlsx")
    shutil.copy(lies["sst"], d / "ложный_размер.xlsx")
    laughing_shared_strings(good_book, d / "смешки.xlsx")
    announcing_trillions(good_book, d / "триллион.xlsx")
    far_cell(good_book, d / "далёкая_ячейка.xlsx")
    return d


REASONS = {"ложный_размер.xlsx": f"часть «{SST}» распаковывается в больший объём",
           "смешки.xlsx": f"часть «{SST}» содержит объявление DTD",
           "триллион.xlsx": f"часть «{SST}» объявляет 4000000000000 строк",
           "далёкая_ячейка.xlsx": "лист «Показатели» не прочитан: заполненные ячейки занимают область "
                                  "A1:XFD1048576"}


def test_validate_refuses_each_bomb_and_writes_no_report_copy(inbox, tmp_path):
    before = {p.name: sha(p) for p in inbox.iterdir()}
    for name, reason in REASONS.items():
        r = run_capped(cli("validate", str(inbox / name), "--as-of", AS_OF.isoformat(),
                              "--report", str(tmp_path / "отчёты")))
        assert r.returncode == 2, r.stdout + r.stderr
        assert reason in r.stdout and "Traceback" not in r.stdout + r.stderr
        assert r.peak_mb < PEAK_MB
        assert not (tmp_path / "отчёты").exists()           # openpyxl never opened the bomb for a copy
    assert {p.name: sha(p) for p in inbox.iterdir()} == before


def test_consolidate_takes_the_good_book_and_names_each_bomb(inbox, tmp_path):
    before = {p.name: sha(p) for p in inbox.iterdir()}
    r = run_capped(cli("consolidate", str(inbox), "-o", str(tmp_path / "свод.xlsx"), "--as-of",
                          AS_OF.isoformat(), "--json"))
    assert r.returncode == 1, r.stderr[-3000:]           # written, but some inputs were not read
    d = json.loads(r.stdout)
    assert d["accepted"] == 1
    reasons = {Path(u["path"]).name: u["reason"] for u in d["unreadable"]}
    assert set(reasons) == set(REASONS)
    for name, reason in REASONS.items():
        assert reason in reasons[name]
    assert r.peak_mb < PEAK_MB
    assert (tmp_path / "свод.xlsx").exists()
    assert {p.name: sha(p) for p in inbox.iterdir()} == before


SST_ROOT = '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
SST_BODY = "<si><t>0</t></si></sst>"


@pytest.mark.parametrize("xml, refused", [
    (f'<?xml version="1.0"?><!-- <a> -->{LAUGHS}{SST_ROOT}{SST_BODY}', "содержит объявление DTD"),
    (f'<?xml version="1.0"?><!--{"с" * 3000}-->{LAUGHS}{SST_ROOT}{SST_BODY}', "содержит объявление DTD"),
    ('<?xml version="1.0"?><sst a=">" uniqueCount="4000000000000">' + SST_BODY, "объявляет 4000000000000 строк"),
    ('<?xml version="1.0"?>\n<x:sst xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"\n'
     ' uniqueCount="+4000000000000">' + SST_BODY.replace("si>", "x:si>").replace("t>", "x:t>")
     .replace("</sst>", "</x:sst>"), "объявляет 4000000000000 строк"),
    (f'\ufeff<?xml version="1.0" encoding="utf-8"?>\r\n<!-- LibreOffice -->{SST_ROOT}{SST_BODY}', None),
    (f'<?xml version="1.0" encoding="UTF-16"?>{SST_ROOT}{SST_BODY}', None),
], ids=["comment-then-dtd", "long-comment-then-dtd", "count-behind-a-quoted-gt", "prefixed-root",
        "bom-and-comment", "utf16"])
def test_prolog_variants(good_book, tmp_path, xml, refused):
    encoded = xml.encode("utf-16") if 'encoding="UTF-16"' in xml else xml.encode()
    book = _replaced(good_book, tmp_path / "вариант.xlsx", SST, encoded)
    if refused is None:
        zip_members(book, WORKBOOK_LIMITS)
    else:
        with pytest.raises(ReadError, match=refused):
            zip_members(book, WORKBOOK_LIMITS)


# ---------------------------------------------------------------------------------------------- far-apart cells

@pytest.mark.parametrize("variant", list(FAR_CELLS))
def test_cells_far_apart_are_refused_before_calamine_allocates_their_rectangle(good_book, tmp_path, variant):
    """calamine stores a sheet as the dense rectangle of its filled cells: «A1» and «XFD1048576» ask for 17
    billion positions and abort the process (no exception). Each way of writing the far cell is caught by the
    quick look and counted exactly; the child comes back with the Russian reason, under the memory bound."""
    book = far_cell(good_book, tmp_path / "далёкая.xlsx", FAR_CELLS[variant])
    before = sha(book)
    r = read_in_a_child(book)
    assert r.returncode == 0, r.stderr[-2000:]
    assert "лист «Показатели» не прочитан: заполненные ячейки занимают область A1:" in r.stdout
    assert "нажмите Ctrl+End" in r.stdout
    assert r.peak_mb < PEAK_MB and sha(book) == before


def test_a_reference_cut_between_two_pieces_is_still_seen(good_book, tmp_path, monkeypatch):
    """The part is scanned in pieces; a start tag cut by a piece's end is carried whole into the next."""
    from xl_roadmap.io import sheet_extent

    book = far_cell(good_book, tmp_path / "далёкая.xlsx")
    with zipfile.ZipFile(book) as z:
        size = z.getinfo(SHEET).file_size
        for chunk in (97, 1000, size // 3, size - 30):
            monkeypatch.setattr(sheet_extent, "_CHUNK", chunk)
            with pytest.raises(ReadError, match="A1:XFD1048576"):
                sheet_extent.check_extent(book, z, "Показатели", SHEET)


def test_honest_sheets_pass_and_take_the_quick_look_only(good_book, tmp_path):
    """Our books, templates and a roll-up's long sheet are read; a book's sheets never need the exact count
    (the quick look is what a thousand schools cost), a sheet of thousands of rows is counted and passes."""
    import xlsxwriter

    from xl_roadmap.io import sheet_extent

    books = [good_book, *sorted((ROOT / "workbook_templates").glob("*.xls[xm]"))]
    for book in books:
        read_workbook(book)
        with zipfile.ZipFile(book) as z:
            for name, part in sheet_extent.sheet_parts(book, z).items():
                assert sheet_extent._plainly_near(z.read(part)), (book.name, name)
    long = tmp_path / "длинный.xlsx"
    wb = xlsxwriter.Workbook(str(long))
    ws = wb.add_worksheet("Дорожная карта")
    for r in range(5000):
        ws.write_row(r, 0, [f"текст {r}"] * 12)
    wb.close()
    with zipfile.ZipFile(long) as z:
        part = sheet_extent.sheet_parts(long, z)["Дорожная карта"]
        assert not sheet_extent._plainly_near(z.read(part))
        sheet_extent.check_extent(long, z, "Дорожная карта", part)              # 60,000 positions: read
        with pytest.raises(ReadError, match=r"область A1:L5000 — 60 000 ячеек \(больше 59 999\)"):
            sheet_extent.check_extent(long, z, "Дорожная карта", part, max_cells=59_999)


# what Excel and LibreOffice write around the cells must not cost the exact count
EXCEL_LIKE = ('<row r="7" spans="1:20" x14ac:dyDescent="0.25"><c r="A7" s="12" t="str"><f>IF(B7="","",B7)</f>'
              '<v>x</v></c><c r="B7" s="1234"><v>1234</v></c></row>')
# layouts without references, each placed by calamine itself and by the replay of its counters
IMPLICIT = {
    "rows": '<row r="3"><c r="C3"><v>1</v></c></row>' + '<row><c><v>1</v></c></row>' * 4,
    "empty-rows": '<row/>' * 5 + '<row><c><v>1</v></c><c><v>2</v></c></row>',
    "cells-after-a-reference": '<row r="2"><c r="E2"><v>1</v></c><c><v>2</v></c><c><v>3</v></c></row>',
    "rows-after-a-referenced-row": '<row r="9"><c><v>1</v></c></row><row><c><v>2</v></c></row>',
    "prefixed": '<x:row xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                '<x:c><x:v>1</x:v></x:c><x:c><x:v>1</x:v></x:c></x:row>',
}


def _sheet_with(tmp_path: Path, rows: str) -> Path:
    import xlsxwriter

    path = tmp_path / "лист.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    wb.add_worksheet("Лист").write(0, 0, "начало")
    wb.close()
    with zipfile.ZipFile(path) as z:
        real = z.read("xl/worksheets/sheet1.xml").decode()
    return _replaced(path, tmp_path / "правленый.xlsx", "xl/worksheets/sheet1.xml",
                     real.replace("</sheetData>", rows + "</sheetData>").encode())


@pytest.mark.parametrize("layout", list(IMPLICIT))
def test_the_replayed_counters_place_cells_where_calamine_does(tmp_path, layout):
    from python_calamine import CalamineWorkbook

    from xl_roadmap.io import sheet_extent

    book = _sheet_with(tmp_path, IMPLICIT[layout])
    with zipfile.ZipFile(book) as z:
        data = z.read("xl/worksheets/sheet1.xml")
        assert not sheet_extent._plainly_near(data)
        bounds = sheet_extent._bounds(lambda: (data,), 10 ** 6)
    sheet = CalamineWorkbook.from_path(str(book)).get_sheet_by_name("Лист")
    (r0, c0), (r1, c1) = sheet.start, sheet.end
    assert bounds == (r0, r1, c0, c1)


def test_what_excel_writes_around_cells_takes_the_quick_look(tmp_path):
    """String formulas (t="str"), styles past a thousand, x14ac attributes, relationship ids after the cells."""
    book = _sheet_with(tmp_path, EXCEL_LIKE)
    with zipfile.ZipFile(book) as z:
        data = z.read("xl/worksheets/sheet1.xml")
    from xl_roadmap.io import sheet_extent

    data = data.replace(b"</worksheet>", b'<pageSetup paperSize="9" r:id="rId1"/></worksheet>')
    assert sheet_extent._plainly_near(data)
