"""A finding: what is wrong, where, and what to do — rendered from the rule's template in spec/rules.json."""

from __future__ import annotations

from dataclasses import dataclass, field
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
    # the message's tokens as shown: the console's one line for many findings lists them (rules/grouping.py);
    # not part of a finding's identity nor of its JSON
    tokens: tuple[tuple[str, Any], ...] = field(default=(), compare=False, repr=False)

    def to_dict(self) -> dict:
        return {"code": self.code, "severity": self.severity, "sheet": self.sheet, "cell": self.cell,
                "value": display(self.value), "message": self.message}

    def token(self, name: str) -> Any:
        return next((v for k, v in self.tokens if k == name), None)


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
        return Finding(code=rule_code, severity=rule.severity, sheet=sheet, cell=cell, value=value, message=message,
                       tokens=tuple(values.items()))


def sort_key(f: Finding) -> tuple:
    try:
        row, col = split_address(f.cell) if f.cell else (0, 0)
    except ValueError:
        row, col = 0, 0
    return (f.sheet, row, col, Severity.RANK.get(f.severity, 9), f.code)
