"""What a workbook means, from literal rows: values from numerator and denominator (not from a typed value),
status against the norm, loosely typed codes, each action's deadline state and evidence count."""

from __future__ import annotations

from datetime import date

from tests.support.district import SPEC
from tests.support.grids import read, school_grids
from xl_roadmap.core.analysis import analyse
from xl_roadmap.core.content import WorkbookContent
from xl_roadmap.spec.vocabulary import ActionStatus, DeadlineState, IndicatorStatus

ORG = {"org_name": "МОУ СОШ № 1", "org_code": "ОО-01", "org_kind": "ОО", "municipality": "Район",
       "region": "Область", "period": "2024-2025", "signatory": "Иванова Н.В., директор", "contact": "тел."}


def _analyse(indicators=(), actions=(), evidence=(), as_of=date(2025, 3, 15)):
    content = WorkbookContent(organisation=ORG, indicators=list(indicators), actions=list(actions),
                              evidence=list(evidence))
    return analyse(read(school_grids(content)), SPEC, as_of)


def test_a_share_is_its_fraction_times_100_whatever_the_typed_value_says():
    a = _analyse(indicators=[{"code": "П1", "period": "2024", "numerator": 45, "denominator": 60,
                              "value": 99, "norm": 80}])      # 99 typed over the formula
    r = a.indicators[0]
    assert (r.computed, r.typed, r.value) == (75.0, 99.0, 75.0)
    assert r.status == IndicatorStatus.NOT_ACHIEVED


def test_a_ratio_keeps_its_scale_and_a_met_norm_is_achieved():
    a = _analyse(indicators=[{"code": "П4", "period": "2024", "numerator": 30, "denominator": 4, "norm": 7}])
    assert a.indicators[0].value == 7.5 and a.indicators[0].status == IndicatorStatus.ACHIEVED


def test_a_loose_code_counts_as_the_catalogue_code_and_no_data_is_said():
    a = _analyse(indicators=[{"code": "п 1", "period": "2024"}, {"code": "П2", "period": "2024", "norm": 50}])
    assert a.indicators[0].code == "П1" and a.indicators[0].entry is not None
    assert a.indicators[1].status == IndicatorStatus.NO_DATA


def test_deadline_states_on_the_check_day():
    actions = [
        {"no": "1", "action": "сделано", "deadline": "до 01.10.2024", "responsible": "Петров П.П.",
         "status": ActionStatus.DONE},
        {"no": "2", "action": "прошло", "deadline": "до 01.10.2024", "responsible": "Петров П.П.",
         "status": ActionStatus.IN_PROGRESS},
        {"no": "3", "action": "впереди", "deadline": "май 2025", "responsible": "Петров П.П."},
        {"no": "4", "action": "без срока", "responsible": "Петров П.П."},
        {"no": "5", "action": "непонятно", "deadline": "когда получится", "responsible": "Петров П.П."},
        {"no": "6", "action": "отменено", "deadline": "до 01.10.2024", "responsible": "Петров П.П.",
         "status": ActionStatus.CANCELLED},
    ]
    a = _analyse(actions=actions)
    assert [x.state for x in a.actions] == [DeadlineState.DONE, DeadlineState.OVERDUE, DeadlineState.ON_TIME,
                                            DeadlineState.MISSING, DeadlineState.UNPARSED, DeadlineState.DONE]
    assert a.actions[2].deadline.end == date(2025, 5, 31)


def test_evidence_is_counted_per_action_number_as_written():
    actions = [{"no": "1.10", "action": "a", "deadline": "май 2025", "responsible": "Петров П.П."},
               {"no": "1.1", "action": "b", "deadline": "май 2025", "responsible": "Петров П.П."}]
    evidence = [{"action_no": "1.10", "kind": "приказ", "title": "x", "date": date(2024, 9, 1), "role": "основание"},
                {"action_no": " 1.10 ", "kind": "справка", "title": "y", "date": date(2024, 9, 2),
                 "role": "подтверждение"}]
    a = _analyse(actions=actions, evidence=evidence)
    assert [x.evidence_count for x in a.actions] == [2, 0]        # «1.10» is not 1.1
