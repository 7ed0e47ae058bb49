"""Findings have an owner: a fault of the district's plan in a handed-down action the school left as it came
is the district's (reported at import and hand-down), not the school's; once the school changes the cell,
the finding is the school's again. Literal rows in, findings out (tests/support/grids)."""

from __future__ import annotations

from tests.support.district import SPEC, clean_plan
from tests.support.filling import table_address
from tests.support.grids import check, edited, school_grids
from xl_roadmap.core import origin

CLEAN = clean_plan().content
ROADMAP = SPEC.sheet("roadmap").name


def _handed_down(**faults) -> tuple:
    """The clean book whose first action came from the plan with ``faults`` in it (as the plan wrote them)."""
    actions = [dict(a) for a in CLEAN.actions]
    actions[0].update(faults)
    actions[0]["origin"] = origin.mark(actions[0])
    return actions


def _codes_at(report, column_id: str) -> set[str]:
    cell = table_address(SPEC, "roadmap", 0, column_id)
    return {f.code for f in report.findings if (f.sheet, f.cell) == (ROADMAP, cell)}


def test_a_plans_fault_left_as_it_came_is_not_in_the_schools_report():
    actions = _handed_down(codes="", deadline="в течение 2022-2026 годов")
    report = check(school_grids(edited(CLEAN, actions=actions)))
    assert _codes_at(report, "codes") == set() and _codes_at(report, "deadline") == set()
    # the same faults typed by the school itself (no mark) are the school's
    actions[0]["origin"] = None
    report = check(school_grids(edited(CLEAN, actions=actions)))
    assert "action-no-indicator" in _codes_at(report, "codes")
    assert "deadline-outside-period" in _codes_at(report, "deadline")


def test_the_cell_the_school_changed_is_the_schools_the_others_stay_the_districts():
    actions = _handed_down(codes="", deadline="в течение 2022-2026 годов")
    actions[0]["deadline"] = "в течение 2022-2027 годов"          # the school rewrote the deadline only
    report = check(school_grids(edited(CLEAN, actions=actions)))
    assert "deadline-outside-period" in _codes_at(report, "deadline")
    assert _codes_at(report, "codes") == set()


def test_the_schools_own_findings_on_a_handed_down_action_are_still_said():
    """An overdue action is the school's even under a plan's deadline; a missing responsible too."""
    actions = _handed_down(deadline="до 01.10.2024", responsible="")
    actions[0]["status"], actions[0]["completion_date"] = "в работе", None
    report = check(school_grids(edited(CLEAN, actions=actions)))
    assert "action-overdue" in _codes_at(report, "deadline")
    assert "action-no-responsible" in _codes_at(report, "responsible")


def test_a_mark_is_read_back_and_anything_else_is_no_mark():
    mark = origin.mark({"no": "2.3", "action": "Семинар", "deadline": "май  2025", "codes": "П1"})
    got = origin.parse(mark)
    assert got.plan_no == "2.3" and got.unchanged("deadline", "Май 2025") and not got.unchanged("deadline", "июнь")
    assert got.unchanged("responsible", None) and not got.unchanged("result", "что угодно")
    for text in (None, "", "план УО", "план УО | 1 | deadline=zz", "из плана района № 3", 12.0):
        assert origin.parse(text) is None
