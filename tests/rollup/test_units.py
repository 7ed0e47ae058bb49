"""Judging and aggregation as units: submissions summarised from literal rows (no file), then judged and
summed — Σ numerators / Σ denominators, never a mean of percentages."""

from __future__ import annotations

from datetime import date

import pytest

from tests.support.district import SPEC
from tests.support.grids import check, school_grids
from xl_roadmap.core.content import WorkbookContent
from xl_roadmap.rollup.aggregation import aggregate_indicators
from xl_roadmap.rollup.consolidation import ExpectedOrg, assemble
from xl_roadmap.rollup.judging import find_duplicates, input_level, judge
from xl_roadmap.rollup.submission import code_key, summarise
from xl_roadmap.spec.vocabulary import BookStatus, OrgKind

AS_OF = date(2025, 3, 15)
EDITION = SPEC.edition()


def _org(code: str, **more) -> dict:
    return {"org_name": f"Школа {code}", "org_code": code, "org_kind": OrgKind.SCHOOL, "municipality": "Район",
            "region": "Область", "period": "2024-2025", "signatory": "Иванова Н.В.", "contact": "тел.", **more}


def _sub(code: str, indicators=(), name: str | None = None, **org):
    content = WorkbookContent(organisation=_org(code, **org), indicators=list(indicators))
    return summarise(check(school_grids(content), AS_OF, name=name or f"{code}.xlsx"), received_at=0.0)


def _share(num, den, code="П1", period="2024"):
    return {"code": code, "name": EDITION.get(code).name, "period": period, "numerator": num, "denominator": den}


def test_a_share_is_summed_as_numerators_over_denominators():
    subs = [_sub("ОО-01", [_share(1, 2)]), _sub("ОО-02", [_share(90, 100)])]
    row = next(r for r in aggregate_indicators(subs, EDITION) if r.code == "П1")
    assert (row.numerator, row.denominator, row.contributors) == (91.0, 102.0, 2)
    assert row.value == pytest.approx(91 / 102 * 100)            # a mean of 50 % and 90 % would say 70


def test_share_of_orgs_counts_organisations_meeting_the_condition():
    code = next(e.code for e in EDITION.indicators if e.aggregation == "share_of_orgs")
    subs = [_sub(f"ОО-0{k}", [_share(v, 1, code=code)]) for k, v in ((1, 1), (2, 0), (3, 1), (4, 1))]
    row = next(r for r in aggregate_indicators(subs, EDITION) if r.code == code)
    assert (row.numerator, row.denominator, row.value) == (3.0, 4.0, 75.0)


def test_rows_of_one_indicator_are_summed_per_period_however_it_is_spelled():
    subs = [_sub("ОО-01", [_share(1, 4, period="2024/2025")]), _sub("ОО-02", [_share(1, 4, period="2024-25")])]
    rows = [r for r in aggregate_indicators(subs, EDITION) if r.code == "П1"]
    assert [(r.period, r.numerator, r.denominator) for r in rows] == [("2024-2025", 2.0, 8.0)]


def test_district_entered_indicators_get_an_empty_row_of_the_rollup_period():
    entered = {e.code for e in EDITION.indicators if e.aggregation == "district_entered"}
    rows = aggregate_indicators([_sub("ОО-01", [_share(1, 2)])], EDITION, period="2024-2025")
    empty = {r.code for r in rows if r.period == "2024-2025" and r.contributors == 0}
    assert entered and entered <= empty


@pytest.mark.parametrize("org, status, reason", [
    ({}, BookStatus.ACCEPTED, ""),
    ({"signatory": ""}, BookStatus.REJECTED, "ошибок: 1; первая: Сведения!B12 — Не заполнено поле «Подписант"),
    ({"period": "2023-2024"}, BookStatus.REJECTED, "другой отчётный период «2023-2024»"),
    ({"org_kind": OrgKind.DISTRICT}, BookStatus.REJECTED, "свод уровня «УО» среди книг ОО"),
])
def test_judging_one_book(org, status, reason):
    sub = _sub("ОО-01", [_share(1, 2)], **org)
    judge(sub, "2024-2025", level=0)
    assert sub.status == status
    assert sub.reason.startswith(reason)


def test_the_level_most_books_have_is_summed():
    subs = [_sub("ОО-01"), _sub("ОО-02"), _sub("УО-1", org_kind=OrgKind.DISTRICT)]
    assert input_level(subs) == 0
    assert input_level(subs[2:]) == 1


def test_of_two_books_of_one_organisation_the_later_document_wins():
    older = _sub("ОО-01", name="старая.xlsx", doc_date=date(2024, 9, 1))
    newer = _sub("оо–01 ", name="новая.xlsx", doc_date=date(2024, 10, 1))   # the same code, typed loosely
    assert code_key(older.code) == code_key(newer.code)
    [(code, kept, replaced)] = find_duplicates([older, newer], "2024-2025")
    assert (kept.name, replaced.name) == ("новая.xlsx", "старая.xlsx")


LOOKALIKE_CODES = ("ОО-01", "OO-01", "ОО\u200b-01", "ОО-\u200d01", "О\u00adО-01", "ОО\u00a0-\u00a001", "ОО‒01",
                   "ОО―01", "ОО−01", "ＯＯ－０１", "\ufeffоо-01", "ОО\u2060-01")


def test_codes_that_differ_only_by_invisible_or_look_alike_characters_are_one_organisation():
    """Zero-width spaces and joiners, a soft hyphen, NBSP, a BOM, Latin letters that look Cyrillic, any dash,
    full-width forms, case: one organisation — a second book is a duplicate, the list finds it; the roll-up keeps
    each code as written."""
    assert len({code_key(c) for c in LOOKALIKE_CODES}) == 1 and code_key("ОО-02") != code_key("ОО-01")
    books = [_sub(code, name=f"книга{i}.xlsx", doc_date=date(2024, 9, 1 + i)) for i, code in enumerate(LOOKALIKE_CODES)]
    duplicates = find_duplicates(books, "2024-2025")
    assert len(duplicates) == len(LOOKALIKE_CODES) - 1 and {d[1].name for d in duplicates} == {"книга11.xlsx"}
    c = assemble(books, spec=SPEC, as_of=AS_OF, expected=[ExpectedOrg("ОО–01", "Школа 1")])
    assert c.missing == [] and [s.code for s in c.used] == [LOOKALIKE_CODES[-1]]      # as written


def test_assemble_uses_accepted_books_and_lists_the_missing():
    good, bad = _sub("ОО-01", [_share(1, 2)]), _sub("ОО-02", [_share(9, 10)], signatory="")
    c = assemble([good, bad], spec=SPEC, as_of=AS_OF,
                 expected=[ExpectedOrg("ОО-01", ""), ExpectedOrg("ОО-02", ""), ExpectedOrg("ОО-03", "Школа 3")])
    assert [s.code for s in c.used] == ["ОО-01"] and [s.code for s in c.rejected] == ["ОО-02"]
    assert [m.code for m in c.missing] == ["ОО-03"] and c.level_kind == OrgKind.DISTRICT
    p1 = next(a for a in c.aggregates if a.code == "П1")
    assert (p1.numerator, p1.denominator) == (1.0, 2.0)           # the rejected book is not summed
