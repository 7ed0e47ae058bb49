"""A book's findings as lines for a person reading a terminal: many findings of one rule make one line.

Seventeen «Мероприятие № … не связано ни с одним показателем» bury the one finding that matters, so from
``grouping.min_count`` findings of a rule on the line is the rule's ``grouped`` wording (spec/rules.json), with
its tokens' values and its cells listed. Errors come first, then warnings, then notes; within a severity, lines
keep the order of the findings given (a group stands where its first finding stood). The «Проверка» sheet and
``--json`` keep one finding per cell: this is only what the console shows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from xl_roadmap.core.addresses import col_letter, split_address
from xl_roadmap.rules.findings import Finding
from xl_roadmap.spec import Spec
from xl_roadmap.spec.vocabulary import Severity


@dataclass(frozen=True)
class FindingLine:
    severity: str
    code: str
    where: str
    message: str
    findings: tuple[Finding, ...]

    @property
    def grouped(self) -> bool:
        return len(self.findings) > 1


def group_findings(findings: Iterable[Finding], spec: Spec) -> list[FindingLine]:
    findings = list(findings)
    by_code: dict[str, list[Finding]] = {}
    for f in findings:
        by_code.setdefault(f.code, []).append(f)
    least = spec.grouping["min_count"]
    lines: list[FindingLine] = []
    for f in findings:
        members = by_code[f.code]
        if len(members) < least:
            lines.append(FindingLine(f.severity, f.code, f"{f.sheet}!{f.cell}" if f.cell else f.sheet, f.message,
                                     (f,)))
        elif members[0] is f:
            lines.append(_group(members, spec))
    lines.sort(key=lambda line: Severity.RANK.get(line.severity, len(Severity.RANK)))
    return lines


def _group(members: list[Finding], spec: Spec) -> FindingLine:
    words = spec.grouping
    rule = spec.rules[members[0].code]
    sheets = _distinct(f.sheet for f in members)
    tokens = _Tokens(members, words)
    tokens.update(count=len(members), title=rule.title, cells=_cells(members, len(sheets) > 1, words))
    where = words["where"].format(sheets=", ".join(sheets), count=len(members))
    message = (rule.grouped or words["fallback"]).format_map(tokens)
    return FindingLine(members[0].severity, rule.code, where, message, tuple(members))


class _Tokens(dict):
    """A token the template names is filled on demand with the distinct values it has in the group."""

    def __init__(self, members: list[Finding], words: dict):
        super().__init__()
        self.members, self.words = members, words

    def __missing__(self, key: str) -> str:
        values = _distinct(str(v) for v in (f.token(key) for f in self.members) if v not in (None, ""))
        return _listed(values, [1] * len(values), self.words) if values else "?"


def _distinct(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _listed(items: Sequence[str], weights: Sequence[int], words: dict) -> str:
    """At most ``max_items`` of the items, then «и ещё N»: N counts what the hidden items stand for (a range
    of cells, its cells)."""
    most = words["max_items"]
    # «Контактное лицо, телефон, e-mail» among labels: commas would split one item into three
    text = ("; " if any(", " in i for i in items) else ", ").join(items[:most])
    rest = sum(weights[most:])
    return f"{text} {words['more'].format(n=rest)}" if rest else text


def _cells(members: list[Finding], name_sheets: bool, words: dict) -> str:
    """The cells in the order found, rows running down one column written as a range («F4:F9»); the sheet is
    named only when the group spans more than one."""
    runs: list[list] = []      # [sheet, column, first row, last row]; a cell that is no address: [sheet, text]
    for f in members:
        if not f.cell:
            continue
        try:
            row, col = split_address(f.cell)
        except ValueError:     # a merged range «B4:C5»: listed as it is
            runs.append([f.sheet, f.cell])
            continue
        last = runs[-1] if runs else None
        if last is not None and len(last) == 4 and last[:2] == [f.sheet, col] and row in (last[3], last[3] + 1):
            last[3] = row      # the next row down, or the same cell again (two codes of one action)
        else:
            runs.append([f.sheet, col, row, row])
    items, weights = [], []
    for run in runs:
        if len(run) == 2:
            text, weight = run[1], 1
        else:
            _, col, first, last = run
            text = f"{col_letter(col)}{first}" + (f":{col_letter(col)}{last}" if last != first else "")
            weight = last - first + 1
        items.append(f"{run[0]}!{text}" if name_sheets else text)
        weights.append(weight)
    return _listed(items, weights, words)
