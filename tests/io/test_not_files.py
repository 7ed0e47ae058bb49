"""Things that are not files, under a workbook's name: a pipe (FIFO) and a link to /dev/zero. Never opened —
reading either would wait or run for ever — and never silently left out: refused with a Russian reason, listed
as «не прочитан». Each case runs the real command in a child process with a timeout, so a hang fails."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.district import clean_plan, write_plan

TIMEOUT = 30


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "xl_roadmap.cli", *args], capture_output=True, text=True,
                          timeout=TIMEOUT)


@pytest.fixture()
def folder(tmp_path) -> Path:
    inbox = tmp_path / "книги"
    inbox.mkdir()
    write_plan(clean_plan(0), inbox / "ОО-01.xlsx")
    os.mkfifo(inbox / "канал.xlsx")
    os.symlink("/dev/zero", inbox / "ноль.xlsx")
    return inbox


def test_validate_refuses_a_pipe_at_once_and_says_what_it_is(folder):
    r = _cli("validate", str(folder / "канал.xlsx"))
    assert r.returncode == 2 and "именованный канал (FIFO)" in r.stdout + r.stderr and "Traceback" not in r.stderr
    r = _cli("validate", str(folder / "ноль.xlsx"), "--json")
    got = json.loads(r.stdout)["files"][0]
    assert r.returncode == 2 and "ссылка на устройство" in got["error"] and got["sha256"] is None


def test_a_folder_with_a_pipe_and_a_device_lists_them_as_not_read(folder, tmp_path):
    r = _cli("consolidate", str(folder), "-o", str(tmp_path / "свод.xlsx"), "--json", "--no-archive",
             "--as-of", "2025-03-15")
    got = json.loads(r.stdout)
    unread = {Path(u["path"]).name: u["reason"] for u in got["unreadable"]}
    assert set(unread) == {"канал.xlsx", "ноль.xlsx"} and got["accepted"] == 1, r.stderr
    assert "именованный канал" in unread["канал.xlsx"] and "ссылка на устройство" in unread["ноль.xlsx"]
    assert {s["status"] for s in got["submissions"] if Path(s["path"]).name in unread} == {"не прочитан"}


def test_a_list_of_organisations_that_is_a_pipe_is_refused(folder, tmp_path):
    os.mkfifo(tmp_path / "список.csv")
    r = _cli("consolidate", str(folder / "ОО-01.xlsx"), "-o", str(tmp_path / "свод.xlsx"), "--no-archive",
             "--expected", str(tmp_path / "список.csv"))
    assert r.returncode == 2 and "именованный канал" in r.stderr


def test_a_pipe_and_a_device_named_as_letters_or_an_archive_are_not_read_either(tmp_path):
    inbox = tmp_path / "почта"
    inbox.mkdir()
    write_plan(clean_plan(0), inbox / "ОО-01.xlsx")
    os.mkfifo(inbox / "канал.eml")
    os.mkfifo(inbox / "канал.msg")
    os.symlink("/dev/zero", inbox / "ноль.zip")
    r = _cli("consolidate", str(inbox), "-o", str(tmp_path / "свод.xlsx"), "--json", "--no-archive",
             "--as-of", "2025-03-15")
    got = json.loads(r.stdout)
    unread = {Path(u["path"]).name: u["reason"] for u in got["unreadable"]}
    assert set(unread) == {"канал.eml", "канал.msg", "ноль.zip"} and got["accepted"] == 1, r.stderr
    assert "именованный канал" in unread["канал.eml"] and "ссылка на устройство" in unread["ноль.zip"]
