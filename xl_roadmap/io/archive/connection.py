"""Opening the archive: WAL (readers never wait for the writer), a busy timeout (a second consolidation waits
for the first one's transaction instead of failing), the schema brought up to date, and every SQLite or system
error turned into one Russian sentence (:class:`ArchiveError`) — never a traceback."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from xl_roadmap.io.archive import schema
from xl_roadmap.io.os_errors import os_reason
from xl_roadmap.spec import Spec

# a district's consolidation records in well under a second, a region's in a few: an archive locked longer is
# held by something else (a copy program, a stuck process), and the roll-up must not wait on it for a minute
BUSY_SECONDS = 20


class ArchiveError(Exception):
    """The archive cannot be used (damaged, newer, busy, not there); the message is for the user."""


def _message(spec: Spec, kind: str, path: Path, **tokens) -> str:
    return spec.archive["messages"][kind].format(path=path, file_name=spec.archive["file_name"], **tokens)


_DETAILS = (("not a database", "это не база данных SQLite"),
            ("malformed", "файл базы данных испорчен или обрезан"),
            ("disk i/o", "файл базы данных не читается (обрезан или испорчен)"))


def _detail(exc: Exception) -> str:
    text = str(exc)
    for marker, russian in _DETAILS:
        if marker in text.lower():
            return russian
    return f"SQLite: {text}"


@contextlib.contextmanager
def translated(path: Path, spec: Spec) -> Iterator[None]:
    """SQLite's and the system's errors inside the block → :class:`ArchiveError` with the spec's message."""
    try:
        yield
    except ArchiveError:
        raise
    except sqlite3.OperationalError as exc:
        text = str(exc).lower()
        if "locked" in text or "busy" in text:
            raise ArchiveError(_message(spec, "busy", path, seconds=BUSY_SECONDS)) from None
        if "readonly" in text or "read-only" in text:
            raise ArchiveError(_message(spec, "unavailable", path, reason="файл или папка только для чтения")) \
                from None
        if "unable to open" in text:
            raise ArchiveError(_message(spec, "unavailable", path, reason="файл не открывается (нет папки или "
                                                                          "прав на неё)")) from None
        raise ArchiveError(_message(spec, "damaged", path, detail=_detail(exc))) from None
    except sqlite3.DatabaseError as exc:      # "file is not a database", "database disk image is malformed"
        raise ArchiveError(_message(spec, "damaged", path, detail=_detail(exc))) from None
    except OSError as exc:
        raise ArchiveError(_message(spec, "unavailable", path, reason=os_reason(exc))) from None


def wait_at_most(conn: sqlite3.Connection, seconds: float) -> None:
    """What is left of a session's patience for the archive's lock (SQLite waits per statement otherwise)."""
    conn.execute(f"PRAGMA busy_timeout = {max(0, int(seconds * 1000))}")


def open_archive(path: Path | str, spec: Spec, *, create: bool = True) -> sqlite3.Connection:
    """The archive at ``path``, its schema brought up to date (created when ``create`` and absent).

    Raises ArchiveError: not there (``create=False``), a folder, not our archive or damaged, of a newer
    schema, busy past the timeout, not writable."""
    path = Path(path)
    if path.is_dir():
        raise ArchiveError(_message(spec, "unavailable", path, reason="это папка, а не файл"))
    if not create and not path.is_file():
        raise ArchiveError(_message(spec, "missing", path))
    with translated(path, spec):
        # autocommit: every write is an explicit BEGIN IMMEDIATE … COMMIT (store.record, schema.migrate)
        conn = sqlite3.connect(str(path), timeout=BUSY_SECONDS, isolation_level=None)
        try:
            _check(conn, path, spec, create)
            if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")    # WAL: durable at checkpoints, never corrupt
            conn.execute("PRAGMA foreign_keys = ON")
            schema.migrate(conn)
        except BaseException:
            conn.close()
            raise
    return conn


def _check(conn: sqlite3.Connection, path: Path, spec: Spec, create: bool) -> None:
    """Someone else's SQLite file, or an archive of a newer schema: refused before anything is written."""
    found = schema.version(conn)          # raises DatabaseError on random bytes
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if (tables or found) and app_id != schema.APPLICATION_ID:
        raise ArchiveError(_message(spec, "damaged", path, detail="в файле чужая база данных SQLite"))
    if found > schema.LATEST:
        raise ArchiveError(_message(spec, "newer", path, found=found, known=schema.LATEST))
    if not create and not tables:
        raise ArchiveError(_message(spec, "damaged", path, detail="файл пуст"))
