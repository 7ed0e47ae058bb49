"""Macro-enabled workbooks: the VBA project is compiled from the macro sources (macros/*.bas)
and xlwings' standalone modules (xlwings.bas, Dictionary.cls from the installed xlwings) at build time and read
back by an independent parser (oletools' olevba); the build is reproducible; LibreOffice opens the .xlsm files.
The add-in (xl-roadmap.xlam) and its ribbon: tests/io/test_addin.py; the macros running in LibreOffice's VBA
engine: tests/excel/test_vba_in_libreoffice.py."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import xlsxwriter

from tests.conftest import ROOT
from tests.support.vba_read import code as _code
from tests.support.vba_read import modules as _modules
from tests.support.vba_read import project_stream
from tests.support.vba_read import source as _source
from xl_roadmap.app.templates import BUTTONS, WORKBOOK_MODULE
from xl_roadmap.io.vba.project import (
    VbaBuildError,
    build_vba_project,
    macro_sources,
    xlwings_modules,
)

SHEETS = 8
SUBS = ("XlRoadmapValidate", "XlRoadmapFlagDeadlines", "XlRoadmapConsolidate", "XlRoadmapImportWord")
XLWINGS = ("xlwings", "Dictionary")


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
    assert [p.name for p in sources] == ["XlRoadmap.bas", "XlRoadmapRibbon.bas"]
    assert macro_sources(names=[WORKBOOK_MODULE]) == sources[:1]
    code = _source(sources[0])
    assert code.startswith('Attribute VB_Name = "XlRoadmap"')
    assert len(SUBS) == 4
    for sub, call in zip(SUBS, ("validate", "flag_deadlines", "consolidate", "import_word")):
        assert f"Public Sub {sub}()\r\n" in code
        assert f'RunPython "import xl_roadmap.excel.buttons as b; b.{call}()"' in code
    for source in sources:
        text = _source(source)
        assert text.isascii(), "макросы в ASCII: проект VBA объявляет кодовую страницу 1252"
        assert "\r\n" in text and "\n" not in text.replace("\r\n", ""), f"{source.name}: строки .bas — CRLF"
        assert "needs a reference" not in text, "ссылка на надстройку xlwings (Tools > References) не нужна"


def test_xlwings_modules_come_from_the_installed_package():
    import xlwings

    package = Path(xlwings.__file__).parent
    assert xlwings_modules() == (package / "xlwings.bas", package / "addin" / "Dictionary.cls")
    text = _source(xlwings_modules()[0])
    assert "Function RunPython(" in text and "BSD 3-clause" in text and xlwings.__version__ in text


def test_xlsm_modules_equal_bas_sources(built):
    vba, xlsm = built
    with zipfile.ZipFile(xlsm) as z:
        assert z.read("xl/vbaProject.bin") == vba.read_bytes()
        vml = b"".join(z.read(n) for n in z.namelist() if n.endswith(".vml")).decode("utf-8")
        content_types = z.read("[Content_Types].xml").decode("utf-8")
    assert "application/vnd.ms-excel.sheet.macroEnabled.main+xml" in content_types
    assert "XlRoadmapValidate" in vml and "Проверить" in vml

    modules = _modules(xlsm)
    for bas in macro_sources() + list(xlwings_modules()):
        assert bas.stem in modules, f"модуль {bas.stem} не найден olevba; есть {sorted(modules)}"
        stream, code = modules[bas.stem]
        assert stream == f"VBA/{bas.stem}"
        assert _code(code) == _code(_source(bas))
        assert len(_code(code)) > 100
    documents = ["ThisWorkbook"] + [f"Sheet{i}" for i in range(1, SHEETS + 1)]
    assert set(modules) == set(documents) | {p.stem for p in macro_sources()} | set(XLWINGS)
    # the licence text of xlwings' module travels with it
    assert "Copyright (C) 2014-present, Zoomer Analytics LLC." in modules["xlwings"][1]
    assert "License: MIT" in modules["Dictionary"][1]
    # Dictionary is a class module (olevba reads the module type from the dir stream), stored as Office stores one
    lines = project_stream(vba).splitlines()
    assert "Class=Dictionary" in lines and "Module=xlwings" in lines and "Module=XlRoadmap" in lines
    header = modules["Dictionary"][1].splitlines()[:8]
    assert header[:2] == ['Attribute VB_Name = "Dictionary"',
                          'Attribute VB_Base = "0{FCFB3D2A-A0FA-1068-A738-08002B3371B5}"']
    assert "Attribute VB_PredeclaredId = False" in header and "VERSION 1.0 CLASS" not in modules["Dictionary"][1]
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
    assert build_vba_project(tmp_path / "d", sheet_count=SHEETS, runtime=()).read_bytes() != first


def test_class_module_and_module_choice(tmp_path):
    """A .cls of our own is stored as a class module; a build takes only the modules it names, and the runtime
    given (here none) instead of xlwings' modules."""
    macros = tmp_path / "macros"
    macros.mkdir()
    shutil.copy(macro_sources()[0], macros)
    (macros / "Other.bas").write_text('Attribute VB_Name = "Other"\nSub A()\nEnd Sub\n', encoding="utf-8")
    counter = tmp_path / "Counter.cls"
    counter.write_text('VERSION 1.0 CLASS\nBEGIN\n  MultiUse = -1  \'True\nEND\nAttribute VB_Name = "Counter"\n'
                       "Attribute VB_GlobalNameSpace = False\nAttribute VB_Creatable = False\n"
                       "Attribute VB_PredeclaredId = True\nAttribute VB_Exposed = False\nOption Explicit\n"
                       "Public Count As Long\n", encoding="utf-8")
    vba = build_vba_project(tmp_path / "out", sheet_count=1, macros_dir=macros, modules=["XlRoadmap"],
                            runtime=[counter])
    modules = _modules(vba)
    assert set(modules) == {"ThisWorkbook", "Sheet1", "XlRoadmap", "Counter"}
    assert "Class=Counter" in project_stream(vba).splitlines()
    assert "Attribute VB_PredeclaredId = True" in modules["Counter"][1]
    assert _code(modules["Counter"][1]) == "Option Explicit\nPublic Count As Long"
    with pytest.raises(VbaBuildError, match="нет модулей"):
        build_vba_project(tmp_path / "out", macros_dir=macros, modules=["Missing"])
    counter.write_text('Attribute VB_Name = "Counter"\n', encoding="utf-8")
    with pytest.raises(VbaBuildError, match="VERSION 1.0 CLASS"):
        build_vba_project(tmp_path / "out", macros_dir=macros, runtime=[counter])
    with pytest.raises(VbaBuildError, match="дважды"):
        build_vba_project(tmp_path / "out", macros_dir=macros, runtime=[macros / "Other.bas"])


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
    assert set(modules) >= {"Long", "XlRoadmap", "ThisWorkbook", "Sheet12", *XLWINGS}
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
    proc = subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=180)
    ods = out / "book.ods"
    assert proc.returncode == 0 and ods.exists(), f"LibreOffice: rc={proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    with zipfile.ZipFile(ods) as z:
        content = z.read("content.xml").decode("utf-8")
    assert "Лист 8" in content


# The committed templates (workbook_templates/) are compared byte by byte with fresh builds in
# test_template_workbook.py; here only what does not depend on their being regenerated.

@pytest.mark.parametrize("kind", ["school", "district"])
def test_committed_buttons_call_existing_subs(kind):
    path = ROOT / "workbook_templates" / f"{kind}.xlsm"
    with zipfile.ZipFile(path) as z:
        vml = b"".join(z.read(n) for n in z.namelist() if n.endswith(".vml")).decode("utf-8")
    code = _code(_source(macro_sources(names=[WORKBOOK_MODULE])[0]))
    assert BUTTONS[kind]
    for _, macro, caption in BUTTONS[kind]:
        assert caption in vml and macro in vml
        assert f"Public Sub {macro}()" in code
    # RunPython travels in the workbook: xlwings' own modules, not a reference to the xlwings add-in
    modules = _modules(path)
    assert {WORKBOOK_MODULE, *XLWINGS} <= set(modules) and "XlRoadmapRibbon" not in modules
    for source in xlwings_modules():
        assert _code(modules[source.stem][1]) == _code(_source(source))


def test_plain_templates_have_no_macros_and_no_udfs():
    for name in ("school.xlsx", "district.xlsx"):
        with zipfile.ZipFile(ROOT / "workbook_templates" / name) as z:
            assert not any("vba" in n.lower() for n in z.namelist())
            xml = b"".join(z.read(n) for n in z.namelist() if n.endswith(".xml"))
        assert b"DK_" not in xml


@pytest.mark.parametrize("name", ["school.xlsm", "xl-roadmap.xlam"])
def test_module_sources_read_back_as_olevba_reads_them(name):
    """io/vba/embedded.py (what ``excel doctor BOOK`` reads) against an independent parser, on every module,
    the long xlwings module among them (several compressed chunks)."""
    from tests.support.vba_read import code, modules
    from xl_roadmap.io.vba.embedded import module_sources

    book = Path(__file__).resolve().parents[2] / "workbook_templates" / name
    ours, theirs = module_sources(book), modules(book)
    assert set(ours) == set(theirs) and "xlwings" in ours
    for module, source in ours.items():
        assert code(source) == code(theirs[module][1]), module
