"""The add-in xl-roadmap.xlam: an add-in by content type, a ribbon tab «Дорожная карта» whose buttons are the
spec's (workbook.json → addin), every onAction naming a ribbon Sub of the module inside the add-in, and that module,
read back by olevba, equal to its source and to the spec; the committed copy equals a fresh build."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.support.vba_read import code, modules, project_stream, source
from xl_roadmap.app.templates import addin_bytes, addin_file_name, build_addin
from xl_roadmap.io.vba.project import macro_sources, xlwings_modules
from xl_roadmap.spec import default_spec

SPEC = default_spec()
ADDIN = SPEC.addin
NS = {"ui": "http://schemas.microsoft.com/office/2006/01/customui"}
COMMITTED = ROOT / "workbook_templates" / "xl-roadmap.xlam"

# The ribbon contract shared with the Python side (xl_roadmap.excel.addin), as agreed: label, Sub, function, and
# whether the button works on an active workbook of ours. The spec must say exactly this.
CONTRACT = (
    ("Проверить", "RibbonValidate", "validate", True),
    ("Проверить сроки", "RibbonFlagDeadlines", "flag_deadlines", True),
    ("Свести папку…", "RibbonConsolidate", "consolidate", True),
    ("Импорт из Word…", "RibbonImportWord", "import_word", False),
    ("Новая книга школы", "RibbonNewSchoolBook", "new_school_book", False),
    ("Новый свод района", "RibbonNewDistrictBook", "new_district_book", False),
    ("Обновить шаблон", "RibbonUpgrade", "upgrade", True),
    ("Подключить функции", "RibbonImportFunctions", "import_functions", False),
    ("Справка", "RibbonHelp", "show_help", False),
)


def _sub_re(sub: str) -> re.Pattern:
    """A ribbon callback: Public, one IRibbonControl argument, a body of exactly one RunPython line."""
    return re.compile(rf"^Public Sub {sub}\(control As IRibbonControl\)\n    RunPython \"([^\"]*)\"\nEnd Sub$",
                      re.MULTILINE)


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


@pytest.fixture(scope="module")
def xlam(tmp_path_factory) -> Path:
    return build_addin(tmp_path_factory.mktemp("addin") / addin_file_name(), SPEC)


def test_spec_is_the_contract():
    assert [(b.label, b.sub, b.function, b.needs_book) for b in ADDIN.buttons] == list(CONTRACT)
    assert ADDIN.tab_label == "Дорожная карта" and ADDIN.module == "XlRoadmapRibbon"
    assert ADDIN.python_module == "xl_roadmap.excel.addin" and ADDIN.file == "xl-roadmap.xlam"
    assert ADDIN.command(ADDIN.button("validate")) == "import xl_roadmap.excel.addin as a; a.validate()"


def test_ribbon_module_source_follows_the_spec():
    text = code(source(macro_sources(names=[ADDIN.module])[0]))
    subs = re.findall(r"^(?:Public |Private )?(?:Sub|Function) (\w+)", text, re.MULTILINE)
    assert subs == [b.sub for b in ADDIN.buttons], "в модуле ленты ровно кнопки спецификации, в их порядке"
    for button in ADDIN.buttons:
        found = _sub_re(button.sub).findall(text)
        assert found == [ADDIN.command(button)], button.sub


def test_committed_addin_matches_a_fresh_build(xlam):
    assert COMMITTED.exists(), f"{COMMITTED} не найден: выполните xl-roadmap build-templates"
    a, b = _parts(COMMITTED), _parts(xlam)
    assert list(a) == list(b)
    differing = [n for n in a if a[n] != b[n]]
    assert not differing, f"{COMMITTED.name} отличается от сгенерированного в частях {differing}: xl-roadmap build-templates"
    assert COMMITTED.read_bytes() == xlam.read_bytes() == addin_bytes(SPEC)


def test_addin_package(xlam):
    parts = _parts(xlam)
    types = ET.fromstring(parts["[Content_Types].xml"])
    overrides = {o.get("PartName"): o.get("ContentType") for o in types if o.tag.endswith("Override")}
    assert overrides["/xl/workbook.xml"] == "application/vnd.ms-excel.addin.macroEnabled.main+xml"
    assert "macroEnabled.main+xml" not in parts["[Content_Types].xml"].decode().replace("addin.macroEnabled", "")
    defaults = {d.get("Extension"): d.get("ContentType") for d in types if d.tag.endswith("Default")}
    assert defaults["xml"] == "application/xml" and defaults["bin"] == "application/vnd.ms-office.vbaProject"
    rels = ET.fromstring(parts["_rels/.rels"])
    ui = [r for r in rels if r.get("Type") == "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility"]
    assert [r.get("Target") for r in ui] == ["customUI/customUI.xml"]
    assert len({r.get("Id") for r in rels}) == len(rels)
    assert "customUI/customUI.xml" in parts and "xl/vbaProject.bin" in parts
    with zipfile.ZipFile(xlam) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 31, 0, 0, 0)}, "фиксированное время: сборка воспроизводима"


def test_ribbon_buttons_name_ribbon_subs(xlam):
    ribbon = ET.fromstring(_parts(xlam)["customUI/customUI.xml"])
    tabs = ribbon.findall("ui:ribbon/ui:tabs/ui:tab", NS)
    assert [t.get("label") for t in tabs] == ["Дорожная карта"]
    groups = tabs[0].findall("ui:group", NS)
    assert [g.get("label") for g in groups] == [g.label for g in ADDIN.groups]
    buttons = [b for g in groups for b in g.findall("ui:button", NS)]
    assert [b.get("label") for b in buttons] == [label for label, *_ in CONTRACT]
    ids = [el.get("id") for el in ribbon.iter() if el.get("id")]
    assert len(ids) == len(set(ids)) == 1 + len(groups) + len(buttons)

    vba = modules(xlam)
    assert set(vba) == {"ThisWorkbook", "Sheet1", ADDIN.module, "xlwings", "Dictionary"}
    assert code(vba[ADDIN.module][1]) == code(source(macro_sources(names=[ADDIN.module])[0]))
    for path in xlwings_modules():
        assert code(vba[path.stem][1]) == code(source(path))
    assert "Class=Dictionary" in project_stream(xlam).splitlines()
    by_sub = {b.sub: b for b in ADDIN.buttons}
    for element in buttons:
        module, _, sub = element.get("onAction").partition(".")
        assert module in vba, element.get("onAction")
        assert _sub_re(sub).findall(code(vba[module][1])) == [ADDIN.command(by_sub[sub])], sub
        assert element.get("screentip") == by_sub[sub].screentip and element.get("imageMso")


def test_addin_says_which_xlwings_vba_it_carries(xlam):
    """``excel doctor`` compares it with the installed xlwings: RunPython calls that version's DLL/AppleScript."""
    import xlwings

    from xl_roadmap.app.templates import addin_xlwings_version

    assert addin_xlwings_version() == xlwings.__version__
    assert addin_xlwings_version(COMMITTED.read_bytes()) == addin_xlwings_version(xlam.read_bytes()) == xlwings.__version__
    assert addin_xlwings_version((ROOT / "workbook_templates" / "school.xlsm").read_bytes()) is None
    assert addin_xlwings_version(b"not a zip") is None
