"""Use case: build the blank workbooks (school and district) from the spec."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .io.workbook_writer import WorkbookContent, WorkbookWriter
from .spec import Edition, Spec, default_spec

TEMPLATE_KINDS = ("school", "district")

# (sheet id, macro name, caption) of the form buttons in macro-enabled templates; macro names are the
# Subs of macros/XlRoadmap.bas.
BUTTONS = {
    "school": (("organisation", "XlRoadmapValidate", "Проверить"),
               ("organisation", "XlRoadmapFlagDeadlines", "Проверить сроки")),
    "district": (("organisation", "XlRoadmapValidate", "Проверить"),
                 ("organisation", "XlRoadmapConsolidate", "Свести"),
                 ("organisation", "XlRoadmapFlagDeadlines", "Проверить сроки")),
}


def catalogue_rows(edition: Edition, levels: tuple[str, ...]) -> list[dict[str, Any]]:
    """Indicator rows pre-filled from the catalogue for the levels that supply data themselves."""
    return [
        {"no": str(i), "code": ind.code, "name": ind.name, "block": edition.block_name(ind.block), "unit": ind.unit,
         "norm": ind.norm}
        for i, ind in enumerate((x for x in edition.indicators if x.source_level in levels), start=1)
    ]


def template_content(kind: str, edition: Edition, *, org_name: str | None = None, org_code: str | None = None,
                     municipality: str | None = None, region: str | None = None,
                     period: str | None = None) -> WorkbookContent:
    if kind not in TEMPLATE_KINDS:
        raise ValueError(kind)
    levels = ("school",) if kind == "school" else ("school", "district", "external")
    org = {"org_name": org_name, "org_code": org_code, "municipality": municipality, "region": region,
           "period": period, "org_kind": "ОО" if kind == "school" else "УО"}
    return WorkbookContent(organisation={k: v for k, v in org.items() if v}, indicators=catalogue_rows(edition, levels))


def build_template(out: Path | str, kind: str = "school", *, spec: Spec | None = None, edition_id: str | None = None,
                   vba_project: Path | None = None, **org: str | None) -> Path:
    spec = spec or default_spec()
    edition = spec.edition(edition_id)
    content = template_content(kind, edition, **org)
    buttons = BUTTONS[kind] if vba_project is not None else ()
    return WorkbookWriter(spec, edition, content, vba_project=vba_project, buttons=buttons).save(out)
