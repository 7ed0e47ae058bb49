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
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    out = outdir / (src.stem + "." + fmt)
    if proc.returncode != 0 or not out.exists():
        raise RuntimeError(f"LibreOffice failed on {src}: rc={proc.returncode}\n{proc.stdout}\n{proc.stderr}")
    return out
