"""What one parse learns on the way, shared by the parts that place months in years."""

from __future__ import annotations

from xl_roadmap.core.deadlines.days import year
from xl_roadmap.core.deadlines.period import Period
from xl_roadmap.core.deadlines.words import YEAR

YEAR_FROM_PERIOD = "год взят из отчётного периода"
NO_YEAR = "не указан год, а отчётный период не задан"


class Ctx:
    """The normalised text, the period, and how many years came from the period (the hint must then say so)."""

    def __init__(self, t: str, period: Period | None):
        self.t = t
        self.period = period
        # a count, not a flag: a reader of one span can tell whether *that* span's year was taken from the period
        self.years_assumed = 0

    @property
    def assumed_year(self) -> bool:
        return self.years_assumed > 0

    def year_for(self, own: str | None, month: int, pos: int) -> int | str:
        """The year of a month: its own, the next year written in the text, or the period's."""
        if own:
            return year(own)
        # «сентябрь, декабрь 2024»: the year written once at the end belongs to every month before it
        following = YEAR.search(self.t, pos)
        if following:
            return int(following.group(1))
        if self.period is None:
            return NO_YEAR
        guess = self.period.year_for_month(month)
        if guess is None:
            return "не указан год, а отчётный период длиннее года"
        self.years_assumed += 1
        return guess

    def hint(self, base: str = "") -> str:
        parts = [p for p in (base, YEAR_FROM_PERIOD if self.assumed_year else "") if p]
        return "; ".join(parts)
