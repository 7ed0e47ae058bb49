"""The roll-up lists its indicators period by period, each period in the catalogue's order — as a school's
«Показатели» does — so that a school's figures of a period are one range in «Происхождение», not a row per cell."""

from __future__ import annotations

from collections import Counter
from datetime import date

from xl_roadmap.app.consolidate import consolidate
from xl_roadmap.app.demo.run import write_district
from xl_roadmap.core.chronology import period_key
from xl_roadmap.rollup.provenance import ProvenanceRows

AS_OF = date(2025, 3, 15)


def test_indicators_go_period_by_period_and_each_school_is_traced_in_ranges(tmp_path):
    paths, _, _ = write_district(tmp_path, schools=4, seed=7, as_of=AS_OF, clean=True)
    c = consolidate(paths, as_of=AS_OF)
    periods = [a.period for a in c.aggregates]
    assert len(set(periods)) >= 2                                     # the demo's books hold two periods
    assert periods == sorted(periods, key=period_key)
    order = {e.code: i for i, e in enumerate(c.edition.indicators)}
    for period in set(periods):
        codes = [a.code for a in c.aggregates if a.period == period]
        assert codes == sorted(codes, key=lambda code: order.get(code, 10 ** 6))
    per_school = Counter((row[0], row[3]) for row in ProvenanceRows(c, with_blocks=False))
    matrix, aggregates = c.spec.rollup_sheet("matrix").name, c.spec.sheet("indicators").name
    for sub in c.used:
        # a range per period (a school whose rows leave gaps may need one more), instead of one per value
        assert per_school[(matrix, sub.name)] <= 2 * len(set(periods)), sub.name
        assert per_school[(aggregates, sub.name)] <= 2 * len(set(periods)), sub.name
