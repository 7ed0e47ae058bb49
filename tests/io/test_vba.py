"""Macro-enabled workbooks: the VBA project is compiled from the package's macro sources (io/vba/macros/*.bas)
at build time and read back by an independent parser (oletools' olevba); the build is reproducible;
LibreOffice opens the .xlsm files."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from oletools.olevba import VBA_Parser

from tests.conftest import ROOT
from xl_roadmap.io.vba.project import VbaBuildError, build_vba_project, macro_sources
from xl_roadmap.app.templates import BUTTONS

SHEETS = 8
SUBS = ("XlRoadmapValidate", "XlRoadmapFlagDeadlines", "XlRoadmapConsolidate", "XlRoadmapImportWord")


def _code(text: str) -> str:
    """Module source without Attribute lines and with normalised line ends, for comparison."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(ln.rstrip() for ln in lines if not ln.lstrip().startswith("Attribute ")).strip()


def _source(bas: Path) -> str:
    return bas.read_bytes().decode("utf-8-sig")


def _modules(path: Path) -> dict[str, tuple[str, str]]:
    """olevba's view: module name → (OLE stream, code)."""
    parser = VBA_Parser(str(path))
    try:
        assert parser.detect_vba_macros(), f"olevba не нашёл VBA в {path}"
        return {Path(name).stem: (stream, code) for (_, stream, name, code) in parser.extract_macros()}
    finally:
        parser.close()


def _xlsm(path: Path, vba: Path, sheets: int = SHEETS) -> Path:
    wb = xlsxwriter.Workbook(str(path))
    wb.set_vba_name("ThisWorkbook")
    for i in range(1, sheets + 1):
        ws = wb.add_worksheet(f"Лист {i}")
        ws.set_vba_name(f"Sheet{i}")
        if i == 1:
            ws.insert_button(0, 4, {"macro": "XlRoadmapValidate", "caption": "Проверить"})
    wb.add_vba_project(str(vba))
    wb.close()
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("vba")
    vba = build_vba_project(tmp / "bin", sheet_count=SHEETS)
    return vba, _xlsm(tmp / "book.xlsm", vba)


def test_macro_sources_are_the_button_subs():
    sources = macro_sources()
    assert [p.name for p in sources] == ["XlRoadmap.bas"]
    code = _source(sources[0])
    assert code.startswith('Attribute VB_Name = "XlRoadmap"')
    assert len(SUBS) == 4
    for sub, call in zip(SUBS, ("validate", "flag_deadlines", "consolidate", "import_word")):
        assert f"Public Sub {sub}()\r\n" in code
        assert f'RunPython "import xl_roadmap.excel.buttons as b; b.{call}()"' in code
    assert code.isascii(), "макросы в ASCII: проект VBA объявляет кодовую страницу 1252"


def test_xlsm_modules_equal_bas_sources(built):
    vba, xlsm = built
    with zipfile.ZipFile(xlsm) as z:
        assert z.read("xl/vbaProject.bin") == vba.read_bytes()
        vml = b"".join(z.read(n) for n in z.namelist() if n.endswith(".vml")).decode("utf-8")
        content_types = z.read("[Content_Types].xml").decode("utf-8")
    assert "application/vnd.ms-excel.sheet.macroEnabled.main+xml" in content_types
    assert "XlRoadmapValidate" in vml and "Проверить" in vml

    modules = _modules(xlsm)
    for bas in macro_sources():
        assert bas.stem in modules, f"модуль {bas.stem} не найден olevba; есть {sorted(modules)}"
        stream, code = modules[bas.stem]
        assert stream == f"VBA/{bas.stem}"
        assert _code(code) == _code(_source(bas))
    documents = ["ThisWorkbook"] + [f"Sheet{i}" for i in range(1, SHEETS + 1)]
    assert set(modules) == set(documents) | {p.stem for p in macro_sources()}
    for name in documents:
        stream, code = modules[name]
        assert stream == f"VBA/{name}"
        assert _code(code) == ""
    base = _modules(vba)["Sheet1"][1]
    assert 'Attribute VB_Base = "0{00020820-0000-0000-C000-000000000046}"' in base
    assert base.count("VB_Customizable") == 1


def test_build_is_reproducible(tmp_path):
    first = build_vba_project(tmp_path / "a", sheet_count=SHEETS).read_bytes()
    second = build_vba_project(tmp_path / "b", sheet_count=SHEETS).read_bytes()
    assert first == second
    assert build_vba_project(tmp_path / "c", sheet_count=1).read_bytes() != first


def test_long_module_survives_compression(tmp_path):
    """A module longer than one 4 KiB compression chunk, with long repeats far into the chunk: ms-ovba-compression
    1.0.1 alone garbles such copy tokens (xl_roadmap.io.vba patches it); olevba must read the text back."""
    macros = tmp_path / "macros"
    macros.mkdir()
    lines = ['Attribute VB_Name = "Long"', "Option Explicit"]
    for i in range(60):
        lines += ["", f"Public Sub Step{i:03d}()",
                  f'    RunPython "import xl_roadmap.excel.buttons as b; b.validate()"  \' step {i}', "End Sub"]
    (macros / "Long.bas").write_text("\n".join(lines) + "\n", encoding="utf-8")
    shutil.copy(macro_sources()[0], macros)
    vba = build_vba_project(tmp_path / "out", sheet_count=12, macros_dir=macros)
    modules = _modules(vba)
    assert set(modules) >= {"Long", "XlRoadmap", "ThisWorkbook", "Sheet12"}
    assert _code(modules["Long"][1]) == _code("\n".join(lines))
    assert _code(modules["XlRoadmap"][1]) == _code(_source(macro_sources()[0]))


def test_bad_macro_sources_are_rejected(tmp_path):
    with pytest.raises(VbaBuildError, match="не найдена"):
        build_vba_project(tmp_path / "out", macros_dir=tmp_path / "missing")
    macros = tmp_path / "macros"
    macros.mkdir()
    with pytest.raises(VbaBuildError, match="нет файлов .bas"):
        build_vba_project(tmp_path / "out", macros_dir=macros)
    (macros / "Mod.bas").write_text('Attribute VB_Name = "Mod"\nSub A()\n  MsgBox "Привет"\nEnd Sub\n',
                                    encoding="utf-8")
    with pytest.raises(VbaBuildError, match="ChrW"):
        build_vba_project(tmp_path / "out", macros_dir=macros)
    (macros / "Mod.bas").write_text('Attribute VB_Name = "Other"\nSub A()\nEnd Sub\n', encoding="utf-8")
    with pytest.raises(VbaBuildError, match="не совпадает"):
        build_vba_project(tmp_path / "out", macros_dir=macros)
    (macros / "Mod.bas").write_text('Attribute VB_Name = "Sheet1"\nSub A()\nEnd Sub\n', encoding="utf-8")
    (macros / "Mod.bas").rename(macros / "Sheet1.bas")
    with pytest.raises(VbaBuildError, match="совпадают с модулями листов"):
        build_vba_project(tmp_path / "out", macros_dir=macros)
    assert not (tmp_path / "out").exists()


def test_libreoffice_opens_xlsm(built, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if os.environ.get("XL_ROADMAP_REQUIRE_LO"):
            pytest.fail("LibreOffice (soffice) не найден в PATH, а XL_ROADMAP_REQUIRE_LO задана")
        pytest.skip("LibreOffice (soffice) не найден в PATH; задайте XL_ROADMAP_REQUIRE_LO, чтобы это было ошибкой")
    _, xlsm = built
    profile = tmp_path / "lo_profile"
    out = tmp_path / "out"
    cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
           "--convert-to", "ods", "--outdir", str(out), str(xlsm)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    ods = out / "book.ods"
    assert proc.returncode == 0 and ods.exists(), f"LibreOffice: rc={proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    with zipfile.ZipFile(ods) as z:
        content = z.read("content.xml").decode("utf-8")
    assert "Лист 8" in content


# The committed templates (workbook_templates/) are compared byte by byte with fresh builds in
# test_template_workbook.py; here only what does not depend on their being regenerated.

@pytest.mark.parametrize("kind", ["school", "district"])
def test_committed_buttons_call_existing_subs(kind):
    with zipfile.ZipFile(ROOT / "workbook_templates" / f"{kind}.xlsm") as z:
        vml = b"".join(z.read(n) for n in z.namelist() if n.endswith(".vml")).decode("utf-8")
    code = "\n".join(_code(_source(p)) for p in macro_sources())
    assert BUTTONS[kind]
    for _, macro, caption in BUTTONS[kind]:
        assert caption in vml and macro in vml
        assert f"Public Sub {macro}()" in code


def test_plain_templates_have_no_macros_and_no_udfs():
    for name in ("school.xlsx", "district.xlsx"):
        with zipfile.ZipFile(ROOT / "workbook_templates" / name) as z:
            assert not any("vba" in n.lower() for n in z.namelist())
            xml = b"".join(z.read(n) for n in z.namelist() if n.endswith(".xml"))
        assert b"DK_" not in xml
