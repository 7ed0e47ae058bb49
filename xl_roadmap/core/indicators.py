"""Indicator arithmetic: value from numerator/denominator, status against the norm, roll-up aggregation.

The functions mirror, operation for operation, the native formulas of the «Показатели» sheet
(``spec/workbook.json``) so that Python and Excel/LibreOffice agree to the last bit; a LibreOffice test
proves it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from xl_roadmap.spec.vocabulary import IndicatorStatus

DIRECT_KINDS = ("count", "score", "yesno")

ACHIEVED = IndicatorStatus.ACHIEVED
NOT_ACHIEVED = IndicatorStatus.NOT_ACHIEVED
NO_NORM = IndicatorStatus.NO_NORM
NO_DATA = IndicatorStatus.NO_DATA


def compute_value(kind: str | None, multiplier: float | None, numerator: float | None,
                  denominator: float | None) -> float | None:
    """The indicator's value, or None when it cannot be computed (no data, zero denominator, unknown kind)."""
    if numerator is None or not kind:
        return None
    if kind in DIRECT_KINDS:
        return numerator
    if denominator is None or denominator == 0:
        return None
    if kind == "growth":
        return (numerator - denominator) / denominator * 100
    if multiplier is None:
        return None
    return numerator / denominator * multiplier


def status(value: float | None, norm: float | None, direction: str | None) -> str:
    if value is None:
        return NO_DATA
    if norm is None:
        return NO_NORM
    if direction == "lower":
        return ACHIEVED if value <= norm else NOT_ACHIEVED
    return ACHIEVED if value >= norm else NOT_ACHIEVED


def deviation(value: float | None, norm: float | None) -> float | None:
    if value is None or norm is None:
        return None
    return value - norm


# How a district-entered indicator of each kind is rolled up from the districts' entries.
ENTERED_ONE_LEVEL_UP = {"share": "ratio_of_sums", "ratio": "ratio_of_sums", "rate": "ratio_of_sums",
                        "growth": "ratio_of_sums", "count": "sum"}


class Contribution(NamedTuple):
    """One organisation's figures for one indicator, as read (with where they came from). A tuple: a region's
    roll-up or a district's history makes one per school and indicator, hundreds of thousands."""

    numerator: float | None
    denominator: float | None
    value: float | None
    is_rollup: bool = False  # the input is itself an aggregate (a district roll-up feeding a region)


@dataclass(frozen=True)
class Aggregate:
    numerator: float | None
    denominator: float | None
    value: float | None
    contributors: int


def aggregate(kind: str, multiplier: float, rule: str, contributions: list[Contribution]) -> Aggregate:
    """Roll one indicator up one level by the catalogue's aggregation rule.

    ratio_of_sums: Σnumerators / Σdenominators (never a mean of percentages); only organisations that gave
    both figures count. sum: Σ values. share_of_orgs: a school contributes 1/1 when it meets the condition
    (numerator > 0) and 0/1 otherwise; a roll-up contributes its own counts. district_entered: entered by the
    district, never summed from schools; one level up the districts' entries are summed like any figure where
    a sum means something (:data:`ENTERED_ONE_LEVEL_UP`) — a region's score or yes/no is its own assessment.
    """
    if rule == "district_entered":
        from_rollups = bool(contributions) and all(c.is_rollup for c in contributions)
        rule = ENTERED_ONE_LEVEL_UP.get(kind) if from_rollups else None
        if rule is None:
            return Aggregate(None, None, None, 0)
    if rule == "sum":
        vals = [c.value for c in contributions if c.value is not None]
        total = sum(vals) if vals else None
        return Aggregate(total, None, total, len(vals))
    num_total = 0.0
    den_total = 0.0
    used = 0
    for c in contributions:
        if rule == "share_of_orgs" and not c.is_rollup:
            if c.numerator is None:
                continue
            num_total += 1.0 if c.numerator > 0 else 0.0
            den_total += 1.0
            used += 1
            continue
        if c.numerator is None or c.denominator is None:
            continue
        num_total += c.numerator
        den_total += c.denominator
        used += 1
    if used == 0:
        return Aggregate(None, None, None, 0)
    eff_kind = "share" if rule == "share_of_orgs" else kind
    return Aggregate(num_total, den_total, compute_value(eff_kind, multiplier, num_total, den_total), used)
