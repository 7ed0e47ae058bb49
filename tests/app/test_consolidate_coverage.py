"""A region sees each district's coverage: how many schools each district expected, accepted, rejected and
missed, as the district's own consolidation reported it (issue 14, item 6).

Three districts of demo schools, each consolidated with a list of expected schools that names one school that
sent nothing and holds one school whose book is rejected; then the region, with a list that names a district
that sent nothing. The expected numbers come from how the test built the districts.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tests.support.cli import invoke
from tests.support.district import AS_OF, COVERAGE, PROVENANCE, SPEC, clean_plan, write_plan
from tests.support.rollup_sheets import rows_by_id, sheet_values
from xl_roadmap.core.content import EXTRA_FIRST_ROW
from xl_roadmap.rollup.coverage import FIELDS, recorded

SCHOOLS = {"D0": 3, "D1": 4, "D2": 2}        # books each district receives; one of them is rejected
FORM = SPEC.sheet("organisation")


def _write_list(path: Path, orgs: list[tuple[str, str]]) -> Path:
    path.write_text("код;наименование\n" + "".join(f"{c};{n}\n" for c, n in orgs), encoding="utf-8")
    return path


def _consolidate(inputs: Path, out: Path, code: str, name: str, expected: Path | None) -> dict:
    more = ["--expected", str(expected)] if expected else []
    r = invoke("consolidate", str(inputs), "-o", str(out), "--as-of", AS_OF.isoformat(), "--json", *more,
               "--org-name", name, "--org-code", code, "--signatory", "Петрова П.П., начальник",
               "--contact", "8 (800) 000-00-00")
    assert r.exit_code in (0, 1), r.stderr
    return json.loads(r.stdout)


def _district(root: Path, code: str, n: int, seed: int, with_list: bool = True) -> tuple[Path, dict]:
    """``n`` schools' books (the second one rejected: an action without a responsible) and a list of expected
    schools that names them all and one more that sent nothing."""
    inbox = root / code
    inbox.mkdir()
    orgs = []
    for i in range(n):
        plan = clean_plan(i, seed=seed)
        school = f"{code}-{plan.org['code']}"
        plan.content.organisation["org_code"] = school
        if i == 1:
            plan.content.actions[0]["responsible"] = ""
        write_plan(plan, inbox / f"{school}.xlsx")
        orgs.append((school, plan.org["name"]))
    orgs.append((f"{code}-404", "МБОУ «Школа, которая не прислала»"))
    listed = _write_list(root / f"{code}.csv", orgs) if with_list else None
    out = root / f"свод_{code}.xlsx"
    return out, _consolidate(inbox, out, code, f"УО района {code}", listed)


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    root = tmp_path_factory.mktemp("coverage")
    districts = {code: _district(root, code, n, seed=40 + k) for k, (code, n) in enumerate(SCHOOLS.items())}
    region_in = root / "region_in"
    region_in.mkdir()
    for out, _ in districts.values():
        shutil.copy(out, region_in / out.name)
    listed = _write_list(root / "region.csv", [(c, f"УО района {c}") for c in SCHOOLS] + [("D9", "УО района D9")])
    out = root / "region.xlsx"
    result = _consolidate(region_in, out, "REG", "Министерство образования", listed)
    return {"root": root, "districts": districts, "region_in": region_in, "listed": listed, "out": out,
            "result": result}


def _form_values(path: Path) -> dict[str, tuple[str, object]]:
    """«Сведения» of a written book: label → (value cell address, value)."""
    ws = openpyxl.load_workbook(path, data_only=True)[FORM.name]
    out = {}
    for row in ws.iter_rows(min_row=FORM.first_row):
        label, value = row[0], row[1]
        if label.value:
            out[str(label.value).rstrip(" *")] = (value.coordinate, value.value)
    return out


def _recorded_cells(path: Path) -> dict[str, object]:
    form = _form_values(path)
    return {count: form[FORM.field(field_id).label][1] for count, field_id in FIELDS.items()}


def test_each_district_reports_and_records_its_own_coverage(region):
    for code, (out, d) in region["districts"].items():
        n = SCHOOLS[code]
        own = {"expected": n + 1, "accepted": n - 1, "rejected": 1, "missing": 1}
        assert d["coverage"] == [{"code": code, "name": f"УО района {code}", "status": "", **own}]
        # the same numbers as the rest of the district's JSON
        assert (d["accepted"], d["rejected"], len(d["missing"])) == (own["accepted"], own["rejected"], own["missing"])
        assert _recorded_cells(out) == own
        line = rows_by_id(openpyxl.load_workbook(out, data_only=True), "coverage")
        assert len(line) == 1 and {k: line[0][k] for k in own} == own and line[0]["org_code"] == code


def test_the_first_look_and_the_full_read_agree_on_a_districts_coverage(region):
    from xl_roadmap.app.consolidate import ingest, stamp

    for out, d in region["districts"].values():
        first, full = recorded(stamp(str(out))), recorded(ingest(str(out), AS_OF))
        assert first == full and first.as_dict() == {k: d["coverage"][0][k] for k in FIELDS}


def test_region_shows_every_districts_coverage_and_the_one_that_sent_nothing(region):
    d = region["result"]
    reported = {code: dict(r["coverage"][0], status="принят") for code, (_, r) in region["districts"].items()}
    missing_line = {"code": "D9", "name": "УО района D9", "status": "не представлен", "expected": None,
                    "accepted": None, "rejected": None, "missing": None}
    assert d["coverage"] == [reported[c] for c in SCHOOLS] + [missing_line]
    assert d["accepted"] == 3 and [m["code"] for m in d["missing"]] == ["D9"]
    wb = openpyxl.load_workbook(region["out"], data_only=True)
    rows = {r["org_code"]: r for r in rows_by_id(wb, "coverage")}
    counts = tuple(FIELDS)
    for code, line in reported.items():
        assert {k: rows[code][k] for k in ("org_name", "status", *counts)} == \
            {"org_name": line["name"], "status": "принят", **{k: line[k] for k in counts}}
    assert [rows["D9"][k] for k in ("status", *counts)] == ["не представлен"] + ["нет свода"] * 4
    sums = {k: sum(line[k] for line in reported.values()) for k in counts}
    assert {k: rows["ИТОГО по принятым"][k] for k in counts} == sums and not rows["ИТОГО по принятым"]["note"]
    everything = rows["ИТОГО по всем"]
    assert {k: everything[k] for k in counts} == sums         # the district that sent nothing is no zero
    assert "«Ожидалось» — 1" in everything["note"] and "«Не представлено» — 1" in everything["note"]
    # the region's own «Сведения»: its districts
    assert _recorded_cells(region["out"]) == {"expected": 4, "accepted": 3, "rejected": 0, "missing": 1}


def test_region_coverage_cells_trace_to_the_district_rollups_cells(region):
    """The region's «Охват» counts are on its «Происхождение»: each → the district roll-up's «Сведения» cell."""
    wb = openpyxl.load_workbook(region["out"], data_only=True)
    traces = [row for row in wb[PROVENANCE].iter_rows(min_row=EXTRA_FIRST_ROW, values_only=True)
              if row[0] == COVERAGE]
    assert len(traces) == 4 * len(SCHOOLS)
    region_sheet = wb[COVERAGE]
    for sheet, cell, value, file, src_sheet, src_cell in traces:
        assert region_sheet[cell].value == value
        source = openpyxl.load_workbook(region["region_in"] / file, data_only=True)[src_sheet]
        assert source[src_cell].value == value and src_sheet == FORM.name
        assert int(cell[1:]) >= EXTRA_FIRST_ROW


def test_district_without_a_list_and_an_emptied_rollup_are_shown_as_unknown(region, tmp_path):
    from xl_roadmap.app.consolidate import consolidate
    from xl_roadmap.rollup.book import rollup_content

    out, d = _district(tmp_path, "D5", 2, seed=55, with_list=False)
    assert d["coverage"] == [{"code": "D5", "name": "УО района D5", "status": "", "expected": None,
                              "accepted": 1, "rejected": 1, "missing": None}]
    assert _recorded_cells(out) == {"expected": None, "accepted": 1, "rejected": 1, "missing": None}
    # a roll-up of a template before 1.2: no coverage rows on «Сведения» — and no finding for lacking them
    older = tmp_path / "свод_D0_шаблон_1.1.xlsx"
    wb = openpyxl.load_workbook(region["districts"]["D0"][0])
    form = _form_values(region["districts"]["D0"][0])
    first = min(int(form[FORM.field(f).label][0][1:]) for f in FIELDS.values())
    wb[FORM.name].delete_rows(first, len(FIELDS))
    wb.save(older)
    c = consolidate([out, older], as_of=AS_OF, workers=1)
    content = rollup_content(c, {})
    assert [(r["code"], r["status"], r["expected"], r["accepted"]) for r in c.to_dict()["coverage"]] == \
        [("D0", "принят", None, None), ("D5", "принят", None, 1)]
    sheet = next(s for s in content.extra_sheets if s.name == COVERAGE)
    ids = [col.id for col in SPEC.rollup_sheet("coverage").columns]
    rows = {r[0]: dict(zip(ids, r)) for r in sheet.rows}
    assert [rows["D0"][k] for k in FIELDS] == ["не записано"] * 4 and "составьте свод заново" in rows["D0"]["note"]
    assert [rows["D5"][k] for k in FIELDS] == ["нет списка", 1, 1, "нет списка"]
    assert "не указал список" in rows["D5"]["note"]
    assert [rows["ИТОГО по всем"][k] for k in FIELDS] == ["неизвестно", 1, 1, "неизвестно"]


def test_streamed_region_rollup_equals_the_plain_one(region, tmp_path, monkeypatch):
    from xl_roadmap.app import consolidate_file, workers
    from xl_roadmap.app.consolidate import consolidate, expected_organisations, write_rollup

    org = {"org_name": "Министерство образования", "org_code": "REG"}
    expected = expected_organisations(region["listed"])
    files = sorted(region["region_in"].glob("*.xlsx"))
    plain = write_rollup(consolidate(files, as_of=AS_OF, workers=1, expected=expected), tmp_path / "plain.xlsx", org)
    monkeypatch.setattr(workers, "PARALLEL_FROM", 2)     # the pool path, even for three districts
    result = consolidate_file.consolidate_to_file(list(reversed(files)), tmp_path / "streamed.xlsx", org,
                                                  as_of=AS_OF, workers=2, expected=expected)
    streamed, plain_values = sheet_values(tmp_path / "streamed.xlsx"), sheet_values(plain)
    assert list(streamed) == list(plain_values)
    for name in plain_values:
        assert streamed[name] == plain_values[name], name
    assert result.to_dict()["coverage"] == region["result"]["coverage"]


def test_libreoffice_opens_the_region_rollup_with_its_coverage(region, lo_convert):
    ods = lo_convert(region["out"], "ods")
    with zipfile.ZipFile(ods) as z:
        content = z.read("content.xml").decode("utf-8")
    assert f'table:name="{COVERAGE}"' in content
    assert "ИТОГО по принятым" in content and "нет свода" in content
