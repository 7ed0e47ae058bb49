"""Growth indicators whose book leaves the previous period empty take it from the archive of consolidations.

A growth indicator (catalogue ``"kind": "growth"``) is this period's figure against the previous period's: its
numerator is the current value, its denominator the previous one. A school that reported last quarter has that
value in the archive already; when its book leaves the denominator empty, the consolidation takes the archived
value and says so (rule ``growth-previous-from-archive``, a note). Pure: the archived values come in as plain
data (:class:`PreviousValues`, built by the app from the archive).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from xl_roadmap.core import indicators as ind
from xl_roadmap.core.chronology import period_span, same_length
from xl_roadmap.rollup.judging import Notice
from xl_roadmap.rollup.submission import Submission, code_key
from xl_roadmap.rules.findings import FindingFactory
from xl_roadmap.spec import Edition, Spec

RULE = "growth-previous-from-archive"
NOTICE_KIND = "growth-from-archive"


@dataclass(frozen=True)
class PreviousValues:
    """Archived current-period figures (numerators) of growth indicators: (organisation key, indicator code) →
    ((period, value), …), as the archive's history selects them (one book per organisation and period)."""
    values: dict[tuple[str, str], tuple[tuple[str, float], ...]] = field(default_factory=dict)

    def before(self, org_code: str, code: str, period: str) -> tuple[str, float] | None:
        """The value of the period just before ``period``: of the same length when there is one (last quarter
        before a quarter, last year before a year), else the latest that ended before ``period`` began."""
        span = period_span(period)
        if span is None:
            return None
        earlier = [(p, v, s) for p, v in self.values.get((code_key(org_code), code), ())
                   if (s := period_span(p)) is not None and s[1] < span[0]]
        if not earlier:
            return None
        alike = [e for e in earlier if same_length(e[2], span)] or earlier
        p, v, _ = max(alike, key=lambda e: (e[2][1], e[2][0]))
        return p, v


def fill_growth(used: list[Submission], edition: Edition, previous: PreviousValues | None,
                spec: Spec) -> list[Notice]:
    """Fill every empty denominator of a growth indicator of the used books from ``previous``; recompute its
    value and status; one note per filled figure."""
    if previous is None or not previous.values:
        return []
    make = FindingFactory(spec).make
    notices = []
    for sub in used:
        # a code means what its own book's edition says: П1 is a growth indicator in one edition only
        own = spec.editions.get(sub.edition) or edition
        for fig in sub.figures:
            entry = own.resolve(fig.code)
            if entry is None or entry.kind != "growth" or fig.numerator is None or fig.denominator is not None:
                continue
            found = previous.before(sub.code, fig.code, fig.period)
            if found is None:
                continue
            fig.previous_from, fig.denominator = found
            fig.value = ind.compute_value(entry.kind, entry.multiplier, fig.numerator, fig.denominator)
            fig.status = ind.status(fig.value, fig.norm, entry.direction)
            org = f"{sub.code} ({sub.org.get('org_name') or sub.name})"
            finding = make(RULE, fig.sheet, fig.cells.get("denominator", ""), fig.denominator, org=org,
                           code=fig.code, period=fig.period, source=fig.previous_from)
            notices.append(Notice(kind=NOTICE_KIND, message=finding.message, tied=(), option="--no-archive"))
    return notices
