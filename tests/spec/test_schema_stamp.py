"""The packaged spec passes its JSON Schemas — checked here with jsonschema, so a broken spec fails CI — and its
stamp (schemas.sha256) names exactly these bytes, so a start trusts them without importing jsonschema."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.spec_files import copy_spec, edit_json
from xl_roadmap.spec import SpecError, load_spec
from xl_roadmap.spec.schema_check import (
    SCHEMA_SUFFIX,
    SPEC_DIR,
    STAMP,
    digest,
    first_error,
    read_stamp,
    spec_names,
    write_stamp,
)

RESTAMP = "после правки спецификации: .venv/bin/python scripts/stamp_spec.py"


@pytest.fixture
def spec_copy(tmp_path) -> Path:
    return copy_spec(tmp_path)


_edit = edit_json


def test_every_packaged_spec_file_passes_its_schema():
    names = spec_names(SPEC_DIR)
    assert set(names) == {"workbook", "catalogue", "rules", "word_import"}
    for name in names:
        data = json.loads((SPEC_DIR / f"{name}.json").read_text(encoding="utf-8"))
        schema = json.loads((SPEC_DIR / f"{name}{SCHEMA_SUFFIX}").read_text(encoding="utf-8"))
        assert first_error(data, schema) is None, name


def test_the_same_check_finds_a_planted_fault(spec_copy):
    _edit(spec_copy / "catalogue.json", lambda d: d["editions"][0]["indicators"][0].update(kind="percent"))
    data = json.loads((spec_copy / "catalogue.json").read_text(encoding="utf-8"))
    schema = json.loads((spec_copy / f"catalogue{SCHEMA_SUFFIX}").read_text(encoding="utf-8"))
    assert first_error(data, schema)[0] == "$.editions[0].indicators[0].kind"


def test_the_stamp_names_the_packaged_files_as_they_are():
    stamp = read_stamp(SPEC_DIR)
    files = [f"{name}{suffix}" for name in spec_names(SPEC_DIR) for suffix in (".json", SCHEMA_SUFFIX)]
    stale = [f for f in files if stamp.get(f) != digest((SPEC_DIR / f).read_bytes())]
    assert not stale, f"{STAMP} устарел для {stale}: {RESTAMP}"


def test_a_file_edited_after_its_stamp_is_checked_again(spec_copy):
    """The copy carries the stamp; the edited file no longer matches it, so its fault is found at load time."""
    assert read_stamp(spec_copy) == read_stamp(SPEC_DIR)
    _edit(spec_copy / "rules.json", lambda d: d["rules"]["action-overdue"].update(severity="fatal"))
    with pytest.raises(SpecError) as err:
        load_spec(spec_copy)
    assert err.value.path.endswith("rules.json") and err.value.json_path == "$.rules['action-overdue'].severity"


def test_a_faulty_spec_is_not_stamped(spec_copy):
    before = (spec_copy / STAMP).read_bytes()
    _edit(spec_copy / "word_import.json", lambda d: d.pop("refusals"))
    problems = write_stamp(spec_copy)
    assert problems and "word_import.json" in problems[0]
    assert (spec_copy / STAMP).read_bytes() == before


def test_a_stamped_spec_loads_without_jsonschema_and_an_unstamped_one_with_it(spec_copy):
    """What the stamp is for: a start that imports no jsonschema. Without the stamp the same load checks."""
    (spec_copy / STAMP).unlink()
    probe = ("import sys; from pathlib import Path; from xl_roadmap.spec import load_spec; "
             "load_spec(Path(sys.argv[1]) if len(sys.argv) > 1 else None); print('jsonschema' in sys.modules)")
    runs = {label: subprocess.run([sys.executable, "-c", probe, *where], capture_output=True, text=True, timeout=120)
            for label, where in (("packaged", []), ("unstamped", [str(spec_copy)]))}
    assert {label: r.stdout.strip() for label, r in runs.items()} == {"packaged": "False", "unstamped": "True"}, \
        {label: r.stderr for label, r in runs.items()}
