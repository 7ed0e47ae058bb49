"""``xl-roadmap upgrade``: a book of an older template version (the shipped 1.0 and 1.1 templates, filled the way
a person fills them) → the current template. Every value is found in the new book at its place, cell by cell,
and nothing else differs from a fresh template; what moved, what the template adds and what it cannot hold is
listed; the new book reads, validates and recalculates (LibreOffice) as the old one did."""

from __future__ import annotations

import json
import random
import re
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from tests.support.books import INPUT_SHEETS, assert_recalculated_as_python, cells, old_template
from tests.support.cli import invoke, sha
from tests.support.filling import fill, org_address, set_typed
from tests.support.seed_rows import ACTIONS, EVIDENCE, ORGANISATION
from xl_roadmap.app.templates import build_template
from xl_roadmap.app.upgrade import upgrade_file
from xl_roadmap.app.validate import validate_path
from xl_roadmap.core.addresses import address
from xl_roadmap.io.workbook_file import read_workbook
from xl_roadmap.spec import default_spec

SPEC = default_spec()
OLD = [("school", "1.0"), ("school", "1.1"), ("district", "1.1"), ("school", "1.2"), ("district", "1.2")]
AS_OF = date(2025, 3, 1)


def _indicators(template: Path) -> list[dict]:
    """Figures for the template's prefilled rows, with what people type: a number as text, a formula-looking
    text, a rank, a source; and a row of the book's own."""
    prefilled = read_workbook(template, SPEC).indicators
    rng = random.Random(16)
    rows = []
    for _ in prefilled:
        den = float(rng.randint(100, 900))
        rows.append({"period": "2024-2025", "numerator": float(rng.randint(0, int(den))), "denominator": den})
    rows[0].update({"rank": "23", "source": "ОО-1", "comment": "=1+1"})
    rows[1]["numerator"] = "13,5"
    rows.append({"code": "П99", "name": "Свой показатель", "period": "2024", "numerator": 5.0, "denominator": 10.0})
    return rows


def filled_old(kind: str, version: str, folder: Path) -> Path:
    template = old_template(kind, version)
    out = folder / f"{kind}-{version}.xlsx"
    organisation = dict(ORGANISATION, as_of=AS_OF)
    if kind == "district":
        organisation.update(org_kind="УО", inputs_folder=str(folder / "книги"))
    actions = [dict(a) for a in ACTIONS]
    if version != "1.0":
        actions[0]["section"] = "1. Качество образования"
    fill(template, out, SPEC, organisation=organisation, indicators=_indicators(template), actions=actions,
         evidence=EVIDENCE)
    return out


def _expected(old: Path, kind: str, folder: Path) -> dict[str, dict[str, object]]:
    """A fresh current template with every input cell of the old book written over it: what the upgraded book
    must hold, cell by cell (template texts and formulas from the template, values from the old book)."""
    fresh = build_template(folder / "fresh.xlsx", kind, spec=SPEC)
    out = {}
    for sheet_id in INPUT_SHEETS:
        sheet = SPEC.sheet(sheet_id)
        tpl, was = cells(fresh, sheet.name), cells(old, sheet.name)
        if sheet.kind == "form":
            inputs = {org_address(SPEC, f.id) for f in sheet.fields if not f.locked}
        else:
            inputs = {address(r, c) for r in range(SPEC.first_data_row, SPEC.first_data_row + 2 * sheet.data_rows)
                      for c, col in enumerate(sheet.columns) if col.formula is None}
        want = {a: v for a, v in tpl.items() if a not in inputs}
        want.update({a: v for a, v in was.items() if a in inputs})
        out[sheet.name] = want
    return out


@pytest.mark.parametrize("kind,version", OLD)
def test_every_value_is_carried_to_its_place_and_nothing_else_changes(kind, version, tmp_path):
    old = filled_old(kind, version, tmp_path)
    before = sha(old)
    new = tmp_path / "new.xlsx"
    o = upgrade_file(old, new)
    assert o.exit_code == 0, o.lines()
    assert (o.from_version, o.to_version) == (version, SPEC.template_version)
    assert o.moved == [] and o.left == [] and sha(old) == before
    assert o.carried > 100
    want = _expected(old, kind, tmp_path)
    for name, expected in want.items():
        got = cells(new, name)
        assert got == expected, (name, {a: (got.get(a), expected.get(a)) for a in set(got) | set(expected)
                                        if got.get(a) != expected.get(a)})
    added = {(a.sheet, a.label) for a in o.added}
    assert (("Сведения", "Свод: организаций ожидалось") in added) == (version < "1.2")
    assert (("Дорожная карта", "Раздел плана") in added) == (version == "1.0")
    assert ("Дорожная карта", "Из плана УО (служебный)") in added


@pytest.mark.parametrize("kind,version", OLD)
def test_the_upgraded_book_validates_as_the_old_one(kind, version, tmp_path):
    old = filled_old(kind, version, tmp_path)
    new = tmp_path / "new.xlsx"
    assert upgrade_file(old, new).exit_code == 0

    def findings(path):
        return sorted((f.code, f.sheet, f.cell, str(f.value)) for f in validate_path(path, AS_OF, SPEC).findings)

    assert findings(new) == findings(old)
    assert any(code == "not-a-number" or code == "number-as-text" for code, *_ in findings(new))


def test_the_upgraded_book_recalculates_in_libreoffice_as_python(tmp_path, lo_convert):
    new = tmp_path / "new.xlsx"
    assert upgrade_file(filled_old("school", "1.0", tmp_path), new).exit_code == 0
    compared = assert_recalculated_as_python(new, lo_convert(new, "xlsx"), SPEC, SPEC.edition())
    assert compared > 50


def test_own_columns_own_sheets_and_gaps_are_listed(tmp_path):
    old = filled_old("school", "1.0", tmp_path)
    wb = openpyxl.load_workbook(old)
    road = wb[SPEC.sheet("roadmap").name]
    road.insert_rows(SPEC.first_data_row + 1)            # a blank row after the first action
    mine = len(SPEC.sheet("roadmap").columns) + 3        # a person's own column, right of the template's
    set_typed(road.cell(SPEC.header_row, mine), "Мой столбец")
    set_typed(road.cell(SPEC.first_data_row, mine), "заметка к № 1")
    notes = wb.create_sheet("Заметки")
    for row in (["Мои заметки"], ["Дата", "Текст"], [date(2025, 1, 10), "позвонить в УО"]):
        notes.append(row)
    wb.save(old)
    new = tmp_path / "new.xlsx"
    o = upgrade_file(old, new)
    assert o.exit_code == 1
    assert [(x.sheet, x.cell, x.value) for x in o.left] == [("Дорожная карта", address(SPEC.first_data_row, mine - 1),
                                                            "заметка к № 1")]
    assert "«Мой столбец»" in o.left[0].why
    second = SPEC.first_data_row + 2                      # the second action stood one row lower
    moved = {(p.cell, p.new_cell) for p in o.moved if p.sheet == "Дорожная карта"}
    assert (f"A{second}", f"A{second - 1}") in moved and all(p.new_sheet == p.sheet for p in o.moved)
    assert cells(new, "Заметки") == cells(old, "Заметки") and o.sheets == ["Заметки"]
    new_road = read_workbook(new, SPEC).actions
    assert [a.text("no") for a in new_road] == [a["no"] for a in ACTIONS]
    text = "\n".join(o.lines())
    assert "Не перенесено: 1" in text and f"Дорожная карта!A{second} → Дорожная карта!A{second - 1}" in text


def test_a_book_of_an_old_major_version_is_told_to_upgrade_and_upgrades(tmp_path):
    old = filled_old("school", "1.1", tmp_path)
    wb = openpyxl.load_workbook(old)
    set_typed(wb["Сведения"][org_address(SPEC, "template_version")], "0.9")
    wb.save(old)
    found = [f for f in validate_path(old, AS_OF, SPEC).findings if f.code == "template-version-old"]
    assert found and "xl-roadmap upgrade" in found[0].message
    new = tmp_path / "new.xlsx"
    assert upgrade_file(old, new).exit_code == 0
    assert not [f for f in validate_path(new, AS_OF, SPEC).findings if f.code.startswith("template-version")]


def test_cli_lists_what_moved_and_refuses_in_russian(tmp_path):
    old = filled_old("school", "1.0", tmp_path)
    before = sha(old)
    new = tmp_path / "new.xlsx"
    r = invoke("upgrade", str(old), "-o", str(new))
    assert r.exit_code == 0 and "Книга обновлена" in r.stdout and "1.0 → " + SPEC.template_version in r.stdout
    assert "«Раздел плана»" in r.stdout
    r = invoke("upgrade", str(old), "-o", str(new))
    assert r.exit_code == 2 and "уже есть" in r.stderr and "--overwrite" in r.stderr
    r = invoke("upgrade", str(old), "-o", str(new), "--overwrite", "--json")
    got = json.loads(r.stdout)
    assert r.exit_code == 0 and got["from_version"] == "1.0" and got["not_carried"] == [] and got["added"]
    r = invoke("upgrade", str(new), "-o", str(tmp_path / "again.xlsx"))
    assert r.exit_code == 0 and "обновлять нечего" in r.stdout and not (tmp_path / "again.xlsx").exists()
    r = invoke("upgrade", str(old), "-o", str(old))
    assert r.exit_code == 2 and "на место исходной" in r.stderr
    r = invoke("upgrade", str(tmp_path / "нет.xlsx"), "-o", str(tmp_path / "x.xlsx"))
    assert r.exit_code == 2 and "файл не найден" in r.stderr
    foreign = tmp_path / "чужая.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Список класса"
    wb.save(foreign)
    r = invoke("upgrade", str(foreign), "-o", str(tmp_path / "y.xlsx"))
    assert r.exit_code == 2 and "не книга по шаблону xl-roadmap" in r.stderr and not (tmp_path / "y.xlsx").exists()
    newer = tmp_path / "newer.xlsx"
    wb = openpyxl.load_workbook(old)
    set_typed(wb["Сведения"][org_address(SPEC, "template_version")], "9.0")
    wb.save(newer)
    r = invoke("upgrade", str(newer), "-o", str(tmp_path / "z.xlsx"))
    assert r.exit_code == 2 and "обновите xl-roadmap" in r.stderr
    r = invoke("upgrade", str(old), "-o", str(tmp_path / "w.ods"))
    assert r.exit_code == 2 and ".xlsx" in r.stderr and not (tmp_path / "w.ods").exists()
    assert "Traceback" not in r.output and sha(old) == before


def test_an_xlsm_gets_the_buttons_and_a_module_for_every_sheet(tmp_path):
    from oletools.olevba import VBA_Parser

    old = filled_old("district", "1.1", tmp_path)
    wb = openpyxl.load_workbook(old)
    wb.create_sheet("Заметки").append(["Мои заметки"])
    wb.save(old)
    new = tmp_path / "new.xlsm"
    o = upgrade_file(old, new)
    assert o.exit_code == 0 and o.sheets == ["Заметки"]
    parser = VBA_Parser(str(new))
    try:
        modules = {Path(name).stem for (_, _, name, _) in parser.extract_macros()}
    finally:
        parser.close()
    with zipfile.ZipFile(new) as z:
        names = [n for n in z.namelist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)]
        codenames = {re.search(rb'codeName="([^"]+)"', z.read(n)).group(1).decode() for n in names}
        vml = b"".join(z.read(n) for n in z.namelist() if n.endswith(".vml")).decode("utf-8")
    assert len(codenames) == len(SPEC.sheets) + 1 and codenames <= modules and "XlRoadmap" in modules
    assert "XlRoadmapConsolidate" in vml                     # a district's book keeps «Свести»
    assert read_workbook(new, SPEC).org_text("template_version") == SPEC.template_version


def test_an_own_columns_value_in_a_row_without_an_action_is_listed(tmp_path):
    old = filled_old("school", "1.1", tmp_path)
    wb = openpyxl.load_workbook(old)
    road = wb[SPEC.sheet("roadmap").name]
    mine = len(SPEC.sheet("roadmap").columns) + 2
    set_typed(road.cell(SPEC.header_row, mine), "Мои заметки")
    below = SPEC.first_data_row + len(ACTIONS) + 4           # a row with nothing in the template's columns
    set_typed(road.cell(below, mine), "позвонить в УО")
    wb.save(old)
    r = invoke("upgrade", str(old), "-o", str(tmp_path / "new.xlsx"), "--json")
    got = json.loads(r.stdout)
    assert r.exit_code == 1 and got["output"]
    assert got["not_carried"] == [{"where": f"Дорожная карта!{address(below, mine - 1)}", "value": "позвонить в УО",
                                   "why": "столбец «Мои заметки» — его нет в шаблоне (в строке нет данных шаблона)"}]


def test_a_rollup_is_not_upgraded_but_made_again(tmp_path):
    """A district roll-up of an older template is refused with the way to a new one (consolidating again), not
    carried sheet by sheet as values; the file stays as it was."""
    from tests.support.district import clean_plan, write_plan
    from xl_roadmap.app.consolidate_file import consolidate_to_file

    books = [write_plan(clean_plan(i), tmp_path / f"школа{i}.xlsx") for i in range(2)]
    rollup = tmp_path / "свод.xlsx"
    consolidate_to_file(books, rollup, {"org_code": "УО-1", "org_name": "Управление образования"}, as_of=AS_OF)
    wb = openpyxl.load_workbook(rollup)
    set_typed(wb["Сведения"][org_address(SPEC, "template_version")], "1.0")
    wb.save(rollup)
    before = sha(rollup)
    r = invoke("upgrade", str(rollup), "-o", str(tmp_path / "new.xlsx"))
    assert r.exit_code == 2 and "это свод (УО: в книге лист «Реестр»)" in r.stderr
    assert "сведите книги заново (xl-roadmap consolidate)" in r.stderr
    assert not (tmp_path / "new.xlsx").exists() and sha(rollup) == before
