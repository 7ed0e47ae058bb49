"""Use case ``xl-roadmap history``: the archive of consolidations → per period the district's aggregate of each
indicator and each organisation's figure (rollup.history), and the trend workbook (io.xlsx.trends); the
archive's tables as plain columns and rows (xl_roadmap.analysis turns them into DataFrames)."""

from __future__ import annotations

import contextlib
import gc
from datetime import datetime
from pathlib import Path

from xl_roadmap.core.chronology import period_key
from xl_roadmap.io.archive import open_archive, store
from xl_roadmap.io.archive.connection import translated
from xl_roadmap.io.xlsx.trends import write_trends
from xl_roadmap.rollup.history import History, history
from xl_roadmap.spec import Spec, default_spec


def archive_history(path: Path, *, org: str | None = None, indicator: str | None = None,
                    spec: Spec | None = None) -> History:
    """Raises ArchiveError (app.errors) when the archive is not there, damaged or of a newer schema."""
    spec = spec or default_spec()
    conn = open_archive(path, spec, create=False)
    try:
        with translated(Path(path), spec), _no_collector_passes():
            books = store.used_books(conn)
            return history(books, store.book_figures(conn, {b.period for b in books}), spec, org=org,
                           indicator=indicator)
    finally:
        conn.close()


@contextlib.contextmanager
def _no_collector_passes():
    """History makes a few hundred thousand tuples that hold no reference cycles; the cyclic collector would
    walk them again and again as they are made (measured: half the time of a 10-period history)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def empty_message(org: str | None, indicator: str | None, spec: Spec | None = None) -> str:
    spec = spec or default_spec()
    parts = [f"организации {org}" if org else "", f"по показателю {indicator}" if indicator else ""]
    shown = " ".join(p for p in parts if p)
    return spec.archive["trends"]["empty"].format(filter=f" ({shown})" if shown else "")


def write_trend_book(h: History, out: Path, archive: Path, spec: Spec | None = None) -> Path:
    """The trend workbook (atomically). Raises OutputError when ``out`` cannot be written."""
    return write_trends(h, out, spec or default_spec(), archive_name=Path(archive).name,
                        made=f"{datetime.now():%d.%m.%Y %H:%M}")


def archive_tables(path: Path, spec: Spec | None = None) -> dict[str, tuple[list[str], list[tuple]]]:
    """Every table of the archive (io.archive.store.TABLES) as (columns, rows)."""
    spec = spec or default_spec()
    conn = open_archive(path, spec, create=False)
    try:
        with translated(Path(path), spec):
            return {name: store.table(conn, name) for name in store.TABLES}
    finally:
        conn.close()


def period_order(periods) -> list[str]:
    """Period texts in time order (core.chronology), for a door that sorts them."""
    return sorted({str(p) for p in periods}, key=period_key)
