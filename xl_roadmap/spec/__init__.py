"""The single source of truth: sheet layouts, the indicator catalogue and the rules, as checked JSON."""

from xl_roadmap.spec.catalogue import Edition, Indicator, loose_code_key
from xl_roadmap.spec.loader import (
    CheckSpec,
    ColumnSpec,
    FieldSpec,
    RollupColumn,
    RollupSheetSpec,
    RuleSpec,
    SheetSpec,
    Spec,
    SpecError,
    WordImportSpec,
    default_spec,
    load_spec,
)

__all__ = [
    "CheckSpec", "ColumnSpec", "Edition", "FieldSpec", "Indicator", "RollupColumn", "RollupSheetSpec", "RuleSpec",
    "SheetSpec", "Spec", "SpecError", "WordImportSpec", "default_spec", "load_spec", "loose_code_key",
]
