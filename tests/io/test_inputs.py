"""Which files of a folder «Свести» takes: workbooks, and foreign spreadsheets to be listed with a reason."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import openpyxl

from tests.support.district import AS_OF, clean_plan, write_plan
from tests.support.cli import run_cli
from xl_roadmap.io.inputs import find_inputs

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4000


def _ods(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")


def test_folder_gives_workbooks_and_foreign_spreadsheets_not_lock_files_or_documents(tmp_path):
    (tmp_path / "sub").mkdir()
    for name in ("a.xlsx", "sub/b.XLSM", "c.xls", "sub/d.ods", "e.xlsb", "~$a.xlsx", ".~tmp-1.xlsx",
                 "письмо.docx", "список.csv", "readme.txt"):
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "folder.xlsx").mkdir()
    given = tmp_path / "elsewhere.xlsx"
    found = find_inputs([tmp_path, given])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == \
        ["a.xlsx", "c.xls", "e.xlsb", "sub/b.XLSM", "sub/d.ods", "elsewhere.xlsx"]


def test_ods_and_xls_books_are_read_with_a_note_and_broken_ones_named(tmp_path, lo_convert):
    """A school that saved its book from LibreOffice (.ods) or as Excel 97–2003 (.xls) is summed, told to
    save as .xlsx next time; its «проверка» copy is an .xlsx; files only named so are listed with a reason."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    write_plan(clean_plan(0, seed=3), inbox / "school.xlsx")
    for i, fmt in ((1, "ods"), (2, "xls")):
        made = lo_convert(write_plan(clean_plan(i, seed=3), tmp_path / f"s{i}.xlsx"), fmt)
        (inbox / f"школа{i}.{fmt}").write_bytes(made.read_bytes())
    (inbox / "старая.xls").write_bytes(OLE)
    _ods(inbox / "пустая.ods")
    before = {p.name: p.read_bytes() for p in inbox.iterdir()}
    r = run_cli("consolidate", str(inbox), "-o", str(tmp_path / "out.xlsx"), "--as-of", AS_OF.isoformat(),
                "--json")
    got = json.loads(r.stdout)
    assert r.returncode == 1, r.stderr                     # the two broken files
    status = {Path(s["path"]).name: s["status"] for s in got["submissions"]}
    assert status["школа1.ods"] == status["школа2.xls"] == "принят с замечаниями"
    assert got["accepted"] == 3
    reasons = {Path(u["path"]).name: u["reason"] for u in got["unreadable"]}
    assert set(reasons) == {"старая.xls", "пустая.ods"}
    assert {p.name: p.read_bytes() for p in inbox.iterdir()} == before
    check = run_cli("validate", str(inbox / "школа1.ods"), "--as-of", AS_OF.isoformat(), "--json",
                    "--report", str(tmp_path / "школа1.проверка.xlsx"))
    findings = json.loads(check.stdout)["files"][0]["findings"]
    assert [f["code"] for f in findings if f["code"] == "other-format"] == ["other-format"]
    assert "(.xlsx)" in next(f["message"] for f in findings if f["code"] == "other-format")
    copy = openpyxl.load_workbook(tmp_path / "школа1.проверка.xlsx")
    assert "Проверка" in copy.sheetnames and copy["Сведения"]["B4"].value
