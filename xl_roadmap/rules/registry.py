"""The rule registry: each check is a function ``rule(ctx) -> Iterable[Finding]`` registered with :func:`rule`.

The checks live in ``rules/checks/``, one module per place (structure, «Сведения», column values, indicators,
roadmap, evidence); wording and severity come from ``spec/rules.json``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from xl_roadmap.core.analysis import Analysis
from xl_roadmap.rules.findings import Finding, FindingFactory

RuleFn = Callable[["Context"], Iterable[Finding]]
REGISTRY: list[RuleFn] = []


@dataclass
class Context:
    analysis: Analysis
    make: FindingFactory

    @property
    def data(self):
        return self.analysis.data

    @property
    def spec(self):
        return self.analysis.spec


def rule(fn: RuleFn) -> RuleFn:
    REGISTRY.append(fn)
    return fn
