"""What a document file is, told from its bytes, and .doc/.rtf/.odt turned into a .docx by LibreOffice.

The .doc, .rtf and .odt fixtures are made by LibreOffice itself from a .docx built with python-docx, then
converted back by ``as_docx``: ``read_docx`` must find the same table. The input is never touched; damaged
files, PDFs, workbooks and password-protected documents are refused with a Russian reason, quickly."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import docx
import pytest

from xl_roadmap.io import document_convert
from xl_roadmap.io.document_convert import as_docx, document_format
from xl_roadmap.io.word_document import read_docx
from xl_roadmap.io.workbook_file import ReadError

TABLE = [["Мероприятие", "Мероприятие", "Срок"],
         ["1. Разработать план", "Иванов И. И.", "до 01.09.2025"],
         ["2. Провести педсовет", "Петрова А. А.", "ноябрь 2025"]]
FILTERS = {"doc": "doc:MS Word 97", "rtf": "rtf:Rich Text Format", "odt": "odt:writer8", "xls": "xls:MS Excel 97"}


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="session")
def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get("XL_ROADMAP_REQUIRE_LO") == "1" or os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) не найден, а XL_ROADMAP_REQUIRE_LO=1: "
                        "scripts/install-libreoffice.sh должен был его установить")
        pytest.skip("LibreOffice не установлен (scripts/install-libreoffice.sh); XL_ROADMAP_REQUIRE_LO=1 — "
                    "чтобы это было ошибкой")
    return found


def _lo_convert(soffice: str, src: Path, fmt: str, outdir: Path, profile: Path) -> Path:
    cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
           "--convert-to", FILTERS[fmt], "--outdir", str(outdir), str(src)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=180, check=False)
    out = outdir / f"{src.stem}.{fmt}"
    assert out.is_file(), f"LibreOffice: rc={proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    return out


@pytest.fixture(scope="session")
def sources(soffice, tmp_path_factory) -> dict[str, Path]:
    """roadmap.docx (a title, a 3×3 table with a merged header cell) and LibreOffice's .doc, .rtf, .odt of it."""
    folder = tmp_path_factory.mktemp("sources")
    document = docx.Document()
    document.add_paragraph("Дорожная карта школы № 5")
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = TABLE[0][0]
    table.cell(0, 2).text = TABLE[0][2]
    for r in (1, 2):
        for c in range(3):
            table.cell(r, c).text = TABLE[r][c]
    document.add_paragraph("Первый пункт после таблицы", style="List Number")
    document.save(folder / "roadmap.docx")
    made = {"docx": folder / "roadmap.docx"}
    profile = tmp_path_factory.mktemp("lo_profile")
    for fmt in ("doc", "rtf", "odt"):
        made[fmt] = _lo_convert(soffice, made["docx"], fmt, folder / fmt, profile)
    return made


def _table_texts(path: Path) -> tuple[tuple[str, ...], list[list[tuple[str, str | None]]]]:
    text = read_docx(path)
    assert len(text.tables) == 1
    return text.paragraphs, [[(cell.text, cell.merged) for cell in row] for row in text.tables[0].rows]


# ---------------------------------------------------------------------------------------------- LibreOffice

# Cyrillic names and a wrong extension: the format is sniffed, LibreOffice sees an ASCII copy
@pytest.mark.parametrize("fmt, name", [("doc", "Дорожная карта.doc"), ("rtf", "план (из портала).doc"),
                                       ("odt", "plan.docx")])
def test_converted_back_reads_the_same_table_and_input_is_untouched(sources, tmp_path, fmt, name):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    source = inbox / name
    shutil.copyfile(sources[fmt], source)
    before = _sha(source)
    assert document_format(source) == fmt

    result = as_docx(source, tmp_path / "work")

    assert result.suffix == ".docx" and (tmp_path / "work") in result.parents
    assert _table_texts(result) == _table_texts(sources["docx"])
    paragraphs, rows = _table_texts(result)
    assert paragraphs == ("Дорожная карта школы № 5", "1. Первый пункт после таблицы")
    assert [[t for t, _ in row] for row in rows] == TABLE and rows[0][1][1] == "left"
    assert _sha(source) == before
    assert sorted(p.name for p in inbox.iterdir()) == [name]  # no LibreOffice lock file beside the input
    # only the result stays: the copy of the input and the LibreOffice profile are removed
    assert [p.relative_to(result.parents[1]).as_posix() for p in result.parents[1].rglob("*")] == \
        ["out", "out/document.docx"]


def test_each_call_converts_in_its_own_folder(sources, tmp_path):
    first = as_docx(sources["doc"], tmp_path)
    second = as_docx(sources["rtf"], tmp_path)
    assert first != second and first.is_file() and second.is_file()


def test_docx_is_returned_as_is(sources, tmp_path):
    assert as_docx(sources["docx"], tmp_path / "work") == sources["docx"]
    assert not (tmp_path / "work").exists()


def _stream_sectors(path: Path, name: str) -> tuple[list[int], int]:
    olefile = pytest.importorskip("olefile")
    with olefile.OleFileIO(str(path)) as ole:
        sector = ole.direntries[ole._find(name)].isectStart
        chain = []
        while sector < 0xFFFFFFFA:
            chain.append(sector)
            sector = ole.fat[sector]
        return chain, ole.sectorsize


def test_damaged_doc_is_refused_in_seconds(sources, tmp_path):
    data = bytearray(sources["doc"].read_bytes())
    chain, size = _stream_sectors(sources["doc"], "WordDocument")
    for sector in chain:  # the directory stays intact, so the file still looks like a .doc
        data[(sector + 1) * size:(sector + 2) * size] = os.urandom(size)
    damaged = tmp_path / "damaged.doc"
    damaged.write_bytes(bytes(data))
    assert document_format(damaged) == "doc"

    started = time.monotonic()
    with pytest.raises(ReadError, match="LibreOffice не смог преобразовать документ .* повреждён"):
        as_docx(damaged, tmp_path / "work", timeout=60)
    assert time.monotonic() - started < 30


@pytest.mark.parametrize("cut", ["truncated", "random after magic"])
def test_broken_ole_is_refused_without_libreoffice(sources, tmp_path, monkeypatch, cut):
    data = sources["doc"].read_bytes()
    broken = tmp_path / "broken.doc"
    broken.write_bytes(data[:len(data) // 2] if cut == "truncated" else data[:8] + os.urandom(20000))
    monkeypatch.setattr(document_convert, "find_soffice", lambda: pytest.fail("LibreOffice must not be run"))
    assert document_format(broken) == "unknown"
    with pytest.raises(ReadError, match="файл повреждён или это не документ"):
        as_docx(broken, tmp_path / "work")


def test_word_97_document_with_a_password_is_told(sources, tmp_path):
    data = bytearray(sources["doc"].read_bytes())
    chain, size = _stream_sectors(sources["doc"], "WordDocument")
    data[(chain[0] + 1) * size + 11] |= 0x01  # FibBase.fEncrypted (bit 8 of the flags at offset 10)
    locked = tmp_path / "locked.doc"
    locked.write_bytes(bytes(data))
    assert document_format(locked) == "encrypted"


def test_excel_97_workbook_is_not_a_document(soffice, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active["A1"] = "План"
    book.save(tmp_path / "book.xlsx")
    xls = _lo_convert(soffice, tmp_path / "book.xlsx", "xls", tmp_path / "xls", tmp_path / "profile")
    assert document_format(xls) == "xls"
    with pytest.raises(ReadError, match=r"книга Excel 97–2003 \(\.xls\), а не документ"):
        as_docx(xls, tmp_path / "work")


# ---------------------------------------------------------------------------------------------- no LibreOffice

RTF = rb"{\rtf1\ansi\deff0 {\fonttbl {\f0 Arial;}}\f0 Plan\par}"


def test_without_libreoffice_the_user_is_told_to_save_as_docx(tmp_path, monkeypatch):
    source = tmp_path / "plan.rtf"
    source.write_bytes(RTF)
    monkeypatch.setattr(document_convert, "find_soffice", lambda: None)
    with pytest.raises(ReadError) as caught:
        as_docx(source, tmp_path / "work")
    assert caught.value.reason == ("для чтения файлов .doc/.rtf/.odt нужен LibreOffice; "
                                   "сохраните документ в Word как .docx")
    assert not (tmp_path / "work").exists()


def test_soffice_override(tmp_path, monkeypatch):
    monkeypatch.setenv("XL_ROADMAP_SOFFICE", str(tmp_path / "no-such-soffice"))
    assert document_convert.find_soffice() is None
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("XL_ROADMAP_SOFFICE", str(fake))
    assert document_convert.find_soffice() == str(fake)


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX shell script stands in for a hung soffice")
def test_a_hung_conversion_is_killed_with_its_children(tmp_path, monkeypatch):
    """A stand-in for soffice that starts a child (as soffice starts soffice.bin) and never ends: the timeout
    must stop both. Real LibreOffice does not hang on demand, hence the stand-in."""
    pid_file = tmp_path / "child.pid"
    fake = tmp_path / "soffice"
    fake.write_text(f"#!/bin/sh\nsleep 300 &\necho $! > '{pid_file}'\nwait\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("XL_ROADMAP_SOFFICE", str(fake))
    source = tmp_path / "plan.rtf"
    source.write_bytes(RTF)

    started = time.monotonic()
    with pytest.raises(ReadError, match=r"не преобразовал документ \(\.rtf\) в \.docx за 1 с и был остановлен"):
        as_docx(source, tmp_path / "work", timeout=1)
    assert time.monotonic() - started < 10
    child = int(pid_file.read_text())
    for _ in range(50):
        if not _running(child):
            break
        time.sleep(0.1)
    else:
        pytest.fail("the child of the hung soffice is still running")


def _running(pid: int) -> bool:
    """Alive and not a zombie (a killed orphan may wait to be reaped by whatever runs as PID 1)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


# ---------------------------------------------------------------------------------------------- refused formats

def _zip(path: Path, members: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, text in members.items():
            zf.writestr(name, text)
    return path


def test_pdf_is_refused(tmp_path):
    pdf = tmp_path / "plan.docx"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    assert document_format(pdf) == "pdf"
    with pytest.raises(ReadError) as caught:
        as_docx(pdf, tmp_path / "work")
    assert caught.value.reason == ("это PDF, а не документ Word: PDF с текстовым слоем читает импорт "
                                   "(xl-roadmap import ДОКУМЕНТ.pdf)")


def test_workbooks_are_refused(tmp_path):
    xlsx = _zip(tmp_path / "plan.doc", {"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})
    ods = _zip(tmp_path / "plan.odt", {"mimetype": "application/vnd.oasis.opendocument.spreadsheet",
                                       "content.xml": "<office:document-content/>"})
    assert (document_format(xlsx), document_format(ods)) == ("xlsx", "ods")
    with pytest.raises(ReadError, match=r"это книга Excel \(\.xlsx\), а не документ Word"):
        as_docx(xlsx, tmp_path / "work")
    with pytest.raises(ReadError, match=r"это книга OpenDocument \(\.ods\), а не документ"):
        as_docx(ods, tmp_path / "work")


def test_password_protected_docx_is_told(tmp_path):
    ooxml = pytest.importorskip("msoffcrypto.format.ooxml")
    plain = tmp_path / "plain.docx"
    docx.Document().save(plain)
    locked = tmp_path / "locked.docx"
    with open(plain, "rb") as src, open(locked, "wb") as out:
        ooxml.OOXMLFile(src).encrypt("пароль", out)  # a real ECMA-376 encrypted package
    assert document_format(locked) == "encrypted"
    with pytest.raises(ReadError, match="документ защищён паролем: снимите пароль"):
        as_docx(locked, tmp_path / "work")
    with pytest.raises(ReadError, match="защищённый паролем"):  # read_docx alone says .doc or password
        read_docx(locked)


def test_password_protected_odt_is_told(tmp_path):
    manifest = ('<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">'
                '<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="AAAA"/>'
                '</manifest:file-entry></manifest:manifest>')
    odt = _zip(tmp_path / "plan.odt", {"mimetype": "application/vnd.oasis.opendocument.text",
                                       "META-INF/manifest.xml": manifest, "content.xml": "\x00\x01encrypted"})
    assert document_format(odt) == "encrypted"


@pytest.mark.parametrize("content, expected", [
    (b"\xef\xbb\xbf" + RTF, "rtf"),
    (b"<html><body>Plan</body></html>", "unknown"),  # a web page saved with a .doc name
    (b"PK\x03\x04 not really a zip", "unknown"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "unknown"),  # only the OLE magic
])
def test_other_contents(tmp_path, content, expected):
    path = tmp_path / "plan.doc"
    path.write_bytes(content)
    assert document_format(path) == expected


def test_missing_empty_and_folder(tmp_path):
    (tmp_path / "empty.doc").write_bytes(b"")
    for path, reason in [(tmp_path / "nope.doc", "файл не найден"), (tmp_path / "empty.doc", "файл пустой"),
                         (tmp_path, "это папка")]:
        with pytest.raises(ReadError, match=reason):
            document_format(path)
        with pytest.raises(ReadError, match=reason):
            as_docx(path, tmp_path / "work")
