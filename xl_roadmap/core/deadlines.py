"""Deadlines as people write them («до 1 августа 2024 года», «ежеквартально», «сентябрь-октябрь») → structure.

The workbook's reporting period supplies what the text leaves out (the year, "the whole year"); when it does,
the hint says so («год взят из отчётного периода»). Nothing is guessed silently: text that is not understood
is ``unparsed`` with a Russian hint saying why. A cell that looks like a person, a role or an organisation is
flagged (``looks_like_person``): the columns were shifted.

Kinds: date (one day), range (a span: month, quarter, school year), recurring (several checkpoints),
ongoing (the whole period, or from a start on), event-bound («по итогам ГИА»), missing, unparsed.

Decisions worth knowing (see also the tests):

* a month, quarter, half-year, term, year or school year is a ``range``; «до …», «не позднее …», «к …» make a
  ``date`` whose end is the end of what follows («до сентября 2024» → 30.09.2024: lenient on purpose, a vague
  «до месяца» must not be flagged overdue a month early);
* two consecutive years («2024-2025», «2024/25») are a school year 01.09–31.08 unless written as calendar
  years («2024-2025 гг.», «годы»); more years («2023-2025») are calendar years 01.01–31.12, but with «учебный год»
  («2022-2025 учебного года») they run 01.09 of the first to 31.08 of the last, with a hint;
* «по итогам полугодия/четверти/года» stays ``event-bound`` with no end: the report is due *after* the
  boundary, at a date the text does not give, so judging it by the boundary would flag it too early;
* an explicit date wins over an event word: «по итогам ГИА, июль 2025» is the July range;
* recurring checkpoints lie inside a window: the years written in the text («2 раза в год, 2023-2025») or else
  the reporting period. Monthly: the last day of each month, or day N («до 5 числа»); quarterly: calendar
  quarter ends (day N of the following month with «до N числа месяца, следующего за…»); twice-yearly: 30.06 and
  31.12; N per year: month ends spread evenly over each 12 months of the window; weekly: Sundays; per school term
  (четверть): 31.10, 31.12, 31.03, 31.05; yearly: 31.12 of each calendar year (the period end for a school
  year). Named days or months («ежегодно до 1 сентября», «2 раза в год: сентябрь, апрель») replace those
  defaults for every kind but monthly, quarterly and weekly. ``end`` is the window end, except with named days
  or months and for lists, where it is the last checkpoint;
* a completion date covers every checkpoint on or before it (nothing after it).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from xl_roadmap.spec.vocabulary import DeadlineState

KINDS = ("date", "range", "recurring", "ongoing", "event-bound", "missing", "unparsed")
DONE = DeadlineState.DONE
ON_TIME = DeadlineState.ON_TIME
OVERDUE = DeadlineState.OVERDUE
NO_DEADLINE = DeadlineState.MISSING
NOT_UNDERSTOOD = DeadlineState.UNPARSED
STATUSES = (DONE, ON_TIME, OVERDUE, NO_DEADLINE, NOT_UNDERSTOOD)

YEAR_FROM_PERIOD = "год взят из отчётного периода"
NO_YEAR = "не указан год, а отчётный период не задан"
_MIN_YEAR, _MAX_YEAR = 1990, 2100

# -- text normalisation ------------------------------------------------------------------------------------------

_TAGS = re.compile(r"<[^>]*>")
_ENTITIES = (("&nbsp;", " "), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&amp;", "&"))
_DASHES = re.compile(r"\s*[‐‑‒–—―−]\s*|\s+-\s*|\s*-\s+")


def _normalise(text: str) -> str:
    t = _TAGS.sub(" ", text)
    for entity, char in _ENTITIES:
        t = t.replace(entity, char)
    t = t.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2009", " ").replace("\ufeff", "")
    t = t.replace("ё", "е").replace("Ё", "Е").replace("\u0406", "I").replace("\u0456", "i")  # Ukrainian І from OCR
    t = _DASHES.sub("-", t)
    t = re.sub(r"\s+", " ", t).strip().lower()
    return t.strip(" ;:")


def _last_day(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _year(text: str) -> int:
    y = int(text)
    return y if len(text) == 4 else 2000 + y


# -- the reporting period ------------------------------------------------------------------------------------------


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


_CAL_MARK = r"(?:гг?\.?|годы|годов|год[а]?|году)"
_SCHOOL_MARK = r"(?:уч[а-я]*\.?\s*(?:г(?:од[а-я]*)?\.?)?)"
_PERIOD_PREFIX = r"(?:(?:на|за|в|отчетный период:?|период:?)\s+)?"
_PERIOD_RANGE = re.compile(rf"^{_PERIOD_PREFIX}(\d{{4}})\s*[-/]\s*(\d{{4}}|\d\d)\s*({_CAL_MARK}|{_SCHOOL_MARK})?\.?$")
_PERIOD_YEAR = re.compile(rf"^{_PERIOD_PREFIX}(\d{{4}})\s*{_CAL_MARK}?\.?$")


def _is_year(y: int) -> bool:
    return _MIN_YEAR <= y <= _MAX_YEAR


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
        if float(text).is_integer() and _is_year(int(text)):
            y = int(text)
            return Period(date(y, 1, 1), date(y, 12, 31), str(y), False)
        return None
    if not isinstance(text, str):
        return None
    t = _normalise(text)
    m = _PERIOD_RANGE.match(t)
    if m:
        a, b = int(m.group(1)), _year(m.group(2))
        if not (_is_year(a) and _is_year(b)) or b <= a:
            return None
        calendar_years = bool(m.group(3)) and re.fullmatch(_CAL_MARK + r"\.?", m.group(3)) is not None
        if b == a + 1 and not calendar_years:
            return Period(date(a, 9, 1), date(b, 8, 31), f"{a}-{b}", True)
        return Period(date(a, 1, 1), date(b, 12, 31), f"{a}-{b}", False)
    m = _PERIOD_YEAR.match(t)
    if m and _is_year(int(m.group(1))):
        y = int(m.group(1))
        return Period(date(y, 1, 1), date(y, 12, 31), str(y), False)
    m = re.fullmatch(rf"{_PERIOD_PREFIX}({_MONTH_RE})\s*(\d{{4}})\s*{_CAL_MARK}?\.?", t)
    if m and _is_year(int(m.group(2))):
        y, mo = int(m.group(2)), _month_number(m.group(1))
        return Period(date(y, mo, 1), _last_day(y, mo), f"{mo:02d}.{y}", False)
    return None


# -- the parsed deadline ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    text: str                      # the text as written (stripped); "" for an empty cell; ДД.ММ.ГГГГ for a date cell
    kind: str                      # one of KINDS
    start: date | None = None
    end: date | None = None        # the last day by which the whole thing must be done
    recurrence: str | None = None  # listed, monthly, quarterly, twice-yearly, N-per-year, weekly, per-term, yearly
    checkpoints: tuple[date, ...] = ()
    hint: str = ""
    looks_like_person: bool = False

    def to_dict(self) -> dict:
        def iso(d: date | None) -> str | None:
            return d.isoformat() if d else None
        return {"text": self.text, "kind": self.kind, "start": iso(self.start), "end": iso(self.end),
                "recurrence": self.recurrence, "checkpoints": [c.isoformat() for c in self.checkpoints]}


def _unparsed(text: str, hint: str, person: bool = False) -> Deadline:
    return Deadline(text, "unparsed", hint=hint, looks_like_person=person)


# -- vocabulary ---------------------------------------------------------------------------------------------------

_MONTH_STEMS = (
    (1, r"январ[а-я]*|янв\.?"), (2, r"феврал[а-я]*|февр?\.?"), (3, r"март[а-я]*|мар\.?"),
    (4, r"апрел[а-я]*|апр\.?"), (5, r"ма[йяюе]"), (6, r"июн[а-я]*"), (7, r"июл[а-я]*"),
    (8, r"август[а-я]*|авг\.?"), (9, r"сентябр[а-я]*|сент?\.?"), (10, r"октябр[а-я]*|окт\.?"),
    (11, r"ноябр[а-я]*|нояб?\.?"), (12, r"декабр[а-я]*|дек\.?"),
)
_MONTH_RE = "|".join(f"(?:{stem})" for _, stem in _MONTH_STEMS)
_MONTH = re.compile(rf"(?<![а-я])({_MONTH_RE})(?![а-я])")
_Y = r"(?:19|20)\d\d"
_YEAR_TAIL = r"(?:\s*(?:г\.?|гг\.?|года?|году)(?![а-я]))?"


def _month_number(word: str) -> int:
    for number, stem in _MONTH_STEMS:
        if re.fullmatch(stem, word):
            return number
    raise ValueError(word)


_ORDINALS = (("iv", 4), ("iii", 3), ("ii", 2), ("i", 1), ("1", 1), ("2", 2), ("3", 3), ("4", 4),
             ("перв", 1), ("втор", 2), ("трет", 3), ("четверт", 4))


def _ordinal(word: str) -> int:
    for key, n in _ORDINALS:
        if word == key or (len(key) > 2 and word.startswith(key)):
            return n
    return 1


_NUM_WORD = r"(iv|iii|ii|i|[1-4]|перв[а-я]*|втор[а-я]*|трет[а-я]*|четверт[а-я]*)"
_ORD_TAIL = r"\s*-?\s*(?:й|я|е|ое|ом|ого|го|ый|м)?\s*"
# «15.09.2024», «15.09.24»; without a year only «15.09» (two-digit month), never «п. 2.3»
_DATE_NUM = re.compile(r"(?<![\d.])(?<!п\. )(?<!п\.)(?<!пп\. )(\d{1,2})\.(?:(\d{1,2})\.(\d{4}|\d\d)|(\d\d))(?![\d])")
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_DAY_RANGE = re.compile(rf"(?<![\d.])(\d{{1,2}})\s*(?:-|по|до)\s*(\d{{1,2}})\s+({_MONTH_RE})(?![а-я])(?:\s*({_Y}))?")
_DAY_MONTH = re.compile(rf"(?<![\d.])(\d{{1,2}})(?:-?го)?\s+({_MONTH_RE})(?![а-я])(?:\s*({_Y}))?")
_YEAR = re.compile(rf"(?<!\d)({_Y})(?!\d)")
_YEAR_RANGE = re.compile(rf"(?<![\d.])({_Y})\s*[-/]\s*({_Y}|\d\d)(?!\d)(\s*{_CAL_MARK}(?![а-я])|\s*уч)?")
_QUARTER = re.compile(rf"(?<![a-zа-я0-9]){_NUM_WORD}{_ORD_TAIL}кв(?:артал[а-я]*|\.)?(?![а-я])(?:\s*({_Y}))?")
_HALF = re.compile(rf"(?<![a-zа-я0-9]){_NUM_WORD}{_ORD_TAIL}полугоди[а-я]*(?:\s*({_Y}))?")
_TERM = re.compile(rf"(?<![a-zа-я0-9]){_NUM_WORD}{_ORD_TAIL}четверт[а-я]*(?:\s*({_Y}))?")
_MONTH_SPAN = re.compile(
    rf"(?<![а-я])({_MONTH_RE})(?![а-я])(?:\s*({_Y}){_YEAR_TAIL})?\s*-\s*({_MONTH_RE})(?![а-я])(?:\s*({_Y}))?")
_MONTH_YEARS = re.compile(rf"(?<![а-я])({_MONTH_RE})(?![а-я])\s*({_Y}(?:{_YEAR_TAIL}\s*/\s*{_Y})+)")
_MONTH_ONE = re.compile(rf"(?<![а-я])({_MONTH_RE})(?![а-я])(?:\s*({_Y}))?")
_BEFORE = re.compile(r"^(?:срок(?: исполнения)?:? )?(?:до|не позднее|не позже|к|в срок до|срок до|в срок не позднее|"
                     r"по состоянию на|до конца|не позднее конца|к концу)\s|^по (?=\d)")
_ONGOING = re.compile(
    r"в течени[еия]\s+(всего\s+)?((учебного|календарного|отчетного|текущего)\s+)?(года|периода|срока)"
    r"|в течени[еия] (всего )?\d{4}|в течени[еия] (всего )?(уч\.|учебн)|^постоянн|систематическ|весь период"
    r"|в течение всего|на протяжении|^ежедневн|^круглогодичн|^регулярно|^на постоянной основе|^в постоянном режиме"
    r"|^непрерывно|^в теч\. ?(года|г\.|уч)")
_START_ON = re.compile(r"и далее|далее постоянно|и в дальнейшем|и далее постоянно|далее - ежегодно|^(с|начиная с) ")
_EVENT = re.compile(r"^(по итогам|по графику|по мере|по запросу|по плану|по срокам|по согласованию|по отдельн|"
                    r"по утвержденн|в соответствии|согласно|после |по окончании|по завершении|по факту|"
                    r"по необходимости|в сроки|в период|в дни|накануне|по приказу|по распоряжению|при |"
                    r"по результатам|по мере поступления|в случае|по расписанию|по требованию|по решению)")
# matched against the text with its case kept: «Иванова И.И.», «И.И. Иванова», «Арбузова А.В., Серебренникова»
_PERSON = re.compile(r"(?<![А-Яа-я])[А-Я][а-я]+(?:-[А-Я][а-я]+)?\s+[А-Я]\.\s?[А-Я]\.?(?![А-Яа-я])"
                     r"|(?<![А-Яа-я])[А-Я]\.\s?[А-Я]\.\s?[А-Я][а-я]+")
_ROLE = re.compile(r"^(директор|заместител|зам\.|зам |руководител|учител|педагог|специалист|методист|классн|"
                   r"психолог|начальник|завуч|заведующ|социальн|администраци|ответствен|председател|логопед|"
                   r"воспитател|советник|инспектор|управлени[ея] образования|отдел образования|"
                   r"главный специалист|ведущий специалист)")
_ORG_CODES = frozenset("уо оо оу доу доо мдоу удо имо имц рмк шмо рмо цо шо моу мбоу мкоу маоу ммц умо оуо пмпк мо мр "
                       "уомпис ипк иро".split())
_RECUR = (
    ("monthly", re.compile(r"ежемесячн|кажд(?:ый|ого|ом) месяц|(?:1|один) раз в месяц|раз в месяц|помесячно")),
    ("quarterly", re.compile(r"ежеквартальн|раз в квартал|кажд(?:ый|ого) квартал|поквартально|4 раза в год|"
                             r"четыре раза в год|раз в (?:3|три) месяца")),
    ("twice-yearly", re.compile(r"(?:2|два|дважды) раза? в (?:учебный |календарный )?год|дважды в год|"
                                r"раз в полугодие|(?:1|один) раз в полугодие|по полугодиям|каждое полугодие|"
                                r"раз в пол ?года|раз в (?:6|шесть) месяцев")),
    ("weekly", re.compile(r"еженедельн|раз в неделю|каждую неделю|понедельно")),
    ("per-term", re.compile(r"раз в четверть|по четвертям|ежечетвертн|каждую четверть")),
    ("yearly", re.compile(r"ежегодн|(?:1|один) раз в (?:учебный |календарный )?год(?![а-я])|раз в год(?![а-я])|"
                          r"каждый год|каждого года|по годам")),
)
_TIMES_PER_YEAR = re.compile(r"(\d{1,2})\s*раз[а]?\s+в\s+(?:учебный\s+|календарный\s+)?год(?![а-я])")
_DAY_OF_MONTH = re.compile(r"(\d{1,2})\s*(?:-?го\s*)?числ[аоу]")


# -- the parser ----------------------------------------------------------------------------------------------------


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
        return _unparsed(_safe_text(value), "срок не удалось разобрать")
    if d.start is not None and d.end is not None and d.start > d.end:
        if d.kind == "ongoing":
            return _unparsed(d.text, "начало срока позже конца отчётного периода")
        return _unparsed(d.text, "начало срока позже его окончания")
    return d


def _safe_text(value: Any) -> str:
    try:
        return _as_text(value)
    except Exception:
        return ""


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class _Ctx:
    """What one parse learned on the way: whether a year came from the period."""

    def __init__(self, t: str, period: Period | None):
        self.t = t
        self.period = period
        self.assumed_year = False

    def year_for(self, own: str | None, month: int, pos: int) -> int | str:
        """The year of a month: its own, the next year written in the text, or the period's."""
        if own:
            return _year(own)
        following = _YEAR.search(self.t, pos)
        if following:
            return int(following.group(1))
        if self.period is None:
            return NO_YEAR
        guess = self.period.year_for_month(month)
        if guess is None:
            return "не указан год, а отчётный период длиннее года"
        self.assumed_year = True
        return guess

    def hint(self, base: str = "") -> str:
        parts = [p for p in (base, YEAR_FROM_PERIOD if self.assumed_year else "") if p]
        return "; ".join(parts)


def _parse(value: Any, period: Period | None) -> Deadline:
    text = _as_text(value)
    if value is None:
        return Deadline(text, "missing")
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return Deadline(text, "date", None, value)
    if isinstance(value, bool):
        return _unparsed(text, "в ячейке срока логическое значение")
    if isinstance(value, (int, float)):
        if value == value and float(value).is_integer() and _is_year(int(value)):
            y = int(value)
            return Deadline(text, "range", date(y, 1, 1), date(y, 12, 31))
        return _unparsed(text, "в ячейке срока число, а не дата или текст")
    if not isinstance(value, str):
        return _unparsed(text, "неизвестный тип значения в ячейке срока")
    t = _normalise(value)
    if not t or not re.search(r"[0-9a-zа-я]", t):
        return Deadline(text, "missing", hint="вместо срока прочерк" if t else "")
    if len(t) > 500:
        return _unparsed(text, "слишком длинный текст для срока")
    ctx = _Ctx(t, period)
    has_calendar = bool(_MONTH.search(t) or _DATE_NUM.search(t) or _YEAR.search(t) or _ISO_DATE.search(t))
    has_any = has_calendar or bool(_QUARTER.search(t) or _HALF.search(t) or _TERM.search(t))
    if _looks_like_person(value, t, has_any):
        return _unparsed(text, "похоже на ФИО, должность или организацию, а не на срок (столбцы сдвинуты?)",
                         person=True)
    recurring = _recurring(text, t, ctx)
    if recurring is not None:
        return recurring
    if _ONGOING.search(t):
        return _ongoing(text, t, ctx)
    if _START_ON.search(t):
        spans = _spans(ctx)
        # «с 01.09.2024 по 30.09.2024» is a plain range; «с 01.09.2024», «август 2024 и далее» run on
        if not isinstance(spans, str) and len(spans) == 1 and not re.search(r"и далее|в дальнейшем", t) \
                and re.search(r"(?:^|\s)(?:по|до)\s|-", t):
            return _calendar(text, t, ctx)
        if spans and not isinstance(spans, str):
            end = period.end if period else None
            return Deadline(text, "ongoing", spans[0][0], end,
                            hint=ctx.hint("" if period else "отчётный период не задан: окончание неизвестно"))
        if isinstance(spans, str):
            return _unparsed(text, spans)
    if (_EVENT.match(t) or t.startswith("по ")) and not has_calendar:
        # «по итогам 1 и 2 полугодия», «по отдельному плану»: bound to an event, not to the calendar
        return Deadline(text, "event-bound", hint="срок привязан к событию, дата не указана")
    if not has_any:
        if _EVENT.search(t):
            return Deadline(text, "event-bound", hint="срок привязан к событию, дата не указана")
        if re.fullmatch(r"(до|к|с|по|не позднее|в течение|в срок до|года?|г\.?|гг\.?|числа|ежегодно,?)\.?", t):
            return _unparsed(text, "обрывок срока (часть текста, видимо, в соседней ячейке)")
        return _unparsed(text, "нет ни даты, ни месяца, ни периодичности")
    return _calendar(text, t, ctx)


def _looks_like_person(value: str, t: str, has_dates: bool) -> bool:
    if has_dates and (_MONTH.search(t) or _DATE_NUM.search(t) or _YEAR.search(t)):
        return False
    cased = re.sub(r"\s+", " ", _TAGS.sub(" ", value).replace("\u00a0", " ").replace("ё", "е").replace("Ё", "Е"))
    if _PERSON.search(cased) and not re.search(r"\d", t):
        return True
    if _ROLE.match(t) and not re.search(r"\d", t):
        return True
    written = re.sub(r"\sи\s", " ", value.strip())
    if written.upper() != written:
        return False
    # «УО», «УО+ОУ», «ОО, УДО»: organisations, not a deadline
    tokens = [tok for tok in re.split(r"[\s,+/;()]+", t.replace(".", "")) if tok and tok != "и"]
    return bool(tokens) and len(tokens) <= 10 and all(tok in _ORG_CODES for tok in tokens)


def _ongoing(text: str, t: str, ctx: _Ctx) -> Deadline:
    period = ctx.period
    window = _text_window(t)
    if window is not None:
        start, end, hint = window
        if re.search(r"и далее|в дальнейшем", t) and period is not None:
            return Deadline(text, "ongoing", start, period.end, hint=hint)
        return Deadline(text, "ongoing", start, end, hint=hint)
    if re.search(r"и далее|в дальнейшем", t) or _MONTH.search(t) or _DATE_NUM.search(t):
        spans = _spans(ctx)
        if isinstance(spans, str):
            return _unparsed(text, spans)
        if spans:
            return Deadline(text, "ongoing", spans[0][0], period.end if period else None,
                            hint=ctx.hint("" if period else "отчётный период не задан: окончание неизвестно"))
    if period is None:
        return Deadline(text, "ongoing", hint="отчётный период не задан: срок — весь период")
    hint = ""
    if "учебн" in t and not period.school_year:
        hint = "учебный год не указан: взят отчётный период"
    return Deadline(text, "ongoing", period.start, period.end, hint=hint)


def _year_span(a: int, b: int, mark: str | None) -> tuple[date, date, str] | str:
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


def _text_window(t: str) -> tuple[date, date, str] | None:
    """Years written in the text as a window (for recurring and ongoing): a year range or single years."""
    m = _YEAR_RANGE.search(t)
    if m:
        mark = m.group(3)
        if mark is None and re.match(r"\s*уч", t[m.end():]):
            mark = "уч"
        span = _year_span(int(m.group(1)), _year(m.group(2)), mark)
        if not isinstance(span, str):
            return span
    years = [int(y) for y in _YEAR.findall(t)]
    if years and not _MONTH.search(t) and not _DATE_NUM.search(t):
        return date(min(years), 1, 1), date(max(years), 12, 31), ""
    return None


def _calendar(text: str, t: str, ctx: _Ctx) -> Deadline:
    before = bool(_BEFORE.match(t))
    spans = _spans(ctx)
    if isinstance(spans, str):
        return _unparsed(text, spans)
    if not spans:
        return _unparsed(text, "дата не распознана")
    if len(spans) == 1:
        start, end = spans[0]
        if before:
            vague = start.day == 1 and end == _last_day(start.year, start.month) and "конц" not in t
            return Deadline(text, "date", None, end,
                            hint=ctx.hint("«до месяца» понято как «до конца месяца»" if vague else ""))
        if start == end:
            return Deadline(text, "date", None, end, hint=ctx.hint())
        return Deadline(text, "range", start, end, hint=ctx.hint())
    # several items: a list of months or dates — each is a checkpoint, the whole ends at the last one
    points = tuple(sorted({end for _, end in spans}))
    return Deadline(text, "recurring", min(s for s, _ in spans), points[-1], "listed", points,
                    hint=ctx.hint())


def _spans(ctx: _Ctx) -> list[tuple[date, date]] | str:
    """All calendar spans named in the text, in reading order, with «X - Y» / «с X по Y» joined into one span.
    A string is the reason why they cannot be placed."""
    t, period = ctx.t, ctx.period
    found: list[tuple[int, int, date, date]] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    def add(a: int, b: int, start: date, end: date) -> None:
        found.append((a, b, start, end))
        taken.append((a, b))

    def day(y: int, mo: int, d: int) -> date | str:
        if not (1 <= mo <= 12):
            return "неверный месяц в дате"
        try:
            return date(y, mo, d)
        except ValueError:
            return "такой даты нет в календаре"

    def add_day(m: re.Match, mo: int, day_text: str, year_text: str | None) -> str | None:
        """One day written with or without its year; the reason as a string when it cannot be placed."""
        y = ctx.year_for(year_text, mo, m.end())
        if isinstance(y, str):
            return y
        d = day(y, mo, int(day_text))
        if isinstance(d, str):
            return d
        add(m.start(), m.end(), d, d)
        return None

    for m in _ISO_DATE.finditer(t):
        d = day(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if isinstance(d, str):
            return d
        add(m.start(), m.end(), d, d)
    for m in _DATE_NUM.finditer(t):
        if not free(*m.span()):
            continue
        mo = int(m.group(2) or m.group(4))
        if not (1 <= mo <= 12):
            return "неверный месяц в дате"
        reason = add_day(m, mo, m.group(1), m.group(3))
        if reason:
            return reason
    for m in _DAY_RANGE.finditer(t):
        if not free(*m.span()):
            continue
        mo = _month_number(m.group(3))
        y = ctx.year_for(m.group(4), mo, m.end())
        if isinstance(y, str):
            return y
        d1, d2 = day(y, mo, int(m.group(1))), day(y, mo, int(m.group(2)))
        if isinstance(d1, str) or isinstance(d2, str):
            return "такой даты нет в календаре"
        add(m.start(), m.end(), d1, d2)
    for m in _DAY_MONTH.finditer(t):
        if not free(*m.span()):
            continue
        reason = add_day(m, _month_number(m.group(2)), m.group(1), m.group(3))
        if reason:
            return reason
    for m in _MONTH_YEARS.finditer(t):
        if not free(*m.span()):
            continue
        mo = _month_number(m.group(1))
        for y in sorted({int(y) for y in _YEAR.findall(m.group(2))}):
            found.append((m.start(), m.end(), date(y, mo, 1), _last_day(y, mo)))
        taken.append(m.span())
    for m in _YEAR_RANGE.finditer(t):
        if not free(*m.span()):
            continue
        mark = m.group(3)
        if mark is None and re.match(r"\s*уч", t[m.end():]):
            mark = "уч"
        span = _year_span(int(m.group(1)), _year(m.group(2)), mark)
        if isinstance(span, str):
            return span
        add(m.start(), m.end(), span[0], span[1])
    for rx, kind in ((_QUARTER, "q"), (_HALF, "h"), (_TERM, "t")):
        for m in rx.finditer(t):
            if not free(*m.span()):
                continue
            n = _ordinal(m.group(1))
            if kind == "h" and n > 2:
                continue
            first, last = {"q": (3 * n - 2, 3 * n), "h": (6 * n - 5, 6 * n),
                           "t": ((9, 10), (11, 12), (1, 3), (4, 5))[n - 1]}[kind]
            if kind == "h" and not m.group(2) and period is not None and period.school_year:
                # a school half-year: September–December, January–August
                first, last = (9, 12) if n == 1 else (1, 8)
            y = ctx.year_for(m.group(2), first, m.end())
            if isinstance(y, str):
                return y
            add(m.start(), m.end(), date(y, first, 1), _last_day(y, last))
    for m in _MONTH_SPAN.finditer(t):
        if not free(*m.span()):
            continue
        mo1, mo2 = _month_number(m.group(1)), _month_number(m.group(3))
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
        add(m.start(), m.end(), date(y1, mo1, 1), _last_day(y2, mo2))
    for m in _MONTH_ONE.finditer(t):
        if not free(*m.span()):
            continue
        mo = _month_number(m.group(1))
        y = ctx.year_for(m.group(2), mo, m.end())
        if isinstance(y, str):
            return y
        add(m.start(), m.end(), date(y, mo, 1), _last_day(y, mo))
    for m in _YEAR.finditer(t):
        if not free(*m.span()):
            continue
        # a year on its own («2024 год», «в 2024 году»), unless it only gives the year of a month before it
        rest = t[:m.start()]
        if re.search(r"(?:" + _MONTH_RE + r")[.,]?\s*$", rest):
            continue
        y = int(m.group(1))
        add(m.start(), m.end(), date(y, 1, 1), date(y, 12, 31))
    found.sort(key=lambda x: (x[0], x[2]))
    # «с X по Y», «X - Y», «X до Y»: two spans joined into one range
    joined: list[tuple[int, int, date, date]] = []
    for item in found:
        if joined:
            a0, b0, s0, e0 = joined[-1]
            gap = t[b0:item[0]]
            if item[0] >= b0 and re.fullmatch(r"\s*(?:г\.?|года?)?\s*(?:-|по|до)\s*", gap) and s0 <= item[3]:
                joined[-1] = (a0, item[1], s0, item[3])
                continue
        joined.append(item)
    return [(s, e) for _, _, s, e in joined]


# -- recurring deadlines ------------------------------------------------------------------------------------------


def _recurrence(t: str) -> str | None:
    times = _TIMES_PER_YEAR.search(t)
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
    for name, rx in _RECUR:
        if rx.search(t):
            return name
    if re.search(r"до \d{1,2}(?:-?го)? числа (?:каждого|ежемесячно)", t):
        return "monthly"
    return None


def _month_ends(window: tuple[date, date], months: list[int], day: int | None = None) -> list[date]:
    start, end = window
    points = []
    for y in range(start.year, end.year + 1):
        for mo in months:
            last = _last_day(y, mo)
            point = last if day is None else date(y, mo, min(day, last.day))
            if start <= point <= end:
                points.append(point)
    return points


def _recurring(text: str, t: str, ctx: _Ctx) -> Deadline | None:
    recurrence = _recurrence(t)
    if recurrence is None:
        return None
    period = ctx.period
    window_text = _text_window(t)
    hint = ""
    if window_text is not None:
        window = window_text[:2]
        hint = window_text[2]
    elif period is not None:
        window = (period.start, period.end)
    else:
        return Deadline(text, "recurring", recurrence=recurrence,
                        hint="отчётный период не задан: контрольные точки не рассчитаны")
    start, end = window
    months = sorted({_month_number(m.group(1)) for m in _MONTH.finditer(t)})
    day_match = _DAY_OF_MONTH.search(t)
    day = int(day_match.group(1)) if day_match and 1 <= int(day_match.group(1)) <= 31 else None
    points: list[date] = []
    final = end
    fixed = [(int(m.group(1)), _month_number(m.group(2))) for m in _DAY_MONTH.finditer(t)]
    fixed += [(int(m.group(1)), int(m.group(4))) for m in _DATE_NUM.finditer(t) if m.group(4)]
    fixed = [(d, mo) for d, mo in fixed if 1 <= d <= 31 and 1 <= mo <= 12]
    if fixed and recurrence != "monthly" and recurrence != "weekly":
        # «ежегодно до 1 сентября», «2 раза в год: до 15.12 и до 15.05»: those days of each year in the window
        points = [date(y, mo, min(d, calendar.monthrange(y, mo)[1]))
                  for y in range(start.year, end.year + 1) for d, mo in fixed]
        points = [p for p in points if start <= p <= end]
        final = max(points) if points else end
    elif months and recurrence not in ("monthly", "quarterly", "weekly"):
        points = _month_ends(window, months)
        final = max(points) if points else end
    elif recurrence == "monthly":
        points = _month_ends(window, list(range(1, 13)), day)
    elif recurrence == "quarterly":
        quarter_ends = _month_ends(window, [3, 6, 9, 12])
        if day is not None and "следующ" in t:
            # «до 10 числа месяца, следующего за отчётным кварталом»
            following = [q + timedelta(days=1) for q in quarter_ends]
            points = [f.replace(day=min(day, calendar.monthrange(f.year, f.month)[1])) for f in following]
            final = max([end, *points])
        elif day is not None:
            points = [q.replace(day=min(day, q.day)) for q in quarter_ends]
        else:
            points = quarter_ends
    elif recurrence == "twice-yearly":
        points = _month_ends(window, [6, 12])
    elif recurrence == "per-term":
        points = _month_ends(window, [10, 12, 3, 5])
    elif recurrence == "weekly":
        first_sunday = start + timedelta(days=(6 - start.weekday()) % 7)
        points = [first_sunday + timedelta(weeks=k) for k in range((end - first_sunday).days // 7 + 1)]
    elif recurrence == "yearly":
        if period is not None and period.school_year and window_text is None:
            points = [end]
        elif window_text is not None and window_text[0].month == 9 and window_text[1].month == 8:
            points = [date(y, 8, 31) for y in range(start.year + 1, end.year + 1)]
        else:
            points = [date(y, 12, 31) for y in range(start.year, end.year + 1)]
    else:  # N per year: each 12 months of the window cut into N nearly equal parts of whole months
        n = int(recurrence.split("-")[0])
        if 12 % n:
            hint = "; ".join(h for h in (hint, f"{n} раз в год: контрольные точки распределены по месяцам равномерно")
                             if h)
        months_total = (end.year - start.year) * 12 + end.month - start.month + 1
        for block in range(0, months_total, 12):
            for i in range(1, n + 1):
                offset = block + max(1, round(i * 12 / n)) - 1
                if offset >= months_total:
                    break
                y, mo = start.year + (start.month - 1 + offset) // 12, (start.month - 1 + offset) % 12 + 1
                points.append(_last_day(y, mo))
    points = sorted(set(points))
    if not points:
        hint = "; ".join(h for h in (hint, "в отчётном периоде нет ни одной контрольной точки") if h)
    return Deadline(text, "recurring", start, final, recurrence, tuple(points), hint=hint)


# -- judging ------------------------------------------------------------------------------------------------------


def missed_checkpoints(d: Deadline, as_of: date, completion_date: date | None = None) -> list[date]:
    """Checkpoints already past on ``as_of`` (strictly before it) that the completion date does not cover.
    A completion date covers every checkpoint on or before it."""
    return [c for c in d.checkpoints if c < as_of and (completion_date is None or c > completion_date)]


def deadline_status(d: Deadline, done: bool, as_of: date, completion_date: date | None = None) -> str:
    """One of STATUSES. A listed deadline («май 2024 г., май 2025 г.») is late when any of its checkpoints
    passed; a periodic one («ежеквартально») stays «в работе» until its end, so its end decides, as for the rest
    (docs/design-notes.md, rules/roadmap.py)."""
    if done:
        return DONE
    if d.kind == "missing":
        return NO_DEADLINE
    if d.kind == "unparsed":
        return NOT_UNDERSTOOD
    if d.kind == "event-bound":
        return ON_TIME
    if d.recurrence == "listed" and d.checkpoints:
        return OVERDUE if missed_checkpoints(d, as_of, completion_date) else ON_TIME
    if d.end is not None and d.end < as_of:
        return OVERDUE
    return ON_TIME
