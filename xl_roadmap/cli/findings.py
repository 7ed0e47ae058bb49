"""Findings in the terminal: one line a finding, or one line for a rule's many (rules/grouping.py)."""

from __future__ import annotations

import click

from xl_roadmap.rules.grouping import group_findings
from xl_roadmap.spec import Spec


def echo_findings(findings, spec: Spec, *, err: bool = False) -> bool:
    """Print the lines; True when some line stands for several findings (the caller may say where each is)."""
    folded = False
    for line in group_findings(findings, spec):
        click.echo(f"   {line.severity:<14} {line.where:<26} {line.code:<28} {line.message}", err=err)
        folded = folded or line.grouped
    return folded
