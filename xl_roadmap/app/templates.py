"""Use case: the blank workbooks (school and district, with or without macros) from the spec, and the
committed copies in workbook_templates/ (``xl-roadmap build-templates``; a test proves they are current)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from xl_roadmap.core.content import SOURCE_LEVELS, WorkbookContent, catalogue_rows
from xl_roadmap.io.addin_files import read_addin
from xl_roadmap.io.vba.project import build_vba_project
from xl_roadmap.io.xlsx.writer import WorkbookWriter
from xl_roadmap.spec import Edition, Spec, default_spec
from xl_roadmap.spec.vocabulary import OrgKind

TEMPLATE_KINDS = ("school", "district")

# (sheet id, macro name, caption) of the form buttons in macro-enabled templates; macro names are the
# Subs of io/vba/macros/XlRoadmap.bas.
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


def build_kind(out: Path, kind: str, macros: bool, spec: Spec | None = None, **org) -> Path:
    """A template, macro-enabled or not; the VBA project is compiled from the macro sources in a private folder."""
    spec = spec or default_spec()
    if not macros:
        return build_template(out, kind, spec=spec, **org)
    with tempfile.TemporaryDirectory(prefix="xlr-build-") as tmp:
        # one document module per sheet, named as the writer names the sheets (Sheet1…SheetN)
        vba = build_vba_project(Path(tmp), sheet_count=len(spec.sheets))
        return build_template(out, kind, spec=spec, vba_project=vba, **org)


def build_all(directory: Path) -> list[Path]:
    spec = default_spec()
    return [build_one(directory, name, spec) for name in template_files()]


# PLACEHOLDER (h-excelcli) until the add-in's build (h-addin) is merged: h-addin provides the real
# ``addin_bytes()`` — where the built ``xl-roadmap.xlam`` lives in a checkout and in an installed package.
ADDIN_NAME = "xl-roadmap.xlam"
BUILT_ADDIN = Path(__file__).resolve().parents[2] / "workbook_templates" / ADDIN_NAME


def addin_bytes() -> bytes:
    """The add-in ``xl-roadmap excel install`` copies; raises ``AddinMissing`` («надстройка не собрана»)."""
    return read_addin(BUILT_ADDIN)


def addin_xlwings_version() -> str | None:
    """PLACEHOLDER (h-excelcli): the xlwings version whose VBA (``xlwings.bas``: its DLL ``xlwings64-<version>.dll``,
    its AppleScript) the built add-in embeds; None while unknown. RunPython fails when it differs from the
    installed xlwings package, so ``excel doctor`` compares both once h-addin's build says it."""
    return None
