"""A school's book read from an in-memory copy whose worksheets are stored (io.stored_copy): calamine reads
the very values of the file, the other members are copied untouched, and anything odd keeps the usual way."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from tests.support.district import clean_plan, write_plan
from xl_roadmap.io import workbook_file
from xl_roadmap.io.stored_copy import stored_copy
from xl_roadmap.io.workbook_file import read_workbook

WANTED = ("Сведения", "Показатели", "Дорожная карта", "Журнал подтверждений")


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    return write_plan(clean_plan(3), tmp_path_factory.mktemp("book") / "школа.xlsx")


def _values(wb) -> dict:
    return {name: wb.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in wb.sheet_names}


def test_calamine_reads_the_copy_as_the_file(book):
    copy = stored_copy(book, WANTED)
    assert copy is not None and set(copy.sheets) == set(WANTED)
    from_copy = CalamineWorkbook.from_filelike(io.BytesIO(copy.data))
    assert _values(from_copy) == _values(CalamineWorkbook.from_path(str(book)))
    with zipfile.ZipFile(book) as original, zipfile.ZipFile(io.BytesIO(copy.data)) as z:
        assert z.testzip() is None
        assert [i.filename for i in z.infolist()] == [i.filename for i in original.infolist()]
        wanted_parts = {_part(original, n) for n in WANTED}
        for info in z.infolist():
            assert z.read(info) == original.read(info.filename)
            # the wanted sheets are stored, every other member keeps its compression and its bytes
            if info.filename in wanted_parts:
                assert info.compress_type == zipfile.ZIP_STORED
            else:
                kept = original.getinfo(info.filename)
                assert (info.compress_type, info.compress_size, info.CRC) == \
                    (kept.compress_type, kept.compress_size, kept.CRC)


def _part(z: zipfile.ZipFile, sheet: str) -> str:
    from xl_roadmap.io.sheet_extent import sheet_parts

    return sheet_parts(Path(z.filename), z)[sheet]


def test_the_reader_takes_the_copy_and_reads_what_the_file_holds(book, monkeypatch):
    taken = []
    real = workbook_file.stored_copy
    monkeypatch.setattr(workbook_file, "stored_copy", lambda p, s: taken.append(p) or real(p, s))
    with_copy = read_workbook(book)
    monkeypatch.setattr(workbook_file, "stored_copy", lambda p, s: None)
    without = read_workbook(book)
    assert taken == [book]
    assert with_copy.organisation == without.organisation
    assert [r.cells for r in with_copy.actions] == [r.cells for r in without.actions]
    assert [r.cells for r in with_copy.indicators] == [r.cells for r in without.indicators]


def test_a_member_that_fails_its_crc_keeps_the_usual_way(book, tmp_path):
    """The copy is not made (zipfile checks the CRC); the file goes to calamine, which says it is damaged."""
    bad = tmp_path / "испорченная.xlsx"
    with zipfile.ZipFile(book) as z:
        part = _part(z, "Дорожная карта")
        with zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as out:
            for info in z.infolist():
                data = z.read(info)
                out.writestr(info, data)
    raw = bytearray(bad.read_bytes())
    with zipfile.ZipFile(bad) as z:
        info = z.getinfo(part)
    # flip the stored CRC of the roadmap in the central directory and in its local header
    crc = info.CRC.to_bytes(4, "little")
    raw = bytearray(bytes(raw).replace(crc, (info.CRC ^ 1).to_bytes(4, "little")))
    bad.write_bytes(bytes(raw))
    with pytest.raises(zipfile.BadZipFile):
        stored_copy(bad, WANTED)
    with pytest.raises(workbook_file.ReadError) as exc:
        read_workbook(bad)
    assert exc.value.reason.startswith("лист «Дорожная карта» повреждён или сохранён не полностью")


def test_large_books_and_other_formats_are_read_from_the_file(book, monkeypatch):
    from xl_roadmap.io import stored_copy as module

    monkeypatch.setattr(module, "MAX_SHEETS_BYTES", 1000)
    assert stored_copy(book, WANTED) is None
