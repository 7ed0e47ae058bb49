"""Where outputs cannot be written, the user reads why in Russian (exit 2); written outputs are readable by
whoever could read a file made in that folder."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests.support.district import AS_OF, clean_plan, write_plan
from tests.support.cli import run_cli
from xl_roadmap.io.atomic import OutputError, atomic_output


@pytest.fixture(scope="module")
def inbox(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("inbox")
    write_plan(clean_plan(0, seed=91, n_actions=6), folder / "школа.xlsx")
    return folder


def _consolidate(inbox: Path, out: Path, *extra: str):
    return run_cli("consolidate", str(inbox), "-o", str(out), "--as-of", AS_OF.isoformat(), "--org-name", "УО",
                   "--org-code", "ZR", "--signatory", "Иванов И.И.", "--contact", "тел.", *extra)


def test_a_folder_that_cannot_take_files_is_named_with_a_russian_reason(inbox, tmp_path):
    not_a_folder = tmp_path / "заметки.txt"
    not_a_folder.write_text("это файл, не папка", encoding="utf-8")
    r = _consolidate(inbox, not_a_folder / "свод.xlsx")
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr
    assert f"В папку «{not_a_folder}» нельзя записать файл: часть пути — не папка" in r.stderr
    assert list(tmp_path.iterdir()) == [not_a_folder]


def test_a_write_that_fails_midway_leaves_nothing_and_says_why(tmp_path):
    target = tmp_path / "свод.xlsx"
    with pytest.raises(OutputError, match="не записан: на диске не осталось места"):
        with atomic_output(target) as tmp:
            tmp.write_bytes(b"half")
            raise OSError(28, "No space left on device", str(tmp))
    assert list(tmp_path.iterdir()) == []


def test_an_error_that_is_not_about_the_output_is_not_disguised_as_one(tmp_path):
    with pytest.raises(FileNotFoundError):
        with atomic_output(tmp_path / "свод.xlsx"):
            open(tmp_path / "нет такого входа.xlsx", "rb")


def test_missing_expected_list_is_named_in_russian(inbox, tmp_path):
    r = _consolidate(inbox, tmp_path / "свод.xlsx", "--expected", str(tmp_path / "нет.csv"))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "файл не открывается: такого файла или папки нет" in r.stderr
    assert "No such file" not in r.stderr


def test_outputs_get_the_folders_usual_permissions_and_keep_a_replaced_files_own(inbox, tmp_path):
    out = tmp_path / "свод.xlsx"
    assert _consolidate(inbox, out).returncode == 0
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~mask        # not the 0600 of a temporary file
    out.chmod(0o640)
    assert _consolidate(inbox, out).returncode == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
