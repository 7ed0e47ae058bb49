"""Recurring deadlines («ежеквартально», «2 раза в год: сентябрь, апрель»): their checkpoints inside a window."""

from __future__ import annotations

import re
from datetime import date, timedelta

from xl_roadmap.core.deadlines.context import Ctx
from xl_roadmap.core.deadlines.days import days_in_month, last_day
from xl_roadmap.core.deadlines.deadline import Deadline
from xl_roadmap.core.deadlines.first import first_date
from xl_roadmap.core.deadlines.spans import text_window
from xl_roadmap.core.deadlines.words import (
    DATE_NUM,
    DAY_MONTH,
    DAY_OF_MONTH,
    MONTH,
    RECUR,
    TIMES_PER_YEAR,
    month_number,
)

_MONTHLY_DAY = re.compile(r"до \d{1,2}(?:-?го)? числа (?:каждого|ежемесячно)")


def recurrence(t: str) -> str | None:
    # a count («3 раза в год») is more precise than any periodicity word next to it, so it is read first
    times = TIMES_PER_YEAR.search(t)
    if times:
        n = int(times.group(1))
        if n == 1:
            return "yearly"
        if n == 2:
            return "twice-yearly"
        if n == 4:
            return "quarterly"
        if n == 12:
            return "monthly"
        return f"{n}-per-year" if 1 < n <= 52 else None
    for name, rx in RECUR:
        if rx.search(t):
            return name
    if _MONTHLY_DAY.search(t):
        return "monthly"
    return None


def _month_ends(window: tuple[date, date], months: list[int], day: int | None = None) -> list[date]:
    start, end = window
    points = []
    for y in range(start.year, end.year + 1):
        for mo in months:
            last = last_day(y, mo)
            point = last if day is None else date(y, mo, min(day, last.day))
            if start <= point <= end:
                points.append(point)
    return points


def _join(*hints: str) -> str:
    return "; ".join(h for h in hints if h)


def recurring(text: str, t: str, ctx: Ctx) -> Deadline | None:
    """The recurring deadline, or None when the text names no periodicity.

    ``start`` and ``end`` bound the window the checkpoints are counted in: the years written in the text or else
    the reporting period (``end`` is the last checkpoint with named days or months). A stated first date
    («не позднее 1 февраля 2023 г., далее – ежегодно») moves the window's start forward to it, so no checkpoint
    falls before it; yearly, its day is the day of each year (``First.set_apart`` says what it is for the other
    periodicities). When the first date lies after the window, the deadline has no checkpoint there and
    ``start`` and ``end`` are that date: the rules then see a deadline after the period (as for the same date
    without «далее – ежегодно»), never one overdue or before the document.
    """
    kind = recurrence(t)
    if kind is None:
        return None
    period = ctx.period
    window_text = text_window(t)
    hint = ""
    if window_text is not None:
        window = window_text[:2]
        hint = window_text[2]
    elif period is not None:
        window = (period.start, period.end)
    else:
        return Deadline(text, "recurring", recurrence=kind,
                        hint="отчётный период не задан: контрольные точки не рассчитаны")
    start, end = window
    named_months = [(m.start(), month_number(m.group(1))) for m in MONTH.finditer(t)]
    named_days = [(m.start(), int(m.group(1)), month_number(m.group(2))) for m in DAY_MONTH.finditer(t)]
    # «до 01.09.2023» names the same day of the year as «до 1 сентября 2023 г.»
    named_days += [(m.start(), int(m.group(1)), int(m.group(2) or m.group(4))) for m in DATE_NUM.finditer(t)]
    first = first_date(ctx)
    extra: list[date] = []
    if first is not None:
        if first.begins > end:
            after = "позже указанных в сроке лет" if window_text is not None else "после отчётного периода"
            return Deadline(text, "recurring", first.begins, first.begins, kind,
                            hint=_join(hint, f"срок начинается {first.begins:%d.%m.%Y}, {after}"))
        start = max(start, first.begins)
        window = (start, end)
        if kind != "yearly":
            named_days, named_months, extra = first.set_apart(named_days, named_months)
    months = sorted({mo for _, mo in named_months})
    day_match = DAY_OF_MONTH.search(t)
    day = int(day_match.group(1)) if day_match and 1 <= int(day_match.group(1)) <= 31 else None
    points: list[date] = []
    final = end
    fixed = [(d, mo) for _, d, mo in named_days if 1 <= d <= 31 and 1 <= mo <= 12]
    if fixed and kind != "monthly" and kind != "weekly":
        # «ежегодно до 1 сентября», «2 раза в год: до 15.12 и до 15.05»: those days of each year in the window
        points = [date(y, mo, min(d, days_in_month(y, mo)))
                  for y in range(start.year, end.year + 1) for d, mo in fixed]
        points = [p for p in points if start <= p <= end]
        final = max(points) if points else end
    elif months and kind not in ("monthly", "quarterly", "weekly"):
        points = _month_ends(window, months)
        final = max(points) if points else end
    elif kind == "monthly":
        points = _month_ends(window, list(range(1, 13)), day)
    elif kind == "quarterly":
        quarter_ends = _month_ends(window, [3, 6, 9, 12])
        if day is not None and "следующ" in t:
            # «до 10 числа месяца, следующего за отчётным кварталом»
            following = [q + timedelta(days=1) for q in quarter_ends]
            points = [f.replace(day=min(day, days_in_month(f.year, f.month))) for f in following]
            final = max([end, *points])
        elif day is not None:
            points = [q.replace(day=min(day, q.day)) for q in quarter_ends]
        else:
            points = quarter_ends
    elif kind == "twice-yearly":
        points = _month_ends(window, [6, 12])
    elif kind == "per-term":
        points = _month_ends(window, [10, 12, 3, 5])
    elif kind == "weekly":
        first_sunday = start + timedelta(days=(6 - start.weekday()) % 7)
        points = [first_sunday + timedelta(weeks=k) for k in range((end - first_sunday).days // 7 + 1)]
    elif kind == "yearly":
        if period is not None and period.school_year and window_text is None:
            points = [end]
        elif window_text is not None and window_text[0].month == 9 and window_text[1].month == 8:
            points = [date(y, 8, 31) for y in range(start.year + 1, end.year + 1)]
        else:
            points = [date(y, 12, 31) for y in range(start.year, end.year + 1)]
    else:  # N per year: each 12 months of the window cut into N nearly equal parts of whole months
        n = int(kind.split("-")[0])
        if 12 % n:
            hint = _join(hint, f"{n} раз в год: контрольные точки распределены по месяцам равномерно")
        months_total = (end.year - start.year) * 12 + end.month - start.month + 1
        for block in range(0, months_total, 12):
            for i in range(1, n + 1):
                offset = block + max(1, round(i * 12 / n)) - 1
                if offset >= months_total:
                    break
                y, mo = start.year + (start.month - 1 + offset) // 12, (start.month - 1 + offset) % 12 + 1
                points.append(last_day(y, mo))
    points = sorted({*points, *(p for p in extra if start <= p <= end)})
    if not points:
        hint = _join(hint, "в отчётном периоде нет ни одной контрольной точки")
    return Deadline(text, "recurring", start, final, kind, tuple(points), hint=hint)
