"""The README's main job: `xl-roadmap demo` writes a district, validates it and consolidates it."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import openpyxl

from xl_roadmap.app.demo.generate import load_content, shift_years


def test_seed_years_follow_the_demo_period():
    assert shift_years("Сентябрь 2024г., 2024-2025 уч.г.", 2) == "Сентябрь 2026г., 2026-2027 уч.г."
    assert shift_years("до 01.09.2024", 0) == "до 01.09.2024"


def test_content_is_large_and_from_the_seeds():
    c = load_content()
    assert len(c["organisations"]) >= 40 and len(c["persons"]) >= 60 and len(c["actions"]) >= 80
    assert sum(len(a.get("evidence", [])) for a in c["actions"]) >= 40
    assert len(c["mistakes"]) >= 10


def test_demo_command(tmp_path):
    out = tmp_path / "demo"
    r = subprocess.run([sys.executable, "-m", "xl_roadmap.cli", "demo", "--schools", "5", "--out", str(out),
                        "--as-of", "2025-03-15"], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    schools = sorted((out / "schools").glob("*.xlsx"))
    assert len(schools) == 5
    assert len(list((out / "reports").glob("*.xlsx"))) == 5
    report = json.loads((out / "validation.json").read_text(encoding="utf-8"))
    assert report["stats"]["files"] == 5
    rollup = openpyxl.load_workbook(out / "свод_района.xlsx", read_only=True)
    assert "Реестр" in rollup.sheetnames
    assert "Свод района" in r.stdout


def test_a_rerun_replaces_its_own_books_but_never_one_changed_since(tmp_path):
    import pytest

    from xl_roadmap.app.demo.run import run_demo
    from xl_roadmap.app.errors import OutputError

    out = tmp_path / "демо папка"
    first = run_demo(out, schools=2, seed=1, as_of=date(2026, 3, 1), echo=lambda _: None)
    # the command to repeat the roll-up quotes as Windows cmd does (double quotes), which POSIX shells read too
    repeat = next(line for line in first.splitlines() if line.startswith("Повторить свод"))
    assert f'"{out / "schools"}"' in repeat and "'" not in repeat
    run_demo(out, schools=2, seed=1, as_of=date(2026, 3, 1), echo=lambda _: None)     # untouched: replaced
    book = out / "schools" / "ZR-001.xlsx"
    wb = openpyxl.load_workbook(book)
    wb.active["A1"] = "правка школы"
    wb.save(book)
    edited = book.read_bytes()
    with pytest.raises(OutputError, match="ZR-001.xlsx» изменена после демонстрации"):
        run_demo(out, schools=2, seed=1, as_of=date(2026, 3, 1), echo=lambda _: None)
    assert book.read_bytes() == edited


def test_demo_into_a_place_that_cannot_be_a_folder_says_why_in_russian(tmp_path):
    blocker = tmp_path / "файл"
    blocker.write_text("не папка", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "xl_roadmap.cli", "demo", "--schools", "1", "--out",
                        str(blocker / "d")], capture_output=True, text=True, timeout=600)
    assert r.returncode == 2
    assert f"Папка «{blocker / 'd'}» не создана: часть пути — не папка (ENOTDIR)" in r.stderr
    assert "Traceback" not in r.stderr
