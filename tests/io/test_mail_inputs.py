"""Books straight from the mail, read where they are (io.mail): a Windows archive of attachments with Russian names
in cp866 and no UTF-8 flag, saved letters (.eml) made by the standard ``email`` package, Outlook letters (.msg)
built as real compound files — each gives its books in memory with the letter they came in; what is no letter,
no archive, or is damaged or hostile gets a Russian reason naming the file, and the inputs' folder is left as it
was."""

from __future__ import annotations

import json
import struct
import zipfile
import zlib
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.support.capped import cli, run_capped
from tests.support.district import AS_OF, clean_plan, write_plan
from tests.support.mail import UTF8_FLAG, break_base64, dos_zip, letter, letter_with_encoded_words
from tests.support.msg_file import OutlookLetter
from xl_roadmap.io.mail.archive import member_name
from xl_roadmap.io.mail.unpack import enclosures, units
from xl_roadmap.io.workbook_file import read_workbook

MSK = timezone(timedelta(hours=3))
SENT = datetime(2025, 2, 4, 12, 30, tzinfo=MSK)
SENDER = "Школа № 5 <school5@example.ru>"


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    return write_plan(clean_plan(0, n_actions=8), tmp_path_factory.mktemp("book") / "Школа 5.xlsx")


def _folder_state(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _books(found) -> dict[str, bytes]:
    return {e.book.name: e.book.data for e in found if e.book is not None}


# ---------------------------------------------------------------------------------------------- archives

def test_russian_names_of_a_windows_archive_come_out_right_and_its_books_read_in_memory(tmp_path, book):
    inbox = tmp_path / "почта"
    inbox.mkdir()
    names = {"Школа № 5 - дорожная карта.xlsx": book.read_bytes(), "Входящие/Гимназия 3.xlsx": book.read_bytes(),
             "сопроводительное.txt": b"-"}
    archive = dos_zip(inbox / "Все вложения.zip", names)
    before = _folder_state(inbox)
    with zipfile.ZipFile(archive) as z:             # what zipfile alone makes of it: cp437, not the names
        assert all(not info.flag_bits & UTF8_FLAG for info in z.infolist())
        assert "Школа № 5 - дорожная карта.xlsx" not in z.namelist()
    found = enclosures(archive)
    assert [e.display for e in found] == [f"{archive} → Школа № 5 - дорожная карта.xlsx",
                                          f"{archive} → Входящие › Гимназия 3.xlsx"]
    assert _books(found) == {"Школа № 5 - дорожная карта.xlsx": book.read_bytes(),
                             "Гимназия 3.xlsx": book.read_bytes()}
    held = found[0].book
    from_memory, from_file = read_workbook(held), read_workbook(book)
    assert from_memory.path == held.display and from_memory.sha256 == from_file.sha256
    assert [r.cells["value"].value for r in from_memory.indicators] == \
        [r.cells["value"].value for r in from_file.indicators]
    assert _folder_state(inbox) == before                      # nothing unpacked beside the archive


@pytest.mark.parametrize("how", ["utf-8 flagged", "utf-8 unflagged (macOS)", "ascii"])
def test_names_written_otherwise_are_kept_as_written(tmp_path, how):
    name = "report-5.xlsx" if how == "ascii" else "Отчёт школы № 5.xlsx"
    archive = dos_zip(tmp_path / "a.zip", {name: b"x"}, encoding="utf-8", utf8_flag=how == "utf-8 flagged")
    with zipfile.ZipFile(archive) as z:
        assert member_name(z.infolist()[0]) == name


def test_an_info_zip_unicode_path_field_names_the_member(tmp_path):
    """7-Zip and WinRAR may keep the DOS name and add the UTF-8 one in an extra field (0x7075)."""
    name = "Лицей № 2.xlsx"
    raw = name.encode("cp866")
    field = struct.pack("<B", 1) + struct.pack("<I", zlib.crc32(raw)) + name.encode("utf-8")
    info = zipfile.ZipInfo("x")
    info.orig_filename, info.flag_bits = raw.decode("cp437"), 0
    info.extra = struct.pack("<HH", 0x7075, len(field)) + field
    assert member_name(info) == name
    info.extra = struct.pack("<HH", 0x7075, len(field)) + field[:1] + b"\0\0\0\0" + field[5:]   # not this name's
    assert member_name(info) == name        # the check sum does not match: the DOS name, decoded as cp866


def test_a_large_archive_is_read_in_parts_that_together_are_the_whole(tmp_path, book):
    members = {f"Школа {k}.xlsx": book.read_bytes() for k in range(19)} | {"скан.pdf": b"%PDF"}
    archive = dos_zip(tmp_path / "все.zip", members)
    parts = units(archive)
    assert len(parts) > 1 and all(parts)
    assert [e.display for part in parts for e in enclosures(archive, part)] == [e.display for e in enclosures(archive)]
    assert len(enclosures(archive)) == 19


def test_an_archive_without_books_is_passed_over_with_what_it_holds(tmp_path):
    archive = dos_zip(tmp_path / "фото.zip", {"фото 1.jpg": b"\xff\xd8", "фото 2.jpg": b"\xff\xd8"})
    [found] = enclosures(archive)
    assert found.book is None and not found.error
    assert found.skipped.startswith("в архиве нет книги Excel") and "фото 1.jpg" in found.skipped


# ---------------------------------------------------------------------------------------------- letters (.eml)

def test_a_saved_letter_gives_its_book_sender_subject_and_date(tmp_path, book):
    saved = letter(tmp_path / "письмо.eml", [(book.name, book.read_bytes()), ("скан приказа.pdf", b"%PDF-1.4")],
                   sender=SENDER, subject="Дорожная карта школы № 5", sent_at=SENT)
    assert b"filename*=utf-8''" in saved.read_bytes()            # the name RFC 2231-encoded, as email writes it
    [found] = enclosures(saved)
    assert found.display == f"{saved} → {book.name}" and found.book.data == book.read_bytes()
    assert (found.letter.sender, found.letter.subject, found.letter.sent_at) == \
        (SENDER, "Дорожная карта школы № 5", SENT)


def test_an_attachment_named_in_encoded_words_is_read_too(tmp_path, book):
    saved = letter_with_encoded_words(tmp_path / "письмо.eml", "Школа № 5.xlsx", book.read_bytes(), sender=SENDER,
                                      subject="Карта", sent_at=SENT)
    [found] = enclosures(saved)
    assert found.book.name == "Школа № 5.xlsx" and found.book.data == book.read_bytes()
    assert found.letter.subject == "Карта"


def test_a_letter_without_a_workbook_is_passed_over_with_its_subject(tmp_path):
    saved = letter(tmp_path / "письмо.eml", [("скан.pdf", b"%PDF-1.4")], sender=SENDER,
                   subject="Сканы приказов", sent_at=SENT)
    [found] = enclosures(saved)
    assert found.book is None and not found.error
    assert "«Сканы приказов»" in found.skipped and "нет книги Excel" in found.skipped and "скан.pdf" in found.skipped


def test_a_letter_with_a_broken_base64_names_the_letter_and_the_attachment(tmp_path, book):
    saved = break_base64(letter(tmp_path / "письмо.eml", [(book.name, book.read_bytes())], sender=SENDER,
                                subject="Карта", sent_at=SENT))
    [found] = enclosures(saved)
    assert found.book is None and found.display == f"{saved} → {book.name}"
    assert "base64" in found.error and f"«{book.name}»" in found.error


def test_a_file_that_is_no_letter_is_said_so(tmp_path):
    fake = tmp_path / "письмо.eml"
    fake.write_bytes(bytes(range(256)) * 40)
    [found] = enclosures(fake)
    assert found.display == str(fake) and "не сохранённое письмо" in found.error


def test_an_archive_attached_to_a_letter_is_opened_and_its_books_belong_to_the_letter(tmp_path, book):
    inner = dos_zip(tmp_path / "книги.zip", {"Школа 5.xlsx": book.read_bytes(), "Школа 6.xlsx": book.read_bytes()})
    saved = letter(tmp_path / "письмо.eml", [("книги.zip", inner.read_bytes())], sender=SENDER, subject="Две книги",
                   sent_at=SENT)
    found = enclosures(saved)
    assert [e.display for e in found] == [f"{saved} → книги.zip → Школа 5.xlsx", f"{saved} → книги.zip → Школа 6.xlsx"]
    assert {e.letter.sender for e in found} == {SENDER}


# ---------------------------------------------------------------------------------------------- Outlook (.msg)

def test_an_outlook_letter_gives_its_books_sender_subject_and_date(tmp_path, book):
    forwarded = OutlookLetter("Карта гимназии", "Гимназия 3", "g3@example.ru", datetime(2025, 2, 1, tzinfo=UTC),
                              [("Гимназия 3.xlsx", book.read_bytes())])
    saved = OutlookLetter("Отчёт школы № 5", "Школа № 5", "school5@example.ru", SENT,
                          [(book.name, book.read_bytes()), ("фото.jpg", b"\xff\xd8"), forwarded]).save(
        tmp_path / "письмо.msg")
    found = enclosures(saved)
    assert [e.display for e in found] == [f"{saved} → {book.name}", f"{saved} → Гимназия 3.xlsx"]
    assert all(e.book.data == book.read_bytes() for e in found)
    assert {(e.letter.sender, e.letter.subject, e.letter.sent_at) for e in found} == \
        {(SENDER, "Отчёт школы № 5", SENT)}          # the attached letter's book came in the outer letter


def test_an_outlook_letter_without_a_book_is_passed_over_with_its_subject(tmp_path):
    saved = OutlookLetter("Вопрос по форме", "Школа № 5", "school5@example.ru", SENT, [("вопрос.docx", b"PK")]).save(
        tmp_path / "вопрос.msg")
    [found] = enclosures(saved)
    assert "«Вопрос по форме»" in found.skipped and "вопрос.docx" in found.skipped


@pytest.mark.parametrize("kind", ["not OLE", "cut short", "another OLE file"])
def test_a_msg_that_is_no_outlook_letter_is_said_so(tmp_path, book, kind):
    path = tmp_path / "письмо.msg"
    if kind == "not OLE":
        path.write_bytes(book.read_bytes())
    elif kind == "cut short":
        whole = OutlookLetter("Карта", "Школа", "s@example.ru", SENT, [(book.name, book.read_bytes())]).save(path)
        path.write_bytes(whole.read_bytes()[:3000])
    else:
        from tests.support.msg_file import compound_file

        path.write_bytes(compound_file({"WordDocument": b"\0" * 5000}))
    [found] = enclosures(path)
    assert found.book is None and found.display == str(path)
    assert "письмо Outlook" in found.error, found.error


# ---------------------------------------------------------------------------------------------- hostile archives

def _bomb(path: Path) -> Path:
    """A member of 60 MB of zeros packed into ~60 KB (a ratio of ~1000): refused by its declared sizes alone."""
    return dos_zip(path, {"Школа 5.xlsx": b"\0" * (60 * 1024 * 1024)})


def test_a_zip_bomb_a_corrupt_zip_and_a_lying_member_are_refused_by_name(tmp_path, book):
    bomb = _bomb(tmp_path / "бомба.zip")
    [found] = enclosures(bomb)
    assert found.display == str(bomb) and "сжата в" in found.error and "«Школа 5.xlsx»" in found.error
    assert "архив вложений" in found.error
    corrupt = tmp_path / "обрыв.zip"
    corrupt.write_bytes(dos_zip(tmp_path / "x.zip", {"Школа 5.xlsx": book.read_bytes()}).read_bytes()[:-60])
    [found] = enclosures(corrupt)
    assert found.display == str(corrupt) and "архив повреждён" in found.error
    lying = dos_zip(tmp_path / "ложь.zip", {"Школа 5.xlsx": b"A" * 500_000})
    data = bytearray(lying.read_bytes())
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):   # both headers now say 1,000 bytes
        struct.pack_into("<I", data, data.find(signature) + size_at, 1000)
    lying.write_bytes(bytes(data))
    [found] = enclosures(lying)
    assert found.display == f"{lying} → Школа 5.xlsx" and "больший объём, чем заявлено" in found.error


def test_a_zip_bomb_in_a_letter_costs_no_memory_and_is_named(tmp_path, book):
    """The command line in a child under a 300 MB cap: the bomb (60 MB inside) is refused by its declared size,
    the good book beside it is summed."""
    inbox = tmp_path / "почта"
    inbox.mkdir()
    bomb = _bomb(tmp_path / "бомба.zip")
    letter(inbox / "письмо.eml", [("бомба.zip", bomb.read_bytes()), (book.name, book.read_bytes())], sender=SENDER,
           subject="Книги", sent_at=SENT)
    before = _folder_state(inbox)
    run = run_capped(cli("consolidate", str(inbox), "-o", str(tmp_path / "свод.xlsx"), "--as-of", AS_OF.isoformat(),
                         "--json", "--no-archive"))
    assert run.returncode == 1 and "Traceback" not in run.stderr, run
    assert "бомба.zip" in run.stdout and "сжата в" in run.stdout
    assert _folder_state(inbox) == before


def test_a_letter_in_an_archive_is_opened_and_deeper_nesting_is_passed_over_with_a_word(tmp_path, book):
    saved = letter(tmp_path / "письмо.eml", [(book.name, book.read_bytes())], sender=SENDER, subject="Карта",
                   sent_at=SENT)
    inner = dos_zip(tmp_path / "внутри.zip", {"Школа 6.xlsx": book.read_bytes()})
    middle = dos_zip(tmp_path / "середина.zip", {"внутри.zip": inner.read_bytes()})
    archive = dos_zip(tmp_path / "все.zip", {"письмо.eml": saved.read_bytes(), "середина.zip": middle.read_bytes()})
    found = enclosures(archive)
    assert [e.display for e in found] == [f"{archive} → письмо.eml → {book.name}",
                                          f"{archive} → середина.zip → внутри.zip"]
    assert found[0].letter.sender == SENDER and found[0].book.data == book.read_bytes()
    assert found[1].book is None and "на один уровень" in found[1].error and not found[1].skipped


def test_a_book_nested_too_deep_is_not_read_and_the_rollup_says_so(tmp_path, book):
    """Books may be inside what is nested too deep: the roll-up lists it as not read and exits with 1, not 0."""
    inbox = tmp_path / "почта"
    inbox.mkdir()
    write_plan(clean_plan(1), inbox / "Школа 1.xlsx")           # one book read: the roll-up is written
    inner = letter(tmp_path / "пересланное.eml", [(book.name, book.read_bytes())], sender=SENDER, subject="Карта",
                   sent_at=SENT)
    archive = dos_zip(tmp_path / "архив.zip", {"пересланное.eml": inner.read_bytes()})
    letter(inbox / "письмо.eml", [("архив.zip", archive.read_bytes())], sender=SENDER, subject="Пересылаю",
           sent_at=SENT)
    run = run_capped(cli("consolidate", str(inbox), "-o", str(tmp_path / "свод.xlsx"), "--as-of", AS_OF.isoformat(),
                         "--json", "--no-archive"))
    assert run.returncode == 1 and "Traceback" not in run.stderr, run
    unread = json.loads(run.stdout)["unreadable"]
    assert any("пересланное.eml" in u["path"] and "на один уровень" in u["reason"] for u in unread), unread


def test_a_hostile_book_in_a_letter_is_refused_by_name_within_the_memory_cap(tmp_path, book):
    """A sheet whose headers lie about its size (~1 GB inflated), attached to a letter: the reader stops it as it
    does the file, in memory, and names the letter and the attachment."""
    from tests.io.test_hostile_inputs import lying_sheet

    inbox = tmp_path / "почта"
    inbox.mkdir()
    hostile = lying_sheet(book, tmp_path / "ложь.xlsx")
    letter(inbox / "письмо.eml", [("Школа 9.xlsx", hostile.read_bytes())], sender=SENDER, subject="Карта",
           sent_at=SENT)
    run = run_capped(cli("validate", str(inbox / "письмо.eml"), "--as-of", AS_OF.isoformat(), "--json"))
    assert run.returncode == 2 and "Traceback" not in run.stderr, run
    assert "письмо.eml → Школа 9.xlsx" in run.stdout and "больший объём, чем заявлено" in run.stdout
