"""The archive of consolidations: an embedded SQLite database beside the roll-ups (stdlib ``sqlite3``).

connection (open, WAL, busy timeout, SQLite's errors in Russian), schema (ordered migrations under
``PRAGMA user_version``), store (one consolidation written in one transaction; the books, figures and tables
read back). What is recorded is built by rollup.archive_record; the use cases are app.archive and app.history.
"""

from xl_roadmap.io.archive.connection import ArchiveError, open_archive

__all__ = ["ArchiveError", "open_archive"]
