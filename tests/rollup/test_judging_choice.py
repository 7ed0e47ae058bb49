"""The period and the level a consolidation sums: the majority, a tie reported (not decided silently), and
``--period`` / ``--level`` overruling it. Submissions summarised from literal rows (no file)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.support.district import SPEC
from tests.support.grids import check, school_grids
from xl_roadmap.core.content import WorkbookContent
from xl_roadmap.rollup.consolidation import assemble
from xl_roadmap.rollup.judging import choose, level_of, majority_period
from xl_roadmap.rollup.submission import summarise
from xl_roadmap.spec.vocabulary import BookStatus, OrgKind

AS_OF = date(2025, 3, 15)


def _sub(code: str, **org):
    organisation = {"org_name": f"Школа {code}", "org_code": code, "org_kind": OrgKind.SCHOOL,
                    "municipality": "Район", "region": "Область", "period": "2024-2025",
                    "signatory": "Иванова Н.В.", "contact": "тел.", **org}
    return summarise(check(school_grids(WorkbookContent(organisation=organisation)), AS_OF, name=f"{code}.xlsx"),
                     received_at=0.0)


def _district(code: str, **org):
    return _sub(code, org_kind=OrgKind.DISTRICT, **org)


def test_a_clear_majority_gives_no_notice():
    subs = [_sub("ОО-1"), _sub("ОО-2"), _sub("ОО-3", period="2023-2024")]
    choice = choose(subs)
    assert (choice.period, choice.level, choice.notices) == ("2024-2025", 0, ())


def test_periods_are_counted_as_periods_not_as_texts():
    """«2024/2025» and «2024-2025» are one period: two books of it outweigh two of «2023-2024» plus none."""
    subs = [_sub("ОО-1", period="2024/2025"), _sub("ОО-2"), _sub("ОО-3", period="2023-2024")]
    assert majority_period(subs) == "2024-2025" and choose(subs).notices == ()


def test_a_tie_of_periods_is_reported_with_the_books_of_each_and_the_option():
    subs = [_sub("ОО-1"), _sub("ОО-2"), _sub("ОО-3", period="2023-2024"), _sub("ОО-4", period="2023-2024")]
    choice = choose(subs)
    assert choice.period == "2023-2024"                           # the first in order, as before — but said
    [notice] = choice.notices
    assert notice.kind == "period-tie" and notice.option == "--period"
    assert notice.tied == (("2023-2024", 2), ("2024-2025", 2))
    assert "«2023-2024» — 2, «2024-2025» — 2" in notice.message
    assert "--period 2023-2024 или --period 2024-2025" in notice.message
    assert notice.to_dict()["tied"] == [{"value": "2023-2024", "books": 2}, {"value": "2024-2025", "books": 2}]


def test_a_given_period_ends_the_tie():
    subs = [_sub("ОО-1"), _sub("ОО-2", period="2023-2024")]
    choice = choose(subs, period="2024-2025")
    assert (choice.period, choice.notices) == ("2024-2025", ())


def test_a_tie_of_levels_is_reported_and_the_lower_level_summed():
    subs = [_sub("ОО-1"), _district("УО-1")]
    choice = choose(subs)
    assert choice.level == 0
    [notice] = choice.notices
    assert notice.kind == "level-tie" and notice.tied == (("ОО", 1), ("УО", 1))
    assert "книги ОО — 1, своды уровня «УО» — 1" in notice.message
    assert "--level ОО или --level УО" in notice.message


def test_the_period_is_the_majority_among_books_of_the_chosen_level():
    """A roll-up of another period lying among the schools' books neither decides nor ties the period."""
    subs = [_sub("ОО-1"), _district("УО-1", period="2023-2024"), _district("УО-2", period="2023-2024"),
            _sub("ОО-2"), _sub("ОО-3")]
    choice = choose(subs)
    assert (choice.level, choice.period, choice.notices) == (0, "2024-2025", ())
    assert choose(subs, level=1).period == "2023-2024"


@pytest.mark.parametrize("name, level", [("ОО", 0), ("оо", 0), (" УО ", 1), ("регион", 2)])
def test_levels_are_named_as_the_user_writes_them(name, level):
    assert level_of(name) == level


def test_an_unknown_level_name_is_refused():
    with pytest.raises(ValueError):
        level_of("школа")


def test_a_given_level_rejects_the_other_books_with_a_reason_and_reports_no_tie():
    subs = [_sub("ОО-1"), _district("УО-1"), _district("УО-2", org_code="УО-2")]
    c = assemble(subs, spec=SPEC, as_of=AS_OF, level=0)
    assert [s.code for s in c.used] == ["ОО-1"] and c.notices == []
    rejected = {s.code: s.reason for s in c.rejected}
    assert set(rejected) == {"УО-1", "УО-2"} and all("свод уровня «УО» среди книг ОО" in r for r in rejected.values())
    assert c.level_kind == OrgKind.DISTRICT


def test_assemble_carries_the_tie_into_its_result():
    subs = [_sub("ОО-1"), _sub("ОО-2", period="2023-2024")]
    c = assemble(subs, spec=SPEC, as_of=AS_OF)
    assert [n.kind for n in c.notices] == ["period-tie"]
    assert c.to_dict()["notices"][0]["option"] == "--period"
    statuses = sorted(s.status for s in c.submissions)
    assert statuses == sorted([BookStatus.REJECTED, BookStatus.ACCEPTED])
