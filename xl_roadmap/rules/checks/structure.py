"""What the reader noticed about the file's structure becomes findings (codes and tokens from the reader,
wording and severity from spec/rules.json)."""

from __future__ import annotations

from xl_roadmap.rules.registry import Context, rule


@rule
def read_issues(ctx: Context):
    for issue in ctx.data.issues:
        yield ctx.make.make(issue.code, issue.sheet, issue.address, issue.value, **issue.tokens)
