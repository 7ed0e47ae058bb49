"""Writing one consolidation into the archive and reading back what history and the tables need.

A consolidation is written in one ``BEGIN IMMEDIATE`` transaction: two consolidations at once take turns (the
second waits up to the busy timeout), and one cut off halfway leaves nothing behind. A file already in the
archive (same SHA-256) is linked, not written again; the very same consolidation of the very same files (same
fingerprint) writes nothing at all.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from xl_roadmap.rollup.archive_record import Recording, SubmissionRecord
from xl_roadmap.rollup.history import ArchivedBook, ArchivedFigure
from xl_roadmap.spec.vocabulary import BookStatus


@dataclass(frozen=True)
class Written:
    recorded: int      # books new to the archive
    already: int       # books it held already (linked to this consolidation)
    new_consolidation: bool


def fingerprint(rec: Recording) -> str:
    """What makes two recordings the same consolidation: everything but the time it was made."""
    books = sorted((s.sha256, s.status, s.used) for s in rec.submissions)
    key = [rec.output, rec.period, rec.level_kind, rec.as_of, rec.edition, rec.parameters, books]
    return hashlib.sha256(json.dumps(key, ensure_ascii=False, sort_keys=True, default=str).encode()).hexdigest()


def record(conn: sqlite3.Connection, rec: Recording) -> Written:
    conn.execute("BEGIN IMMEDIATE")
    try:
        written = _record(conn, rec)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return written


def _record(conn: sqlite3.Connection, rec: Recording) -> Written:
    known = {sha: sid for sha, sid in _known(conn, [s.sha256 for s in rec.submissions])}
    already = sum(1 for s in rec.submissions if s.sha256 in known)
    fp = fingerprint(rec)
    if conn.execute("SELECT 1 FROM consolidation WHERE fingerprint = ?", (fp,)).fetchone():
        return Written(recorded=0, already=already, new_consolidation=False)
    cid = conn.execute(
        "INSERT INTO consolidation (fingerprint, made_at, output, period, level_kind, as_of, edition, parameters) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (fp, rec.made_at, rec.output, rec.period, rec.level_kind, rec.as_of, rec.edition,
         json.dumps(rec.parameters, ensure_ascii=False, sort_keys=True, default=str))).lastrowid
    recorded = 0
    for s in rec.submissions:
        sid = known.get(s.sha256)
        if sid is None:
            sid = known[s.sha256] = _insert_submission(conn, s)
            recorded += 1
        conn.execute("INSERT OR IGNORE INTO consolidation_input (consolidation_id, submission_id, status, reason, "
                     "used) VALUES (?, ?, ?, ?, ?)", (cid, sid, s.status, s.reason, int(s.used)))
        if s.used:           # a book first seen rejected (another period) gets its figures once it is summed
            conn.executemany(
                "INSERT OR IGNORE INTO indicator_value (submission_id, row, code, period, numerator, denominator, "
                "value, norm, status, previous_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(sid, f.row, f.code, f.period, f.numerator, f.denominator, f.value, f.norm, f.status,
                  f.previous_from) for f in s.indicators])
            conn.executemany("INSERT OR IGNORE INTO deadline_state (submission_id, state, actions) VALUES (?, ?, ?)",
                             [(sid, state, n) for state, n in s.deadlines])
    return Written(recorded=recorded, already=already, new_consolidation=True)


def owners(conn: sqlite3.Connection) -> set[str]:
    """The codes of the organisations whose roll-ups the archive holds (as given with --org-code)."""
    out = set()
    for (parameters,) in conn.execute("SELECT parameters FROM consolidation"):
        try:
            code = json.loads(parameters).get("org_code")
        except (ValueError, AttributeError):
            continue
        if code and str(code).strip():
            out.add(str(code).strip())
    return out


def _known(conn: sqlite3.Connection, hashes: list[str]) -> Iterator[tuple[str, int]]:
    for i in range(0, len(hashes), 500):          # SQLite's limit of bound parameters
        chunk = hashes[i:i + 500]
        yield from conn.execute(f"SELECT sha256, id FROM submission WHERE sha256 IN ({','.join('?' * len(chunk))})",
                                chunk)


def _insert_submission(conn: sqlite3.Connection, s: SubmissionRecord) -> int:
    return conn.execute(
        "INSERT INTO submission (sha256, file_name, org_code, org_key, org_name, org_kind, level, period, "
        "template_version, edition, received_at, status, reason, actions, evidence, done, done_without_evidence) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (s.sha256, s.file_name, s.org_code, s.org_key, s.org_name, s.org_kind, s.level, s.period,
         s.template_version, s.edition, s.received_at, s.status, s.reason, s.actions, s.evidence, s.done,
         s.done_without_evidence)).lastrowid


# -- reading ------------------------------------------------------------------------------------------------
_ACCEPTED = (BookStatus.ACCEPTED, BookStatus.ACCEPTED_WITH_REMARKS)


def used_books(conn: sqlite3.Connection) -> list[ArchivedBook]:
    """The books some consolidation of their own period summed."""
    rows = conn.execute(
        "SELECT DISTINCT s.id, s.org_code, s.org_key, s.org_name, s.org_kind, s.level, s.period, s.received_at, "
        "s.edition FROM submission s JOIN consolidation_input ci ON ci.submission_id = s.id "
        "JOIN consolidation c ON c.id = ci.consolidation_id WHERE ci.used = 1 AND c.period = s.period "
        f"AND ci.status IN ({','.join('?' * len(_ACCEPTED))})", _ACCEPTED)
    return list(map(ArchivedBook._make, rows))


def own_period_figures(conn: sqlite3.Connection, codes: set[str] | None = None) -> Iterator[ArchivedFigure]:
    """Every book's figures of its own period (``codes``: of these indicators only)."""
    sql = ("SELECT iv.submission_id, iv.code, iv.period, iv.numerator, iv.denominator, iv.value, iv.norm, "
           "iv.status FROM indicator_value iv JOIN submission s ON s.id = iv.submission_id "
           "WHERE iv.period = s.period")
    args: list[Any] = []
    if codes is not None:
        sql += f" AND iv.code IN ({','.join('?' * len(codes))})"
        args = sorted(codes)
    yield from map(ArchivedFigure._make, conn.execute(sql, args))


def book_figures(conn: sqlite3.Connection, periods: set[str]) -> Iterator[ArchivedFigure]:
    """Every book's figures of its own period, and those of periods that are not among ``periods`` (the
    periods books are of: a figure of such a period is that period's books' business — rollup.history)."""
    sql = ("SELECT iv.submission_id, iv.code, iv.period, iv.numerator, iv.denominator, iv.value, iv.norm, "
           "iv.status FROM indicator_value iv JOIN submission s ON s.id = iv.submission_id "
           f"WHERE iv.period = s.period OR iv.period NOT IN ({','.join('?' * len(periods))})")
    yield from map(ArchivedFigure._make, conn.execute(sql, sorted(periods)))


# the tables as an analyst wants them: each row with its organisation and period (xl_roadmap.archive_frames)
TABLES = {
    "submissions": "SELECT id AS submission_id, sha256, file_name, org_code, org_name, org_kind, level, period, "
                   "template_version, edition, received_at, status, reason, actions, evidence, done, "
                   "done_without_evidence FROM submission ORDER BY id",
    "indicators": "SELECT iv.submission_id, s.org_code, s.org_name, s.period AS book_period, s.received_at, "
                  "iv.code, iv.period, iv.numerator, iv.denominator, iv.value, iv.norm, iv.status, "
                  "iv.previous_from FROM indicator_value iv JOIN submission s ON s.id = iv.submission_id "
                  "ORDER BY iv.submission_id, iv.row",
    "deadlines": "SELECT d.submission_id, s.org_code, s.period, d.state, d.actions FROM deadline_state d "
                 "JOIN submission s ON s.id = d.submission_id ORDER BY d.submission_id, d.state",
    "consolidations": "SELECT id AS consolidation_id, made_at, output, period, level_kind, as_of, edition, "
                      "parameters FROM consolidation ORDER BY id",
    "inputs": "SELECT consolidation_id, submission_id, status, reason, used FROM consolidation_input "
              "ORDER BY consolidation_id, submission_id",
}


def table(conn: sqlite3.Connection, name: str) -> tuple[list[str], list[tuple]]:
    cur = conn.execute(TABLES[name])
    return [d[0] for d in cur.description], cur.fetchall()
