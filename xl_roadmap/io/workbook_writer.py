"""Write a workbook from the spec with XlsxWriter: the empty template, a filled school workbook, a roll-up.

Every text value is written with ``write_string``: a cell "=1+1" copied from someone's workbook stays text.
Formula cells carry their Python-computed result as the cached value, so fast readers (calamine) see
what Excel would show.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from .. import formulas
from ..spec import Edition, SheetSpec, Spec
from . import sheet_xml
from .atomic import atomic_output
from .layout import (
    CATALOGUE_CODES,
    CATALOGUE_TABLE,
    address,
    catalogue_column0,
    col_letter,
    column_name,
    column_range,
    field_name,
    last_data_row,
    list_name,
    quote_sheet,
    render_formula,
)

PRINT_FIT_COLUMNS = 20       # wider extra sheets print over several pages instead of shrinking to one width


@dataclass
class ExtraSheet:
    """A sheet beyond the school layout (roll-up register, matrix …): header row plus data rows."""

    name: str
    title: str
    headers: list[str]
    widths: list[float]
    rows: Iterable[Sequence[Any]]       # a list, or a generator for long sheets (written once)
    number_formats: dict[int, str] = field(default_factory=dict)
    chart: Callable[[Any, Any], None] | None = None  # (workbook, worksheet) → None


@dataclass
class WorkbookContent:
    """What to put into the input sheets. Keys are the spec's field/column ids; missing keys stay empty."""

    organisation: dict[str, Any] = field(default_factory=dict)
    indicators: list[dict[str, Any]] = field(default_factory=list)
    actions: list[dict[str, Any]] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)
    extra_sheets: list[ExtraSheet] = field(default_factory=list)
    data_rows: dict[str, int] = field(default_factory=dict)  # sheet id → rows to prepare, overrides the spec


class _ProtectedWorkbook(xlsxwriter.Workbook):
    """A workbook whose structure is locked without a password: sheets cannot be renamed, deleted or unhidden.

    XlsxWriter has no API for <workbookProtection>; the element goes where the OOXML schema puts it (after
    <workbookPr>, before <bookViews>), written in the same pass as the rest of the file.
    """

    def _write_book_views(self) -> None:
        self._xml_empty_tag("workbookProtection", [("lockStructure", "1")])
        super()._write_book_views()


class _LiteralTextWorksheet(Worksheet):
    """A worksheet where every text is written as text.

    XlsxWriter copies a string that starts with "<r>" and ends with "</r>" into the file as raw rich-string
    XML, so such a text copied from a school's cell would inject markup — even a formula — into the roll-up.
    It is written as a two-run rich string instead: XlsxWriter escapes the runs, and every reader joins them
    back into the very same text.
    """

    def _write_string(self, row, col, string, cell_format=None):
        if string.startswith("<r>") and string.endswith("</r>"):
            run = cell_format if cell_format is not None else Format()
            return self._write_rich_string(row, col, string[:1], run, string[1:], cell_format or run)
        return super()._write_string(row, col, string, cell_format)


class _Formats:
    def __init__(self, wb: xlsxwriter.Workbook):
        base = {"font_name": "Calibri", "font_size": 10, "valign": "top"}
        self.title = wb.add_format({**base, "bold": True, "font_size": 13})
        self.header = wb.add_format({**base, "bold": True, "text_wrap": True, "bg_color": "#DDEBF7", "border": 1})
        self.help = wb.add_format({**base, "italic": True, "font_color": "#595959", "text_wrap": True, "font_size": 8,
                                   "border": 1})
        self.input_text = wb.add_format({**base, "locked": False, "text_wrap": True, "border": 1,
                                         "num_format": "@"})
        self.input_general = wb.add_format({**base, "locked": False, "border": 1})
        self.input_date = wb.add_format({**base, "locked": False, "border": 1, "num_format": "DD.MM.YYYY"})
        self.formula = wb.add_format({**base, "bg_color": "#F2F2F2", "border": 1})
        self.formula_number = wb.add_format({**base, "bg_color": "#F2F2F2", "border": 1, "num_format": "0.0##"})
        self.python_fill = wb.add_format({**base, "locked": False, "bg_color": "#EDEDED", "border": 1,
                                          "font_color": "#404040"})
        self.python_date = wb.add_format({**base, "locked": False, "bg_color": "#EDEDED", "border": 1,
                                          "num_format": "DD.MM.YYYY"})
        self.locked_value = wb.add_format({**base, "bg_color": "#F2F2F2", "border": 1, "num_format": "@"})
        self.label = wb.add_format({**base, "bold": True, "text_wrap": True, "border": 1})
        self.paragraph = wb.add_format({**base, "text_wrap": True, "font_size": 11})
        self.plain = wb.add_format(base)
        self.plain_date = wb.add_format({**base, "num_format": "DD.MM.YYYY"})
        self.link = wb.add_format({**base, "font_color": "blue", "underline": 1})
        self.missing = wb.add_format({"bg_color": "#FFC7CE"})
        self.bad = wb.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"})
        self.good = wb.add_format({"bg_color": "#C6EFCE", "font_color": "#006100"})
        self.overdue = wb.add_format({"bg_color": "#FCE4D6", "font_color": "#9C0006"})


def _write_value(ws, row0: int, col0: int, value: Any, fmt) -> None:
    """Typed write: text never becomes a formula or a hyperlink."""
    if value is None or value == "":
        ws.write_blank(row0, col0, None, fmt)
    elif isinstance(value, bool):
        ws.write_boolean(row0, col0, value, fmt)
    elif isinstance(value, (int, float)):
        ws.write_number(row0, col0, value, fmt)
    elif isinstance(value, (datetime, date)):
        ws.write_datetime(row0, col0, datetime(value.year, value.month, value.day), fmt)
    else:
        ws.write_string(row0, col0, str(value), fmt)


def _cached(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


class WorkbookWriter:
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
            self._open(tmp, self.content.extra_sheets)
            self._finish()
        return path

    @contextlib.contextmanager
    def streaming(self, path: Path | str, extra_sheets: Sequence[ExtraSheet]) -> Iterator["WorkbookWriter"]:
        """Open ``path`` (atomically) for :meth:`append_block` and :meth:`append_extra`; on leaving, set
        ``edition`` and ``content`` must be set and the rest is written. ``extra_sheets`` fixes the extra
        sheets' order, titles and headers; their rows come later from ``content``."""
        path = Path(path)
        with atomic_output(path) as tmp:
            self._open(tmp, extra_sheets, streaming=True)
            try:
                yield self
            except BaseException:
                self._wb.close()      # release XlsxWriter's temporary files; atomic_output drops the result
                raise
            self._finish()

    def append_block(self, actions: Sequence[dict[str, Any]], evidence: Sequence[dict[str, Any]]) -> None:
        """Roadmap and evidence rows of one self-contained block: its evidence names only its own actions."""
        counts = formulas.evidence_counts(actions, evidence)
        self._append_table("roadmap", actions, [{"evidence_count": n} for n in counts])
        self._append_table("evidence", evidence, [{}] * len(evidence))
        self._streamed_checks.update(formulas.roadmap_selfcheck_counts(actions, evidence))

    def append_xml(self, target: str, xml: str, n_rows: int) -> None:
        """``n_rows`` ready rows (io.sheet_xml, resolved) after the rows streamed so far into a table sheet
        (by id) or an extra sheet (by name)."""
        if not n_rows:
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
        sheet_xml.append_rows(ws, xml, first0, first0 + n_rows - 1, last_col0)
        self._streamed[target] = self._streamed.get(target, 0) + n_rows

    def add_checks(self, counts: dict[str, int]) -> None:
        """«Самопроверка» counts of roadmap rows streamed as ready XML."""
        self._streamed_checks.update(counts)

    @property
    def takes_xml(self) -> bool:
        """Whether ready rows can be streamed into this workbook (see io.sheet_xml.supported)."""
        return all(sheet_xml.supported(ws) for ws in self._sheets.values())

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
        wb = self._wb = _ProtectedWorkbook(str(path), options)
        wb.set_properties({"title": "Дорожная карта", "subject": f"xl-roadmap, шаблон {self.spec.template_version}",
                           "author": "xl-roadmap", "created": datetime(2024, 1, 1)})
        wb.set_calc_mode("auto")
        if self.vba_project is not None:
            wb.set_vba_name("ThisWorkbook")
            wb.add_vba_project(str(self.vba_project))
        self.fmt = _Formats(wb)
        sheets = self._sheets = {}
        for sheet in self.spec.sheets:
            ws = wb.add_worksheet(sheet.name, _LiteralTextWorksheet)
            if self.vba_project is not None:
                ws.set_vba_name(f"Sheet{len(sheets) + 1}")
            sheets[sheet.id] = ws
        self._extras = {extra.name: extra for extra in extra_sheets}
        for extra in extra_sheets:
            sheets[extra.name] = wb.add_worksheet(extra.name, _LiteralTextWorksheet)
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
            ws.hide_gridlines(0)
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

    def _print_setup(self, ws, repeat_to_row0: int | None, n_columns: int = 0) -> None:
        ws.set_landscape()
        ws.set_paper(9)
        ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
        if n_columns > PRINT_FIT_COLUMNS:
            # squeezed onto one page width, a matrix of dozens of indicators prints microscopic: print it over
            # several pages instead, each with the organisations' codes and names on the left
            ws.repeat_columns(0, 1)
        else:
            ws.fit_to_pages(1, 0)
        if repeat_to_row0 is not None:
            ws.repeat_rows(0, repeat_to_row0)

    def _protect(self, ws) -> None:
        ws.protect("", {"format_columns": True, "format_rows": True, "insert_rows": True, "delete_rows": True,
                        "sort": True, "autofilter": True, "select_locked_cells": True,
                        "select_unlocked_cells": True})

    # -- sheet kinds --------------------------------------------------------------------------------
    def _sheet_text(self, wb, ws, sheet: SheetSpec) -> None:
        ws.set_column(0, 0, 120)
        ws.write_string(0, 0, sheet.title, self.fmt.title)
        for i, para in enumerate(sheet.paragraphs):
            ws.write_string(2 + i, 0, para, self.fmt.paragraph)
        info = (f"Версия шаблона {self.spec.template_version}; каталог показателей: {self.edition.title} "
                f"(редакция {self.edition.id}).")
        ws.write_string(3 + len(sheet.paragraphs), 0, info, self.fmt.help)
        self._print_setup(ws, None)
        ws.set_landscape()
        self._protect(ws)

    def _sheet_form(self, wb, ws, sheet: SheetSpec) -> None:
        widths = sheet.widths or {}
        for letter, width in widths.items():
            ws.set_column(f"{letter}:{letter}", width)
        ws.write_string(0, 0, sheet.title, self.fmt.title)
        lab, val, hlp = (ord(sheet.label_column) - 65, ord(sheet.value_column) - 65, ord(sheet.help_column) - 65)
        ws.write_string(sheet.first_row - 2, lab, "Поле", self.fmt.header)
        ws.write_string(sheet.first_row - 2, val, "Значение", self.fmt.header)
        ws.write_string(sheet.first_row - 2, hlp, "Подсказка", self.fmt.header)
        defaults = {"edition": self.edition.id, "template_version": self.spec.template_version}
        for i, fld in enumerate(sheet.fields):
            r0 = sheet.first_row - 1 + i
            label = fld.label + (" *" if fld.required else "")
            ws.write_string(r0, lab, label, self.fmt.label)
            value = defaults.get(fld.id) if fld.locked else self.content.organisation.get(fld.id)
            if fld.locked:
                fmt = self.fmt.locked_value
            elif fld.type == "date":
                fmt = self.fmt.input_date
            else:
                fmt = self.fmt.input_text
            _write_value(ws, r0, val, value, fmt)
            ws.write_string(r0, hlp, fld.help, self.fmt.help)
            if fld.list:
                ws.data_validation(r0, val, r0, val, {"validate": "list", "source": f"={list_name(fld.list)}",
                                                      "error_type": "warning",
                                                      "error_message": "Выберите значение из списка"})
            if fld.type == "date":
                ws.data_validation(r0, val, r0, val, {"validate": "date", "criteria": "between",
                                                      "minimum": date(2000, 1, 1), "maximum": date(2100, 12, 31),
                                                      "error_type": "warning",
                                                      "error_message": "Введите дату в формате ДД.ММ.ГГГГ"})
            if fld.required:
                cell = address(r0 + 1, val)
                ws.conditional_format(cell, {"type": "formula", "criteria": f"=LEN({cell})=0",
                                             "format": self.fmt.missing})
        self._print_setup(ws, sheet.first_row - 2)
        self._protect(ws)

    def _table_head(self, ws, sheet: SheetSpec) -> None:
        spec = self.spec
        ws.write_string(spec.title_row - 1, 0, sheet.title, self.fmt.title)
        for c, col in enumerate(sheet.columns):
            options = {"hidden": True} if col.hidden else {}
            ws.set_column(c, c, col.width, None, options)
            ws.write_string(spec.header_row - 1, c, col.header + (" *" if col.required else ""), self.fmt.header)
        for c, col in enumerate(sheet.columns):
            ws.write_string(spec.help_row - 1, c, col.help, self.fmt.help)

    def _append_table(self, sheet_id: str, rows: Sequence[dict[str, Any]], derived: Sequence[dict[str, Any]]) -> None:
        sheet, ws = self.spec.sheet(sheet_id), self._sheets[sheet_id]
        start = self._streamed.get(sheet_id, 0)
        for k, data in enumerate(rows):
            self._table_row(ws, sheet, self.spec.first_data_row - 1 + start + k, data, derived[k])
        self._streamed[sheet_id] = start + len(rows)

    def _table_row(self, ws, sheet: SheetSpec, r0: int, data: dict[str, Any], derived: dict[str, Any]) -> None:
        for c, col in enumerate(sheet.columns):
            fmt = getattr(self.fmt, sheet_xml.table_format(col))
            if col.formula:
                formula = render_formula(self.spec, sheet, col.formula, r0 + 1)
                ws.write_formula(r0, c, formula, fmt, _cached(derived.get(col.id)))
            else:
                _write_value(ws, r0, c, data.get(col.id), fmt)

    def _sheet_table(self, wb, ws, sheet: SheetSpec) -> None:
        spec = self.spec
        hdr0, help0, first0 = spec.header_row - 1, spec.help_row - 1, spec.first_data_row - 1
        n_rows = self._rows(sheet)
        last0 = first0 + n_rows - 1
        if not self._heads_written:
            self._table_head(ws, sheet)
        rows = {"indicators": self.content.indicators, "roadmap": self.content.actions,
                "evidence": self.content.evidence}[sheet.id]
        start = self._streamed.get(sheet.id, 0)
        for i in range(n_rows - start):
            data = rows[i] if i < len(rows) else {}
            derived = {col.id: self._formula_value(sheet.id, col.id, i) for col in sheet.columns if col.formula}
            self._table_row(ws, sheet, first0 + start + i, data, derived)
        self._table_validations(ws, sheet, first0, last0)
        self._table_conditional_formats(ws, sheet, first0, last0)
        ws.freeze_panes(first0, 2 if sheet.id != "evidence" else 1)
        ws.autofilter(hdr0, 0, last0, len(sheet.columns) - 1)
        self._print_setup(ws, help0)
        self._protect(ws)

    def _formula_value(self, sheet_id: str, column_id: str, index: int) -> Any:
        if sheet_id == "indicators":
            if index < len(self._derived):
                return self._derived[index][column_id]
            return formulas.indicator_derived({}, self.edition)[column_id]
        if sheet_id == "roadmap" and column_id == "evidence_count":
            return self._evidence_counts[index] if index < len(self._evidence_counts) else None
        return None

    def _table_validations(self, ws, sheet: SheetSpec, first0: int, last0: int) -> None:
        for c, col in enumerate(sheet.columns):
            if col.list:
                source = f"={CATALOGUE_CODES}" if col.list == "catalogue_codes" else f"={list_name(col.list)}"
                ws.data_validation(first0, c, last0, c, {
                    "validate": "list", "source": source, "error_type": "warning",
                    "error_title": "Значение не из списка",
                    "error_message": "Выберите значение из выпадающего списка. Если нужного нет — "
                                     "оставьте как есть и напишите комментарий.",
                    "input_title": col.header[:32], "input_message": col.help[:255]})
            elif col.type == "number" and col.is_input:
                ws.data_validation(first0, c, last0, c, {
                    "validate": "decimal", "criteria": ">=", "value": col.min if col.min is not None else -1e12,
                    "error_type": "warning", "error_title": "Нужно число",
                    "error_message": "Введите число без знака %, например 13,5"})
            elif col.type == "date" and col.is_input:
                ws.data_validation(first0, c, last0, c, {
                    "validate": "date", "criteria": "between", "minimum": date(2000, 1, 1),
                    "maximum": date(2100, 12, 31), "error_type": "warning", "error_title": "Нужна дата",
                    "error_message": "Введите дату в формате ДД.ММ.ГГГГ"})

    def _table_conditional_formats(self, ws, sheet: SheetSpec, first0: int, last0: int) -> None:
        r1 = first0 + 1

        def ref(col_id: str, absolute_col: bool = True) -> str:
            letter = col_letter(sheet.column_index(col_id))
            return f"${letter}{r1}" if absolute_col else f"{letter}{r1}"

        anchor = {"indicators": "code", "roadmap": "action", "evidence": "title"}[sheet.id]
        for c, col in enumerate(sheet.columns):
            if col.required and col.id != anchor:
                rng = f"{col_letter(c)}{r1}:{col_letter(c)}{last0 + 1}"
                used = f"LEN({ref(anchor)})>0" if sheet.id != "evidence" else \
                    f"LEN({ref('title')})+LEN({ref('action_no')})>0"
                ws.conditional_format(rng, {"type": "formula",
                                            "criteria": f"=AND({used},LEN({col_letter(c)}{r1})=0)",
                                            "format": self.fmt.missing})
        if sheet.id == "indicators":
            rng = f"{col_letter(sheet.column_index('value'))}{r1}:{col_letter(sheet.column_index('status'))}{last0 + 1}"
            ws.conditional_format(rng, {"type": "formula", "criteria": f'={ref("status")}="не достигнут"',
                                        "format": self.fmt.bad})
            status_rng = f"{col_letter(sheet.column_index('status'))}{r1}:" \
                         f"{col_letter(sheet.column_index('status'))}{last0 + 1}"
            ws.conditional_format(status_rng, {"type": "formula", "criteria": f'={ref("status")}="достигнут"',
                                               "format": self.fmt.good})
        if sheet.id == "roadmap":
            rng = f"A{r1}:{col_letter(len(sheet.columns) - 1)}{last0 + 1}"
            done = f'{ref("status")}<>"выполнено"'
            overdue = (f"AND({done},LEN({ref('action')})>0,OR(AND(ISNUMBER({ref('deadline')}),"
                       f"{ref('deadline')}<TODAY()),AND(ISNUMBER({ref('deadline_end')}),{ref('deadline_end')}<TODAY()),"
                       f'{ref("deadline_state")}="просрочено"))')
            ws.conditional_format(rng, {"type": "formula", "criteria": "=" + overdue, "format": self.fmt.overdue})

    def _sheet_checks(self, wb, ws, sheet: SheetSpec) -> None:
        ws.write_string(0, 0, sheet.title, self.fmt.title)
        for c, (head, width) in enumerate(zip(sheet.headers, sheet.widths or [])):
            ws.set_column(c, c, width)
            ws.write_string(1, c, head, self.fmt.header)
        counts = formulas.selfcheck_counts(self.spec, self.content.organisation | {
            "edition": self.edition.id, "template_version": self.spec.template_version},
            self.content.indicators, self.content.actions, self.content.evidence, self.edition)
        for check_id, n in self._streamed_checks.items():
            counts[check_id] += n
        for i, check in enumerate(sheet.checks):
            r0 = 2 + i
            ws.write_string(r0, 0, check.label, self.fmt.label)
            ws.write_formula(r0, 1, render_formula(self.spec, sheet, check.formula, r0 + 1), self.fmt.formula,
                             counts[check.id])
            ws.write_string(r0, 2, check.advice, self.fmt.paragraph)
        rng = f"B3:B{2 + len(sheet.checks)}"
        ws.conditional_format(rng, {"type": "cell", "criteria": ">", "value": 0, "format": self.fmt.bad})
        ws.conditional_format(rng, {"type": "cell", "criteria": "==", "value": 0, "format": self.fmt.good})
        self._print_setup(ws, 1)
        self._protect(ws)

    def _sheet_report(self, wb, ws, sheet: SheetSpec) -> None:
        ws.write_string(0, 0, sheet.title, self.fmt.title)
        for c, (head, width) in enumerate(zip(sheet.headers, sheet.widths or [])):
            ws.set_column(c, c, width)
            ws.write_string(1, c, head, self.fmt.header)
        ws.write_string(2, 0, "Проверка ещё не выполнялась: нажмите «Проверить» или выполните "
                              "xl-roadmap validate ФАЙЛ --report ОТЧЁТ.xlsx", self.fmt.help)
        ws.freeze_panes(2, 0)
        self._print_setup(ws, 1)

    def _sheet_lists(self, wb, ws, sheet: SheetSpec) -> None:
        # collected first and written row by row (constant-memory mode cannot go back to an earlier row)
        grid: dict[tuple[int, int], Any] = {}
        for i, (list_id, items) in enumerate(self.spec.lists.items()):
            grid[(0, i)] = list_id
            for r, item in enumerate(items):
                grid[(r + 1, i)] = item
        first = catalogue_column0(self.spec)
        for j, col_id in enumerate(sheet.catalogue_columns):
            grid[(0, first + j)] = col_id
        for r, indicator in enumerate(self.edition.indicators):
            for j, col_id in enumerate(sheet.catalogue_columns):
                value = getattr(indicator, col_id)
                grid[(r + 1, first + j)] = self.edition.block_name(value) if col_id == "block" else value
        for (r, c) in sorted(grid):
            _write_value(ws, r, c, grid[(r, c)], self.fmt.header if r == 0 else self.fmt.plain)
        ws.hide()
        self._protect(ws)

    def _extra_head(self, ws, extra: ExtraSheet) -> None:
        ws.write_string(0, 0, extra.title, self.fmt.title)
        for c, (head, width) in enumerate(zip(extra.headers, extra.widths)):
            ws.set_column(c, c, width)
            ws.write_string(1, c, head, self.fmt.header)

    def _extra_rows(self, ws, extra: ExtraSheet, start: int, rows: Iterable[Sequence[Any]]) -> int:
        """Write rows from data row ``start`` on; any iterable (long sheets are generated while written)."""
        plain, plain_date = self.fmt.plain, self.fmt.plain_date
        numbered = {c: self._number_format(self._wb, f) for c, f in extra.number_formats.items()}
        r0 = 2 + start
        for row in rows:
            for c, value in enumerate(row):
                if value is None or value == "":
                    continue
                cls = value.__class__
                if cls is str:
                    ws.write_string(r0, c, value, plain)
                elif c in numbered and cls is float:   # ints (counts) need no decimals
                    ws.write_number(r0, c, value, numbered[c])
                else:
                    _write_value(ws, r0, c, value, plain_date if isinstance(value, (date, datetime)) else plain)
            r0 += 1
        return r0 - 2

    def _extra_tail(self, wb, ws, extra: ExtraSheet, n: int) -> None:
        if n and extra.headers:
            ws.autofilter(1, 0, 1 + n, len(extra.headers) - 1)
        ws.freeze_panes(2, 1)
        self._print_setup(ws, 1, len(extra.headers))
        if extra.chart is not None:
            extra.chart(wb, ws)

    def _number_format(self, wb, num_format: str):
        cache = self.__dict__.setdefault("_numfmt", {})
        if num_format not in cache:
            cache[num_format] = wb.add_format({"font_name": "Calibri", "font_size": 10, "valign": "top",
                                               "num_format": num_format})
        return cache[num_format]

    def _button(self, ws, sheet_id: str, macro: str, caption: str) -> None:
        sheet = self.spec.sheet(sheet_id)
        col = len(sheet.columns) + 1 if sheet.kind == "table" else 4
        offset = sum(1 for b in self.buttons[: self.buttons.index((sheet_id, macro, caption))] if b[0] == sheet_id)
        ws.insert_button(0, col + offset * 2, {"macro": macro, "caption": caption, "width": 120, "height": 24})


def column_ranges(spec: Spec, sheet_id: str) -> dict[str, str]:
    """For tests and docs: each column of a table sheet → its absolute data range."""
    sheet = spec.sheet(sheet_id)
    return {c.id: column_range(spec, sheet, c.id) for c in sheet.columns}


__all__ = ["ExtraSheet", "WorkbookContent", "WorkbookWriter", "column_ranges", "last_data_row"]
