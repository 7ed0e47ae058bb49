"""A Python child under a memory cap and a time limit, for the inputs built to take all the memory or all the time:
a reader that blows up or hangs makes the child fail (killed, aborted, MemoryError, timed out), never the test run.

The child is started by a fresh parent that starts nothing else, so that parent's RUSAGE_CHILDREN peak is the
child's own (and its workers') — pytest's other children do not count. The cap is the child's address space
(RLIMIT_AS), inherited by the workers a consolidation starts: an allocation past it fails at once instead of
swapping or waking the OOM killer."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CAP_MB = 300
TIMEOUT_S = 30

_WRAPPER = """
import json, os, resource, signal, subprocess, sys
argv, cap, timeout = json.loads(sys.argv[1])
def capped():
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
child = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=capped,
                         start_new_session=True)
try:
    out, err = child.communicate(timeout=timeout)
    rc = child.returncode
except subprocess.TimeoutExpired:
    os.killpg(child.pid, signal.SIGKILL)      # the child and any worker it started
    out, err = child.communicate()
    rc = None
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"rc": rc, "out": out, "err": err, "peak": peak}))
"""


@dataclass
class Capped:
    returncode: int | None      # None: killed at the time limit
    stdout: str
    stderr: str
    peak_mb: float

    @property
    def timed_out(self) -> bool:
        return self.returncode is None

    def __str__(self) -> str:
        return f"rc={self.returncode}, peak {self.peak_mb:.0f} MB\n{self.stdout[-2000:]}\n{self.stderr[-3000:]}"


def run_capped(argv: list[str], cap_mb: int = CAP_MB, timeout: float = TIMEOUT_S) -> Capped:
    r = subprocess.run([sys.executable, "-c", _WRAPPER, json.dumps([argv, cap_mb * 1024 * 1024, timeout])],
                       capture_output=True, text=True, timeout=timeout + 60, check=False, cwd=ROOT)
    report = json.loads(r.stdout.strip().splitlines()[-1])
    return Capped(report["rc"], report["out"], report["err"], report["peak"])


def python(code: str) -> list[str]:
    return [sys.executable, "-c", textwrap.dedent(code)]


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "xl_roadmap.cli", *args]


def read_capped(book: Path, reader: str = "read_workbook") -> Capped:
    """``reader(book)`` of io.workbook_file in a capped child that prints the ReadError's reason (or «прочитана»)."""
    return run_capped(python(f"""
        from xl_roadmap.io.workbook_file import {reader}
        from xl_roadmap.io.read_error import ReadError
        try:
            {reader}({str(book)!r})
            print("прочитана")
        except ReadError as exc:
            print(exc.reason)
    """))
