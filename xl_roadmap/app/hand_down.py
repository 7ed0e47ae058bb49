"""Use case «Раздать план школам»: a district's plan workbook (imported from Word or typed) and a list of its
organisations → one prefilled school workbook per organisation, written atomically into a folder.

The plan is checked first, as ``validate`` checks the district's book: an error in what every school gets (a
school action without a deadline, its text or number, a number twice …) would reach every book, and only the
district can mend it — so nothing is written unless forced. Those findings, warnings too, are the district's
to see once, not each school's.

A book already in the folder is never overwritten (a school may have started filling it) unless asked;
each skipped or failed book is listed with its reason. A school's book and a roll-up are not plans: a roll-up's
actions are every school's. Outcome: 0 — every book written; 1 — some skipped, or the plan's errors handed down
by force; 2 — none written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from xl_roadmap.app.new_book import period_of, refusal_for_rollup
from xl_roadmap.core.hand_down import CARRIED_FIELDS, carried_cells, school_actions, school_content
from xl_roadmap.core.model import Cell, WorkbookData
from xl_roadmap.io.atomic import OutputError
from xl_roadmap.io.expected import read_organisation_rows
from xl_roadmap.io.workbook_file import ReadError, read_workbook
from xl_roadmap.io.xlsx.writer import WorkbookWriter
from xl_roadmap.rollup.submission import code_key
from xl_roadmap.rules.findings import ERROR, Finding
from xl_roadmap.rules.validation import validate_data
from xl_roadmap.spec import Spec, default_spec
from xl_roadmap.spec.vocabulary import OrgKind

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


@dataclass
class HandDownOutcome:
    plan: str
    written: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)     # (file, reason)
    actions: int = 0
    reason: str | None = None
    plan_findings: list[Finding] = field(default_factory=list)    # on the cells every school's book gets
    force: bool = False
    # required «Сведения» the plan gives every school (municipality, region) left empty in the plan: (id, label, cell)
    plan_gaps: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def plan_errors(self) -> list[Finding]:
        return [f for f in self.plan_findings if f.severity == ERROR]

    @property
    def exit_code(self) -> int:
        if self.reason is not None or not self.written:
            return 2
        return 1 if self.skipped or self.plan_errors else 0

    def as_json(self) -> dict:
        return {"plan": self.plan, "actions": self.actions, "written": self.written,
                "skipped": [{"file": f, "reason": r} for f, r in self.skipped], "reason": self.reason,
                "plan_findings": [f.to_dict() for f in self.plan_findings], "force": self.force,
                "plan_gaps": [{"field": k, "label": label, "cell": cell} for k, label, cell in self.plan_gaps]}


def file_name(code: str, name: str) -> str:
    base = " ".join(_UNSAFE.sub(" ", f"{code} {name}").split()).strip(" .")
    return (base[:120] or "организация") + ".xlsx"


def for_period(data: WorkbookData, period: str) -> WorkbookData:
    """The plan as the schools' books will hold it: its «Отчётный период» the one given to hand-down."""
    cell = data.organisation.get("period")
    if cell is None:
        return data
    organisation = dict(data.organisation)
    organisation["period"] = Cell(period, cell.sheet, cell.address, period)
    return replace(data, organisation=organisation)


def plan_for_schools(data: WorkbookData, spec: Spec) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A plan book as hand-down gives it out: its «Сведения» values (what :func:`school_content` carries from
    them) and its actions for schools, marked with their origin (core.hand_down.school_actions)."""
    plan_org = {k: c.value for k, c in data.organisation.items() if not c.empty}
    actions = school_actions([{k: row.value(k) for k in row.cells} for row in data.actions], spec.word_import)
    return plan_org, actions


def hand_down(plan_path: Path | str, orgs_path: Path | str, out_dir: Path | str, *, period: str | None = None,
              overwrite: bool = False, force: bool = False, as_of: date | None = None,
              spec: Spec | None = None) -> HandDownOutcome:
    spec = spec or default_spec()
    plan_path, out_dir = Path(plan_path), Path(out_dir)
    outcome = HandDownOutcome(plan=str(plan_path), force=force)
    if period is not None:
        new, reason = period_of(period, spec)
        if new is None:
            outcome.reason = reason
            return outcome
        period = new.text
    try:
        data = read_workbook(plan_path, spec)
        orgs = read_organisation_rows(orgs_path)
    except ReadError as exc:
        outcome.reason = f"{exc.path}: {exc.reason}"
        return outcome
    if not any(o.code for o in orgs):
        outcome.reason = f"{orgs_path}: в списке нет ни одной организации с кодом"
        return outcome
    plan_org, actions = plan_for_schools(data, spec)
    if plan_org.get("org_kind") == OrgKind.SCHOOL:
        outcome.reason = (f"{plan_path}: это книга школы (тип «{OrgKind.SCHOOL}»), а раздаётся план района — "
                          f"укажите книгу УО (импортированный план района или книгу по шаблону district)")
        return outcome
    rollup = refusal_for_rollup(data, spec, "rollup_hand_down")
    if rollup is not None:
        outcome.reason = f"{plan_path}: {rollup}"
        return outcome
    outcome.actions = len(actions)
    if not actions:
        outcome.reason = (f"{plan_path}: в плане нет мероприятий уровня «ОО» (или «ОО и УО») — школам нечего "
                          f"передать; проверьте столбец «Уровень» на листе «Дорожная карта»")
        return outcome
    carried = carried_cells(data.actions, spec.sheet("roadmap"), spec.header_row, spec.word_import)
    # what is about the plan's own content; the plan's other warnings (its own actions overdue today …) are not
    # the schools' business
    content = set(spec.rule_settings.get("plan_content_rules", ()))
    if period is not None:          # the plan is checked for the period the schools get, not its own
        data = for_period(data, period)
    outcome.plan_findings = [f for f in validate_data(data, as_of or date.today(), spec).findings
                             if (f.sheet, f.cell) in carried and (f.severity == ERROR or f.code in content)]
    # not a reason to stop: each school can type its own; but the district is told once, not every school
    form = spec.sheet("organisation")
    outcome.plan_gaps = [(k, form.field(k).label, f"{c.sheet}!{c.address}") for k in CARRIED_FIELDS
                         if form.field(k).required and (c := data.organisation.get(k)) is not None and c.empty]
    if outcome.plan_errors and not force:
        outcome.reason = (f"{plan_path}: в мероприятиях для школ ошибок: {len(outcome.plan_errors)} — они перешли "
                          f"бы в книгу каждой школы, а исправить их может только район. Исправьте план и раздайте "
                          f"снова (или раздайте как есть с --force)")
        return outcome
    edition = spec.editions.get(str(plan_org.get("edition") or "")) or spec.edition()
    if not out_dir.is_dir():
        try:
            out_dir.mkdir(parents=True)
        except OSError as exc:
            outcome.reason = f"папка «{out_dir}» не создана: {exc.strerror or exc}"
            return outcome
    seen: set[str] = set()
    for org in orgs:
        if not org.code:
            outcome.skipped.append((str(orgs_path), f"у организации «{org.name}» нет кода — книга "
                                                                f"не сделана; впишите код в список"))
            continue
        if code_key(org.code) in seen:
            outcome.skipped.append((str(orgs_path), f"код «{org.code}» уже встречался в списке — "
                                                                f"вторая книга с тем же кодом не сделана"))
            continue
        seen.add(code_key(org.code))
        target = out_dir / file_name(org.code, org.name)
        if target.resolve() == plan_path.resolve() or (target.exists() and not overwrite):
            outcome.skipped.append((str(target), "файл уже есть — не перезаписан (его могли начать заполнять); "
                                                 "удалите его или запустите с --overwrite"))
            continue
        content = school_content(plan_org, actions, org.code, org.name, edition, period)
        try:
            WorkbookWriter(spec, edition, content).save(target)
        except OutputError as exc:
            outcome.skipped.append((str(target), str(exc)))
            continue
        outcome.written.append(str(target))
    return outcome
