"""The three real roadmaps of ../shared/seeds, built as Word holds them (tests/support/word_fixtures.py: merged
multi-row headers, section rows, automatic numbering, continuation rows, a table split by a page break),
imported and checked against the seed text row by row; then the Kalininsky plan handed down to three schools
and consolidated back into a district roll-up."""

from __future__ import annotations

import json
import re
from collections import Counter

import openpyxl
import pytest

from tests.support import word_fixtures as wf
from tests.support.cli import invoke
from tests.support.district import SPEC
from tests.support.filling import org_address, table_address
from xl_roadmap.app.hand_down import hand_down
from xl_roadmap.app.import_document import import_document
from xl_roadmap.io.workbook_file import read_workbook

READ_ERRORS = {"sheet-missing", "header-missing", "column-missing"}
ORGS = (("ОО-01", "МОУ «Бурашевская СОШ»"), ("ОО-02", "МОУ «Эммаусская СОШ»"), ("ОО-03", "МОУ Каблуковская СОШ"))


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("seeds")
    out = {}
    for name in ("kalininsky", "strezhevoy", "botlikh"):
        seed = getattr(wf, name)(folder)
        outcome = import_document(seed.path, folder / f"{name}.xlsx")
        out[name] = (seed, outcome)
    return out


@pytest.mark.parametrize("name", ["kalininsky", "strezhevoy", "botlikh"])
def test_every_action_row_by_row(imported, name):
    seed, outcome = imported[name]
    assert outcome.output is not None, outcome.reason
    plan = outcome.plan
    assert len(plan.actions) == len(seed.actions)
    for i, (want, got) in enumerate(zip(seed.actions, plan.actions)):
        where = f"{name}: мероприятие {i + 1} ({want.no})"
        assert got["no"] == want.no, f"{where}: номер {got['no']}"
        assert got["action"] == want.action, where
        assert got["deadline"] == want.deadline, where       # verbatim, for the parser to judge
        assert got["responsible"] == want.responsible, where
        assert got["section"] == want.section, where
        assert got["result"] == want.result, where
        if name == "kalininsky":       # level columns: the level is read, not guessed
            assert got["level"] == want.level, where
        else:                          # no level columns: read from «Ответственный» (tested below)
            assert got["level"] in ("ОО", "УО", "ОО и УО"), where
    assert len({a["no"] for a in plan.actions}) == len(plan.actions), "numbers are unique"
    joins = [r for r in plan.repairs if r.kind == "continuation-joined"]
    assert len(joins) == seed.continuation_joins
    assert sum(1 for r in plan.repairs if r.kind == "table-joined") == seed.split_tables


def test_levels_in_a_plan_without_level_columns_follow_the_responsible(imported):
    _, outcome = imported["botlikh"]
    levels = Counter(a["level"] for a in outcome.plan.actions)
    # seed_002.md: 41 rows name only «управление образования», 24 also schools (14 + 6 + 3 + 1)
    assert levels == Counter({"УО": 41, "ОО и УО": 24})
    for a in outcome.plan.actions:
        assert (a["level"] == "ОО и УО") == ("учреждени" in a["responsible"] or "ДОУ" in a["responsible"])


def test_kalininsky_two_levels_side_by_side(imported):
    seed, outcome = imported["kalininsky"]
    levels = Counter(a["level"] for a in outcome.plan.actions)
    assert levels == Counter(a.level for a in seed.actions) and set(levels) == {"ОО", "УО"}
    assert sum(1 for r in outcome.plan.repairs if r.kind == "column-guessed") == 2   # the unnamed columns


def _period(text: str) -> str:
    text = re.sub(r"\s*(г\.?|Г\.?|учебный год)$", "", text.strip())
    return re.sub(r"\s*[-–]\s*", "-", text)


@pytest.mark.parametrize("name", ["kalininsky", "strezhevoy"])
def test_every_indicator(imported, name):
    seed, outcome = imported[name]
    plan = outcome.plan
    assert len(plan.written_rows) == len(seed.indicators)
    guessed = {r.target[1] for r in plan.repairs if r.kind.startswith("indicator-") and r.target}
    for k, want in enumerate(seed.indicators):
        row = plan.indicators[plan.written_rows[k]]
        where = f"{name}: показатель {k + 1} «{want.name_start}»"
        if want.norm is not None:
            assert row["norm"] == pytest.approx(want.norm), where
        assert row.get("numerator") == (None if want.actual is None else pytest.approx(want.actual)), where
        assert row.get("period", "") == _period(want.period) or (not row.get("period") and "ВПР" in want.name_start
                                                                  ), where
        assert row.get("rank", "") == want.rank, where
        if row["code"] != want.doc_code and want.doc_code:
            # an OCR-garbled code is the catalogue's alias of the entry («(114)» → П4), else a reported guess
            aliases = {a.strip("()").replace(" ", "") for a in SPEC.edition(plan.edition).get(row["code"]).aliases}
            assert want.doc_code in aliases or plan.written_rows[k] in guessed, where
    codes = [plan.indicators[i]["code"] for i in plan.written_rows]
    assert all(codes), "every indicator found in the catalogue"


def test_requisites_from_the_prose(imported):
    for name, (seed, outcome) in imported.items():
        org = outcome.plan.organisation
        for key, value in seed.organisation.items():
            assert org.get(key) == value, f"{name}: {key}"
        assert org["org_kind"] == "УО"


def test_imported_books_validate_without_read_errors(imported):
    for name, (_, outcome) in imported.items():
        data = read_workbook(outcome.output, SPEC)
        assert not [i for i in data.issues if i.code in READ_ERRORS], name
        assert len(data.actions) == len(outcome.plan.actions)
        r = invoke("validate", outcome.output, "--json")
        assert r.exit_code in (0, 1), r.output


def _fill_school(path, plan_numbers):
    """What a school does with its handed-down book: names itself, the data period, its people."""
    wb = openpyxl.load_workbook(path)
    form = wb[SPEC.sheet("organisation").name]
    form[org_address(SPEC, "signatory")] = "Смирнова О.В., директор"
    form[org_address(SPEC, "contact")] = "Кузнецова Е.А., 8 (4822) 55-12-34"
    ind = wb[SPEC.sheet("indicators").name]
    for i in range(len(SPEC.edition().indicators)):
        if ind[table_address(SPEC, "indicators", i, "code")].value:
            ind[table_address(SPEC, "indicators", i, "period")] = "2024"
    road = wb[SPEC.sheet("roadmap").name]
    for i in range(len(plan_numbers)):
        cell = road[table_address(SPEC, "roadmap", i, "responsible")]
        if not cell.value:
            cell.value = "Петрова Н.В., зам. директора по УВР"
    wb.save(path)


def test_hand_down_of_the_kalininsky_plan_consolidates_back(imported, tmp_path):
    _, outcome = imported["kalininsky"]
    orgs = tmp_path / "orgs.csv"
    orgs.write_text("Код;Наименование\n" + "".join(f"{c};{n}\n" for c, n in ORGS), encoding="utf-8")
    r = invoke("hand-down", outcome.output, "--orgs", str(orgs), "--out-dir", str(tmp_path / "schools"), "--json")
    assert r.exit_code == 0, r.output
    plan_school = [a["no"] for a in outcome.plan.actions if a["level"] in ("ОО", "ОО и УО")]
    books = sorted((tmp_path / "schools").glob("*.xlsx"))
    assert len(books) == 3
    for book in books:
        data = read_workbook(book, SPEC)
        assert [a.text("no") for a in data.actions] == plan_school
        assert {a.text("level") for a in data.actions} == {"ОО"}
        assert data.org_text("doc_number") == "279-09" and data.org_text("period") == "2024"
        _fill_school(book, plan_school)
    again = hand_down(outcome.output, orgs, tmp_path / "schools")
    assert again.exit_code == 2 and not again.written and len(again.skipped) == 3   # filled books kept
    roll = tmp_path / "rollup.xlsx"
    r = invoke("consolidate", str(tmp_path / "schools"), "-o", str(roll), "--period", "2024", "--json",
               "--org-name", "УО", "--org-code", "УО-1", "--signatory", "Казакова М.Н.", "--contact", "т. 1")
    assert r.exit_code in (0, 1), r.output
    summary = json.loads(r.stdout)
    assert summary["accepted"] == 3, summary
    rolled = read_workbook(roll, SPEC)
    numbers: dict[str, list[str]] = {}
    for a in rolled.actions:                      # the roll-up numbers an action «ОО-01/1.1»
        code, _, no = a.text("no").partition("/")
        numbers.setdefault(code, []).append(no)
    assert numbers == {code: plan_school for code, _ in ORGS}
