"""Use case: a consolidation recorded into the archive of consolidations (io.archive), and what it takes from it.

By default the archive is one file in the roll-up's folder (workbook.json → archive.file_name): a district that
consolidates every quarter into a new file keeps one archive across its periods. The archive never stands in
the way of a roll-up: when it is damaged, of a newer schema or busy, the roll-up is written all the same and
:class:`ArchiveOutcome` says why nothing was recorded.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from xl_roadmap.io.archive import ArchiveError, open_archive, store
from xl_roadmap.io.archive.connection import BUSY_SECONDS, translated, wait_at_most
from xl_roadmap.rollup.archive_record import recording
from xl_roadmap.rollup.consolidation import Consolidation
from xl_roadmap.rollup.growth import PreviousValues
from xl_roadmap.rollup.history import previous_values
from xl_roadmap.spec import Spec, default_spec


def default_archive(out: Path, spec: Spec | None = None) -> Path:
    """The archive beside a roll-up: one fixed name in its folder, shared by every period's roll-up."""
    return Path(out).parent / (spec or default_spec()).archive["file_name"]


@dataclass
class ArchiveOutcome:
    path: Path
    recorded: int = 0           # books new to the archive
    already: int = 0            # books it held already
    problem: str | None = None  # why nothing was recorded (the roll-up is written anyway)

    def to_dict(self) -> dict:
        return {"path": str(self.path), "recorded": self.recorded, "already": self.already,
                "problem": self.problem}


class ArchiveSession:
    """One consolidation's use of the archive: open it, read what growth indicators need, record the result.
    Any problem is kept in ``outcome.problem``, and the session does nothing more."""

    def __init__(self, path: Path, spec: Spec | None = None):
        self.spec = spec or default_spec()
        self.outcome = ArchiveOutcome(Path(path))
        # one consolidation waits for a locked archive BUSY_SECONDS in all, not that long per statement
        self._deadline = time.monotonic() + BUSY_SECONDS
        self._conn: sqlite3.Connection | None = None
        # an archive not there yet is made when there is something to record: a consolidation that fails
        # (an output that names an input, a folder without books) leaves no new file behind
        if Path(path).exists():
            self._open()

    def _open(self) -> None:
        try:
            self._conn = open_archive(self.outcome.path, self.spec)
        except ArchiveError as exc:
            self.outcome.problem = str(exc)

    def previous(self) -> PreviousValues | None:
        """Archived current-period figures of every growth indicator the catalogue knows (rollup.growth)."""
        if self._conn is None:
            return None
        codes = {e.code for ed in self.spec.editions.values() for e in ed.indicators if e.kind == "growth"}
        wait_at_most(self._conn, self._deadline - time.monotonic())
        try:
            with translated(self.outcome.path, self.spec):
                return previous_values(store.used_books(self._conn), store.own_period_figures(self._conn, codes),
                                       codes)
        except ArchiveError as exc:
            self._fail(str(exc))
            return None

    def record(self, result: Consolidation, out: Path, parameters: dict[str, Any]) -> ArchiveOutcome:
        if self._conn is None and self.outcome.problem is None and result.submissions:
            self._open()
        if self._conn is not None:
            wait_at_most(self._conn, self._deadline - time.monotonic())
        if self._conn is not None and result.submissions and not self._owned_by_another(parameters):
            rec = recording(result, Path(out).name, parameters, datetime.now().astimezone())
            try:
                with translated(self.outcome.path, self.spec):
                    written = store.record(self._conn, rec)
                self.outcome.recorded, self.outcome.already = written.recorded, written.already
            except ArchiveError as exc:
                self._fail(str(exc))
        self.close()
        return self.outcome

    def _owned_by_another(self, parameters: dict[str, Any]) -> bool:
        """An archive is one organisation's: history adds up every book an archive holds for a period, so two
        districts' roll-ups recorded into one archive (two roll-ups saved in one folder) would be summed as one."""
        code = str(parameters.get("org_code") or "").strip()
        if not code:
            return False
        try:
            with translated(self.outcome.path, self.spec):
                others = sorted(c for c in store.owners(self._conn) if c.casefold() != code.casefold())
        except ArchiveError as exc:
            self._fail(str(exc))
            return True
        if others:
            self._fail(self.spec.archive["messages"]["other_owner"].format(
                path=self.outcome.path, owners=", ".join(others), code=code))
        return bool(others)

    def _fail(self, problem: str) -> None:
        self.outcome.problem = problem
        self.close()

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def consolidate_recorded(paths, out: Path, org: dict[str, Any] | None = None, *, archive: Path | None,
                         parameters: dict[str, Any] | None = None, **options) -> tuple[Consolidation,
                                                                                       ArchiveOutcome | None]:
    """:func:`app.consolidate_file.consolidate_to_file` with the archive: growth indicators left without the
    previous period take it from ``archive``, and the result is recorded there. ``archive=None``: no archive
    (the outcome is None). ``options``: those of consolidate_to_file."""
    from xl_roadmap.app.consolidate_file import consolidate_to_file

    if archive is None:
        return consolidate_to_file(paths, out, org, **options), None
    session = ArchiveSession(archive, options.get("spec"))
    try:
        result = consolidate_to_file(paths, out, org, previous=session.previous(), **options)
    except BaseException:
        session.close()
        raise
    return result, session.record(result, out, parameters or {})
