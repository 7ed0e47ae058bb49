"""Macro-enabled templates: the VBA project is compiled from macros/*.bas at build time and read back by an
independent parser (oletools' olevba); LibreOffice opens the .xlsm files."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from oletools.olevba import VBA_Parser

from tests.conftest import ROOT
from xl_roadmap.build import build_one
from xl_roadmap.io.vba import build_vba_project, macro_sources
from xl_roadmap.templates import BUTTONS


def _code(text: str) -> str:
    """Module source without Attribute lines, with normalised line ends (olevba shows Attribute lines)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(ln for ln in lines if not ln.startswith("Attribute ")).strip()


def _modules(path: Path) -> dict[str, tuple[str, str]]:
    parser = VBA_Parser(str(path))
    try:
        return {name.rsplit(".", 1)[0] if name.endswith((".cls", ".bas")) else name: (stream, code)
                for (_, stream, name, code) in parser.extract_macros()}
    finally:
        parser.close()


@pytest.mark.parametrize("name", ["school.xlsm", "district.xlsm"])
def test_committed_xlsm_modules_equal_bas_sources(name):
    path = ROOT / "workbook_templates" / name
    modules = _modules(path)
    sources = macro_sources()
    assert sources
    for bas in sources:
        assert bas.stem in modules, f"{bas.stem} не найден olevba в {name}"
        stream, code = modules[bas.stem]
        assert stream == f"VBA/{bas.stem}"
        assert _code(code) == _code(bas.read_text(encoding="cp1252"))
    assert {"ThisWorkbook", "Sheet1"} <= set(modules)
    assert all(stream.startswith("VBA/") for stream, _ in modules.values())
    assert len({stream for stream, _ in modules.values()}) == len(modules)


@pytest.mark.parametrize("name", ["school.xlsm", "district.xlsm"])
def test_buttons_call_existing_subs(name):
    kind = name.split(".")[0]
    with zipfile.ZipFile(ROOT / "workbook_templates" / name) as z:
        vml = b"".join(z.read(n) for n in z.namelist() if n.endswith(".vml")).decode("utf-8")
    code = "\n".join(_code(p.read_text(encoding="cp1252")) for p in macro_sources())
    for _, macro, caption in BUTTONS[kind]:
        assert caption in vml and macro in vml
        assert f"Public Sub {macro}()" in code


def test_plain_templates_have_no_macros_and_no_udfs():
    for name in ("school.xlsx", "district.xlsx"):
        with zipfile.ZipFile(ROOT / "workbook_templates" / name) as z:
            assert not any("vba" in n.lower() for n in z.namelist())
            xml = b"".join(z.read(n) for n in z.namelist() if n.endswith(".xml"))
        assert b"DK_" not in xml


def test_build_is_reproducible(tmp_path):
    a = build_vba_project(tmp_path / "a").read_bytes()
    b = build_vba_project(tmp_path / "b").read_bytes()
    assert a == b
    first = build_one(tmp_path / "x", "school.xlsm").read_bytes() if (tmp_path / "x").mkdir() is None else None
    second = build_one(tmp_path / "y", "school.xlsm").read_bytes() if (tmp_path / "y").mkdir() is None else None
    assert first == second


@pytest.mark.parametrize("name", ["school.xlsm", "district.xlsm"])
def test_libreoffice_opens_xlsm(name, lo_convert):
    out = lo_convert(ROOT / "workbook_templates" / name, "ods")
    with zipfile.ZipFile(out) as z:
        assert "content.xml" in z.namelist()
