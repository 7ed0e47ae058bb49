"""A realistic school workbook from the seed content, written by the product's own template writer."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from xl_roadmap.app.demo.generate import load_content, organisations, school_plan
from xl_roadmap.io.xlsx.writer import WorkbookWriter
from xl_roadmap.spec import default_spec
from xl_roadmap.spec.vocabulary import RollupSheet

SPEC = default_spec()
AS_OF = date(2025, 3, 15)
PERIOD = "2024-2025"
# the roll-up's own sheets, by the names the spec gives them
REGISTER, COVERAGE, MATRIX, CHARTS, DEADLINES, EVIDENCE, PLAN, PROVENANCE = (SPEC.rollup_sheet(i).name for i in (
    RollupSheet.REGISTER, RollupSheet.COVERAGE, RollupSheet.MATRIX, RollupSheet.CHARTS, RollupSheet.DEADLINES,
    RollupSheet.EVIDENCE, RollupSheet.PLAN, RollupSheet.PROVENANCE))


def clean_plan(index: int = 0, seed: int = 11, n_actions: int = 30):
    org = organisations(index + 1)[index]
    return school_plan(SPEC, SPEC.edition(), org, seed=seed, period_text=PERIOD, as_of=AS_OF,
                       district=load_content()["district"], clean=True, n_actions=n_actions)


def write_plan(plan, path: Path) -> Path:
    return WorkbookWriter(SPEC, SPEC.edition(), plan.content).save(path)
