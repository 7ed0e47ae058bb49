"""A consolidation: many submissions (schools' books, or districts' roll-ups) → one roll-up one level up.

Pure: submissions come in already read and validated (``app.consolidate`` reads the files). Aggregation
works unchanged one level up because a roll-up keeps its Σnumerators and Σdenominators on its own
«Показатели» sheet.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from xl_roadmap.core import indicators as ind
from xl_roadmap.rollup.aggregation import AggregateRow, aggregate_indicators
from xl_roadmap.rollup.apart import apart_notices, linked_notice, rollup_catalogue
from xl_roadmap.rollup.coverage import Coverage, coverage_rows, of_consolidation
from xl_roadmap.rollup.growth import PreviousValues, fill_growth
from xl_roadmap.rollup.judging import Notice, choose, find_duplicates, judge, same_book_again
from xl_roadmap.rollup.plan import (
    DistrictsPlan,
    Plan,
    PlanExecution,
    plan_not_used,
    plan_of_consolidation,
)
from xl_roadmap.rollup.submission import Submission, code_key, order_key, received_iso
from xl_roadmap.spec import Edition, Spec
from xl_roadmap.spec.vocabulary import BookStatus, DeadlineState, OrgKind


@dataclass
class ExpectedOrg:
    code: str
    name: str


@dataclass
class Consolidation:
    spec: Spec
    edition: Edition
    as_of: date
    period: str
    level_kind: str                      # OrgKind.DISTRICT for a district roll-up, OrgKind.REGION one level up
    submissions: list[Submission]        # readable, in a stable order (organisation code, then file)
    unreadable: list[Submission]
    used: list[Submission]               # accepted and not replaced by a duplicate
    duplicates: list[tuple[str, Submission, Submission]]   # (code, kept, replaced)
    missing: list[ExpectedOrg]
    unexpected: list[Submission]
    aggregates: list[AggregateRow]
    skipped: list[Submission] = field(default_factory=list)    # inputs that are not books to sum (see submission)
    # ties of period or level (judging.choose), growth from the archive, figures kept apart (rollup.apart)
    notices: list[Notice] = field(default_factory=list)
    expected: list[ExpectedOrg] | None = None                  # the list given (--expected), None without one
    # the roll-up's own code and name as its «Сведения» gives them (set by rollup.book.rollup_content): the
    # line a district's coverage is listed under
    own: dict[str, str] = field(default_factory=dict)
    organisation: dict[str, Any] = field(default_factory=dict)   # the roll-up's «Сведения» as written
    # «Исполнение плана» (rollup.plan): a district's plan against its schools, or the region's per district
    plan: PlanExecution | DistrictsPlan | None = None

    @property
    def sums_rollups(self) -> bool:
        return self.level_kind == OrgKind.REGION

    def coverage(self) -> Coverage:
        """How many organisations this roll-up expected, accepted, rejected and missed (rollup.coverage)."""
        return of_consolidation(self)

    def identify(self, organisation: dict[str, Any]) -> None:
        self.organisation = dict(organisation)
        self.own = {"code": str(organisation.get("org_code") or ""),
                    "name": str(organisation.get("org_name") or organisation.get("municipality") or "")}

    @property
    def listed(self) -> list[Submission]:
        """Who appears on «Сроки», «Подтверждения» and «Исполнение плана»: every organisation's book, rejected
        ones included — a book is most often rejected for the very deadlines and documents these sheets count."""
        return [s for s in self.submissions if s.status != BookStatus.REPLACED]

    @property
    def rejected(self) -> list[Submission]:
        return [s for s in self.submissions if s.status == BookStatus.REJECTED]

    def deadline_counts(self, sub: Submission | None = None) -> dict[str, int]:
        subs = [sub] if sub is not None else self.used
        states: Counter = Counter()
        for s in subs:
            states.update(s.deadline_states)
        return {"overdue": states.get(DeadlineState.OVERDUE, 0), "missing": states.get(DeadlineState.MISSING, 0),
                "unparsed": states.get(DeadlineState.UNPARSED, 0)}

    def to_dict(self) -> dict:
        return {
            "organisations": len({s.code or s.path for s in self.submissions}),
            "accepted": sum(1 for s in self.submissions if s.accepted),
            "rejected": len(self.rejected),
            "missing": [{"code": m.code, "name": m.name} for m in self.missing],
            "duplicates": [{"code": code, "kept": kept.path, "replaced": dropped.path}
                           for code, kept, dropped in self.duplicates],
            "unreadable": [{"path": s.path, "reason": s.read_error} for s in self.unreadable],
            "indicators": [{"code": a.code, "period": a.period, "edition": a.edition or None,
                            "numerator": a.numerator, "denominator": a.denominator, "value": a.value, "norm": a.norm,
                            "below_norm": a.status == ind.NOT_ACHIEVED, "organisations_below_norm": a.below_norm}
                           for a in self.aggregates],
            "deadlines": self.deadline_counts(),
            "skipped": [{"path": s.path, "reason": s.skip_reason} for s in self.skipped],
            "submissions": self.submission_list(),
            "notices": [n.to_dict() for n in self.notices],
            "coverage": [row.to_dict() for row in coverage_rows(self)],
            "plan": self.plan.to_dict() if self.plan is not None else None,
        }

    def submission_list(self) -> list[dict]:
        """What became of every input, in the register's order, with when and from whom it came."""
        out = [{"path": s.path, "code": s.code, "name": str(s.org.get("org_name") or ""), "status": s.status,
                "reason": s.reason, **_received(s)} for s in self.submissions]
        out += [{"path": s.path, "code": "", "name": "", "status": BookStatus.UNREADABLE, "reason": s.read_error,
                 **_received(s)} for s in self.unreadable]
        out += [{"path": s.path, "code": "", "name": "", "status": BookStatus.SKIPPED, "reason": s.skip_reason,
                 **_received(s)} for s in self.skipped]
        return out


def _received(s: Submission) -> dict[str, Any]:
    return {"sender": s.sender or None, "sent_at": s.sent_at or None, "received_at": received_iso(s),
            "received_from": s.received_from or None}


def assemble(subs: list[Submission], *, spec: Spec, as_of: date, period: str | None = None,
             expected: list[ExpectedOrg] | None = None, level: int | None = None,
             previous: PreviousValues | None = None, plan: Plan | None = None) -> Consolidation:
    """Judge, order and de-duplicate ingested submissions and aggregate the used ones; ``previous``: archived
    values that fill growth indicators left without the previous period (rollup.growth); ``plan``: the district's
    plan book (--plan) its schools' books are held to on «Исполнение плана» (rollup.plan)."""
    skipped = sorted((s for s in subs if s.skip_reason), key=lambda s: s.path)
    subs = [s for s in subs if not s.skip_reason]
    for s in skipped:
        s.status, s.reason = BookStatus.SKIPPED, s.skip_reason
    readable = [s for s in subs if s.read_error is None]
    unreadable = [s for s in subs if s.read_error is not None]
    # the same file come twice is one book: the copies received earlier are replaced before anything is judged
    again = same_book_again(readable)
    repeated = {id(dropped) for _, dropped in again}
    once = [s for s in readable if id(s) not in repeated]
    choice = choose(once, period, level)
    period, level = choice.period, choice.level
    for s in once:
        judge(s, period, level)
    readable.sort(key=order_key)
    once.sort(key=order_key)
    duplicates = [(kept.code or kept.path, kept, dropped) for kept, dropped in again] + find_duplicates(once, period)
    for _, kept, dropped in duplicates:
        dropped.status, dropped.reason = BookStatus.REPLACED, spec.rollup_text("duplicate_taken", name=kept.name)
    used = [s for s in readable if s.accepted]
    level_kind = OrgKind.REGION if level > 0 else OrgKind.DISTRICT
    editions = Counter(s.edition for s in used)
    edition = spec.editions.get(min(editions, key=lambda e: (-editions[e], e))) if editions else spec.edition()
    filled = fill_growth(used, edition, previous, spec)
    aggregates = aggregate_indicators(used, edition, period, spec)
    apart = apart_notices(aggregates, edition, spec) + linked_notice(aggregates, edition, spec)
    missing, unexpected = [], []
    if expected is not None:
        sent = {code_key(s.code) for s in readable}
        missing = [e for e in expected if code_key(e.code) not in sent]
        known = {code_key(e.code) for e in expected}
        unexpected = [s for s in once if code_key(s.code) not in known]
    # the roll-up is a book of the majority's edition; the rows of other editions name their own
    c = Consolidation(spec=spec, edition=rollup_catalogue(edition, aggregates, spec), as_of=as_of,
                      period=period, level_kind=level_kind,
                      submissions=readable, unreadable=sorted(unreadable, key=lambda s: s.path), used=used,
                      duplicates=duplicates, missing=missing, unexpected=unexpected,
                      aggregates=aggregates, skipped=skipped, notices=list(choice.notices) + filled + apart,
                      expected=list(expected) if expected is not None else None)
    c.plan = plan_of_consolidation(c, plan)
    if plan is not None and c.sums_rollups:
        c.notices.append(plan_not_used(plan, spec))
    return c
