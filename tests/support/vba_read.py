"""Read a VBA project back with an independent parser (oletools' olevba and olefile), for comparison with the
sources it was built from (tests only)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import olefile
from oletools.olevba import VBA_Parser

# an exported class module (.cls) starts with this block; a project stores the text from the Attribute lines on
_CLS_HEADER = re.compile(r"\AVERSION 1\.0 CLASS\nBEGIN\n(?:.*\n)*?END\n")


def code(text: str) -> str:
    """Module source without the .cls header and Attribute lines, line ends normalised, for comparison."""
    text = _CLS_HEADER.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return "\n".join(ln.rstrip() for ln in text.split("\n") if not ln.lstrip().startswith("Attribute ")).strip()


def source(path: Path) -> str:
    return Path(path).read_bytes().decode("utf-8-sig")


def modules(path: Path) -> dict[str, tuple[str, str]]:
    """olevba's view of a workbook or vbaProject.bin: module name → (OLE stream, code)."""
    parser = VBA_Parser(str(path))
    try:
        assert parser.detect_vba_macros(), f"olevba не нашёл VBA в {path}"
        return {Path(name).stem: (stream, code) for (_, stream, name, code) in parser.extract_macros()}
    finally:
        parser.close()


def project_stream(path: Path) -> str:
    """The PROJECT stream (module list, one ``Module=``/``Class=``/``Document=`` line each) of a vbaProject.bin
    or of the one inside a workbook."""
    path = Path(path)
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as z:
            data = z.read("xl/vbaProject.bin")
    else:
        data = path.read_bytes()
    ole = olefile.OleFileIO(data)
    try:
        return ole.openstream("PROJECT").read().decode("cp1252")
    finally:
        ole.close()
