"""Deadlines as people write them. Most strings are verbatim from the real roadmaps (/work/shared/seeds,
/work/shared/domain); the rest are the usual variants of them. Every expected value below was worked out by
hand from the rules in the docstring of xl_roadmap/core/deadlines/__init__.py, never copied from the parser's output."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xl_roadmap.core.deadlines import (KINDS, STATUSES, Deadline, Period, deadline_status, missed_checkpoints,
                                  parse_deadline, parse_period)

D = date
SY = "2024-2025"        # school year: 01.09.2024–31.08.2025
CY = "2025"             # calendar year
Y24 = "2024"
Y22 = "2022"
MY = "2023-2025"        # multi-year plan: 01.01.2023–31.12.2025
SY_START, SY_END = D(2024, 9, 1), D(2025, 8, 31)
CY_START, CY_END = D(2025, 1, 1), D(2025, 12, 31)


def _period(text):
    return parse_period(text) if text else None


# (text, period, kind, start, end)
CASES = [
    # ---- exact dates, «до …» -----------------------------------------------------------------------------------
    ("10.05.2022", Y22, "date", None, D(2022, 5, 10)),
    ("01.09.2024г", Y24, "date", None, D(2024, 9, 1)),
    ("до 01.09.2024г", Y24, "date", None, D(2024, 9, 1)),
    ("до 01.09.2024 г.", SY, "date", None, D(2024, 9, 1)),
    ("до 15.09.2024 г.", SY, "date", None, D(2024, 9, 15)),
    ("в срок до 1 августа 2024 года", Y24, "date", None, D(2024, 8, 1)),
    ("до 1 августа 2024 года", SY, "date", None, D(2024, 8, 1)),
    ("До 1 августа 2024 года", CY, "date", None, D(2024, 8, 1)),
    ("не позднее 10.10.2024", SY, "date", None, D(2024, 10, 10)),
    ("не позднее 10 октября 2024 г.", SY, "date", None, D(2024, 10, 10)),
    ("не позднее 1 июня", CY, "date", None, D(2025, 6, 1)),
    ("31.12.2024", SY, "date", None, D(2024, 12, 31)),
    ("15.09.24", SY, "date", None, D(2024, 9, 15)),
    ("15.09.2024", None, "date", None, D(2024, 9, 15)),
    ("01.09.2024", CY, "date", None, D(2024, 9, 1)),
    ("до 20.04.2025 г.", SY, "date", None, D(2025, 4, 20)),
    ("к 01.09.2025", SY, "date", None, D(2025, 9, 1)),
    ("по 30.06.2025", SY, "date", None, D(2025, 6, 30)),
    ("срок: до 01.09.2022", Y22, "date", None, D(2022, 9, 1)),
    ("в срок до 02.07.2022", Y22, "date", None, D(2022, 7, 2)),
    ("15 сентября 2024", SY, "date", None, D(2024, 9, 15)),
    ("15 сентября", SY, "date", None, D(2024, 9, 15)),
    ("15 сентября", CY, "date", None, D(2025, 9, 15)),
    ("до 31 мая", SY, "date", None, D(2025, 5, 31)),
    ("до 10 января", SY, "date", None, D(2025, 1, 10)),
    ("до 10 декабря", SY, "date", None, D(2024, 12, 10)),
    ("до 1-го сентября 2024 года", SY, "date", None, D(2024, 9, 1)),
    ("к 1 сентября", SY, "date", None, D(2024, 9, 1)),
    ("до 15.09", SY, "date", None, D(2024, 9, 15)),
    ("до 15.03", SY, "date", None, D(2025, 3, 15)),
    ("до 29.02.2024", Y24, "date", None, D(2024, 2, 29)),
    ("2024-09-15", None, "date", None, D(2024, 9, 15)),
    ("  до 15.09.2024  ", SY, "date", None, D(2024, 9, 15)),
    ("до\u00a015.09.2024", SY, "date", None, D(2024, 9, 15)),
    ("<br>до 15.09.2024", SY, "date", None, D(2024, 9, 15)),
    ("до&nbsp;15.09.2024<br/>", SY, "date", None, D(2024, 9, 15)),
    ("до  1 августа  2024 года.", SY, "date", None, D(2024, 8, 1)),
    ("до сентября 2024", SY, "date", None, D(2024, 9, 30)),
    ("до конца сентября 2024 г.", SY, "date", None, D(2024, 9, 30)),
    ("до 2025 года", SY, "date", None, D(2025, 12, 31)),
    # ---- months and month ranges ---------------------------------------------------------------------------------
    ("апрель 2022", Y22, "range", D(2022, 4, 1), D(2022, 4, 30)),
    ("Сентябрь 2024г.", Y24, "range", D(2024, 9, 1), D(2024, 9, 30)),
    ("Ноябрь 2024г.", Y24, "range", D(2024, 11, 1), D(2024, 11, 30)),
    ("сентябрь 2024", SY, "range", D(2024, 9, 1), D(2024, 9, 30)),
    ("сентябрь 2024 г.", None, "range", D(2024, 9, 1), D(2024, 9, 30)),
    ("сентябрь\n2025", CY, "range", D(2025, 9, 1), D(2025, 9, 30)),
    ("июль 2025", CY, "range", D(2025, 7, 1), D(2025, 7, 31)),
    ("август 2025", CY, "range", D(2025, 8, 1), D(2025, 8, 31)),
    ("апрель 2025", CY, "range", D(2025, 4, 1), D(2025, 4, 30)),
    ("февраль 2025 года", CY, "range", D(2025, 2, 1), D(2025, 2, 28)),
    ("февраль 2024 года", Y24, "range", D(2024, 2, 1), D(2024, 2, 29)),
    ("декабрь", SY, "range", D(2024, 12, 1), D(2024, 12, 31)),
    ("декабрь", CY, "range", D(2025, 12, 1), D(2025, 12, 31)),
    ("май", SY, "range", D(2025, 5, 1), D(2025, 5, 31)),
    ("Май", CY, "range", D(2025, 5, 1), D(2025, 5, 31)),
    ("октябрь", SY, "range", D(2024, 10, 1), D(2024, 10, 31)),
    ("в сентябре", SY, "range", D(2024, 9, 1), D(2024, 9, 30)),
    ("в январе", SY, "range", D(2025, 1, 1), D(2025, 1, 31)),
    ("в мае 2025 года", SY, "range", D(2025, 5, 1), D(2025, 5, 31)),
    ("август 2025 г", SY, "range", D(2025, 8, 1), D(2025, 8, 31)),
    ("сент. 2024", SY, "range", D(2024, 9, 1), D(2024, 9, 30)),
    ("окт. 2024", SY, "range", D(2024, 10, 1), D(2024, 10, 31)),
    ("янв. 2025 г.", SY, "range", D(2025, 1, 1), D(2025, 1, 31)),
    ("Сентябрь-ноябрь 2024", Y24, "range", D(2024, 9, 1), D(2024, 11, 30)),
    ("август-сентябрь 2024 г.", SY, "range", D(2024, 8, 1), D(2024, 9, 30)),
    ("август - сентябрь 2024 г.", SY, "range", D(2024, 8, 1), D(2024, 9, 30)),
    ("август–сентябрь 2024 г.", SY, "range", D(2024, 8, 1), D(2024, 9, 30)),
    ("август — сентябрь 2022", Y22, "range", D(2022, 8, 1), D(2022, 9, 30)),
    ("апрель - май 2025", CY, "range", D(2025, 4, 1), D(2025, 5, 31)),
    ("октябрь - ноябрь 2025", CY, "range", D(2025, 10, 1), D(2025, 11, 30)),
    ("май - июнь 2025 года", CY, "range", D(2025, 5, 1), D(2025, 6, 30)),
    ("январь - февраль 2025", CY, "range", D(2025, 1, 1), D(2025, 2, 28)),
    ("сентябрь-октябрь", SY, "range", D(2024, 9, 1), D(2024, 10, 31)),
    ("сентябрь-октябрь", CY, "range", D(2025, 9, 1), D(2025, 10, 31)),
    ("март-апрель", SY, "range", D(2025, 3, 1), D(2025, 4, 30)),
    ("декабрь-январь", SY, "range", D(2024, 12, 1), D(2025, 1, 31)),
    ("декабрь 2024 – январь 2025", SY, "range", D(2024, 12, 1), D(2025, 1, 31)),
    ("ноябрь 2022 года – февраль 2025 года", CY, "range", D(2022, 11, 1), D(2025, 2, 28)),
    ("по итогам ГИА, май-июнь 2025", CY, "range", D(2025, 5, 1), D(2025, 6, 30)),
    ("по итогам ГИА, июль 2025", CY, "range", D(2025, 7, 1), D(2025, 7, 31)),
    ("по итогам ЕГЭ, июль 2025", CY, "range", D(2025, 7, 1), D(2025, 7, 31)),
    # ---- day ranges ------------------------------------------------------------------------------------------------
    ("с 01.09.2024 по 30.09.2024", SY, "range", D(2024, 9, 1), D(2024, 9, 30)),
    ("01.09.2024-31.05.2025", SY, "range", D(2024, 9, 1), D(2025, 5, 31)),
    ("01.09.2024 – 31.05.2025 г.", SY, "range", D(2024, 9, 1), D(2025, 5, 31)),
    ("с 1 по 15 сентября 2024 г.", SY, "range", D(2024, 9, 1), D(2024, 9, 15)),
    ("1-15 сентября", SY, "range", D(2024, 9, 1), D(2024, 9, 15)),
    ("с 1 сентября по 31 мая", SY, "range", D(2024, 9, 1), D(2025, 5, 31)),
    # ---- quarters, halves, terms -------------------------------------------------------------------------------------
    ("I квартал 2025", SY, "range", D(2025, 1, 1), D(2025, 3, 31)),
    ("IV квартал 2024 г.", SY, "range", D(2024, 10, 1), D(2024, 12, 31)),
    ("II квартал 2025", SY, "range", D(2025, 4, 1), D(2025, 6, 30)),
    ("III квартал 2025 года", CY, "range", D(2025, 7, 1), D(2025, 9, 30)),
    ("3 квартал 2022", Y22, "range", D(2022, 7, 1), D(2022, 9, 30)),
    ("1 квартал 2025", SY, "range", D(2025, 1, 1), D(2025, 3, 31)),
    ("4 квартал", CY, "range", D(2025, 10, 1), D(2025, 12, 31)),
    ("IV кв. 2024", None, "range", D(2024, 10, 1), D(2024, 12, 31)),
    ("1-й квартал 2025 г.", SY, "range", D(2025, 1, 1), D(2025, 3, 31)),
    ("первый квартал 2025", SY, "range", D(2025, 1, 1), D(2025, 3, 31)),
    ("в III квартале", CY, "range", D(2025, 7, 1), D(2025, 9, 30)),
    ("\u0406 квартал 2025", None, "range", D(2025, 1, 1), D(2025, 3, 31)),      # OCR: Ukrainian І
    ("1 полугодие 2024", None, "range", D(2024, 1, 1), D(2024, 6, 30)),
    ("2 полугодие 2025", CY, "range", D(2025, 7, 1), D(2025, 12, 31)),
    ("во 2-м полугодии 2025 г.", None, "range", D(2025, 7, 1), D(2025, 12, 31)),
    ("II полугодие", SY, "range", D(2025, 1, 1), D(2025, 8, 31)),
    ("I полугодие", SY, "range", D(2024, 9, 1), D(2024, 12, 31)),
    ("первое полугодие", CY, "range", D(2025, 1, 1), D(2025, 6, 30)),
    ("I четверть", SY, "range", D(2024, 9, 1), D(2024, 10, 31)),
    ("II четверть", SY, "range", D(2024, 11, 1), D(2024, 12, 31)),
    ("3 четверть", SY, "range", D(2025, 1, 1), D(2025, 3, 31)),
    ("IV четверть", SY, "range", D(2025, 4, 1), D(2025, 5, 31)),
    # several parts before one word, as a range: one span from the first part's start to the last part's end
    ("I–IV квартал 2013 г.", None, "range", D(2013, 1, 1), D(2013, 12, 31)),
    ("I-II кв. 2025", CY, "range", D(2025, 1, 1), D(2025, 6, 30)),
    ("I - III квартал 2025 г.", None, "range", D(2025, 1, 1), D(2025, 9, 30)),
    ("со II по IV квартал 2025", CY, "range", D(2025, 4, 1), D(2025, 12, 31)),
    ("с I по III квартал 2025 г.", SY, "range", D(2025, 1, 1), D(2025, 9, 30)),
    ("1-2 квартал 2025", None, "range", D(2025, 1, 1), D(2025, 6, 30)),
    ("3–4 кв.", CY, "range", D(2025, 7, 1), D(2025, 12, 31)),
    ("III-IV кварталы", CY, "range", D(2025, 7, 1), D(2025, 12, 31)),
    ("в I-III кварталах 2024 г.", Y24, "range", D(2024, 1, 1), D(2024, 9, 30)),
    ("до I-II квартала 2025", CY, "date", None, D(2025, 6, 30)),
    # over the new year, as «ноябрь-февраль 2025»: a written year is the one the range ends in
    ("IV–I квартал 2025", None, "range", D(2024, 10, 1), D(2025, 3, 31)),
    ("I-II полугодие 2025", None, "range", D(2025, 1, 1), D(2025, 12, 31)),
    ("1-2 полугодие", CY, "range", D(2025, 1, 1), D(2025, 12, 31)),
    ("I-II полугодие", SY, "range", D(2024, 9, 1), D(2025, 8, 31)),
    ("I–II четверть", SY, "range", D(2024, 9, 1), D(2024, 12, 31)),
    ("II-IV четверть", SY, "range", D(2024, 11, 1), D(2025, 5, 31)),
    # ---- years and school years --------------------------------------------------------------------------------------
    ("2022", Y22, "range", D(2022, 1, 1), D(2022, 12, 31)),
    ("2025 год", SY, "range", D(2025, 1, 1), D(2025, 12, 31)),
    ("2024 г.", None, "range", D(2024, 1, 1), D(2024, 12, 31)),
    ("в 2024 году", Y24, "range", D(2024, 1, 1), D(2024, 12, 31)),
    ("на 2024 год", Y24, "range", D(2024, 1, 1), D(2024, 12, 31)),
    ("2023-2025", CY, "range", D(2023, 1, 1), D(2025, 12, 31)),
    ("2023 - 2025 гг.", None, "range", D(2023, 1, 1), D(2025, 12, 31)),
    ("2022-2025", SY, "range", D(2022, 1, 1), D(2025, 12, 31)),
    ("2024-2025 гг.", CY, "range", D(2024, 1, 1), D(2025, 12, 31)),
    ("2022-2023 учебный год", SY, "range", D(2022, 9, 1), D(2023, 8, 31)),
    ("2024-2025 уч.г.", SY, "range", D(2024, 9, 1), D(2025, 8, 31)),
    ("2024/2025 учебный год", CY, "range", D(2024, 9, 1), D(2025, 8, 31)),
    ("2024/25 уч. год", None, "range", D(2024, 9, 1), D(2025, 8, 31)),
    ("в 2024-2025 учебном году", Y24, "range", D(2024, 9, 1), D(2025, 8, 31)),
    ("ВПР 2021-2022 учебный год", Y22, "range", D(2021, 9, 1), D(2022, 8, 31)),
    ("2024-2025", SY, "range", D(2024, 9, 1), D(2025, 8, 31)),
    ("2024-2025", CY, "range", D(2024, 9, 1), D(2025, 8, 31)),
    ("по\nутвержденному плану работы управления образованияна 2022-2025 учебный год", CY, "range",
     D(2022, 9, 1), D(2025, 8, 31)),
    # ---- ongoing ---------------------------------------------------------------------------------------------------
    ("в течение года", SY, "ongoing", SY_START, SY_END),
    ("в течение года", CY, "ongoing", CY_START, CY_END),
    ("В течение года", Y24, "ongoing", D(2024, 1, 1), D(2024, 12, 31)),
    ("в течение года ", SY, "ongoing", SY_START, SY_END),
    ("в течение\nгода", SY, "ongoing", SY_START, SY_END),
    ("в течение учебного года", SY, "ongoing", SY_START, SY_END),
    ("В течение учебного года", Y24, "ongoing", D(2024, 1, 1), D(2024, 12, 31)),
    ("в течение всего учебного года", SY, "ongoing", SY_START, SY_END),
    ("в течение календарного года", CY, "ongoing", CY_START, CY_END),
    ("в течение года по отдельному графику", CY, "ongoing", CY_START, CY_END),
    ("в течение года по отдельным планам", CY, "ongoing", CY_START, CY_END),
    ("в течение года по плану отдела образования", CY, "ongoing", CY_START, CY_END),
    ("в течение периода", SY, "ongoing", SY_START, SY_END),
    ("в течение всего периода", MY, "ongoing", D(2023, 1, 1), D(2025, 12, 31)),
    ("Постоянно", Y24, "ongoing", D(2024, 1, 1), D(2024, 12, 31)),
    ("постоянно", CY, "ongoing", CY_START, CY_END),
    ("систематически", SY, "ongoing", SY_START, SY_END),
    ("весь период", SY, "ongoing", SY_START, SY_END),
    ("на постоянной основе", SY, "ongoing", SY_START, SY_END),
    ("ежедневно", SY, "ongoing", SY_START, SY_END),
    ("в течение 2024 года", CY, "ongoing", D(2024, 1, 1), D(2024, 12, 31)),
    ("в течение 2024-2025 учебного года", CY, "ongoing", SY_START, SY_END),
    ("в течение 2022-2025 учебного года", CY, "ongoing", D(2022, 9, 1), D(2025, 8, 31)),
    ("в течение 2022-2025 учебного года,\nпо графику проведения ВПР", CY, "ongoing", D(2022, 9, 1),
     D(2025, 8, 31)),
    ("Август 2024 и далее в течение года", Y24, "ongoing", D(2024, 8, 1), D(2024, 12, 31)),
    ("Август 2024 и далее в течение года", SY, "ongoing", D(2024, 8, 1), SY_END),
    ("сентябрь 2024 и далее постоянно", SY, "ongoing", D(2024, 9, 1), SY_END),
    ("с 1 сентября 2024 года", SY, "ongoing", D(2024, 9, 1), SY_END),
    ("с 01.10.2024", SY, "ongoing", D(2024, 10, 1), SY_END),
    ("начиная с января 2025 г.", CY, "ongoing", D(2025, 1, 1), CY_END),
    ("в течение года", None, "ongoing", None, None),
    ("постоянно", None, "ongoing", None, None),
    ("с 01.10.2024", None, "ongoing", D(2024, 10, 1), None),
    # ---- event-bound -----------------------------------------------------------------------------------------------
    ("по итогам полугодия", SY, "event-bound", None, None),
    ("по итогам 1 и 2 полугодия", Y22, "event-bound", None, None),
    ("по итогам четверти", SY, "event-bound", None, None),
    ("по итогам года", CY, "event-bound", None, None),
    ("по итогам ГИА", SY, "event-bound", None, None),
    ("по графику", SY, "event-bound", None, None),
    ("по графику проведения ВПР", SY, "event-bound", None, None),
    ("по отдельному плану", CY, "event-bound", None, None),
    ("по плану ИМЦ", CY, "event-bound", None, None),
    ("по мере необходимости", SY, "event-bound", None, None),
    ("по мере необходимости и т.д.", SY, "event-bound", None, None),
    ("по запросу", CY, "event-bound", None, None),
    ("в соответствии с графиком проведения", CY, "event-bound", None, None),
    ("в период проведения оценочных процедур", CY, "event-bound", None, None),
    ("в период каникул по отдельным планам", CY, "event-bound", None, None),
    ("согласно плану работы", SY, "event-bound", None, None),
    ("после проведения ВПР", SY, "event-bound", None, None),
    ("по согласованию с ИРО", SY, "event-bound", None, None),
    ("по результатам мониторинга", SY, "event-bound", None, None),
    ("по итогам мониторинга", None, "event-bound", None, None),
    ("по п. 2.3 плана", SY, "event-bound", None, None),
    # ---- missing ---------------------------------------------------------------------------------------------------
    ("", SY, "missing", None, None),
    ("   ", SY, "missing", None, None),
    ("\t  ", CY, "missing", None, None),
    (None, SY, "missing", None, None),
    ("-", SY, "missing", None, None),
    ("—", SY, "missing", None, None),
    ("<br>", SY, "missing", None, None),
    ("\u00a0", None, "missing", None, None),
    # ---- unparsed (never guessed) ------------------------------------------------------------------------------------
    ("до", Y24, "unparsed", None, None),
    ("года", SY, "unparsed", None, None),
    ("в течение", Y24, "unparsed", None, None),
    ("в теч. г-да по мере", SY, "unparsed", None, None),
    ("своевременно", SY, "unparsed", None, None),
    ("Байгулова О.М.", Y22, "unparsed", None, None),
    ("Серебренникова О.В.", Y22, "unparsed", None, None),
    ("Арбузова А.В., Серебренникова", Y22, "unparsed", None, None),
    ("И.И. Иванова", SY, "unparsed", None, None),
    ("зам. директора по УВР", SY, "unparsed", None, None),
    ("директор", SY, "unparsed", None, None),
    ("Руководители ОО, заместители директоров по УВР", Y24, "unparsed", None, None),
    ("УО", SY, "unparsed", None, None),
    ("УО+ОУ", CY, "unparsed", None, None),
    ("УО и ОО", CY, "unparsed", None, None),
    ("сентябрь", None, "unparsed", None, None),
    ("до 15.09", None, "unparsed", None, None),
    ("I квартал", None, "unparsed", None, None),
    ("сентябрь", MY, "unparsed", None, None),
    ("31.02.2025", SY, "unparsed", None, None),
    ("45.13.2024", SY, "unparsed", None, None),
    ("2025-2024", SY, "unparsed", None, None),
    ("сентябрь 2025 и далее", SY, "unparsed", None, None),
    ("xyz", SY, "unparsed", None, None),
]

# (text, period, start, end, recurrence, checkpoints)
RECURRING = [
    # explicit lists: each item's end is a checkpoint, the whole ends at the last one
    ("май 2024 г., май 2025 г.", SY, D(2024, 5, 1), D(2025, 5, 31), "listed", [D(2024, 5, 31), D(2025, 5, 31)]),
    ("март 2025 г., март 2026 г.", SY, D(2025, 3, 1), D(2026, 3, 31), "listed", [D(2025, 3, 31), D(2026, 3, 31)]),
    # several parts before one word, as a list: as each written out («I квартал 2013 г., III квартал 2013 г.»)
    ("I квартал 2013 г., III квартал 2013 г.", None, D(2013, 1, 1), D(2013, 9, 30), "listed",
     [D(2013, 3, 31), D(2013, 9, 30)]),
    ("I, III кварталы 2013 г.", None, D(2013, 1, 1), D(2013, 9, 30), "listed", [D(2013, 3, 31), D(2013, 9, 30)]),
    ("I и III кварталы 2025 года", CY, CY_START, D(2025, 9, 30), "listed", [D(2025, 3, 31), D(2025, 9, 30)]),
    ("1, 3 кв. 2025", SY, CY_START, D(2025, 9, 30), "listed", [D(2025, 3, 31), D(2025, 9, 30)]),
    ("1,2 кв. 2025", CY, CY_START, D(2025, 6, 30), "listed", [D(2025, 3, 31), D(2025, 6, 30)]),
    ("1-й, 3-й кварталы 2025 г.", CY, CY_START, D(2025, 9, 30), "listed", [D(2025, 3, 31), D(2025, 9, 30)]),
    ("первый и третий кварталы 2025 г.", None, CY_START, D(2025, 9, 30), "listed",
     [D(2025, 3, 31), D(2025, 9, 30)]),
    ("II, III и IV кварталы", CY, D(2025, 4, 1), CY_END, "listed", [D(2025, 6, 30), D(2025, 9, 30), CY_END]),
    ("I-II, IV кв. 2024", Y24, D(2024, 1, 1), D(2024, 12, 31), "listed", [D(2024, 6, 30), D(2024, 12, 31)]),
    ("1 и 2 полугодие 2025", None, CY_START, CY_END, "listed", [D(2025, 6, 30), CY_END]),
    ("I, III четверти", SY, SY_START, D(2025, 3, 31), "listed", [D(2024, 10, 31), D(2025, 3, 31)]),
    ("Август 2024, декабрь 2024", Y24, D(2024, 8, 1), D(2024, 12, 31), "listed",
     [D(2024, 8, 31), D(2024, 12, 31)]),
    ("Август, декабрь 2024", Y24, D(2024, 8, 1), D(2024, 12, 31), "listed", [D(2024, 8, 31), D(2024, 12, 31)]),
    ("Август, декабрь 2024", None, D(2024, 8, 1), D(2024, 12, 31), "listed", [D(2024, 8, 31), D(2024, 12, 31)]),
    ("май, сентябрь 2024", CY, D(2024, 5, 1), D(2024, 9, 30), "listed", [D(2024, 5, 31), D(2024, 9, 30)]),
    ("сентябрь, апрель", SY, D(2024, 9, 1), D(2025, 4, 30), "listed", [D(2024, 9, 30), D(2025, 4, 30)]),
    ("сентябрь, апрель", CY, D(2025, 4, 1), D(2025, 9, 30), "listed", [D(2025, 4, 30), D(2025, 9, 30)]),
    ("январь, май", CY, D(2025, 1, 1), D(2025, 5, 31), "listed", [D(2025, 1, 31), D(2025, 5, 31)]),
    ("январь, май.", CY, D(2025, 1, 1), D(2025, 5, 31), "listed", [D(2025, 1, 31), D(2025, 5, 31)]),
    ("январь, февраль 2025 года", CY, D(2025, 1, 1), D(2025, 2, 28), "listed", [D(2025, 1, 31), D(2025, 2, 28)]),
    ("октябрь 2024 г., май 2025 г.", SY, D(2024, 10, 1), D(2025, 5, 31), "listed",
     [D(2024, 10, 31), D(2025, 5, 31)]),
    ("01.10.2024, 01.03.2025", SY, D(2024, 10, 1), D(2025, 3, 1), "listed", [D(2024, 10, 1), D(2025, 3, 1)]),
    ("декабрь 2022/2023/2024", None, D(2022, 12, 1), D(2024, 12, 31), "listed",
     [D(2022, 12, 31), D(2023, 12, 31), D(2024, 12, 31)]),
    ("2021-2022, 3 квартал 2022", Y22, D(2021, 9, 1), D(2022, 9, 30), "listed", [D(2022, 8, 31), D(2022, 9, 30)]),
    # generated inside the period
    ("ежеквартально", SY, SY_START, SY_END, "quarterly",
     [D(2024, 9, 30), D(2024, 12, 31), D(2025, 3, 31), D(2025, 6, 30)]),
    ("ежеквартально", CY, CY_START, CY_END, "quarterly",
     [D(2025, 3, 31), D(2025, 6, 30), D(2025, 9, 30), D(2025, 12, 31)]),
    ("Ежеквартально", Y24, D(2024, 1, 1), D(2024, 12, 31), "quarterly",
     [D(2024, 3, 31), D(2024, 6, 30), D(2024, 9, 30), D(2024, 12, 31)]),
    ("1 раз в квартал", CY, CY_START, CY_END, "quarterly",
     [D(2025, 3, 31), D(2025, 6, 30), D(2025, 9, 30), D(2025, 12, 31)]),
    ("ежеквартально до 10 числа месяца, следующего за отчетным", CY, CY_START, D(2026, 1, 10), "quarterly",
     [D(2025, 4, 10), D(2025, 7, 10), D(2025, 10, 10), D(2026, 1, 10)]),
    ("2 раза в год", CY, CY_START, CY_END, "twice-yearly", [D(2025, 6, 30), D(2025, 12, 31)]),
    ("два раза в год", SY, SY_START, SY_END, "twice-yearly", [D(2024, 12, 31), D(2025, 6, 30)]),
    ("1 раз в полугодие", CY, CY_START, CY_END, "twice-yearly", [D(2025, 6, 30), D(2025, 12, 31)]),
    ("2 раза в год (сентябрь, апрель)", SY, SY_START, D(2025, 4, 30), "twice-yearly",
     [D(2024, 9, 30), D(2025, 4, 30)]),
    ("2 раза в год, 2023-2025 гг.", None, D(2023, 1, 1), D(2025, 12, 31), "twice-yearly",
     [D(2023, 6, 30), D(2023, 12, 31), D(2024, 6, 30), D(2024, 12, 31), D(2025, 6, 30), D(2025, 12, 31)]),
    ("3 раза в год", CY, CY_START, CY_END, "3-per-year", [D(2025, 4, 30), D(2025, 8, 31), D(2025, 12, 31)]),
    ("раз в четверть", SY, SY_START, SY_END, "per-term",
     [D(2024, 10, 31), D(2024, 12, 31), D(2025, 3, 31), D(2025, 5, 31)]),
    ("ежегодно, сентябрь", CY, CY_START, D(2025, 9, 30), "yearly", [D(2025, 9, 30)]),
    ("ежегодно, сентябрь", SY, SY_START, D(2024, 9, 30), "yearly", [D(2024, 9, 30)]),
    ("ежегодно, сентябрь", MY, D(2023, 1, 1), D(2025, 9, 30), "yearly",
     [D(2023, 9, 30), D(2024, 9, 30), D(2025, 9, 30)]),
    ("ежегодно до 1 сентября", MY, D(2023, 1, 1), D(2025, 9, 1), "yearly",
     [D(2023, 9, 1), D(2024, 9, 1), D(2025, 9, 1)]),
    ("2 раза в год: до 15.12 и до 15.05", SY, SY_START, D(2025, 5, 15), "twice-yearly",
     [D(2024, 12, 15), D(2025, 5, 15)]),
    ("ежегодно до 15.09", SY, SY_START, D(2024, 9, 15), "yearly", [D(2024, 9, 15)]),
    ("1 раз в 3 месяца", CY, CY_START, CY_END, "quarterly",
     [D(2025, 3, 31), D(2025, 6, 30), D(2025, 9, 30), D(2025, 12, 31)]),
    ("5 раз в год", SY, SY_START, SY_END, "5-per-year",
     [D(2024, 10, 31), D(2025, 1, 31), D(2025, 3, 31), D(2025, 6, 30), D(2025, 8, 31)]),
    ("3 раза в год", MY, D(2023, 1, 1), D(2025, 12, 31), "3-per-year",
     [D(2023, 4, 30), D(2023, 8, 31), D(2023, 12, 31), D(2024, 4, 30), D(2024, 8, 31), D(2024, 12, 31),
      D(2025, 4, 30), D(2025, 8, 31), D(2025, 12, 31)]),
    ("ежегодно в мае", SY, SY_START, D(2025, 5, 31), "yearly", [D(2025, 5, 31)]),
    ("ежегодно в декабре", MY, D(2023, 1, 1), D(2025, 12, 31), "yearly",
     [D(2023, 12, 31), D(2024, 12, 31), D(2025, 12, 31)]),
    ("ежегодно", CY, CY_START, CY_END, "yearly", [D(2025, 12, 31)]),
    ("ежегодно", SY, SY_START, SY_END, "yearly", [SY_END]),
    ("ежегодно", MY, D(2023, 1, 1), D(2025, 12, 31), "yearly", [D(2023, 12, 31), D(2024, 12, 31), D(2025, 12, 31)]),
    ("1 раз в год", CY, CY_START, CY_END, "yearly", [D(2025, 12, 31)]),
    ("ежемесячно", CY, CY_START, CY_END, "monthly",
     [D(2025, 1, 31), D(2025, 2, 28), D(2025, 3, 31), D(2025, 4, 30), D(2025, 5, 31), D(2025, 6, 30),
      D(2025, 7, 31), D(2025, 8, 31), D(2025, 9, 30), D(2025, 10, 31), D(2025, 11, 30), D(2025, 12, 31)]),
    ("Ежемесячно", SY, SY_START, SY_END, "monthly",
     [D(2024, 9, 30), D(2024, 10, 31), D(2024, 11, 30), D(2024, 12, 31), D(2025, 1, 31), D(2025, 2, 28),
      D(2025, 3, 31), D(2025, 4, 30), D(2025, 5, 31), D(2025, 6, 30), D(2025, 7, 31), D(2025, 8, 31)]),
    ("ежемесячно до 5 числа", CY, CY_START, CY_END, "monthly", [D(2025, m, 5) for m in range(1, 13)]),
    ("ежемесячно до 5 числа", SY, SY_START, SY_END, "monthly",
     [D(2024, 9, 5), D(2024, 10, 5), D(2024, 11, 5), D(2024, 12, 5), D(2025, 1, 5), D(2025, 2, 5), D(2025, 3, 5),
      D(2025, 4, 5), D(2025, 5, 5), D(2025, 6, 5), D(2025, 7, 5), D(2025, 8, 5)]),
    ("до 25 числа каждого месяца", CY, CY_START, CY_END, "monthly", [D(2025, m, 25) for m in range(1, 13)]),
    ("ежемесячно до 30 числа", CY, CY_START, CY_END, "monthly",
     [D(2025, 1, 30), D(2025, 2, 28)] + [D(2025, m, 30) for m in range(3, 13)]),
    ("1 раз в месяц", Y24, D(2024, 1, 1), D(2024, 12, 31), "monthly",
     [D(2024, 1, 31), D(2024, 2, 29), D(2024, 3, 31), D(2024, 4, 30), D(2024, 5, 31), D(2024, 6, 30),
      D(2024, 7, 31), D(2024, 8, 31), D(2024, 9, 30), D(2024, 10, 31), D(2024, 11, 30), D(2024, 12, 31)]),
    # a numeric date names its day of the year as «15 сентября 2024» does; without «далее» the year starts nothing
    ("ежегодно до 15.09.2024", CY, CY_START, D(2025, 9, 15), "yearly", [D(2025, 9, 15)]),
    # a first date with another periodicity: due once, then that periodicity's own days from it on
    ("до 01.09.2023, далее ежеквартально", "2023", D(2023, 9, 1), D(2023, 12, 31), "quarterly",
     [D(2023, 9, 1), D(2023, 9, 30), D(2023, 12, 31)]),
    ("с 01.09.2023 ежеквартально", "2023", D(2023, 9, 1), D(2023, 12, 31), "quarterly",
     [D(2023, 9, 30), D(2023, 12, 31)]),
    ("сентябрь 2024 и далее ежемесячно", Y24, D(2024, 9, 1), D(2024, 12, 31), "monthly",
     [D(2024, 9, 30), D(2024, 10, 31), D(2024, 11, 30), D(2024, 12, 31)]),
    ("до 15.12.2023 и до 15.05.2024, далее 2 раза в год", MY, D(2023, 12, 15), D(2025, 12, 15), "twice-yearly",
     [D(2023, 12, 15), D(2024, 5, 15), D(2024, 12, 15), D(2025, 5, 15), D(2025, 12, 15)]),
]


@pytest.mark.parametrize("text, period, kind, start, end", CASES, ids=[repr(c[0])[:40] for c in CASES])
def test_deadline_table(text, period, kind, start, end):
    d = parse_deadline(text, _period(period))
    assert (d.kind, d.start, d.end) == (kind, start, end), d
    if kind in ("date", "range", "ongoing", "event-bound", "missing", "unparsed"):
        assert d.checkpoints == () and d.recurrence is None
    if kind == "unparsed":
        assert d.hint, "an unparsed deadline must say why"
    assert d.text == ("" if text is None else text.strip())


@pytest.mark.parametrize("text, period, start, end, recurrence, checkpoints", RECURRING,
                         ids=[f"{c[0][:30]}|{c[1]}" for c in RECURRING])
def test_recurring_table(text, period, start, end, recurrence, checkpoints):
    d = parse_deadline(text, _period(period))
    assert (d.kind, d.start, d.end, d.recurrence) == ("recurring", start, end, recurrence), d
    assert list(d.checkpoints) == checkpoints


def test_table_is_large_enough():
    assert len(CASES) + len(RECURRING) >= 150


# ---- several quarters before one word, any numerals: expected dates computed from the numbers -----------------------

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
QUARTER_WORDS = ("квартал", "кварталы", "кв.", "квартала")
# the year is written, so no period may change the dates
ANY_PERIOD = st.sampled_from([None, "2024", "2024-2025", "2023-2025", "январь 2024"])


def _quarter_start(y: int, n: int) -> date:
    return D(y, 3 * n - 2, 1)


def _quarter_end(y: int, n: int) -> date:
    # the day before the next quarter starts
    return (D(y + 1, 1, 1) if n == 4 else D(y, 3 * n + 1, 1)) - timedelta(days=1)


@settings(max_examples=200, deadline=None)
@given(numbers=st.lists(st.integers(1, 4), min_size=2, max_size=4, unique=True), y=st.integers(2000, 2040),
       roman=st.booleans(), joiner=st.sampled_from([", ", ",", " и "]), word=st.sampled_from(QUARTER_WORDS),
       period=ANY_PERIOD)
def test_a_list_of_quarters_is_a_checkpoint_per_quarter(numbers, y, roman, joiner, word, period):
    numbers = sorted(numbers)
    text = joiner.join(ROMAN[n] if roman else str(n) for n in numbers) + f" {word} {y} г."
    d = parse_deadline(text, _period(period))
    assert (d.kind, d.recurrence) == ("recurring", "listed"), (text, d)
    assert list(d.checkpoints) == [_quarter_end(y, n) for n in numbers], text
    assert (d.start, d.end) == (_quarter_start(y, numbers[0]), _quarter_end(y, numbers[-1])), text
    # the same as each quarter written out
    long_form = ", ".join(f"{ROMAN[n]} квартал {y} г." for n in numbers)
    written_out = parse_deadline(long_form, _period(period))
    assert (written_out.kind, written_out.recurrence, written_out.start, written_out.end, written_out.checkpoints) \
        == (d.kind, d.recurrence, d.start, d.end, d.checkpoints), long_form


@settings(max_examples=200, deadline=None)
@given(first=st.integers(1, 3), more=st.integers(1, 3), y=st.integers(2000, 2040), roman=st.booleans(),
       joiner=st.sampled_from(["-", "–", " - ", " — ", " по "]), word=st.sampled_from(QUARTER_WORDS),
       period=ANY_PERIOD)
def test_a_range_of_quarters_is_one_span(first, more, y, roman, joiner, word, period):
    last = min(first + more, 4)
    numeral = ROMAN.get if roman else str
    text = f"{numeral(first)}{joiner}{numeral(last)} {word} {y}"
    d = parse_deadline(text, _period(period))
    assert (d.kind, d.start, d.end, d.checkpoints) == (
        "range", _quarter_start(y, first), _quarter_end(y, last), ()), (text, d)


def test_weekly_checkpoints_are_sundays():
    d = parse_deadline("еженедельно", _period(CY))
    assert (d.kind, d.recurrence, d.start, d.end) == ("recurring", "weekly", CY_START, CY_END)
    assert d.checkpoints[0] == D(2025, 1, 5) and d.checkpoints[-1] == D(2025, 12, 28)
    assert len(d.checkpoints) == 52 and all(c.weekday() == 6 for c in d.checkpoints)


@pytest.mark.parametrize("text", ["ежеквартально", "ежемесячно до 5 числа", "2 раза в год", "ежегодно, сентябрь"])
def test_recurring_without_period_has_no_checkpoints(text):
    d = parse_deadline(text, None)
    assert d.kind == "recurring" and d.checkpoints == () and d.end is None and "период" in d.hint


# ---- a recurrence with a stated first date ----------------------------------------------------------------------------
# the first date holds in every period: no checkpoint before it; yearly, its day is the day of each later year; a
# first date after the period leaves no checkpoint in it and start = end = the first date

FIRST_FEB = D(2023, 2, 1)
FIRST_SEP = D(2023, 9, 1)
_FROM_1_SEP_2023 = {
    Y22: (FIRST_SEP, FIRST_SEP, []),
    "2023": (FIRST_SEP, FIRST_SEP, [FIRST_SEP]),
    SY: (SY_START, D(2024, 9, 1), [D(2024, 9, 1)]),
}
FIRST_DATE = {
    "не позднее 1 февраля 2023 г., далее – ежегодно": {
        Y22: (FIRST_FEB, FIRST_FEB, []),
        "2023": (FIRST_FEB, FIRST_FEB, [FIRST_FEB]),
        SY: (SY_START, D(2025, 2, 1), [D(2025, 2, 1)]),
        MY: (FIRST_FEB, D(2025, 2, 1), [FIRST_FEB, D(2024, 2, 1), D(2025, 2, 1)]),
    },
    "до 1 сентября 2023 г., далее ежегодно": _FROM_1_SEP_2023,
    "до 01.09.2023, далее ежегодно": _FROM_1_SEP_2023,
    "с 1 сентября 2023 года и далее ежегодно": _FROM_1_SEP_2023,
}


@pytest.mark.parametrize("text", FIRST_DATE)
def test_a_stated_first_date_holds_in_every_period(text):
    for period, (start, end, checkpoints) in FIRST_DATE[text].items():
        d = parse_deadline(text, _period(period))
        assert (d.kind, d.recurrence, d.start, d.end, list(d.checkpoints)) == (
            "recurring", "yearly", start, end, checkpoints), (period, d)


def test_a_first_date_after_the_period_says_so():
    d = parse_deadline("не позднее 1 февраля 2023 г., далее – ежегодно", _period(Y22))
    assert d.hint == "срок начинается 01.02.2023, после отчётного периода"


def test_only_a_written_year_makes_a_first_date():
    # without a year the period places the day, as before; with one, the year is the text's, not the period's
    without = parse_deadline("до 1 февраля, далее – ежегодно", _period(Y22))
    assert (without.start, without.end, without.checkpoints) == (D(2022, 1, 1), D(2022, 2, 1), (D(2022, 2, 1),))
    written = parse_deadline("до 1 февраля 2023 г., далее – ежегодно", _period(Y22))
    assert (written.start, written.end, written.checkpoints) == (FIRST_FEB, FIRST_FEB, ())


# ---- hints: what was assumed, why not understood ---------------------------------------------------------------------

def test_year_taken_from_period_is_said():
    assert "год взят из отчётного периода" in parse_deadline("сентябрь", _period(SY)).hint
    assert "год взят из отчётного периода" in parse_deadline("I, III кварталы", _period(SY)).hint
    assert "год взят из отчётного периода" in parse_deadline("I–IV квартал", _period(CY)).hint
    assert parse_deadline("I, III кварталы 2025 г.", _period(SY)).hint == ""
    assert "год взят из отчётного периода" in parse_deadline("до 15.03", _period(SY)).hint
    assert parse_deadline("сентябрь 2024", _period(SY)).hint == ""


def test_no_year_and_no_period_is_never_guessed():
    for text in ("сентябрь", "до 15 мая", "II квартал", "сентябрь-октябрь", "I, III кварталы", "I-II кв."):
        d = parse_deadline(text, None)
        assert d.kind == "unparsed" and d.hint == "не указан год, а отчётный период не задан", text


def test_fragment_and_vague_month_hints():
    assert "обрывок" in parse_deadline("до", _period(SY)).hint
    assert "до конца месяца" in parse_deadline("до сентября 2024", _period(SY)).hint
    assert "учебный год длиннее года" in parse_deadline("в течение 2022-2025 учебного года", None).hint


def test_person_in_deadline_cell_is_flagged():
    for text in ("Сидорова А.А.", "Байгулова О.М.", "зам. директора по УВР", "директор", "УО"):
        d = parse_deadline(text, _period(SY))
        assert d.looks_like_person and d.kind == "unparsed", text
    for text in ("сентябрь 2024", "по мере необходимости и т.д.", "в течение года", "до 01.09.2024 г."):
        assert not parse_deadline(text, _period(SY)).looks_like_person, text


# ---- other cell types ------------------------------------------------------------------------------------------------

def test_cell_values_of_other_types():
    p = _period(SY)
    assert parse_deadline(date(2024, 9, 15), p).to_dict() == {
        "text": "15.09.2024", "kind": "date", "start": None, "end": "2024-09-15", "recurrence": None,
        "checkpoints": []}
    dt = parse_deadline(datetime(2024, 9, 15, 13, 30), None)
    assert (dt.kind, dt.end, dt.text) == ("date", D(2024, 9, 15), "15.09.2024")
    y = parse_deadline(2025, p)
    assert (y.kind, y.start, y.end, y.text) == ("range", D(2025, 1, 1), D(2025, 12, 31), "2025")
    assert (parse_deadline(2024.0, None).kind, parse_deadline(2024.0, None).text) == ("range", "2024")
    for value in (45000.0, 45000, 3.5, 0, -1, float("nan"), float("inf"), True, False, object(), [1], b"x"):
        d = parse_deadline(value, p)
        assert d.kind == "unparsed" and d.hint, value


def test_to_dict_of_recurring():
    assert parse_deadline("май 2024 г., май 2025 г.", _period(SY)).to_dict() == {
        "text": "май 2024 г., май 2025 г.", "kind": "recurring", "start": "2024-05-01",
        "end": "2025-05-31", "recurrence": "listed", "checkpoints": ["2024-05-31", "2025-05-31"]}


# ---- the reporting period --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, start, end, school", [
    ("2024", D(2024, 1, 1), D(2024, 12, 31), False),
    (2024, D(2024, 1, 1), D(2024, 12, 31), False),
    (2024.0, D(2024, 1, 1), D(2024, 12, 31), False),
    (" 2024 ", D(2024, 1, 1), D(2024, 12, 31), False),
    ("2024 год", D(2024, 1, 1), D(2024, 12, 31), False),
    ("2024 г.", D(2024, 1, 1), D(2024, 12, 31), False),
    ("на 2024 год", D(2024, 1, 1), D(2024, 12, 31), False),
    ("2024-2025", D(2024, 9, 1), D(2025, 8, 31), True),
    ("2024/2025", D(2024, 9, 1), D(2025, 8, 31), True),
    ("2024–2025 учебный год", D(2024, 9, 1), D(2025, 8, 31), True),
    ("2024 — 2025 учебный год", D(2024, 9, 1), D(2025, 8, 31), True),
    ("2024-2025 уч. г.", D(2024, 9, 1), D(2025, 8, 31), True),
    ("2024-2025 уч.год", D(2024, 9, 1), D(2025, 8, 31), True),
    ("2024/25", D(2024, 9, 1), D(2025, 8, 31), True),
    ("2022-2023", D(2022, 9, 1), D(2023, 8, 31), True),
    ("2023-2025", D(2023, 1, 1), D(2025, 12, 31), False),
    ("2022-2024", D(2022, 1, 1), D(2024, 12, 31), False),
    ("2024-2025 гг.", D(2024, 1, 1), D(2025, 12, 31), False),
    ("январь 2024", D(2024, 1, 1), D(2024, 1, 31), False),
])
def test_periods(text, start, end, school):
    p = parse_period(text)
    assert isinstance(p, Period)
    assert (p.start, p.end, p.school_year) == (start, end, school)


def test_equal_periods_compare_equal():
    assert parse_period("2024/2025") == parse_period("2024–2025 учебный год") == parse_period("2024-2025")


@pytest.mark.parametrize("text", [None, "", "   ", "осень", "2025-2024", "2024-2024", "20245", "abc 2024 xyz", True,
                                  False, 45000, 2024.5, object(), "в течение года"])
def test_bad_periods(text):
    assert parse_period(text) is None


# ---- status and checkpoints ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, period, done, as_of, completion, status", [
    ("до 15.09.2024", SY, False, D(2024, 9, 10), None, "в срок"),
    ("до 15.09.2024", SY, False, D(2024, 9, 15), None, "в срок"),
    ("до 15.09.2024", SY, False, D(2024, 9, 16), None, "просрочено"),
    ("до 15.09.2024", SY, True, D(2025, 1, 1), D(2024, 9, 14), "выполнено"),
    ("до 15.09.2024", SY, True, D(2025, 1, 1), None, "выполнено"),
    ("сентябрь 2024", SY, False, D(2024, 9, 30), None, "в срок"),
    ("сентябрь 2024", SY, False, D(2024, 10, 1), None, "просрочено"),
    ("", SY, False, D(2025, 1, 1), None, "срок не указан"),
    (None, SY, True, D(2025, 1, 1), None, "выполнено"),
    ("в теч. г-да по мере", SY, False, D(2025, 1, 1), None, "срок не распознан"),
    ("Иванова И.И.", SY, False, D(2025, 1, 1), None, "срок не распознан"),
    ("по итогам ГИА", SY, False, D(2026, 1, 1), None, "в срок"),
    ("ежеквартально", SY, False, D(2024, 9, 30), None, "в срок"),
    # a periodic action stays «в работе» until the period ends: its end decides (listed dates are per checkpoint)
    ("ежеквартально", SY, False, D(2024, 10, 1), None, "в срок"),
    ("ежеквартально", SY, False, D(2025, 3, 15), D(2024, 12, 31), "в срок"),
    ("ежеквартально", SY, False, D(2025, 4, 1), D(2024, 12, 31), "в срок"),
    ("ежеквартально", SY, False, D(2025, 9, 1), None, "просрочено"),
    ("ежеквартально", None, False, D(2030, 1, 1), None, "в срок"),
    ("октябрь 2024 г., май 2025 г.", SY, False, D(2025, 3, 15), None, "просрочено"),
    ("октябрь 2024 г., май 2025 г.", SY, False, D(2024, 10, 15), None, "в срок"),
    ("октябрь 2024 г., май 2025 г.", SY, False, D(2025, 3, 15), D(2024, 10, 31), "в срок"),
    ("октябрь 2024 г., май 2025 г.", SY, False, D(2025, 3, 15), D(2024, 10, 30), "просрочено"),
    # listed quarters: each quarter's end is a checkpoint of its own; a range of quarters ends with the last one
    ("I, III кварталы 2025 г.", CY, False, D(2025, 3, 31), None, "в срок"),
    ("I, III кварталы 2025 г.", CY, False, D(2025, 4, 1), None, "просрочено"),
    ("I, III кварталы 2025 г.", CY, False, D(2025, 4, 1), D(2025, 3, 31), "в срок"),
    ("I, III кварталы 2025 г.", CY, False, D(2025, 10, 1), D(2025, 3, 31), "просрочено"),
    ("I-II кв. 2025", CY, False, D(2025, 6, 30), None, "в срок"),
    ("I-II кв. 2025", CY, False, D(2025, 7, 1), None, "просрочено"),
    ("ежемесячно до 5 числа", CY, False, D(2025, 1, 5), None, "в срок"),
    ("ежемесячно до 5 числа", CY, False, D(2025, 1, 6), None, "в срок"),
    ("ежемесячно до 5 числа", CY, False, D(2026, 2, 1), None, "просрочено"),
    ("в течение года", SY, False, D(2025, 8, 31), None, "в срок"),
    ("в течение года", SY, False, D(2025, 9, 1), None, "просрочено"),
    ("в течение года", None, False, D(2099, 1, 1), None, "в срок"),
    ("с 01.10.2024", SY, False, D(2025, 9, 1), None, "просрочено"),
])
def test_status(text, period, done, as_of, completion, status):
    d = parse_deadline(text, _period(period))
    assert deadline_status(d, done, as_of, completion) == status
    assert status in STATUSES


def test_each_checkpoint_judged_on_its_own():
    d = parse_deadline("май 2024 г., май 2025 г.", _period("2024"))
    assert missed_checkpoints(d, D(2024, 5, 31)) == []
    assert missed_checkpoints(d, D(2024, 6, 1)) == [D(2024, 5, 31)]
    assert missed_checkpoints(d, D(2025, 6, 1)) == [D(2024, 5, 31), D(2025, 5, 31)]
    # a completion date covers the checkpoints on or before it, nothing after it
    assert missed_checkpoints(d, D(2025, 6, 1), completion_date=D(2024, 5, 31)) == [D(2025, 5, 31)]
    assert missed_checkpoints(d, D(2025, 6, 1), completion_date=D(2024, 5, 20)) == [D(2024, 5, 31), D(2025, 5, 31)]
    assert missed_checkpoints(d, D(2025, 6, 1), completion_date=D(2025, 6, 1)) == []


def test_missed_checkpoints_of_non_recurring_is_empty():
    for text in ("до 15.09.2024", "в течение года", "по графику", "", "xyz"):
        assert missed_checkpoints(parse_deadline(text, _period(SY)), D(2030, 1, 1)) == []


def test_monthly_missed_checkpoints():
    d = parse_deadline("ежемесячно до 5 числа", _period(CY))
    assert missed_checkpoints(d, D(2025, 3, 6)) == [D(2025, 1, 5), D(2025, 2, 5), D(2025, 3, 5)]
    assert missed_checkpoints(d, D(2025, 3, 6), D(2025, 2, 10)) == [D(2025, 3, 5)]


@pytest.mark.parametrize("text", ["оуо" * 160 + "x", "ОУО" * 160 + "Х", "мдоу" * 120 + "ь", "1 " * 240,
                                  "сентябрь-" * 50, "2024-" * 90, "а. " * 160, "Иванова И. " * 40, "<" * 490,
                                  "по " * 160 + "5", "i " * 240 + "кв", "2 " * 200 + "полугодие", "x" * 100_000,
                                  "i, " * 160 + "кв", "1-" * 240 + "квартал", "ii и " * 100 + "четверти",
                                  "1-й, " * 100 + "кварталы"])
def test_pathological_text_is_fast(text):
    import time
    t0 = time.perf_counter()
    _consistent(parse_deadline(text, _period(SY)))
    assert time.perf_counter() - t0 < 0.5


# ---- never raises, stays consistent --------------------------------------------------------------------------------

PERIODS = st.sampled_from([None, "2024", "2024-2025", "2023-2025", "2025", "январь 2024"])


def _consistent(d: Deadline) -> None:
    assert isinstance(d, Deadline)
    assert d.kind in KINDS
    if d.kind in ("date", "range") and d.start and d.end:
        assert d.start <= d.end
    if d.kind == "date":
        assert d.start is None and d.end is not None
    if d.kind == "recurring":
        assert list(d.checkpoints) == sorted(set(d.checkpoints))
    if d.kind == "unparsed":
        assert d.hint
    assert isinstance(d.text, str)
    d.to_dict()
    for done in (False, True):
        assert deadline_status(d, done, D(2025, 1, 1)) in STATUSES
    missed_checkpoints(d, D(2025, 1, 1), D(2024, 6, 1))


@settings(max_examples=500, deadline=None)
@given(text=st.text(max_size=80), period=PERIODS)
def test_never_raises_on_any_text(text, period):
    _consistent(parse_deadline(text, _period(period)))


WORDS = st.sampled_from(["до", "с", "по", "итогам", "в", "течение", "года", "сентябрь", "май", "декабря", "2024",
                         "2025", "г.", "-", "–", ",", "15.09.2024", "I", "IV", "квартал", "полугодие", "четверть",
                         "ежемесячно", "ежеквартально", "ежегодно", "числа", "5", "31", "учебного", "и", "далее",
                         "Иванова", "И.И.", "31.02.2025", "2022-2025", "2024/25", "раза", "раз", "год", "<br>",
                         "\u00a0", "следующего", "постоянно", "гг.", "уч.", "/", "1-15", "сент.", "2099", "1990",
                         "III", "кварталы", "кв.", "1-2", "II-IV", "со", "3-й", "I,", "полугодия"])


@settings(max_examples=500, deadline=None)
@given(words=st.lists(WORDS, max_size=9), period=PERIODS)
def test_never_raises_on_deadline_like_text(words, period):
    _consistent(parse_deadline(" ".join(words), _period(period)))


@settings(max_examples=300, deadline=None)
@given(value=st.one_of(st.none(), st.integers(), st.floats(allow_nan=True), st.booleans(), st.dates(),
                       st.datetimes(), st.binary(max_size=10), st.lists(st.integers(), max_size=3)),
       period=PERIODS)
def test_never_raises_on_any_cell_value(value, period):
    _consistent(parse_deadline(value, _period(period)))


@settings(max_examples=300, deadline=None)
@given(value=st.one_of(st.none(), st.text(max_size=40), st.integers(), st.floats(allow_nan=True), st.booleans(),
                       st.dates()))
def test_parse_period_never_raises(value):
    p = parse_period(value)
    assert p is None or (isinstance(p, Period) and p.start <= p.end)
