"""A click imports only what its command uses. xlwings starts Python for every click of a button and a console
user for every command, so a library imported at start is paid on every one of them: these tests run the real
entry point in a new process and read which modules it imported (``python -X importtime``). Speed itself is
measured by benchmarks/latency.py, not here."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.district import clean_plan, write_plan

# what a plain validate or --help never needs: the report copy's and the writers' libraries, the analysis door's,
# the spec's schema checker (the packaged spec is stamped), the archive's SQLite, Word, Excel, package metadata
HEAVY = ("openpyxl", "numpy", "pandas", "jsonschema", "xlsxwriter", "lxml", "docx", "xlwings", "sqlite3",
         "importlib.metadata")
_IMPORTED = re.compile(r"^import time:\s*\d+ \|\s*\d+ \|\s*(\S+)\s*$", re.MULTILINE)


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    return write_plan(clean_plan(0), tmp_path_factory.mktemp("budget") / "школа.xlsx")


def imported(*args: str) -> set[str]:
    """Every module a fresh ``xl-roadmap ARGS`` imported."""
    run = subprocess.run([sys.executable, "-X", "importtime", "-m", "xl_roadmap.cli", *args], capture_output=True,
                         text=True, encoding="utf-8", errors="replace", timeout=300)
    assert run.returncode in (0, 1) and "Traceback" not in run.stderr, run.stderr[-3000:]
    return set(_IMPORTED.findall(run.stderr))


def heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))


def test_validate_of_one_book_imports_no_heavy_library(book):
    modules = imported("validate", str(book))
    assert "xl_roadmap.app.validate" in modules and "python_calamine" in modules   # the probe saw the command
    assert heavy(modules) == []


def test_validate_with_report_imports_the_writers_it_needs(book, tmp_path):
    """The same probe sees a library when the command does use it: the copy with «Проверка» is written by
    openpyxl (numpy behind it) and XlsxWriter."""
    modules = imported("validate", str(book), "--report", str(tmp_path))
    assert {"openpyxl", "numpy", "xlsxwriter"} <= set(heavy(modules))


@pytest.mark.parametrize("args", [("--help",), ("validate", "--help")])
def test_help_reads_no_spec_and_imports_no_use_case(args):
    modules = imported(*args)
    assert "click" in modules and "xl_roadmap.cli.commands" in modules
    assert heavy(modules) == []
    ours = sorted(m for m in modules if m.startswith("xl_roadmap.") and not m.startswith("xl_roadmap.cli"))
    assert ours == []
