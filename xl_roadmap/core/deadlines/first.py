"""Where a recurrence begins, when the text says so with a year: «не позднее 1 февраля 2023 г., далее – ежегодно»,
«с 1 сентября 2023 года и далее ежегодно», «сентябрь 2024 и далее ежеквартально»."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from xl_roadmap.core.deadlines.context import Ctx
from xl_roadmap.core.deadlines.spans import Placed, placed_spans
from xl_roadmap.core.deadlines.words import FROM_HERE, RUNS_ON_AFTER

# (position in the text, day, month) and (position, month): the days and months a text names
NamedDay = tuple[int, int, int]
NamedMonth = tuple[int, int]


@dataclass(frozen=True)
class First:
    span: Placed
    starts_here: bool      # written after «с» / «начиная с»: where work starts, not a date it is due by

    @property
    def begins(self) -> date:
        return self.span.start

    def _holds(self, pos: int) -> bool:
        return self.span.a <= pos < self.span.b

    def set_apart(self, days: list[NamedDay],
                  months: list[NamedMonth]) -> tuple[list[NamedDay], list[NamedMonth], list[date]]:
        """For a periodicity other than yearly, the named days and months without the first date's own, and
        the first date as a checkpoint of its own (when it is one day it is due by). «до 01.09.2023, далее
        ежеквартально» is due on 01.09.2023 and then at the quarter ends; 1 September is no day of each quarter.
        Among other named days of its sort («до 15.12.2023 и до 15.05.2024, далее 2 раза в год») the first date
        is one of them and stays."""
        is_day = self.span.start == self.span.end
        same_sort = days if is_day else months
        own = sum(1 for x in same_sort if self._holds(x[0]))
        if own and own < len(same_sort):
            return days, months, []
        days = [d for d in days if not self._holds(d[0])]
        months = [m for m in months if not self._holds(m[0])]
        return days, months, [self.span.start] if is_day and not self.starts_here else []


def first_date(ctx: Ctx) -> First | None:
    """The first dated span written before «далее» / «в дальнейшем» or right after «с» / «начиная с», when the
    text states its year. A year taken from the period states nothing: «до 1 февраля, далее – ежегодно» has no
    first date, and reads as before."""
    # its own Ctx: reading the spans here must not make the deadline's hint claim a year taken from the period
    placed = placed_spans(Ctx(ctx.t, ctx.period))
    if isinstance(placed, str):
        return None
    t = ctx.t
    for p in placed:
        if not p.stated:
            continue
        starts_here = bool(FROM_HERE.search(t[:p.a]))
        if starts_here or RUNS_ON_AFTER.search(t, p.b):
            return First(p, starts_here)
    return None
