"""``xl-roadmap hand-down``: a district's plan → one prefilled book per school of the list; a list's mistakes
and a wrong plan are said, never silently dropped; books already in the folder are never overwritten."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tests.app.test_import_document import _plan_docx
from tests.support.cli import invoke, sha
from tests.support.district import SPEC
from tests.support.filling import fill, table_address
from xl_roadmap.app.import_document import import_document
from xl_roadmap.app.templates import build_template
from xl_roadmap.io.expected import read_expected
from xl_roadmap.io.workbook_file import ReadError, read_workbook
from xl_roadmap.rules.validation import validate_data


def _plan(tmp_path):
    rows = (("1.1.", "Анализ ГИА", "июль 2025", "управление образования", "справка"),
            ("1.2.", "Семинар для учителей", "сентябрь 2025", "Руководители ОО", "протокол"),
            ("1.3.", "Консультации", "в течение года", "учителя-предметники", ""))
    return Path(import_document(_plan_docx(tmp_path / "plan.docx", rows=rows), tmp_path / "plan.xlsx").output)


def test_each_school_gets_the_plans_school_actions(tmp_path):
    plan = _plan(tmp_path)
    orgs = tmp_path / "orgs.csv"
    orgs.write_text('Код;Наименование\nОО-01;МОУ "СОШ № 1"\n;Школа без кода\nОО-01;Повтор\nОО-02;МОУ ООШ\n',
                    encoding="cp1251")
    before = sha(plan)
    r = invoke("hand-down", str(plan), "--orgs", str(orgs), "--out-dir", str(tmp_path / "out"), "--json")
    got = json.loads(r.stdout)
    assert r.exit_code == 1 and len(got["written"]) == 2 and sha(plan) == before
    reasons = " ".join(s["reason"] for s in got["skipped"])
    assert "нет кода" in reasons and "уже встречался" in reasons
    names = sorted(p.name for p in (tmp_path / "out").glob("*.xlsx"))
    assert names == ["ОО-01 МОУ СОШ № 1.xlsx", "ОО-02 МОУ ООШ.xlsx"]
    data = read_workbook(tmp_path / "out" / names[0], SPEC)
    assert [a.text("no") for a in data.actions] == ["1.2", "1.3"]          # the УО action stays with the district
    assert [a.text("responsible") for a in data.actions] == ["Руководители ОО", "учителя-предметники"]
    assert data.org_text("org_code") == "ОО-01" and data.org_text("doc_number") == "19"


def test_a_schools_book_is_not_a_plan_to_hand_down(tmp_path):
    school = build_template(tmp_path / "school.xlsx", "school", spec=SPEC, org_name="МОУ СОШ № 5", org_code="ОО-05")
    orgs = tmp_path / "orgs.csv"
    orgs.write_text("Код;Наименование\nОО-01;МОУ СОШ № 1\n", encoding="utf-8")
    r = invoke("hand-down", str(school), "--orgs", str(orgs), "--out-dir", str(tmp_path / "out"))
    assert r.exit_code == 2 and "книга школы" in r.output and not (tmp_path / "out").exists()


def _orgs(tmp_path) -> Path:
    orgs = tmp_path / "orgs.csv"
    orgs.write_text("Код;Наименование\nОО-01;МОУ СОШ № 1\nОО-02;МОУ ООШ\n", encoding="utf-8")
    return orgs


def test_a_rollup_is_not_a_plan_but_a_districts_own_plan_is(tmp_path):
    from tests.support.district import clean_plan, write_plan
    from xl_roadmap.app.consolidate import consolidate, write_rollup

    school = write_plan(clean_plan(), tmp_path / "ОО-01.xlsx")
    rollup = write_rollup(consolidate([school], as_of=date(2025, 3, 15), workers=1), tmp_path / "свод.xlsx",
                          {"org_name": "Управление образования"})
    before = sha(rollup)
    r = invoke("hand-down", str(rollup), "--orgs", str(_orgs(tmp_path)), "--out-dir", str(tmp_path / "hd"))
    assert r.exit_code == 2 and "это свод (УО: в книге лист «Реестр»)" in r.stderr and "Traceback" not in r.output
    assert not (tmp_path / "hd").exists() and sha(rollup) == before
    plan = tmp_path / "план района.xlsx"
    fill(build_template(tmp_path / "district.xlsx", "district", spec=SPEC), plan, SPEC,
         organisation={"org_name": "Управление образования", "period": "2024-2025"},
         actions=[{"no": "1", "level": "ОО", "action": "Семинар для учителей", "deadline": "сентябрь 2024"}])
    r = invoke("hand-down", str(plan), "--orgs", str(_orgs(tmp_path)), "--out-dir", str(tmp_path / "hd"))
    assert r.exit_code == 0 and len(list((tmp_path / "hd").glob("*.xlsx"))) == 2, r.output


def test_a_roadmap_book_is_not_a_list_of_organisations(tmp_path):
    plan = _plan(tmp_path)
    school = build_template(tmp_path / "school.xlsx", "school", spec=SPEC, org_name="МОУ СОШ № 5", org_code="ОО-05")
    for orgs in (school, plan):
        r = invoke("hand-down", str(plan), "--orgs", str(orgs), "--out-dir", str(tmp_path / "hd"))
        assert r.exit_code == 2 and "это книга дорожной карты" in r.stderr and "а не список организаций" in r.stderr
        assert not (tmp_path / "hd").exists()
    with pytest.raises(ReadError, match="не список организаций"):
        read_expected(school)


def test_nothing_written_is_exit_2_and_the_period_is_normalised(tmp_path):
    plan, orgs, out = _plan(tmp_path), _orgs(tmp_path), tmp_path / "hd"
    r = invoke("hand-down", str(plan), "--orgs", str(orgs), "--out-dir", str(out), "--period", " 2025/26 ")
    assert r.exit_code == 0, r.output
    assert {read_workbook(p, SPEC).org("period") for p in out.glob("*.xlsx")} == {"2025-2026"}
    r = invoke("hand-down", str(plan), "--orgs", str(orgs), "--out-dir", str(out), "--json")
    got = json.loads(r.stdout)
    assert r.exit_code == 2 and got["written"] == [] and len(got["skipped"]) == 2     # every book already there


ROAD = SPEC.sheet("roadmap").name
ON_DAY = ("--as-of", "02.09.2024")     # the plan's deadlines judged on a fixed day, none past
_SCHOOL_ACTIONS = [{"no": "1", "level": "ОО", "action": "Семинар для учителей", "deadline": "сентябрь 2024",
                    "responsible": "Руководители ОО", "codes": "П1"},
                   {"no": "2", "level": "ОО и УО", "action": "Консультации", "deadline": "в течение года",
                    "responsible": "Руководители ОО", "codes": "П2"},
                   # the district's own action: its missing deadline stays with the district's own check
                   {"no": "3", "level": "УО", "action": "Анализ ГИА", "codes": "П1"}]


def _district_plan(tmp_path, changed: dict | None = None, extra: dict | None = None) -> tuple[Path, str]:
    """A district's plan (template district) whose action № 2 is changed; the cell address of that change."""
    actions = [dict(a) for a in _SCHOOL_ACTIONS]
    actions[1].update(changed or {})
    if extra:
        actions.append(extra)
    plan = tmp_path / "план района.xlsx"
    where = fill(build_template(tmp_path / "district.xlsx", "district", spec=SPEC), plan, SPEC,
                 organisation={"org_name": "Управление образования", "period": "2024-2025"}, actions=actions)
    column = next(iter(changed or {"no": None}))
    return plan, where.get(("roadmap", 1, column), "")


FAULTS = {   # the school action's fault → the rule that names it on the plan's cell
    "no deadline": ({"deadline": None}, "action-no-deadline", "№ 2"),
    "no action text": ({"action": None}, "required-empty", "«Мероприятие»"),
    "no number": ({"no": None}, "required-empty", "«№ мероприятия»"),
    "a person as the deadline": ({"deadline": "Иванова А.А."}, "deadline-looks-like-person", "№ 2"),
}


@pytest.mark.parametrize("fault", FAULTS)
def test_an_error_every_school_would_get_stops_the_hand_down_and_names_its_cell(tmp_path, fault):
    changed, code, words = FAULTS[fault]
    plan, cell = _district_plan(tmp_path, changed)
    before = sha(plan)
    r = invoke("hand-down", str(plan), "--orgs", str(_orgs(tmp_path)), "--out-dir", str(tmp_path / "hd"), *ON_DAY)
    assert r.exit_code == 2 and not (tmp_path / "hd").exists() and sha(plan) == before, r.output
    said = [line for line in r.stderr.splitlines() if code in line]
    assert len(said) == 1 and f"{ROAD}!{cell}" in said[0] and words in said[0], r.stderr
    assert "Книги не записаны" in r.stderr and "--force" in r.stderr


def test_a_number_twice_among_the_school_actions_stops_the_hand_down(tmp_path):
    plan, _ = _district_plan(tmp_path, extra={"no": "1", "level": "ОО", "action": "Ещё семинар",
                                              "deadline": "май 2025", "responsible": "Руководители ОО",
                                              "codes": "П1"})
    r = invoke("hand-down", str(plan), "--orgs", str(_orgs(tmp_path)), "--out-dir", str(tmp_path / "hd"), *ON_DAY,
               "--json")
    got = json.loads(r.stdout)
    assert r.exit_code == 2 and got["written"] == [] and not (tmp_path / "hd").exists()
    dup = [f for f in got["plan_findings"] if f["code"] == "action-duplicate-number"]
    assert [(f["sheet"], f["cell"], f["severity"]) for f in dup] == [(ROAD, table_address(SPEC, "roadmap", 3, "no"),
                                                                     "ошибка")]
    assert got["force"] is False and "--force" in got["reason"]


def test_force_hands_the_errors_down_and_says_so(tmp_path):
    plan, cell = _district_plan(tmp_path, {"deadline": None})
    out = tmp_path / "hd"
    r = invoke("hand-down", str(plan), "--orgs", str(_orgs(tmp_path)), "--out-dir", str(out), *ON_DAY, "--force")
    assert r.exit_code == 1 and len(list(out.glob("*.xlsx"))) == 2, r.output
    assert f"{ROAD}!{cell}" in r.stdout
    assert "Записано с --force: ошибки плана (1) перешли в книгу каждой школы" in r.stdout
    r = invoke("hand-down", str(plan), "--orgs", str(_orgs(tmp_path)), "--out-dir", str(out), *ON_DAY, "--force",
               "--overwrite", "--json")
    got = json.loads(r.stdout)
    assert r.exit_code == 1 and got["force"] is True and len(got["written"]) == 2 and got["reason"] is None
    assert [(f["code"], f["sheet"], f["cell"]) for f in got["plan_findings"]] == [("action-no-deadline", ROAD, cell)]
    assert set(got["plan_findings"][0]) == {"code", "severity", "sheet", "cell", "value", "message"}


def test_a_missing_responsible_is_the_schools_to_name_and_does_not_stop_the_hand_down(tmp_path):
    plan, cell = _district_plan(tmp_path, {"responsible": None})
    r = invoke("hand-down", str(plan), "--orgs", str(_orgs(tmp_path)), "--out-dir", str(tmp_path / "hd"), *ON_DAY,
               "--json")
    got = json.loads(r.stdout)
    assert r.exit_code == 0 and len(got["written"]) == 2 and got["plan_findings"] == [], r.output
    own = validate_data(read_workbook(plan, SPEC), date(2024, 9, 2), SPEC).findings      # the district's own check
    assert ("action-no-responsible", ROAD, cell) in {(f.code, f.sheet, f.cell) for f in own}


def test_the_school_actions_warnings_are_said_once_to_the_district_grouped(tmp_path):
    plan = tmp_path / "план района.xlsx"
    actions = [{"no": str(i), "level": "ОО", "action": f"Семинар {i}", "deadline": "сентябрь 2024"}
               for i in range(1, 5)]
    for a in actions[:3]:          # the schools' own people, named vaguely: the words go down to each school
        a["responsible"] = "Руководители ОО, все педагоги"
    fill(build_template(tmp_path / "district.xlsx", "district", spec=SPEC), plan, SPEC,
         organisation={"org_name": "Управление образования", "period": "2024-2025"}, actions=actions)
    r = invoke("hand-down", str(plan), "--orgs", str(_orgs(tmp_path)), "--out-dir", str(tmp_path / "hd"), *ON_DAY)
    assert r.exit_code == 0 and len(list((tmp_path / "hd").glob("*.xlsx"))) == 2, r.output
    said = [line for line in r.stdout.splitlines() if "action-no-indicator" in line]
    assert len(said) == 1 and f"{ROAD} ×4" in said[0] and "№ 1, 2, 3, 4" in said[0], r.stdout
    said = [line for line in r.stdout.splitlines() if "responsible-vague" in line]
    assert len(said) == 1 and f"{ROAD} ×3" in said[0] and "№ 1, 2, 3" in said[0], r.stdout
    assert "action-no-responsible" not in r.output              # № 4's: each school names its own


def test_a_carried_column_missing_from_the_plan_stops_the_hand_down(tmp_path):
    """Without «Срок» every school's book would have no deadline at all: said on the header cell, once."""
    import openpyxl

    plan, _ = _district_plan(tmp_path)
    wb = openpyxl.load_workbook(plan)
    column = SPEC.sheet("roadmap").column_index("deadline")
    wb[ROAD].delete_cols(column + 1)
    wb.save(plan)
    r = invoke("hand-down", str(plan), "--orgs", str(_orgs(tmp_path)), "--out-dir", str(tmp_path / "hd"), *ON_DAY,
               "--json")
    got = json.loads(r.stdout)
    assert r.exit_code == 2 and not (tmp_path / "hd").exists(), r.output
    header = table_address(SPEC, "roadmap", 0, "deadline").rstrip("0123456789") + str(SPEC.header_row)
    assert ("column-missing", ROAD, header) in {(f["code"], f["sheet"], f["cell"]) for f in got["plan_findings"]}


def test_the_plan_is_checked_for_the_period_it_is_handed_down_for(tmp_path):
    """A 2024-2025 plan handed down for 2025-2026: its «сентябрь 2024» is outside the schools' period — said
    to the district; the same plan for its own period is clean."""
    plan, cell = _district_plan(tmp_path, {"deadline": "сентябрь 2024 г."})
    r = invoke("hand-down", str(plan), "--orgs", str(_orgs(tmp_path)), "--out-dir", str(tmp_path / "own"), *ON_DAY,
               "--json")
    assert [f["code"] for f in json.loads(r.stdout)["plan_findings"] if f["cell"] == cell] == []
    r = invoke("hand-down", str(plan), "--orgs", str(_orgs(tmp_path)), "--out-dir", str(tmp_path / "next"), *ON_DAY,
               "--json", "--period", "2025-2026")
    got = json.loads(r.stdout)
    said = [f for f in got["plan_findings"] if f["cell"] == cell]
    assert [f["code"] for f in said] == ["deadline-outside-period"] and "2025-2026" in said[0]["message"]
    assert len(got["written"]) == 2                   # a warning: the books are written, the district is told


def test_details_every_school_would_have_to_type_are_said_once_to_the_district(tmp_path):
    """A plan without «Муниципальное образование» and «Субъект»: every school's book would lack them. Not a
    reason to stop (a school can type its own), but the district hears it once, with the cells."""
    plan, _ = _district_plan(tmp_path)
    r = invoke("hand-down", str(plan), "--orgs", str(_orgs(tmp_path)), "--out-dir", str(tmp_path / "hd"), *ON_DAY)
    assert r.exit_code == 0 and "Внимание: в плане не заполнено «Муниципальное образование»" in r.stderr
    r = invoke("hand-down", str(plan), "--orgs", str(_orgs(tmp_path)), "--out-dir", str(tmp_path / "hd2"), *ON_DAY,
               "--json")
    gaps = json.loads(r.stdout)["plan_gaps"]
    assert [g["field"] for g in gaps] == ["municipality", "region"] and all(g["cell"].startswith("Сведения!")
                                                                           for g in gaps)
