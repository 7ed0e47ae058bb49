"""Planted faults: on a clean workbook built from seed content, each copy carries one fault and the validator
must report exactly that fault — right rule code, right sheet, right cell — and nothing else."""

from __future__ import annotations

import copy
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest

from tests.support.district import AS_OF, PERIOD, SPEC, clean_plan, write_plan
from tests.support.filling import org_address, set_typed, table_address
from xl_roadmap.app.validate import validate_path

IND = SPEC.sheet("indicators").name
ROAD = SPEC.sheet("roadmap").name
EVID = SPEC.sheet("evidence").name
ORG = SPEC.sheet("organisation").name
EDITION = SPEC.edition()


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    plan = clean_plan()
    path = write_plan(plan, tmp_path_factory.mktemp("base") / "base.xlsx")
    # the base as a person would send it: saved once by a spreadsheet program without cached results
    wb = openpyxl.load_workbook(path)
    wb.save(path)
    return plan.content, path


def found(path: Path) -> set[tuple[str, str, str]]:
    report = validate_path(path, AS_OF, SPEC)
    assert report.readable, report.read_error
    return {(f.code, f.sheet, f.cell) for f in report.findings}


def test_clean_base_has_no_findings(base):
    content, path = base
    assert len(content.actions) >= 20 and len(content.indicators) >= 10 and content.evidence
    assert found(path) == set()


# -- helpers choosing rows of the clean content ------------------------------------------------------------
def ind_row(content, pred):
    for i, r in enumerate(content.indicators):
        e = EDITION.get(r["code"])
        if pred(r, e):
            return i, r, e
    raise AssertionError("no indicator row fits")


def act_row(content, pred, skip=0):
    hits = [(i, a) for i, a in enumerate(content.actions) if pred(a)]
    assert len(hits) > skip, "no action row fits"
    return hits[skip]


def ev_rows(content, action_no):
    return [i for i, e in enumerate(content.evidence) if e["action_no"] == action_no]


def A(sheet_id, i, col):
    return table_address(SPEC, sheet_id, i, col)


def done(a):
    return a["status"] == "выполнено"


def open_(a):
    return a["status"] != "выполнено"


# -- the faults: each returns the expected findings ---------------------------------------------------------
def f_org_name_missing(wb, c):
    set_typed(wb[ORG][org_address(SPEC, "org_name")], None)
    return {("org-required-empty", ORG, org_address(SPEC, "org_name"))}


def f_template_old(wb, c):
    set_typed(wb[ORG][org_address(SPEC, "template_version")], "0.9")
    return {("template-version-old", ORG, org_address(SPEC, "template_version"))}


def f_template_unknown(wb, c):
    set_typed(wb[ORG][org_address(SPEC, "template_version")], "шаблон района")
    return {("template-version-unknown", ORG, org_address(SPEC, "template_version"))}


def f_sheet_renamed(wb, c):
    wb[EVID].title = "Журнал"
    return {("sheet-renamed", "Журнал", "A1")}


def f_period_empty(wb, c):
    i, r, e = ind_row(c, lambda r, e: True)
    set_typed(wb[IND][A("indicators", i, "period")], None)
    return {("indicator-period-from-book", IND, A("indicators", i, "period"))}   # figures of the book's period


def f_period_reversed(wb, c):
    i, r, e = ind_row(c, lambda r, e: True)
    set_typed(wb[IND][A("indicators", i, "period")], "2025-2024")
    return {("data-period-impossible", IND, A("indicators", i, "period"))}


def f_indicator_without_figures(wb, c):
    """A school with no figures for an indicator leaves its row: one note, no period asked for."""
    i, r, e = ind_row(c, lambda r, e: e.aggregation != "district_entered")
    for column_id in ("period", "numerator", "denominator", "value", "rank"):
        set_typed(wb[IND][A("indicators", i, column_id)], None)
    return {("indicator-no-data", IND, A("indicators", i, "numerator"))}


def f_text_in_number(wb, c):
    i, r, e = ind_row(c, lambda r, e: e.kind == "share" and r["norm"] is None)
    set_typed(wb[IND][A("indicators", i, "numerator")], "нет данных")
    # «нет ни числителя, ни значения» would contradict «записано "нет данных"»: not-a-number supersedes it
    return {("not-a-number", IND, A("indicators", i, "numerator"))}


def f_number_as_text(wb, c):
    i, r, e = ind_row(c, lambda r, e: r["denominator"] is not None and r["denominator"] >= 100)
    den = int(r["denominator"])
    set_typed(wb[IND][A("indicators", i, "denominator")], f"{den // 1000} {den % 1000:03d}" if den >= 1000 else f" {den} ")
    return {("number-as-text", IND, A("indicators", i, "denominator"))}


def f_num_gt_den(wb, c):
    i, r, e = ind_row(c, lambda r, e: e.kind == "share" and e.direction == "higher" and r["denominator"] > 1
                      and e.aggregation != "share_of_orgs")
    set_typed(wb[IND][A("indicators", i, "numerator")], r["denominator"] + 7)
    return {("numerator-gt-denominator", IND, A("indicators", i, "numerator"))}


def f_negative(wb, c):
    i, r, e = ind_row(c, lambda r, e: r["denominator"] is not None and (r["norm"] is None or e.direction == "lower"))
    set_typed(wb[IND][A("indicators", i, "denominator")], -r["denominator"])
    return {("negative-count", IND, A("indicators", i, "denominator"))}


def f_share_as_fraction(wb, c):
    i, r, e = ind_row(c, lambda r, e: e.kind == "share" and r["norm"] is None)
    ws = wb[IND]
    set_typed(ws[A("indicators", i, "numerator")], None)
    set_typed(ws[A("indicators", i, "denominator")], None)
    set_typed(ws[A("indicators", i, "value")], 0.48)
    return {("share-as-fraction", IND, A("indicators", i, "value"))} | _typed_only(i, e)


def f_share_out_of_range(wb, c):
    i, r, e = ind_row(c, lambda r, e: e.kind == "share" and (r["norm"] is None or e.direction == "higher"))
    ws = wb[IND]
    set_typed(ws[A("indicators", i, "numerator")], None)
    set_typed(ws[A("indicators", i, "denominator")], None)
    set_typed(ws[A("indicators", i, "value")], 130)
    return {("share-out-of-range", IND, A("indicators", i, "value"))} | _typed_only(i, e)


def _typed_only(i, e) -> set:
    """A share typed as its value alone cannot be summed above the school: that is reported too."""
    return {("indicator-not-summable", IND, A("indicators", i, "numerator"))} if e.aggregation == "ratio_of_sums" \
        else set()


def f_ratio_percent(wb, c):
    i, r, e = ind_row(c, lambda r, e: e.kind in ("ratio", "rate") and r["numerator"] is not None)
    set_typed(wb[IND][A("indicators", i, "numerator")], f"{int(r['numerator'])}%")
    return {("ratio-with-percent", IND, A("indicators", i, "numerator"))}


def _append_indicator(wb, c, row):
    i = len(c.indicators)
    for col, value in row.items():
        set_typed(wb[IND][A("indicators", i, col)], value)
    return i


def f_unknown_code(wb, c):
    i = _append_indicator(wb, c, {"code": "П99", "name": "Доля чего-то", "period": PERIOD, "numerator": 5,
                                  "denominator": 10})
    return {("indicator-code-unknown", IND, A("indicators", i, "code"))}


def f_code_name_conflict(wb, c):
    r = c.indicators[0]
    i = _append_indicator(wb, c, {"code": r["code"], "name": "Совсем другой показатель", "period": "2022-2023",
                                  "numerator": r["numerator"], "denominator": r["denominator"]})
    return {("indicator-code-name-conflict", IND, A("indicators", i, "code"))}


def f_duplicate_code_period(wb, c):
    r = c.indicators[-1]
    i = _append_indicator(wb, c, {k: r[k] for k in ("code", "name", "period", "numerator", "denominator")})
    return {("indicator-duplicate", IND, A("indicators", i, "code"))}


def _below_norm_value(e, r):
    """A numerator that puts the indicator clearly on the wrong side of its norm."""
    den = r["denominator"]
    if e.kind in ("count", "score", "yesno"):
        return e.norm - 1 if e.direction == "higher" else e.norm + 1
    target = e.norm * 0.5 if e.direction == "higher" else min(e.norm * 1.5 + 1, e.multiplier)
    return round(target * den / e.multiplier) if e.kind != "growth" else den * (1 + (e.norm - 10) / 100)


def f_below_norm_with_action(wb, c):
    i, r, e = ind_row(c, lambda r, e: e.norm is not None and e.kind in ("share",) and e.norm >= 10)
    set_typed(wb[IND][A("indicators", i, "numerator")], _below_norm_value(e, r))
    return {("indicator-below-norm", IND, A("indicators", i, "value"))}


def f_value_typed_over_formula(wb, c):
    i, r, e = ind_row(c, lambda r, e: r["denominator"] and e.kind == "share" and r["norm"] is None)
    set_typed(wb[IND][A("indicators", i, "value")], 12.3456)
    return {("value-mismatch", IND, A("indicators", i, "value"))}


def f_no_deadline(wb, c):
    i, a = act_row(c, open_)
    set_typed(wb[ROAD][A("roadmap", i, "deadline")], None)
    return {("action-no-deadline", ROAD, A("roadmap", i, "deadline"))}


def f_no_responsible(wb, c):
    i, a = act_row(c, open_)
    set_typed(wb[ROAD][A("roadmap", i, "responsible")], None)
    return {("action-no-responsible", ROAD, A("roadmap", i, "responsible"))}


def f_unparsed_deadline(wb, c):
    i, a = act_row(c, open_)
    set_typed(wb[ROAD][A("roadmap", i, "deadline")], "в теч. г-да по мере")
    return {("deadline-unparsed", ROAD, A("roadmap", i, "deadline"))}


def f_person_in_deadline(wb, c):
    i, a = act_row(c, open_)
    set_typed(wb[ROAD][A("roadmap", i, "deadline")], "Сидорова А.А.")
    return {("deadline-looks-like-person", ROAD, A("roadmap", i, "deadline"))}


def f_deadline_outside_period(wb, c):
    i, a = act_row(c, open_)
    set_typed(wb[ROAD][A("roadmap", i, "deadline")], "до 01.09.2030")
    return {("deadline-outside-period", ROAD, A("roadmap", i, "deadline"))}


def f_deadline_of_last_year(wb, c):
    """Outside the period and long past: «проверьте год» is the verdict, not «срок прошёл» (it supersedes)."""
    i, _ = act_row(c, open_)
    set_typed(wb[ROAD][A("roadmap", i, "deadline")], "до 01.02.2024")
    return {("deadline-outside-period", ROAD, A("roadmap", i, "deadline"))}


def f_done_date_in_words_unreadable(wb, c):
    """A completion date that is no date is not «нет даты выполнения» (not-a-date supersedes done-no-date)."""
    i, _ = act_row(c, done)
    set_typed(wb[ROAD][A("roadmap", i, "completion_date")], "на прошлой неделе")
    return {("not-a-date", ROAD, A("roadmap", i, "completion_date"))}


def f_catalogue_code_without_name(wb, c):
    """П5 chosen from the list, its name left empty: the catalogue names it, a note says so, no error."""
    i = _append_indicator(wb, c, {"code": "П5", "period": PERIOD, "numerator": 90, "denominator": 100})
    return {("indicator-name-from-catalogue", IND, A("indicators", i, "name"))}


def f_checkpoint_missed(wb, c):
    i, a = act_row(c, open_)
    set_typed(wb[ROAD][A("roadmap", i, "deadline")], "октябрь 2024 г., май 2025 г.")
    return {("checkpoint-missed", ROAD, A("roadmap", i, "deadline"))}


def f_overdue(wb, c):
    i, a = act_row(c, open_)
    set_typed(wb[ROAD][A("roadmap", i, "deadline")], "до 01.02.2025")
    return {("action-overdue", ROAD, A("roadmap", i, "deadline"))}


def f_done_no_date(wb, c):
    i, a = act_row(c, done)
    set_typed(wb[ROAD][A("roadmap", i, "completion_date")], None)
    return {("done-no-date", ROAD, A("roadmap", i, "completion_date"))}


def f_done_no_evidence(wb, c):
    i, a = act_row(c, done)
    rows = ev_rows(c, a["no"])
    assert rows
    ws = wb[EVID]
    for k in sorted(rows, reverse=True):
        ws.delete_rows(SPEC.first_data_row + k)
    return {("done-no-evidence", ROAD, A("roadmap", i, "status"))}


def f_no_indicator_link(wb, c):
    linked = {}
    for a in c.actions:
        for code in a["codes"].split(", "):
            linked[code] = linked.get(code, 0) + 1
    i, a = act_row(c, lambda a: all(linked[x] > 1 for x in a["codes"].split(", ")))
    set_typed(wb[ROAD][A("roadmap", i, "codes")], None)
    return {("action-no-indicator", ROAD, A("roadmap", i, "codes"))}


def f_unknown_indicator_link(wb, c):
    i, a = act_row(c, lambda a: True)
    set_typed(wb[ROAD][A("roadmap", i, "codes")], a["codes"] + ", П98")
    return {("action-unknown-indicator", ROAD, A("roadmap", i, "codes"))}


def f_duplicate_action_no(wb, c):
    i, a = act_row(c, lambda a: not ev_rows(c, a["no"]))
    j = 0 if i != 0 else 1
    set_typed(wb[ROAD][A("roadmap", i, "no")], c.actions[j]["no"])
    return {("action-duplicate-number", ROAD, A("roadmap", max(i, j), "no"))}


def f_vague_responsible(wb, c):
    i, a = act_row(c, open_)
    set_typed(wb[ROAD][A("roadmap", i, "responsible")], "специалисты ОО по своим направлениям")
    return {("responsible-vague", ROAD, A("roadmap", i, "responsible"))}


def f_status_not_in_list(wb, c):
    i, a = act_row(c, open_)
    set_typed(wb[ROAD][A("roadmap", i, "status")], "почти готово")
    return {("value-not-in-list", ROAD, A("roadmap", i, "status"))}


def _spare_evidence(c):
    """An evidence row whose action keeps another document (removing it proves nothing else)."""
    for k, e in enumerate(c.evidence):
        if len(ev_rows(c, e["action_no"])) > 1 or e["role"] == "основание":
            return k, e
    raise AssertionError("no spare evidence row")


def f_evidence_orphan(wb, c):
    k, e = _spare_evidence(c)
    set_typed(wb[EVID][A("evidence", k, "action_no")], "999")
    return {("evidence-orphan", EVID, A("evidence", k, "action_no"))}


def f_evidence_future(wb, c):
    k, e = _spare_evidence(c)
    set_typed(wb[EVID][A("evidence", k, "date")], AS_OF + timedelta(days=40))
    return {("evidence-future", EVID, A("evidence", k, "date"))}


def f_evidence_before_period(wb, c):
    k = next(k for k, e in enumerate(c.evidence) if e["role"] == "подтверждение")
    set_typed(wb[EVID][A("evidence", k, "date")], date(2024, 3, 1))
    return {("evidence-before-period", EVID, A("evidence", k, "date"))}


def f_evidence_bad_link(wb, c):
    k = 0
    set_typed(wb[EVID][A("evidence", k, "link")], "htp//school1.ru/doc")
    return {("evidence-bad-link", EVID, A("evidence", k, "link"))}


def f_evidence_duplicate(wb, c):
    e = c.evidence[0]
    k = len(c.evidence)
    for col, value in e.items():
        set_typed(wb[EVID][A("evidence", k, col)], value if col != "no" else str(k + 1))
    return {("evidence-duplicate", EVID, A("evidence", k, "title"))}


def f_date_as_text(wb, c):
    k, e = 0, c.evidence[0]
    set_typed(wb[EVID][A("evidence", k, "date")], e["date"].strftime("%d.%m.%Y г."))
    return {("date-as-text", EVID, A("evidence", k, "date"))}


def f_merged_cells(wb, c):
    r = SPEC.first_data_row + len(c.actions) + 2
    wb[ROAD].merge_cells(f"D{r}:E{r}")
    return {("merged-cells", ROAD, f"D{r}:E{r}")}


FAULTS = [v for k, v in dict(globals()).items() if k.startswith("f_")]


@pytest.mark.parametrize("fault", FAULTS, ids=[f.__name__[2:] for f in FAULTS])
def test_planted_fault_is_reported_exactly(base, tmp_path, fault):
    content, path = base
    wb = openpyxl.load_workbook(path)
    expected = fault(wb, copy.deepcopy(content))
    broken = tmp_path / f"{fault.__name__}.xlsx"
    wb.save(broken)
    assert found(broken) == expected


def contradicting(findings) -> list[tuple[str, str, str, str]]:
    """(sheet, cell, rule, superseded rule) for every cell holding two findings one of which supersedes the
    other (spec/rules.json)."""
    on: dict[tuple[str, str], set[str]] = {}
    for f in findings:
        if f.cell:
            on.setdefault((f.sheet, f.cell), set()).add(f.code)
    return [(sheet, cell, code, other) for (sheet, cell), codes in sorted(on.items()) for code in sorted(codes)
            for other in SPEC.rules[code].supersedes if other in codes]


@pytest.mark.parametrize("fault", FAULTS, ids=[f.__name__[2:] for f in FAULTS])
def test_no_cell_gets_two_contradicting_findings(base, tmp_path, fault):
    """Property over the planted faults: whatever the fault, no cell carries a finding and one it supersedes."""
    content, path = base
    wb = openpyxl.load_workbook(path)
    fault(wb, copy.deepcopy(content))
    broken = tmp_path / f"{fault.__name__}.xlsx"
    wb.save(broken)
    report = validate_path(broken, AS_OF, SPEC)
    assert contradicting(report.findings) == []
