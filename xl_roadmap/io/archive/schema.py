"""The archive's schema as ordered migrations: ``PRAGMA user_version`` is the number of those applied.

A migration is never edited once released — a new one is appended. An archive with a higher version than
this program knows was written by a newer xl-roadmap: it is left alone (connection says so).
"""

from __future__ import annotations

import sqlite3

# 0x58524D41, «XRMA»: tells our archive from any other SQLite file someone points --archive at
APPLICATION_ID = 1481788737

MIGRATIONS: tuple[str, ...] = (
    # 1: consolidations, the books they saw (each file once, by SHA-256), the figures of the books summed
    """
    CREATE TABLE consolidation (
        id INTEGER PRIMARY KEY,
        fingerprint TEXT NOT NULL UNIQUE,      -- the same consolidation of the same files is recorded once
        made_at TEXT NOT NULL,
        output TEXT NOT NULL,
        period TEXT NOT NULL,
        level_kind TEXT NOT NULL,
        as_of TEXT NOT NULL,
        edition TEXT NOT NULL,
        parameters TEXT NOT NULL               -- JSON: the options as given
    );
    CREATE TABLE submission (
        id INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL UNIQUE,
        file_name TEXT NOT NULL,
        org_code TEXT NOT NULL,
        org_key TEXT NOT NULL,
        org_name TEXT NOT NULL,
        org_kind TEXT NOT NULL,
        level INTEGER NOT NULL,
        period TEXT NOT NULL,
        template_version TEXT NOT NULL,
        edition TEXT NOT NULL,
        received_at TEXT NOT NULL,
        status TEXT NOT NULL,                  -- as first recorded; per consolidation: consolidation_input
        reason TEXT NOT NULL,
        actions INTEGER NOT NULL,
        evidence INTEGER NOT NULL,
        done INTEGER NOT NULL,
        done_without_evidence INTEGER NOT NULL
    );
    CREATE INDEX submission_org ON submission (org_key, period);
    CREATE TABLE consolidation_input (
        consolidation_id INTEGER NOT NULL REFERENCES consolidation (id),
        submission_id INTEGER NOT NULL REFERENCES submission (id),
        status TEXT NOT NULL,
        reason TEXT NOT NULL,
        used INTEGER NOT NULL,                 -- summed into that roll-up
        PRIMARY KEY (consolidation_id, submission_id)
    );
    CREATE INDEX consolidation_input_submission ON consolidation_input (submission_id);
    CREATE TABLE indicator_value (
        submission_id INTEGER NOT NULL REFERENCES submission (id),
        row INTEGER NOT NULL,
        code TEXT NOT NULL,
        period TEXT NOT NULL,
        numerator REAL,
        denominator REAL,
        value REAL,
        norm REAL,
        status TEXT NOT NULL,
        previous_from TEXT NOT NULL,           -- the period an empty growth denominator was taken from
        PRIMARY KEY (submission_id, row)
    ) WITHOUT ROWID;
    CREATE TABLE deadline_state (
        submission_id INTEGER NOT NULL REFERENCES submission (id),
        state TEXT NOT NULL,
        actions INTEGER NOT NULL,
        PRIMARY KEY (submission_id, state)
    ) WITHOUT ROWID;
    """,
)

LATEST = len(MIGRATIONS)


def version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(conn: sqlite3.Connection) -> None:
    """Apply the migrations the archive lacks, each in its own transaction; the version is read again after
    the write lock is taken, so two consolidations starting at once migrate it once."""
    while version(conn) < LATEST:
        conn.execute("BEGIN IMMEDIATE")
        try:
            current = version(conn)
            if current < LATEST:
                for statement in _statements(MIGRATIONS[current]):
                    conn.execute(statement)
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version = {current + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


def _statements(script: str) -> list[str]:
    """The script's statements one by one: ``executescript`` would commit the open transaction first."""
    lines = [line.split("--", 1)[0] for line in script.splitlines()]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
