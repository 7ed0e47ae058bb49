"""The «Показатели» rows of an imported plan: the template's catalogue rows, filled with what the document
says, plus the document's indicators the catalogue does not know. The catalogue owns the unit and the scale:
shares written as 0–1 for a percentage are scaled, and a value without its numerator and denominator is
written so that the sheet's formula shows it (numerator = value, denominator = the multiplier) and reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from xl_roadmap.core.values import display
from xl_roadmap.core.word_import.indicators import (
    WrittenIndicator,
    match,
    number,
    read_name,
)
from xl_roadmap.core.word_import.plan import Repair
from xl_roadmap.spec import Edition, Spec

VALUE_AS_NUMERATOR = ("share", "ratio", "rate")
VALUE_ITSELF = ("count", "score", "yesno")


@dataclass
class Written:
    indicator: WrittenIndicator
    where: str
    comment: str = ""


def written_indicator(cells: dict[str, str], where: str, words, repairs: list[Repair]) -> Written | None:
    """What a row says of its indicator, or None when it names none."""
    if not cells.get("indicator") and not cells.get("indicator_code"):
        return None
    w = read_name(cells.get("indicator", ""))
    if cells.get("indicator_code"):
        code = read_name(f"({cells['indicator_code'].strip('() .')})").code or cells["indicator_code"].strip(" .")
        w.code = code
    comment = []
    for role, column in (("norm", "норма"), ("actual", "фактическое значение")):
        text = cells.get(role, "")
        if not text:
            continue
        value, readable = number(text.split("\n")[0])
        if not readable:
            comment.append(f"{column}: {text}")
            repairs.append(Repair("value-unreadable", where, words.message("value-unreadable", text=text[:60],
                                                                           column=column)))
            continue
        if role == "norm":
            w.norm = value
        elif value is not None:
            w.value = value
    w.unit = cells.get("unit", "")
    w.periodicity = cells.get("periodicity", "")
    return Written(w, where, "\n".join(comment))


def choose_edition(spec: Spec, found: list[Written]) -> tuple[Edition, int]:
    """The catalogue edition most of the document's indicators surely belong to (by code, alias or a nearly
    equal name; ties: the default), and how many of them it knows. One loose resemblance must not move a
    plan to another edition."""
    best, best_n = spec.edition(), -1
    for edition in sorted(spec.editions.values(), key=lambda e: e.id != spec.default_edition):
        n = sum(1 for w in found if match(w.indicator, edition).strong)
        if n > best_n:
            best, best_n = edition, n
    return best, max(best_n, 0)


def fill_rows(base: list[dict[str, Any]], found: list[Written], edition: Edition, words,
              repairs: list[Repair]) -> tuple[list[dict[str, Any]], list[tuple[str, int]]]:
    """Rows for the sheet and, per written indicator, (the code it got, its row index)."""
    rows = [dict(r) for r in base]
    by_code = {r["code"]: i for i, r in enumerate(rows)}
    placed: list[tuple[str, int]] = []
    for item in found:
        w = item.indicator
        m = match(w, edition)
        entry = m.indicator
        if entry is None:
            rows.append({"code": "", "name": w.name or w.written, "period": w.period, "norm": w.norm,
                         "rank": w.rank, "comment": _comment(w, item.comment, keep_value=True)})
            i = len(rows) - 1
            repairs.append(Repair("indicator-unknown", item.where, words.message(
                "indicator-unknown", written=_short(w.written), edition=edition.id), ("indicators", i, "code")))
            placed.append(("", i))
            continue
        if entry.code not in by_code:
            rows.append({"code": entry.code, "name": entry.name, "block": edition.block_name(entry.block),
                         "unit": entry.unit, "norm": entry.norm})
            by_code[entry.code] = len(rows) - 1
        i = by_code[entry.code]
        row = rows[i]
        if m.how in ("name", "corrected"):
            kind = "indicator-guessed" if m.how == "name" else "indicator-code-corrected"
            repairs.append(Repair(kind, item.where, words.message(
                kind, written=_short(w.code or w.written), code=entry.code, name=_short(entry.name),
                score=round(m.score * 100)), ("indicators", i, "code")))
        norm, value = _scaled(w, entry, item.where, words, repairs, i)
        if norm is not None:
            row["norm"] = norm
        if w.period:
            row["period"] = w.period
        if w.rank:
            row["rank"] = w.rank
        comment = [c for c in (row.get("comment"), item.comment, _comment(w, "", keep_value=False)) if c]
        if value is not None:
            if entry.kind in VALUE_AS_NUMERATOR:
                row["numerator"], row["denominator"] = value, float(entry.multiplier)
                repairs.append(Repair("value-as-numerator", item.where, words.message(
                    "value-as-numerator", value=display(value), denominator=display(float(entry.multiplier))),
                    ("indicators", i, "numerator")))
            elif entry.kind in VALUE_ITSELF:
                row["numerator"] = value
            else:
                comment.append(f"значение в документе: {display(value)}")
                repairs.append(Repair("value-in-comment", item.where, words.message(
                    "value-in-comment", value=display(value), kind=entry.kind), ("indicators", i, "comment")))
        if comment:
            row["comment"] = "\n".join(dict.fromkeys(comment))
        placed.append((entry.code, i))
    return rows, placed


def _scaled(w: WrittenIndicator, entry, where: str, words, repairs: list[Repair], i: int):
    values = [v for v in (w.norm, w.value) if v is not None]
    percent = entry.kind == "share" and entry.multiplier == 100
    if percent and values and all(0 <= v <= 1 for v in values) and any(0 < v < 1 for v in values):
        repairs.append(Repair("share-scaled", where, words.message(
            "share-scaled", values=", ".join(display(v) for v in values), code=entry.code), ("indicators", i, "norm")))
        return (None if w.norm is None else round(w.norm * 100, 6)), (None if w.value is None else round(w.value * 100, 6))
    return w.norm, w.value


def _comment(w: WrittenIndicator, extra: str, keep_value: bool) -> str:
    parts = [extra] if extra else []
    if keep_value and w.value is not None:
        parts.append(f"значение в документе: {display(w.value)}")
    if w.unit:
        parts.append(f"единица в документе: {w.unit}")
    if w.periodicity:
        parts.append(f"периодичность: {w.periodicity}")
    return "\n".join(parts)


def _short(text: str, n: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"
