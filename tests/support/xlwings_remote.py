"""xlwings' own remote engine as the Excel stand-in (tests only).

``snapshot`` builds the JSON an xlwings client (VBA/Office.js) sends for a workbook, from a real file;
``xw.Book(json=...)`` turns it into a real ``xlwings.Book``; ``apply_actions`` applies the actions that book
returns (what the client would do in Excel) to a copy of the file with openpyxl.
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import PatternFill
from openpyxl.worksheet.hyperlink import Hyperlink

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}.*)?$")


def xlwings_or_skip():
    import xlwings as xw

    if not os.environ.get("XLWINGS_LICENSE_KEY"):
        pytest.skip("xlwings remote engine needs XLWINGS_LICENSE_KEY (CI sets «noncommercial»)")
    return xw


def _json_value(v):
    if v is None:
        return ""
    if isinstance(v, datetime):
        return v.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    if isinstance(v, date):
        return v.strftime("%Y-%m-%dT00:00:00.000Z")
    return v


def snapshot(path: Path) -> dict:
    """What the client sends: every sheet's values from A1 (calculated results, not formulas)."""
    import xlwings as xw

    wb = openpyxl.load_workbook(path, data_only=True)
    sheets = []
    for ws in wb.worksheets:
        rows = [[_json_value(c.value) for c in row] for row in ws.iter_rows(min_row=1, max_row=ws.max_row,
                                                                             max_col=ws.max_column)]
        sheets.append({"name": ws.title, "values": rows or [[]], "pictures": [], "tables": []})
    return {"client": "VBA", "version": xw.__version__,
            "book": {"name": Path(path).name, "active_sheet_index": 0, "selection": "A1"},
            "names": [], "sheets": sheets}


def _cell_value(v):
    if isinstance(v, str) and _ISO.match(v):
        d = datetime.fromisoformat(v.replace("Z", "").split(".")[0]) if "T" in v else datetime.fromisoformat(v)
        return d.date() if d.time() == datetime.min.time() else d
    return v


def apply_actions(source: Path, actions: list[dict], out: Path) -> dict:
    """Apply client actions to a copy of ``source``; returns what could not be written to a file (alerts)."""
    wb = openpyxl.load_workbook(source)
    sheets = list(wb.worksheets)
    alerts = []
    for a in actions:
        func = a["func"]
        ws = sheets[a["sheet_position"]] if a.get("sheet_position") is not None else None
        r0, c0 = a.get("start_row"), a.get("start_column")
        if func == "setValues":
            for i, row in enumerate(a["values"]):
                for j, v in enumerate(row):
                    cell = ws.cell(r0 + i + 1, c0 + j + 1)
                    v = _cell_value(v)
                    if isinstance(v, str) and v.startswith("'"):
                        v = v[1:]           # Excel's text prefix: stored as text without the apostrophe
                    cell.value = v
                    if isinstance(v, str):
                        cell.data_type = "s"
                    elif isinstance(v, date):
                        cell.number_format = "DD.MM.YYYY"
        elif func == "setRangeColor":
            colour = a["args"][0]
            for i in range(a["row_count"]):
                for j in range(a["column_count"]):
                    cell = ws.cell(r0 + i + 1, c0 + j + 1)
                    cell.fill = PatternFill("solid", start_color=colour.lstrip("#"),
                                            end_color=colour.lstrip("#")) if colour else PatternFill()
        elif func == "addHyperlink":
            cell = ws.cell(r0 + 1, c0 + 1)
            target, text = a["args"][0], a["args"][1]
            cell.hyperlink = Hyperlink(ref=cell.coordinate, location=target.lstrip("#"), display=text)
        elif func == "rangeClearContents":
            for i in range(a["row_count"]):
                for j in range(a["column_count"]):
                    ws.cell(r0 + i + 1, c0 + j + 1).value = None
        elif func == "sheetClearContents":
            for row in ws.iter_rows():
                for cell in row:
                    cell.value = None
        elif func == "addSheet":
            position, name = a["args"]
            new = wb.create_sheet(name, position)
            sheets.insert(position, new)
        elif func == "alert":
            alerts.append(a["args"][0])
        elif func in ("activateSheet", "setStatusBar"):
            continue
        else:
            raise AssertionError(f"unhandled xlwings action {func}")
    wb.save(out)
    return {"alerts": alerts}
