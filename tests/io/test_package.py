"""A large workbook's parts deflated on every core (io.xlsx.package): the archive holds exactly the parts
XlsxWriter's own zipping holds, every reader takes it, and a part of many pieces inflates back whole."""

from __future__ import annotations

import random
import zipfile
import zlib
from datetime import datetime

import pytest
from python_calamine import CalamineWorkbook

from xl_roadmap.io.xlsx import package
from xl_roadmap.io.xlsx.book import LiteralTextWorksheet, ProtectedWorkbook

TEXTS = ["школа", " ведущий пробел", "хвост ", "строка\nвторая", "a & b < c > d", "_x0041_", "нуль\x00здесь",
         "<r>не разметка</r>", "\ufffe", "таб\tуляция", "обычный текст"]


def _book(path, parallel: bool, rows: int) -> None:
    wb = ProtectedWorkbook(str(path), {"constant_memory": True, "strings_to_formulas": False})
    wb.parallel_package = parallel
    wb.set_properties({"created": datetime(2024, 1, 1)})       # the same docProps both ways
    ws = wb.add_worksheet("Лист", LiteralTextWorksheet)
    rnd = random.Random(5)
    for r in range(rows):
        ws.write_string(r, 0, TEXTS[r % len(TEXTS)])
        ws.write_number(r, 1, rnd.random())
        ws.write_string(r, 2, f"строка {r} {rnd.getrandbits(64):x}")
    wb.close()


def _members(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        assert z.testzip() is None              # every member's CRC and length
        return {name: z.read(name) for name in z.namelist()}


@pytest.mark.parametrize("rows", [3, 60_000])
def test_the_parts_are_xlsxwriters_own(tmp_path, rows):
    ours, theirs = tmp_path / "ours.xlsx", tmp_path / "theirs.xlsx"
    _book(ours, True, rows)
    _book(theirs, False, rows)
    assert _members(ours) == _members(theirs)
    if rows > 3:
        with zipfile.ZipFile(ours) as z:
            assert z.getinfo("xl/worksheets/sheet1.xml").file_size > 3 * package.PIECE   # several pieces
        # what one stream would give, within a percent
        assert ours.stat().st_size <= theirs.stat().st_size * 1.01
    sheet = CalamineWorkbook.from_path(str(ours)).get_sheet_by_name("Лист").to_python()
    read = [row[0] for row in sheet[:len(TEXTS)]]
    # (calamine leaves Excel's «_xFFFE_» for U+FFFE as it stands)
    assert [t for t in read if t != "_xFFFE_"] == [t for t in TEXTS[:rows] if t != "\ufffe"]


def test_pieces_join_into_one_deflate_stream(tmp_path, monkeypatch):
    """Piece edges anywhere — a piece of one byte, an empty part, a part of exactly one piece."""
    monkeypatch.setattr(package, "PIECE", 1000)
    data = bytes(random.Random(1).choices(b"<row r=\"1\"><c>x</c></row>", k=25_000))
    parts = []
    for name, content in (("a.xml", data), ("empty.xml", b""), ("one.xml", data[:1000]), ("edge.xml", data[:1001])):
        source = tmp_path / name
        source.write_bytes(content)
        parts.append((str(source), f"xl/{name}", False))
    out = tmp_path / "p.zip"
    package.write_package(str(out), parts)
    members = _members(out)
    assert members == {"xl/a.xml": data, "xl/empty.xml": b"", "xl/one.xml": data[:1000],
                       "xl/edge.xml": data[:1001]}
    with zipfile.ZipFile(out) as z:
        raw = z.fp
        info = z.getinfo("xl/a.xml")
        raw.seek(info.header_offset + 30 + len(info.filename))
        assert zlib.decompress(raw.read(info.compress_size), -15) == data
    assert not any((tmp_path / name).exists() for name in ("a.xml", "empty.xml", "one.xml", "edge.xml"))
