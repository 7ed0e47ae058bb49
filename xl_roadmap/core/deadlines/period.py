"""The workbook's reporting period: it supplies what a deadline's text leaves out (the year, "the whole year")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from xl_roadmap.core.deadlines.days import is_year, last_day, year
from xl_roadmap.core.deadlines.text import normalise
from xl_roadmap.core.deadlines.words import CAL_MARK, MONTH_RE, month_number


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    text: str
    school_year: bool

    def year_for_month(self, month: int) -> int | None:
        """The year a month without a year falls into inside this period (None when ambiguous)."""
        if self.school_year:
            return self.start.year if month >= 9 else self.end.year
        if self.start.year == self.end.year:
            return self.start.year
        return None


_SCHOOL_MARK = r"(?:уч[а-я]*\.?\s*(?:г(?:од[а-я]*)?\.?)?)"
_PERIOD_PREFIX = r"(?:(?:на|за|в|отчетный период:?|период:?)\s+)?"
_PERIOD_RANGE = re.compile(rf"^{_PERIOD_PREFIX}(\d{{4}})\s*[-/]\s*(\d{{4}}|\d\d)\s*({CAL_MARK}|{_SCHOOL_MARK})?\.?$")
_PERIOD_YEAR = re.compile(rf"^{_PERIOD_PREFIX}(\d{{4}})\s*{CAL_MARK}?\.?$")
_PERIOD_MONTH = re.compile(rf"{_PERIOD_PREFIX}({MONTH_RE})\s*(\d{{4}})\s*{CAL_MARK}?\.?")


def parse_period(text: Any) -> Period | None:
    """«2024» → the calendar year; «2024-2025» (any separator, «учебный год») → the school year 01.09–31.08;
    «2023-2025» → 01.01.2023–31.12.2025; «январь 2024» → that month. Anything else → None. Never raises."""
    try:
        return _parse_period(text)
    except Exception:
        return None


def _parse_period(text: Any) -> Period | None:
    if text is None or isinstance(text, bool):
        return None
    if isinstance(text, (int, float)):
        if float(text).is_integer() and is_year(int(text)):
            y = int(text)
            return Period(date(y, 1, 1), date(y, 12, 31), str(y), False)
        return None
    if not isinstance(text, str):
        return None
    t = normalise(text)
    m = _PERIOD_RANGE.match(t)
    if m:
        a, b = int(m.group(1)), year(m.group(2))
        if not (is_year(a) and is_year(b)) or b <= a:
            return None
        calendar_years = bool(m.group(3)) and re.fullmatch(CAL_MARK + r"\.?", m.group(3)) is not None
        if b == a + 1 and not calendar_years:
            return Period(date(a, 9, 1), date(b, 8, 31), f"{a}-{b}", True)
        return Period(date(a, 1, 1), date(b, 12, 31), f"{a}-{b}", False)
    m = _PERIOD_YEAR.match(t)
    if m and is_year(int(m.group(1))):
        y = int(m.group(1))
        return Period(date(y, 1, 1), date(y, 12, 31), str(y), False)
    m = _PERIOD_MONTH.fullmatch(t)
    if m and is_year(int(m.group(2))):
        y, mo = int(m.group(2)), month_number(m.group(1))
        return Period(date(y, mo, 1), last_day(y, mo), f"{mo:02d}.{y}", False)
    return None
