"""``xl-roadmap import`` on six real plans found in public copies (tests/support/real_plans.py: a region's
ministry, an annex without requisites, two schools, a quarter-marked plan-graph), each checked against what a
person reading the original takes from it: how many actions, each one's number, text, deadline, responsible,
result and section, and the details the document states of its issuer — one test per document and field, so
that a fix to the importer flips exactly the tests it should.

Tests the current importer gets wrong are marked ``xfail(strict=True)`` with what it gives instead (its
«Импорт» notes quoted): the suite stays green, and a fix that makes one pass fails it until the mark goes.
"""

from __future__ import annotations

import re

import pytest

from tests.support import real_plans as rp
from tests.support.district import SPEC
from xl_roadmap.app.import_document import import_document
from xl_roadmap.io.workbook_file import read_workbook

FIELDS = ("no", "action", "deadline", "responsible", "result", "section")
NUMBERS_GIVEN = {"number-assigned", "numbers-unique"}   # the import saying a row had no (or a taken) number


def _xfail(reason: str):
    return pytest.mark.xfail(strict=True, reason=reason)


# What the importer gets wrong now, by test: (document, field) → reason, quoting its «Импорт» notes.
ACTION_XFAIL: dict = {}            # every action field is read as written now
ORGANISATION_XFAIL: dict = {}      # every stated detail is read now


def _cases(table: dict, pairs):
    return [pytest.param(name, key, id=f"{name}-{key}",
                         marks=[_xfail(table[(name, key)])] if (name, key) in table else [])
            for name, key in pairs]


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("real_plans")
    out = {}
    for name, build in rp.BUILDERS.items():
        plan = build(folder)
        outcome = import_document(plan.path, folder / f"{name}.xlsx")
        assert outcome.output is not None, f"{name}: {outcome.reason}"
        out[name] = (plan, outcome)
    return out


@pytest.mark.parametrize("name", list(rp.BUILDERS))
def test_as_many_actions_as_the_document_has(imported, name):
    plan, outcome = imported[name]
    assert len(outcome.plan.actions) == len(plan.actions)
    # and the book holds them: what the roll-up reads is what was imported
    assert len(read_workbook(outcome.output, SPEC).actions) == len(plan.actions)


# a plan-graph's deadline is a set of marked quarters, not a text to copy: test_the_quarters_marked_… checks it
_CHECKED_APART = {("arkhangelsk", "deadline")}


@pytest.mark.parametrize("name, field", _cases(ACTION_XFAIL, [(n, f) for n in rp.BUILDERS for f in FIELDS
                                                              if (n, f) not in _CHECKED_APART]))
def test_each_action_field_reads_as_written(imported, name, field):
    """Numbers as a reader names them; texts, deadlines and responsible verbatim (a cell's paragraphs joined
    with a line break), the section row above each action."""
    plan, outcome = imported[name]
    got = [a[field] for a in outcome.plan.actions]
    assert got == [getattr(a, field) for a in plan.actions]


@pytest.mark.parametrize("name", [pytest.param(n, marks=[_xfail(ACTION_XFAIL[(n, "numbers-own")])]
                                               if (n, "numbers-own") in ACTION_XFAIL else []) for n in rp.BUILDERS])
def test_numbers_are_the_documents_own(imported, name):
    """Every row of these plans carries its number: the import must not say it gave one or changed one."""
    _plan, outcome = imported[name]
    said = [f"{r.kind}: {r.what}" for r in outcome.plan.repairs if r.kind in NUMBERS_GIVEN]
    assert not said


def test_the_quarters_marked_are_the_deadline(imported):
    """The plan-graph's deadline is the quarters marked «х»: each one named (a range «I–IV квартал» names
    those between), no other quarter, no «х» left; the year stays."""
    plan, outcome = imported["arkhangelsk"]
    by_no = {a["no"]: a["deadline"] for a in outcome.plan.actions}
    for no, quarters in plan.marked_quarters.items():
        deadline = by_no.get(no, "")
        assert _quarters_named(deadline) == {q.split()[0] for q in quarters}, deadline
        assert not re.search(rf"(?<!\w){rp.MARK}(?!\w)", deadline) and "2013" in deadline, deadline


_ROMAN = ("I", "II", "III", "IV")


def _quarters_named(text: str) -> set[str]:
    named: set[str] = set()
    for first, last in re.findall(r"(?<![IV])([IV]+)(?:\s*[-–—]\s*([IV]+))?(?=[\s,]*(?:[IV]+[\s,]*)*кв)", text):
        if first in _ROMAN:
            end = last if last in _ROMAN else first
            named.update(_ROMAN[_ROMAN.index(first):_ROMAN.index(end) + 1])
    return named


def _same(got, want) -> bool:
    """Names compare as a reader compares them: case and spacing aside; dates and numbers exactly."""
    if isinstance(want, str) and isinstance(got, str):
        return " ".join(got.split()).casefold() == " ".join(want.split()).casefold()
    return got == want


@pytest.mark.parametrize("name, key", _cases(ORGANISATION_XFAIL, [(n, k) for n in rp.BUILDERS
                                                                   for k in rp.STATED[n]]))
def test_organisation_as_the_document_states_it(imported, name, key):
    _plan, outcome = imported[name]
    want = rp.STATED[name][key]
    got = outcome.plan.organisation.get(key)
    assert _same(got, want), f"{key}: {got!r}"


@pytest.mark.parametrize("name, key", _cases(ORGANISATION_XFAIL, [(n, k) for n in rp.BUILDERS
                                                                   for k in rp.ABSENT[n]]))
def test_details_the_document_leaves_blank_are_not_invented(imported, name, key):
    _plan, outcome = imported[name]
    assert outcome.plan.organisation.get(key) in (None, ""), outcome.plan.organisation.get(key)
    missing = [r.what for r in outcome.plan.repairs if r.kind == "details-missing"]
    assert missing, "the person is told what to fill in on «Сведения»"


@pytest.mark.parametrize("name", [n for n in rp.BUILDERS if rp.STATED[n].get("org_kind") == rp.SCHOOL])
def test_a_schools_own_plan_is_the_schools(imported, name):
    """A school's plan: every action is the school's (ОО), whoever of its staff is named."""
    plan, outcome = imported[name]
    assert {a["level"] for a in outcome.plan.actions} == {plan.level}
