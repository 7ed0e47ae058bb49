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
* several quarters, half-years or terms before one word are read as people write them in plan-graphs: a list
  («I, III кварталы 2013 г.», «I и III кварталы», «1, 3 кв.») is what the parts written out one by one give
  («I квартал 2013 г., III квартал 2013 г.»: ``recurring``, ``listed``, each part's end a checkpoint); a range
  («I–IV квартал», «со II по IV квартал», «I-II полугодие») is one span from the first part's start to the last
  part's end, as «сентябрь–ноябрь» is (a range running over the new year, «IV–I квартал 2025», ends in the written
  year, as «ноябрь–февраль 2025» does);
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
* a recurrence may state where it begins: a span with its own year before «далее» / «в дальнейшем» or right
  after «с» / «начиная с» («не позднее 1 февраля 2023 г., далее – ежегодно», «с 01.09.2023 ежеквартально»).
  No checkpoint falls before that first date and ``start`` is never before it. Yearly, its day recurs each
  year; with another periodicity a lone first date is due once (unless written after «с») and the
  periodicity's own days follow. A first date after the window leaves the deadline no checkpoint there, with
  ``start`` = ``end`` = that date: judged as lying after the period, never as overdue or before the document.
  A year taken from the period states nothing: «до 1 февраля, далее – ежегодно» reads as before;
* a completion date covers every checkpoint on or before it (nothing after it).

The package, one job per module: ``words`` (the vocabulary), ``text`` (cell value → normalised text), ``days``
(calendar arithmetic), ``period`` (the reporting period), ``deadline`` (the result), ``context`` (the year taken
from the text or the period), ``spans`` (calendar spans in a text), ``first`` (where a recurrence begins),
``recurring`` (checkpoints), ``person`` (shifted columns), ``parse`` (the order in which kinds are tried),
``states`` (late or not).
"""

from xl_roadmap.core.deadlines.context import NO_YEAR, YEAR_FROM_PERIOD
from xl_roadmap.core.deadlines.deadline import KINDS, Deadline
from xl_roadmap.core.deadlines.states import (
    DONE,
    NO_DEADLINE,
    NOT_UNDERSTOOD,
    ON_TIME,
    OVERDUE,
    STATUSES,
    deadline_status,
    missed_checkpoints,
)
from xl_roadmap.core.deadlines.parse import parse_deadline
from xl_roadmap.core.deadlines.period import Period, parse_period

__all__ = ["DONE", "KINDS", "NOT_UNDERSTOOD", "NO_DEADLINE", "NO_YEAR", "ON_TIME", "OVERDUE", "STATUSES",
           "YEAR_FROM_PERIOD", "Deadline", "Period", "deadline_status", "missed_checkpoints", "parse_deadline",
           "parse_period"]
