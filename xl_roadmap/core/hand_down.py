"""A district's plan handed down: one school's prefilled workbook content from the plan's values.

The school gets its «Сведения» (name, code, the district's municipality and region, the period, the
district's document as the basis), every action of the plan that schools carry out (level ОО, or ОО и УО)
with its number, section, deadline, result and indicator codes — numbers unchanged, so the district's
consolidation recognises them — each marked with its origin (core.origin: faults of the plan's own cells
stay the district's until the school changes them) — and the catalogue's school indicators. «Ответственный»
is left for the school to name unless the plan's text names the schools' own people (e.g. «Руководители ОО»).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from xl_roadmap.core import origin
from xl_roadmap.core.addresses import address
from xl_roadmap.core.content import WorkbookContent, catalogue_rows
from xl_roadmap.core.model import Row
from xl_roadmap.core.values import display
from xl_roadmap.core.word_import.text import mentions
from xl_roadmap.spec import Edition, SheetSpec, WordImportSpec
from xl_roadmap.spec.vocabulary import Level, OrgKind

CARRIED = ("no", "codes", "action", "deadline", "result", "section")
FOR_SCHOOLS = (Level.SCHOOL, Level.BOTH)
BASIS = ("doc_kind", "doc_number", "doc_date")
CARRIED_FIELDS = ("municipality", "region") + BASIS          # «Сведения» every school's book gets from the plan


def school_actions(actions: list[dict[str, Any]], words: WordImportSpec) -> list[dict[str, Any]]:
    out = []
    for a in actions:
        if a.get("level") not in FOR_SCHOOLS or not a.get("action"):
            continue
        # a date typed into the plan's «Срок» goes as its text: the school's column is a text column, where a
        # date would show (and read back) as Excel's serial number, a deadline nobody recognises
        row = {k: display(v) if isinstance(v, date) else v for k in CARRIED if (v := a.get(k)) not in (None, "")}
        row["level"] = Level.SCHOOL
        if _schools_own(a.get("responsible"), words):
            row["responsible"] = str(a.get("responsible"))
        row["origin"] = origin.mark(row)          # what the school got, so its own changes can be told
        out.append(row)
    return out


def _schools_own(responsible: Any, words: WordImportSpec) -> bool:
    """«Руководители ОО»: the plan names the schools' own people, so each school keeps the words."""
    return mentions(words.school_words, str(responsible or ""))


def carried_cells(rows: list[Row], roadmap: SheetSpec, header_row: int,
                  words: WordImportSpec) -> set[tuple[str, str]]:
    """The plan's cells (sheet, address) whose values every school's book gets: the carried columns of the
    actions for schools, and «Ответственный» where it names the schools' own people. A row for schools without
    its action text counts too: :func:`school_actions` leaves it out, and the district is the one to see that.
    So do the carried columns' header cells — a column missing from the plan is said there, and every school's
    book would lack it."""
    sheet = rows[0].sheet if rows else roadmap.name
    cells = {(sheet, address(header_row, roadmap.column_index(k))) for k in CARRIED}
    for row in rows:
        if row.value("level") not in FOR_SCHOOLS:
            continue
        columns = CARRIED + ("responsible",) if _schools_own(row.value("responsible"), words) else CARRIED
        cells.update((cell.sheet, cell.address) for k in columns
                     if (cell := row.cells.get(k)) is not None and cell.address)
    return cells


def school_content(plan_org: dict[str, Any], actions: list[dict[str, Any]], code: str, name: str,
                   edition: Edition, period: str | None) -> WorkbookContent:
    org = {"org_name": name, "org_code": code, "org_kind": OrgKind.SCHOOL, "period": period or plan_org.get("period")}
    org.update({k: plan_org.get(k) for k in CARRIED_FIELDS})
    return WorkbookContent(organisation={k: v for k, v in org.items() if v not in (None, "")},
                           indicators=catalogue_rows(edition, ("school",)), actions=[dict(a) for a in actions])
