"""Use case «Свести» into a file: reading and writing overlap, memory stays flat.

A district of a thousand schools spends most of its time writing the roll-up, not reading the schools. So the
roll-up is written while the schools are still being read:

1. a quick look at every file's «Сведения» (:func:`app.consolidate.stamp`) fixes the order (organisation code,
   then file), the period and which duplicates are replaced — before any full read;
2. worker processes read and validate the files in that order (a bounded window ahead of the writer); each
   used school's roadmap, evidence and «Происхождение» rows go into the open workbook as soon as it arrives,
   and the school is kept only as a compact summary;
3. the rest — aggregates, register, matrix, summaries — is written at the end by the same code as
   :func:`app.consolidate.write_rollup`.

The plan of step 1 is checked against the full reads: if any file said something else on the second look
(changed meanwhile, or readable only in part), the streamed file is discarded and the roll-up is written again
the plain way. Either way the content equals ``write_rollup(consolidate(...))``.
"""

from __future__ import annotations

from collections import deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Iterator

from xl_roadmap.app.consolidate import Progress, consolidate, ingest, stamp, write_rollup
from xl_roadmap.app.workers import use_pool, worker_count
from xl_roadmap.core import formulas
from xl_roadmap.core.content import EXTRA_FIRST_ROW, ExtraSheet
from xl_roadmap.io.atomic import OutputError, same_file
from xl_roadmap.io.xlsx.shared_strings import LocalStrings
from xl_roadmap.io.xlsx.sheet_xml import MARKS, ReadyRows, as_template, extra_rows, table_rows, token
from xl_roadmap.io.xlsx.writer import WorkbookWriter
from xl_roadmap.rollup.blocks import Numbering, school_block
from xl_roadmap.rollup.book import rollup_content
from xl_roadmap.rollup.consolidation import Consolidation, ExpectedOrg, assemble
from xl_roadmap.rollup.growth import PreviousValues
from xl_roadmap.rollup.judging import choose, find_duplicates, input_level, judge
from xl_roadmap.rollup.provenance import provenance_sheet
from xl_roadmap.rollup.submission import Submission, order_key
from xl_roadmap.spec import Spec, default_spec
from xl_roadmap.spec.vocabulary import RollupSheet

_WINDOW_PER_WORKER = 8       # files read ahead of the writer: enough to keep the workers busy, little memory


def consolidate_to_file(paths, out: Path, org: dict[str, Any] | None = None, *, as_of: date,
                        spec: Spec | None = None, period: str | None = None,
                        expected: list[ExpectedOrg] | None = None, progress: Progress | None = None,
                        workers: int | None = None, level: int | None = None,
                        previous: PreviousValues | None = None) -> Consolidation:
    """Consolidate ``paths`` and write the roll-up to ``out`` (atomically); nothing is written when no input
    is readable (``result.submissions`` is empty). Returns the consolidation, its submissions compact (their
    rows are in the file). ``previous``: archived values for growth indicators (app.archive). Raises
    OutputError when ``out`` cannot be written."""
    spec = spec or default_spec()
    ordered = sorted({str(Path(p)) for p in paths})
    workers = worker_count(workers)
    pool = ProcessPoolExecutor(max_workers=workers) if use_pool(workers, len(ordered), spec) else None
    try:
        plan = _Plan.look(ordered, out, period, spec, pool, level)
        result = None
        if plan.readable:
            result = _streamed(plan, out, org or {}, as_of=as_of, spec=spec, period=period, expected=expected,
                               progress=progress, pool=pool, workers=workers, level=level, previous=previous)
    finally:
        if pool is not None:
            pool.shutdown()
    if result is not None:
        return result
    # nothing readable, or the first look was wrong about some file: the plain way (everything read again,
    # then written — and nothing written when no file is readable)
    result = consolidate(plan.inputs, as_of=as_of, spec=spec, period=period, expected=expected, workers=workers,
                         level=level, previous=previous)
    if result.submissions:
        write_rollup(result, out, org)
    return result


@dataclass(frozen=True)
class _Plan:
    """What a first look at every «Сведения» decides before any full read."""
    inputs: list[str]           # the inputs, without a previous roll-up in ``out``
    order: list[str]            # readable ones by organisation code, then the unreadable
    readable: int
    period: str
    level: int
    replaced: frozenset         # files a later book of the same organisation replaces

    @classmethod
    def look(cls, ordered: list[str], out: Path, period: str | None, spec: Spec,
             pool: ProcessPoolExecutor | None, level: int | None = None) -> "_Plan":
        stamps = list(pool.map(stamp, ordered, chunksize=16)) if pool else [stamp(p, spec) for p in ordered]
        stamps = _without_previous_output(stamps, out)
        readable = sorted((s for s in stamps if s.read_error is None and not s.skip_reason), key=order_key)
        chosen = choose(readable, period, level)
        replaced = frozenset(dropped.path for _, _, dropped in find_duplicates(readable, chosen.period))
        order = [s.path for s in readable] + [s.path for s in stamps if s.read_error is not None or s.skip_reason]
        return cls([s.path for s in stamps], order, len(readable), chosen.period, chosen.level, replaced)


def _streamed(plan: _Plan, out: Path, org: dict[str, Any], *, as_of: date, spec: Spec, period: str | None,
              expected: list[ExpectedOrg] | None, progress: Progress | None, pool: ProcessPoolExecutor | None,
              workers: int, level: int | None = None,
              previous: PreviousValues | None = None) -> Consolidation | None:
    """The roll-up written while the books are read; None (and nothing written) when the full reads choose
    other books than the plan did."""
    with WorkbookWriter(spec, None, None, constant_memory=True).streaming(out, _extra_sheets(spec)) as w:
        styles = w.styles if pool is not None and w.takes_xml else None
        work = _Work(as_of, plan.period, plan.level, plan.replaced, styles)
        placed = _Placed(spec)
        subs: list[Submission] = []
        streamed_used: list[str] = []
        for k, (sub, rendered) in enumerate(_ingest_in_order(plan.order, work, spec, pool, workers), start=1):
            if sub.read_error is None and sub.accepted and sub.path not in plan.replaced:
                placed.write(w, sub, rendered)
                streamed_used.append(sub.path)
            subs.append(sub.compact().share_strings())
            if progress:
                progress(k, len(plan.order))
        result = assemble(subs, spec=spec, as_of=as_of, period=period, expected=expected, level=level,
                          previous=previous)
        if not result.submissions or [s.path for s in result.used] != streamed_used:
            w.discard()
            return None
        w.edition = result.edition
        w.content = rollup_content(result, org, streamed=(placed.actions, placed.evidence))
    return result


def guard_output(out: Path, inputs=(), *, overwrite: bool = False, protected: tuple[Path, ...] = ()) -> None:
    """Before a consolidation: OutputError when writing ``out`` would lose something. An existing ``out`` is
    replaced when it is a roll-up (the previous result of this consolidation, made again — the usual case) or
    with ``overwrite``; a school's book or any other file is not. ``protected`` files (the list of expected
    organisations) are inputs too and are never written. An ``out`` among the ``inputs`` is judged when they are
    read (``_without_previous_output``)."""
    for path in protected:
        if same_file(path, out):
            raise OutputError(f"файл свода «{out}» — это список ожидаемых организаций (--expected), а входные файлы "
                              f"не изменяются. Укажите для свода другой файл.")
    if overwrite or not out.exists() or any(same_file(p, out) for p in inputs):
        return
    if out.is_dir():
        raise OutputError(f"«{out}» — это папка; укажите файл свода, например «{out / 'свод.xlsx'}»")
    found = stamp(str(out))
    if found.read_error is None and not found.skip_reason and found.level > 0:
        return
    readable = found.read_error is None and not found.skip_reason
    what = f"книга организации «{found.org.get('org_name') or found.code}»" if readable else "не свод xl-roadmap"
    raise OutputError(f"файл «{out}» уже есть, и это {what} — он не перезаписан, чтобы не потерять данные. "
                      f"Укажите для свода другой файл или добавьте --overwrite.")


def _without_previous_output(stamps: list[Submission], out: Path) -> list[Submission]:
    """``out`` found among the inputs (a roll-up saved into the folder it sums, now made again) is left out
    and replaced when it is a roll-up above the level of the other inputs — the previous result of this very
    consolidation. Any other input is never overwritten: OutputError."""
    is_out = [same_file(s.path, out) for s in stamps]       # one look per input: each is a stat call
    if not any(is_out):
        return stamps
    rest = [s for s, hit in zip(stamps, is_out) if not hit]
    previous = next(s for s, hit in zip(stamps, is_out) if hit)
    if previous.read_error is None and previous.level > input_level([s for s in rest if s.read_error is None]):
        return rest
    raise OutputError(f"файл свода «{out}» — одна из входных книг, а входные книги не изменяются. Укажите для "
                      f"свода другой файл.")


class _Placed:
    """How many roadmap, evidence and «Происхождение» rows are in the file: where the next school goes."""

    def __init__(self, spec: Spec):
        self.spec = spec
        self.actions = self.evidence = self.provenance = 0

    def write(self, w: WorkbookWriter, sub: Submission, rendered: Rendered | None) -> None:
        if rendered is not None:
            first = self.spec.first_data_row
            bases = {"R": first + self.actions, "E": first + self.evidence, "N": self.evidence,
                     "P": EXTRA_FIRST_ROW + self.provenance}
            provenance = self.spec.rollup_sheet(RollupSheet.PROVENANCE).name
            w.append_xml("roadmap", rendered.roadmap, bases)
            w.append_xml("evidence", rendered.evidence, bases)
            w.append_xml(provenance, rendered.provenance, bases)
            w.add_checks(rendered.checks)
            sizes = rendered.roadmap.rows, rendered.evidence.rows, rendered.provenance.rows
        else:                       # rendered here, cell by cell (no pool, or texts holding the token marks)
            block = school_block(self.spec, sub, self.actions, self.evidence)
            w.append_block(block.actions, block.evidence)
            w.append_extra(self.spec.rollup_sheet(RollupSheet.PROVENANCE).name, block.provenance)
            sizes = len(block.actions), len(block.evidence), len(block.provenance)
        self.actions += sizes[0]
        self.evidence += sizes[1]
        self.provenance += sizes[2]


def _extra_sheets(spec: Spec) -> list[ExtraSheet]:
    """The roll-up's extra sheets in their order. Only «Происхождение» is streamed; the others get their
    titles, headers and rows from rollup_content at the end."""
    return [ExtraSheet(name=spec.rollup_sheet(sheet_id).name, title="", headers=[], widths=[], rows=[])
            for sheet_id in RollupSheet.ORDER if sheet_id != RollupSheet.PROVENANCE] + [provenance_sheet(spec, [])]


@dataclass(frozen=True)
class _Work:
    """What a worker needs besides the file: the date, the plan's period, level and replaced files, the
    styles."""
    as_of: date
    period: str
    level: int
    replaced: frozenset
    styles: dict | None


@dataclass
class Rendered:
    """A used school's streamed rows as ready XML with row and text tokens (io.xlsx.sheet_xml)."""
    roadmap: ReadyRows
    evidence: ReadyRows
    provenance: ReadyRows
    checks: dict[str, int]


class _Tokens(Numbering):
    def action_row(self, k: int) -> str:
        return token("R", k)

    def evidence_row(self, k: int) -> str:
        return token("E", k)

    def evidence_no(self, k: int) -> str:
        return token("N", k + 1)


def _has_marks(sub: Submission) -> bool:
    texts = [sub.name, sub.org_sheet, str(sub.org.get("org_name") or "")]
    lines = sub.actions + sub.evidence
    texts += [line.sheet for line in lines]
    texts += [v for line in lines for v in line.values.values() if isinstance(v, str)]
    # a text shaped like XlsxWriter's raw rich-string XML is written as a rich string (LiteralTextWorksheet)
    return any(m in t for t in texts for m in MARKS) or any(t.startswith("<r>") and t.endswith("</r>")
                                                            for t in texts)


def ingest_rendered(path: str, work: _Work, spec: Spec | None = None) -> tuple[Submission, Rendered | None]:
    """Read, validate and judge one file; a used school's rows come back rendered, the submission compact.
    Runs in a worker process: this is where most of the writing work happens."""
    spec = spec or default_spec()
    sub = ingest(path, work.as_of, spec)
    if sub.read_error is not None or sub.skip_reason:
        return sub, None
    judge(sub, work.period, work.level)
    if work.styles is None or not sub.accepted or path in work.replaced or _has_marks(sub):
        return sub, None
    block = school_block(spec, sub, numbering=_Tokens(spec, 0, 0))
    road = spec.sheet("roadmap")
    counts = formulas.evidence_counts(block.actions, block.evidence)
    parts = LocalStrings(), LocalStrings(), LocalStrings()      # one per sheet: each is placed after its head
    # the numbers each block's fields take: its rows, and the evidence running numbers (from 1)
    offsets = {"R": len(block.actions), "E": len(block.evidence), "N": len(block.evidence) + 1,
               "P": len(block.provenance)}
    rendered = Rendered(
        roadmap=ReadyRows(as_template(table_rows(spec, road, block.actions, [{"evidence_count": n} for n in counts],
                                                 work.styles, lambda k: token("R", k), parts[0])),
                          len(block.actions), parts[0], offsets),
        evidence=ReadyRows(as_template(table_rows(spec, spec.sheet("evidence"), block.evidence,
                                                  [{}] * len(block.evidence), work.styles, lambda k: token("E", k),
                                                  parts[1])),
                           len(block.evidence), parts[1], offsets),
        provenance=ReadyRows(as_template(extra_rows(block.provenance, work.styles, lambda k: token("P", k),
                                                    strings=parts[2])),
                             len(block.provenance), parts[2], offsets),
        checks=formulas.roadmap_selfcheck_counts(block.actions, block.evidence))
    return sub.compact(), rendered


def _ingest_rendered_default(path: str, work: _Work) -> tuple[Submission, Rendered | None]:
    return ingest_rendered(path, work)


def _ingest_in_order(plan: list[str], work: _Work, spec: Spec, pool: ProcessPoolExecutor | None,
                     workers: int) -> Iterator[tuple[Submission, Rendered | None]]:
    """Full reads in plan order; with a pool, at most a window of files is read ahead of the consumer."""
    if pool is None:
        for path in plan:
            yield ingest_rendered(path, work, spec)
        return
    window: deque = deque()
    pending = iter(plan)
    limit = workers * _WINDOW_PER_WORKER
    for path in pending:
        window.append(pool.submit(_ingest_rendered_default, path, work))
        if len(window) >= limit:
            break
    while window:
        result = window.popleft().result()
        nxt = next(pending, None)
        if nxt is not None:
            window.append(pool.submit(_ingest_rendered_default, nxt, work))
        yield result
