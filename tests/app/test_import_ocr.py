"""The three seed plans after a round trip through OCR (tests/support/ocr_damage.py: words broken by hyphens
and spaces, Latin look-alikes, spaces in numbers, rows split in two — seeded, so every run damages the
same way) import as the clean documents do: at least 95 % of the actions keep their number, deadline and
responsible; what was repaired is listed on «Импорт», and the clean documents need no repair at all."""

from __future__ import annotations

import pytest

from tests.support import word_fixtures as wf
from tests.support.district import SPEC
from tests.support.ocr_damage import Damage, agreement, ocr_copy
from xl_roadmap.app.import_document import import_document
from xl_roadmap.core.word_import import interpret
from xl_roadmap.io.word_document import read_docx

SEEDS = ("kalininsky", "strezhevoy", "botlikh")
DAMAGES = (1, 2, 3)      # three different damages of each plan, none chosen for its result


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ocr")
    return {name: (getattr(wf, name)(folder), folder) for name in SEEDS}


@pytest.mark.parametrize("name", SEEDS)
def test_a_clean_copy_imports_as_the_original_and_nothing_is_repaired(clean, name):
    seed, folder = clean[name]
    original = interpret(read_docx(seed.path), SPEC)
    copy = ocr_copy(seed.path, folder / f"{name}-undamaged.docx", Damage(0, 0, 0, 0, 0, 0))
    again = interpret(read_docx(copy), SPEC)
    assert agreement(original.actions, again.actions) == 1.0
    assert [a["action"] for a in again.actions] == [a["action"] for a in original.actions]
    assert not [r for r in original.repairs + again.repairs if r.kind == "ocr-repaired"]


@pytest.mark.parametrize("seed_no", DAMAGES)
@pytest.mark.parametrize("name", SEEDS)
def test_an_ocr_damaged_plan_keeps_95_percent_of_its_actions(clean, name, seed_no):
    seed, folder = clean[name]
    original = interpret(read_docx(seed.path), SPEC)
    damaged_path = ocr_copy(seed.path, folder / f"{name}-ocr{seed_no}.docx", Damage(seed=seed_no))
    damaged = read_docx(damaged_path)
    # the damage is there: Latin letters in Russian words, broken words and numbers
    text = "\n".join(c.text for t in damaged.tables for r in t.rows for c in r)
    assert any(ch in text for ch in "aeopc") and "- " in text and " ." in text
    plan = interpret(damaged, SPEC)
    share = agreement(original.actions, plan.actions)
    assert share >= 0.95, f"{name}, повреждение {seed_no}: {share:.3f}"
    repaired = [r for r in plan.repairs if r.kind == "ocr-repaired"]
    assert repaired and all("→" in r.what for r in repaired)


def test_repairs_are_listed_on_the_import_sheet_linked_to_their_cells(clean, tmp_path):
    seed, folder = clean["botlikh"]
    damaged = ocr_copy(seed.path, folder / "botlikh-sheet.docx", Damage(seed=1))
    outcome = import_document(damaged, tmp_path / "botlikh.xlsx")
    assert outcome.output is not None, outcome.reason
    repaired = [r for r in outcome.plan.repairs if r.kind == "ocr-repaired"]
    linked = [r for r in repaired if r.target is not None]
    # only a header's and a section row's repairs have no cell of their own to link to
    assert all(r.where.endswith("шапка") or r.where not in outcome.plan.action_places
               for r in repaired if r.target is None)
    assert len(linked) > 50
    for r in linked:
        sheet, index, column = r.target
        assert sheet == "roadmap" and column in ("no", "action", "deadline", "responsible", "result", "comment")
        assert 0 <= index < len(outcome.plan.actions)
