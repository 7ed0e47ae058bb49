"""Deadlines as people write them («до 1 августа 2024 года», «ежеквартально», «сентябрь-октябрь») → structure.

The workbook's reporting period supplies what the text leaves out (the year, "the whole year"). Nothing is
guessed silently: text that is not understood is ``unparsed`` with a Russian hint saying why. A cell that looks
like a person's name is flagged (``looks_like_person``): the columns were shifted.

Kinds: date (one day), range (a span: month, quarter, school year), recurring (several checkpoints),
ongoing (the whole period, or from a start on), event-bound («по итогам ГИА»), missing, unparsed.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

KINDS = ("date", "range", "recurring", "ongoing", "event-bound", "missing", "unparsed")
DONE = "выполнено"
ON_TIME = "в срок"
OVERDUE = "просрочено"
NO_DEADLINE = "срок не указан"
NOT_UNDERSTOOD = "срок не распознан"
STATUSES = (DONE, ON_TIME, OVERDUE, NO_DEADLINE, NOT_UNDERSTOOD)

# -- the reporting period ------------------------------------------------------------------------------------


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


_PERIOD_RANGE = re.compile(r"^(20\d\d)\s*[-/]\s*(20\d\d)")
_PERIOD_YEAR = re.compile(r"^(20\d\d)(\s*(г\.?|год[а]?)?)?$")


def parse_period(text: Any) -> Period | None:
    if isinstance(text, bool) or text is None:
        return None
    if isinstance(text, (int, float)):
        if float(text).is_integer() and 2000 <= int(text) <= 2100:
            y = int(text)
            return Period(date(y, 1, 1), date(y, 12, 31), str(y), False)
        return None
    t = _normalise(str(text))
    m = _PERIOD_RANGE.match(t)
    if m:
        a, b = int(m.group(1)), int(m.group(2))
        if b == a + 1:
            return Period(date(a, 9, 1), date(b, 8, 31), f"{a}-{b}", True)
        if b > a + 1:
            return Period(date(a, 1, 1), date(b, 12, 31), f"{a}-{b}", False)
        return None
    m = _PERIOD_YEAR.match(t)
    if m:
        y = int(m.group(1))
        return Period(date(y, 1, 1), date(y, 12, 31), str(y), False)
    return None


# -- the parsed deadline ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    text: str
    kind: str
    start: date | None = None
    end: date | None = None
    recurrence: str | None = None
    checkpoints: tuple[date, ...] = ()
    hint: str = ""
    looks_like_person: bool = False

    def to_dict(self) -> dict:
        iso = lambda d: d.isoformat() if d else None  # noqa: E731
        return {"text": self.text, "kind": self.kind, "start": iso(self.start), "end": iso(self.end),
                "recurrence": self.recurrence, "checkpoints": [c.isoformat() for c in self.checkpoints]}


def _unparsed(text: str, hint: str, person: bool = False) -> Deadline:
    return Deadline(text, "unparsed", hint=hint, looks_like_person=person)


# -- text normalisation and vocabulary ---------------------------------------------------------------------------

_TAGS = re.compile(r"<[^>]*>")
_DASHES = re.compile(r"\s*[‐‑‒–—―−]\s*|\s+-\s*|\s*-\s+")


def _normalise(text: str) -> str:
    t = _TAGS.sub(" ", text)
    t = t.replace("\u00a0", " ").replace("\u202f", " ").replace("ё", "е").replace("Ё", "Е")
    t = _DASHES.sub("-", t)
    t = re.sub(r"\s+", " ", t).strip().lower()
    return t.strip(" ;")


_MONTH_STEMS = (
    (1, r"январ[а-я]*|янв\.?"), (2, r"феврал[а-я]*|фев\.?"), (3, r"март[а-я]*|мар\.?"),
    (4, r"апрел[а-я]*|апр\.?"), (5, r"ма[йяе]"), (6, r"июн[а-я]*|июн\.?"), (7, r"июл[а-я]*|июл\.?"),
    (8, r"август[а-я]*|авг\.?"), (9, r"сентябр[а-я]*|сент?\.?"), (10, r"октябр[а-я]*|окт\.?"),
    (11, r"ноябр[а-я]*|нояб?\.?"), (12, r"декабр[а-я]*|дек\.?"),
)
_MONTH_RE = "|".join(f"(?:{stem})" for _, stem in _MONTH_STEMS)
_MONTH = re.compile(rf"(?<![а-я])({_MONTH_RE})(?![а-я])")
_YEAR_TAIL = r"(?:\s*(?:г\.?|гг\.?|года?|году)(?![а-я]))?"


def _month_number(word: str) -> int | None:
    for number, stem in _MONTH_STEMS:
        if re.fullmatch(stem, word):
            return number
    return None


def _last_day(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4, "перв": 1, "втор": 2, "трет": 3,
          "четверт": 4}

_ONGOING = re.compile(r"в течени[ея]\s+(всего\s+)?((учебного|календарного|отчетного|текущего)\s+)?"
                      r"(года|периода|срока|учебного года)|в течени[ея] \d{4}|^постоянно|^систематически|весь период|"
                      r"на протяжении|^ежедневно|^в течение года|^круглогодично|^в течение всего")
_EVENT = re.compile(r"^(по итогам|по графику|по мере|по запросу|по плану|по срокам|по согласованию|"
                    r"в соответствии|согласно|после |по окончании|по завершении|по факту|по необходимости|"
                    r"в сроки|в период|в дни|накануне|по приказу|по распоряжению|при )")
_PERSON = re.compile(r"^[а-я]+(-[а-я]+)?\s+[а-я]\.\s?[а-я]\.?$|^[а-я]\.\s?[а-я]\.\s?[а-я]+(-[а-я]+)?$")
_ROLE = re.compile(r"^(директор|заместител|зам\.|руководител|учител|педагог|специалист|методист|классн|психолог|"
                   r"начальник|завуч|заведующ|социальн|администраци|ответствен)")
_DATE_NUM = re.compile(r"(?<!\d)(\d{1,2})\.(\d{1,2})(?:\.(\d{4}|\d{2}))?(?!\d)")
_DAY_MONTH = re.compile(rf"(?<!\d)(\d{{1,2}})\s+({_MONTH_RE})(?![а-я])(?:\s+(20\d\d))?")
_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")
_SCHOOL_YEAR = re.compile(r"(20\d\d)\s*[-/]\s*(20\d\d|\d\d)(?!\d)")
_QUARTER = re.compile(r"(?<![а-я])(iv|iii|ii|i|[1-4]|перв\w*|втор\w*|трет\w*|четверт\w*)\s*-?(?:й|ом|ого)?\s*"
                      r"кв(?:артал[а-я]*|\.)?(?:\s+(20\d\d))?")
_HALF = re.compile(r"(?<![а-я])(ii|i|[12]|перв\w*|втор\w*)\s*-?(?:е|ое|ом|го|ого)?\s*(?:полугоди[а-я]*)(?:\s+(20\d\d))?")
_BEFORE = re.compile(r"^(до|не позднее|не позже|к|в срок до|срок до|в срок не позднее)\s|^по (?=\d)")
_RECUR = (
    ("monthly", re.compile(r"ежемесячн|каждый месяц|каждого месяца|1 раз в месяц|раз в месяц")),
    ("quarterly", re.compile(r"ежеквартальн|раз в квартал|каждый квартал|1 раз в квартал")),
    ("twice-yearly", re.compile(r"2 раза в год|два раза в год|раз в полугодие|1 раз в полугодие|по полугодиям")),
    ("weekly", re.compile(r"еженедельн|раз в неделю|каждую неделю")),
    ("yearly", re.compile(r"ежегодн|раз в год|1 раз в год|каждый год")),
    ("per-term", re.compile(r"раз в четверть|по четвертям|ежечетвертн")),
)
_TIMES_PER_YEAR = re.compile(r"(\d+)\s*раз[а]?\s+в\s+(учебный\s+)?год")


# -- the parser ---------------------------------------------------------------------------------------------------


def parse_deadline(value: Any, period: Period | None = None) -> Deadline:
    """Any cell value → a Deadline. Never raises."""
    try:
        return _parse(value, period)
    except Exception:  # a parser bug must not break validation of a whole file
        return _unparsed(_as_text(value), "срок не удалось разобрать")


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
        if float(value).is_integer() and 2000 <= int(value) <= 2100:
            y = int(value)
            return Deadline(text, "range", date(y, 1, 1), date(y, 12, 31))
        return _unparsed(text, "в ячейке срока число, а не дата или текст")
    if not isinstance(value, str):
        return _unparsed(text, "неизвестный тип значения")
    t = _normalise(value)
    if not t or not re.search(r"[0-9a-zа-я]", t):
        return Deadline(text, "missing")
    if _PERSON.match(t) or (_ROLE.match(t) and not re.search(r"\d", t) and not _MONTH.search(t)):
        return _unparsed(text, "похоже на ФИО или должность, а не на срок", person=True)
    recurring = _recurring(text, t, period)
    if recurring is not None:
        return recurring
    if _ONGOING.search(t):
        spans = _spans(t, period)
        if spans and not isinstance(spans, str):
            if re.search(r"и далее|далее постоянно|и в дальнейшем", t):
                return Deadline(text, "ongoing", spans[0][0], period.end if period else None)
            # «в течение 2024 года»: the whole of the named span
            return Deadline(text, "ongoing", spans[0][0], max(e for _, e in spans))
        if period is None:
            return Deadline(text, "ongoing", hint="отчётный период не задан: срок — весь период")
        return Deadline(text, "ongoing", period.start, period.end)
    if re.search(r"и далее|далее постоянно|и в дальнейшем", t) or re.match(r"^(с|начиная с) \d", t):
        start = _first_point(t, period)
        if start is not None:
            return Deadline(text, "ongoing", start, period.end if period else None)
    has_date_parts = bool(_MONTH.search(t) or _DATE_NUM.search(t) or _YEAR.search(t) or _QUARTER.search(t)
                          or _HALF.search(t))
    explicit = bool(_MONTH.search(t) or _DATE_NUM.search(t) or _YEAR.search(t))
    if (_EVENT.match(t) or t.startswith("по ")) and not explicit:
        # «по итогам 1 и 2 полугодия», «по отдельному плану»: bound to an event, not to the calendar
        return Deadline(text, "event-bound", hint="срок привязан к событию")
    if not has_date_parts:
        if _EVENT.search(t):
            return Deadline(text, "event-bound", hint="срок привязан к событию")
        return _unparsed(text, "нет ни даты, ни месяца, ни периодичности")
    return _calendar(text, t, period)


def _first_point(t: str, period: Period | None) -> date | None:
    spans = _spans(t, period)
    if spans and not isinstance(spans, str):
        return spans[0][0]
    return None


def _calendar(text: str, t: str, period: Period | None) -> Deadline:
    before = bool(_BEFORE.match(t))
    spans = _spans(t, period)
    if isinstance(spans, str):
        return _unparsed(text, spans)
    if not spans:
        return _unparsed(text, "дата не распознана")
    if len(spans) == 1:
        start, end = spans[0]
        if before:
            return Deadline(text, "date", None, end)
        if start == end:
            return Deadline(text, "date", None, end)
        return Deadline(text, "range", start, end)
    # several items: a list of months or dates — each is a checkpoint, the whole ends at the last one
    points = tuple(sorted({end for _, end in spans}))
    return Deadline(text, "recurring", min(s for s, _ in spans), points[-1], "listed", points)


def _spans(t: str, period: Period | None) -> list[tuple[date, date]] | str:
    """All calendar spans named in the text, in order; a string is a reason why they cannot be placed."""
    found: list[tuple[int, tuple[date, date]]] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    def year_or(y: str | None, month: int) -> int | str:
        if y:
            return int(y) if len(y) == 4 else 2000 + int(y)
        following = _YEAR.search(t, pos)
        if following:
            return int(following.group(1))
        if period is None:
            return "не указан год, а отчётный период не задан"
        guess = period.year_for_month(month)
        return guess if guess is not None else "не указан год, а отчётный период длиннее года"

    for m in _DATE_NUM.finditer(t):
        pos = m.end()
        d, mo = int(m.group(1)), int(m.group(2))
        if not (1 <= mo <= 12 and 1 <= d <= 31):
            return "неверная дата"
        y = year_or(m.group(3), mo)
        if isinstance(y, str):
            return y
        try:
            day = date(y, mo, d)
        except ValueError:
            return "такой даты нет в календаре"
        found.append((m.start(), (day, day)))
        taken.append(m.span())
    for m in _DAY_MONTH.finditer(t):
        if not free(*m.span()):
            continue
        pos = m.end()
        mo = _month_number(m.group(2))
        y = year_or(m.group(3), mo)
        if isinstance(y, str):
            return y
        try:
            day = date(y, mo, int(m.group(1)))
        except ValueError:
            return "такой даты нет в календаре"
        found.append((m.start(), (day, day)))
        taken.append(m.span())
    for m in _SCHOOL_YEAR.finditer(t):
        if not free(*m.span()):
            continue
        a = int(m.group(1))
        b = int(m.group(2)) if len(m.group(2)) == 4 else 2000 + int(m.group(2))
        if b == a + 1 and ("уч" in t[m.end():m.end() + 12] or period is None or period.school_year):
            found.append((m.start(), (date(a, 9, 1), date(b, 8, 31))))
        elif b > a:
            found.append((m.start(), (date(a, 1, 1), date(b, 12, 31))))
        else:
            return "год окончания раньше года начала"
        taken.append(m.span())
    for m in _QUARTER.finditer(t):
        if not free(*m.span()):
            continue
        pos = m.end()
        q = _ordinal(m.group(1))
        first_month = 3 * (q - 1) + 1
        y = year_or(m.group(2), first_month)
        if isinstance(y, str):
            return y
        found.append((m.start(), (date(y, first_month, 1), _last_day(y, first_month + 2))))
        taken.append(m.span())
    for m in _HALF.finditer(t):
        if not free(*m.span()):
            continue
        h = _ordinal(m.group(1))
        pos = m.end()
        if m.group(2):
            y = int(m.group(2))
            span = (date(y, 1, 1), date(y, 6, 30)) if h == 1 else (date(y, 7, 1), date(y, 12, 31))
        elif period is not None and period.school_year:
            span = (period.start, date(period.start.year, 12, 31)) if h == 1 else (date(period.end.year, 1, 1), period.end)
        elif period is not None and period.start.year == period.end.year:
            y = period.start.year
            span = (date(y, 1, 1), date(y, 6, 30)) if h == 1 else (date(y, 7, 1), date(y, 12, 31))
        else:
            return "не указан год полугодия, а отчётный период не задан"
        found.append((m.start(), span))
        taken.append(m.span())
    months = [m for m in _MONTH.finditer(t) if free(*m.span())]
    i = 0
    while i < len(months):
        m = months[i]
        pos = m.end()
        mo = _month_number(m.group(1))
        # a month range «август-сентябрь 2024»: two months joined by a hyphen
        if i + 1 < len(months) and re.fullmatch(r"\s*(?:20\d\d" + _YEAR_TAIL + r")?\s*-\s*", t[m.end():months[i + 1].start()]):
            m2 = months[i + 1]
            pos = m2.end()
            mo2 = _month_number(m2.group(1))
            own_year = _YEAR.match(t[m.end():months[i + 1].start()].strip(" -"))
            y2 = year_or(None, mo2)
            if isinstance(y2, str):
                return y2
            y1 = int(own_year.group(1)) if own_year else (y2 if mo <= mo2 else y2 - 1)
            found.append((m.start(), (date(y1, mo, 1), _last_day(y2, mo2))))
            taken.extend([m.span(), m2.span()])
            i += 2
            continue
        y = year_or(None, mo)
        if isinstance(y, str):
            return y
        found.append((m.start(), (date(y, mo, 1), _last_day(y, mo))))
        taken.append(m.span())
        i += 1
    for m in _YEAR.finditer(t):
        if not free(*m.span()):
            continue
        # a year on its own («2024 год»), not the year of a month or date already taken
        rest = t[:m.start()]
        if _MONTH.search(rest) or _DATE_NUM.search(rest) or _QUARTER.search(rest) or _HALF.search(rest):
            if not re.search(r"[,;]\s*$", rest):
                continue
            if re.search(r"(?:" + _MONTH_RE + r")\s*(?:20\d\d)?" + _YEAR_TAIL + r"\s*[,;]\s*$", rest):
                continue
        y = int(m.group(1))
        found.append((m.start(), (date(y, 1, 1), date(y, 12, 31))))
        taken.append(m.span())
    found.sort(key=lambda x: x[0])
    return [span for _, span in found]


def _ordinal(word: str) -> int:
    for key, n in _ROMAN.items():
        if word == key or (len(key) > 2 and word.startswith(key)):
            return n
    return 1


# -- recurring deadlines ------------------------------------------------------------------------------------------


def _recurring(text: str, t: str, period: Period | None) -> Deadline | None:
    recurrence = None
    for name, rx in _RECUR:
        if rx.search(t):
            recurrence = name
            break
    times = _TIMES_PER_YEAR.search(t)
    if recurrence is None and times:
        recurrence = f"{int(times.group(1))}-per-year" if int(times.group(1)) != 2 else "twice-yearly"
    if recurrence is None:
        return None
    if period is None:
        return Deadline(text, "recurring", recurrence=recurrence,
                        hint="отчётный период не задан: контрольные точки не рассчитаны")
    start, end = period.start, period.end
    points: list[date] = []
    if recurrence == "monthly":
        day = re.search(r"до (\d{1,2})(?:-?го)?\s*числа|(\d{1,2})(?:-?го)?\s*числа", t)
        n = int(day.group(1) or day.group(2)) if day else None
        y, mo = start.year, start.month
        while date(y, mo, 1) <= end:
            last = _last_day(y, mo)
            if n is None:
                points.append(last)
            else:
                points.append(date(y, mo, min(n, last.day)))
            y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
    elif recurrence in ("quarterly", "twice-yearly", "per-term") or recurrence.endswith("-per-year"):
        step = {"quarterly": 3, "twice-yearly": 6, "per-term": 3}.get(recurrence)
        if step is None:
            count = max(1, min(12, int(recurrence.split("-")[0])))
            step = max(1, 12 // count)
        y, mo = start.year, start.month
        while True:
            mo_end = mo + step - 1
            ye, me = y + (mo_end - 1) // 12, (mo_end - 1) % 12 + 1
            last = _last_day(ye, me)
            if last > end:
                break
            points.append(last)
            mo += step
            y, mo = y + (mo - 1) // 12, (mo - 1) % 12 + 1
    elif recurrence == "yearly":
        months = [(_month_number(m.group(1)), m) for m in _MONTH.finditer(t)]
        for mo, _ in months:
            for y in range(start.year, end.year + 1):
                last = _last_day(y, mo)
                if start <= last <= end:
                    points.append(last)
        if not months:
            points.append(end)
    points = sorted(set(points))
    final = points[-1] if points and recurrence == "yearly" else end
    return Deadline(text, "recurring", start, final, recurrence, tuple(points))


# -- judging ------------------------------------------------------------------------------------------------------


def missed_checkpoints(d: Deadline, as_of: date, completion_date: date | None = None) -> list[date]:
    """Checkpoints already past on ``as_of`` and not covered by the recorded completion.

    One completion date covers every checkpoint before it and the first checkpoint on or after it (the
    occurrence it fulfilled); later checkpoints are still open.
    """
    covered: set[date] = set()
    if completion_date is not None:
        covered = {c for c in d.checkpoints if c < completion_date}
        following = [c for c in d.checkpoints if c >= completion_date]
        if following:
            covered.add(following[0])
    return [c for c in d.checkpoints if c < as_of and c not in covered]


def deadline_status(d: Deadline, done: bool, as_of: date, completion_date: date | None = None) -> str:
    """A listed deadline is late when any checkpoint passed; any other when its end passed."""
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
