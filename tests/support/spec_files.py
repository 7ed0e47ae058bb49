"""A copy of the packaged spec to break on purpose, and a JSON file edited in place (tests of the loader)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from xl_roadmap.spec.loader import SPEC_DIR


def copy_spec(tmp_path: Path) -> Path:
    target = tmp_path / "spec"
    shutil.copytree(SPEC_DIR, target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return target


def edit_json(path: Path, fn) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    fn(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
