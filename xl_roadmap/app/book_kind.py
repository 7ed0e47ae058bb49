"""Use case: whose is the workbook Excel has open — ours (a school's book or a roll-up) or someone else's?

The add-in's ribbon acts on whatever workbook is active, so before «Проверить» or «Свести» writes a single
cell it must know the book is one of ours: a «Сведения» form (found by name or by its labels, exactly as
the reader finds it) that has the template's «Версия шаблона» row. The book's kind is its «Тип
организации»: УО and регион are roll-ups (``core.analysis.ROLLUP_LEVELS``), anything else an organisation.
"""

from __future__ import annotations

from dataclasses import dataclass

from xl_roadmap.core.analysis import ROLLUP_LEVELS
from xl_roadmap.core.grid_reader import GridReader
from xl_roadmap.core.values import clean_text
from xl_roadmap.spec import Spec, default_spec

ANY, ROLLUP = "any", "rollup"       # what an entry point needs


@dataclass(frozen=True)
class BookKind:
    ours: bool
    org_kind: str = ""               # «Тип организации» as written
    kind_cell: str = ""              # where it is: «Сведения!B4»
    inputs_folder: str = ""          # «Папка с книгами для свода»

    @property
    def rollup(self) -> bool:
        return self.org_kind in ROLLUP_LEVELS


def book_kind(grids, spec: Spec | None = None) -> BookKind:
    """Reads only the «Сведения» form: cheap enough to run before every ribbon action."""
    spec = spec or default_spec()
    form = GridReader(spec).read_organisation(grids)
    if "template_version" not in form:
        return BookKind(ours=False)
    kind = form.get("org_kind")
    folder = form.get("inputs_folder")
    return BookKind(ours=True, org_kind=clean_text(kind.value) if kind else "",
                    kind_cell=f"{kind.sheet}!{kind.address}" if kind else "",
                    inputs_folder=clean_text(folder.value) if folder and folder.value is not None else "")


def refusal(kind: BookKind, name: str, need: str, button: str, spec: Spec | None = None) -> str | None:
    """Why the ribbon button ``button`` will not act on the book ``name`` of this kind (None: it will)."""
    spec = spec or default_spec()
    if not kind.ours:
        return spec.excel_message("not_ours", book=name, button=button)
    if need == ROLLUP and not kind.rollup:
        return spec.excel_message("not_rollup", book=name, kind=kind.org_kind or "не указан",
                                  cell=kind.kind_cell or "«Тип организации»", button=button)
    return None
