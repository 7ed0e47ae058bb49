"""Use case: the blank workbooks (school and district, with or without macros) and the Excel add-in
(xl-roadmap.xlam, the ribbon tab) from the spec, and the committed copies in workbook_templates/
(``xl-roadmap build-templates``; a test proves they are current).

Macro-enabled files carry xlwings' standalone VBA modules taken from the installed xlwings package, so they need
no reference to the xlwings add-in, and their ``RunPython`` is the one of the xlwings that will run the Python
side. ``addin_bytes()`` builds the add-in afresh for that reason (what ``excel install`` copies into Excel)."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

from xl_roadmap.core.content import SOURCE_LEVELS, WorkbookContent, catalogue_rows
from xl_roadmap.io.atomic import make_folder
from xl_roadmap.io.vba.addin import read_build, read_xlwings_version, write_addin
from xl_roadmap.io.vba.project import build_vba_project, xlwings_vba_version
from xl_roadmap.io.xlsx.writer import WorkbookWriter
from xl_roadmap.spec import Edition, Spec, default_spec
from xl_roadmap.spec.vocabulary import OrgKind

TEMPLATE_KINDS = ("school", "district")
WORKBOOK_MODULE = "XlRoadmap"    # macros/XlRoadmap.bas: the Subs of the form buttons
ADDIN_NAME = default_spec().addin.file    # xl-roadmap.xlam

# (sheet id, macro name, caption) of the form buttons in macro-enabled templates; macro names are the
# Subs of macros/XlRoadmap.bas.
BUTTONS = {
    "school": (("organisation", "XlRoadmapValidate", "Проверить"),
               ("organisation", "XlRoadmapFlagDeadlines", "Проверить сроки"),
               ("organisation", "XlRoadmapImportWord", "Импорт из Word")),
    "district": (("organisation", "XlRoadmapValidate", "Проверить"),
                 ("organisation", "XlRoadmapConsolidate", "Свести"),
                 ("organisation", "XlRoadmapFlagDeadlines", "Проверить сроки"),
                 ("organisation", "XlRoadmapImportWord", "Импорт из Word")),
}


def template_content(kind: str, edition: Edition, *, org_name: str | None = None, org_code: str | None = None,
                     municipality: str | None = None, region: str | None = None,
                     period: str | None = None) -> WorkbookContent:
    if kind not in TEMPLATE_KINDS:
        raise ValueError(kind)
    levels = SOURCE_LEVELS[kind]
    org = {"org_name": org_name, "org_code": org_code, "municipality": municipality, "region": region,
           "period": period, "org_kind": OrgKind.SCHOOL if kind == "school" else OrgKind.DISTRICT}
    return WorkbookContent(organisation={k: v for k, v in org.items() if v}, indicators=catalogue_rows(edition, levels))


def build_template(out: Path | str, kind: str = "school", *, spec: Spec | None = None, edition_id: str | None = None,
                   vba_project: Path | None = None, **org: str | None) -> Path:
    spec = spec or default_spec()
    edition = spec.edition(edition_id)
    content = template_content(kind, edition, **org)
    buttons = BUTTONS[kind] if vba_project is not None else ()
    return WorkbookWriter(spec, edition, content, vba_project=vba_project, buttons=buttons).save(out)


def template_files() -> dict[str, tuple[str, bool]]:
    """File name → (template kind, macro-enabled)."""
    out: dict[str, tuple[str, bool]] = {}
    for kind in TEMPLATE_KINDS:
        out[f"{kind}.xlsx"] = (kind, False)
        out[f"{kind}.xlsm"] = (kind, True)
    return out


def build_one(directory: Path, name: str, spec: Spec | None = None, **org) -> Path:
    spec = spec or default_spec()
    kind, macros = template_files()[name]
    return build_kind(Path(directory) / name, kind, macros, spec, **org)


def build_kind(out: Path, kind: str, macros: bool, spec: Spec | None = None, *,
               runtime: Sequence[Path] | None = None, **org) -> Path:
    """A template, macro-enabled or not; the VBA project is compiled from the macro sources in a private folder.
    ``runtime``: the modules that define RunPython, default xlwings' own (a test passes a recording stub)."""
    spec = spec or default_spec()
    if not macros:
        return build_template(out, kind, spec=spec, **org)
    with tempfile.TemporaryDirectory(prefix="xlr-build-") as tmp:
        # one document module per sheet, named as the writer names the sheets (Sheet1…SheetN)
        vba = build_vba_project(Path(tmp), sheet_count=len(spec.sheets), modules=(WORKBOOK_MODULE,),
                                runtime=runtime)
        return build_template(out, kind, spec=spec, vba_project=vba, **org)


def addin_file_name(spec: Spec | None = None) -> str:
    return (spec or default_spec()).addin.file


def build_addin(out: Path | str, spec: Spec | None = None, *, macros_dir: Path | None = None,
                modules: Sequence[str] | None = None, runtime: Sequence[Path] | None = None) -> Path:
    """The add-in: one sheet, the ribbon tab of ``workbook.json → addin`` and a VBA project with its ribbon module
    and xlwings' modules. ``macros_dir``, ``modules`` and ``runtime`` make a test variant (a folder with extra
    modules, a recording stub of RunPython); by default the package's ribbon module and xlwings' own."""
    spec = spec or default_spec()
    with tempfile.TemporaryDirectory(prefix="xlr-addin-") as tmp:
        vba = build_vba_project(Path(tmp), sheet_count=1, macros_dir=macros_dir,
                                modules=(spec.addin.module,) if modules is None else modules, runtime=runtime)
        version = xlwings_vba_version() if runtime is None else None     # a stub is no xlwings
        return write_addin(out, spec.addin, vba, xlwings_version=version)


def addin_bytes(spec: Spec | None = None) -> bytes:
    """The add-in file's bytes, built now from the package's sources and the installed xlwings (for
    ``excel install``: the add-in's RunPython must be the installed xlwings' own)."""
    spec = spec or default_spec()
    with tempfile.TemporaryDirectory(prefix="xlr-addin-") as tmp:
        return build_addin(Path(tmp) / spec.addin.file, spec).read_bytes()


def addin_xlwings_version(addin: bytes | None = None) -> str | None:
    """The xlwings version whose VBA (``xlwings.bas``: RunPython, which calls that version's DLL or AppleScript)
    the add-in ``addin`` (a file's bytes, e.g. the copy installed in Excel) carries; None when the file does not
    say. Without ``addin``: the version a build now embeds, the installed xlwings package's own."""
    return xlwings_vba_version() if addin is None else read_xlwings_version(addin)


def addin_build(addin: bytes) -> str | None:
    """Which build an add-in file (its bytes) is: the same for the file Excel saved after «Подключить функции»;
    None for a file that does not say (built before builds were named, or not our add-in)."""
    return read_build(addin)


def build_all(directory: Path) -> list[Path]:
    spec = default_spec()
    make_folder(directory)
    paths = [build_one(directory, name, spec) for name in template_files()]
    return paths + [build_addin(Path(directory) / addin_file_name(spec), spec)]
