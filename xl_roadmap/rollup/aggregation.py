"""Indicators rolled up one level by the catalogue's rule — Σnumerators/Σdenominators, never a mean of
percentages — one row per (indicator, period) the used submissions hold, period by period."""

from __future__ import annotations

from dataclasses import dataclass

from xl_roadmap.core import indicators as ind
from xl_roadmap.core.chronology import period_key
from xl_roadmap.rollup.submission import Figure, Submission, period_label
from xl_roadmap.spec import Edition, Indicator


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
    is_rollup = {id(s): s.is_rollup for s in used}     # once per book, not once per figure (history sums 10⁵)
    rows = []
    # period by period (in time order), each in the catalogue's order — as a school's «Показатели» lists its
    # rows: so each school's figures line up with the roll-up's rows and columns, and «Происхождение» traces
    # them as ranges instead of cell by cell
    keys = {period: period_key(period) for _, period in groups}
    for (code, period), sources in sorted(groups.items(), key=lambda kv: (keys[kv[0][1]], kv[0][1],
                                                                          order.get(kv[0][0], 10**6), kv[0][0])):
        entry = edition.get(code)
        name = entry.name if entry else sources[0][1].name
        norm = entry.norm if entry else sources[0][1].norm
        below = sum(1 for _, f in sources if f.status == ind.NOT_ACHIEVED)
        if entry is None:
            rows.append(AggregateRow(code, period, None, name, None, None, None, norm, ind.NO_DATA, 0, below, sources))
            continue
        contributions = [ind.Contribution(f.numerator, f.denominator, f.value, is_rollup[id(s)]) for s, f in sources]
        agg = ind.aggregate(entry.kind, entry.multiplier, entry.aggregation, contributions)
        rows.append(AggregateRow(code, period, entry, name, agg.numerator, agg.denominator, agg.value, norm,
                                 ind.status(agg.value, norm, entry.direction), agg.contributors, below, sources))
    return rows
