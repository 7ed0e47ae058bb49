"""A roll-up among the books it sums: never counted twice, never overwritten by mistake.

The common accident: the district saves its roll-up into the schools' folder and presses «Свести» again.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest

from tests.support.district import AS_OF, SPEC, clean_plan, write_plan
from tests.support.cli import run_cli, sha
from tests.support.rollup_sheets import register_rows as _register_rows, row_of as _row_of


def _inbox(root: Path, prefix: str, n: int, seed: int) -> Path:
    inbox = root / prefix
    inbox.mkdir()
    for i in range(n):
        plan = clean_plan(i, seed=seed)
        code = f"{prefix}-{plan.org['code']}"
        plan.content.organisation["org_code"] = code
        write_plan(plan, inbox / f"{code}.xlsx")
    return inbox


def _consolidate(inputs: Path, out: Path, code: str) -> tuple[int, dict | None, str]:
    # several districts' roll-ups are made in one folder here: one archive each would be beside the point
    r = run_cli("consolidate", str(inputs), "-o", str(out), "--as-of", AS_OF.isoformat(), "--json", "--no-archive",
                "--org-name", f"УО {code}", "--org-code", code, "--signatory", "Иванова А.А., начальник",
                "--contact", "8 (800) 000-00-00")
    assert "Внимание" not in r.stderr
    return r.returncode, (json.loads(r.stdout) if r.stdout.strip() else None), r.stderr


@pytest.fixture(scope="module")
def schools(tmp_path_factory):
    root = tmp_path_factory.mktemp("levels")
    inbox = _inbox(root, "A", 3, seed=21)
    rc, clean, err = _consolidate(inbox, root / "first.xlsx", "A")
    assert rc == 0 and clean, err
    return root, inbox, clean


def test_rollup_saved_among_schools_is_rejected_and_not_counted_twice(schools, tmp_path):
    root, inbox, clean = schools
    mixed = tmp_path / "mixed"
    shutil.copytree(inbox, mixed)
    shutil.copy(root / "first.xlsx", mixed / "свод_прошлый.xlsx")
    rc, d, err = _consolidate(mixed, tmp_path / "again.xlsx", "A")
    assert rc == 1, err
    assert d["accepted"] == 3 and d["rejected"] == 1
    assert d["indicators"] == clean["indicators"]          # the schools' figures, each once
    assert d["deadlines"] == clean["deadlines"]
    row = _row_of(_register_rows(tmp_path / "again.xlsx"), "свод_прошлый.xlsx")
    assert "отклонён" in row and "сосчитались бы дважды" in row and "уберите этот свод из папки" in row


def test_school_book_among_district_rollups_is_rejected(schools, tmp_path):
    root, inbox, _ = schools
    second = _inbox(tmp_path, "B", 2, seed=22)
    region_in = tmp_path / "region_in"
    region_in.mkdir()
    shutil.copy(root / "first.xlsx", region_in / "A.xlsx")
    assert _consolidate(second, region_in / "B.xlsx", "B")[0] == 0
    stray = next(second.glob("*.xlsx"))
    shutil.copy(stray, region_in / stray.name)
    rc, d, err = _consolidate(region_in, tmp_path / "region.xlsx", "REG")
    assert rc == 1, err
    assert d["accepted"] == 2 and d["rejected"] == 1
    stray_row = _row_of(_register_rows(tmp_path / "region.xlsx"), stray.name)
    assert "отклонён" in stray_row and "книга ОО среди сводов уровня «УО»" in stray_row
    wb = openpyxl.load_workbook(tmp_path / "region.xlsx", read_only=True)
    kinds = [r[1] for r in wb[SPEC.sheet("organisation").name].iter_rows(values_only=True) if len(r) > 1]
    assert "регион" in kinds


def test_output_naming_an_input_is_refused_and_nothing_changes(schools):
    _, inbox, _ = schools
    before = {p: sha(p) for p in inbox.iterdir()}
    victim = sorted(inbox.glob("*.xlsx"))[1]
    for args in ([str(inbox)], [str(p) for p in sorted(inbox.glob("*.xlsx"))]):
        r = run_cli("consolidate", *args, "-o", str(victim), "--as-of", AS_OF.isoformat())
        assert r.returncode == 2
        assert f"файл свода «{victim}» — одна из входных книг" in r.stderr
        assert "Traceback" not in r.stderr
        assert {p: sha(p) for p in inbox.iterdir()} == before


def _by_name(result: dict) -> dict:
    """The result without the archive's counts (the second run finds the books in the archive already)."""
    result = {k: v for k, v in result.items() if k != "archive"}
    return {**result, "submissions": [{**s, "path": Path(s["path"]).name} for s in result["submissions"]]}


def test_previous_rollup_in_the_folder_it_sums_is_replaced(schools, tmp_path):
    _, inbox, clean = schools
    folder = tmp_path / "inbox"
    shutil.copytree(inbox, folder)
    out = folder / "свод.xlsx"
    first = _consolidate(folder, out, "A")
    second = _consolidate(folder, out, "A")
    assert first[0] == 0 and second[0] == 0, second[2]
    # the previous roll-up is neither summed nor rejected (the copies lie in another folder: names compared)
    assert _by_name(first[1]) == _by_name(second[1]) == _by_name(clean)
    assert not [r for r in _register_rows(out) if "свод.xlsx" in r]
    assert {p.name for p in folder.iterdir()} == {p.name for p in inbox.iterdir()} | {"свод.xlsx"}


def test_unsigned_rollup_is_announced_before_the_level_above_rejects_it(schools, tmp_path):
    _, inbox, _ = schools
    out = tmp_path / "unsigned.xlsx"
    r = run_cli("consolidate", str(inbox), "-o", str(out), "--as-of", AS_OF.isoformat(), "--org-code", "A")
    assert r.returncode == 0, r.stderr
    warning = next(line for line in r.stderr.splitlines() if line.startswith("Внимание"))
    assert "(--org-name)" in warning and "(--signatory)" in warning and "(--contact)" in warning
    assert "(--org-code)" not in warning
    check = run_cli("validate", str(out), "--as-of", AS_OF.isoformat(), "--json")
    codes = {(f["code"], f["cell"]) for f in json.loads(check.stdout)["files"][0]["findings"]
             if f["severity"] == "ошибка"}
    assert {c for c, _ in codes} == {"org-required-empty"} and len(codes) == 3


def test_district_entered_indicators_are_typed_by_districts_and_summed_by_the_region(tmp_path):
    """П5 (a share) is no school figure: each district types it into its roll-up; the region sums the districts'
    numerators and denominators. П17 (a score) is each level's own assessment: the region enters its own."""
    entered = {"D1": {"П5": (900, 1000), "П17": (7, None)}, "D2": {"П5": (450, 500), "П17": (9, None)}}
    region_in = tmp_path / "region_in"
    region_in.mkdir()
    ind = SPEC.sheet("indicators")
    col = {c: ind.column_index(c) + 1 for c in ("code", "period", "numerator", "denominator", "source")}
    for code, figures in entered.items():
        inbox = _inbox(tmp_path, code, 2, seed=int(code[1:]))
        rollup = tmp_path / f"{code}.xlsx"
        assert _consolidate(inbox, rollup, code)[0] == 0
        wb = openpyxl.load_workbook(rollup)          # the district specialist types in Excel
        ws = wb[ind.name]
        rows = {ws.cell(r, col["code"]).value: r for r in range(SPEC.first_data_row, ws.max_row + 1)
                if ws.cell(r, col["period"]).value == "2024-2025"}
        for indicator in ("П5", "П17", "П24"):
            assert ws.cell(rows[indicator], col["source"]).value == "вносит УО"
            assert ws.cell(rows[indicator], col["numerator"]).value is None
        for indicator, (num, den) in figures.items():
            ws.cell(rows[indicator], col["numerator"]).value = num
            ws.cell(rows[indicator], col["denominator"]).value = den
        wb.save(region_in / rollup.name)
    rc, d, err = _consolidate(region_in, tmp_path / "region.xlsx", "REG")
    assert rc == 0, err
    assert d["accepted"] == 2
    p5 = next(x for x in d["indicators"] if x["code"] == "П5" and x["period"] == "2024-2025")
    assert (p5["numerator"], p5["denominator"]) == (1350, 1500)
    assert p5["value"] == pytest.approx(90.0, rel=1e-12)
    p17 = next(x for x in d["indicators"] if x["code"] == "П17" and x["period"] == "2024-2025")
    assert p17["value"] is None
    ws = openpyxl.load_workbook(tmp_path / "region.xlsx", read_only=True)[ind.name]
    sources = {r[col["code"] - 1]: r[col["source"] - 1] for r in ws.iter_rows(min_row=SPEC.first_data_row,
                                                                               values_only=True)
               if r[col["period"] - 1] == "2024-2025"}
    assert sources["П5"] == "свод по 2 УО" and sources["П17"] == "вносит регион"
