"""The whole cycle on the real plans we have — the definition of done of the cycle (issue 23).

For each of the three seed plans (rebuilt as Word documents, tests/support/word_fixtures.py) and the demo
district's plan: import → hand-down to a list of five schools saved by a Russian Excel → four schools fill
what they have (one of them makes a genuine error, one reports last year's figure too; the fifth never
sends) → validate → consolidate with the list → a second district from another plan under another catalogue
edition → the region → next period → history. What must hold: every school that filled correctly is
accepted at once and told at most three things, each its own to fix; every total is the schools' Σ
numerators / Σ denominators, computed here from the books; no figure of an accepted book is lost on the way
up; history says what each period's roll-up said.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from pathlib import Path

import openpyxl
import pytest

import xl_roadmap.spec

from tests.cycle import walk
from tests.cycle.walk import FAULTY, MISSING, SPEC, District, PlanCase, accepted_codes
from tests.support import handed_down, word_fixtures
from tests.support.filling import fill
from xl_roadmap.app.demo.generate import load_content
from xl_roadmap.app.templates import build_template

PLAN_CONTENT = set(SPEC.rule_settings["plan_content_rules"])
MOST_FINDINGS = 3


def demo_plan(folder: Path) -> Path:
    """The demo district's own plan, typed into the district's template (it has no Word original)."""
    content = load_content()
    district = content["district"]
    actions = []
    for a in content["actions"][:40]:
        actions.append({"no": str(len(actions) + 1), "level": a.get("level", "ОО"), "action": a["action"],
                        "deadline": a["deadline"], "responsible": a["responsible"].replace("{person}", "Иванова И.И."),
                        "result": a.get("result", ""), "codes": ", ".join(a.get("codes", []))})
    plan = folder / "demo-план.xlsx"
    fill(build_template(folder / "district.xlsx", "district", spec=SPEC), plan, SPEC,
         organisation={"org_name": district["authority"], "municipality": district["name"],
                       "region": district["region"], "period": "2024-2025", "doc_kind": "приказ",
                       "doc_number": "112-од", "doc_date": date(2024, 8, 26)},
         actions=actions)
    return plan


CASES = {
    "kalininsky": PlanCase("kalininsky", date(2024, 12, 2), "2025", "Тверская область",
                           lambda d: word_fixtures.kalininsky(d).path),
    "strezhevoy": PlanCase("strezhevoy", date(2022, 11, 15), "2023", "Томская область",
                           lambda d: word_fixtures.strezhevoy(d).path),
    "botlikh": PlanCase("botlikh", date(2025, 11, 14), "2026", "Республика Дагестан",
                        lambda d: word_fixtures.botlikh(d).path),
    "demo": PlanCase("demo", date(2025, 3, 17), "2025-2026", "Северная область", demo_plan),
}
# the second district of the region: a plan under another catalogue edition, handed down for the same period
PARTNER = {"kalininsky": "strezhevoy", "strezhevoy": "kalininsky", "botlikh": "strezhevoy", "demo": "strezhevoy"}


class Cycle:
    def __init__(self, first: District, second: District, region: dict, region_path: Path,
                 next_schools, next_rollup: dict, history: dict):
        self.first, self.second = first, second
        self.region, self.region_path = region, region_path
        self.next_schools, self.next_rollup, self.history = next_schools, next_rollup, history


@pytest.fixture(scope="module", params=sorted(CASES), ids=sorted(CASES))
def cycle(request, tmp_path_factory) -> Cycle:
    case = CASES[request.param]
    root = tmp_path_factory.mktemp(case.id)
    plan = walk.import_plan(case, root)
    first = walk.walk_district(case, plan, root / "район 1", "УО-1")
    partner = CASES[PARTNER[case.id]]
    partner_root = root / "район 2"
    partner_root.mkdir()
    second = walk.walk_district(partner, walk.import_plan(partner, partner_root), partner_root, "УО-2",
                                period=first.period.text)
    region_path = root / "свод региона.xlsx"
    status, region, output = walk.run("consolidate", str(first.rollup), str(second.rollup), "-o", str(region_path),
                                      "--json", "--no-archive", "--as-of", f"{case.as_of:%d.%m.%Y}",
                                      "--org-name", "Министерство образования области", "--org-code", "РЕГ",
                                      "--signatory", "министр Областной О.О.", "--contact", "8 (482) 00-00-00")
    assert status in (0, 1) and region is not None, output
    next_schools, next_rollup, _ = walk.next_period(first, root / "следующий период")
    status, history, output = walk.run("history", "--archive", str(first.archive), "--json")
    assert status == 0 and history is not None, output
    return Cycle(first, second, region, region_path, next_schools, next_rollup, history)


def _districts(c: Cycle) -> list[District]:
    return [c.first, c.second]


def expected_totals(schools, edition, accepted: set[str]) -> dict[tuple[str, str], tuple[float, float | None]]:
    """Σ over the accepted books, by the catalogue's rule: a share is Σ numerators / Σ denominators, a count a
    sum, a «share of schools» counts the schools that answered yes among those that answered."""
    out: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0])
    kinds: dict[tuple[str, str], str] = {}
    for school in schools:
        if school.code not in accepted:
            continue
        for code, period, num, den in school.figures:
            rule = edition.get(code).aggregation
            key = (code, period)
            kinds[key] = rule
            if rule == "share_of_orgs":
                out[key][0] += 1.0 if num > 0 else 0.0
                out[key][1] += 1.0
            else:
                out[key][0] += num
                out[key][1] += den or 0.0
    return {k: (v[0], v[1] if kinds[k] != "sum" else None) for k, v in out.items()}


def rows_by_key(consolidated: dict) -> dict[tuple[str, str], dict]:
    return {(a["code"], a["period"]): a for a in consolidated["indicators"]}


def test_every_correct_school_is_accepted_on_the_first_consolidation(cycle):
    for d in _districts(cycle):
        by_code = {s["code"]: s for s in d.consolidated["submissions"]}
        correct = {s.code for s in d.schools if s.correct}
        assert accepted_codes(d.consolidated) == correct, [(s["code"], s["status"], s["reason"])
                                                           for s in d.consolidated["submissions"]]
        assert by_code[FAULTY]["status"] == "отклонён"
        assert [m["code"] for m in d.consolidated["missing"]] == [MISSING]


def test_a_correct_school_is_told_at_most_three_things_each_its_own(cycle):
    for d in _districts(cycle):
        for school in d.schools:
            findings = d.validated[school.code]["files"][0]["findings"]
            codes = [f["code"] for f in findings]
            if not school.correct:
                assert "numerator-gt-denominator" in codes
                continue
            assert len(findings) <= MOST_FINDINGS, (d.case.id, school.code, [f["message"] for f in findings])
            # the one real finding is there, at the action's cell, not buried
            for numbers, codes_of_it in ((school.overdue, ("action-overdue", "checkpoint-missed")),
                                         (school.unproven, ("done-no-evidence",))):
                said = [f for f in findings if f["code"] in codes_of_it]
                assert bool(said) == bool(numbers) and all(f"№ {numbers[0]} " in f["message"] for f in said), \
                    (d.case.id, school.code, codes)
            assert not PLAN_CONTENT & set(codes), (d.case.id, school.code, codes)
            assert all(f["severity"] != "error" for f in findings)


def test_the_district_totals_are_the_sums_of_the_accepted_schools_books(cycle):
    for d in _districts(cycle):
        want = expected_totals(d.schools, d.edition, accepted_codes(d.consolidated))
        got = rows_by_key(d.consolidated)
        assert want, "the schools reported no figure"
        for key, (num, den) in want.items():
            assert key in got, (d.case.id, key, sorted(got))          # no (indicator, period) dropped
            assert got[key]["numerator"] == pytest.approx(num), (d.case.id, key)
            if den is not None:
                assert got[key]["denominator"] == pytest.approx(den), (d.case.id, key)


def test_a_period_other_than_the_rollups_is_kept_with_its_own_period(cycle):
    d = cycle.first
    last_year = [(code, period) for s in d.schools for code, period, *_ in s.figures if period != d.period.text]
    assert last_year and all(key in rows_by_key(d.consolidated) for key in last_year)


def test_hand_down_stops_a_plan_whose_school_actions_lack_a_deadline_and_names_the_cells(cycle):
    deadline_column = SPEC.sheet("roadmap").column_index("deadline")
    for d in _districts(cycle):
        if d.refused is None:
            continue
        assert d.refused["exit"] == 2 and d.refused["written"] == [], d.refused["output"]
        said = {(f["sheet"], f["cell"]) for f in d.refused["json"]["plan_findings"] if f["code"] == "action-no-deadline"}
        assert said == {(SPEC.sheet("roadmap").name, f"{chr(ord('A') + deadline_column)}{row}")
                        for row in d.refused["rows"]}


def linked(catalogue: dict) -> dict[str, set[str]]:
    """«edition:code» → every «edition:code» the catalogue says is the same indicator (its «same_as», both ways
    and through chains) — read here from the JSON, not through the product's matching."""
    group = {f"{e['id']}:{i['code']}": {f"{e['id']}:{i['code']}"} for e in catalogue["editions"] for i in e["indicators"]}
    for e in catalogue["editions"]:
        for i in e["indicators"]:
            for other in i.get("same_as", []):
                merged = group[f"{e['id']}:{i['code']}"] | group[other]
                for ref in merged:
                    group[ref] = merged
    return group


def region_code(edition: str, code: str, region_edition: str, links: dict[str, set[str]]) -> str:
    same = [ref.split(":", 1)[1] for ref in links.get(f"{edition}:{code}", ()) if ref.startswith(region_edition + ":")]
    return same[0] if same else f"{edition}:{code}"


def test_the_region_keeps_every_districts_figures_and_adds_up_only_the_same_indicator(cycle):
    catalogue = json.loads((Path(xl_roadmap.spec.__file__).parent / "catalogue.json").read_text(encoding="utf-8"))
    links = linked(catalogue)
    region_edition = next(a["edition"] for a in cycle.region["indicators"] if ":" not in a["code"])
    want: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0])
    joined: set[str] = set()            # another edition's indicator summed into the region edition's row
    for d in _districts(cycle):
        assert cycle.region["submissions"] and d.code in accepted_codes(cycle.region)
        for a in d.consolidated["indicators"]:
            if a["numerator"] is None:
                continue
            key = (region_code(a["edition"], a["code"], region_edition, links), a["period"])
            if a["edition"] != region_edition and ":" not in key[0]:
                joined.add(key[0])
            want[key][0] += a["numerator"]
            want[key][1] += a["denominator"] or 0.0
    got = rows_by_key(cycle.region)
    named = {i["code"] for n in cycle.region["notices"] for i in n.get("indicators", [])}
    assert len({e for d in _districts(cycle) for e in [d.edition.id]}) == 2      # two editions met in the region
    for key, (num, den) in want.items():
        assert key in got, (key, sorted(got))
        assert got[key]["numerator"] == pytest.approx(num) and (got[key]["denominator"] or 0.0) == pytest.approx(den)
        if ":" in key[0]:
            assert key[0] in named, (key, named)            # kept apart, and said so
    said_joined = {i["code"] for n in cycle.region["notices"] if n["kind"] == "indicators-linked"
                   for i in n["indicators"]}
    assert joined == said_joined                    # a merge by the catalogue is said, not silent
    assert [(a["code"], a["period"]) for a in cycle.region["indicators"] if a["numerator"] is not None] \
        and set(want) >= {k for k, a in got.items() if a["numerator"] is not None}


def _details(book: Path) -> dict:
    form = SPEC.sheet("organisation")
    ws = openpyxl.load_workbook(book, read_only=True)[form.name]
    by_label = {str(row[0]).rstrip(" *"): row[1] for row in ws.iter_rows(min_row=form.first_row, max_col=2,
                                                                         values_only=True) if row[0]}
    return {f.id: by_label.get(f.label) for f in form.fields}


def test_the_regions_details_are_the_regions_own(cycle):
    region = _details(cycle.region_path)
    districts = [_details(d.rollup) for d in _districts(cycle)]
    assert region["org_name"] == "Министерство образования области" and region["org_code"] == "РЕГ"
    assert region["municipality"] in (None, "")                     # a region has none of its own
    regions = {d["region"] for d in districts}
    assert region["region"] == (regions.pop() if len(regions) == 1 else None) or region["region"] in (None, "")


def test_history_says_what_each_periods_rollup_said(cycle):
    history = {(r["code"], r["period"]): r for r in cycle.history["indicators"]}
    for consolidated in (cycle.first.consolidated, cycle.next_rollup):
        for key, row in rows_by_key(consolidated).items():
            if row["numerator"] is None:
                continue                                   # a district-entered row left for the district
            assert key in history, (key, sorted(history))
            assert history[key]["numerator"] == pytest.approx(row["numerator"])
            assert history[key]["denominator"] == pytest.approx(row["denominator"]) \
                if row["denominator"] is not None else history[key]["denominator"] is None
    assert all(r["numerator"] is not None or r["value"] is not None for r in cycle.history["indicators"]), \
        "history has an empty row"


def test_next_period_accepts_every_school_that_was_accepted(cycle):
    accepted = accepted_codes(cycle.first.consolidated)
    assert accepted_codes(cycle.next_rollup) == accepted


def test_the_rollups_say_how_each_school_carried_out_the_plan(cycle):
    """«Исполнение плана»: every action the schools got, each school's status of it as its book says (overdue:
    the one action the test left undone after its deadline), read back from the district roll-up; the region
    gets each district's counts."""
    region = {r["code"]: r for r in cycle.region["plan"]["districts"]}
    for d in _districts(cycle):
        books = [handed_down.read_book(s.path, s.code, overdue=set(s.overdue)) for s in d.schools]
        numbers = {no for b in books for no in b.cells}
        want = handed_down.expected_rows(books, sorted(numbers))
        sheet = handed_down.read_sheet(d.rollup)
        assert d.consolidated["plan"]["source"] == "origin marks" and set(sheet.order) == numbers
        assert sheet.schools == sorted(s.code for s in d.schools)
        for no in numbers:
            assert sheet.rows[no]["schools"] == want[no]["schools"], (d.case.id, no)
            assert [sheet.rows[no][k] for k in ("done", "in_work", "overdue", "absent")] == \
                [want[no][k] for k in ("done", "in_work", "overdue", "absent")], (d.case.id, no)
        cells = [w for row in want.values() for w in row["schools"].values()]
        assert cells.count(handed_down.OVERDUE) == sum(len(s.overdue) for s in d.schools)
        got = region[d.code]
        assert (got["actions"], got["schools"], got["done"], got["overdue"]) == \
            (len(numbers), len(books), cells.count("выполнено"), cells.count(handed_down.OVERDUE))
