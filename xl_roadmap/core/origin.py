"""Where a school's action came from: the mark hand-down writes into a handed-down action's «Из плана УО».

The mark holds the action's number in the district's plan and a short fingerprint of each cell the plan gave
the school (text, deadline, codes, responsible, number). A fault in such a cell that the school left as the
plan wrote it — no deadline, no indicator code, a deadline spanning the plan's years — is the district's, not
the school's: the school's report leaves it out, hand-down and import report it to the district. Once the school
changes the cell, the fingerprint no longer matches and the cell, with its findings, is the school's.

The mark is plain text in a hidden column, so it survives the school's edits of other cells, Excel's saving,
next-period (which carries the column) and a roll-up («Дорожная карта» of every school).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from xl_roadmap.core.values import display

PREFIX = "план УО"
# the cells a plan gives a school; «no» first, since the mark also says the plan's number verbatim
FINGERPRINTED = ("no", "action", "deadline", "codes", "responsible")
_SEP = " | "


def fingerprint(value: Any) -> str:
    """Six hex digits of the cell's text as a person reads it: spacing and case do not count, Excel's saving a
    typed date as a date does not either (display gives ДД.ММ.ГГГГ both ways)."""
    text = " ".join(str(display(value)).split()).casefold()
    return hashlib.blake2s(text.encode("utf-8"), digest_size=3).hexdigest()


def mark(action: dict[str, Any]) -> str:
    """«план УО | 1.2 | no=… | action=… | …» for a handed-down action (column id → value)."""
    parts = [PREFIX, str(display(action.get("no")))]
    parts += [f"{column_id}={fingerprint(action.get(column_id))}" for column_id in FINGERPRINTED]
    return _SEP.join(parts)


@dataclass(frozen=True)
class Origin:
    plan_no: str                      # the action's number in the district's plan
    prints: dict[str, str]            # column id → fingerprint as handed down

    def unchanged(self, column_id: str, value: Any) -> bool:
        """Whether the cell still holds what the plan gave (a column the mark does not cover never is)."""
        expected = self.prints.get(column_id)
        return expected is not None and expected == fingerprint(value)


def parse(text: Any) -> Origin | None:
    """The mark read back; None for an empty cell or text that is no mark of ours (a school typing into the
    hidden column makes the action its own)."""
    if not isinstance(text, str) or not text.startswith(PREFIX + _SEP):
        return None
    parts = text.split(_SEP)
    if len(parts) < 3:
        return None
    prints = {}
    for part in parts[2:]:
        column_id, sep, value = part.partition("=")
        if not sep or column_id not in FINGERPRINTED or len(value) != 6:
            return None
        prints[column_id] = value
    return Origin(plan_no=parts[1], prints=prints)
