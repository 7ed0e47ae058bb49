"""Validation rules, one module per place (structure, «Сведения», cells, indicators, roadmap, evidence).

Each rule is a function ``rule(ctx) -> Iterable[Finding]`` registered with :func:`rule`; wording and
severity come from ``spec/rules.json``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from ..analysis import Analysis
from ..findings import Finding, FindingFactory

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


def load_all() -> list[RuleFn]:
    from . import cells, evidence, indicators, organisation, roadmap, structure  # noqa: F401 (registration)

    return REGISTRY
