"""Deadlines as people write them. Strings are taken from the real roadmaps (../shared/seeds,
../shared/domain); expected values are worked out by hand from the rules in issue 4."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xl_roadmap.deadlines import deadline_status, missed_checkpoints, parse_deadline, parse_period

D = date
SY = "2024-2025"        # school year: 01.09.2024–31.08.2025
CY = "2025"             # calendar year
SY_START, SY_END = D(2024, 9, 1), D(2025, 8, 31)
CY_START, CY_END = D(2025, 1, 1), D(2025, 12, 31)

# (text, period, kind, start, end)
CASES = [
    # exact dates, «до …»
    ("10.05.2022", SY, "date", None, D(2022, 5, 10)),
    ("до 01.09.2024г", SY, "date", None, D(2024, 9, 1)),
    ("до 01.09.2024 г.", SY, "date", None, D(2024, 9, 1)),
    ("до 15.09.2024 г.", SY, "date", None, D(2024, 9, 15)),
    ("в срок до 1 августа 2024 года", SY, "date", None, D(2024, 8, 1)),
    ("до 1 августа 2024 года", SY, "date", None, D(2024, 8, 1)),
    ("До 1 августа 2024 года", CY, "date", None, D(2024, 8, 1)),
    ("не позднее 10.10.2024", SY, "date", None, D(2024, 10, 10)),
    ("не позднее 10 октября 2024 г.", SY, "date", None, D(2024, 10, 10)),
    ("31.12.2024", SY, "date", None, D(2024, 12, 31)),
    ("31.12.24", SY, "date", None, D(2024, 12, 31)),
    ("01.09.2024", CY, "date", None, D(2024, 9, 1)),
    ("до 20.04.2025 г.", SY, "date", None, D(2025, 4, 20)),
    ("до 25.05.2025", SY, "date", None, D(2025, 5, 25)),
    ("к 01.09.2025", SY, "date", None, D(2025, 9, 1)),
    ("по 30.06.2025", SY, "date", None, D(2025, 6, 30)),
    ("15 сентября 2024", SY, "date", None, D(2024, 9, 15)),
    ("15 сентября", SY, "date", None, D(2024, 9, 15)),
    ("15 сентября", CY, "date", None, D(2025, 9, 15)),
    ("до 31 мая", SY, "date", None, D(2025, 5, 31)),
    ("до 31 мая", CY, "date", None, D(2025, 5, 31)),
    ("до 1 июня 2025 года", SY, "date", None, D(2025, 6, 1)),
    ("до 10 января", SY, "date", None, D(2025, 1, 10)),
    ("до 10 декабря", SY, "date", None, D(2024, 12, 10)),
    ("до 5 сентября", SY, "date", None, D(2024, 9, 5)),
    ("до 30 декабря 2024 г.", SY, "date", None, D(2024, 12, 30)),
    ("до 01.02.2025", SY, "date", None, D(2025, 2, 1)),
    ("до 01.09.2030", SY, "date", None, D(2030, 9, 1)),
    ("до 15.09", SY, "date", None, D(2024, 9, 15)),
    ("до 15.03", SY, "date", None, D(2025, 3, 15)),
    ("  до 15.09.2024  ", SY, "date", None, D(2024, 9, 15)),
    ("до\u00a015.09.2024", SY, "date", None, D(2024, 9, 15)),
    ("<br>до 15.09.2024", SY, "date", None, D(2024, 9, 15)),
    ("до 1 августа 2024 года.", SY, "date", None, D(2024, 8, 1)),
    # months and month ranges
    ("апрель 2022", SY, "range", D(2022, 4, 1), D(2022, 4, 30)),
    ("Сентябрь 2024г.", SY, "range", D(2024, 9, 1), D(2024, 9, 30)),
    ("Ноябрь 2024г.", SY, "range", D(2024, 11, 1), D(2024, 11, 30)),
    ("сентябрь 2024", SY, "range", D(2024, 9, 1), D(2024, 9, 30)),
    ("сентябрь 2024 г.", CY, "range", D(2024, 9, 1), D(2024, 9, 30)),
    ("сентябрь\n2025", SY, "range", D(2025, 9, 1), D(2025, 9, 30)),
    ("июль 2025", SY, "range", D(2025, 7, 1), D(2025, 7, 31)),
    ("февраль 2025 года", SY, "range", D(2025, 2, 1), D(2025, 2, 28)),
    ("февраль 2024 года", CY, "range", D(2024, 2, 1), D(2024, 2, 29)),
    ("декабрь", SY, "range", D(2024, 12, 1), D(2024, 12, 31)),
    ("декабрь", CY, "range", D(2025, 12, 1), D(2025, 12, 31)),
    ("май", SY, "range", D(2025, 5, 1), D(2025, 5, 31)),
    ("Май", CY, "range", D(2025, 5, 1), D(2025, 5, 31)),
    ("март", SY, "range", D(2025, 3, 1), D(2025, 3, 31)),
    ("октябрь", SY, "range", D(2024, 10, 1), D(2024, 10, 31)),
    ("в сентябре", SY, "range", D(2024, 9, 1), D(2024, 9, 30)),
    ("в мае 2025 года", SY, "range", D(2025, 5, 1), D(2025, 5, 31)),
    ("август 2025 г", SY, "range", D(2025, 8, 1), D(2025, 8, 31)),
    ("сент. 2024", SY, "range", D(2024, 9, 1), D(2024, 9, 30)),
    ("окт. 2024", SY, "range", D(2024, 10, 1), D(2024, 10, 31)),
    ("Сентябрь-ноябрь 2024", SY, "range", D(2024, 9, 1), D(2024, 11, 30)),
    ("август-сентябрь 2024 г.", SY, "range", D(2024, 8, 1), D(2024, 9, 30)),
    ("август - сентябрь 2024 г.", SY, "range", D(2024, 8, 1), D(2024, 9, 30)),
    ("август–сентябрь 2024 г.", SY, "range", D(2024, 8, 1), D(2024, 9, 30)),
    ("апрель - май 2025", SY, "range", D(2025, 4, 1), D(2025, 5, 31)),
    ("октябрь - ноябрь 2025", CY, "range", D(2025, 10, 1), D(2025, 11, 30)),
    ("май - июнь 2025 года", SY, "range", D(2025, 5, 1), D(2025, 6, 30)),
    ("январь - февраль 2025", SY, "range", D(2025, 1, 1), D(2025, 2, 28)),
    ("сентябрь-октябрь", SY, "range", D(2024, 9, 1), D(2024, 10, 31)),
    ("сентябрь-октябрь", CY, "range", D(2025, 9, 1), D(2025, 10, 31)),
    ("март-апрель", SY, "range", D(2025, 3, 1), D(2025, 4, 30)),
    ("декабрь 2024 – январь 2025", SY, "range", D(2024, 12, 1), D(2025, 1, 31)),
    ("ноябрь 2022 года – февраль 2025 года", SY, "range", D(2022, 11, 1), D(2025, 2, 28)),
    ("декабрь-январь", SY, "range", D(2024, 12, 1), D(2025, 1, 31)),
    ("по итогам ГИА, май-июнь 2025", SY, "range", D(2025, 5, 1), D(2025, 6, 30)),
    ("по итогам ГИА, июль 2025", SY, "range", D(2025, 7, 1), D(2025, 7, 31)),
    ("по итогам ЕГЭ, июль 2025", SY, "range", D(2025, 7, 1), D(2025, 7, 31)),
    # quarters, halves, years, school years
    ("I квартал 2025", SY, "range", D(2025, 1, 1), D(2025, 3, 31)),
    ("IV квартал 2024 г.", SY, "range", D(2024, 10, 1), D(2024, 12, 31)),
    ("II квартал 2025", SY, "range", D(2025, 4, 1), D(2025, 6, 30)),
    ("III квартал 2025 года", CY, "range", D(2025, 7, 1), D(2025, 9, 30)),
    ("1 квартал 2025", SY, "range", D(2025, 1, 1), D(2025, 3, 31)),
    ("4 квартал", CY, "range", D(2025, 10, 1), D(2025, 12, 31)),
    ("3 квартал", CY, "range", D(2025, 7, 1), D(2025, 9, 30)),
    ("1-й квартал 2025 г.", SY, "range", D(2025, 1, 1), D(2025, 3, 31)),
    ("первый квартал 2025", SY, "range", D(2025, 1, 1), D(2025, 3, 31)),
    ("1 полугодие 2025", SY, "range", D(2025, 1, 1), D(2025, 6, 30)),
    ("2 полугодие 2025", CY, "range", D(2025, 7, 1), D(2025, 12, 31)),
    ("II полугодие", SY, "range", D(2025, 1, 1), D(2025, 8, 31)),
    ("I полугодие", SY, "range", D(2024, 9, 1), D(2024, 12, 31)),
    ("первое полугодие", CY, "range", D(2025, 1, 1), D(2025, 6, 30)),
    ("2022", SY, "range", D(2022, 1, 1), D(2022, 12, 31)),
    ("2025 год", SY, "range", D(2025, 1, 1), D(2025, 12, 31)),
    ("2025 г.", CY, "range", D(2025, 1, 1), D(2025, 12, 31)),
    ("2023-2025", CY, "range", D(2023, 1, 1), D(2025, 12, 31)),
    ("2023 - 2025 гг.", CY, "range", D(2023, 1, 1), D(2025, 12, 31)),
    ("2022-2023 учебный год", SY, "range", D(2022, 9, 1), D(2023, 8, 31)),
    ("2024-2025 уч.г.", SY, "range", D(2024, 9, 1), D(2025, 8, 31)),
    ("2024/2025 учебный год", CY, "range", D(2024, 9, 1), D(2025, 8, 31)),
    ("в 2024-2025 учебном году", SY, "range", D(2024, 9, 1), D(2025, 8, 31)),
    ("2024-2025", SY, "range", D(2024, 9, 1), D(2025, 8, 31)),
    # ongoing
    ("в течение года", SY, "ongoing", SY_START, SY_END),
    ("в течение года", CY, "ongoing", CY_START, CY_END),
    ("В течение года", SY, "ongoing", SY_START, SY_END),
    ("в течение года ", SY, "ongoing", SY_START, SY_END),
    ("в течение учебного года", SY, "ongoing", SY_START, SY_END),
    ("в течение всего учебного года", SY, "ongoing", SY_START, SY_END),
    ("в течение календарного года", CY, "ongoing", CY_START, CY_END),
    ("в течение года по отдельному графику", SY, "ongoing", SY_START, SY_END),
    ("в течение года по отдельным планам", SY, "ongoing", SY_START, SY_END),
    ("в течение года по плану отдела образования", CY, "ongoing", CY_START, CY_END),
    ("в течение периода", SY, "ongoing", SY_START, SY_END),
    ("Постоянно", SY, "ongoing", SY_START, SY_END),
    ("постоянно", CY, "ongoing", CY_START, CY_END),
    ("систематически", SY, "ongoing", SY_START, SY_END),
    ("весь период", SY, "ongoing", SY_START, SY_END),
    ("ежедневно", SY, "ongoing", SY_START, SY_END),
    ("в течение 2024 года", CY, "ongoing", D(2024, 1, 1), D(2024, 12, 31)),
    ("в течение 2025 года", SY, "ongoing", D(2025, 1, 1), D(2025, 12, 31)),
    ("в течение 2022-2025 учебного года", CY, "ongoing", D(2022, 1, 1), D(2025, 12, 31)),
    ("Август 2024 и далее в течение года", SY, "ongoing", D(2024, 8, 1), SY_END),
    ("сентябрь 2024 и далее постоянно", SY, "ongoing", D(2024, 9, 1), SY_END),
    ("с 1 сентября 2024 года", SY, "ongoing", D(2024, 9, 1), SY_END),
    ("с 01.10.2024", SY, "ongoing", D(2024, 10, 1), SY_END),
    ("в течение года", None, "ongoing", None, None),
    # event-bound
    ("по итогам полугодия", SY, "event-bound", None, None),
    ("по итогам 1 и 2 полугодия", SY, "event-bound", None, None),
    ("по итогам четверти", SY, "event-bound", None, None),
    ("по итогам ГИА", SY, "event-bound", None, None),
    ("по графику", SY, "event-bound", None, None),
    ("по отдельному плану", SY, "event-bound", None, None),
    ("по мере необходимости", SY, "event-bound", None, None),
    ("по запросу", CY, "event-bound", None, None),
    ("в соответствии с графиком проведения", SY, "event-bound", None, None),
    ("в период проведения оценочных процедур", SY, "event-bound", None, None),
    ("в период каникул по отдельным планам", SY, "event-bound", None, None),
    ("согласно плану работы", SY, "event-bound", None, None),
    ("после проведения ВПР", SY, "event-bound", None, None),
    ("по согласованию с ИРО", SY, "event-bound", None, None),
    ("по итогам мониторинга", None, "event-bound", None, None),
    # missing
    ("", SY, "missing", None, None),
    ("   ", SY, "missing", None, None),
    ("\t  ", SY, "missing", None, None),
    (None, SY, "missing", None, None),
    ("-", SY, "missing", None, None),
    ("<br>", SY, "missing", None, None),
    # unparsed (never guessed)
    ("до", SY, "unparsed", None, None),
    ("года", SY, "unparsed", None, None),
    ("в теч. г-да по мере", SY, "unparsed", None, None),
    ("своевременно", SY, "unparsed", None, None),
    ("Байгулова О.М.", SY, "unparsed", None, None),
    ("Сидорова А.А.", SY, "unparsed", None, None),
    ("зам. директора по УВР", SY, "unparsed", None, None),
    ("директор", SY, "unparsed", None, None),
    ("руководители ШМО", SY, "unparsed", None, None),
    ("сентябрь", None, "unparsed", None, None),
    ("до 15.09", None, "unparsed", None, None),
    ("31.02.2025", SY, "unparsed", None, None),
    ("45.13.2024", SY, "unparsed", None, None),
    ("сентябрь", "2023-2025", "unparsed", None, None),
    ("xyz", SY, "unparsed", None, None),
]

# (text, period, checkpoints, recurrence)
RECURRING = [
    ("май 2024 г., май 2025 г.", SY, [D(2024, 5, 31), D(2025, 5, 31)], "listed"),
    ("март 2025 г., март 2026 г.", SY, [D(2025, 3, 31), D(2026, 3, 31)], "listed"),
    ("Август 2024, декабрь 2024", SY, [D(2024, 8, 31), D(2024, 12, 31)], "listed"),
    ("Август, декабрь 2024", SY, [D(2024, 8, 31), D(2024, 12, 31)], "listed"),
    ("май, сентябрь 2024", CY, [D(2024, 5, 31), D(2024, 9, 30)], "listed"),
    ("сентябрь, апрель", SY, [D(2024, 9, 30), D(2025, 4, 30)], "listed"),
    ("январь, май", SY, [D(2025, 1, 31), D(2025, 5, 31)], "listed"),
    ("январь, май.", CY, [D(2025, 1, 31), D(2025, 5, 31)], "listed"),
    ("январь, февраль 2025 года", SY, [D(2025, 1, 31), D(2025, 2, 28)], "listed"),
    ("октябрь 2024 г., май 2025 г.", SY, [D(2024, 10, 31), D(2025, 5, 31)], "listed"),
    ("01.10.2024, 01.03.2025", SY, [D(2024, 10, 1), D(2025, 3, 1)], "listed"),
    ("ежеквартально", SY, [D(2024, 11, 30), D(2025, 2, 28), D(2025, 5, 31), D(2025, 8, 31)], "quarterly"),
    ("ежеквартально", CY, [D(2025, 3, 31), D(2025, 6, 30), D(2025, 9, 30), D(2025, 12, 31)], "quarterly"),
    ("Ежеквартально", CY, [D(2025, 3, 31), D(2025, 6, 30), D(2025, 9, 30), D(2025, 12, 31)], "quarterly"),
    ("1 раз в квартал", CY, [D(2025, 3, 31), D(2025, 6, 30), D(2025, 9, 30), D(2025, 12, 31)], "quarterly"),
    ("2 раза в год", CY, [D(2025, 6, 30), D(2025, 12, 31)], "twice-yearly"),
    ("два раза в год", SY, [D(2025, 2, 28), D(2025, 8, 31)], "twice-yearly"),
    ("ежегодно, сентябрь", CY, [D(2025, 9, 30)], "yearly"),
    ("ежегодно в мае", SY, [D(2025, 5, 31)], "yearly"),
    ("ежегодно", CY, [D(2025, 12, 31)], "yearly"),
]

MONTHLY = [
    ("ежемесячно", CY, [D(2025, m, 1) for m in range(1, 13)], None),
    ("ежемесячно до 5 числа", CY, [D(2025, m, 5) for m in range(1, 13)], 5),
    ("до 25 числа каждого месяца", SY, None, 25),
    ("Ежемесячно", SY, None, None),
    ("1 раз в месяц", SY, None, None),
]


def _period(text):
    return parse_period(text) if text else None


@pytest.mark.parametrize("text, period, kind, start, end", CASES, ids=[repr(c[0])[:40] for c in CASES])
def test_deadline_table(text, period, kind, start, end):
    d = parse_deadline(text, _period(period))
    assert (d.kind, d.start, d.end) == (kind, start, end), d
    if kind == "unparsed":
        assert d.hint, "an unparsed deadline must say why"
    assert d.text == ("" if text is None else text.strip())


@pytest.mark.parametrize("text, period, checkpoints, recurrence", RECURRING, ids=[c[0] for c in RECURRING])
def test_recurring_checkpoints(text, period, checkpoints, recurrence):
    d = parse_deadline(text, _period(period))
    assert d.kind == "recurring"
    assert d.recurrence == recurrence
    assert list(d.checkpoints) == checkpoints
    assert d.end == checkpoints[-1] if recurrence in ("listed", "yearly") else d.end == _period(period).end


@pytest.mark.parametrize("text, period, checkpoints, day", MONTHLY, ids=[c[0] for c in MONTHLY])
def test_monthly(text, period, checkpoints, day):
    p = _period(period)
    d = parse_deadline(text, p)
    assert (d.kind, d.recurrence, d.end) == ("recurring", "monthly", p.end)
    assert len(d.checkpoints) == 12
    if day is not None:
        assert {c.day for c in d.checkpoints} == {day}
    else:
        assert all((c + __import__("datetime").timedelta(days=1)).day == 1 for c in d.checkpoints)
    if checkpoints and day is not None:
        assert list(d.checkpoints) == checkpoints


def test_recurring_without_period_says_so():
    d = parse_deadline("ежеквартально", None)
    assert d.kind == "recurring" and d.checkpoints == () and d.end is None and "период" in d.hint


def test_cell_values_of_other_types():
    p = _period(SY)
    assert parse_deadline(date(2024, 9, 15), p).to_dict() == {
        "text": "15.09.2024", "kind": "date", "start": None, "end": "2024-09-15", "recurrence": None,
        "checkpoints": []}
    assert parse_deadline(datetime(2024, 9, 15, 0, 0), p).end == D(2024, 9, 15)
    assert (parse_deadline(2025, p).kind, parse_deadline(2025, p).end) == ("range", D(2025, 12, 31))
    assert parse_deadline(45000.0, p).kind == "unparsed"
    assert parse_deadline(True, p).kind == "unparsed"
    assert parse_deadline(object(), p).kind == "unparsed"


def test_person_in_deadline_cell_is_flagged():
    d = parse_deadline("Сидорова А.А.", _period(SY))
    assert d.looks_like_person and d.kind == "unparsed"
    assert not parse_deadline("сентябрь 2024", _period(SY)).looks_like_person


@pytest.mark.parametrize("text, start, end, school", [
    ("2024", D(2024, 1, 1), D(2024, 12, 31), False),
    (2024, D(2024, 1, 1), D(2024, 12, 31), False),
    ("2024 год", D(2024, 1, 1), D(2024, 12, 31), False),
    ("2024-2025", D(2024, 9, 1), D(2025, 8, 31), True),
    ("2024/2025", D(2024, 9, 1), D(2025, 8, 31), True),
    ("2024–2025 учебный год", D(2024, 9, 1), D(2025, 8, 31), True),
    ("2023-2025", D(2023, 1, 1), D(2025, 12, 31), False),
])
def test_periods(text, start, end, school):
    p = parse_period(text)
    assert (p.start, p.end, p.school_year) == (start, end, school)


@pytest.mark.parametrize("text", [None, "", "осень", "2025-2024", "20245", True])
def test_bad_periods(text):
    assert parse_period(text) is None


@pytest.mark.parametrize("text, done, as_of, completion, status", [
    ("до 15.09.2024", False, D(2024, 9, 10), None, "в срок"),
    ("до 15.09.2024", False, D(2024, 9, 15), None, "в срок"),
    ("до 15.09.2024", False, D(2024, 9, 16), None, "просрочено"),
    ("до 15.09.2024", True, D(2025, 1, 1), D(2024, 9, 14), "выполнено"),
    ("", False, D(2025, 1, 1), None, "срок не указан"),
    ("в теч. г-да по мере", False, D(2025, 1, 1), None, "срок не распознан"),
    ("по итогам ГИА", False, D(2026, 1, 1), None, "в срок"),
    ("ежеквартально", False, D(2025, 3, 15), None, "в срок"),
    ("ежеквартально", False, D(2025, 9, 1), None, "просрочено"),
    ("октябрь 2024 г., май 2025 г.", False, D(2025, 3, 15), None, "просрочено"),
    ("октябрь 2024 г., май 2025 г.", False, D(2024, 10, 15), None, "в срок"),
    ("октябрь 2024 г., май 2025 г.", False, D(2025, 3, 15), D(2024, 10, 30), "в срок"),
    ("в течение года", False, D(2025, 8, 31), None, "в срок"),
    ("в течение года", False, D(2025, 9, 1), None, "просрочено"),
])
def test_status(text, done, as_of, completion, status):
    d = parse_deadline(text, _period(SY))
    assert deadline_status(d, done, as_of, completion) == status


def test_each_checkpoint_judged_on_its_own():
    d = parse_deadline("май 2024 г., май 2025 г.", _period("2024"))
    assert missed_checkpoints(d, D(2024, 6, 1)) == [D(2024, 5, 31)]
    assert missed_checkpoints(d, D(2025, 6, 1)) == [D(2024, 5, 31), D(2025, 5, 31)]
    assert missed_checkpoints(d, D(2025, 6, 1), completion_date=D(2024, 5, 20)) == [D(2025, 5, 31)]


def test_table_is_large_enough():
    assert len(CASES) + len(RECURRING) + len(MONTHLY) >= 150


PERIODS = st.sampled_from([None, "2024", "2024-2025", "2023-2025", "2025"])


@settings(max_examples=400, deadline=None)
@given(text=st.text(max_size=80), period=PERIODS)
def test_never_raises_on_any_text(text, period):
    d = parse_deadline(text, _period(period))
    assert d.kind in ("date", "range", "recurring", "ongoing", "event-bound", "missing", "unparsed")
    if d.kind in ("date", "range") and d.start and d.end:
        assert d.start <= d.end
    d.to_dict()


WORDS = st.sampled_from(["до", "с", "по", "итогам", "в", "течение", "года", "сентябрь", "май", "декабря", "2024",
                         "2025", "г.", "-", ",", "15.09.2024", "I", "квартал", "полугодие", "ежемесячно", "числа",
                         "5", "учебного", "и", "далее", "Иванова", "И.И.", "31.02.2025", "2022-2025"])


@settings(max_examples=400, deadline=None)
@given(words=st.lists(WORDS, max_size=8), period=PERIODS)
def test_never_raises_on_deadline_like_text(words, period):
    d = parse_deadline(" ".join(words), _period(period))
    if d.kind in ("date", "range") and d.start and d.end:
        assert d.start <= d.end
    if d.kind == "recurring":
        assert list(d.checkpoints) == sorted(d.checkpoints)


@given(value=st.one_of(st.none(), st.integers(), st.floats(allow_nan=True), st.booleans(), st.dates(),
                       st.datetimes()), period=PERIODS)
def test_never_raises_on_any_cell_value(value, period):
    parse_deadline(value, _period(period))
