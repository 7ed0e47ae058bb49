"""The checks, one module per place; importing this package registers them all (see rules.registry)."""

from xl_roadmap.rules.checks import (  # noqa: F401 (importing a module registers its checks)
    column_values,
    evidence,
    indicators,
    organisation,
    roadmap,
    structure,
)
from xl_roadmap.rules.registry import REGISTRY, RuleFn


def all_rules() -> list[RuleFn]:
    return REGISTRY
