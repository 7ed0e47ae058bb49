"""The archive's file: schema by migrations, one record per file, refusals of files it must not touch, and two
writers at once (real processes)."""

from __future__ import annotations

import multiprocessing
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from tests.support.archive_db import counts, dump
from xl_roadmap.io.archive import ArchiveError, open_archive, store
from xl_roadmap.io.archive.schema import APPLICATION_ID, LATEST
from xl_roadmap.rollup.archive_record import IndicatorRecord, Recording, SubmissionRecord
from xl_roadmap.spec import default_spec
from xl_roadmap.spec.vocabulary import BookStatus

SPEC = default_spec()


def book(n: int, period: str = "2024", value: float = 10.0) -> SubmissionRecord:
    code = f"ОО-{n:03d}"
    return SubmissionRecord(
        sha256=f"{n:064x}", file_name=f"school{n}.xlsx", org_code=code, org_key=code, org_name=f"Школа {n}",
        org_kind="", level=0, period=period, template_version="1.2", edition="r170_2023",
        received_at=f"2025-01-{1 + n % 28:02d}T10:00:00+00:00", status=BookStatus.ACCEPTED, reason="", used=True,
        actions=3, evidence=2, done=1, done_without_evidence=0, deadlines=(("в срок", 3),),
        indicators=(IndicatorRecord(0, "П2", period, value, 100.0, value, None, "нет нормы", ""),))


def consolidation(books, output: str = "svod.xlsx", period: str = "2024") -> Recording:
    return Recording(made_at="2025-03-15T10:00:00+00:00", output=output, period=period, level_kind="УО",
                     as_of="2025-03-15", edition="r170_2023", parameters={"as_of": "2025-03-15"},
                     submissions=tuple(books), unrecorded=0)



def test_a_new_archive_has_the_latest_schema_in_wal_mode(tmp_path):
    conn = open_archive(tmp_path / "a.sqlite", SPEC)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        conn.close()


def test_the_same_file_is_recorded_once_and_the_same_consolidation_writes_nothing(tmp_path):
    path = tmp_path / "a.sqlite"
    conn = open_archive(path, SPEC)
    first = store.record(conn, consolidation([book(1), book(2)]))
    before, content = counts(path), dump(path)
    again = store.record(conn, consolidation([book(1), book(2)]))
    assert (first.recorded, first.already, again.recorded, again.already) == (2, 0, 0, 2)
    assert counts(path) == before and dump(path) == content
    # another consolidation that sees book 2 again links it: one more consolidation, no second copy of the book
    other = store.record(conn, consolidation([book(2), book(3)], output="svod2.xlsx"))
    conn.close()
    assert (other.recorded, other.already) == (1, 1)
    assert counts(path) == {"consolidation": 2, "submission": 3, "consolidation_input": 4, "indicator_value": 3,
                            "deadline_state": 3}


def test_a_book_first_rejected_gets_its_figures_once_a_consolidation_sums_it(tmp_path):
    path = tmp_path / "a.sqlite"
    conn = open_archive(path, SPEC)
    rejected = replace(book(1), status=BookStatus.REJECTED, used=False)
    store.record(conn, consolidation([rejected], period="2023"))
    assert counts(path)["indicator_value"] == 0
    store.record(conn, consolidation([book(1)]))
    assert counts(path)["indicator_value"] == 1
    assert [b.org_code for b in store.used_books(conn)] == ["ОО-001"]
    conn.close()


@pytest.mark.parametrize("content", [b"\x8f\x03" * 3000, b"PK\x03\x04 not a database at all"],
                         ids=["random-bytes", "other-file"])
def test_a_file_that_is_no_database_is_refused_and_left_as_it_was(tmp_path, content):
    path = tmp_path / "a.sqlite"
    path.write_bytes(content)
    with pytest.raises(ArchiveError, match="повреждён или это не архив xl-roadmap"):
        open_archive(path, SPEC)
    assert path.read_bytes() == content


def _truncated(tmp_path: Path) -> Path:
    path = tmp_path / "a.sqlite"
    conn = open_archive(path, SPEC)
    store.record(conn, consolidation([book(n) for n in range(300)]))
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    return path


def test_a_truncated_archive_is_a_message_on_recording_and_on_reading(tmp_path):
    path = _truncated(tmp_path)
    before = path.read_bytes()
    with pytest.raises(ArchiveError, match="повреждён") as err:
        from xl_roadmap.io.archive.connection import translated

        conn = open_archive(path, SPEC)
        with translated(path, SPEC):
            store.record(conn, consolidation([book(n) for n in range(300, 600)], output="b.xlsx"))
            list(store.own_period_figures(conn))
    assert "испорчен или обрезан" in str(err.value)
    assert path.read_bytes() == before


def test_an_archive_of_a_newer_schema_is_refused_untouched(tmp_path):
    path = tmp_path / "a.sqlite"
    open_archive(path, SPEC).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(ArchiveError, match=f"более новой версией xl-roadmap \\(версия схемы {LATEST + 1}"):
        open_archive(path, SPEC)
    assert path.read_bytes() == before


def test_someone_elses_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "a.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(ArchiveError, match="чужая база данных"):
        open_archive(path, SPEC)
    assert [r[0] for r in sqlite3.connect(path).execute("SELECT name FROM sqlite_master")] == ["contacts"]


def test_history_of_a_missing_archive_says_where_consolidate_keeps_it(tmp_path):
    with pytest.raises(ArchiveError, match="xl-roadmap-архив.sqlite"):
        open_archive(tmp_path / "none.sqlite", SPEC, create=False)
    assert not (tmp_path / "none.sqlite").exists()


def _writer(path: str, first: int, start, results) -> None:
    start.wait()
    conn = open_archive(path, SPEC)
    for k in range(20):      # many small transactions: the two processes interleave
        n = first + k
        store.record(conn, consolidation([book(n), book(1000)], output=f"svod-{n}.xlsx"))
    conn.close()
    results.put(first)


def test_two_processes_recording_at_once_lose_nothing(tmp_path):
    path = str(tmp_path / "a.sqlite")
    ctx = multiprocessing.get_context("spawn")
    start, results = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=_writer, args=(path, first, start, results)) for first in (0, 100)]
    for p in procs:
        p.start()
    start.set()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0, 0]
    assert sorted(results.get(timeout=5) for _ in procs) == [0, 100]
    assert counts(Path(path)) == {"consolidation": 40, "submission": 41, "consolidation_input": 80,
                                  "indicator_value": 41, "deadline_state": 41}
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
