"""Whether Excel is running on this machine. ``excel install`` asks before it registers the add-in: Excel
writes its list of add-ins back to the registry when it closes, over what was registered meanwhile, and an
add-in Excel has open cannot be replaced."""

from __future__ import annotations

import csv
import io
import subprocess
import sys

_WINDOWS_IMAGE = "excel.exe"
_MACOS_PROCESS = "Microsoft Excel"


def excel_in_tasklist(text: str) -> bool:
    """Whether ``tasklist /FO CSV /NH`` output lists Excel (its first column is the image name)."""
    return any(row and row[0].strip().lower() == _WINDOWS_IMAGE for row in csv.reader(io.StringIO(text)))


def excel_running() -> bool | None:
    """True or False where it can be told (Windows: tasklist; macOS: pgrep), None where it cannot. There is no
    Excel for other systems."""
    try:
        if sys.platform == "win32":
            done = subprocess.run(["tasklist", "/FI", f"IMAGENAME eq {_WINDOWS_IMAGE}", "/FO", "CSV", "/NH"],
                                  capture_output=True, text=True, timeout=30, check=False,
                                  creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0))
            return excel_in_tasklist(done.stdout) if done.returncode == 0 else None
        if sys.platform == "darwin":
            done = subprocess.run(["pgrep", "-x", _MACOS_PROCESS], capture_output=True, timeout=30, check=False)
            return {0: True, 1: False}.get(done.returncode)
    except (OSError, subprocess.SubprocessError):
        return None
    return False
