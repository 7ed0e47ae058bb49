"""The README's main job: `xl-roadmap demo` writes a district, validates it and consolidates it."""

from __future__ import annotations

import json
import subprocess
import sys

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
