"""The code's words are the spec's words: every vocabulary class names exactly its list of the JSON, in order,
and no Russian status word is spelled in the code outside the spec."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from xl_roadmap.spec.loader import SPEC_DIR
from xl_roadmap.spec.vocabulary import SOURCES, RollupSheet, words

WORKBOOK = json.loads((SPEC_DIR / "workbook.json").read_text(encoding="utf-8"))
RULES = json.loads((SPEC_DIR / "rules.json").read_text(encoding="utf-8"))
PACKAGE = Path(__file__).resolve().parents[2] / "xl_roadmap"


def _raw(section: str, name: str) -> dict[str, str]:
    """The list as the JSON file writes it (read here without the loader, so the loader is checked too)."""
    return {"lists": WORKBOOK["lists"], "rollup": WORKBOOK["rollup"], "rules": RULES}[section][name]


@pytest.mark.parametrize("cls", list(SOURCES), ids=lambda c: c.__name__)
def test_each_vocabulary_class_is_its_list_of_the_spec(cls):
    raw = _raw(*SOURCES[cls])
    assert isinstance(raw, dict), "a list the code refers to needs ids"
    assert words(cls) == tuple(raw.values())


def test_severity_ranks_follow_the_spec_order():
    from xl_roadmap.spec.vocabulary import Severity

    assert sorted(Severity.RANK, key=Severity.RANK.get) == list(RULES["severities"].values())
    assert {r["severity"] for r in RULES["rules"].values()} <= set(RULES["severities"])


def test_rollup_sheet_ids_are_the_spec_sheets_in_order():
    assert RollupSheet.ORDER == tuple(s["id"] for s in WORKBOOK["rollup"]["sheets"])


def test_every_rule_code_the_reader_or_a_check_emits_is_in_the_spec():
    codes = set(RULES["rules"])
    emitted = set()
    for path in (PACKAGE / "core" / "grid_reader.py", *(PACKAGE / "rules" / "checks").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        emitted |= set(re.findall(r'(?:ReadIssue\(|make\()\s*"([a-z][a-z-]+)"', text))
        emitted |= set(re.findall(r'"([a-z]+(?:-[a-z]+)+)" if ', text))
        emitted |= set(re.findall(r' else "([a-z]+(?:-[a-z]+)+)"', text))
    assert emitted and emitted <= codes, sorted(emitted - codes)
    assert not any(r["message"] == "{detail}" for r in RULES["rules"].values())


# Words of the vocabulary lists: the code must name them by id (ActionStatus.DONE), not spell them.
_SPELLED = re.compile('"(' + "|".join(re.escape(w) for cls in SOURCES for w in words(cls) if len(w) > 3) + ')"')


def test_no_status_word_is_spelled_in_the_code():
    found = []
    for path in PACKAGE.rglob("*.py"):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if _SPELLED.search(line):
                found.append(f"{path.relative_to(PACKAGE)}:{n}: {line.strip()}")
    assert found == []
