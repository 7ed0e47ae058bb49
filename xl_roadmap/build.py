"""Use case: regenerate the committed templates in workbook_templates/ from the spec."""

from __future__ import annotations

from pathlib import Path

from .spec import default_spec
from .templates import TEMPLATE_KINDS, build_template


def template_files(directory: Path) -> dict[str, tuple[str, bool]]:
    """File name → (template kind, macro-enabled)."""
    out: dict[str, tuple[str, bool]] = {}
    for kind in TEMPLATE_KINDS:
        out[f"{kind}.xlsx"] = (kind, False)
    return out


def build_all(directory: Path) -> list[Path]:
    spec = default_spec()
    written = []
    for name, (kind, macros) in template_files(directory).items():
        written.append(build_template(directory / name, kind, spec=spec))
    return written
