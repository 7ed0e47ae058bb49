"""The history of a district across periods, from what its archive of consolidations holds: per period the
district's aggregate of each indicator — by the same code as the period's roll-up (rollup.aggregation), so the
same numbers — and each organisation's figure.

Which books count: the books a consolidation of their own period summed (accepted, not replaced). When an
organisation has several such books for one period (a corrected book consolidated again), the one received
last counts (then the one recorded last). A period counts the figures of its own period only: the previous
period's rows a book also holds are that period's books' business. One level per period — the level most of
its books have — so a region's roll-ups and its schools' books in one archive are never summed together.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from xl_roadmap.core.chronology import period_key
from xl_roadmap.rollup.aggregation import aggregate_indicators
from xl_roadmap.rollup.growth import PreviousValues
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
    """The book as the aggregation takes it: its organisation (the level decides how a figure is summed) and
    its figures."""
    return Submission(path=book.org_code, sha256=None, mtime=0.0, edition=book.edition, figures=figures,
                      org={"org_code": book.org_code, "org_name": book.org_name, "org_kind": book.org_kind})


def history(books: Iterable[ArchivedBook], figures: Iterable[ArchivedFigure], spec: Spec, *,
            org: str | None = None, indicator: str | None = None) -> History:
    """Per period (in time order) the aggregate of every indicator and each organisation's figure; ``org``
    keeps one organisation's figures (the district's aggregate stays the district's), ``indicator`` one
    indicator."""
    chosen = select(books)
    own: dict[int, list[ArchivedFigure]] = {b.id: [] for group in chosen.values() for b in group}
    period_of = {b.id: b.period for group in chosen.values() for b in group}
    for f in figures:
        kept = own.get(f.book)
        if kept is not None and f.period == period_of[f.book] and (indicator is None or f.code == indicator):
            kept.append(f)
    org_key = code_key(org) if org else None
    rows: list[HistoryRow] = []
    order: dict[str, int] = {}
    for group in chosen.values():
        editions = Counter(b.edition for b in group)
        edition = spec.editions.get(min(editions, key=lambda e: (-editions[e], e))) or spec.edition()
        subs = [_submission(b, own[b.id]) for b in group]
        who = {id(s): (b.org_code, b.org_name) for s, b in zip(subs, group, strict=True)
               if org_key is None or b.org_key == org_key}
        for agg in aggregate_indicators(subs, edition, ""):
            order.setdefault(agg.code, len(order))
            rows.append(HistoryRow(
                code=agg.code, name=agg.name, period=agg.period, numerator=agg.numerator,
                denominator=agg.denominator, value=agg.value, norm=agg.norm, status=agg.status, who=who,
                sources=agg.sources))
    rows.sort(key=lambda r: (order[r.code], period_key(r.period)))
    if org_key is not None:
        rows = [r for r in rows if r.has_organisations]
    return History(periods=[p for p in chosen if any(r.period == p for r in rows)],
                   submissions=sum(len(g) for g in chosen.values()), rows=rows)


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
