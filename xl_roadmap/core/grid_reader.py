"""Grids of cell values → plain data (:class:`~xl_roadmap.core.model.WorkbookData`).

A workbook is seen as named grids (any object with ``sheet_names``, ``grid(name)`` and ``merged(name)``): a
file read by calamine (``io.workbook_file``), an open Excel book (``excel.grids``) or literal rows in a test.
What people do to a template is tolerated and reported, not fatal: blank rows, trailing spaces, numbers and
dates typed as text, moved or extra columns, renamed sheets, merged cells. What the reader notices becomes a
:class:`ReadIssue` with a rule code; its wording and severity are the spec's (``rules.json``).
"""

from __future__ import annotations

import os
from datetime import date, datetime, time
from typing import Any

from xl_roadmap.core.addresses import address, col_index, col_letter
from xl_roadmap.core.model import Cell, ReadIssue, Row, WorkbookData
from xl_roadmap.core.plan_execution import read_totals
from xl_roadmap.core.values import clean_text, parse_date, parse_number
from xl_roadmap.core.values import header_key as _norm_header
from xl_roadmap.spec import SheetSpec, Spec, default_spec
from xl_roadmap.spec.vocabulary import RollupSheet

_HEADER_SCAN_ROWS = 12
_PARSED_TYPES = frozenset({"number", "date", "deadline"})     # column types whose text is interpreted


def _filled(v: Any) -> bool:
    """Whether a raw cell holds something a person typed (whitespace-only text does not count)."""
    if v.__class__ is str:
        return bool(v.strip())
    return v is not None


def _cell_value(v: Any) -> Any:
    """calamine gives "" for empty cells and datetime for dates; normalise to None / date."""
    if v == "" or v is None:
        return None
    if isinstance(v, datetime):
        return v.date() if v.time() == time(0) else v
    return v


_READ_SHEETS = ("organisation", "indicators", "roadmap", "evidence")


class GridReader:
    def __init__(self, spec: Spec | None = None):
        self.spec = spec or default_spec()

    @property
    def sheet_names_read(self) -> tuple[str, ...]:
        """The template's sheets :meth:`read_grids` reads when the book has them under their own names."""
        return tuple(self.spec.sheet(sheet_id).name for sheet_id in _READ_SHEETS)

    def read_organisation(self, book) -> dict[str, Cell]:
        """Only the «Сведения» form, found and read exactly as :meth:`read_grids` does (a quick first look)."""
        sheet = self.spec.sheet("organisation")
        found = self._locate_sheet(book, list(book.sheet_names), sheet, [])
        return {} if found is None else self._read_form(sheet, *found, [])

    # -- sheets -------------------------------------------------------------------------------------
    def read_grids(self, book, path: str | os.PathLike = "", sha: str = "") -> WorkbookData:
        """Read from any object with ``sheet_names``, ``grid(name)`` and ``merged(name)``."""
        issues: list[ReadIssue] = []
        names = list(book.sheet_names)
        grids: dict[str, tuple[str, list[list[Any]]]] = {}
        for sheet_id in _READ_SHEETS:
            sheet = self.spec.sheet(sheet_id)
            found = self._locate_sheet(book, names, sheet, issues)
            if found is not None:
                grids[sheet_id] = found
        data = WorkbookData(path=str(path), sha256=sha, organisation={}, indicators=[], actions=[], evidence=[],
                            sheet_names=names, issues=issues)
        if "organisation" in grids:
            data.organisation = self._read_form(self.spec.sheet("organisation"), *grids["organisation"], issues)
        for sheet_id, attr in (("indicators", "indicators"), ("roadmap", "actions"), ("evidence", "evidence")):
            if sheet_id in grids:
                rows, positions = self._read_table(self.spec.sheet(sheet_id), *grids[sheet_id], issues)
                setattr(data, attr, rows)
                data.column_positions[sheet_id] = positions
        plan = self.spec.rollup_sheet(RollupSheet.PLAN).name
        if plan in names:          # a district roll-up: the region reads its plan's execution in all
            data.plan_totals = read_totals(book.grid(plan), plan, self.spec)
        return data

    def _grid(self, book, name: str, issues: list[ReadIssue]) -> list[list[Any]]:
        for rng in book.merged(name):
            (r1, c1), (r2, c2) = rng
            if r1 >= self.spec.header_row - 1:
                issues.append(ReadIssue("merged-cells", name, f"{address(r1 + 1, c1)}:{address(r2 + 1, c2)}"))
        return book.grid(name)

    def _locate_sheet(self, book, names: list[str], sheet: SheetSpec, issues: list[ReadIssue]):
        if sheet.name in names:
            return sheet.name, self._grid(book, sheet.name, issues)
        lowered = {n.strip().lower(): n for n in names}
        if sheet.name.lower() in lowered:
            real = lowered[sheet.name.lower()]
            issues.append(ReadIssue("sheet-renamed", real, "A1", real,
                                    {"expected": sheet.name, "found_by": "название в другом регистре"}))
            return real, self._grid(book, real, issues)
        for name in names:
            if name in {s.name for s in self.spec.sheets}:
                continue
            grid = self._grid(book, name, [])
            if self._looks_like(sheet, grid):
                issues.append(ReadIssue("sheet-renamed", name, "A1", name,
                                        {"expected": sheet.name, "found_by": "по заголовкам"}))
                return name, self._grid(book, name, issues)
        issues.append(ReadIssue("sheet-missing", sheet.name, "", None, {"expected": sheet.name}))
        return None

    def _looks_like(self, sheet: SheetSpec, grid: list[list[Any]]) -> bool:
        if sheet.kind == "form":
            labels = {_norm_header(f.label) for f in sheet.fields}
            seen = {_norm_header(r[0]) for r in grid[:60] if r}
            return len(labels & seen) >= len(labels) // 2
        wanted = {_norm_header(c.header) for c in sheet.columns}
        for row in grid[:_HEADER_SCAN_ROWS]:
            if len(wanted & {_norm_header(v) for v in row}) >= max(3, len(wanted) // 2):
                return True
        return False

    # -- the «Сведения» form ------------------------------------------------------------------------
    def _read_form(self, sheet: SheetSpec, name: str, grid: list[list[Any]], issues: list[ReadIssue]) -> dict:
        label_col = col_index(sheet.label_column)
        value_col = col_index(sheet.value_column)
        by_label = {_norm_header(f.label): f for f in sheet.fields}
        out: dict[str, Cell] = {}
        for r, row in enumerate(grid):
            if len(row) <= label_col:
                continue
            fld = by_label.get(_norm_header(row[label_col]))
            if fld is None or fld.id in out:
                continue
            raw = _cell_value(row[value_col]) if len(row) > value_col else None
            out[fld.id] = self._parse(fld.type, raw, name, address(r + 1, value_col))
        for fld in sheet.fields:
            if fld.id not in out and fld.since is None:     # a row added later: older books lack it, no finding
                issues.append(ReadIssue("field-missing" if fld.required else "optional-field-missing", name, "",
                                        fld.label))
        return out

    # -- table sheets -------------------------------------------------------------------------------
    def _find_header(self, sheet: SheetSpec, grid: list[list[Any]]) -> tuple[int, dict[str, int]] | None:
        wanted = {_norm_header(c.header): c.id for c in sheet.columns}
        expected = self.spec.header_row - 1
        if expected < len(grid):
            # the usual case: every header where the template put it — no need to scan
            row = grid[expected]
            if len(row) >= len(sheet.columns) and all(
                    wanted.get(_norm_header(row[c])) == col.id for c, col in enumerate(sheet.columns)):
                return expected, {col.id: c for c, col in enumerate(sheet.columns)}
        best: tuple[int, dict[str, int]] | None = None
        for r, row in enumerate(grid[:_HEADER_SCAN_ROWS]):
            found: dict[str, int] = {}
            for c, v in enumerate(row):
                cid = wanted.get(_norm_header(v))
                if cid is not None and cid not in found:
                    found[cid] = c
            if best is None or len(found) > len(best[1]):
                best = (r, found)
        if best is None or len(best[1]) < 2:
            return None
        return best

    def _read_table(self, sheet: SheetSpec, name: str, grid: list[list[Any]], issues: list[ReadIssue]):
        header = self._find_header(sheet, grid)
        if header is None:
            issues.append(ReadIssue("header-missing", name, f"A{self.spec.header_row}"))
            return [], {}
        header_r, positions = header
        for c, col in enumerate(sheet.columns):
            expected = c
            if col.id not in positions:
                if (col.is_input or col.required) and col.since is None:
                    issues.append(ReadIssue(
                        "column-missing" if col.required else "optional-column-missing", name,
                        address(header_r + 1, expected), col.header, {"expected": col_letter(expected)}))
            elif positions[col.id] != expected:
                issues.append(ReadIssue(
                    "column-moved", name, address(header_r + 1, positions[col.id]), col.header,
                    {"found": col_letter(positions[col.id]), "expected": col_letter(expected)}))
        first = header_r + 1
        help_texts = [_norm_header(c.help) for c in sheet.columns if c.help]
        if first < len(grid) and help_texts and \
                sum(1 for v in grid[first] if _norm_header(v) in help_texts) >= len(help_texts) // 2:
            first += 1
        input_positions = [positions[c.id] for c in sheet.columns if c.is_input and c.id in positions]
        located = [(c.id, c.type, positions[c.id], col_letter(positions[c.id])) for c in sheet.columns
                   if c.id in positions]
        parse = self._parse
        rows: list[Row] = []
        # the hot loop of every read (a district has millions of cells): empty cells and plain text take
        # the short way; anything else goes through _parse
        for r in range(first, len(grid)):
            raw_row = grid[r]
            width = len(raw_row)
            if not any(_filled(raw_row[p]) for p in input_positions if p < width):
                continue
            cells: dict[str, Cell] = {}
            row_no = str(r + 1)
            for cid, ctype, pos, letter in located:
                raw = raw_row[pos] if pos < width else None
                if raw is None or raw == "":
                    cells[cid] = Cell(None, name, letter + row_no)
                elif raw.__class__ is str and ctype not in _PARSED_TYPES:
                    # clean_text's own short way, without the call (millions of cells)
                    text = raw.strip() if ("\u00a0" not in raw and "\r" not in raw and "  " not in raw
                                           and "\t" not in raw) else clean_text(raw)
                    cells[cid] = Cell(text or None, name, letter + row_no, raw)
                else:
                    if isinstance(raw, datetime):
                        raw = raw.date() if raw.time() == time(0) else raw
                    cells[cid] = parse(ctype, raw, name, letter + row_no)
            rows.append(Row(sheet=name, row=r + 1, cells=cells))
        return rows, {cid: pos + 1 for cid, pos in positions.items()}

    # -- values -------------------------------------------------------------------------------------
    @staticmethod
    def _parse(col_type: str, raw: Any, sheet: str, addr: str) -> Cell:
        if raw is None:
            return Cell(None, sheet, addr, None)
        if col_type == "number":
            value, note = parse_number(raw)
            return Cell(value, sheet, addr, raw, note)
        if col_type == "date":
            value, note = parse_date(raw)
            return Cell(value, sheet, addr, raw, note)
        if col_type == "deadline":
            if isinstance(raw, (date, datetime)):
                return Cell(raw, sheet, addr, raw)
            if isinstance(raw, (int, float)) and not isinstance(raw, bool):
                return Cell(float(raw), sheet, addr, raw)
            text = clean_text(raw)
            return Cell(text or None, sheet, addr, raw)
        if isinstance(raw, (date, datetime)) and col_type in ("text", "codes", "link", "period"):
            return Cell(raw.strftime("%d.%m.%Y"), sheet, addr, raw, "date_in_text")
        text = clean_text(raw)
        return Cell(text or None, sheet, addr, raw)
