"""Judging a deadline on a day: late or not, and which checkpoints were missed."""

from __future__ import annotations

from datetime import date

from xl_roadmap.core.deadlines.deadline import Deadline
from xl_roadmap.spec.vocabulary import DeadlineState

DONE = DeadlineState.DONE
ON_TIME = DeadlineState.ON_TIME
OVERDUE = DeadlineState.OVERDUE
NO_DEADLINE = DeadlineState.MISSING
NOT_UNDERSTOOD = DeadlineState.UNPARSED
STATUSES = (DONE, ON_TIME, OVERDUE, NO_DEADLINE, NOT_UNDERSTOOD)


def missed_checkpoints(d: Deadline, as_of: date, completion_date: date | None = None) -> list[date]:
    """Checkpoints already past on ``as_of`` (strictly before it) that the completion date does not cover.
    A completion date covers every checkpoint on or before it."""
    return [c for c in d.checkpoints if c < as_of and (completion_date is None or c > completion_date)]


def deadline_status(d: Deadline, done: bool, as_of: date, completion_date: date | None = None) -> str:
    """One of STATUSES. A listed deadline («май 2024 г., май 2025 г.») is late when any of its checkpoints
    passed; a periodic one («ежеквартально») stays «в работе» until its end, so its end decides, as for the rest
    (docs/design-notes.md, rules/roadmap.py)."""
    if done:
        return DONE
    if d.kind == "missing":
        return NO_DEADLINE
    if d.kind == "unparsed":
        return NOT_UNDERSTOOD
    if d.kind == "event-bound":
        return ON_TIME
    if d.recurrence == "listed" and d.checkpoints:
        return OVERDUE if missed_checkpoints(d, as_of, completion_date) else ON_TIME
    if d.end is not None and d.end < as_of:
        return OVERDUE
    return ON_TIME
