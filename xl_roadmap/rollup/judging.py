"""Which books a consolidation takes: each book's status and reason, the level summed, duplicates."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from xl_roadmap.core import deadlines as dl
from xl_roadmap.rollup.submission import Submission, code_key, order_key, period_label
from xl_roadmap.rules.findings import ERROR, NOTE, WARNING
from xl_roadmap.spec import default_spec
from xl_roadmap.spec.vocabulary import BookStatus, OrgKind

LEVEL_NAMES = (OrgKind.SCHOOL, OrgKind.DISTRICT, OrgKind.REGION)


def text(key: str, **tokens) -> str:
    """The roll-up's words (workbook.json → rollup_texts)."""
    return default_spec().rollup_text(key, **tokens)


DUPLICATE_RULE = text("duplicate_rule")


def judge(sub: Submission, period: str | None, level: int = 0) -> None:
    """Status and reason of one readable submission; ``level``: the level this consolidation sums (see
    :func:`input_level`)."""
    errors = sub.counts.get(ERROR, 0)
    if errors:
        sub.status, sub.reason = BookStatus.REJECTED, text("rejected_errors", errors=errors, first=_first_error(sub))
    elif sub.level != level:
        sub.status, sub.reason = BookStatus.REJECTED, wrong_level(sub.level, level)
    elif period and dl.parse_period(sub.org.get("period")) != dl.parse_period(period):
        sub.status, sub.reason = BookStatus.REJECTED, text("other_period", period=sub.org.get("period") or "")
    elif sub.counts.get(WARNING, 0) or sub.counts.get(NOTE, 0):
        sub.status = BookStatus.ACCEPTED_WITH_REMARKS
    else:
        sub.status = BookStatus.ACCEPTED


def _first_error(sub: Submission) -> str:
    """Enough for the district to call the school: where the first error is and what it says."""
    if not sub.findings:
        return ""
    f = sub.findings[0]
    where = f"{f['sheet']}!{f['cell']}" if f.get("cell") else f["sheet"]
    return text("first_error", where=where, message=f["message"])


def _period_counts(readable: list[Submission]) -> Counter:
    # counted as periods, not as texts: «2024/2025» and «2024-2025» are one period (judge compares them so)
    return Counter(period_label(str(s.org["period"]).strip()) for s in readable if s.org.get("period"))


def majority_period(readable: list[Submission]) -> str:
    """The roll-up's period when none is given: the one most submissions state (ties: the smallest text —
    and :func:`choose` says so)."""
    periods = _period_counts(readable)
    return min(periods, key=lambda p: (-periods[p], p)) if periods else ""


def input_level(readable: list[Submission]) -> int:
    """The level this consolidation sums: schools' books (0), district roll-ups (1), regional ones (2). Two
    levels at once would count a school twice when its district's roll-up lies beside its book (a roll-up
    saved into the schools' folder), so the level most inputs have wins (ties: the lower — and :func:`choose`
    says so) and books of other levels are rejected with a reason."""
    levels = Counter(s.level for s in readable)
    return min(levels, key=lambda lv: (-levels[lv], lv)) if levels else 0


def level_of(name: str) -> int:
    """The level a user names («ОО», «УО», «регион», any case) → 0, 1, 2; ValueError for another word."""
    for level, level_name in enumerate(LEVEL_NAMES):
        if name.strip().lower() == level_name.lower():
            return level
    raise ValueError(name)


@dataclass(frozen=True)
class Notice:
    """Something the consolidation decided that the user may want otherwise (a tie), with how to choose; or
    figures it could not sum with the others (rollup.apart), with the rows where they stand."""
    kind: str                              # "period-tie" | "level-tie" | "growth-from-archive" | rollup.apart's
    message: str
    tied: tuple[tuple[str, int], ...]      # (value as the user writes it, books) of each tied value
    option: str                            # the command-line option that chooses ("" when none does)
    # (row code, catalogue edition or "", organisations reporting it) of each indicator kept apart
    indicators: tuple[tuple[str, str, tuple[str, ...]], ...] = ()

    def to_dict(self) -> dict:
        return {"kind": self.kind, "message": self.message, "option": self.option,
                "tied": [{"value": v, "books": n} for v, n in self.tied],
                "indicators": [{"code": c, "edition": e or None, "organisations": list(orgs)}
                               for c, e, orgs in self.indicators]}


@dataclass(frozen=True)
class Choice:
    period: str
    level: int
    notices: tuple[Notice, ...] = ()


def choose(readable: list[Submission], period: str | None = None, level: int | None = None) -> Choice:
    """The level and the period a consolidation sums — given (``--level``, ``--period``) or the majority of the
    readable books — and a notice for each majority that was a tie: one of the tied values won only by its
    order, which the user must be told and be able to overrule. The period is the majority among the books of
    the chosen level: the others are rejected whatever their period."""
    notices = []
    if level is None:
        levels = Counter(s.level for s in readable)
        level = input_level(readable)
        tied = _tied(levels)
        if tied:
            notices.append(_level_tie([(lv, levels[lv]) for lv in tied], level))
    if period is None:
        of_level = [s for s in readable if s.level == level]
        periods = _period_counts(of_level)
        period = majority_period(of_level)
        tied = _tied(periods)
        if tied:
            notices.append(_period_tie([(p, periods[p]) for p in tied], period))
    return Choice(period, level, tuple(notices))


def _tied(counts: Counter) -> list:
    """The values sharing the largest count, in order, when more than one does."""
    if not counts:
        return []
    top = max(counts.values())
    tied = sorted(v for v, n in counts.items() if n == top)
    return tied if len(tied) > 1 else []


def _listing(tied: list[tuple[str, int]]) -> str:
    return ", ".join(f"{label} — {n}" for label, n in tied)


def _period_tie(tied: list[tuple[str, int]], chosen: str) -> Notice:
    message = text("period_tie", listing=_listing([(f"«{p}»", n) for p, n in tied]), chosen=chosen,
                   options=text("tie_or").join(f"--period {p}" for p, _ in tied))
    return Notice("period-tie", message, tuple(tied), "--period")


def _level_name(level: int) -> str:
    return text("level_schools_plural") if level == 0 else text("level_rollups_plural", level=LEVEL_NAMES[level])


def _level_tie(tied: list[tuple[int, int]], chosen: int) -> Notice:
    message = text("level_tie", listing=_listing([(_level_name(lv), n) for lv, n in tied]),
                   chosen=_level_name(chosen), options=text("tie_or").join(f"--level {LEVEL_NAMES[lv]}" for lv, _ in tied))
    return Notice("level-tie", message, tuple((LEVEL_NAMES[lv], n) for lv, n in tied), "--level")


def wrong_level(found: int, level: int) -> str:
    what = text("level_school_one") if found == 0 else text("level_rollup_one", level=LEVEL_NAMES[found])
    among = text("level_schools_among") if level == 0 else text("level_rollups_among", level=LEVEL_NAMES[level])
    fix = text("wrong_level_higher") if found > level else text("wrong_level_lower")
    return text("wrong_level", what=what, among=among, fix=fix)


def _period_key(sub: Submission) -> tuple:
    doc = sub.org.get("doc_date")
    return (sub.period_end or date.min, doc if isinstance(doc, date) else date.min, sub.received_at, sub.path)


def same_book_again(readable: list[Submission]) -> list[tuple[Submission, Submission]]:
    """(kept, dropped) for every book that came more than once — the very same file (SHA-256) attached to two
    letters, or sent by mail and saved into the folder too: it is one submission, the one received last (ties:
    the first by file), and the others are marked replaced by it before anything is judged or counted."""
    by_sha: dict[str, list[Submission]] = {}
    for s in readable:
        if s.sha256:
            by_sha.setdefault(s.sha256, []).append(s)
    out = []
    for group in by_sha.values():
        if len(group) > 1:
            ranked = sorted(group, key=lambda s: (-s.received_at, s.path))
            out.extend((ranked[0], dropped) for dropped in ranked[1:])
    return out


def find_duplicates(readable: list[Submission], period: str | None = None) -> list[tuple[str, Submission,
                                                                                          Submission]]:
    """(code, kept, replaced) for every organisation that sent more than one book (see DUPLICATE_RULE). With a
    ``period``, only books of that period compete: a book of another period is rejected on its own and must
    not replace the one that belongs in this roll-up."""
    wanted = dl.parse_period(period) if period else None
    by_code: dict[str, list[Submission]] = {}
    for s in sorted(readable, key=order_key):
        if wanted is not None and dl.parse_period(s.org.get("period")) != wanted:
            continue
        by_code.setdefault(code_key(s.code) or s.path, []).append(s)
    out = []
    for group in by_code.values():
        if len(group) > 1:
            ranked = sorted(group, key=_period_key, reverse=True)
            out.extend((ranked[0].code or ranked[0].path, ranked[0], dropped) for dropped in ranked[1:])
    return out
