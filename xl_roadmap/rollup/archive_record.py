"""What the archive of consolidations keeps of one consolidation, as plain data (io/archive stores it).

Per consolidation: when, into which file, the period and level, the parameters. Per input with a known
SHA-256 (the same file is one record however often it is consolidated): file name, organisation, level,
period, template version, catalogue edition, when it was received (the letter's date, else the book's own save
time, else the file's date: the roll-up's received-at), its status
and reason here. Per used submission: every indicator row as the roll-up summed it (a growth indicator's
denominator filled from the archive included, with the period it came from), its deadline states, its
evidence and action counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from xl_roadmap.rollup.consolidation import Consolidation
from xl_roadmap.rollup.submission import Submission, code_key, period_label
from xl_roadmap.spec.vocabulary import BookStatus


@dataclass(frozen=True)
class IndicatorRecord:
    row: int                       # the figure's place among the book's indicator rows (0-based)
    code: str
    period: str
    numerator: float | None
    denominator: float | None
    value: float | None
    norm: float | None
    status: str
    previous_from: str             # "" unless the denominator came from the archive (rollup.growth)


@dataclass(frozen=True)
class SubmissionRecord:
    sha256: str
    file_name: str
    org_code: str
    org_key: str                   # the code as compared (rollup.submission.code_key)
    org_name: str
    org_kind: str
    level: int
    period: str                    # as a period label: «2024/2025» and «2024-2025» are one
    template_version: str
    edition: str
    received_at: str               # ISO time the book was received (Submission.received_at), UTC
    status: str
    reason: str
    used: bool                     # summed into this roll-up (accepted, not replaced by a later book)
    actions: int
    evidence: int
    done: int
    done_without_evidence: int
    deadlines: tuple[tuple[str, int], ...]       # (deadline state, actions)
    indicators: tuple[IndicatorRecord, ...]


@dataclass(frozen=True)
class Recording:
    made_at: str                   # ISO time, UTC
    output: str                    # the roll-up's file name
    period: str
    level_kind: str
    as_of: str
    edition: str
    parameters: dict[str, Any]
    submissions: tuple[SubmissionRecord, ...]
    unrecorded: int                # inputs without a SHA-256 (not even opened): listed in the roll-up only


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).isoformat(timespec="seconds") if ts else ""


def _record(sub: Submission, status: str, reason: str, used: bool) -> SubmissionRecord:
    figures = sub.figures if used else []
    return SubmissionRecord(
        sha256=sub.sha256 or "", file_name=sub.name, org_code=sub.code, org_key=code_key(sub.code),
        org_name=str(sub.org.get("org_name") or ""), org_kind=str(sub.org.get("org_kind") or ""), level=sub.level,
        period=period_label(str(sub.org.get("period") or "").strip()),
        template_version=str(sub.org.get("template_version") or ""), edition=sub.edition,
        received_at=_iso(sub.received_at), status=status, reason=reason or "", used=used,
        actions=sub.action_count, evidence=sub.evidence_count, done=sub.done_count,
        done_without_evidence=len(sub.done_without_evidence),
        deadlines=tuple(sorted(sub.deadline_states.items())) if used else (),
        indicators=tuple(IndicatorRecord(k, f.code, f.period, f.numerator, f.denominator, f.value, f.norm, f.status,
                                         f.previous_from) for k, f in enumerate(figures)))


def recording(c: Consolidation, output: str, parameters: dict[str, Any], made_at: datetime) -> Recording:
    """The record of a finished consolidation (``made_at``: when; ``parameters``: the options as given)."""
    used = {id(s) for s in c.used}
    subs = [_record(s, s.status, s.reason, id(s) in used) for s in c.submissions]
    subs += [_record(s, BookStatus.UNREADABLE, s.read_error or "", False) for s in c.unreadable]
    subs += [_record(s, BookStatus.SKIPPED, s.skip_reason or "", False) for s in c.skipped]
    hashed = [s for s in subs if s.sha256]
    # the same file come twice (two letters) is one book: its record is the one summed, else the one received last
    best = {}
    for s in hashed:
        if s.sha256 not in best or (s.used, s.received_at) > (best[s.sha256].used, best[s.sha256].received_at):
            best[s.sha256] = s
    kept = tuple(s for s in hashed if best[s.sha256] is s)
    return Recording(made_at=made_at.astimezone(UTC).isoformat(timespec="seconds"), output=output,
                     period=period_label(c.period), level_kind=c.level_kind, as_of=c.as_of.isoformat(),
                     edition=c.edition.id, parameters=dict(parameters), submissions=kept,
                     unrecorded=len(subs) - len(hashed))
