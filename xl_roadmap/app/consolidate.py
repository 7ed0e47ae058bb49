"""Use case «Свести» (reading side): files → validated, summarised submissions → a consolidation.

Each input is read and validated by the same code as ``validate`` and summarised into a compact, picklable
:class:`~xl_roadmap.rollup.submission.Submission`, so a process pool can ingest files on both cores.
Writing the roll-up while reading is :mod:`xl_roadmap.app.consolidate_file`.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterable

from xl_roadmap.app.new_book import refusal_for_rollup
from xl_roadmap.app.validate import validate_path
from xl_roadmap.app.workers import reading_pool, use_pool, worker_count
from xl_roadmap.io.expected import read_expected
from xl_roadmap.io.workbook_file import (
    ReadError,
    is_report_copy,
    read_organisation,
    read_workbook,
)
from xl_roadmap.io.xlsx.writer import WorkbookWriter
from xl_roadmap.rollup.book import rollup_content
from xl_roadmap.rollup.consolidation import Consolidation, ExpectedOrg, assemble
from xl_roadmap.rollup.growth import PreviousValues
from xl_roadmap.rollup.plan import Plan, plan_of_book
from xl_roadmap.rollup.submission import Submission, from_organisation, summarise
from xl_roadmap.spec import Spec, default_spec
from xl_roadmap.spec.vocabulary import Level, OrgKind

Progress = Callable[[int, int], None]


def expected_organisations(path: Path) -> list[ExpectedOrg]:
    """The organisations a district expects (``--expected``: CSV or a workbook; code and name per row)."""
    return read_expected(path)


def read_plan(path: Path, spec: Spec | None = None) -> Plan:
    """The district's plan book given to consolidate (``--plan``): the УО book its schools' books were handed down
    from (imported, or typed into the district template) — its actions for schools are what «Исполнение плана»
    holds the books to. ReadError, with the Russian reason, for a file that is no such plan."""
    spec = spec or default_spec()
    data = read_workbook(path, spec)
    kind = data.org_text("org_kind")
    if kind == OrgKind.SCHOOL:
        raise ReadError(path, spec.rollup_text("plan_school_book", kind=kind))
    rollup = refusal_for_rollup(data, spec, "rollup_plan")
    if rollup is not None:
        raise ReadError(path, rollup)
    plan = plan_of_book(str(path), Path(path).name, data.actions, spec)
    if not plan.actions:
        raise ReadError(path, spec.rollup_text("plan_no_actions", school=Level.SCHOOL, both=Level.BOTH,
                                               sheet=spec.sheet("roadmap").name))
    return plan


def _mtime(path: str) -> float:
    try:
        return os.stat(path).st_mtime
    except OSError:
        return 0.0


REPORT_COPY = ("копия книги с отчётом проверки (её делает «xl-roadmap validate --report»): в свод идёт сама "
               "книга школы")
NOT_OURS = "не книга дорожной карты: в ней нет листов шаблона («Сведения», «Показатели», «Дорожная карта»)"


def _skipped(path: str, reason: str) -> Submission:
    return Submission(path=path, sha256=None, mtime=_mtime(path), skip_reason=reason)


def _foreign(report) -> bool:
    """Someone else's workbook in the folder: none of the template's input sheets, not even renamed."""
    missing = sum(1 for f in report.findings if f.code == "sheet-missing")
    return report.read_error is None and missing >= _INPUT_SHEETS and \
        not any(f.code == "sheet-renamed" for f in report.findings)


_INPUT_SHEETS = 3      # «Сведения», «Показатели», «Дорожная карта» (the evidence log may be absent)


def stamp(path: str, spec: Spec | None = None) -> Submission:
    """A quick look at «Сведения» only — code, period, document date — enough to order and de-duplicate
    submissions before the full read (see consolidate_file). Nothing is validated."""
    if is_report_copy(path):
        return _skipped(path, REPORT_COPY)
    try:
        organisation = read_organisation(path, spec or default_spec())
    except ReadError as exc:
        return Submission(path=path, sha256=None, mtime=_mtime(path), read_error=exc.reason)
    return from_organisation(path, _mtime(path), organisation)


def ingest(path: str, as_of: date, spec: Spec | None = None) -> Submission:
    if is_report_copy(path):
        return _skipped(path, REPORT_COPY)
    report = validate_path(path, as_of, spec)
    if _foreign(report):
        return _skipped(path, NOT_OURS)
    return summarise(report, _mtime(path))


def _ingest_default(args: tuple[str, date, bool]) -> Submission:
    sub = ingest(args[0], args[1])
    return sub if args[2] else sub.compact()


def ingest_all(paths: list[Path], as_of: date, spec: Spec, progress: Progress | None = None,
               workers: int | None = None, keep_rows: bool = True) -> list[Submission]:
    """Read and validate every file; a process pool uses the machine's cores for long runs. Without
    ``keep_rows`` the submissions come back compact (summaries and figures only: no roadmap to write)."""
    items = [(str(p), as_of, keep_rows) for p in paths]
    workers = worker_count(workers)
    out: list[Submission] = []
    if use_pool(workers, len(items), spec):
        with reading_pool(workers) as pool:
            for i, sub in enumerate(pool.map(_ingest_default, items, chunksize=8), start=1):
                out.append(sub.share_strings())
                if progress:
                    progress(i, len(items))
    else:
        for i, (p, day, _) in enumerate(items, start=1):
            sub = ingest(p, day, spec)
            out.append(sub if keep_rows else sub.compact())
            if progress:
                progress(i, len(items))
    return out


def consolidate(paths: Iterable[Path], *, as_of: date, spec: Spec | None = None, period: str | None = None,
                expected: list[ExpectedOrg] | None = None, progress: Progress | None = None,
                workers: int | None = None, keep_rows: bool = True, level: int | None = None,
                previous: PreviousValues | None = None, plan: Plan | None = None) -> Consolidation:
    """Read, validate, judge and aggregate. ``keep_rows=False`` when no roll-up will be written from the
    result (figures, register and summaries only); ``level`` (0 schools' books, 1 district roll-ups …) is the
    level summed, by default the majority's; ``previous``: archived values for growth indicators (app.archive);
    ``plan``: the district's plan book (:func:`read_plan`) for «Исполнение плана»."""
    spec = spec or default_spec()
    subs = ingest_all(sorted({Path(p) for p in paths}, key=str), as_of, spec, progress, workers, keep_rows)
    return assemble(subs, spec=spec, as_of=as_of, period=period, expected=expected, level=level,
                    previous=previous, plan=plan)


def write_rollup(c: Consolidation, out, org: dict[str, Any] | None = None) -> Path:
    """Write the roll-up workbook of a consolidation that kept its rows (atomically) and return its path."""
    content = rollup_content(c, org or {})
    return WorkbookWriter(c.spec, c.edition, content, constant_memory=True).save(out)
