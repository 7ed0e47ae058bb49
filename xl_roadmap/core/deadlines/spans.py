"""Calendar spans named in a text: days, months, parts of the year, years, school years.

Each way of writing a span is a (pattern, handler) pair in ``_FINDERS``. The text is read pattern by pattern in
that table's order, and a pattern may only take text that no earlier pattern took: «15 сентября 2024» is one day,
not also the month of September and the year 2024. So the order is part of the meaning — the most specific
writing first, a bare year last.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import partial
from typing import NamedTuple

from xl_roadmap.core.deadlines.context import Ctx
from xl_roadmap.core.deadlines.days import checked_day, last_day, year
from xl_roadmap.core.deadlines.words import (
    DATE_NUM,
    DAY_MONTH,
    DAY_RANGE,
    HALF,
    ISO_DATE,
    MONTH,
    MONTH_BEFORE,
    MONTH_ONE,
    MONTH_SPAN,
    MONTH_YEARS,
    PART_ENDING,
    PART_NUMBER,
    PART_RANGE,
    QUARTER,
    TERM,
    YEAR,
    YEAR_RANGE,
    month_number,
    ordinal,
)

Span = tuple[date, date]
# a handler's answer: the spans a match names (it takes its text, even when the list is empty), the Russian reason
# the text cannot be placed (which ends the reading), or None (the match is not what it looked like; its text
# stays free for the patterns after it)
Found = list[Span] | str | None
Handler = Callable[[re.Match, Ctx], Found]

# «с X по Y», «X - Y», «X до Y» (a stray «г.» or «года» after X allowed): two spans read as one
_JOINER = re.compile(r"\s*(?:г\.?|года?)?\s*(?:-|по|до)\s*")
_SCHOOL_MARK_AFTER = re.compile(r"\s*уч")


def year_span(a: int, b: int, mark: str | None) -> tuple[date, date, str] | str:
    """«2024-2025» and friends → (start, end, hint)."""
    mark = (mark or "").strip()
    school = mark.startswith("уч")
    calendar_years = bool(mark) and not school
    if b <= a:
        return "год окончания не позже года начала"
    if b == a + 1 and not calendar_years:
        return date(a, 9, 1), date(b, 8, 31), ""
    if school:
        return date(a, 9, 1), date(b, 8, 31), "учебный год длиннее года: взято с 01.09 первого до 31.08 последнего"
    return date(a, 1, 1), date(b, 12, 31), ""


def _year_range_span(m: re.Match, t: str) -> tuple[date, date, str] | str:
    mark = m.group(3)
    # a school mark right after the years makes them a school year, whatever the pattern's own tail caught
    if mark is None and _SCHOOL_MARK_AFTER.match(t[m.end():]):
        mark = "уч"
    return year_span(int(m.group(1)), year(m.group(2)), mark)


def text_window(t: str) -> tuple[date, date, str] | None:
    """Years written in the text as a window (for recurring and ongoing): a year range or single years."""
    m = YEAR_RANGE.search(t)
    if m:
        span = _year_range_span(m, t)
        if not isinstance(span, str):
            return span
    years = [int(y) for y in YEAR.findall(t)]
    # with a month or a date the years are theirs, not a window
    if years and not MONTH.search(t) and not DATE_NUM.search(t):
        return date(min(years), 1, 1), date(max(years), 12, 31), ""
    return None


# -- the handlers, one per way of writing a span ------------------------------------------------------------------


def _one_day(m: re.Match, ctx: Ctx, mo: int, day_text: str, year_text: str | None) -> Found:
    y = ctx.year_for(year_text, mo, m.end())
    if isinstance(y, str):
        return y
    d = checked_day(y, mo, int(day_text))
    return d if isinstance(d, str) else [(d, d)]


def _iso_date(m: re.Match, ctx: Ctx) -> Found:
    d = checked_day(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return d if isinstance(d, str) else [(d, d)]


def _numeric_date(m: re.Match, ctx: Ctx) -> Found:
    mo = int(m.group(2) or m.group(4))
    # checked before the year is looked for: a bad month must not report a missing year instead
    if not (1 <= mo <= 12):
        return "неверный месяц в дате"
    return _one_day(m, ctx, mo, m.group(1), m.group(3))


def _day_range(m: re.Match, ctx: Ctx) -> Found:
    mo = month_number(m.group(3))
    y = ctx.year_for(m.group(4), mo, m.end())
    if isinstance(y, str):
        return y
    d1, d2 = checked_day(y, mo, int(m.group(1))), checked_day(y, mo, int(m.group(2)))
    if isinstance(d1, str) or isinstance(d2, str):
        return "такой даты нет в календаре"
    return [(d1, d2)]


def _day_month(m: re.Match, ctx: Ctx) -> Found:
    return _one_day(m, ctx, month_number(m.group(2)), m.group(1), m.group(3))


def _month_in_years(m: re.Match, ctx: Ctx) -> Found:
    # «май 2024 г./2025 г.»: the same month in each year — several checkpoints from one match
    mo = month_number(m.group(1))
    return [(date(y, mo, 1), last_day(y, mo)) for y in sorted({int(y) for y in YEAR.findall(m.group(2))})]


def _year_range(m: re.Match, ctx: Ctx) -> Found:
    span = _year_range_span(m, ctx.t)
    return span if isinstance(span, str) else [span[:2]]


def _part_groups(numbers_text: str) -> list[tuple[int, int]]:
    """«i, iii» → [(1, 1), (3, 3)]; «i-iv», «ii по iv» → [(1, 4)]; «i-ii, iv» → [(1, 2), (4, 4)]."""
    groups: list[tuple[int, int]] = []
    previous_end = 0
    for m in PART_NUMBER.finditer(numbers_text):
        n = ordinal(m.group(0))
        between = numbers_text[previous_end:m.start()]
        ending = PART_ENDING.match(between)       # «1-й, 3-й»: the ordinal's «-й» is no range mark
        if groups and PART_RANGE.search(between[ending.end() if ending else 0:]):
            groups[-1] = (groups[-1][0], n)
        else:
            groups.append((n, n))
        previous_end = m.end()
    return groups


def _part_months(kind: str, n: int, school_half: bool) -> tuple[int, int]:
    """The first and last month of quarter («q»), half-year («h») or school term («t») number ``n``."""
    if kind == "h" and school_half:
        return (9, 12) if n == 1 else (1, 8)   # a school half-year: September–December, January–August
    return {"q": (3 * n - 2, 3 * n), "h": (6 * n - 5, 6 * n),
            "t": ((9, 10), (11, 12), (1, 3), (4, 5))[n - 1]}[kind]


def _part_of_year(kind: str, m: re.Match, ctx: Ctx) -> Found:
    """Quarters («q»), half-years («h») or school terms («t») by their numbers. Several numbers before one word
    are a list («I, III кварталы»: a span each, as «I квартал, III квартал») or a range («I–IV квартал»: one
    span from the first one's start to the last one's end, as «сентябрь–ноябрь»)."""
    groups = _part_groups(m.group(1))
    if not groups or (kind == "h" and any(n > 2 for g in groups for n in g)):
        return None
    period = ctx.period
    school_half = kind == "h" and not m.group(2) and period is not None and period.school_year
    found: list[Span] = []
    for n1, n2 in groups:
        (first, _), (first2, last) = _part_months(kind, n1, school_half), _part_months(kind, n2, school_half)
        assumed_before = ctx.years_assumed
        y1 = ctx.year_for(m.group(2), first, m.end())
        if isinstance(y1, str):
            return y1
        y2 = y1 if n1 == n2 else ctx.year_for(m.group(2), first2, m.end())
        if isinstance(y2, str):
            return y2
        start, end = date(y1, first, 1), last_day(y2, last)
        if end < start:
            # «IV–I квартал 2025» runs over the new year: a written year is the one the range ends in (as for
            # «ноябрь–февраль 2025»), a year from the period the one it starts in
            stated = ctx.years_assumed == assumed_before
            start, end = (date(y1 - 1, first, 1), end) if stated else (start, last_day(y2 + 1, last))
        found.append((start, end))
    return found


def _month_span(m: re.Match, ctx: Ctx) -> Found:
    mo1, mo2 = month_number(m.group(1)), month_number(m.group(3))
    # «ноябрь-февраль 2025» runs over the new year: the written year is the one the span ends in
    if m.group(4) or m.group(2):
        y2 = int(m.group(4)) if m.group(4) else ctx.year_for(None, mo2, m.end())
        if isinstance(y2, str):
            return y2
        y1 = int(m.group(2)) if m.group(2) else (y2 if mo1 <= mo2 else y2 - 1)
    else:
        y1 = ctx.year_for(None, mo1, m.end())
        if isinstance(y1, str):
            return y1
        y2 = y1 if mo2 >= mo1 else y1 + 1
    return [(date(y1, mo1, 1), last_day(y2, mo2))]


def _month(m: re.Match, ctx: Ctx) -> Found:
    mo = month_number(m.group(1))
    y = ctx.year_for(m.group(2), mo, m.end())
    if isinstance(y, str):
        return y
    return [(date(y, mo, 1), last_day(y, mo))]


def _year(m: re.Match, ctx: Ctx) -> Found:
    # a year on its own («2024 год», «в 2024 году»), unless it only gives the year of a month before it
    if MONTH_BEFORE.search(ctx.t[:m.start()]):
        return None
    y = int(m.group(1))
    return [(date(y, 1, 1), date(y, 12, 31))]


_FINDERS: tuple[tuple[re.Pattern, Handler], ...] = (
    (ISO_DATE, _iso_date),
    (DATE_NUM, _numeric_date),
    (DAY_RANGE, _day_range),
    (DAY_MONTH, _day_month),
    (MONTH_YEARS, _month_in_years),
    (YEAR_RANGE, _year_range),
    (QUARTER, partial(_part_of_year, "q")),
    (HALF, partial(_part_of_year, "h")),
    (TERM, partial(_part_of_year, "t")),
    (MONTH_SPAN, _month_span),
    (MONTH_ONE, _month),
    (YEAR, _year),
)


class Placed(NamedTuple):
    """A span with where it is written and whether the text states its year (not taken from the period)."""
    a: int
    b: int
    start: date
    end: date
    stated: bool


def spans(ctx: Ctx) -> list[Span] | str:
    """All calendar spans named in the text, in reading order, with «X - Y» / «с X по Y» joined into one span.
    A string is the reason why they cannot be placed."""
    placed = placed_spans(ctx)
    return placed if isinstance(placed, str) else [(p.start, p.end) for p in placed]


def placed_spans(ctx: Ctx) -> list[Placed] | str:
    """``spans`` with their places in the text and whether their years are written there."""
    t = ctx.t
    found: list[Placed] = []
    taken: list[tuple[int, int]] = []
    for rx, handler in _FINDERS:
        for m in rx.finditer(t):
            a, b = m.span()
            if not all(b <= x or a >= y for x, y in taken):
                continue
            assumed_before = ctx.years_assumed
            answer = handler(m, ctx)
            if answer is None:
                continue
            if isinstance(answer, str):
                return answer
            stated = ctx.years_assumed == assumed_before
            found.extend(Placed(a, b, start, end, stated) for start, end in answer)
            taken.append((a, b))
    # by position; one match's several spans (a month in several years) by their dates
    found.sort(key=lambda p: (p.a, p.start))
    joined: list[Placed] = []
    for item in found:
        if joined:
            last = joined[-1]
            if item.a >= last.b and _JOINER.fullmatch(t[last.b:item.a]) and last.start <= item.end:
                joined[-1] = Placed(last.a, item.b, last.start, item.end, last.stated and item.stated)
                continue
        joined.append(item)
    return joined
