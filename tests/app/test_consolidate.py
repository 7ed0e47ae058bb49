"""«Свести»: a district of schools → district roll-up; three district roll-ups → region roll-up.

Expected values are computed here from the figures the test itself wrote into the school workbooks, not by
the product's aggregation code.
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from tests.support.cli import run_cli, sha
from tests.support.rollup_sheets import rows_by_id, sheet_values
from tests.support.district import (AS_OF, CHARTS, DEADLINES, EVIDENCE, MATRIX, PERIOD, PROVENANCE, REGISTER, SPEC,
                                    clean_plan, write_plan)
from xl_roadmap.core.content import EXTRA_FIRST_ROW

EDITION = SPEC.edition()
# district-entered indicators: no school holds them; each roll-up has an empty row for its own period
ENTERED = {(e.code, PERIOD) for e in EDITION.indicators if e.aggregation == "district_entered"}
N_SCHOOLS = 12




def expected_value(code: str, rows: list[dict]) -> tuple:
    """Independent aggregation of one indicator over the given rows (what a careful analyst does by hand)."""
    e = EDITION.get(code)
    if e.aggregation == "district_entered":
        return None, None, None
    if e.aggregation == "sum":
        total = sum(r["numerator"] for r in rows if r["numerator"] is not None)
        return total, None, total
    if e.aggregation == "share_of_orgs":
        meets = sum(1 for r in rows if r["numerator"] is not None and r["numerator"] > 0)
        n = sum(1 for r in rows if r["numerator"] is not None)
        return float(meets), float(n), meets / n * 100
    rows = [r for r in rows if r["numerator"] is not None and r["denominator"] is not None]
    num = sum(r["numerator"] for r in rows)
    den = sum(r["denominator"] for r in rows)
    if e.kind == "growth":
        return num, den, (num - den) / den * 100
    return num, den, num / den * e.multiplier


def _not_done(plan) -> dict:
    return next(a for a in plan.content.actions if a["status"] != "выполнено" and a["deadline"])


def _linked(evidence_row: dict) -> set[str]:
    """The action numbers one log row names («3», «3, 5», «3; 5»), as a person reads them."""
    return {n for n in re.split(r"[,;\s]+", str(evidence_row["action_no"] or "")) if n}


PLANTED = {5: "просрочено", 6: "срок не распознан", 3: "срок не указан"}   # school index → one action's state


@pytest.fixture(scope="module")
def district(tmp_path_factory):
    root = tmp_path_factory.mktemp("district")
    inbox = root / "inbox"
    (inbox / "sub").mkdir(parents=True)
    plans = {}
    for i in range(N_SCHOOLS):
        plan = clean_plan(i, seed=5)
        code = plan.org["code"]
        if i == 3:          # rejected: an action without responsible, another without a deadline
            plan.content.actions[0]["responsible"] = ""
            plan.content.actions[1]["deadline"] = ""
        if i == 4:          # text that looks like a formula must stay text in the roll-up
            plan.content.actions[0]["comment"] = "=1+1"
        if i == 5:          # accepted with remarks: an overdue action (ended before AS_OF, not done)
            _not_done(plan)["deadline"] = "до 01.02.2025"
        if i == 6:          # accepted with remarks: a deadline nobody can parse
            _not_done(plan)["deadline"] = "к празднику"
        if i == 7:          # accepted with remarks: a done action whose documents were left out of the log
            done = next(a for a in plan.content.actions if a["status"] == "выполнено")
            plan.content.evidence = [e for e in plan.content.evidence if done["no"] not in _linked(e)]
        folder = inbox / "sub" if i % 2 else inbox
        write_plan(plan, folder / f"{code}.xlsx")
        plans[code] = plan
    # a duplicate: school 0 sent an earlier version too (older document date) — the later one must win
    dup = clean_plan(0, seed=99)
    dup.content.organisation["doc_date"] = date(2024, 6, 1)
    write_plan(dup, inbox / "sub" / "старая_версия.xlsx")
    (inbox / "broken.xlsx").write_bytes(b"PK\x03\x04 truncated")
    expected = root / "expected.csv"
    orgs = [p.org for p in plans.values()] + [{"code": "ZR-404", "name": "МБОУ «Школа, которая не прислала»"}]
    expected.write_text("код;наименование\n" + "".join(f"{o['code']};{o['name']}\n" for o in orgs),
                        encoding="utf-8")
    before = {p: sha(p) for p in inbox.rglob("*") if p.is_file()}
    out = root / "district.xlsx"
    result = run_cli("consolidate", str(inbox), "-o", str(out), "--expected", str(expected), "--as-of",
                     AS_OF.isoformat(), "--json", "--org-name", "Управление образования", "--org-code", "ZR",
                     "--signatory", "Иванов И.И., начальник", "--contact", "отдел качества")
    return {"inbox": inbox, "plans": plans, "before": before, "out": out, "result": result,
            "rejected": {list(plans)[3]}, "dup_code": list(plans)[0]}


def accepted_plans(d):
    return {c: p for c, p in d["plans"].items() if c not in d["rejected"]}


def test_exit_code_json_and_inputs_untouched(district):
    r = district["result"]
    assert r.returncode == 1, r.stderr
    d = json.loads(r.stdout)
    assert d["accepted"] == N_SCHOOLS - 1 and d["rejected"] == 1
    assert [m["code"] for m in d["missing"]] == ["ZR-404"]
    assert [Path(u["path"]).name for u in d["unreadable"]] == ["broken.xlsx"]
    assert [(x["code"], Path(x["kept"]).name, Path(x["replaced"]).name) for x in d["duplicates"]] == \
        [(district["dup_code"], f"{district['dup_code']}.xlsx", "старая_версия.xlsx")]
    assert d["deadlines"] == {"overdue": 1, "missing": 0, "unparsed": 1}      # accepted books only
    now = {p: sha(p) for p in district["inbox"].rglob("*") if p.is_file()}
    assert now == district["before"]


def test_district_indicators_are_ratio_of_sums(district):
    wb = openpyxl.load_workbook(district["out"], data_only=True)
    ws = wb[SPEC.sheet("indicators").name]
    sheet = SPEC.sheet("indicators")
    col = {c.id: sheet.column_index(c.id) + 1 for c in sheet.columns}
    plans = accepted_plans(district)
    by_key: dict[tuple[str, str], list[dict]] = {}
    for p in plans.values():
        for r in p.content.indicators:
            by_key.setdefault((r["code"], r["period"]), []).append(r)
    d = json.loads(district["result"].stdout)
    json_by_key = {(x["code"], x["period"]): x for x in d["indicators"]}
    seen = set()
    for r in range(SPEC.first_data_row, ws.max_row + 1):
        code, period = ws.cell(r, col["code"]).value, ws.cell(r, col["period"]).value
        if not code:
            continue
        seen.add((code, period))
        num, den, value = expected_value(code, by_key.get((code, period), []))
        assert ws.cell(r, col["numerator"]).value == pytest.approx(num) if num is not None else \
            ws.cell(r, col["numerator"]).value is None
        if value is None:
            assert ws.cell(r, col["value"]).value in (None, "")
        else:
            assert ws.cell(r, col["value"]).value == pytest.approx(value, rel=1e-12)
            assert json_by_key[(code, period)]["value"] == pytest.approx(value, rel=1e-12)
        if (code, period) in ENTERED and (code, period) not in by_key:
            assert ws.cell(r, col["source"]).value == "вносит УО"          # the district types it here
    assert seen == set(by_key) | ENTERED


def test_matrix_register_deadlines_and_evidence_sheets(district):
    wb = openpyxl.load_workbook(district["out"], data_only=True)
    plans = accepted_plans(district)
    m = wb[MATRIX]
    header = [c.value for c in m[2]]
    rows = {m.cell(r, 1).value: r for r in range(3, m.max_row + 1)}
    assert set(plans) <= set(rows) and district["rejected"].isdisjoint(rows)
    for code, plan in plans.items():
        for ir in plan.content.indicators:
            e = EDITION.get(ir["code"])
            j = header.index(f"{ir['code']} ({ir['period']})") + 1
            got = m.cell(rows[code], j).value
            if e.kind in ("count", "score", "yesno"):
                want = ir["numerator"]
            elif e.kind == "growth":
                want = (ir["numerator"] - ir["denominator"]) / ir["denominator"] * 100
            else:
                want = ir["numerator"] / ir["denominator"] * e.multiplier
            assert got == pytest.approx(want, rel=1e-12), (code, ir["code"])
    reg_rows = rows_by_id(wb, "register")
    status_by_file = {r["file"]: r["status"] for r in reg_rows if r["file"]}
    for code in plans:
        assert status_by_file[f"{code}.xlsx"] in ("принят", "принят с замечаниями")
    assert status_by_file[f"{list(district['rejected'])[0]}.xlsx"] == "отклонён"
    assert status_by_file["старая_версия.xlsx"] == "заменён более поздним"
    assert status_by_file["broken.xlsx"] == "не прочитан"
    assert any(r["org_code"] == "ZR-404" and r["status"] == "не представлен" for r in reg_rows)
    for r in reg_rows:
        if r["file"] and r["file"].endswith(".xlsx") and r["status"] != "не прочитан":
            path = next(district["inbox"].rglob(r["file"]))
            assert r["sha256"] == sha(path)
    listed = district["plans"]                     # every school's kept book, the rejected one included
    index = {code: i for i, code in enumerate(listed)}
    counted = ("actions", "done", "on_time", "overdue", "missing", "unparsed")
    srows = {r["org_code"]: r for r in rows_by_id(wb, "deadlines")}
    assert set(srows) == set(listed) | {"ИТОГО по принятым", "ИТОГО по всем"}
    want_rows = {}
    for code, plan in listed.items():
        acts = plan.content.actions
        done = sum(1 for a in acts if a["status"] == "выполнено")
        planted = PLANTED.get(index[code])
        states = [planted == st for st in ("просрочено", "срок не указан", "срок не распознан")]
        want_rows[code] = [len(acts), done, len(acts) - done - sum(states), *map(int, states)]
        assert [srows[code][k] for k in counted] == want_rows[code], code
        assert srows[code]["book_status"] == status_by_file[f"{code}.xlsx"]
    for label, codes in (("ИТОГО по принятым", plans), ("ИТОГО по всем", listed)):
        assert [srows[label][k] for k in counted] == [sum(want_rows[c][k] for c in codes) for k in range(6)]
    erows = {r["org_code"]: r for r in rows_by_id(wb, "evidence_summary")}
    assert set(erows) == set(listed) | {"ИТОГО по принятым", "ИТОГО по всем"}
    for code, plan in listed.items():
        linked = set().union(*(_linked(e) for e in plan.content.evidence))
        done = [a["no"] for a in plan.content.actions if a["status"] == "выполнено"]
        missing = [no for no in done if no not in linked]
        assert [erows[code][k] for k in ("documents", "done", "done_without_evidence", "numbers_without_evidence")] \
            == [len(plan.content.evidence), len(done), len(missing),
                ", ".join(f"{code}/{no}" for no in missing) or None], code
    # the planted one, and only it
    assert [erows[c]["done_without_evidence"] for c in listed if erows[c]["done_without_evidence"]] == [1]
    road = wb[SPEC.sheet("roadmap").name]
    sheet = SPEC.sheet("roadmap")
    nos = [road.cell(r, sheet.column_index("no") + 1).value for r in range(SPEC.first_data_row, road.max_row + 1)]
    nos = [n for n in nos if n]
    assert len(nos) == sum(len(p.content.actions) for p in plans.values()) == len(set(nos))
    comment_col = sheet.column_index("comment") + 1
    texts = [road.cell(r, comment_col) for r in range(SPEC.first_data_row, road.max_row + 1)]
    formula_like = [c for c in texts if c.value == "=1+1"]
    assert len(formula_like) == 1 and formula_like[0].data_type == "s"
    assert len(wb[SPEC.sheet("evidence").name]["A"]) >= sum(len(p.content.evidence) for p in plans.values())


def _range_cells(text: str) -> list[tuple[int, int]]:
    """«B12» or «B12:H40» → its cells as (row, column), row by row."""
    from openpyxl.utils.cell import range_boundaries

    min_col, min_row, max_col, max_row = range_boundaries(text)
    return [(r, c) for r in range(min_row, max_row + 1) for c in range(min_col, max_col + 1)]


def test_every_rollup_value_traces_to_its_source_cell(district):
    wb = openpyxl.load_workbook(district["out"], data_only=True)
    prov = wb[PROVENANCE]
    sources: dict[str, openpyxl.Workbook] = {}
    files = {p.name: p for p in district["inbox"].rglob("*.xlsx")}
    traced: set[tuple[str, str]] = set()
    source_value: dict[tuple[str, str], object] = {}     # roll-up cell → the source value it came from
    n_rows = 0
    for row in prov.iter_rows(min_row=3, values_only=True):
        sheet, cells, value, file, src_sheet, src_cells = row
        n_rows += 1
        if file not in sources:
            sources[file] = (openpyxl.load_workbook(files[file]), openpyxl.load_workbook(files[file], data_only=True))
        targets, origins = _range_cells(cells), _range_cells(src_cells)
        if len(origins) == 1:
            origins = origins * len(targets)     # one source cell copied into every cell of the range
        assert len(origins) == len(targets), row
        if len(targets) == 1:
            assert value is not None, row
        else:
            assert value is None, row            # a range names no single value
        rollup_ws = wb[sheet]
        for (r, c), (sr, sc) in zip(targets, origins):
            src = sources[file][0][src_sheet].cell(sr, sc)
            if src.data_type == "f":
                # only computed values (the matrix's indicator values) point at a formula: the school's own value
                assert sheet == MATRIX, (sheet, cells, file, src_sheet, src.coordinate)
                src_value = sources[file][1][src_sheet].cell(sr, sc).value
            else:
                src_value = src.value
            got = rollup_ws.cell(r, c).value
            coordinate = rollup_ws.cell(r, c).coordinate
            if sheet == SPEC.sheet("indicators").name:
                # an aggregate: traced to each school cell it sums (the sums are checked below)
                assert src_value is not None and (len(targets) > 1 or _same(src_value, value)), row
                source_value.setdefault(coordinate, []).append(src_value)
                traced.add((sheet, coordinate))
                continue
            if got in (None, "") and (src_value is None or isinstance(src_value, str) and not src_value.strip()):
                continue
            assert _same(src_value, got), (sheet, rollup_ws.cell(r, c).coordinate, file, src_sheet,
                                           src.coordinate, src_value, got)
            if len(targets) == 1:
                assert _same(value, got), row
            traced.add((sheet, coordinate))
    # ranges, not a row per copied cell: far fewer rows than traced cells
    assert n_rows * 4 < len(traced), (n_rows, len(traced))
    # every copied or aggregated cell of the roll-up is traced
    for sheet_id in ("roadmap", "evidence"):
        spec_sheet = SPEC.sheet(sheet_id)
        ws = wb[spec_sheet.name]
        for col in spec_sheet.columns:
            if col.formula or col.fill or (sheet_id == "evidence" and col.id == "no"):
                continue
            c = spec_sheet.column_index(col.id) + 1
            for r in range(SPEC.first_data_row, ws.max_row + 1):
                if ws.cell(r, c).value not in (None, ""):
                    assert (spec_sheet.name, ws.cell(r, c).coordinate) in traced
    m = wb[MATRIX]
    for r in range(3, m.max_row + 1):
        if m.cell(r, 1).value in ("ИТОГО", "НОРМА", "СТАТУС", "НИЖЕ"):
            continue
        for c in range(3, m.max_column + 1):
            if m.cell(r, c).value is not None:
                assert (MATRIX, m.cell(r, c).coordinate) in traced
    # the district's numerators and denominators: each traced to every school cell it sums
    ind = SPEC.sheet("indicators")
    ws = wb[ind.name]
    summed_from = {cell: sum(values) for cell, values in source_value.items()}
    checked = 0
    for r in range(SPEC.first_data_row, ws.max_row + 1):
        code = ws.cell(r, ind.column_index("code") + 1).value
        for col in ("numerator", "denominator"):
            cell = ws.cell(r, ind.column_index(col) + 1)
            if cell.value in (None, ""):
                continue
            assert (ind.name, cell.coordinate) in traced, (code, col)
            if EDITION.get(code).aggregation in ("ratio_of_sums", "sum"):
                assert summed_from[cell.coordinate] == pytest.approx(cell.value, rel=1e-12), (code, col)
                checked += 1
    assert checked > 20
    # the register's organisation fields, for every book that was read
    register = SPEC.rollup_sheet("register")
    traced_fields = [register.index(c) + 1 for c in ("org_code", "org_name", "period", "template_version")]
    reg = wb[REGISTER]
    for r in range(EXTRA_FIRST_ROW, reg.max_row + 1):
        if reg.cell(r, register.index("status") + 1).value in ("не прочитан", "не представлен", None):
            continue
        for c in traced_fields:
            if reg.cell(r, c).value not in (None, ""):
                assert (REGISTER, reg.cell(r, c).coordinate) in traced, (r, c)
    assert len(traced) > 1000


def _same(src, value) -> bool:
    if isinstance(value, str) and "/" in value and src is not None and value.endswith("/" + str(src).strip()):
        return True           # action numbers are prefixed with the organisation code: «ZR-001/5»
    if isinstance(value, (int, float)) and isinstance(src, (int, float)):
        return abs(src - value) < 1e-9
    if hasattr(src, "date") and not isinstance(src, str):
        src = src.date() if hasattr(src, "hour") else src
        value = value.date() if hasattr(value, "hour") else value
        return src == value
    return str(src).strip() == str(value).strip()


def test_same_content_whatever_the_order(district, tmp_path):
    from xl_roadmap.app.consolidate import consolidate
    from xl_roadmap.rollup.book import rollup_content

    files = sorted(p for p in district["inbox"].rglob("*.xlsx"))
    a = rollup_content(consolidate(files, as_of=AS_OF, workers=1), {})
    b = rollup_content(consolidate(list(reversed(files)), as_of=AS_OF, workers=1), {})
    assert a.indicators == b.indicators and a.actions == b.actions and a.evidence == b.evidence
    assert [list(x.rows) for x in a.extra_sheets] == [list(x.rows) for x in b.extra_sheets]


def test_region_rollup_from_three_districts(tmp_path):
    districts = []
    all_plans = []
    all_rows: dict[tuple[str, str], list[dict]] = {}
    for k in range(3):
        inbox = tmp_path / f"d{k}"
        inbox.mkdir()
        for i in range(3 + k):
            plan = clean_plan(i, seed=100 + k)
            code = f"D{k}-{plan.org['code']}"
            plan.content.organisation["org_code"] = code
            write_plan(plan, inbox / f"{code}.xlsx")
            all_plans.append(plan)
            for r in plan.content.indicators:
                all_rows.setdefault((r["code"], r["period"]), []).append(r)
        out = tmp_path / f"district{k}.xlsx"
        r = run_cli("consolidate", str(inbox), "-o", str(out), "--as-of", AS_OF.isoformat(), "--org-name",
                    f"УО района {k}", "--org-code", f"D{k}", "--signatory", "Петров П.П.", "--contact", "тел. 1")
        assert r.returncode == 0, r.stdout + r.stderr
        districts.append(out)
    region_in = tmp_path / "region_in"
    region_in.mkdir()
    for p in districts:
        shutil.copy(p, region_in / p.name)
    out = tmp_path / "region.xlsx"
    r = run_cli("consolidate", str(region_in), "-o", str(out), "--as-of", AS_OF.isoformat(), "--json",
                "--org-name", "Министерство образования", "--org-code", "REG", "--signatory", "Сидоров С.С.",
                "--contact", "тел. 2")
    assert r.returncode == 0, r.stdout + r.stderr
    d = json.loads(r.stdout)
    assert d["accepted"] == 3
    by_key = {(x["code"], x["period"]): x for x in d["indicators"]}
    assert set(by_key) == set(all_rows) | ENTERED
    for key, rows in all_rows.items():
        num, den, value = expected_value(key[0], rows)
        got = by_key[key]
        if value is None:
            assert got["value"] is None
            continue
        assert got["numerator"] == pytest.approx(num, rel=1e-12)
        assert got["denominator"] == (None if den is None else pytest.approx(den, rel=1e-12))
        assert got["value"] == pytest.approx(value, rel=1e-12)
    wb = openpyxl.load_workbook(out, data_only=True)
    register = rows_by_id(wb, "register")
    assert sorted((r["file"], r["org_code"], r["status"]) for r in register if r["file"]) == \
        [(f"district{k}.xlsx", f"D{k}", "принят") for k in range(3)]
    counted = ("actions", "done", "on_time", "overdue", "missing", "unparsed")
    totals = {r["org_code"]: [r[k] for k in counted] for r in rows_by_id(wb, "deadlines")}
    actions = sum(len(p.content.actions) for p in all_plans)
    done = sum(1 for p in all_plans for a in p.content.actions if a["status"] == "выполнено")
    assert totals["ИТОГО по принятым"] == [actions, done, actions - done, 0, 0, 0]
    assert [totals[f"D{k}"][0] for k in range(3)] == \
        [sum(len(p.content.actions) for p in all_plans if p.content.organisation["org_code"].startswith(f"D{k}-"))
         for k in range(3)]
    ev_totals = {r["org_code"]: r["documents"] for r in rows_by_id(wb, "evidence_summary")}
    assert ev_totals["ИТОГО по принятым"] == sum(len(p.content.evidence) for p in all_plans)
    org_sheet = wb[SPEC.sheet("organisation").name]
    assert "регион" in [c.value for c in org_sheet["B"]]
    road = wb[SPEC.sheet("roadmap").name]
    no_col = SPEC.sheet("roadmap").column_index("no") + 1
    first_no = road.cell(SPEC.first_data_row, no_col).value
    assert first_no.startswith("D0/D0-")


def _charts_in_drawing_order(book: Path) -> list[tuple[str, tuple[int, int, int, int, int, int, int, int]]]:
    """(chart XML, anchor from-col/off, from-row/off, to-col/off, to-row/off) for every chart of the book."""
    with zipfile.ZipFile(book) as z:
        found = []
        for drawing in sorted(n for n in z.namelist() if re.fullmatch(r"xl/drawings/drawing\d+\.xml", n)):
            rels = z.read(drawing.replace("drawings/", "drawings/_rels/") + ".rels").decode("utf-8")
            target = dict(re.findall(r'Id="(rId\d+)"[^>]*Target="\.\./charts/(chart\d+\.xml)"', rels))
            target.update({i: t for t, i in re.findall(r'Target="\.\./charts/(chart\d+\.xml)"[^>]*Id="(rId\d+)"',
                                                         rels)})
            for anchor in re.findall(r"<xdr:twoCellAnchor.*?</xdr:twoCellAnchor>", z.read(drawing).decode("utf-8")):
                nums = tuple(int(x) for x in re.findall(r"<xdr:(?:col|colOff|row|rowOff)>(\d+)<", anchor))
                rid = re.search(r'r:id="(rId\d+)"', anchor).group(1)
                found.append((z.read("xl/charts/" + target[rid]).decode("utf-8"), nums))
    return found


def _series_refs(chart_xml: str, kind: str) -> list[tuple[str | None, str]]:
    """(categories formula, values formula) of every series in the chart's barChart or lineChart part."""
    part = re.search(rf"<c:{kind}>.*?</c:{kind}>", chart_xml)
    if part is None:
        return []
    out = []
    for ser in re.findall(r"<c:ser>.*?</c:ser>", part.group(0)):
        cat = re.search(r"<c:cat>.*?<c:f>(.*?)</c:f>", ser)
        val = re.search(r"<c:val>.*?<c:f>(.*?)</c:f>", ser)
        out.append((cat.group(1) if cat else None, val.group(1)))
    return out


def _cells(wb, ref: str) -> list:
    sheet, rng = ref.rsplit("!", 1)
    ws = wb[sheet.strip("'").replace("''", "'")]
    return [c.value for row in ws[rng.replace("$", "")] for c in row]


def test_each_chart_plots_one_indicator_by_organisation_code_against_its_norm(district):
    wb = openpyxl.load_workbook(district["out"])
    matrix = wb[MATRIX]
    header = {c.value: c.column_letter for c in matrix[EXTRA_FIRST_ROW - 1] if c.value}
    codes_col = [c.value for c in matrix["A"][EXTRA_FIRST_ROW - 1:]]
    n_orgs = codes_col.index("ИТОГО")
    assert sorted(codes_col[:n_orgs]) == sorted(accepted_plans(district))
    total_row = EXTRA_FIRST_ROW + n_orgs
    norm_row = total_row + 1
    charted = [(h, letter) for h, letter in header.items() if h.endswith(f"({PERIOD})")
               and matrix[f"{letter}{total_row}"].value is not None]
    assert charted
    charts = _charts_in_drawing_order(district["out"])
    assert len(charts) == len(charted)
    for (xml, _), (head, letter) in zip(charts, charted):
        code = head.split(" ")[0]
        title = re.search(r"<c:title>.*?<a:t>(.*?)</a:t>", xml).group(1)
        assert title.startswith(code + " ") and title.endswith(f"({PERIOD})"), title
        (cats, values), = _series_refs(xml, "barChart")
        last = EXTRA_FIRST_ROW + n_orgs - 1
        assert cats == f"'{MATRIX}'!$A${EXTRA_FIRST_ROW}:$A${last}", cats      # short codes, not names
        assert values == f"'{MATRIX}'!${letter}${EXTRA_FIRST_ROW}:${letter}${last}"
        norm = matrix[f"{letter}{norm_row}"].value
        lines = _series_refs(xml, "lineChart")
        if norm is None:
            assert lines == []
        else:
            (line_cats, line_values), = lines
            assert line_cats == cats and line_values.rsplit("!", 1)[0].strip("'") == CHARTS
            assert _cells(wb, line_values) == [norm] * n_orgs
    assert any(_series_refs(xml, "lineChart") for xml, _ in charts)        # the fixture has norms to draw
    boxes = [((a[0], a[1]), (a[2], a[3]), (a[4], a[5]), (a[6], a[7])) for _, a in charts]
    for i, (c0, r0, c1, r1) in enumerate(boxes):
        for d0, s0, d1, s1 in boxes[i + 1:]:
            assert not (c0 < d1 and d0 < c1 and r0 < s1 and s0 < r1), "charts cover each other"


def test_wide_matrix_prints_over_pages_with_organisations_repeated_and_counts_without_decimals(district):
    wb = openpyxl.load_workbook(district["out"])
    matrix = wb[MATRIX]
    assert matrix.max_column > 20                       # the case: dozens of indicator columns
    assert matrix.print_title_cols == "$A:$B" and matrix.print_title_rows == "$1:$2"
    assert not (matrix.sheet_properties.pageSetUpPr and matrix.sheet_properties.pageSetUpPr.fitToPage)
    register = wb[REGISTER]                             # a narrow sheet still fits one page width
    assert register.sheet_properties.pageSetUpPr.fitToPage and register.page_setup.fitToWidth in (None, 1)
    below = next(row for row in matrix.iter_rows(min_row=EXTRA_FIRST_ROW) if row[0].value == "НИЖЕ")
    counts = [c for c in below[2:] if c.value is not None]
    assert counts and all(isinstance(c.value, int) and c.number_format == "General" for c in counts)
    value = next(c for c in matrix[EXTRA_FIRST_ROW][2:] if isinstance(c.value, float))
    assert value.number_format == "0.0##"


def test_libreoffice_opens_rollup_with_charts(district, lo_convert):
    import zipfile

    with zipfile.ZipFile(district["out"]) as z:
        assert any(n.startswith("xl/charts/chart") for n in z.namelist())
    ods = lo_convert(district["out"], "ods")
    with zipfile.ZipFile(ods) as z:
        content = z.read("content.xml").decode("utf-8")
    for name in (REGISTER, MATRIX, DEADLINES, EVIDENCE, PROVENANCE):
        assert f'table:name="{name}"' in content
    assert "<draw:object" in content          # the charts survived as chart objects


ROLLUP_ORG = {"org_name": "Управление образования", "org_code": "ZR"}


def _plain_rollup(files, out: Path) -> Path:
    from xl_roadmap.app.consolidate import consolidate
    from xl_roadmap.app.consolidate import write_rollup

    return write_rollup(consolidate(files, as_of=AS_OF, workers=1), out, ROLLUP_ORG)


def test_streamed_rollup_equals_the_plain_one(district, tmp_path, monkeypatch):
    """«Свести» reads every book once in worker processes, which render the schools' rows as they go: the
    file must hold exactly what the plain read-everything-then-write path gives, whatever the input order."""
    from xl_roadmap.app import consolidate_file
    from xl_roadmap.app import workers

    files = sorted(p for p in district["inbox"].rglob("*.xlsx"))
    plain = sheet_values(_plain_rollup(files, tmp_path / "plain.xlsx"))
    monkeypatch.setattr(workers, "PARALLEL_FROM", 2)     # the pool path, even for a small district
    result = consolidate_file.consolidate_to_file(list(reversed(files)), tmp_path / "streamed.xlsx", ROLLUP_ORG,
                                             as_of=AS_OF, workers=2)
    streamed = sheet_values(tmp_path / "streamed.xlsx")
    with zipfile.ZipFile(tmp_path / "streamed.xlsx") as z:        # every row and text token resolved
        assert not [n for n in z.namelist() if "\ue000".encode() in z.read(n)]
    assert list(streamed) == list(plain)
    for name in plain:
        assert streamed[name] == plain[name], name
    assert len(plain[PROVENANCE]) > 100 and len(result.used) == len(accepted_plans(district))
    # the returned submissions are compact (rows are in the file), their summaries are not
    assert all(not s.actions and not s.evidence for s in result.submissions)
    assert sum(s.action_count for s in result.used) == sum(len(p.content.actions)
                                                           for p in accepted_plans(district).values())


def test_nothing_readable_writes_nothing(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.xlsx").write_bytes(b"not a workbook")
    (inbox / "b.xlsx").write_bytes(b"PK\x03\x04 truncated")
    out = tmp_path / "rollup.xlsx"
    result = run_cli("consolidate", str(inbox), "-o", str(out), "--as-of", AS_OF.isoformat())
    assert result.returncode == 2, result.stderr
    assert "ни одна книга не прочитана" in result.stderr and "a.xlsx" in result.stderr
    assert not out.exists() and not list(tmp_path.glob(".~*"))


TRICKY_TEXTS = ["  ведущие пробелы", "хвост \t", 'a & b < c > d "q"', "_x0041_ как в Excel", "управляющий\x01знак",
                "строка\nперевод", "=SUM(A1)", "я" * 32767]      # the last: as long as a cell holds


def _sheet_part(z: zipfile.ZipFile, name: str) -> str:
    """The worksheet part of sheet ``name`` (XlsxWriter numbers the parts in the order of the sheets)."""
    names = re.findall(r'<sheet name="([^"]*)"', z.read("xl/workbook.xml").decode())
    return f"xl/worksheets/sheet{names.index(name) + 1}.xml"


@pytest.mark.parametrize("table_room", [None, 60], ids=["shared-strings", "table-full"])
def test_rows_rendered_by_workers_are_byte_identical_to_xlsxwriter(district, tmp_path, monkeypatch, table_room):
    """Workers render each school's roll-up rows as sheet XML; the file must be the very file XlsxWriter
    writes cell by cell — including escaped, control and whitespace-edged texts, dates and formulas. A school
    whose text holds the renderer's own marks is written cell by cell (and the result is still the same).
    Texts go into the shared-strings table while it has room, inline after: both ways agree on which."""
    from xl_roadmap.app import consolidate_file
    from xl_roadmap.app import workers
    from xl_roadmap.io.xlsx import shared_strings

    if table_room is not None:
        monkeypatch.setattr(shared_strings, "MAX_STRINGS", table_room)

    inbox = tmp_path / "inbox"
    shutil.copytree(district["inbox"], inbox)
    plan = clean_plan(20, seed=8)
    for action, text in zip(plan.content.actions, TRICKY_TEXTS):
        action["comment"] = text
    write_plan(plan, inbox / "tricky.xlsx")
    marked = clean_plan(21, seed=8)
    marked.content.actions[0]["comment"] = "метка\ue000R1\ue001 внутри текста"
    write_plan(marked, inbox / "marked.xlsx")
    files = sorted(inbox.rglob("*.xlsx"))
    monkeypatch.setattr(workers, "PARALLEL_FROM", 2)
    rendered = consolidate_file.consolidate_to_file(files, tmp_path / "rendered.xlsx", ROLLUP_ORG, as_of=AS_OF,
                                               workers=2)
    consolidate_file.consolidate_to_file(files, tmp_path / "by_cell.xlsx", ROLLUP_ORG, as_of=AS_OF, workers=1)
    assert {plan.org["code"], marked.org["code"]} <= {s.code for s in rendered.used}
    with zipfile.ZipFile(tmp_path / "rendered.xlsx") as a, zipfile.ZipFile(tmp_path / "by_cell.xlsx") as b:
        assert sorted(a.namelist()) == sorted(b.namelist())
        differing = [n for n in a.namelist() if a.read(n) != b.read(n)]
    assert not differing
    with zipfile.ZipFile(tmp_path / "rendered.xlsx") as z:
        roadmap_xml = z.read(_sheet_part(z, "Дорожная карта")).decode()
        shared = z.read("xl/sharedStrings.xml").decode()
    assert roadmap_xml.count('t="s"') > (0 if table_room else 100)      # the texts are shared …
    assert shared.count("<si>") == table_room if table_room else shared.count("<si>") > 60
    assert ('t="inlineStr"' in roadmap_xml) == (table_room is not None)    # … inline only once the table is full
    # and the texts arrive as the reader took them from the school (calamine reads what Excel would show)
    from xl_roadmap.core.values import clean_text

    road = sheet_values(tmp_path / "rendered.xlsx")["Дорожная карта"]
    texts = {v for row in road for v in row if isinstance(v, str)}
    for text in TRICKY_TEXTS[:-1] + ["метка\ue000R1\ue001 внутри текста"]:
        assert clean_text(text) in texts, text
    assert "я" * 32767 in texts                  # Excel's limit for a cell, whole on both paths (longer: refused)


def test_libreoffice_recalculates_the_rollup_as_written(district, lo_convert):
    """A roll-up is longer than a school's template: its formulas must cover all its rows. LibreOffice
    recalculates every formula on load; evidence counts and «Самопроверка» must equal what we stored."""
    before = sheet_values(district["out"])
    after = sheet_values(lo_convert(district["out"], "xlsx"))
    road = SPEC.sheet("roadmap")
    col = road.column_index("evidence_count")
    first = SPEC.first_data_row - 1
    assert len(before[road.name]) - first > road.data_rows        # longer than a school's template
    stored = [r[col] for r in before[road.name][first:]]
    recalculated = [r[col] for r in after[road.name][first:len(before[road.name])]]
    assert sum(1 for v in stored if v) > 100
    assert recalculated == stored
    checks = SPEC.sheet("selfcheck").name
    assert [r[:2] for r in after[checks]] == [r[:2] for r in before[checks]]
