"""Use case «Свести» into a file: every book read once, on every core; memory stays flat.

1. worker processes read and validate every file — every book of a letter or an archive of attachments too
   (app.intake: an archive a few members at a time) — in any order, as fast as they can; a book that may go into
   the roll-up (readable, ours, without errors) has its roadmap, evidence and «Происхождение» rows rendered
   there too, as ready XML (io.xlsx.sheet_xml), and put aside in a temporary file; the main process keeps
   only each book's compact summary;
2. the summaries are judged, ordered and de-duplicated exactly as :func:`app.consolidate.consolidate` does
   (rollup.consolidation.assemble);
3. the used books' rows go into the open workbook in roll-up order, and the rest — aggregates, register,
   matrix, summaries — is written by the same code as :func:`app.consolidate.write_rollup`.

The content equals ``write_rollup(consolidate(...))``. Nothing is written when no input is readable.
"""

from __future__ import annotations

import os
import pickle
import shutil
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Iterator

from xl_roadmap.app.consolidate import Progress
from xl_roadmap.app.intake import Unit, ingest_unit, stamp, units
from xl_roadmap.app.workers import reading_pool, use_pool, worker_count
from xl_roadmap.core import formulas
from xl_roadmap.core.content import EXTRA_FIRST_ROW, ExtraSheet
from xl_roadmap.io.atomic import OutputError, same_file
from xl_roadmap.io.xlsx.shared_strings import LocalStrings
from xl_roadmap.io.xlsx.sheet_xml import MARKS, ReadyRows, as_template, extra_rows, table_rows, token
from xl_roadmap.io.xlsx.writer import WorkbookWriter
from xl_roadmap.rollup.blocks import Numbering, school_block
from xl_roadmap.rollup.book import rollup_content, sheet_ids
from xl_roadmap.rollup.consolidation import Consolidation, ExpectedOrg, assemble
from xl_roadmap.rollup.growth import PreviousValues
from xl_roadmap.rollup.judging import input_level
from xl_roadmap.rollup.plan import Plan
from xl_roadmap.rollup.provenance import provenance_sheet
from xl_roadmap.rollup.submission import Submission
from xl_roadmap.rules.findings import ERROR
from xl_roadmap.spec import Spec, default_spec
from xl_roadmap.spec.vocabulary import RollupSheet

_CHUNK = 4          # files a worker takes at a time


def consolidate_to_file(paths, out: Path, org: dict[str, Any] | None = None, *, as_of: date,
                        spec: Spec | None = None, period: str | None = None,
                        expected: list[ExpectedOrg] | None = None, progress: Progress | None = None,
                        workers: int | None = None, level: int | None = None,
                        previous: PreviousValues | None = None, plan: Plan | None = None) -> Consolidation:
    """Consolidate ``paths`` and write the roll-up to ``out`` (atomically); nothing is written when no input
    is readable (``result.submissions`` is empty). Returns the consolidation, its submissions compact (their
    rows are in the file). ``previous``: archived values for growth indicators (app.archive); ``plan``: the
    district's plan book (app.consolidate.read_plan) for «Исполнение плана». Raises OutputError when ``out``
    cannot be written."""
    spec = spec or default_spec()
    ordered = sorted({str(Path(p)) for p in paths})
    inputs, previous_output = _without_output(ordered, out)
    parts = units(inputs)
    workers = worker_count(workers)
    pool = reading_pool(workers) if use_pool(workers, len(parts), spec) else None
    aside = tempfile.mkdtemp(prefix="xl-roadmap-")
    try:
        # the roll-up's own sheets are added once the books are read: which of them it has depends on them
        with WorkbookWriter(spec, None, None, constant_memory=True).streaming(out, []) as w:
            work = _Work(as_of, w.styles if pool is not None and w.takes_xml else None, aside)
            subs, kept = [], {}
            for k, read in enumerate(_read_all(parts, work, spec, pool), start=1):
                for sub, place in read:
                    subs.append(sub.share_strings())
                    if place is not None:
                        kept[sub.path] = place
                if progress:
                    progress(k, len(parts))
            _check_previous_output(previous_output, subs, out)
            result = assemble(subs, spec=spec, as_of=as_of, period=period, expected=expected, level=level,
                              previous=previous, plan=plan)
            if not result.submissions:
                w.discard()
                return result
            w.add_extra_sheets(_extra_sheets(spec, sheet_ids(result)))
            placed = _Placed(spec)
            for sub in result.used:
                placed.write(w, *_taken_back(kept[sub.path], sub))
            w.edition = result.edition
            w.content = rollup_content(result, org or {}, streamed=(placed.actions, placed.evidence))
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        shutil.rmtree(aside, ignore_errors=True)
    return result


def _without_output(ordered: list[str], out: Path) -> tuple[list[str], str | None]:
    """The inputs without ``out`` when it is among them (a roll-up saved into the folder it sums, made again):
    that file is looked at only, and judged once the others are read (:func:`_check_previous_output`)."""
    is_out = [same_file(p, out) for p in ordered]        # one look per input: each is a stat call
    if not any(is_out):
        return ordered, None
    return [p for p, hit in zip(ordered, is_out) if not hit], next(p for p, hit in zip(ordered, is_out) if hit)


def _check_previous_output(path: str | None, subs: list[Submission], out: Path) -> None:
    """``out`` found among the inputs is replaced when it is a roll-up above the level of the other inputs —
    the previous result of this very consolidation. Any other input is never overwritten: OutputError."""
    if path is None:
        return
    previous = stamp(path)
    if previous.read_error is None and not previous.skip_reason and \
            previous.level > input_level([s for s in subs if s.read_error is None and not s.skip_reason]):
        return
    raise OutputError(f"файл свода «{out}» — одна из входных книг, а входные книги не изменяются. Укажите для "
                      f"свода другой файл.")


PROTECTED = {"--expected": "список ожидаемых организаций", "--plan": "план УО"}


def guard_output(out: Path, inputs=(), *, overwrite: bool = False, protected: dict[str, Path | None] | None = None) -> None:
    """Before a consolidation: OutputError when writing ``out`` would lose something. An existing ``out`` is
    replaced when it is a roll-up (the previous result of this consolidation, made again — the usual case) or
    with ``overwrite``; a school's book or any other file is not. ``protected`` files (option → file: the list of
    expected organisations, the district's plan) are inputs too and are never written. An ``out`` among the
    ``inputs`` is judged when they are read (``_without_previous_output``)."""
    for option, path in (protected or {}).items():
        if path is not None and same_file(path, out):
            raise OutputError(f"файл свода «{out}» — это {PROTECTED[option]} ({option}), а входные файлы "
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


def _extra_sheets(spec: Spec, ids: tuple[str, ...]) -> list[ExtraSheet]:
    """The roll-up's extra sheets (``ids``, in their order). Only «Происхождение» is streamed; the others get
    their titles, headers and rows from rollup_content at the end."""
    return [ExtraSheet(name=spec.rollup_sheet(sheet_id).name, title="", headers=[], widths=[], rows=[])
            if sheet_id != RollupSheet.PROVENANCE else provenance_sheet(spec, []) for sheet_id in ids]


@dataclass(frozen=True)
class _Work:
    """What a worker needs besides the file: the date, the styles to render with (None: the rows are written
    cell by cell), the folder where a book's rows are put aside."""
    as_of: date
    styles: dict | None
    aside: str


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
    joined = "\n".join(texts)          # one search each instead of one per text
    if MARKS[0] in joined or MARKS[1] in joined:
        return True
    # a text shaped like XlsxWriter's raw rich-string XML is written as a rich string (LiteralTextWorksheet)
    return "<r>" in joined and any(t.startswith("<r>") and t.endswith("</r>") for t in texts)


def read_for_rollup(unit: Unit, work: _Work, spec: Spec | None = None) -> list[tuple[Submission, str | None]]:
    """Read and validate one unit of the inputs (a file, a letter, some members of an archive: app.intake);
    each book that may go into the roll-up has its rows rendered (or, when they cannot be, the whole submission)
    put aside in a file of ``work.aside``, named in the result. The submissions come back compact. Runs in a
    worker process: most of the roll-up's work happens here."""
    spec = spec or default_spec()
    return [_put_aside(sub, work, spec) for sub in ingest_unit(unit, work.as_of, spec)]


def _put_aside(sub: Submission, work: _Work, spec: Spec) -> tuple[Submission, str | None]:
    if sub.read_error is not None or sub.skip_reason or sub.counts.get(ERROR, 0):
        return sub.compact(), None       # never used: a book with errors is rejected whatever the plan
    kept = rendered(spec, sub, work.styles) if work.styles is not None and not _has_marks(sub) else sub
    fd, place = tempfile.mkstemp(dir=work.aside, suffix=".pickle")
    with os.fdopen(fd, "wb") as fh:
        pickle.dump(kept, fh, protocol=pickle.HIGHEST_PROTOCOL)
    return sub.compact(), place


def _taken_back(place: str, sub: Submission) -> tuple[Submission, Rendered | None]:
    """What :func:`read_for_rollup` put aside for ``sub``: its rendered rows, or the whole submission."""
    with open(place, "rb") as fh:
        kept = pickle.load(fh)
    os.remove(place)
    return (sub, kept) if isinstance(kept, Rendered) else (kept, None)


def rendered(spec: Spec, sub: Submission, styles: dict) -> Rendered:
    """A school's roll-up rows as ready XML, wherever in the roll-up they will land (row tokens)."""
    block = school_block(spec, sub, numbering=_Tokens(spec, 0, 0))
    road = spec.sheet("roadmap")
    counts = formulas.evidence_counts(block.actions, block.evidence)
    parts = LocalStrings(), LocalStrings(), LocalStrings()      # one per sheet: each is placed after its head
    # the numbers each block's fields take: its rows, and the evidence running numbers (from 1)
    offsets = {"R": len(block.actions), "E": len(block.evidence), "N": len(block.evidence) + 1,
               "P": len(block.provenance)}
    return Rendered(
        roadmap=ReadyRows(as_template(table_rows(spec, road, block.actions, [{"evidence_count": n} for n in counts],
                                                 styles, lambda k: token("R", k), parts[0])),
                          len(block.actions), parts[0], offsets),
        evidence=ReadyRows(as_template(table_rows(spec, spec.sheet("evidence"), block.evidence,
                                                  [{}] * len(block.evidence), styles, lambda k: token("E", k),
                                                  parts[1])),
                           len(block.evidence), parts[1], offsets),
        provenance=ReadyRows(as_template(extra_rows(block.provenance, styles, lambda k: token("P", k),
                                                    strings=parts[2])),
                             len(block.provenance), parts[2], offsets),
        checks=formulas.roadmap_selfcheck_counts(block.actions, block.evidence))


def _read_for_rollup_default(unit: Unit, work: _Work) -> list[tuple[Submission, str | None]]:
    return read_for_rollup(unit, work)


def _read_all(parts: list[Unit], work: _Work, spec: Spec,
              pool: ProcessPoolExecutor | None) -> Iterator[list[tuple[Submission, str | None]]]:
    if pool is None:
        for unit in parts:
            yield read_for_rollup(unit, work, spec)
        return
    yield from pool.map(_read_for_rollup_default, parts, [work] * len(parts), chunksize=_CHUNK)
