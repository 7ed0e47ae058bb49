"""The vocabulary: how months, dates, years, parts of the year and periodicity are written, as regexes over the
normalised text (lower case, «ё» → «е», every dash → «-»)."""

from __future__ import annotations

import re

# -- years -------------------------------------------------------------------------------------------------------

Y = r"(?:19|20)\d\d"
CAL_MARK = r"(?:гг?\.?|годы|годов|год[а]?|году)"   # «2024-2025 гг.»: calendar years, not a school year
_YEAR_TAIL = r"(?:\s*(?:г\.?|гг\.?|года?|году)(?![а-я]))?"
YEAR = re.compile(rf"(?<!\d)({Y})(?!\d)")
YEAR_RANGE = re.compile(rf"(?<![\d.])({Y})\s*[-/]\s*({Y}|\d\d)(?!\d)(\s*{CAL_MARK}(?![а-я])|\s*уч)?")

# -- months ------------------------------------------------------------------------------------------------------

_MONTH_STEMS = (
    (1, r"январ[а-я]*|янв\.?"), (2, r"феврал[а-я]*|февр?\.?"), (3, r"март[а-я]*|мар\.?"),
    (4, r"апрел[а-я]*|апр\.?"), (5, r"ма[йяюе]"), (6, r"июн[а-я]*"), (7, r"июл[а-я]*"),
    (8, r"август[а-я]*|авг\.?"), (9, r"сентябр[а-я]*|сент?\.?"), (10, r"октябр[а-я]*|окт\.?"),
    (11, r"ноябр[а-я]*|нояб?\.?"), (12, r"декабр[а-я]*|дек\.?"),
)
MONTH_RE = "|".join(f"(?:{stem})" for _, stem in _MONTH_STEMS)
MONTH = re.compile(rf"(?<![а-я])({MONTH_RE})(?![а-я])")
# a year right after a month is that month's year, not a year of its own
MONTH_BEFORE = re.compile(r"(?:" + MONTH_RE + r")[.,]?\s*$")
MONTH_SPAN = re.compile(
    rf"(?<![а-я])({MONTH_RE})(?![а-я])(?:\s*({Y}){_YEAR_TAIL})?\s*-\s*({MONTH_RE})(?![а-я])(?:\s*({Y}))?")
MONTH_YEARS = re.compile(rf"(?<![а-я])({MONTH_RE})(?![а-я])\s*({Y}(?:{_YEAR_TAIL}\s*/\s*{Y})+)")
MONTH_ONE = re.compile(rf"(?<![а-я])({MONTH_RE})(?![а-я])(?:\s*({Y}))?")


def month_number(word: str) -> int:
    for number, stem in _MONTH_STEMS:
        if re.fullmatch(stem, word):
            return number
    raise ValueError(word)


# -- days --------------------------------------------------------------------------------------------------------

# «15.09.2024», «15.09.24»; without a year only «15.09» (two-digit month), never «п. 2.3»
DATE_NUM = re.compile(r"(?<![\d.])(?<!п\. )(?<!п\.)(?<!пп\. )(\d{1,2})\.(?:(\d{1,2})\.(\d{4}|\d\d)|(\d\d))(?![\d])")
ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
DAY_RANGE = re.compile(rf"(?<![\d.])(\d{{1,2}})\s*(?:-|по|до)\s*(\d{{1,2}})\s+({MONTH_RE})(?![а-я])(?:\s*({Y}))?")
DAY_MONTH = re.compile(rf"(?<![\d.])(\d{{1,2}})(?:-?го)?\s+({MONTH_RE})(?![а-я])(?:\s*({Y}))?")
DAY_OF_MONTH = re.compile(r"(\d{1,2})\s*(?:-?го\s*)?числ[аоу]")

# -- parts of the year: quarters, half-years, school terms -------------------------------------------------------

_ORDINALS = (("iv", 4), ("iii", 3), ("ii", 2), ("i", 1), ("1", 1), ("2", 2), ("3", 3), ("4", 4),
             ("перв", 1), ("втор", 2), ("трет", 3), ("четверт", 4))


def ordinal(word: str) -> int:
    # numerals must match whole («i» is no prefix of «ii»); words are stems, so any case ending matches
    for key, n in _ORDINALS:
        if word == key or (len(key) > 2 and word.startswith(key)):
            return n
    return 1


_NUM_WORD = r"(?:iv|iii|ii|i|[1-4]|перв[а-я]*|втор[а-я]*|трет[а-я]*|четверт[а-я]*)"
_ORD_ENDING = r"\s*-?\s*(?:й|я|е|ое|ом|ого|го|ый|м)(?![а-я])"
_ORD_TAIL = r"\s*-?\s*(?:й|я|е|ое|ом|ого|го|ый|м)?\s*"
# between the numbers of several parts written before one word: a list («I, III кварталы», «I и III»)
# or a range («I–IV квартал», «со II по IV квартал»)
_PART_SEP = r"(?:\s*[,-]\s*|\s*,?\s+(?:и|по)\s+)"
# group 1: the number or numbers («iii», «i, iii», «1-2», «первый и третий»), group 2: the year
_PARTS = rf"(?<![a-zа-я0-9])({_NUM_WORD}(?:{_ORD_ENDING})?(?:{_PART_SEP}{_NUM_WORD}(?:{_ORD_ENDING})?)*)"
QUARTER = re.compile(rf"{_PARTS}{_ORD_TAIL}кв(?:артал[а-я]*|\.)?(?![а-я])(?:\s*({Y}))?")
HALF = re.compile(rf"{_PARTS}{_ORD_TAIL}полугоди[а-я]*(?:\s*({Y}))?")
TERM = re.compile(rf"{_PARTS}{_ORD_TAIL}четверт[а-я]*(?:\s*({Y}))?")
# reading the numbers of group 1 one by one; a range mark in the text between two of them joins them
PART_NUMBER = re.compile(rf"(?<![a-zа-я0-9]){_NUM_WORD}(?![a-z0-9])")
PART_ENDING = re.compile(rf"^{_ORD_ENDING}")
PART_RANGE = re.compile(r"-|(?<![а-я])по(?![а-я])")

# -- the words around the dates ----------------------------------------------------------------------------------

BEFORE = re.compile(r"^(?:срок(?: исполнения)?:? )?(?:до|не позднее|не позже|к|в срок до|срок до|в срок не позднее|"
                    r"по состоянию на|до конца|не позднее конца|к концу)\s|^по (?=\d)")
ONGOING = re.compile(
    r"в течени[еия]\s+(всего\s+)?((учебного|календарного|отчетного|текущего)\s+)?(года|периода|срока)"
    r"|в течени[еия] (всего )?\d{4}|в течени[еия] (всего )?(уч\.|учебн)|^постоянн|систематическ|весь период"
    r"|в течение всего|на протяжении|^ежедневн|^круглогодичн|^регулярно|^на постоянной основе|^в постоянном режиме"
    r"|^непрерывно|^в теч\. ?(года|г\.|уч)")
START_ON = re.compile(r"и далее|далее постоянно|и в дальнейшем|и далее постоянно|далее - ежегодно|^(с|начиная с) ")
EVENT = re.compile(r"^(по итогам|по графику|по мере|по запросу|по плану|по срокам|по согласованию|по отдельн|"
                   r"по утвержденн|в соответствии|согласно|после |по окончании|по завершении|по факту|"
                   r"по необходимости|в сроки|в период|в дни|накануне|по приказу|по распоряжению|при |"
                   r"по результатам|по мере поступления|в случае|по расписанию|по требованию|по решению)")

# -- periodicity -------------------------------------------------------------------------------------------------

# in this order: when a text names two periodicities, the first found here decides
RECUR = (
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
# where a recurrence begins: the date before «далее» («не позднее 1 февраля 2023 г., далее – ежегодно») or the one
# right after «с» / «начиная с» («с 1 сентября 2023 года ежегодно»)
RUNS_ON_AFTER = re.compile(r"(?<![а-я])(?:далее|в дальнейшем)(?![а-я])")
FROM_HERE = re.compile(r"(?:^|[\s,(])(?:начиная\s+)?со?\s*$")
TIMES_PER_YEAR = re.compile(r"(\d{1,2})\s*раз[а]?\s+в\s+(?:учебный\s+|календарный\s+)?год(?![а-я])")
