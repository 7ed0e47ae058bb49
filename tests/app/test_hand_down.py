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
from tests.support.filling import fill
from xl_roadmap.app.import_document import import_document
from xl_roadmap.app.templates import build_template
from xl_roadmap.io.expected import read_expected
from xl_roadmap.io.workbook_file import ReadError, read_workbook


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
