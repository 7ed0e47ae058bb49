"""«Свести» straight from the mail: a folder holding a Windows archive of attachments, saved letters (.eml) and an
Outlook letter (.msg) gives the same figures as the same books saved as files; each book's received-at is its
letter's date (else the book's own save time, else the file's date) and «Реестр» and the JSON say so, with the
sender; the same book attached to two letters is one submission, the later letter's; a letter without a book is
listed with its subject; the archive of consolidations records the same received-at; the inputs are never
touched, and nothing is unpacked beside them."""

from __future__ import annotations

import json
import os
import sqlite3
import zipfile
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import openpyxl
import pytest

from tests.support.cli import invoke
from tests.support.district import AS_OF, SPEC, clean_plan, write_plan
from tests.support.mail import dos_zip, letter
from tests.support.msg_file import OutlookLetter
from tests.support.rollup_sheets import rows_by_id
from xl_roadmap.spec.vocabulary import BookStatus, ReceivedFrom, RollupSheet

MSK = timezone(timedelta(hours=3))
ORG = ("--org-name", "УО Заречного района", "--org-code", "УО-1", "--signatory", "Начальник УО",
       "--contact", "т. 1-23-45")
N = 5


def _consolidate(inputs: Path, out: Path, *extra: str) -> dict:
    r = invoke("consolidate", str(inputs), "-o", str(out), "--as-of", AS_OF.isoformat(), "--json", *ORG, *extra)
    assert r.exit_code in (0, 1) and "Traceback" not in r.output, r.output
    return json.loads(r.stdout)


def _state(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _shown(when: datetime) -> str:
    """How the register shows a moment: local time, to the minute."""
    return f"{datetime.fromtimestamp(when.timestamp()):%d.%m.%Y %H:%M}"


def _utc(when: datetime) -> str:
    return when.astimezone(UTC).isoformat(timespec="seconds")


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("files") / "книги"
    folder.mkdir()
    return [write_plan(clean_plan(i, seed=5, n_actions=8), folder / f"Школа {i + 1}.xlsx") for i in range(N)]


LETTERS = {   # book index → (file, sender, subject, date)
    2: ("школа 3.eml", "Школа № 3 <s3@example.ru>", "Дорожная карта школы № 3",
        datetime(2025, 2, 4, 12, 30, tzinfo=MSK)),
    3: ("школа 4.eml", "Гимназия № 4 <g4@example.ru>", "Карта гимназии", datetime(2025, 2, 5, 9, 0, tzinfo=MSK)),
}
OUTLOOK = ("школа 5.msg", "Лицей № 5", "l5@example.ru", "Отчёт лицея", datetime(2025, 2, 6, 7, 45, tzinfo=UTC))
ARCHIVED = (2025, 2, 3, 10, 15, 0)       # the members' date in the archive (local time)


@pytest.fixture(scope="module")
def mailbox(tmp_path_factory, books) -> Path:
    """The same five books as they came: two in a Windows archive, two in saved letters, one in an Outlook
    letter; and a letter without a book."""
    inbox = tmp_path_factory.mktemp("mail") / "почта"
    inbox.mkdir()
    dos_zip(inbox / "Все вложения.zip", {b.name: b.read_bytes() for b in books[:2]}, date_time=ARCHIVED)
    for k, (name, sender, subject, sent) in LETTERS.items():
        letter(inbox / name, [(books[k].name, books[k].read_bytes()), ("сопроводительное.pdf", b"%PDF-1.4")],
               sender=sender, subject=subject, sent_at=sent)
    name, sender_name, address, subject, sent = OUTLOOK
    OutlookLetter(subject, sender_name, address, sent, [(books[4].name, books[4].read_bytes())]).save(inbox / name)
    letter(inbox / "вопрос.eml", [("вопрос.docx", b"PK")], sender="Школа № 7 <s7@example.ru>",
           subject="Вопрос по заполнению", sent_at=datetime(2025, 2, 7, 8, 0, tzinfo=MSK))
    return inbox


def test_books_from_the_mail_give_the_figures_of_the_same_books_as_files(tmp_path, books, mailbox):
    before = _state(mailbox)
    from_files = _consolidate(books[0].parent, tmp_path / "свод файлов.xlsx", "--no-archive")
    from_mail = _consolidate(mailbox, tmp_path / "свод почты.xlsx", "--no-archive")
    assert from_mail["accepted"] == from_files["accepted"] == N
    assert from_mail["indicators"] == from_files["indicators"]
    assert from_mail["coverage"] == from_files["coverage"]
    indicators = SPEC.sheet("indicators").name
    files_book = openpyxl.load_workbook(tmp_path / "свод файлов.xlsx", read_only=True, data_only=True)
    mail_book = openpyxl.load_workbook(tmp_path / "свод почты.xlsx", read_only=True, data_only=True)
    assert list(mail_book[indicators].iter_rows(values_only=True)) == \
        list(files_book[indicators].iter_rows(values_only=True))
    assert _state(mailbox) == before                 # the inputs as they were, nothing unpacked beside them
    paths = {Path(s["path"]).name for s in from_mail["submissions"]}
    assert {"Все вложения.zip → Школа 1.xlsx", "Все вложения.zip → Школа 2.xlsx", "школа 3.eml → Школа 3.xlsx",
            "школа 4.eml → Школа 4.xlsx", "школа 5.msg → Школа 5.xlsx", "вопрос.eml"} == paths


def test_the_register_and_the_json_say_who_sent_each_book_and_when(tmp_path, books, mailbox):
    got = _consolidate(mailbox, tmp_path / "свод.xlsx", "--no-archive")
    by_name = {Path(s["path"]).name: s for s in got["submissions"]}
    register = {r["file"]: r for r in rows_by_id(openpyxl.load_workbook(tmp_path / "свод.xlsx", read_only=True),
                                                 RollupSheet.REGISTER) if r["file"]}
    for k, (name, sender, _, sent) in LETTERS.items():
        shown = f"{name} → {books[k].name}"
        assert (by_name[shown]["sender"], by_name[shown]["sent_at"]) == (sender, sent.isoformat())
        assert (by_name[shown]["received_at"], by_name[shown]["received_from"]) == (_utc(sent), ReceivedFrom.LETTER)
        assert (register[shown]["sender"], register[shown]["received_at"], register[shown]["received_from"]) == \
            (sender, _shown(sent), ReceivedFrom.LETTER)
    name, sender_name, address, _, sent = OUTLOOK
    shown = f"{name} → {books[4].name}"
    assert by_name[shown]["sender"] == register[shown]["sender"] == f"{sender_name} <{address}>"
    assert by_name[shown]["sent_at"] == sent.isoformat() and register[shown]["received_at"] == _shown(sent)
    # no letter: the archive's own date of the member (the books' properties are the writer's fixed stamp)
    member = "Все вложения.zip → Школа 1.xlsx"
    archived = datetime(*ARCHIVED).astimezone()
    assert (by_name[member]["sender"], by_name[member]["sent_at"]) == (None, None)
    assert (register[member]["received_at"], register[member]["received_from"]) == (_shown(archived),
                                                                                     ReceivedFrom.FILE)
    skipped = by_name["вопрос.eml"]
    assert skipped["status"] == BookStatus.SKIPPED and "«Вопрос по заполнению»" in skipped["reason"]
    assert "нет книги Excel" in skipped["reason"] and skipped["sender"] == "Школа № 7 <s7@example.ru>"
    assert register["вопрос.eml"]["status"] == BookStatus.SKIPPED
    assert "«Вопрос по заполнению»" in register["вопрос.eml"]["reason"]


def test_the_same_book_in_two_letters_is_one_submission_the_later_letter_wins(tmp_path, books):
    inbox = tmp_path / "почта"
    inbox.mkdir()
    earlier, later = datetime(2025, 2, 3, 9, 0, tzinfo=MSK), datetime(2025, 2, 10, 9, 0, tzinfo=MSK)
    sender = "Школа № 1 <s1@example.ru>"
    # the later letter sorts first by its name: the date decides, not the order
    letter(inbox / "б первое.eml", [(books[0].name, books[0].read_bytes())], sender=sender, subject="Карта",
           sent_at=earlier)
    letter(inbox / "а повторно.eml", [(books[0].name, books[0].read_bytes())], sender=sender,
           subject="Карта (повторно)", sent_at=later)
    write_plan(clean_plan(1, seed=5, n_actions=8), inbox / "Школа 2.xlsx")
    got = _consolidate(inbox, tmp_path / "свод.xlsx")
    assert got["accepted"] == 2 and got["organisations"] == 2
    [duplicate] = got["duplicates"]
    assert Path(duplicate["kept"]).name == f"а повторно.eml → {books[0].name}"
    assert Path(duplicate["replaced"]).name == f"б первое.eml → {books[0].name}"
    status = {Path(s["path"]).name: (s["status"], s["reason"]) for s in got["submissions"]}
    assert status[f"б первое.eml → {books[0].name}"] == (BookStatus.REPLACED,
                                                        SPEC.rollup_text("duplicate_taken",
                                                                         name=f"а повторно.eml → {books[0].name}"))
    assert status[f"а повторно.eml → {books[0].name}"][0] in (BookStatus.ACCEPTED, BookStatus.ACCEPTED_WITH_REMARKS)
    # the archive of consolidations holds the book once, as received in the later letter, summed
    code = next(s["code"] for s in got["submissions"] if "повторно" in s["path"])
    conn = sqlite3.connect(tmp_path / SPEC.archive["file_name"])
    try:
        rows = conn.execute("SELECT s.received_at, s.file_name, ci.used FROM submission s JOIN consolidation_input ci "
                            "ON ci.submission_id = s.id WHERE s.org_code = ?", (code,)).fetchall()
    finally:
        conn.close()
    assert rows == [(_utc(later), f"а повторно.eml → {books[0].name}", 1)]


def _saved_by_a_person(src: Path, dst: Path, modified: str) -> Path:
    """``src`` as Excel leaves it after a save: docProps/core.xml names the person and the time."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "docProps/core.xml":
                text = data.decode()
                text = text.replace("<cp:lastModifiedBy>xl-roadmap</cp:lastModifiedBy>",
                                    "<cp:lastModifiedBy>Иванова М. П.</cp:lastModifiedBy>")
                text = text.replace('<dcterms:modified xsi:type="dcterms:W3CDTF">2024-01-01T00:00:00Z',
                                    f'<dcterms:modified xsi:type="dcterms:W3CDTF">{modified}')
                assert modified in text and "Иванова" in text
                data = text.encode()
            zout.writestr(info, data)
    return dst


def test_without_a_letter_the_books_own_save_time_comes_before_the_files_date(tmp_path, books):
    inbox = tmp_path / "папка"
    inbox.mkdir()
    saved = _saved_by_a_person(books[0], inbox / "сохранена в Excel.xlsx", "2025-01-20T08:30:00Z")
    plain = inbox / "из программы.xlsx"
    plain.write_bytes(books[1].read_bytes())
    saved_at, file_date = datetime(2025, 1, 20, 8, 30, tzinfo=UTC), datetime(2025, 1, 25, 16, 0, tzinfo=UTC)
    for p in (saved, plain):            # both files saved into the folder days later
        os.utime(p, (file_date.timestamp(), file_date.timestamp()))
    got = _consolidate(inbox, tmp_path / "свод.xlsx", "--no-archive")
    by_name = {Path(s["path"]).name: s for s in got["submissions"]}
    assert (by_name[saved.name]["received_at"], by_name[saved.name]["received_from"]) == \
        (_utc(saved_at), ReceivedFrom.PROPERTIES)
    assert (by_name[plain.name]["received_at"], by_name[plain.name]["received_from"]) == \
        (_utc(file_date), ReceivedFrom.FILE)
    register = {r["file"]: r for r in rows_by_id(openpyxl.load_workbook(tmp_path / "свод.xlsx", read_only=True),
                                                 RollupSheet.REGISTER) if r["file"]}
    assert (register[saved.name]["received_at"], register[saved.name]["received_from"]) == \
        (_shown(saved_at), ReceivedFrom.PROPERTIES)
    assert register[plain.name]["received_at"] == _shown(file_date)


def test_the_archive_records_the_letters_date_as_received(tmp_path, books, mailbox):
    got = _consolidate(mailbox, tmp_path / "свод.xlsx")
    assert got["archive"]["problem"] is None
    conn = sqlite3.connect(tmp_path / SPEC.archive["file_name"])
    try:
        recorded = dict(conn.execute("SELECT file_name, received_at FROM submission").fetchall())
    finally:
        conn.close()
    for k, (name, _, _, sent) in LETTERS.items():
        assert recorded[f"{name} → {books[k].name}"] == _utc(sent)


def test_validate_checks_every_book_of_the_letters_and_names_what_it_passes_over(tmp_path, books, mailbox):
    r = invoke("validate", str(mailbox), "--as-of", AS_OF.isoformat(), "--json")
    got = json.loads(r.stdout)
    assert r.exit_code == 0, r.output
    assert sorted(Path(f["path"]).name for f in got["files"]) == sorted(
        ["Все вложения.zip → Школа 1.xlsx", "Все вложения.zip → Школа 2.xlsx", "школа 3.eml → Школа 3.xlsx",
         "школа 4.eml → Школа 4.xlsx", "школа 5.msg → Школа 5.xlsx"])
    [skipped] = got["skipped"]
    assert Path(skipped["path"]).name == "вопрос.eml" and "«Вопрос по заполнению»" in skipped["reason"]
    text = invoke("validate", str(mailbox), "--as-of", AS_OF.isoformat(), "--report", str(tmp_path / "копии"))
    assert "Копия с листом «Проверка» не записана для книг из писем и архивов (5)" in text.stdout
    assert "Пропущено: " in text.stdout and "вопрос.eml" in text.stdout
    assert not (tmp_path / "копии").exists() or not any((tmp_path / "копии").iterdir())


def test_the_excel_button_sums_a_folder_of_letters(tmp_path, mailbox):
    """«Свести» in the district book (app.open_book): the folder's letters and archive are read as the command
    line reads them."""
    from xl_roadmap.app.open_book import consolidate_folder
    from xl_roadmap.app.templates import build_template
    from xl_roadmap.io.workbook_file import _grids

    (tmp_path / "book").mkdir()
    district = build_template(tmp_path / "book" / "district.xlsx", "district", spec=SPEC, org_name="УО",
                              org_code="ZR")
    before = _state(mailbox)
    with _grids(district) as grids:
        rollup = consolidate_folder(grids, district.name, district, folder=str(mailbox))
    assert rollup.problem is None and rollup.result.to_dict()["accepted"] == N
    assert len(rollup.result.skipped) == 1
    assert _state(mailbox) == before


def test_a_book_attached_twice_is_not_counted_twice_in_the_majority(tmp_path):
    """The period summed is the one most books state: a book of 2023-2024 attached to two letters is one book
    against two of 2024-2025 — counted twice it would tie them, and the earlier period would win by its order."""
    from xl_roadmap.app.demo.generate import load_content, organisations, school_plan
    from xl_roadmap.io.xlsx.writer import WorkbookWriter

    inbox = tmp_path / "почта"
    inbox.mkdir()
    orgs = organisations(3)

    def book(i: int, period: str) -> bytes:
        plan = school_plan(SPEC, SPEC.edition(), orgs[i], seed=5, period_text=period, as_of=AS_OF,
                           district=load_content()["district"], clean=True, n_actions=6)
        return WorkbookWriter(SPEC, SPEC.edition(), plan.content).save(tmp_path / f"{i}.xlsx").read_bytes()

    old = book(0, "2023-2024")
    for k, day in enumerate((3, 10)):
        letter(inbox / f"письмо {k}.eml", [("Школа 1.xlsx", old)], sender="Школа № 1 <s1@example.ru>",
               subject="Карта", sent_at=datetime(2025, 2, day, 9, 0, tzinfo=MSK))
    for i in (1, 2):
        (inbox / f"Школа {i + 1}.xlsx").write_bytes(book(i, "2024-2025"))
    got = _consolidate(inbox, tmp_path / "свод.xlsx", "--no-archive")
    assert got["notices"] == [] and got["accepted"] == 2
    status = {Path(s["path"]).name: s["status"] for s in got["submissions"]}
    assert status["письмо 0.eml → Школа 1.xlsx"] == BookStatus.REPLACED
    assert status["письмо 1.eml → Школа 1.xlsx"] == BookStatus.REJECTED          # another period than the roll-up's
