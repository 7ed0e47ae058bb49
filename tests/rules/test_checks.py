"""The checks as units: literal rows in memory (no .xlsx written), one fault per case, exactly the findings it
must give — rule code, sheet and cell — and wording and severity from spec/rules.json."""

from __future__ import annotations

from datetime import date

import pytest

from tests.support.district import SPEC, clean_plan
from tests.support.filling import org_address, table_address
from tests.support.grids import LiteralGrids, check, edited, found, school_grids
from xl_roadmap.spec.vocabulary import ActionStatus, Severity

ORG, IND, ROAD, EVID = (SPEC.sheet(s).name for s in ("organisation", "indicators", "roadmap", "evidence"))
EDITION = SPEC.edition()
CLEAN = clean_plan().content


def at(sheet_id: str, i: int, column_id: str) -> str:
    return table_address(SPEC, sheet_id, i, column_id)


def _share_row() -> int:
    return next(i for i, r in enumerate(CLEAN.indicators) if EDITION.get(r["code"]).kind == "share"
                and EDITION.get(r["code"]).aggregation != "share_of_orgs" and (r["denominator"] or 0) > 1
                and r["norm"] is None)


def _open_action() -> int:
    return next(i for i, a in enumerate(CLEAN.actions) if a["status"] != ActionStatus.DONE)


def _with(part: str, i: int, **values):
    rows = [dict(r) for r in getattr(CLEAN, part)]
    rows[i].update(values)
    return edited(CLEAN, **{part: rows})


def test_the_clean_rows_give_no_finding():
    report = check(school_grids(CLEAN))
    assert report.readable and report.findings == []


CASES = {
    "org-required-empty": lambda: (edited(CLEAN, organisation={**CLEAN.organisation, "signatory": ""}),
                                   {("org-required-empty", ORG, org_address(SPEC, "signatory"))}),
    "period-invalid": lambda: (edited(CLEAN, organisation={**CLEAN.organisation, "period": "прошлый год"}),
                               None),
    "not-a-number": lambda: (_with("indicators", _share_row(), numerator="много"),
                             {("not-a-number", IND, at("indicators", _share_row(), "numerator"))}),
    "percent-sign": lambda: (_with("indicators", _share_row(), numerator="1,5%"),
                             {("percent-sign", IND, at("indicators", _share_row(), "numerator"))}),
    "numerator-gt-denominator": lambda: (
        _with("indicators", _share_row(), numerator=CLEAN.indicators[_share_row()]["denominator"] + 5),
        {("numerator-gt-denominator", IND, at("indicators", _share_row(), "numerator"))}),
    "indicator-code-unknown": lambda: (_with("indicators", _share_row(), code="П99"),
                                       {("indicator-code-unknown", IND, at("indicators", _share_row(), "code"))}),
    "action-no-responsible": lambda: (_with("actions", _open_action(), responsible=""),
                                      {("action-no-responsible", ROAD, at("roadmap", _open_action(), "responsible"))}),
    "action-no-deadline": lambda: (_with("actions", _open_action(), deadline=None),
                                   {("action-no-deadline", ROAD, at("roadmap", _open_action(), "deadline"))}),
    "deadline-unparsed": lambda: (_with("actions", _open_action(), deadline="когда получится"),
                                  {("deadline-unparsed", ROAD, at("roadmap", _open_action(), "deadline"))}),
    "deadline-looks-like-person": lambda: (
        _with("actions", _open_action(), deadline="Иванова И.И."),
        {("deadline-looks-like-person", ROAD, at("roadmap", _open_action(), "deadline"))}),
    "value-not-in-list": lambda: (_with("actions", _open_action(), status="почти готово"),
                                  {("value-not-in-list", ROAD, at("roadmap", _open_action(), "status"))}),
    "evidence-orphan": lambda: (_with("evidence", 0, action_no="999"),
                                None),
}


@pytest.mark.parametrize("code", sorted(CASES))
def test_one_fault_gives_its_finding(code):
    content, expected = CASES[code]()
    report = check(school_grids(content))
    got = found(report)
    if expected is None:               # the fault has consequences elsewhere: its own finding must be there
        assert code in {c for c, _, _ in got}, got
    else:
        assert got == expected
    finding = next(f for f in report.findings if f.code == code)
    rule = SPEC.rules[code]
    assert finding.severity == rule.severity and finding.message and "{" not in finding.message


# -- what the reader notices about the structure: codes and tokens from the reader, words from the spec --------
def _grids() -> LiteralGrids:
    return school_grids(CLEAN)


def _without_column(grids: LiteralGrids, sheet_id: str, column_id: str) -> LiteralGrids:
    name, k = SPEC.sheet(sheet_id).name, SPEC.sheet(sheet_id).column_index(column_id)
    sheets = dict(grids.sheets)
    sheets[name] = [row[:k] + row[k + 1:] for row in grids.sheets[name]]
    return LiteralGrids(sheets)


def test_a_sheet_found_by_its_headers_under_another_name_is_read_and_named():
    report = check(_grids().rename(EVID, "Журнал"))
    assert found(report) == {("sheet-renamed", "Журнал", "A1")}
    assert "«Журнал»" in report.findings[0].message and f"«{EVID}»" in report.findings[0].message
    assert len(report.analysis.data.evidence) == len(CLEAN.evidence)


def test_a_missing_sheet_is_an_error_that_names_it():
    grids = _grids()
    sheets = {k: v for k, v in grids.sheets.items() if k != EVID}
    report = check(LiteralGrids(sheets))
    sheet_missing = [f for f in report.findings if f.code == "sheet-missing"]
    assert [(f.sheet, f.severity) for f in sheet_missing] == [(EVID, Severity.ERROR)]
    assert f"«{EVID}»" in sheet_missing[0].message


def test_merged_cells_are_a_warning_with_their_range():
    grids = LiteralGrids(_grids().sheets, merged={ROAD: [((4, 3), (4, 4))]})
    report = check(grids)
    assert ("merged-cells", ROAD, "D5:E5") in found(report)
    f = next(f for f in report.findings if f.code == "merged-cells")
    assert f.severity == Severity.WARNING and "D5:E5" in f.message


def test_missing_columns_required_is_an_error_optional_a_warning():
    grids = _without_column(_without_column(_grids(), "roadmap", "comment"), "roadmap", "executor")
    report = check(grids)
    by_code = {f.code: f for f in report.findings}
    assert by_code["optional-column-missing"].severity == Severity.WARNING
    assert {f.value for f in report.findings if f.code == "optional-column-missing"} == {
        SPEC.sheet("roadmap").column("comment").header, SPEC.sheet("roadmap").column("executor").header}
    required = check(_without_column(_grids(), "roadmap", "responsible"))
    missing = [f for f in required.findings if f.code == "column-missing"]
    assert [f.severity for f in missing] == [Severity.ERROR]
    assert "«Ответственный»" in missing[0].message


def test_a_moved_column_is_read_by_its_header_and_noted():
    grids = _grids()
    sheets = dict(grids.sheets)
    sheets[ROAD] = [[row[0], ""] + row[1:] for row in grids.sheets[ROAD]]    # a column inserted at B
    sheets[ROAD][1][1] = ""
    report = check(LiteralGrids(sheets))
    moved = {f.value for f in report.findings if f.code == "column-moved"}
    assert moved == {c.header for c in SPEC.sheet("roadmap").columns[1:]}
    assert {f.severity for f in report.findings if f.code == "column-moved"} == {Severity.NOTE}
    data = report.analysis.data
    assert [a.text("action") for a in data.actions] == [a["action"] for a in CLEAN.actions]


def test_a_missing_optional_field_is_a_warning_a_required_one_an_error():
    form = SPEC.sheet("organisation")
    grids = _grids()
    for field_id, severity in (("as_of", Severity.WARNING), ("org_code", Severity.ERROR)):
        label = form.field(field_id).label
        sheets = dict(grids.sheets)
        sheets[ORG] = [r for r in grids.sheets[ORG] if not str(r[0]).startswith(label)]
        report = check(LiteralGrids(sheets))
        missing = [f for f in report.findings if f.code.endswith("field-missing")]
        assert [(f.value, f.severity) for f in missing] == [(label, severity)], missing


# -- a recurring deadline whose first date is written with its year ----------------------------------------------
def _on_deadline(deadline: str, period: str, doc_date: date, as_of: date) -> list[tuple[str, str]]:
    """(code, message) of the findings on one open action's deadline cell, the book set to ``period``."""
    i = _open_action()
    content = _with("actions", i, deadline=deadline, status="", completion_date=None)
    content = edited(content, organisation={**content.organisation, "period": period, "doc_date": doc_date})
    report = check(school_grids(content), as_of=as_of)
    cell = at("roadmap", i, "deadline")
    return sorted((f.code, f.message) for f in report.findings if (f.sheet, f.cell) == (ROAD, cell))


def test_a_first_date_is_judged_in_its_own_period_and_not_in_the_one_before():
    text = "не позднее 1 февраля 2023 г., далее – ежегодно"
    [(code, message)] = _on_deadline(text, "2023", date(2023, 1, 20), as_of=date(2023, 3, 1))
    assert code == "action-overdue" and "истёк 01.02.2023" in message, message
    # the plan for 2022: the first date lies after it — outside the period, as «не позднее 1 февраля 2023 г.»
    # alone is; neither overdue on 01.06.2022 nor earlier than the document of 15.03.2022
    [(code, message)] = _on_deadline(text, "2022", date(2022, 3, 15), as_of=date(2022, 6, 1))
    assert code == "deadline-outside-period" and "(01.02.2023 – 01.02.2023)" in message, message


def test_quarters_listed_before_one_word_are_judged_by_each_quarter():
    """«I, III кварталы 2025 г.» is due at the end of the I quarter and again at the end of the III: between them
    the first checkpoint is missed (not the action overdue, as if only the III quarter were meant); a range
    («I-II кв. 2025») is overdue only after the last quarter of it."""
    doc = date(2025, 1, 15)
    assert _on_deadline("I, III кварталы 2025 г.", "2025", doc, as_of=date(2025, 3, 31)) == []
    [(code, message)] = _on_deadline("I, III кварталы 2025 г.", "2025", doc, as_of=date(2025, 5, 15))
    assert code == "checkpoint-missed" and "Контрольная точка 31.03.2025" in message, message
    # the same findings as for the quarters written out one by one
    assert [c for c, _ in _on_deadline("I квартал 2025 г., III квартал 2025 г.", "2025", doc,
                                       as_of=date(2025, 5, 15))] == [code]
    assert _on_deadline("I-II кв. 2025", "2025", doc, as_of=date(2025, 5, 15)) == []
    [(code, message)] = _on_deadline("I-II кв. 2025", "2025", doc, as_of=date(2025, 7, 1))
    assert code == "action-overdue" and "истёк 30.06.2025" in message, message


def test_a_closed_action_owes_no_deadline_an_open_one_does():
    """next-period empties a passed deadline to be re-planned; a school that then finishes the action (or
    cancels it) has nothing left to plan."""
    i = _open_action()
    open_one = check(school_grids(_with("actions", i, deadline=None)))
    assert ("action-no-deadline", ROAD, at("roadmap", i, "deadline")) in found(open_one)
    for status in (ActionStatus.DONE, ActionStatus.CANCELLED):
        closed = check(school_grids(_with("actions", i, deadline=None, status=status,
                                          completion_date=date(2025, 3, 1))))
        assert not {f for f in found(closed) if f[0] in ("action-no-deadline", "required-empty")
                    and f[2] == at("roadmap", i, "deadline")}
