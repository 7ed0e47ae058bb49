"""History and growth-from-archive over plain data: the same aggregation as a roll-up, one book per
organisation and period (the later received), the previous period of the same length."""

from __future__ import annotations

import pytest

from xl_roadmap.core import indicators as ind
from xl_roadmap.rollup.growth import PreviousValues, fill_growth
from xl_roadmap.rollup.history import ArchivedBook, ArchivedFigure, history, previous_values
from xl_roadmap.rollup.submission import Figure, Submission
from xl_roadmap.spec import default_spec

SPEC = default_spec()
EDITION = SPEC.edition("botlikh_muko_2022")
GROWTH = "М7.15"
SHARE = next(e.code for e in EDITION.indicators if e.aggregation == "ratio_of_sums" and e.kind == "share")


def archived(id_: int, org: str, period: str, received: str) -> ArchivedBook:
    return ArchivedBook(id_, org, org, f"Школа {org}", "", 0, period, received, EDITION.id)


def figure(book: int, code: str, period: str, num: float, den: float | None) -> ArchivedFigure:
    e = EDITION.get(code)
    value = ind.compute_value(e.kind, e.multiplier, num, den)
    return ArchivedFigure(book, code, period, num, den, value, None, ind.status(value, None, e.direction))


def test_history_takes_the_later_received_book_and_only_its_own_period():
    books = [archived(1, "A", "2023-2024", "2024-05-01"), archived(2, "B", "2023-2024", "2024-05-01"),
             archived(3, "A", "2023-2024", "2024-06-01"),          # A sent a corrected book: it counts
             archived(4, "A", "2024-2025", "2025-05-01")]
    figures = [figure(1, SHARE, "2023-2024", 10, 100), figure(2, SHARE, "2023-2024", 30, 100),
               figure(3, SHARE, "2023-2024", 20, 100), figure(4, SHARE, "2024-2025", 50, 100),
               figure(4, SHARE, "2023-2024", 99, 100)]           # a previous-period row of a later book: not counted
    h = history(books, figures, SPEC)
    assert h.periods == ["2023-2024", "2024-2025"] and h.submissions == 3
    first, second = h.rows
    assert (first.period, first.numerator, first.denominator) == ("2023-2024", 50, 200)
    assert first.value == pytest.approx(25.0)
    assert sorted(o.numerator for o in first.organisations) == [20, 30]
    assert (second.period, second.numerator) == ("2024-2025", 50)
    only_b = history(books, figures, SPEC, org="b")              # codes compared as codes: «b» is «B»
    assert [(r.period, [o.code for o in r.organisations]) for r in only_b.rows] == [("2023-2024", ["B"])]
    assert only_b.rows[0].numerator == 50                        # the district's aggregate stays the district's


def _sub(code: str, period: str, num: float, den: float | None) -> Submission:
    sub = Submission(path=f"{code}.xlsx", sha256="x", received_at=0, org={"org_code": code, "org_name": "Школа"})
    sub.figures = [Figure(GROWTH, period, "", num, den, None, None, ind.NO_DATA, "Показатели",
                          {"numerator": "G9", "denominator": "H9", "value": "I9"})]
    return sub


def test_growth_takes_the_previous_period_of_the_same_length_and_says_so():
    previous = PreviousValues({("A", GROWTH): (("2024", 80.0), ("2024-Q4", 30.0), ("2023", 70.0))})
    assert previous.before("A", GROWTH, "2025") == ("2024", 80.0)
    assert previous.before("A", GROWTH, "2025-Q1") == ("2024-Q4", 30.0)
    assert previous.before("A", GROWTH, "2023") is None
    subs = [_sub("A", "2025", 100.0, None), _sub("B", "2025", 100.0, None), _sub("A", "2025", 100.0, 90.0)]
    notices = fill_growth(subs, EDITION, previous, SPEC)
    filled = subs[0].figures[0]
    assert (filled.denominator, filled.previous_from) == (80.0, "2024")
    assert filled.value == pytest.approx(25.0)
    assert subs[1].figures[0].denominator is None                 # B has no archived value
    assert subs[2].figures[0].denominator == 90.0                 # the book's own value is never replaced
    assert len(notices) == 1 and notices[0].kind == "growth-from-archive"
    assert "М7.15" in notices[0].message and "2024" in notices[0].message and "Показатели!H9" in notices[0].message
    assert SPEC.rules["growth-previous-from-archive"].severity == "замечание"


def test_previous_values_are_the_own_period_numerators_of_the_chosen_books():
    books = [archived(1, "A", "2024", "2024-12-01"), archived(2, "A", "2024", "2025-01-10")]
    figures = [figure(1, GROWTH, "2024", 10, 9), figure(2, GROWTH, "2024", 12, 9), figure(2, GROWTH, "2023", 9, 8)]
    assert previous_values(books, figures, {GROWTH}).values == {("A", GROWTH): (("2024", 12),)}


def test_a_period_no_book_is_of_takes_each_organisations_latest_book_holding_it():
    books = [archived(1, "A", "2023-2024", "2024-05-01"), archived(2, "A", "2024-2025", "2025-05-01"),
             archived(3, "B", "2023-2024", "2024-05-01")]
    figures = [figure(1, SHARE, "2023-2024", 10, 100), figure(1, SHARE, "2022-2023", 1, 100),
               figure(2, SHARE, "2024-2025", 20, 100), figure(2, SHARE, "2022-2023", 3, 100),   # A's later word
               figure(3, SHARE, "2023-2024", 30, 100), figure(3, SHARE, "2022-2023", 5, 100),
               ArchivedFigure(3, SHARE, "2024-2025", None, None, None, None, ind.NO_DATA)]      # named, no figures
    h = history(books, figures, SPEC)
    assert h.periods == ["2022-2023", "2023-2024", "2024-2025"]
    rows = {r.period: r for r in h.rows}
    assert (rows["2022-2023"].numerator, rows["2022-2023"].denominator) == (8, 200)   # A's 3 (later book), B's 5
    assert (rows["2023-2024"].numerator, rows["2024-2025"].numerator) == (40, 20)   # the books' own, as before
    assert [o.code for o in rows["2024-2025"].organisations] == ["A"]              # B named it without figures
