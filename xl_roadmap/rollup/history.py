"""The history of a district across periods, from what its archive of consolidations holds: per period the
district's aggregate of each indicator — by the same code as the period's roll-up (rollup.aggregation), so the
same numbers — and each organisation's figure.

Which books count: the books a consolidation of their own period summed (accepted, not replaced). When an
organisation has several such books for one period (a corrected book consolidated again), the one received
last counts (then the one recorded last). One level per period — the level most of its books have — so a
region's roll-ups and its schools' books in one archive are never summed together.

Which figures count for a period: when some book is of that period, its figures of that period — the numbers
of that period's roll-up; the previous period's rows a later book also holds are that period's books'
business. A period no book is of (a 2022 plan's figures «за 2021-2022») takes its figures from the books that
hold them, each organisation's latest. A row without a period of its own belongs to its book's period, and an
indicator nobody gave a figure for is no row of the history.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from xl_roadmap.core.chronology import period_key
from xl_roadmap.rollup.aggregation import aggregate_indicators, has_data
from xl_roadmap.rollup.growth import PreviousValues
from xl_roadmap.rollup.matching import Matching
from xl_roadmap.rollup.submission import Submission, code_key
from xl_roadmap.spec import Spec


class ArchivedBook(NamedTuple):
    """One book as summed by a consolidation of its own period (io.archive reads these: tuples, cheap by the
    hundred thousand)."""
    id: int
    org_code: str
    org_key: str
    org_name: str
    org_kind: str
    level: int
    period: str
    received_at: str
    edition: str


class ArchivedFigure(NamedTuple):
    """One figure as recorded; it stands in for a :class:`~xl_roadmap.rollup.submission.Figure` in the
    aggregation (the same fields it reads), so history builds no second object per figure."""
    book: int                      # ArchivedBook.id
    code: str
    period: str
    numerator: float | None
    denominator: float | None
    value: float | None
    norm: float | None
    status: str

    @property
    def name(self) -> str:         # read by the aggregation only for a code the catalogue does not know
        return self.code


class OrgValue(NamedTuple):
    code: str
    name: str
    numerator: float | None
    denominator: float | None
    value: float | None
    status: str

    def to_dict(self) -> dict:
        return self._asdict()


@dataclass
class HistoryRow:
    code: str
    name: str
    period: str
    numerator: float | None
    denominator: float | None
    value: float | None
    norm: float | None
    status: str
    # (organisation code, name) of each source book kept, and the aggregation's (book, figure) pairs: the
    # organisations' values are made when asked for — a district's aggregates come first, its 10⁵ figures
    # only when a table or the JSON shows them
    who: dict[int, tuple[str, str]] = field(default_factory=dict, repr=False)
    sources: list = field(default_factory=list, repr=False)

    @property
    def organisations(self) -> list[OrgValue]:
        who = self.who
        return [OrgValue(*who[id(s)], f.numerator, f.denominator, f.value, f.status)
                for s, f in self.sources if id(s) in who]

    @property
    def has_organisations(self) -> bool:
        return any(id(s) in self.who for s, _ in self.sources)

    def to_dict(self) -> dict:
        return {"code": self.code, "period": self.period, "name": self.name, "numerator": self.numerator,
                "denominator": self.denominator, "value": self.value, "norm": self.norm, "status": self.status,
                "organisations": [o.to_dict() for o in self.organisations]}


@dataclass
class History:
    periods: list[str]
    submissions: int
    rows: list[HistoryRow]

    def to_dict(self) -> dict:
        return {"periods": self.periods, "submissions": self.submissions,
                "indicators": [r.to_dict() for r in self.rows]}

    def indicators(self) -> list[str]:
        return list(dict.fromkeys(r.code for r in self.rows))


def select(books: Iterable[ArchivedBook]) -> dict[str, list[ArchivedBook]]:
    """Period → the books that count for it (one per organisation, the last received), in time order."""
    by_period: dict[str, list[ArchivedBook]] = {}
    for b in books:
        by_period.setdefault(b.period, []).append(b)
    out = {}
    for period in sorted(by_period, key=period_key):
        group = by_period[period]
        levels = Counter(b.level for b in group)
        level = min(levels, key=lambda lv: (-levels[lv], lv))
        latest: dict[str, ArchivedBook] = {}
        for b in group:
            if b.level != level:
                continue
            kept = latest.get(b.org_key)
            if kept is None or (b.received_at, b.id) > (kept.received_at, kept.id):
                latest[b.org_key] = b
        out[period] = sorted(latest.values(), key=lambda b: (b.org_code, b.id))
    return out


def _submission(book: ArchivedBook, figures: list[ArchivedFigure]) -> Submission:
    """The book as the aggregation takes it: its organisation (the level decides how a figure is summed; the
    period is where a row without one belongs) and its figures."""
    return Submission(path=book.org_code, sha256=None, received_at=0.0, edition=book.edition, figures=figures,
                      org={"org_code": book.org_code, "org_name": book.org_name, "org_kind": book.org_kind,
                           "period": book.period})


def _majority(values: Counter):
    return min(values, key=lambda v: (-values[v], v))


def _latest(held: list[tuple[ArchivedBook, list[ArchivedFigure]]]) -> list[tuple[ArchivedBook,
                                                                                  list[ArchivedFigure]]]:
    """Of the books holding a period's figures that no book is of: each organisation's latest, at the level
    most of them have."""
    level = _majority(Counter(b.level for b, _ in held))
    latest: dict[str, tuple[ArchivedBook, list[ArchivedFigure]]] = {}
    for b, figs in held:
        kept = latest.get(b.org_key)
        if b.level == level and (kept is None or _later(b, kept[0])):
            latest[b.org_key] = (b, figs)
    return list(latest.values())


def _later(b: ArchivedBook, than: ArchivedBook) -> bool:
    return (period_key(b.period), b.period, b.received_at, b.id) > \
        (period_key(than.period), than.period, than.received_at, than.id)


def history(books: Iterable[ArchivedBook], figures: Iterable[ArchivedFigure], spec: Spec, *,
            org: str | None = None, indicator: str | None = None) -> History:
    """Per period (in time order) the aggregate of every indicator and each organisation's figure; ``org``
    keeps one organisation's figures (the district's aggregate stays the district's), ``indicator`` one
    indicator (as the history names it: linked entries of other editions are that indicator too)."""
    chosen = select(books)
    by_id = {b.id: b for group in chosen.values() for b in group}
    editions = Counter(b.edition for b in by_id.values())
    # one edition for every period: an indicator keeps its code (its row) from period to period
    edition = (spec.editions.get(_majority(editions)) if editions else None) or spec.edition()
    match = Matching(spec, edition)
    # each book's figures of its own period (a row without one is of it); those of other periods by period
    own: dict[int, list[ArchivedFigure]] = {b: [] for b in by_id}
    other: dict[tuple[str, int], list[ArchivedFigure]] = {}
    for f in figures:
        b = by_id.get(f.book)
        if b is None:
            continue
        if indicator is not None and \
                match.row(b.edition, f.code, b.org_code if b.level else "").code != indicator:
            continue
        if not f.period or f.period == b.period:
            own[f.book].append(f)
        else:
            other.setdefault((f.period, f.book), []).append(f)
    held: dict[str, list[tuple[ArchivedBook, list[ArchivedFigure]]]] = {}
    for period, group in chosen.items():
        held[period] = [(b, own[b.id]) for b in group if own[b.id]]
    for (period, book), figs in other.items():
        if period not in chosen:
            held.setdefault(period, []).append((by_id[book], figs))
    org_key = code_key(org) if org else None
    rows: list[HistoryRow] = []
    order: dict[str, int] = {}
    for period in sorted(held, key=lambda p: (period_key(p), p)):
        taken = held[period] if period in chosen else _latest(held[period])
        subs = [_submission(b, figs) for b, figs in taken]
        who = {id(s): (b.org_code, b.org_name) for s, (b, _) in zip(subs, taken, strict=True)
               if org_key is None or b.org_key == org_key}
        for agg in aggregate_indicators(subs, edition, "", spec):
            # each organisation summed gave figures; only a row named without them need be looked at
            sources = agg.sources if agg.contributors == len(agg.sources) else \
                [(s, f) for s, f in agg.sources if has_data(f)]
            if not sources:
                continue          # named without a figure by every organisation: nothing to show
            order.setdefault(agg.code, len(order))
            rows.append(HistoryRow(
                code=agg.code, name=agg.name, period=agg.period, numerator=agg.numerator,
                denominator=agg.denominator, value=agg.value, norm=agg.norm, status=agg.status, who=who,
                sources=sources))
    rows.sort(key=lambda r: (order[r.code], period_key(r.period), r.period))
    if org_key is not None:
        rows = [r for r in rows if r.has_organisations]
    periods = list(dict.fromkeys(r.period for r in sorted(rows, key=lambda r: (period_key(r.period), r.period))))
    return History(periods=periods, submissions=sum(len(g) for g in chosen.values()), rows=rows)


def previous_values(books: Iterable[ArchivedBook], figures: Iterable[ArchivedFigure],
                    codes: set[str]) -> PreviousValues:
    """The current-period figures of ``codes`` (the growth indicators) by organisation, as history selects
    books: what the next period's growth indicators compare with."""
    chosen = {b.id: b for group in select(books).values() for b in group}
    values: dict[tuple[str, str], list[tuple[str, float]]] = {}
    for f in figures:
        b = chosen.get(f.book)
        if b is None or f.code not in codes or f.period != b.period or f.numerator is None:
            continue
        values.setdefault((b.org_key, f.code), []).append((f.period, f.numerator))
    return PreviousValues({k: tuple(v) for k, v in values.items()})
