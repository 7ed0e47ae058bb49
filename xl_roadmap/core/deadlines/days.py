"""Calendar arithmetic shared by every part of the parser."""

from __future__ import annotations

from datetime import date, timedelta

# outside this a four-digit number is a count or a code, not a year
MIN_YEAR, MAX_YEAR = 1990, 2100


def is_year(y: int) -> bool:
    return MIN_YEAR <= y <= MAX_YEAR


def year(text: str) -> int:
    """«2025» or the short «25» (as in «2024/25»)."""
    y = int(text)
    return y if len(text) == 4 else 2000 + y


def days_in_month(y: int, m: int) -> int:
    """What ``calendar.monthrange(y, m)[1]`` says, without importing calendar (and locale behind it) at every
    start of the command line."""
    if not 1 <= m <= 12:
        raise ValueError(f"bad month number {m}; must be 1-12")
    return 31 if m == 12 else (date(y, m + 1, 1) - timedelta(days=1)).day


def last_day(y: int, m: int) -> date:
    return date(y, m, days_in_month(y, m))


def checked_day(y: int, mo: int, d: int) -> date | str:
    """The date, or the Russian reason why the written numbers are no date (the user must be told which)."""
    if not (1 <= mo <= 12):
        return "неверный месяц в дате"
    try:
        return date(y, mo, d)
    except ValueError:
        return "такой даты нет в календаре"
