"""Use case «Свести»: many workbooks (schools, or districts' roll-ups) → one roll-up one level up.

Each input is read and validated by the same code as ``validate`` and summarised into a compact, picklable
:class:`Submission` (so a process pool can ingest files on both cores). Aggregation follows the catalogue's
rule per indicator — Σnumerators/Σdenominators, never a mean of percentages — and works unchanged one level
up because a roll-up keeps its Σnumerators and Σdenominators on its own «Показатели» sheet.
"""

from __future__ import annotations

import os
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from sys import intern
from typing import Any, Callable, Iterable

from . import deadlines as dl
from . import indicators as ind
from .analysis import ROLLUP_LEVELS
from .findings import ERROR, NOTE, WARNING
from .io.reader import ReadError, WorkbookReader
from .model import Cell, WorkbookData
from .spec import Edition, Indicator, Spec, default_spec
from .validation import FileReport, validate_path

ACCEPTED = "принят"
ACCEPTED_WITH_REMARKS = "принят с замечаниями"
REJECTED = "отклонён"
REPLACED = "заменён более поздним"
LEVEL_NAMES = ("ОО", "УО", "регион")
DUPLICATE_RULE = ("из нескольких книг одной организации берётся книга с более поздним отчётным периодом, "
                  "при равенстве — с более поздней датой документа, затем более новый файл; книги другого "
                  "отчётного периода, чем у свода, в выборе не участвуют (они отклонены)")


@dataclass(slots=True)
class Figure:
    """One indicator row of one submission, with where each number came from."""
    code: str
    period: str
    name: str
    numerator: float | None
    denominator: float | None
    value: float | None
    norm: float | None
    status: str
    sheet: str
    cells: dict[str, str]          # column id → address (numerator, denominator, value)


@dataclass
class Submission:
    path: str
    sha256: str | None
    mtime: float
    read_error: str | None = None
    org: dict[str, Any] = field(default_factory=dict)
    org_cells: dict[str, str] = field(default_factory=dict)
    org_sheet: str = ""
    positions: dict[str, dict[str, int]] = field(default_factory=dict)   # sheet id → column id → column (1-based)
    counts: dict[str, int] = field(default_factory=dict)
    findings: list[dict] = field(default_factory=list)
    edition: str = ""
    period_end: date | None = None
    figures: list[Figure] = field(default_factory=list)
    actions: list[dict] = field(default_factory=list)
    evidence: list[dict] = field(default_factory=list)
    status: str = ""
    reason: str = ""
    # what the summary sheets need, kept when the rows themselves are dropped (see compact())
    action_count: int = 0
    evidence_count: int = 0
    deadline_states: dict[str, int] = field(default_factory=dict)
    done_count: int = 0
    done_without_evidence: list[Any] = field(default_factory=list)   # action numbers as written

    @property
    def name(self) -> str:
        return os.path.basename(self.path)

    def share_strings(self) -> "Submission":
        """Let the texts that repeat in every school's figures (codes, names, periods, sheets, column ids and
        addresses) be one object each: a district keeps every school's figures until the end."""
        for fig in self.figures:
            fig.code, fig.period, fig.name = intern(fig.code), intern(fig.period), intern(fig.name)
            fig.status, fig.sheet = intern(fig.status), intern(fig.sheet)
            fig.cells = {intern(k): intern(v) for k, v in fig.cells.items()}
        return self

    def compact(self) -> "Submission":
        """Drop the roadmap and evidence rows (and where their columns were) once they are written: a
        thousand schools' rows would otherwise stay in memory until the end."""
        self.actions, self.evidence, self.positions = [], [], {}
        return self

    @property
    def code(self) -> str:
        return str(self.org.get("org_code") or "")

    @property
    def level(self) -> int:
        return ROLLUP_LEVELS.get(self.org.get("org_kind"), 0)

    @property
    def is_rollup(self) -> bool:
        return self.level > 0

    @property
    def accepted(self) -> bool:
        return self.status in (ACCEPTED, ACCEPTED_WITH_REMARKS)


def summarise(report: FileReport, mtime: float) -> Submission:
    """Keep from a validated file only what the roll-up needs (plain, picklable data)."""
    sub = Submission(path=report.path, sha256=report.sha256, mtime=mtime, read_error=report.read_error)
    if report.analysis is None:
        return sub
    a = report.analysis
    data = a.data
    _take_organisation(sub, data.organisation)
    sub.counts = {ERROR: report.count(ERROR), WARNING: report.count(WARNING), NOTE: report.count(NOTE)}
    sub.findings = [f.to_dict() for f in report.findings if f.severity == ERROR][:5]
    sub.edition = a.edition.id
    sub.positions = {k: dict(v) for k, v in data.column_positions.items()}
    sub.period_end = a.period.end if a.period else None
    for r in a.indicators:
        if not r.code:
            continue
        sub.figures.append(Figure(code=r.code, period=period_label(r.row.text("period")), name=r.row.text("name"),
                                  numerator=r.numerator, denominator=r.denominator, value=r.value, norm=r.norm,
                                  status=r.status, sheet=r.row.sheet,
                                  cells={c: r.row[c].address for c in ("numerator", "denominator", "value")}))
    for act in a.actions:
        if not act.row.text("action"):
            continue
        row = {k: c.value for k, c in act.row.cells.items()}
        row.update(_state=act.state, _end=act.deadline.end, _kind=act.deadline.kind, _sheet=act.row.sheet,
                   _row=act.row.row, _evidence=act.evidence_count)
        sub.actions.append(row)
    for e in data.evidence:
        row = {k: c.value for k, c in e.cells.items()}
        row.update(_sheet=e.sheet, _row=e.row)
        sub.evidence.append(row)
    sub.action_count, sub.evidence_count = len(sub.actions), len(sub.evidence)
    sub.deadline_states = dict(Counter(a["_state"] for a in sub.actions))
    done = [a for a in sub.actions if a["_state"] == dl.DONE and str(a.get("status") or "").lower() == dl.DONE]
    sub.done_count = len(done)
    sub.done_without_evidence = [a.get("no") for a in done if not a["_evidence"]]
    return sub


@lru_cache(maxsize=256)      # a district writes a handful of period texts, thousands of times
def period_label(text: str) -> str:
    """«2024/2025», «2024 - 2025 уч. г.» → «2024-2025»: one indicator's rows are summed per period, however the
    period was spelled; text that is no period stays as written."""
    period = dl.parse_period(text)
    return period.text if period else text


def _take_organisation(sub: Submission, organisation: dict[str, Cell]) -> None:
    sub.org = {k: (c.value.strip() if isinstance(c.value, str) else c.value) for k, c in organisation.items()}
    sub.org_cells = {k: c.address for k, c in organisation.items()}
    sub.org_sheet = next(iter(organisation.values())).sheet if organisation else ""


def _mtime(path: str) -> float:
    try:
        return os.stat(path).st_mtime
    except OSError:
        return 0.0


def stamp(path: str, spec: Spec | None = None) -> Submission:
    """A quick look at «Сведения» only — code, period, document date — enough to order and de-duplicate
    submissions before the full read (see consolidate_to_file). Nothing is validated."""
    spec = spec or default_spec()
    sub = Submission(path=path, sha256=None, mtime=_mtime(path))
    try:
        organisation = WorkbookReader(spec).read_organisation(path)
    except ReadError as exc:
        sub.read_error = exc.reason
        return sub
    _take_organisation(sub, organisation)
    period = dl.parse_period(WorkbookData(path, "", organisation, [], [], []).org_text("period"))
    sub.period_end = period.end if period else None
    return sub


def ingest(path: str, as_of: date, spec: Spec | None = None) -> Submission:
    return summarise(validate_path(path, as_of, spec), _mtime(path))


def _ingest_default(args: tuple[str, date, bool]) -> Submission:
    sub = ingest(args[0], args[1])
    return sub if args[2] else sub.compact()


def ingest_all(paths: list[Path], as_of: date, spec: Spec, progress: Callable[[int, int], None] | None = None,
               workers: int | None = None, keep_rows: bool = True) -> list[Submission]:
    """Read and validate every file; a process pool uses the machine's cores for long runs. Without
    ``keep_rows`` the submissions come back compact (summaries and figures only: no roadmap to write)."""
    items = [(str(p), as_of, keep_rows) for p in paths]
    workers = workers if workers is not None else min(os.cpu_count() or 1, 4)
    out: list[Submission] = []
    if workers > 1 and len(items) >= 16 and spec is default_spec():
        with ProcessPoolExecutor(max_workers=workers) as pool:
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


@dataclass
class ExpectedOrg:
    code: str
    name: str


@dataclass
class AggregateRow:
    code: str
    period: str
    entry: Indicator | None
    name: str
    numerator: float | None
    denominator: float | None
    value: float | None
    norm: float | None
    status: str
    contributors: int
    below_norm: int
    sources: list[tuple[Submission, Figure]]


@dataclass
class Consolidation:
    spec: Spec
    edition: Edition
    as_of: date
    period: str
    level_kind: str                      # "УО" for a district roll-up, "регион" one level up
    submissions: list[Submission]        # readable, in a stable order (organisation code, then file)
    unreadable: list[Submission]
    used: list[Submission]               # accepted and not replaced by a duplicate
    duplicates: list[tuple[str, Submission, Submission]]   # (code, kept, replaced)
    missing: list[ExpectedOrg]
    unexpected: list[Submission]
    aggregates: list[AggregateRow]

    @property
    def rejected(self) -> list[Submission]:
        return [s for s in self.submissions if s.status == REJECTED]

    def deadline_counts(self, sub: Submission | None = None) -> dict[str, int]:
        subs = [sub] if sub is not None else self.used
        states: Counter = Counter()
        for s in subs:
            states.update(s.deadline_states)
        return {"overdue": states.get("просрочено", 0), "missing": states.get("срок не указан", 0),
                "unparsed": states.get("срок не распознан", 0)}

    def to_dict(self) -> dict:
        return {
            "organisations": len({s.code or s.path for s in self.submissions}),
            "accepted": sum(1 for s in self.submissions if s.accepted),
            "rejected": len(self.rejected),
            "missing": [{"code": m.code, "name": m.name} for m in self.missing],
            "duplicates": [{"code": code, "kept": kept.path, "replaced": dropped.path}
                           for code, kept, dropped in self.duplicates],
            "unreadable": [{"path": s.path, "reason": s.read_error} for s in self.unreadable],
            "indicators": [{"code": a.code, "period": a.period, "numerator": a.numerator,
                            "denominator": a.denominator, "value": a.value, "norm": a.norm,
                            "below_norm": a.status == ind.NOT_ACHIEVED, "organisations_below_norm": a.below_norm}
                           for a in self.aggregates],
            "deadlines": self.deadline_counts(),
        }


def _period_key(sub: Submission) -> tuple:
    doc = sub.org.get("doc_date")
    return (sub.period_end or date.min, doc if isinstance(doc, date) else date.min, sub.mtime, sub.path)


def judge(sub: Submission, period: str | None, level: int = 0) -> None:
    """Status and reason of one readable submission; ``level``: the level this consolidation sums (see
    :func:`input_level`)."""
    errors = sub.counts.get(ERROR, 0)
    if errors:
        sub.status, sub.reason = REJECTED, f"ошибок: {errors}" + _first_error(sub)
    elif sub.level != level:
        sub.status, sub.reason = REJECTED, wrong_level(sub.level, level)
    elif period and dl.parse_period(sub.org.get("period")) != dl.parse_period(period):
        sub.status, sub.reason = REJECTED, f"другой отчётный период «{sub.org.get('period') or ''}»"
    elif sub.counts.get(WARNING, 0) or sub.counts.get(NOTE, 0):
        sub.status = ACCEPTED_WITH_REMARKS
    else:
        sub.status = ACCEPTED


def aggregate_indicators(used: list[Submission], edition: Edition, period: str = "") -> list[AggregateRow]:
    """One row per (indicator, period) the inputs hold, by the catalogue's rule; plus an empty row for each
    district-entered indicator of the roll-up's ``period`` that no input holds — the place where the
    district types it (the region then sums the districts' entries)."""
    groups: dict[tuple[str, str], list[tuple[Submission, Figure]]] = {}
    for sub in used:
        for fig in sub.figures:
            groups.setdefault((fig.code, fig.period), []).append((sub, fig))
    own_period = period_label(period)
    if own_period:
        for e in edition.indicators:
            if e.aggregation == "district_entered":
                groups.setdefault((e.code, own_period), [])
    order = {e.code: i for i, e in enumerate(edition.indicators)}
    rows = []
    for (code, period), sources in sorted(groups.items(), key=lambda kv: (order.get(kv[0][0], 10**6), kv[0])):
        entry = edition.get(code)
        name = entry.name if entry else sources[0][1].name
        norm = entry.norm if entry else sources[0][1].norm
        below = sum(1 for _, f in sources if f.status == ind.NOT_ACHIEVED)
        if entry is None:
            rows.append(AggregateRow(code, period, None, name, None, None, None, norm, ind.NO_DATA, 0, below, sources))
            continue
        contributions = [ind.Contribution(f.numerator, f.denominator, f.value, s.is_rollup) for s, f in sources]
        agg = ind.aggregate(entry.kind, entry.multiplier, entry.aggregation, contributions)
        rows.append(AggregateRow(code, period, entry, name, agg.numerator, agg.denominator, agg.value, norm,
                                 ind.status(agg.value, norm, entry.direction), agg.contributors, below, sources))
    return rows


def consolidate(paths: Iterable[Path], *, as_of: date, spec: Spec | None = None, period: str | None = None,
                expected: list[ExpectedOrg] | None = None, progress: Callable[[int, int], None] | None = None,
                workers: int | None = None, keep_rows: bool = True) -> Consolidation:
    """Read, validate, judge and aggregate. ``keep_rows=False`` when no roll-up will be written from the
    result (figures, register and summaries only)."""
    spec = spec or default_spec()
    subs = ingest_all(sorted({Path(p) for p in paths}, key=str), as_of, spec, progress, workers, keep_rows)
    return assemble(subs, spec=spec, as_of=as_of, period=period, expected=expected)


def majority_period(readable: list[Submission]) -> str:
    """The roll-up's period when none is given: the one most submissions state (ties: the smallest text)."""
    periods = Counter(str(s.org.get("period") or "") for s in readable if s.org.get("period"))
    return min(periods, key=lambda p: (-periods[p], p)) if periods else ""


def _first_error(sub: Submission) -> str:
    """Enough for the district to call the school: where the first error is and what it says."""
    if not sub.findings:
        return ""
    f = sub.findings[0]
    where = f"{f['sheet']}!{f['cell']}" if f.get("cell") else f["sheet"]
    return f"; первая: {where} — {f['message']}"


def input_level(readable: list[Submission]) -> int:
    """The level this consolidation sums: schools' books (0), district roll-ups (1), regional ones (2). Two
    levels at once would count a school twice when its district's roll-up lies beside its book (a roll-up
    saved into the schools' folder), so the level most inputs have wins (ties: the lower) and books of other
    levels are rejected with a reason."""
    levels = Counter(s.level for s in readable)
    return min(levels, key=lambda lv: (-levels[lv], lv)) if levels else 0


def wrong_level(found: int, level: int) -> str:
    what = "книга ОО" if found == 0 else f"свод уровня «{LEVEL_NAMES[found]}»"
    among = "книг ОО" if level == 0 else f"сводов уровня «{LEVEL_NAMES[level]}»"
    fix = ("его организации сосчитались бы дважды — уберите этот свод из папки с книгами; если это не свод, "
           "исправьте «Тип организации» на листе «Сведения»" if found > level
           else "сводятся книги одного уровня — включите её в свод своего уровня")
    return f"{what} среди {among}: {fix}"


def order_key(sub: Submission) -> tuple[str, str]:
    """Submissions are listed by organisation code, then file: the same order whatever the input order."""
    return (sub.code, sub.path)


_LOOKALIKES = str.maketrans("АВЕКМНОРСТХУ", "ABEKMHOPCTXY")   # Cyrillic letters typed for Latin ones
_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-"})


def code_key(code: Any) -> str:
    """An organisation code as compared: «оо-01», «ОО–01 » and «OO-01» (Latin) name one organisation."""
    return "".join(str(code or "").split()).upper().translate(_DASHES).translate(_LOOKALIKES)


def find_duplicates(readable: list[Submission], period: str | None = None) -> list[tuple[str, Submission,
                                                                                          Submission]]:
    """(code, kept, replaced) for every organisation that sent more than one book (see DUPLICATE_RULE). With a
    ``period``, only books of that period compete: a book of another period is rejected on its own and must
    not replace the one that belongs in this roll-up."""
    wanted = dl.parse_period(period) if period else None
    by_code: dict[str, list[Submission]] = {}
    for s in sorted(readable, key=order_key):
        if wanted is not None and dl.parse_period(s.org.get("period")) != wanted:
            continue
        by_code.setdefault(code_key(s.code) or s.path, []).append(s)
    out = []
    for group in by_code.values():
        if len(group) > 1:
            ranked = sorted(group, key=_period_key, reverse=True)
            out.extend((ranked[0].code or ranked[0].path, ranked[0], dropped) for dropped in ranked[1:])
    return out


def assemble(subs: list[Submission], *, spec: Spec, as_of: date, period: str | None = None,
             expected: list[ExpectedOrg] | None = None) -> Consolidation:
    """Judge, order and de-duplicate ingested submissions and aggregate the used ones."""
    readable = [s for s in subs if s.read_error is None]
    unreadable = [s for s in subs if s.read_error is not None]
    if period is None:
        period = majority_period(readable)
    level = input_level(readable)
    for s in readable:
        judge(s, period, level)
    readable.sort(key=order_key)
    duplicates = find_duplicates(readable, period)
    for _, kept, dropped in duplicates:
        dropped.status, dropped.reason = REPLACED, f"дубликат: взята книга {kept.name}"
    used = [s for s in readable if s.accepted]
    level_kind = "регион" if level > 0 else "УО"
    editions = Counter(s.edition for s in used)
    edition = spec.editions.get(min(editions, key=lambda e: (-editions[e], e))) if editions else spec.edition()
    missing, unexpected = [], []
    if expected is not None:
        sent = {code_key(s.code) for s in readable}
        missing = [e for e in expected if code_key(e.code) not in sent]
        known = {code_key(e.code) for e in expected}
        unexpected = [s for s in readable if code_key(s.code) not in known]
    return Consolidation(spec=spec, edition=edition, as_of=as_of, period=period, level_kind=level_kind,
                         submissions=readable, unreadable=sorted(unreadable, key=lambda s: s.path), used=used,
                         duplicates=duplicates, missing=missing, unexpected=unexpected,
                         aggregates=aggregate_indicators(used, edition, period))
