"""Use case «Свести» (reading side): files → validated, summarised submissions → a consolidation.

Each input — a book, a saved letter, an archive of attachments (app.intake) — is read and validated by the same
code as ``validate`` and summarised into compact, picklable
:class:`~xl_roadmap.rollup.submission.Submission` objects, so a process pool can ingest files on both cores.
Writing the roll-up while reading is :mod:`xl_roadmap.app.consolidate_file`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterable

from xl_roadmap.app.intake import NOT_OURS, REPORT_COPY, Unit, ingest, ingest_unit, stamp, units  # noqa: F401
from xl_roadmap.app.new_book import refusal_for_rollup
from xl_roadmap.app.workers import reading_pool, use_pool, worker_count
from xl_roadmap.io.expected import read_expected
from xl_roadmap.io.workbook_file import ReadError, read_workbook
from xl_roadmap.io.xlsx.writer import WorkbookWriter
from xl_roadmap.rollup.book import rollup_content
from xl_roadmap.rollup.consolidation import Consolidation, ExpectedOrg, assemble
from xl_roadmap.rollup.growth import PreviousValues
from xl_roadmap.rollup.plan import Plan, plan_of_book
from xl_roadmap.rollup.submission import Submission
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


def _ingest_default(args: tuple[Unit, date, bool]) -> list[Submission]:
    subs = ingest_unit(args[0], args[1])
    return subs if args[2] else [sub.compact() for sub in subs]


def ingest_all(paths: list[Path], as_of: date, spec: Spec, progress: Progress | None = None,
               workers: int | None = None, keep_rows: bool = True) -> list[Submission]:
    """Read and validate every input (each unit of it: app.intake); a process pool uses the machine's cores for
    long runs. Without ``keep_rows`` the submissions come back compact (summaries and figures only: no roadmap to
    write)."""
    items = [(unit, as_of, keep_rows) for unit in units(paths)]
    workers = worker_count(workers)
    out: list[Submission] = []
    if use_pool(workers, len(items), spec):
        with reading_pool(workers) as pool:
            for i, subs in enumerate(pool.map(_ingest_default, items, chunksize=8), start=1):
                out.extend(sub.share_strings() for sub in subs)
                if progress:
                    progress(i, len(items))
    else:
        for i, (unit, day, _) in enumerate(items, start=1):
            subs = ingest_unit(unit, day, spec)
            out.extend(subs if keep_rows else [sub.compact() for sub in subs])
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
