"""The words the code needs, by id: statuses, states, severities, kinds, the roll-up's sheets.

Code writes ``ActionStatus.DONE``, never «выполнено»: each Russian word lives once, in the spec's JSON
(``workbook.json`` lists with ids and its ``rollup`` section, ``rules.json`` severities). A test proves every
class below names exactly its list, in order.
"""

from __future__ import annotations

from xl_roadmap.spec.loader import Spec, default_spec

_SPEC: Spec = default_spec()


def _terms(source: dict[str, str], *ids: str) -> tuple[str, ...]:
    return tuple(source[i] for i in ids)


class ActionStatus:
    """«Статус» of a roadmap action (workbook.json lists.action_statuses)."""
    NOT_STARTED, IN_PROGRESS, DONE, POSTPONED, CANCELLED = _terms(
        _SPEC.terms["action_statuses"], "not_started", "in_progress", "done", "postponed", "cancelled")
    CLOSED = (DONE, CANCELLED)       # nothing left to do or to plan: no deadline owed, not carried to next period


class DeadlineState:
    """What a deadline is on a given day (lists.deadline_states)."""
    DONE, ON_TIME, OVERDUE, MISSING, UNPARSED = _terms(
        _SPEC.terms["deadline_states"], "done", "on_time", "overdue", "missing", "unparsed")


class IndicatorStatus:
    """An indicator's value against its norm (lists.indicator_statuses)."""
    ACHIEVED, NOT_ACHIEVED, NO_NORM, NO_DATA = _terms(
        _SPEC.terms["indicator_statuses"], "achieved", "not_achieved", "no_norm", "no_data")


class OrgKind:
    """«Тип организации» (lists.org_kinds); a district's and a region's roll-ups carry DISTRICT and REGION."""
    SCHOOL, PRESCHOOL, SUPPLEMENTARY, DISTRICT, REGION = _terms(
        _SPEC.terms["org_kinds"], "school", "preschool", "supplementary", "district", "region")


class Level:
    """«Уровень» of an action (lists.levels)."""
    SCHOOL, DISTRICT, BOTH = _terms(_SPEC.terms["levels"], "school", "district", "both")


class EvidenceRole:
    """«Роль документа» (lists.evidence_roles)."""
    BASIS, CONFIRMATION = _terms(_SPEC.terms["evidence_roles"], "basis", "confirmation")


class Severity:
    """A finding's severity (rules.json severities), most severe first."""
    ERROR, WARNING, NOTE = _terms(_SPEC.severities, "error", "warning", "note")
    RANK = {ERROR: 0, WARNING: 1, NOTE: 2}


class BookStatus:
    """What a consolidation did with a book (workbook.json rollup.book_statuses)."""
    ACCEPTED, ACCEPTED_WITH_REMARKS, REJECTED, REPLACED, UNREADABLE, MISSING, SKIPPED = _terms(
        _SPEC.book_statuses, "accepted", "accepted_with_remarks", "rejected", "replaced", "unreadable", "missing",
        "skipped")


class PlanStatus:
    """A school's cell on «Исполнение плана» beyond the action's own status (ActionStatus) and
    DeadlineState.OVERDUE (workbook.json rollup.plan_statuses)."""
    ABSENT, = _terms(_SPEC.plan_statuses, "absent")


class ReceivedFrom:
    """Where a book's received-at comes from (workbook.json rollup.received_from): the letter it came in, the
    book's own save time (its properties), the file's date."""
    LETTER, PROPERTIES, FILE = _terms(_SPEC.received_from, "letter", "properties", "file")


class RollupSheet:
    """Ids of the sheets a roll-up adds (workbook.json rollup.sheets); names and headers: Spec.rollup_sheet.
    PLAN is a district's (per school), PLAN_DISTRICTS the region's (per district): one name, one of them."""
    REGISTER, COVERAGE, MATRIX, CHARTS, DEADLINES, EVIDENCE, PLAN, PLAN_DISTRICTS, PROVENANCE = (
        "register", "coverage", "matrix", "charts", "deadlines", "evidence_summary", "plan", "plan_districts",
        "provenance")
    ORDER = (REGISTER, COVERAGE, MATRIX, CHARTS, DEADLINES, EVIDENCE, PLAN, PLAN_DISTRICTS, PROVENANCE)


# each class above → where its words come from; the vocabulary test walks this
SOURCES = {
    ActionStatus: ("lists", "action_statuses"), DeadlineState: ("lists", "deadline_states"),
    IndicatorStatus: ("lists", "indicator_statuses"), OrgKind: ("lists", "org_kinds"), Level: ("lists", "levels"),
    EvidenceRole: ("lists", "evidence_roles"), Severity: ("rules", "severities"),
    BookStatus: ("rollup", "book_statuses"), PlanStatus: ("rollup", "plan_statuses"),
    ReceivedFrom: ("rollup", "received_from"),
}


def words(cls) -> tuple[str, ...]:
    """A vocabulary class's words in declaration order (its upper-case string constants)."""
    return tuple(v for k, v in vars(cls).items() if k.isupper() and isinstance(v, str))
