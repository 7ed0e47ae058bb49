"""Reporting periods in time order: «2023», «2023-2024», «I полугодие 2024», «2024-Q1», «1 квартал 2024».

A district reports every quarter, half-year and year; a history lists the periods as they follow each other,
not as their texts sort. Whatever :func:`core.deadlines.parse_period` understands is placed by its dates; quarters
and half-years are read here; anything else comes last, by its text.
"""

from __future__ import annotations

import re
from datetime import date

from xl_roadmap.core.deadlines import parse_period
from xl_roadmap.core.deadlines.days import days_in_month

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_PART = r"([1-4]|iv|iii|ii|i)"
_QUARTER = (re.compile(r"^(\d{4})\s*[-–—/ ]?\s*[qк]([1-4])$"),                                   # 2024-Q1, 2024 К1
            re.compile(rf"^{_PART}\s*(?:-?[йя]\s*)?(?:кв\.?|квартал[а-я]*)\s*(\d{{4}})(?:\s*г(?:ода?)?\.?)?$"))
_HALF = (re.compile(r"^(\d{4})\s*[-–—/ ]?\s*[hп]([12])$"),                                       # 2024-H1, 2024-П1
         re.compile(rf"^{_PART}\s*(?:-?[ео]\s*)?(?:полугоди[а-я]*|п/г)\s*(\d{{4}})(?:\s*г(?:ода?)?\.?)?$"))
_LAST = date.max


def _part(text: str) -> int:
    return int(text) if text.isdigit() else _ROMAN[text]


def _span(text: str, patterns, months: int) -> tuple[date, date] | None:
    for k, pattern in enumerate(patterns):
        m = pattern.match(text)
        if not m:
            continue
        year, part = (int(m.group(1)), _part(m.group(2))) if k == 0 else (int(m.group(2)), _part(m.group(1)))
        if part * months > 12:
            return None
        first = (part - 1) * months + 1
        last = first + months - 1
        return date(year, first, 1), date(year, last, days_in_month(year, last))
    return None


def period_span(text: str) -> tuple[date, date] | None:
    """First and last day of a period's text, None when it names no period this module knows."""
    period = parse_period(text)
    if period is not None:
        return period.start, period.end
    t = " ".join(str(text or "").lower().split())
    return _span(t, _QUARTER, 3) or _span(t, _HALF, 6)


def period_key(text: str) -> tuple:
    """Sort key: by the period's end, then the shorter period first (a year's last quarter is consolidated
    before the year), unknown texts last, by text."""
    span = period_span(text)
    if span is None:
        return (_LAST, 0, str(text))
    start, end = span
    return (end, -start.toordinal(), str(text))


def same_length(a: tuple[date, date], b: tuple[date, date]) -> bool:
    """Two spans of one kind (quarter and quarter, year and year — a month's difference in length aside)."""
    return abs((a[1] - a[0]).days - (b[1] - b[0]).days) <= 31


_RANGE = re.compile(r"^\D{0,20}?(\d{4})\s*[-–—/]\s*(\d{4}|\d\d)(?!\d)\s*(.*)$")
_SCHOOL_YEAR_MARK = re.compile(r"^уч")


def impossible(text: str, school_year_book: bool = False) -> str | None:
    """Why a period's text names no period that can be, as a key of rules.json → settings.period_problems:
    «2025-2024» ends before it begins («reversed»), «2024-2024» is one year written twice («same_year»), a school
    year of more than two years («2024-2026 уч. г.», or «2024-2026» in a book of a school year:
    «school_year_span»). None for a possible period and for text that is no range at all."""
    m = _RANGE.match(" ".join(str(text or "").lower().replace("ё", "е").split()))
    if m is None:
        return None
    first, last = int(m.group(1)), int(m.group(2))
    if last < 100:
        last += first // 100 * 100
    if not (1900 <= first <= 2200):
        return None
    if last < first:
        return "reversed"
    if last == first:
        return "same_year"
    school_year_mark = _SCHOOL_YEAR_MARK.match(m.group(3)) is not None
    if last > first + 1 and (school_year_mark or (school_year_book and not m.group(3))):
        return "school_year_span"
    return None
