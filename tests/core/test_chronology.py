"""Periods in time order, however a district spells them."""

from __future__ import annotations

from datetime import date

import pytest

from xl_roadmap.core.chronology import period_key, period_span


@pytest.mark.parametrize("text, span", [
    ("2024", (date(2024, 1, 1), date(2024, 12, 31))),
    ("2024-2025", (date(2024, 9, 1), date(2025, 8, 31))),
    ("2024-Q1", (date(2024, 1, 1), date(2024, 3, 31))),
    ("2 квартал 2024", (date(2024, 4, 1), date(2024, 6, 30))),
    ("IV кв. 2024 г.", (date(2024, 10, 1), date(2024, 12, 31))),
    ("I полугодие 2024", (date(2024, 1, 1), date(2024, 6, 30))),
    ("2-е полугодие 2024 года", (date(2024, 7, 1), date(2024, 12, 31))),
    ("2024-H2", (date(2024, 7, 1), date(2024, 12, 31))),
])
def test_period_spans(text, span):
    assert period_span(text) == span


def test_no_period_is_none_and_sorts_last():
    assert period_span("5 квартал 2024") is None and period_span("весна") is None
    assert sorted(["весна", "2024", "2023"], key=period_key) == ["2023", "2024", "весна"]


def test_periods_sort_by_time_not_by_text():
    texts = ["2025", "I полугодие 2025", "2024-Q4", "2024", "2025-Q1", "2024-2025", "II полугодие 2024"]
    assert sorted(texts, key=period_key) == ["2024-Q4", "II полугодие 2024", "2024", "2025-Q1",
                                             "I полугодие 2025", "2024-2025", "2025"]
