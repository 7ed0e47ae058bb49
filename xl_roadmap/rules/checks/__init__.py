"""The checks, one module per place; importing this package registers them all (see rules.registry)."""

from xl_roadmap.rules.checks import (  # noqa: F401
    column_values,
    evidence,
    indicators,
    organisation,
    roadmap,
    structure,
)
