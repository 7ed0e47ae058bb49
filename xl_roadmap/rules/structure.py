"""What the reader noticed about the file's structure becomes findings."""

from __future__ import annotations

from . import Context, rule

_CODES = {
    "sheet_missing": "sheet-missing",
    "sheet_renamed": "sheet-renamed",
    "header_missing": "header-missing",
    "column_missing": "column-missing",
    "column_moved": "column-moved",
    "field_missing": "field-missing",
    "merged_cells": "merged-cells",
}


@rule
def read_issues(ctx: Context):
    for issue in ctx.data.issues:
        code = _CODES[issue.code]
        finding = ctx.make.make(code, issue.sheet, issue.address, issue.value, detail=issue.message)
        if code == "column-missing" and issue.severity != finding.severity:
            # a missing optional column is a warning, a missing required one an error (reader knows which)
            finding = type(finding)(code, issue.severity, finding.sheet, finding.cell, finding.value, finding.message)
        yield finding
