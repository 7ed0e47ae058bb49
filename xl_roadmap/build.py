"""Use case: regenerate the committed templates in workbook_templates/ from the spec (and macros/*.bas)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from .spec import Spec, default_spec
from .templates import TEMPLATE_KINDS, build_template


def template_files(directory: Path | None = None) -> dict[str, tuple[str, bool]]:
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
    """A template, macro-enabled or not; the VBA project is compiled from macros/*.bas in a private folder."""
    spec = spec or default_spec()
    if not macros:
        return build_template(out, kind, spec=spec, **org)
    from .io.vba import build_vba_project

    with tempfile.TemporaryDirectory(prefix="xlr-build-") as tmp:
        # one document module per sheet, named as the writer names the sheets (Sheet1…SheetN)
        vba = build_vba_project(Path(tmp), sheet_count=len(spec.sheets))
        return build_template(out, kind, spec=spec, vba_project=vba, **org)


def build_all(directory: Path) -> list[Path]:
    spec = default_spec()
    return [build_one(directory, name, spec) for name in template_files()]
