"""Coverage: how many organisations a roll-up expected, accepted, rejected and missed.

Each roll-up records its own coverage on its «Сведения» (the ``coverage_*`` rows, template 1.2), where the level
above reads it together with the rest of «Сведения»: the first look (``app.consolidate.stamp``) and the full read
see the same cells, and each number traces to one cell of the district's file. Counts are of organisations (an
organisation that sent two books counts once), of the roll-up's own inputs: schools for a district, districts
for a region. Without a list of expected organisations, «expected» and «missing» are unknown (``None``, an
empty cell), never a guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from xl_roadmap.rollup.submission import Submission, code_key
from xl_roadmap.spec.vocabulary import BookStatus

COUNTS = ("expected", "accepted", "rejected", "missing")
FIELDS = {count: f"coverage_{count}" for count in COUNTS}      # count → «Сведения» field id


@dataclass(frozen=True)
class Coverage:
    expected: int | None        # None: no list of expected organisations was given
    accepted: int
    rejected: int
    missing: int | None         # None with expected

    def as_dict(self) -> dict[str, int | None]:
        return {count: getattr(self, count) for count in COUNTS}

    def organisation_fields(self) -> dict[str, int | None]:
        """The roll-up's «Сведения» rows that record it (None: the cell stays empty)."""
        return {FIELDS[count]: value for count, value in self.as_dict().items()}


def _org_key(sub: Submission) -> str:
    return code_key(sub.code) or sub.path


def of_consolidation(c) -> Coverage:
    """A consolidation's own coverage. ``accepted``: organisations whose book is in the roll-up; ``rejected``:
    organisations that sent readable books of which none is; ``missing``: expected organisations with no
    readable book (an unreadable file names no organisation)."""
    used = {_org_key(s) for s in c.used}
    rejected = {_org_key(s) for s in c.submissions if s.status == BookStatus.REJECTED} - used
    if c.expected is None:
        return Coverage(None, len(used), len(rejected), None)
    return Coverage(len({code_key(e.code) for e in c.expected}), len(used), len(rejected),
                    len({code_key(m.code) for m in c.missing}))


def _count(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return int(value) if value >= 0 and float(value).is_integer() else None


def recorded(sub: Submission) -> Coverage | None:
    """The coverage a roll-up recorded on its «Сведения», as read; None when it recorded none (a roll-up of an
    older template, a school's book, rows emptied or not whole numbers)."""
    counts = {count: _count(sub.org.get(field_id)) for count, field_id in FIELDS.items()}
    if counts["accepted"] is None or counts["rejected"] is None:
        return None
    if counts["expected"] is None:          # no list: «missing» is unknown too, whatever the cell says
        counts["missing"] = None
    return Coverage(**counts)


@dataclass(frozen=True)
class CoverageRow:
    """One line of «Охват» and of the JSON ``coverage``: a district roll-up read by the region (``sub``), a
    district the region expected and did not get (no ``sub``), or a district's own line."""
    code: str
    name: str
    status: str                     # the roll-up's book status in this consolidation; "" for a roll-up's own line
    coverage: Coverage | None       # None: unknown
    sub: Submission | None = None

    def to_dict(self) -> dict[str, Any]:
        counts = self.coverage.as_dict() if self.coverage else dict.fromkeys(COUNTS)
        return {"code": self.code, "name": self.name, "status": self.status, **counts}


def coverage_rows(c) -> list[CoverageRow]:
    """A district's consolidation (schools' books): its own line. One level up: a line per roll-up it read
    (a replaced duplicate left out, a school's book strayed among them too), then the expected ones it missed."""
    if not c.sums_rollups:
        return [CoverageRow(c.own.get("code", ""), c.own.get("name", ""), "", of_consolidation(c))]
    rows = [CoverageRow(s.code, str(s.org.get("org_name") or s.name), s.status, recorded(s), s)
            for s in c.submissions if s.is_rollup and s.status != BookStatus.REPLACED]
    rows += [CoverageRow(m.code, m.name, BookStatus.MISSING, None) for m in c.missing]
    return rows
