"""Python twins of the workbook's native formulas (computed columns and the «Самопроверка» sheet).

The template writer stores these results as the formulas' cached values, the reader recomputes them instead
of trusting a file, and a LibreOffice test proves that both sides agree.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Mapping, Sequence

from xl_roadmap.core import indicators as ind
from xl_roadmap.core.values import clean_text
from xl_roadmap.spec import Edition, Spec
from xl_roadmap.spec.vocabulary import ActionStatus

Values = Mapping[str, Any]


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and v == "")


def _num(v: Any) -> float | None:
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def indicator_derived(row: Values, edition: Edition) -> dict[str, Any]:
    """value, status, deviation and the hidden kind/multiplier/direction columns of one «Показатели» row."""
    code = clean_text(row.get("code"))
    entry = edition.get(code) if code else None
    kind = entry.kind if entry else None
    multiplier = entry.multiplier if entry else None
    direction = entry.direction if entry else None
    value = None
    if code:
        value = ind.compute_value(kind, multiplier, _num(row.get("numerator")), _num(row.get("denominator")))
    norm = _num(row.get("norm"))
    return {
        "value": value,
        "status": ind.status(value, norm, direction) if code else "",
        "deviation": ind.deviation(value, norm),
        "kind": kind or "",
        "multiplier": multiplier if multiplier is not None else "",
        "direction": direction or "",
    }


def action_key(value: Any) -> str:
    """How an action number is compared between the roadmap and the evidence log (COUNTIF-like)."""
    return clean_text(value).lower()


def evidence_counts(actions: Sequence[Values], evidence: Sequence[Values]) -> list[int | None]:
    """Per action row: how many evidence rows name its number (None for a row without a number)."""
    counts = Counter(action_key(e.get("action_no")) for e in evidence if not _blank(e.get("action_no")))
    return [None if _blank(a.get("no")) else counts.get(action_key(a.get("no")), 0) for a in actions]


def _filled(v: Any) -> bool:
    return not _blank(v)


def selfcheck_counts(spec: Spec, organisation: Values, indicators: Sequence[Values], actions: Sequence[Values],
                     evidence: Sequence[Values], edition: Edition) -> dict[str, int]:
    """The numbers the «Самопроверка» sheet shows, computed the way its formulas compute them."""
    form = spec.sheet("organisation")
    derived = [indicator_derived(r, edition) for r in indicators]
    out: dict[str, int] = {}
    out["org_required_empty"] = sum(1 for f in form.fields if f.required and not _filled(organisation.get(f.id)))
    out["indicator_no_code"] = sum(
        1 for r in indicators
        if not _filled(r.get("code")) and (_filled(r.get("numerator")) or _filled(r.get("denominator")))
    )
    out["indicator_no_data"] = sum(1 for r in indicators if _filled(r.get("code")) and not _filled(r.get("numerator")))
    out["indicator_no_period"] = sum(1 for r in indicators if _filled(r.get("code")) and not _filled(r.get("period"))
                                     and (_filled(r.get("numerator")) or _filled(r.get("denominator"))))
    out["indicator_num_gt_den"] = sum(
        1 for r, d in zip(indicators, derived)
        if d["kind"] == "share" and _num(r.get("numerator")) is not None and _num(r.get("denominator")) is not None
        and _num(r.get("numerator")) > _num(r.get("denominator"))
    )
    out["indicator_negative"] = sum(
        1 for r in indicators for c in ("numerator", "denominator") if (_num(r.get(c)) or 0) < 0
    )
    out["indicator_below_norm"] = sum(1 for d in derived if d["status"] == ind.NOT_ACHIEVED)
    out.update(roadmap_selfcheck_counts(actions, evidence))
    return out


def roadmap_selfcheck_counts(actions: Sequence[Values], evidence: Sequence[Values]) -> dict[str, int]:
    """The roadmap and evidence part of «Самопроверка».

    Additive over blocks whose evidence only names actions of the same block (a roll-up's schools, whose action
    numbers carry the school's code), so a roll-up written school by school can sum them.
    """
    counts = evidence_counts(actions, evidence)
    action_nos = {action_key(a.get("no")) for a in actions if _filled(a.get("no"))}
    return {
        "action_no_deadline": sum(1 for a in actions if _filled(a.get("action")) and not _filled(a.get("deadline"))),
        "action_no_responsible": sum(
            1 for a in actions if _filled(a.get("action")) and not _filled(a.get("responsible"))),
        "action_done_no_date": sum(
            1 for a in actions if a.get("status") == ActionStatus.DONE and not _filled(a.get("completion_date"))),
        "action_done_no_evidence": sum(
            1 for a, n in zip(actions, counts) if a.get("status") == ActionStatus.DONE and n == 0),
        "evidence_orphan": sum(
            1 for e in evidence if _filled(e.get("action_no")) and action_key(e.get("action_no")) not in action_nos),
        "evidence_no_date": sum(1 for e in evidence if _filled(e.get("title")) and not _filled(e.get("date"))),
    }
