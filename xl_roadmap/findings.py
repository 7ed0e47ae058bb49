"""A finding: what is wrong, where, and what to do — rendered from the rule's template in spec/rules.json."""

from __future__ import annotations

import string
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from .cells import split_address
from .spec import Spec

ERROR = "ошибка"
WARNING = "предупреждение"
NOTE = "замечание"
SEVERITY_ORDER = {ERROR: 0, WARNING: 1, NOTE: 2}


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


def display(value: Any) -> Any:
    """A value as a person would see it in the sheet (dates ДД.ММ.ГГГГ, numbers with comma decimals)."""
    if value is None:
        return ""
    if isinstance(value, (datetime, date)):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return f"{value:.6g}".replace(".", ",")
    return value


class FindingFactory:
    """Builds findings from rule codes, so severity and wording live in the spec, not in the rules' code."""

    def __init__(self, spec: Spec):
        self.spec = spec
        self._fmt = string.Formatter()

    def make(self, rule_code: str, sheet: str, cell: str, value: Any = None, /, **tokens: Any) -> Finding:
        rule = self.spec.rules[rule_code]
        values = _SafeDict({k: display(v) for k, v in tokens.items()})
        values.setdefault("value", display(value))
        values.setdefault("cell", cell)
        message = self._fmt.vformat(rule.message, (), values)
        return Finding(code=rule_code, severity=rule.severity, sheet=sheet, cell=cell, value=value, message=message)


def sort_key(f: Finding) -> tuple:
    try:
        row, col = split_address(f.cell) if f.cell else (0, 0)
    except ValueError:
        row, col = 0, 0
    return (f.sheet, row, col, SEVERITY_ORDER.get(f.severity, 9), f.code)
