"""Running the real command line in a subprocess (where the process boundary is what a test proves: exit codes,
stderr, no traceback), and small file helpers."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path


def run_cli(*args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "xl_roadmap.cli", *args], capture_output=True, text=True,
                          timeout=timeout)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
