"""The console's lines (rules/grouping.py): a rule's many findings in one book make one line, with its count,
the values of its tokens and its cells; errors come before warnings before notes; a rule's one or two findings
print as they are. Literal rows in memory, the findings the real checks give."""

from __future__ import annotations

from tests.support.district import SPEC, clean_plan
from tests.support.filling import table_address
from tests.support.grids import check, edited, school_grids
from xl_roadmap.rules.grouping import group_findings
from xl_roadmap.spec.vocabulary import Severity

ROAD = SPEC.sheet("roadmap").name
CLEAN = clean_plan(n_actions=20).content


def _actions(n: int, **values) -> list[dict]:
    """The clean book's first ``n`` actions with ``values`` changed (the others as they are)."""
    return [{**a, **values} if i < n else dict(a) for i, a in enumerate(CLEAN.actions)]


def test_seventeen_actions_without_codes_are_one_line_naming_the_count_and_the_numbers():
    report = check(school_grids(edited(CLEAN, actions=_actions(17, codes=""))))
    mine = [f for f in report.findings if f.code == "action-no-indicator"]
    assert len(mine) == 17
    lines = [line for line in group_findings(report.findings, SPEC) if line.code == "action-no-indicator"]
    assert len(lines) == 1
    line = lines[0]
    numbers = [a["no"] for a in CLEAN.actions[:17]]
    first, last = table_address(SPEC, "roadmap", 0, "codes"), table_address(SPEC, "roadmap", 16, "codes")
    assert line.severity == Severity.WARNING and line.where == f"{ROAD} ×17" and len(line.findings) == 17
    assert line.message.startswith(f"Мероприятий, не связанных ни с одним показателем: 17 — № "
                                   f"{', '.join(numbers[:10])} и ещё 7 (ячейки {first}:{last}).")
    assert numbers[10] not in line.message.split("и ещё")[0]


def test_two_findings_of_a_rule_print_as_they_are():
    report = check(school_grids(edited(CLEAN, actions=_actions(2, codes=""))))
    lines = [line for line in group_findings(report.findings, SPEC) if line.code == "action-no-indicator"]
    assert [line.message for line in lines] == [f.message for f in report.findings
                                                if f.code == "action-no-indicator"]
    assert [line.where for line in lines] == [f"{ROAD}!{table_address(SPEC, 'roadmap', i, 'codes')}"
                                              for i in range(2)]


def test_errors_come_before_warnings_before_notes():
    actions = _actions(3, codes="", responsible="все педагоги")
    actions[5] = {**actions[5], "deadline": None, "status": "в работе"}   # one error, below the warnings
    report = check(school_grids(edited(CLEAN, actions=actions)))
    lines = group_findings(report.findings, SPEC)
    ranks = [Severity.RANK[line.severity] for line in lines]
    assert ranks == sorted(ranks) and ranks[0] == 0 and ranks[-1] == 2
    assert lines[0].code == "action-no-deadline" and len(lines[0].findings) == 1


def test_a_rule_without_its_own_wording_says_its_title_count_and_cells():
    rule = "evidence-bad-link"
    assert SPEC.rules[rule].grouped is None
    rows = [{**e, "link": "не ссылка"} for e in CLEAN.evidence[:4]]
    report = check(school_grids(edited(CLEAN, evidence=rows + [dict(e) for e in CLEAN.evidence[4:]])))
    line = next(line for line in group_findings(report.findings, SPEC) if line.code == rule)
    first, last = table_address(SPEC, "evidence", 0, "link"), table_address(SPEC, "evidence", 3, "link")
    assert line.message == f"{SPEC.rules[rule].title}: 4 — ячейки {first}:{last}."


def test_labels_with_commas_are_listed_with_semicolons():
    org = {**CLEAN.organisation, "signatory": "", "contact": "", "region": ""}
    report = check(school_grids(edited(CLEAN, organisation=org)))
    line = next(line for line in group_findings(report.findings, SPEC) if line.code == "org-required-empty")
    assert "Подписант (ФИО, должность); Контактное лицо, телефон, e-mail" in line.message


def test_the_report_sheet_lists_errors_first_too():
    """«Проверка» keeps one row per cell, in the console's order of severity: the error that stops the book
    is its first row, not below the notes and warnings of the sheets before it."""
    from xl_roadmap.rules.report_plan import build_plan

    actions = _actions(3, codes="", responsible="все педагоги")
    actions[5] = {**actions[5], "deadline": None, "status": "в работе"}
    report = check(school_grids(edited(CLEAN, actions=actions)))
    plan = build_plan(report, SPEC)
    severities = [plan.value(row, "severity") for row in plan.rows]
    assert len(plan.rows) == len(report.findings) and severities[0] == SPEC.severities["error"]
    assert [Severity.RANK[s] for s in severities] == sorted(Severity.RANK[s] for s in severities)
    assert [plan.value(row, "no") for row in plan.rows] == list(range(1, len(plan.rows) + 1))
