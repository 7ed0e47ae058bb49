"""Use case «Свести» into a file: reading and writing overlap, memory stays flat.

A district of a thousand schools spends most of its time writing the roll-up, not reading the schools. So the
roll-up is written while the schools are still being read:

1. a quick look at every file's «Сведения» (:func:`consolidation.stamp`) fixes the order (organisation code,
   then file), the period and which duplicates are replaced — before any full read;
2. worker processes read and validate the files in that order (a bounded window ahead of the writer); each
   used school's roadmap, evidence and «Происхождение» rows go into the open workbook as soon as it arrives,
   and the school is kept only as a compact summary;
3. the rest — aggregates, register, matrix, summaries — is written at the end by the same code as
   :func:`rollup.write_rollup`.

The plan of step 1 is checked against the full reads: if any file said something else on the second look
(changed meanwhile, or readable only in part), the streamed file is discarded and the roll-up is written again
the plain way. Either way the content equals ``write_rollup(consolidate(...))``.
"""

from __future__ import annotations

import os
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterator

from .consolidation import (
    Consolidation,
    ExpectedOrg,
    Submission,
    assemble,
    consolidate,
    find_duplicates,
    ingest,
    judge,
    majority_period,
    order_key,
    stamp,
)
from .io.workbook_writer import WorkbookWriter
from .rollup import (
    CHARTS,
    DEADLINES,
    EVIDENCE,
    MATRIX,
    REGISTER,
    ExtraSheet,
    provenance_sheet,
    rollup_content,
    school_block,
    write_rollup,
)
from .spec import Spec, default_spec

Progress = Callable[[int, int], None]
_WINDOW_PER_WORKER = 8       # files read ahead of the writer: enough to keep the workers busy, little memory
_PARALLEL_FROM = 16          # fewer files are read in this process: starting workers would cost more


class _PlanChanged(Exception):
    """A file's full read disagrees with its first look: the streamed roll-up cannot be trusted."""


def consolidate_to_file(paths, out: Path, org: dict[str, Any] | None = None, *, as_of: date,
                        spec: Spec | None = None, period: str | None = None,
                        expected: list[ExpectedOrg] | None = None, progress: Progress | None = None,
                        workers: int | None = None) -> Consolidation:
    """Consolidate ``paths`` and write the roll-up to ``out`` (atomically); nothing is written when no input
    is readable (``result.submissions`` is empty). Returns the consolidation, its submissions compact (their
    rows are in the file). Raises OutputError when ``out`` cannot be written."""
    spec = spec or default_spec()
    ordered = sorted({str(Path(p)) for p in paths})
    workers = workers if workers is not None else min(os.cpu_count() or 1, 4)
    parallel = workers > 1 and len(ordered) >= _PARALLEL_FROM and spec is default_spec()
    pool = ProcessPoolExecutor(max_workers=workers) if parallel else None
    try:
        stamps = list(pool.map(stamp, ordered, chunksize=16)) if pool else [stamp(p, spec) for p in ordered]
        readable = sorted((s for s in stamps if s.read_error is None), key=order_key)
        chosen_period = period if period is not None else majority_period(readable)
        replaced = {dropped.path for _, _, dropped in find_duplicates(readable)}
        plan = [s.path for s in readable] + [s.path for s in stamps if s.read_error is not None]
        subs: list[Submission] = []
        streamed_used: list[str] = []
        try:
            if not readable:
                raise _PlanChanged()      # nothing to write: the plain way lists why each file failed
            writer = WorkbookWriter(spec, None, None, constant_memory=True)
            with writer.streaming(out, _extra_sheets()) as w:
                n_actions = n_evidence = 0
                for k, sub in enumerate(_ingest_in_order(plan, as_of, spec, pool, workers), start=1):
                    if sub.read_error is None:
                        judge(sub, chosen_period)
                        if sub.path not in replaced and sub.accepted:
                            block = school_block(spec, sub, n_actions, n_evidence)
                            w.append_block(block.actions, block.evidence)
                            w.append_extra(PROVENANCE_NAME, block.provenance)
                            n_actions += len(block.actions)
                            n_evidence += len(block.evidence)
                            streamed_used.append(sub.path)
                    subs.append(sub.compact())
                    if progress:
                        progress(k, len(plan))
                result = assemble(subs, spec=spec, as_of=as_of, period=period, expected=expected)
                if not result.submissions or [s.path for s in result.used] != streamed_used:
                    raise _PlanChanged()
                w.edition = result.edition
                w.content = rollup_content(result, org or {}, streamed=(n_actions, n_evidence))
            return result
        except _PlanChanged:
            pass
    finally:
        if pool is not None:
            pool.shutdown()
    # nothing readable, or the first look was wrong about some file: the plain way (everything read again,
    # then written — and nothing written when no file is readable)
    result = consolidate(ordered, as_of=as_of, spec=spec, period=period, expected=expected, workers=workers)
    if result.submissions:
        write_rollup(result, out, org)
    return result


PROVENANCE_NAME = provenance_sheet([]).name


def _extra_sheets() -> list[ExtraSheet]:
    """The roll-up's extra sheets in their order. Only «Происхождение» is streamed; the others get their
    titles, headers and rows from rollup_content at the end."""
    return [ExtraSheet(name=name, title="", headers=[], widths=[], rows=[])
            for name in (REGISTER, MATRIX, CHARTS, DEADLINES, EVIDENCE)] + [provenance_sheet([])]


def _ingest_in_order(plan: list[str], as_of: date, spec: Spec, pool: ProcessPoolExecutor | None,
                     workers: int) -> Iterator[Submission]:
    """Full reads in plan order; with a pool, at most a window of files is read ahead of the consumer."""
    if pool is None:
        for path in plan:
            yield ingest(path, as_of, spec)
        return
    window: deque = deque()
    pending = iter(plan)
    limit = workers * _WINDOW_PER_WORKER
    for path in pending:
        window.append(pool.submit(ingest, path, as_of))
        if len(window) >= limit:
            break
    while window:
        sub = window.popleft().result()
        nxt = next(pending, None)
        if nxt is not None:
            window.append(pool.submit(ingest, nxt, as_of))
        yield sub
