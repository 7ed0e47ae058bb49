"""Running the command line: in this process through click's CliRunner (fast; what most tests need), or as a
real subprocess where the process boundary is what a test proves (entry point, exit codes, no traceback)."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner, Result


def run_cli(*args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "xl_roadmap.cli", *args], capture_output=True, text=True,
                          timeout=timeout)


def invoke(*args: str) -> Result:
    """The same command in this process; ``result.exit_code``, ``.stdout`` and ``.stderr`` as a process gives."""
    from xl_roadmap.cli.commands import main

    return CliRunner().invoke(main, list(args), prog_name="xl-roadmap", catch_exceptions=False)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
