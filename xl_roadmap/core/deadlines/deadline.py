"""The parsed deadline: what every part of the parser returns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

KINDS = ("date", "range", "recurring", "ongoing", "event-bound", "missing", "unparsed")


@dataclass(frozen=True)
class Deadline:
    text: str                      # the text as written (stripped); "" for an empty cell; ДД.ММ.ГГГГ for a date cell
    kind: str                      # one of KINDS
    start: date | None = None
    end: date | None = None        # the last day by which the whole thing must be done
    recurrence: str | None = None  # listed, monthly, quarterly, twice-yearly, N-per-year, weekly, per-term, yearly
    checkpoints: tuple[date, ...] = ()
    hint: str = ""
    looks_like_person: bool = False

    def to_dict(self) -> dict:
        def iso(d: date | None) -> str | None:
            return d.isoformat() if d else None
        return {"text": self.text, "kind": self.kind, "start": iso(self.start), "end": iso(self.end),
                "recurrence": self.recurrence, "checkpoints": [c.isoformat() for c in self.checkpoints]}


def unparsed(text: str, hint: str, person: bool = False) -> Deadline:
    # never without a hint: the user must be told why the text was not understood
    return Deadline(text, "unparsed", hint=hint, looks_like_person=person)
