"""Indicators rolled up one level by the catalogue's rule — Σnumerators/Σdenominators, never a mean of
percentages — one row per (indicator, period) the used submissions hold, period by period. Which figures are
one indicator is the catalogue's word (rollup.matching), not the code's."""

from __future__ import annotations

from dataclasses import dataclass

from xl_roadmap.core import indicators as ind
from xl_roadmap.core.chronology import period_key
from xl_roadmap.rollup.matching import Matching, RowOf
from xl_roadmap.rollup.submission import Figure, Submission, period_label
from xl_roadmap.spec import Edition, Indicator, Spec, default_spec


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
    # "" for a row of the roll-up's edition; else why it is not summed with them (rollup.matching)
    apart: str = ""

    @property
    def edition(self) -> str:
        """The catalogue edition whose entry the row is summed by ("" when none knows it)."""
        return self.entry.edition if self.entry else ""

    @property
    def reporters(self) -> list[str]:
        """The organisations (codes, else file names) whose figures the row holds, each once."""
        return list(dict.fromkeys(s.code or s.name for s, _ in self.sources))


def has_data(fig) -> bool:
    return fig.numerator is not None or fig.denominator is not None or fig.value is not None


def own_period(sub: Submission) -> str:
    return period_label(str(sub.org.get("period") or "").strip())


def aggregate_indicators(used: list[Submission], edition: Edition, period: str = "",
                         spec: Spec | None = None) -> list[AggregateRow]:
    """One row per (indicator, period) the inputs hold, by the catalogue's rule; plus an empty row for each
    district-entered indicator of the roll-up's ``period`` that no input holds — the place where the
    district types it (the region then sums the districts' entries).

    A row without a period of its own («Период данных» empty: a code without figures) belongs to its book's
    reporting period. A row of another edition or of no edition is kept apart only when it holds figures: a
    code listed without any is no indicator the roll-up could show."""
    match = Matching(spec or default_spec(), edition)
    groups: dict[tuple[str, str], list[tuple[Submission, Figure]]] = {}
    row_of: dict[str, RowOf] = {}
    # a book's codes placed once per edition (and owner): history places 10⁵ figures of a few hundred codes
    placed_by: dict[tuple[str, str], dict[str, str]] = {}
    for sub in used:
        owner = sub.code if sub.is_rollup else ""
        placed = placed_by.setdefault((sub.edition, owner), {})
        book_period = None
        for fig in sub.figures:
            code = placed.get(fig.code)
            if code is None:
                where = match.row(sub.edition, fig.code, owner)
                row_of.setdefault(where.code, where)
                code = placed[fig.code] = where.code
            fig_period = fig.period
            if not fig_period:
                book_period = own_period(sub) if book_period is None else book_period
                fig_period = book_period
            groups.setdefault((code, fig_period), []).append((sub, fig))
    own = period_label(period)
    if own:
        for e in edition.indicators:
            if e.aggregation == "district_entered":
                row_of.setdefault(e.code, match.row(edition.id, e.code))
                groups.setdefault((e.code, own), [])
    is_rollup = {id(s): s.is_rollup for s in used}     # once per book, not once per figure (history sums 10⁵)
    rows = []
    # period by period (in time order), each in the catalogue's order — as a school's «Показатели» lists its
    # rows: so each school's figures line up with the roll-up's rows and columns, and «Происхождение» traces
    # them as ranges instead of cell by cell
    keys = {period: period_key(period) for _, period in groups}
    for (code, period), sources in sorted(groups.items(), key=lambda kv: (keys[kv[0][1]], kv[0][1],
                                                                          row_of[kv[0][0]].order)):
        where = row_of[code]
        if where.apart and not any(has_data(f) for _, f in sources):
            continue
        entry = where.entry
        name = entry.name if entry else sources[0][1].name
        norm = entry.norm if entry else sources[0][1].norm
        below = sum(1 for _, f in sources if f.status == ind.NOT_ACHIEVED)
        if entry is None:                # a code no edition knows: no rule to sum it by
            rows.append(AggregateRow(code, period, None, name, None, None, None, norm, ind.NO_DATA, 0, below, sources,
                                     where.apart))
            continue
        contributions = [ind.Contribution(f.numerator, f.denominator, f.value, is_rollup[id(s)]) for s, f in sources]
        agg = ind.aggregate(entry.kind, entry.multiplier, entry.aggregation, contributions)
        rows.append(AggregateRow(code, period, entry, name, agg.numerator, agg.denominator, agg.value, norm,
                                 ind.status(agg.value, norm, entry.direction), agg.contributors, below, sources,
                                 where.apart))
    return rows
