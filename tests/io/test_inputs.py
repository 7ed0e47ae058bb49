"""Which files of a folder «Свести» takes: workbooks, and foreign spreadsheets to be listed with a reason."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

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


def test_old_and_foreign_spreadsheets_are_listed_as_unreadable_with_a_reason(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    write_plan(clean_plan(0, seed=3), inbox / "school.xlsx")
    (inbox / "старая.xls").write_bytes(OLE)
    _ods(inbox / "из_libreoffice.ods")
    r = run_cli("consolidate", str(inbox), "-o", str(tmp_path / "out.xlsx"), "--as-of", AS_OF.isoformat(),
                "--json")
    assert r.returncode == 1, r.stderr
    reasons = {Path(u["path"]).name: u["reason"] for u in json.loads(r.stdout)["unreadable"]}
    assert set(reasons) == {"старая.xls", "из_libreoffice.ods"}
    assert "сохраните как «Книга Excel (.xlsx)»" in reasons["старая.xls"]
    assert "OpenDocument" in reasons["из_libreoffice.ods"] and ".xlsx" in reasons["из_libreoffice.ods"]
