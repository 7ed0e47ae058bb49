"""The single source of truth: sheet layouts and the indicator catalogue, as checked JSON."""

from .loader import (
    CheckSpec,
    ColumnSpec,
    Edition,
    FieldSpec,
    Indicator,
    RuleSpec,
    SheetSpec,
    Spec,
    SpecError,
    default_spec,
    load_spec,
)

__all__ = [
    "CheckSpec", "ColumnSpec", "Edition", "FieldSpec", "Indicator", "RuleSpec", "SheetSpec", "Spec", "SpecError",
    "default_spec", "load_spec",
]
