"""Drive LibreOffice headless as the spreadsheet program that opens our files (tests only)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

# Force "always recalculate" on load for OOXML and ODF files: otherwise LibreOffice may show the cached
# results stored in the file and the test would prove nothing.
_REGISTRY = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(src: Path, outdir: Path, fmt: str, profile: Path) -> Path:
    """Open ``src`` in LibreOffice and save it as ``fmt`` (xlsx, ods …) into ``outdir``; return the new file."""
    user = profile / "user"
    user.mkdir(parents=True, exist_ok=True)
    reg = user / "registrymodifications.xcu"
    if not reg.exists():
        reg.write_text(_REGISTRY, encoding="utf-8")
    outdir.mkdir(parents=True, exist_ok=True)
    filters = {"xlsx": 'xlsx:Calc MS Excel 2007 XML', "ods": "ods", "xls": "xls:MS Excel 97"}
    cmd = [soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "--calc",
           "--convert-to", filters[fmt], "--outdir", str(outdir), str(src)]
    proc = subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=180)
    out = outdir / (src.stem + "." + fmt)
    if proc.returncode != 0 or not out.exists():
        raise RuntimeError(f"LibreOffice failed on {src}: rc={proc.returncode}\n{proc.stdout}\n{proc.stderr}")
    return out


# -- LibreOffice's VBA engine, driven through UNO --------------------------------------------------------------
UNO_PYTHON = "/usr/bin/python3"     # Debian's python3-uno is importable by the system python only
_UNO_SCRIPT = Path(__file__).with_name("uno_vba.py")


def uno_python() -> str | None:
    """The system python when it can import uno (scripts/install-libreoffice.sh installs python3-uno)."""
    if not Path(UNO_PYTHON).exists():
        return None
    proc = subprocess.run([UNO_PYTHON, "-c", "import uno"], check=False, capture_output=True, timeout=60)
    return UNO_PYTHON if proc.returncode == 0 else None


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_vba(book: Path, calls: list[tuple[str, str]], profile: Path, column: int, timeout: int = 600) -> dict:
    """Open ``book`` in LibreOffice (own profile, own port) and run the Subs ``(module, sub)`` in turn; returns
    the modules of its VBA project and, per Sub, what the recording stub wrote into ``column`` of the first sheet
    and the error, if any (tests/support/uno_vba.py). soffice runs in the script's process group: a run that
    overstays ``timeout`` is killed whole."""
    import json

    spec = {"column": column, "calls": [{"module": m, "sub": s} for m, s in calls]}
    profile.mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen([UNO_PYTHON, str(_UNO_SCRIPT), str(book), str(profile), str(free_port()),
                             json.dumps(spec)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc.pid)
        proc.communicate()
        raise RuntimeError(f"LibreOffice did not finish the macros of {book} in {timeout} s") from None
    _kill_group(proc.pid)      # an soffice left behind by a failed terminate goes too
    if proc.returncode != 0:
        raise RuntimeError(f"LibreOffice (UNO) failed on {book}: rc={proc.returncode}\n{out}\n{err}")
    return json.loads(out)


def _kill_group(pgid: int) -> None:
    import os
    import signal

    try:
        os.killpg(pgid, signal.SIGKILL)
    except ProcessLookupError:
        pass
