"""The school template: committed copies match the spec; LibreOffice opens it, keeps its structure and
recalculates every native formula to exactly what the Python core computes."""

from __future__ import annotations

import random
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import ROOT
from tests.support.filling import fill, table_address
from tests.support.seed_rows import ACTIONS, EVIDENCE, ORGANISATION
from xl_roadmap.core import formulas
from xl_roadmap.app.templates import template_files
from xl_roadmap.spec import default_spec
from xl_roadmap.app.templates import build_template
from xl_roadmap.core.content import catalogue_rows

SPEC = default_spec()


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


@pytest.mark.parametrize("name", sorted(n for n in template_files()))
def test_committed_template_matches_spec(name, tmp_path):
    kind, macros = template_files()[name]
    committed = ROOT / "workbook_templates" / name
    assert committed.exists(), f"{committed} не найден: выполните xl-roadmap build-templates"
    if macros:
        from xl_roadmap.app.templates import build_one
        fresh = build_one(tmp_path, name)
    else:
        fresh = build_template(tmp_path / name, kind, spec=SPEC)
    a, b = _parts(committed), _parts(fresh)
    assert sorted(a) == sorted(b)
    differing = [n for n in a if a[n] != b[n]]
    assert not differing, f"{name} отличается от сгенерированного в частях {differing}: xl-roadmap build-templates"


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return build_template(tmp_path_factory.mktemp("tpl") / "school.xlsx", "school", spec=SPEC)


def test_template_sheets_and_names(template):
    wb = openpyxl.load_workbook(template)
    assert wb.sheetnames == [s.name for s in SPEC.sheets]
    assert wb[SPEC.sheet("lists").name].sheet_state == "hidden"
    for sheet_id in ("indicators", "roadmap", "evidence"):
        ws = wb[SPEC.sheet(sheet_id).name]
        assert ws.protection.sheet, sheet_id
        assert ws.freeze_panes is not None
        assert ws.data_validations.dataValidation, sheet_id
        assert ws.conditional_formatting, sheet_id
        assert ws.print_title_rows, sheet_id
        assert ws.page_setup.orientation == "landscape" and str(ws.page_setup.paperSize) == "9"
    names = set(wb.defined_names)
    assert {"cat_table", "cat_codes", "list_action_statuses", "list_document_kinds"} <= names
    with zipfile.ZipFile(template) as z:
        assert b'lockStructure="1"' in z.read("xl/workbook.xml")


def _validations(ws) -> dict[str, str]:
    """Dropdown validations: first cell of the range → list source."""
    return {str(dv.sqref).split(":")[0]: dv.formula1.lstrip("=") for dv in ws.data_validations.dataValidation
            if dv.type == "list"}


def _validation_types(ws) -> list[str]:
    return sorted(dv.type for dv in ws.data_validations.dataValidation)


def test_template_survives_libreoffice_round_trip(template, lo_convert):
    before = openpyxl.load_workbook(template)
    after_path = lo_convert(template, "xlsx")
    after = openpyxl.load_workbook(after_path)
    assert after.sheetnames == before.sheetnames
    for sheet_id in ("indicators", "roadmap", "evidence"):
        name = SPEC.sheet(sheet_id).name
        b, a = before[name], after[name]
        assert a.protection.sheet, f"{name}: защита листа потеряна"
        assert len(a.data_validations.dataValidation) >= len(b.data_validations.dataValidation) > 0
        assert _validations(b) and _validations(a) == _validations(b), name
        assert _validation_types(a) == _validation_types(b), name
        assert len(a.conditional_formatting) >= 1
        # input cells stay unlocked, formula cells locked
        first = SPEC.first_data_row
        for c, col in enumerate(SPEC.sheet(sheet_id).columns):
            cell = a.cell(first, c + 1)
            assert cell.protection.locked == (col.formula is not None), (name, col.id)
    assert set(before.defined_names) <= set(after.defined_names) | {"_xlnm._FilterDatabase"}
    # LibreOffice keeps the workbook protection element but writes it without lockStructure (it has no
    # password-less structure lock); Excel users get the lock from our own file, checked in the test above.
    with zipfile.ZipFile(after_path) as z:
        assert b"<workbookProtection" in z.read("xl/workbook.xml")
    ods = lo_convert(template, "ods")
    with zipfile.ZipFile(ods) as z:
        content = z.read("content.xml").decode("utf-8")
    assert len(re.findall(r"<table:table ", content)) == len(SPEC.sheets)
    assert content.count("<table:content-validation ") >= 5


def _indicator_inputs(rows: list[dict]) -> list[dict]:
    """Seed-like figures for every pre-filled indicator row, with the awkward cases people produce."""
    rng = random.Random(170)
    out = []
    for i, r in enumerate(rows):
        entry = SPEC.edition().get(r["code"])
        den = float(rng.randint(150, 900))
        if entry.kind in ("count", "score", "yesno"):
            row = {"period": "2024-2025", "numerator": float(rng.randint(0, 12)) if entry.kind != "yesno" else 1.0}
        else:
            row = {"period": "2024-2025", "numerator": float(rng.randint(1, int(den))), "denominator": den}
        out.append(row)
    if len(out) >= 4:
        out[1]["denominator"] = 0.0                       # zero denominator → no value
        out[2].pop("numerator")                           # no data
        out[3]["numerator"] = 1013.0                      # numerator above denominator
    out.append({"code": "П99", "name": "Неизвестный показатель", "period": "2024", "numerator": 5.0,
                "denominator": 10.0})
    out.append({"numerator": 3.0, "denominator": 4.0})   # numbers without a code
    return out


def test_libreoffice_recalculation_equals_python(template, lo_convert, tmp_path):
    prefilled = catalogue_rows(SPEC.edition(), ("school",))
    inputs = _indicator_inputs(prefilled)
    filled = tmp_path / "filled.xlsx"
    fill(template, filled, SPEC, organisation=ORGANISATION, indicators=inputs, actions=ACTIONS, evidence=EVIDENCE)
    recalculated = lo_convert(filled, "xlsx")
    wb = openpyxl.load_workbook(recalculated, data_only=True)
    ws = wb[SPEC.sheet("indicators").name]
    edition = SPEC.edition()
    full_rows = []
    n_rows = SPEC.sheet("indicators").data_rows
    for i in range(n_rows):
        base = dict(prefilled[i]) if i < len(prefilled) else {}
        base.update(inputs[i] if i < len(inputs) else {})
        full_rows.append(base)
    checked = 0
    for i, row in enumerate(full_rows):
        expected = formulas.indicator_derived(row, edition)
        for col_id in ("value", "status", "deviation", "kind", "multiplier", "direction"):
            got = ws[table_address(SPEC, "indicators", i, col_id)].value
            want = expected[col_id]
            if want is None or want == "":
                assert got in (None, ""), (i, col_id, got)
            elif isinstance(want, float) or isinstance(got, float):
                assert got == pytest.approx(want, abs=1e-9, rel=0), (i, col_id)
                checked += 1
            else:
                assert got == want, (i, col_id)
                checked += 1
    assert checked > 5 * len(prefilled)
    road = wb[SPEC.sheet("roadmap").name]
    counts = formulas.evidence_counts(ACTIONS, EVIDENCE)
    for i, n in enumerate(counts):
        assert road[table_address(SPEC, "roadmap", i, "evidence_count")].value == n
    assert counts[:2] == [1, 2]
    selfcheck = wb[SPEC.sheet("selfcheck").name]
    as_filled = {**ORGANISATION, "edition": SPEC.default_edition, "template_version": SPEC.template_version}
    want = formulas.selfcheck_counts(SPEC, as_filled, full_rows, ACTIONS, EVIDENCE, edition)
    got = {check.id: selfcheck.cell(3 + k, 2).value for k, check in enumerate(SPEC.sheet("selfcheck").checks)}
    assert got == want
    assert want["indicator_no_code"] == 1 and want["evidence_orphan"] == 1 and want["action_no_responsible"] == 1
