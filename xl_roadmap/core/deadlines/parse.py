"""Any cell value → a Deadline: the order in which the kinds are tried, and the calendar kinds (date, range,
a list of dates)."""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from xl_roadmap.core.deadlines.context import Ctx
from xl_roadmap.core.deadlines.days import is_year, last_day
from xl_roadmap.core.deadlines.deadline import Deadline, unparsed
from xl_roadmap.core.deadlines.period import Period
from xl_roadmap.core.deadlines.person import looks_like_person
from xl_roadmap.core.deadlines.recurring import recurring
from xl_roadmap.core.deadlines.spans import spans, text_window
from xl_roadmap.core.deadlines.text import as_text, normalise, safe_text
from xl_roadmap.core.deadlines.words import (
    BEFORE,
    DATE_NUM,
    EVENT,
    HALF,
    ISO_DATE,
    MONTH,
    ONGOING,
    QUARTER,
    START_ON,
    TERM,
    YEAR,
)

_RUNS_ON = re.compile(r"и далее|в дальнейшем")
_TO = re.compile(r"(?:^|\s)(?:по|до)\s|-")
_FRAGMENT = re.compile(r"(до|к|с|по|не позднее|в течение|в срок до|года?|г\.?|гг\.?|числа|ежегодно,?)\.?")
_HAS_WORD = re.compile(r"[0-9a-zа-я]")
_EVENT_BOUND_HINT = "срок привязан к событию, дата не указана"
_NO_PERIOD_END = "отчётный период не задан: окончание неизвестно"


def parse_deadline(value: Any, period: Period | None = None) -> Deadline:
    """Any cell value → a Deadline. Never raises."""
    try:
        return _parse_cached(value, period)
    except TypeError:             # an unhashable value: parsed without the cache
        return _parse_checked(value, period)


@lru_cache(maxsize=8192)
def _parse_cached(value: Any, period: Period | None) -> Deadline:
    # the same deadline texts repeat across a district's workbooks; Deadline is immutable, so sharing is safe
    return _parse_checked(value, period)


def _parse_checked(value: Any, period: Period | None) -> Deadline:
    try:
        d = _parse(value, period)
    except Exception:  # a parser bug must not break validation of a whole file
        return unparsed(safe_text(value), "срок не удалось разобрать")
    if d.start is not None and d.end is not None and d.start > d.end:
        if d.kind == "ongoing":
            return unparsed(d.text, "начало срока позже конца отчётного периода")
        return unparsed(d.text, "начало срока позже его окончания")
    return d


def _parse(value: Any, period: Period | None) -> Deadline:
    text = as_text(value)
    if value is None:
        return Deadline(text, "missing")
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return Deadline(text, "date", None, value)
    if isinstance(value, bool):
        return unparsed(text, "в ячейке срока логическое значение")
    if isinstance(value, (int, float)):
        if value == value and float(value).is_integer() and is_year(int(value)):
            y = int(value)
            return Deadline(text, "range", date(y, 1, 1), date(y, 12, 31))
        return unparsed(text, "в ячейке срока число, а не дата или текст")
    if not isinstance(value, str):
        return unparsed(text, "неизвестный тип значения в ячейке срока")
    t = normalise(value)
    if not t or not _HAS_WORD.search(t):
        return Deadline(text, "missing", hint="вместо срока прочерк" if t else "")
    if len(t) > 500:
        return unparsed(text, "слишком длинный текст для срока")
    ctx = Ctx(t, period)
    has_calendar = bool(MONTH.search(t) or DATE_NUM.search(t) or YEAR.search(t) or ISO_DATE.search(t))
    has_any = has_calendar or bool(QUARTER.search(t) or HALF.search(t) or TERM.search(t))
    if looks_like_person(value, t, has_any):
        return unparsed(text, "похоже на ФИО, должность или организацию, а не на срок (столбцы сдвинуты?)",
                        person=True)
    # periodicity first: «ежегодно до 1 сентября» is recurring, not the date it names
    found = recurring(text, t, ctx)
    if found is not None:
        return found
    if ONGOING.search(t):
        return _ongoing(text, t, ctx)
    if START_ON.search(t):
        named = spans(ctx)
        # «с 01.09.2024 по 30.09.2024» is a plain range; «с 01.09.2024», «август 2024 и далее» run on
        if not isinstance(named, str) and len(named) == 1 and not _RUNS_ON.search(t) and _TO.search(t):
            return _calendar(text, t, ctx)
        if named and not isinstance(named, str):
            end = period.end if period else None
            return Deadline(text, "ongoing", named[0][0], end, hint=ctx.hint("" if period else _NO_PERIOD_END))
        if isinstance(named, str):
            return unparsed(text, named)
    if (EVENT.match(t) or t.startswith("по ")) and not has_calendar:
        # «по итогам 1 и 2 полугодия», «по отдельному плану»: bound to an event, not to the calendar
        return Deadline(text, "event-bound", hint=_EVENT_BOUND_HINT)
    if not has_any:
        if EVENT.search(t):
            return Deadline(text, "event-bound", hint=_EVENT_BOUND_HINT)
        if _FRAGMENT.fullmatch(t):
            return unparsed(text, "обрывок срока (часть текста, видимо, в соседней ячейке)")
        return unparsed(text, "нет ни даты, ни месяца, ни периодичности")
    return _calendar(text, t, ctx)


def _ongoing(text: str, t: str, ctx: Ctx) -> Deadline:
    period = ctx.period
    window = text_window(t)
    if window is not None:
        start, end, hint = window
        if _RUNS_ON.search(t) and period is not None:
            return Deadline(text, "ongoing", start, period.end, hint=hint)
        return Deadline(text, "ongoing", start, end, hint=hint)
    if _RUNS_ON.search(t) or MONTH.search(t) or DATE_NUM.search(t):
        named = spans(ctx)
        if isinstance(named, str):
            return unparsed(text, named)
        if named:
            return Deadline(text, "ongoing", named[0][0], period.end if period else None,
                            hint=ctx.hint("" if period else _NO_PERIOD_END))
    if period is None:
        return Deadline(text, "ongoing", hint="отчётный период не задан: срок — весь период")
    hint = ""
    if "учебн" in t and not period.school_year:
        hint = "учебный год не указан: взят отчётный период"
    return Deadline(text, "ongoing", period.start, period.end, hint=hint)


def _calendar(text: str, t: str, ctx: Ctx) -> Deadline:
    before = bool(BEFORE.match(t))
    named = spans(ctx)
    if isinstance(named, str):
        return unparsed(text, named)
    if not named:
        return unparsed(text, "дата не распознана")
    if len(named) == 1:
        start, end = named[0]
        if before:
            # «до сентября» is due by the end of September: lenient, so a vague month is not flagged a month early
            vague = start.day == 1 and end == last_day(start.year, start.month) and "конц" not in t
            return Deadline(text, "date", None, end,
                            hint=ctx.hint("«до месяца» понято как «до конца месяца»" if vague else ""))
        if start == end:
            return Deadline(text, "date", None, end, hint=ctx.hint())
        return Deadline(text, "range", start, end, hint=ctx.hint())
    # several items: a list of months or dates — each is a checkpoint, the whole ends at the last one
    points = tuple(sorted({end for _, end in named}))
    return Deadline(text, "recurring", min(s for s, _ in named), points[-1], "listed", points,
                    hint=ctx.hint())
