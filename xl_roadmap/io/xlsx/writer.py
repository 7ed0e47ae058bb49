"""Write a workbook from the spec with XlsxWriter: the empty template, a filled school workbook, a roll-up.

Every text value is written with ``write_string``: a cell "=1+1" copied from someone's workbook stays text.
Formula cells carry their Python-computed result as the cached value, so fast readers (calamine) see
what Excel would show. The sheets themselves are laid out by :mod:`~xl_roadmap.io.xlsx.sheet_kinds`.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from xl_roadmap.core import formulas
from xl_roadmap.core.addresses import col_letter
from xl_roadmap.core.content import ExtraSheet, WorkbookContent
from xl_roadmap.core.layout import (
    CATALOGUE_CODES,
    CATALOGUE_TABLE,
    catalogue_column0,
    column_name,
    field_name,
    list_name,
    quote_sheet,
)
from xl_roadmap.io.atomic import atomic_output
from xl_roadmap.io.book_properties import WRITER_NAME
from xl_roadmap.io.xlsx import limits, page, sheet_xml
from xl_roadmap.io.xlsx.book import Formats, LiteralTextWorksheet, ProtectedWorkbook
from xl_roadmap.io.xlsx.shared_strings import SharedStrings
from xl_roadmap.io.xlsx.sheet_kinds import SheetKinds
from xl_roadmap.spec import Edition, SheetSpec, Spec

PRINT_FIT_COLUMNS = 20       # wider extra sheets print over several pages instead of shrinking to one width
# Excel recalculates a book saved by an older calculation engine when it opens it, and then asks to save a book
# nobody changed; every formula cell is written with its result (core.formulas), so the book says it was
# calculated by a current engine (Excel 2016 and later) and asks for no recalculation on load
CALC_ENGINE_ID = 191029


class _Discarded(Exception):
    """Raised inside :meth:`WorkbookWriter.streaming` only, so that atomic_output publishes nothing."""


class WorkbookWriter(SheetKinds):
    """Writes a whole workbook from a :class:`WorkbookContent` (``save``), or — for a roll-up of a thousand
    schools — opens the file first, takes roadmap/evidence blocks and long-sheet rows as they arrive
    (``streaming``), and writes everything else once the content is complete."""

    def __init__(self, spec: Spec, edition: Edition | None, content: WorkbookContent | None, *,
                 constant_memory: bool = False, vba_project: Path | None = None,
                 buttons: Sequence[tuple[str, str, str]] = ()):
        self.spec = spec
        self.edition = edition
        self.content = content
        self.constant_memory = constant_memory
        self.vba_project = vba_project
        self.buttons = buttons  # (sheet id, macro name, caption)
        self._streamed: dict[str, int] = {}          # sheet id or extra sheet name → rows written so far
        self._streamed_checks: Counter = Counter()   # «Самопроверка» counts of streamed roadmap blocks

    # -- public -------------------------------------------------------------------------------------
    def save(self, path: Path | str) -> Path:
        path = Path(path)
        with atomic_output(path) as tmp:
            try:
                self._open(tmp, self.content.extra_sheets)
                self._finish()
            except BaseException:
                self._abandon()       # e.g. a limit passed (io.xlsx.limits): atomic_output drops the result
                raise
        return path

    @contextlib.contextmanager
    def streaming(self, path: Path | str, extra_sheets: Sequence[ExtraSheet]) -> Iterator["WorkbookWriter"]:
        """Open ``path`` (atomically) for :meth:`append_block` and :meth:`append_extra`; before leaving, set
        ``edition`` and ``content`` and the rest is written — or call :meth:`discard`, and nothing is.
        ``extra_sheets`` fixes the extra sheets' order, titles and headers (more may follow, through
        :meth:`add_extra_sheets`); their rows come from ``content``."""
        path = Path(path)
        self._discarded = False
        try:
            with atomic_output(path) as tmp:
                try:
                    self._open(tmp, extra_sheets, streaming=True)
                    yield self
                    if self._discarded:
                        raise _Discarded()    # atomic_output drops the temporary file; ``path`` stays untouched
                    self._finish()
                except BaseException:
                    self._abandon()       # XlsxWriter's temporary files go; atomic_output drops the result
                    raise
        except _Discarded:
            pass

    def _abandon(self) -> None:
        wb = getattr(self, "_wb", None)
        if wb is not None:
            wb.abandon()

    def discard(self) -> None:
        """Leave :meth:`streaming` without writing ``path`` (what was streamed is dropped)."""
        self._discarded = True

    def append_block(self, actions: Sequence[dict[str, Any]], evidence: Sequence[dict[str, Any]]) -> None:
        """Roadmap and evidence rows of one self-contained block: its evidence names only its own actions."""
        counts = formulas.evidence_counts(actions, evidence)
        self._append_table("roadmap", actions, [{"evidence_count": n} for n in counts])
        self._append_table("evidence", evidence, [{}] * len(evidence))
        self._streamed_checks.update(formulas.roadmap_selfcheck_counts(actions, evidence))

    def append_xml(self, target: str, ready: sheet_xml.ReadyRows, bases: dict[str, int]) -> None:
        """Rows rendered by a worker (io.xlsx.sheet_xml), placed after the rows streamed so far into a table
        sheet (by id) or an extra sheet (by name); ``bases`` resolves their row tokens. Their texts go into the
        shared-strings table here, after the sheet's head: in the order the cell-by-cell writer meets them."""
        if not ready.rows:
            return
        ws = self._sheets[target]
        if target in self._extras:
            extra = self._extras[target]
            if target not in self._streamed:
                self._extra_head(ws, extra)
            first0, last_col0 = 2 + self._streamed.get(target, 0), max(len(extra.headers) - 1, 0)
        else:
            first0 = self.spec.first_data_row - 1 + self._streamed.get(target, 0)
            last_col0 = len(self.spec.sheet(target).columns) - 1
        limits.check_rows(ws.name, first0 + ready.rows, self.spec)     # its columns were checked with its head
        texts = sheet_xml.string_cells(ready.strings, self._shared, bases)
        sheet_xml.append_rows(ws, sheet_xml.fill(ready.xml, bases, ready.offsets, texts), first0,
                              first0 + ready.rows - 1, last_col0)
        self._streamed[target] = self._streamed.get(target, 0) + ready.rows

    def add_checks(self, counts: dict[str, int]) -> None:
        """«Самопроверка» counts of roadmap rows streamed as ready XML."""
        self._streamed_checks.update(counts)

    @property
    def takes_xml(self) -> bool:
        """Whether ready rows can be streamed into this workbook (see io.xlsx.sheet_xml.supported)."""
        return all(sheet_xml.supported(ws) for ws in self._sheets.values())

    def add_extra_sheets(self, extra_sheets: Sequence[ExtraSheet]) -> None:
        """Extra sheets after those added so far, before any of their rows: a streamed roll-up adds them once its
        inputs are read (which of them it has depends on the books — «Исполнение плана» on handed-down ones).
        A name Excel would refuse is refused here in Russian rather than by XlsxWriter (the names are the caller's)."""
        limits.check_sheet_names([s.name for s in self.spec.sheets] + list(self._extras) +
                                 [e.name for e in extra_sheets], self.spec)
        for extra in extra_sheets:
            ws = self._sheets[extra.name] = self._wb.add_worksheet(extra.name, LiteralTextWorksheet)
            if self.vba_project is not None:
                # the VBA project has a document module SheetN for each sheet (build_vba_project's sheet_count)
                ws.set_vba_name(f"Sheet{len(self._sheets)}")
            ws.spec, ws.shared_strings = self.spec, self._shared
            self._extras[extra.name] = extra

    def append_extra(self, name: str, rows: Iterable[Sequence[Any]]) -> None:
        """Rows of an extra sheet whose title and headers were given to :meth:`streaming`."""
        extra, ws = self._extras[name], self._sheets[name]
        if name not in self._streamed:
            self._extra_head(ws, extra)
        self._streamed[name] = self._extra_rows(ws, extra, self._streamed.get(name, 0), rows)

    # -- building -----------------------------------------------------------------------------------
    def _open(self, path: Path, extra_sheets: Sequence[ExtraSheet], streaming: bool = False) -> None:
        options = {"constant_memory": self.constant_memory, "strings_to_formulas": False, "strings_to_urls": False,
                   "strings_to_numbers": False}
        wb = self._wb = ProtectedWorkbook(str(path), options)
        wb.parallel_package = self.constant_memory
        wb.set_properties({"title": "Дорожная карта", "subject": f"xl-roadmap, шаблон {self.spec.template_version}",
                           "author": WRITER_NAME, "created": datetime(2024, 1, 1)})
        wb.set_calc_mode("auto", calc_id=CALC_ENGINE_ID)
        wb.calc_on_load = False
        if self.vba_project is not None:
            wb.set_vba_name("ThisWorkbook")
            wb.add_vba_project(str(self.vba_project))
        self.fmt = Formats(wb)
        sheets = self._sheets = {}
        for sheet in self.spec.sheets:
            ws = wb.add_worksheet(sheet.name, LiteralTextWorksheet)
            if self.vba_project is not None:
                ws.set_vba_name(f"Sheet{len(sheets) + 1}")
            sheets[sheet.id] = ws
        # constant-memory mode would write every text inline, in every cell: a roll-up repeats the same texts
        # thousands of times, so they go into a bounded shared-strings table instead
        self._shared = SharedStrings(wb.str_table) if self.constant_memory else None
        for ws in sheets.values():
            ws.spec = self.spec           # for the words of a too-long text (LiteralTextWorksheet)
            ws.shared_strings = self._shared
        self._extras = {}
        self.add_extra_sheets(extra_sheets)
        self._heads_written = streaming
        if streaming:
            # fixed now, before any cell is written, so worker processes can render rows with them
            self.styles = {name: sheet_xml.style_index(getattr(self.fmt, name)) for name in sheet_xml.STYLE_NAMES}
            # rows go top-down (constant-memory mode flushes a row once a later one is written): table heads
            # first, so that streamed rows can follow them. (A whole-content save writes them with each sheet,
            # which keeps the committed templates byte-identical.)
            for sheet in self.spec.sheets:
                if sheet.kind == "table":
                    self._table_head(sheets[sheet.id], sheet)

    def _finish(self) -> None:
        wb, sheets = self._wb, self._sheets
        self._derived = [formulas.indicator_derived(r, self.edition) for r in self.content.indicators]
        self._evidence_counts = formulas.evidence_counts(self.content.actions, self.content.evidence)
        self._define_names(wb)
        for sheet in self.spec.sheets:
            ws = sheets[sheet.id]
            getattr(self, f"_sheet_{sheet.kind}")(wb, ws, sheet)
            ws.hide_gridlines(1)         # on screen only: tables have their borders, paper needs no grid
        for extra in self.content.extra_sheets:
            ws = sheets[extra.name]
            if extra.name not in self._streamed:
                self._extra_head(ws, extra)
            n = self._extra_rows(ws, extra, self._streamed.get(extra.name, 0), extra.rows)
            self._extra_tail(wb, ws, extra, n)
        for sheet_id, macro, caption in self.buttons:
            self._button(sheets[sheet_id], sheet_id, macro, caption)
        sheets["organisation"].activate()
        wb.close()

    def _rows(self, sheet: SheetSpec) -> int:
        prepared = self.content.data_rows.get(sheet.id, sheet.data_rows)
        used = {"indicators": len(self.content.indicators), "roadmap": len(self.content.actions),
                "evidence": len(self.content.evidence)}.get(sheet.id, 0) + self._streamed.get(sheet.id, 0)
        return max(prepared, used)

    def _define_names(self, wb) -> None:
        lists_sheet = self.spec.sheet("lists")
        name = quote_sheet(lists_sheet.name)
        for i, (list_id, items) in enumerate(self.spec.lists.items()):
            letter = col_letter(i)
            wb.define_name(list_name(list_id), f"={name}!${letter}$2:${letter}${len(items) + 1}")
        first = catalogue_column0(self.spec)
        last = first + len(lists_sheet.catalogue_columns) - 1
        n = max(len(self.edition.indicators), 1)
        wb.define_name(CATALOGUE_TABLE, f"={name}!${col_letter(first)}$2:${col_letter(last)}${n + 1}")
        wb.define_name(CATALOGUE_CODES, f"={name}!${col_letter(first)}$2:${col_letter(first)}${n + 1}")
        form = self.spec.sheet("organisation")
        for i, fld in enumerate(form.fields):
            wb.define_name(field_name(fld.id), f"={quote_sheet(form.name)}!${form.value_column}${form.first_row + i}")
        for sheet in self.spec.sheets:
            if sheet.kind == "table":
                first, last_row = self.spec.first_data_row, self.spec.first_data_row + self._rows(sheet) - 1
                wb.define_name(f"data_{sheet.id}", f"={quote_sheet(sheet.name)}!$A${first}:"
                                                   f"${col_letter(len(sheet.columns) - 1)}${last_row}")
                for c, col in enumerate(sheet.columns):
                    letter = col_letter(c)
                    wb.define_name(column_name(sheet.id, col.id),
                                   f"={quote_sheet(sheet.name)}!${letter}${first}:${letter}${last_row}")

    def _print_setup(self, ws, repeat_to_row0: int | None, n_columns: int = 0,
                     area: tuple[int, int] | None = None, repeat_columns: int = 0, fit: bool | None = None) -> None:
        """``area``: the last row and column (0-based) to print — the rows that hold something; without it
        a template prints every empty bordered input row, pages of them. ``repeat_columns``: the first columns
        printed on every page however wide the sheet is (a sheet of one column per organisation). ``fit``: one
        page wide (True) or pages across (False) whatever the width; None: by ``n_columns``."""
        ws.set_landscape()
        ws.set_paper(page.PAPER_A4)
        ws.set_margins(**page.MARGINS)
        if area is not None:
            ws.print_area(0, 0, *area)
        if fit is False or (fit is None and n_columns > PRINT_FIT_COLUMNS):
            # squeezed onto one page width, a matrix of dozens of indicators prints microscopic: print it over
            # several pages instead, each with the organisations' codes and names on the left
            ws.repeat_columns(0, max(repeat_columns, 2) - 1)
        else:
            ws.fit_to_pages(1, 0)
            if repeat_columns:
                ws.repeat_columns(0, repeat_columns - 1)
        if repeat_to_row0 is not None:
            ws.repeat_rows(0, repeat_to_row0)

    def _protect(self, ws, sheet_id: str) -> None:
        protection = self.spec.protection
        ws.protect(protection.password, {option: True for option in protection.sheet_permits(sheet_id)})
