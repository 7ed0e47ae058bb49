"""A finding: what is wrong, where, and what to do — rendered from the rule's template in spec/rules.json."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from xl_roadmap.core.addresses import split_address
from xl_roadmap.core.values import display
from xl_roadmap.spec import Spec
from xl_roadmap.spec.vocabulary import Severity

ERROR, WARNING, NOTE = Severity.ERROR, Severity.WARNING, Severity.NOTE


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str
    sheet: str
    cell: str
    value: Any
    message: str

    def to_dict(self) -> dict:
        d = asdict(self)
        d["value"] = display(self.value)
        return d


class _SafeDict(dict):
    def __missing__(self, key: str) -> str:
        return "?"


class FindingFactory:
    """Builds findings from rule codes, so severity and wording live in the spec, not in the rules' code."""

    def __init__(self, spec: Spec):
        self.spec = spec

    def make(self, rule_code: str, sheet: str, cell: str, value: Any = None, /, **tokens: Any) -> Finding:
        rule = self.spec.rules[rule_code]
        values = _SafeDict({k: display(v) for k, v in tokens.items()})
        values.setdefault("value", display(value))
        values.setdefault("cell", cell)
        values.setdefault("sheet", sheet)
        message = rule.message.format_map(values)
        return Finding(code=rule_code, severity=rule.severity, sheet=sheet, cell=cell, value=value, message=message)


def sort_key(f: Finding) -> tuple:
    try:
        row, col = split_address(f.cell) if f.cell else (0, 0)
    except ValueError:
        row, col = 0, 0
    return (f.sheet, row, col, Severity.RANK.get(f.severity, 9), f.code)
