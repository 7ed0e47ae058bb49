"""«Исполнение плана»: a district's plan against its schools' books; one level up, each district's plan as its
roll-up's sheet says it (pure; the sheets are laid out by rollup.sheets).

The plan is the district's plan book when consolidate is given one (``--plan``), else the plan the schools'
handed-down actions name (their origin marks, core.origin): every plan number a school's book carries, each
with the text and deadline most schools left as the plan gave them. A school whose book lacks an action of the
plan removed it («нет в книге»); its actions without a mark are its own. The schools are those «Сроки» lists:
every organisation's book but one replaced by a later book.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from xl_roadmap.core.hand_down import FOR_SCHOOLS
from xl_roadmap.core.origin import fingerprint
from xl_roadmap.core.model import Row
from xl_roadmap.core.plan_execution import COUNTED, BookAction, PlanTotals, counts_of, plan_key
from xl_roadmap.core.values import display
from xl_roadmap.rollup.judging import Notice
from xl_roadmap.rollup.submission import Submission
from xl_roadmap.spec import Spec
from xl_roadmap.spec.vocabulary import PlanStatus, RollupSheet

FROM_MARKS = "origin marks"           # the JSON's "source" of a plan read from the books' marks
FROM_ROLLUPS = "district roll-ups"    # … of the region's, read from the districts' sheets


@dataclass(frozen=True)
class PlanAction:
    no: str
    action: str
    deadline: str                     # as written (a date as ДД.ММ.ГГГГ)
    level: str
    cells: dict[str, str] = field(default_factory=dict)    # column id → cell of the plan book (--plan)


@dataclass(frozen=True)
class Plan:
    source: str                       # "--plan <path>" or FROM_MARKS (the JSON's words)
    label: str                        # what the sheet's title says of it (Russian)
    actions: tuple[PlanAction, ...]
    file: str = ""                    # the plan book's file name and sheet, for «Происхождение» (--plan)
    sheet: str = ""


def plan_of_book(path: str, name: str, rows: list[Row], spec: Spec) -> Plan:
    """The actions a plan book gives schools (level ОО or ОО и УО, with a text): what hand-down hands out."""
    traced = ("no", "action", "deadline", "level")
    actions = tuple(
        PlanAction(no=str(display(r.value("no"))), action=r.text("action"), deadline=str(display(r.value("deadline"))),
                   level=r.text("level"),
                   cells={k: c.address for k in traced if (c := r.cells.get(k)) is not None and c.address})
        for r in rows if r.value("level") in FOR_SCHOOLS and r.text("action"))
    return Plan(source=f"--plan {path}", label=spec.rollup_text("plan_source_book", name=name), actions=actions,
                file=name, sheet=rows[0].sheet if rows else "")


def _majority(values: list[str]) -> str:
    seen = Counter(values)
    return min(seen, key=lambda v: (-seen[v], v)) if seen else ""


def _natural(no: str) -> tuple:
    """«1.2» before «1.10»: numbers compared as numbers, part by part."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.findall(r"\d+|\D+", no))


def plan_of_marks(schools: list[Submission], spec: Spec) -> Plan | None:
    """The plan the schools' handed-down actions name; None when no book carries a mark."""
    by_no: dict[str, list[BookAction]] = {}
    for sub in schools:
        for line in sub.plan_actions:
            by_no.setdefault(plan_key(line.plan_no), []).append(line)
    if not by_no:
        return None
    actions = []
    for lines in by_no.values():
        kept_text = [x.action for x in lines if x.kept[0]]
        kept_deadline = [x.deadline for x in lines if x.kept[1]]
        actions.append(PlanAction(no=_majority([x.plan_no for x in lines]),
                                  action=_majority(kept_text or [x.action for x in lines]),
                                  deadline=_majority(kept_deadline or [x.deadline for x in lines]),
                                  level=_majority([x.level for x in lines])))
    actions.sort(key=lambda a: (_natural(a.no), a.no))
    return Plan(source=FROM_MARKS, label=spec.rollup_text("plan_source_marks"), actions=tuple(actions))


@dataclass
class PlanExecution:
    """A district's plan against its schools' books: each action's status in each school (``cells``, plan order ×
    school order), the school's line behind it (None: «нет в книге»), and each school's own actions."""
    plan: Plan
    schools: list[Submission]
    cells: list[list[str]]
    lines: list[list[BookAction | None]]
    own: list[list[BookAction]]

    def row_counts(self, i: int) -> dict[str, int]:
        return counts_of(self.cells[i])

    def school_counts(self, j: int) -> dict[str, int]:
        return counts_of(row[j] for row in self.cells)

    def to_dict(self) -> dict[str, Any]:
        codes = [s.code for s in self.schools]
        return {"source": self.plan.source,
                "actions": [{"no": a.no, "action": a.action, "deadline": a.deadline, "level": a.level,
                             **self.row_counts(i),
                             "schools": dict(zip(codes, self.cells[i]))} for i, a in enumerate(self.plan.actions)],
                "own_actions": {code: len(own) for code, own in zip(codes, self.own)}}


def execution(plan: Plan, schools: list[Submission]) -> PlanExecution:
    wanted = {plan_key(a.no) for a in plan.actions}
    cells, lines, own = [], [], []
    by_school = []
    for sub in schools:
        found = {plan_key(x.plan_no): x for x in sub.plan_actions}
        # a marked action of another plan (one not in --plan) is the school's as much as its own actions are
        own.append([x for k, x in found.items() if k not in wanted] + sub.own_actions)
        by_school.append(found)
    for a in plan.actions:
        key = plan_key(a.no)
        row_lines = [found.get(key) for found in by_school]
        lines.append(row_lines)
        cells.append([x.status if x is not None else PlanStatus.ABSENT for x in row_lines])
    return PlanExecution(plan=plan, schools=schools, cells=cells, lines=lines, own=own)


@dataclass
class DistrictsPlan:
    """The region's «Исполнение плана»: each district roll-up with what its sheet says in all (None: no sheet)."""
    districts: list[tuple[Submission, PlanTotals | None]]

    def to_dict(self) -> dict[str, Any]:
        out = []
        for sub, t in self.districts:
            row: dict[str, Any] = {"code": sub.code, "name": str(sub.org.get("org_name") or ""), "status": sub.status,
                                   **dict.fromkeys(("actions", "schools", *COUNTED, "done_share", "overdue_share"))}
            if t is not None:       # None above: the roll-up has no «Исполнение плана» (not handed down, older)
                pairs = t.actions * t.schools
                row.update({"actions": t.actions, "schools": t.schools, **t.counts,
                            "done_share": share(t.counts["done"], pairs),
                            "overdue_share": share(t.counts["overdue"], pairs)})
            out.append(row)
        return {"source": FROM_ROLLUPS, "districts": out}


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def plan_not_used(plan: Plan, spec: Spec) -> Notice:
    """--plan given to a region's consolidation: each district's own plan is on its roll-up's sheet."""
    message = spec.rollup_text("plan_not_used", path=plan.source.removeprefix("--plan "),
                               sheet=spec.rollup_sheet(RollupSheet.PLAN).name)
    return Notice(kind="plan-not-used", message=message, tied=(), option="--plan")


def plan_of_consolidation(c, given: Plan | None) -> PlanExecution | DistrictsPlan | None:
    """A district's plan execution (the given plan, else the books' marks), or the region's per district; None when
    there is nothing to show: no handed-down book, no district roll-up with the sheet."""
    if c.sums_rollups:
        districts = [(s, s.plan_totals) for s in c.listed if s.is_rollup]
        return DistrictsPlan(districts) if any(t is not None for _, t in districts) else None
    # a plan book or an old roll-up left among the schools' books is no school: it gets no column
    schools = [s for s in c.listed if not s.is_rollup]
    plan = given or plan_of_marks(schools, c.spec)
    if plan is None or not schools:
        return None
    if given is not None and (notice := plan_mismatch(given, schools, c.spec)) is not None:
        c.notices.append(notice)
    return execution(plan, schools)


def plan_mismatch(plan: Plan, schools: list[Submission], spec: Spec) -> Notice | None:
    """The plan given (--plan) is not the one the books were handed down from — another district's, or the plan
    changed after hand-down: marked actions whose number the plan lacks, or whose text the school kept as handed
    down while the plan now says another. Matched by number alone, such a sheet would show one action's text
    beside another action's statuses."""
    texts = {plan_key(a.no): fingerprint(a.action) for a in plan.actions}
    absent, changed = set(), set()
    for sub in schools:
        for line in sub.plan_actions:
            key = plan_key(line.plan_no)
            if key not in texts:
                absent.add(line.plan_no)
            elif line.kept[0] and fingerprint(line.action) != texts[key]:
                changed.add(line.plan_no)
    if not absent and not changed:
        return None
    message = spec.rollup_text("plan_mismatch", path=plan.source.removeprefix("--plan "),
                               absent=_numbers(absent), changed=_numbers(changed))
    return Notice(kind="plan-mismatch", message=message, tied=(), option="--plan")


def _numbers(numbers: set[str]) -> str:
    ordered = sorted(numbers, key=lambda n: (_natural(n), n))
    return ", ".join(ordered[:10]) + (" …" if len(ordered) > 10 else "") if ordered else "—"
