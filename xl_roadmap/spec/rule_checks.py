"""What rules.json must hold beyond its schema — between rules, and between a rule's two wordings. The loader
turns each problem, a JSON path and a reason, into a SpecError."""

from __future__ import annotations

import string
from collections.abc import Iterator

# what rules/grouping.py fills in a «grouped» line besides the rule's own tokens
GROUP_FIELDS = frozenset({"count", "cells", "title", "value", "cell", "sheet"})


def rule_problems(rules: dict, settings: dict | None = None) -> Iterator[tuple[str, str]]:
    yield from _supersedes(rules)
    yield from _grouped(rules)
    for i, code in enumerate((settings or {}).get("plan_content_rules", ())):
        if code not in rules:
            yield f"$.settings.plan_content_rules[{i}]", f"нет правила «{code}»"


def _supersedes(rules: dict) -> Iterator[tuple[str, str]]:
    """``supersedes`` names existing rules, never the rule itself, and no two rules supersede each other (one
    of two contradicting findings must win, whichever order they come in)."""
    for code, r in rules.items():
        for other in r.supersedes:
            if other not in rules or other == code:
                yield f"$.rules.{code}.supersedes", f"нет правила «{other}» (или это само правило)"
            elif code in rules[other].supersedes:
                yield f"$.rules.{code}.supersedes", f"правила «{code}» и «{other}» вытесняют друг друга"


def _grouped(rules: dict) -> Iterator[tuple[str, str]]:
    """A «grouped» line lists the values of its rule's tokens: a name the rule's message never fills would be
    «?» in every such line."""
    for code, r in rules.items():
        if r.grouped is None:
            continue
        unknown = sorted(_fields(r.grouped) - _fields(r.message) - GROUP_FIELDS)
        if unknown:
            yield f"$.rules.{code}.grouped", f"в сообщении правила нет {', '.join(unknown)} — подставить нечего"


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}
