"""How each kind of spec sheet is written (text, form, table, checks, report, lists) and the extra sheets of a
roll-up: the part of :class:`~xl_roadmap.io.xlsx.writer.WorkbookWriter` that lays sheets out."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Iterable, Sequence

from xl_roadmap.core import formulas
from xl_roadmap.core.addresses import address, col_letter
from xl_roadmap.core.content import CellLink, ExtraSheet
from xl_roadmap.core.layout import CATALOGUE_CODES, catalogue_column0, list_name, quote_sheet, render_formula
from xl_roadmap.io.xlsx import limits, page, sheet_xml, text_fit
from xl_roadmap.io.xlsx.book import FONT_SIZES, cached, write_value
from xl_roadmap.io.xlsx.charts import draw_indicator_charts
from xl_roadmap.io.xlsx.shared_strings import LocalStrings
from xl_roadmap.spec import SheetSpec
from xl_roadmap.spec.vocabulary import ActionStatus, DeadlineState, IndicatorStatus


TEXT_WIDTH = 120          # the «Инструкция» column


def _fit(ws, r0: int, cells) -> None:
    """Make row ``r0`` as tall as its wrapped cells need (text_fit: no program refits it on opening)."""
    need = text_fit.row_height(cells)
    if need is not None:
        ws.set_row(r0, need)


def _wrapped(text, width, style: str) -> text_fit.Text:
    size, bold = FONT_SIZES[style]
    return text_fit.Text(str(text), width, size, bold)


class SheetKinds:
    """Mixin of WorkbookWriter: one ``_sheet_<kind>`` method per sheet kind of the spec."""

    def _sheet_text(self, wb, ws, sheet: SheetSpec) -> None:
        ws.set_column(0, 0, TEXT_WIDTH)
        ws.write_string(0, 0, sheet.title, self.fmt.title)
        for i, para in enumerate(sheet.paragraphs):
            ws.write_string(2 + i, 0, para, self.fmt.paragraph)
            _fit(ws, 2 + i, [_wrapped(para, TEXT_WIDTH, "paragraph")])
        info = (f"Версия шаблона {self.spec.template_version}; каталог показателей: {self.edition.title} "
                f"(редакция {self.edition.id}).")
        last0 = 3 + len(sheet.paragraphs)
        ws.write_string(last0, 0, info, self.fmt.help)
        _fit(ws, last0, [_wrapped(info, TEXT_WIDTH, "help")])
        self._print_setup(ws, None, area=(last0, 0))
        ws.set_landscape()
        self._protect(ws, sheet.id)

    def _sheet_form(self, wb, ws, sheet: SheetSpec) -> None:
        widths = sheet.widths or {}
        for letter, width in widths.items():
            ws.set_column(f"{letter}:{letter}", width)
        ws.write_string(0, 0, sheet.title, self.fmt.title)
        lab, val, hlp = (ord(sheet.label_column) - 65, ord(sheet.value_column) - 65, ord(sheet.help_column) - 65)
        ws.write_string(sheet.first_row - 2, lab, "Поле", self.fmt.header)
        ws.write_string(sheet.first_row - 2, val, "Значение", self.fmt.header)
        ws.write_string(sheet.first_row - 2, hlp, "Подсказка", self.fmt.header)
        width = {c: widths.get(chr(65 + c), 8.43) for c in (lab, val, hlp)}
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
            write_value(ws, r0, val, value, fmt)
            ws.write_string(r0, hlp, fld.help, self.fmt.help)
            typed = [_wrapped(value, width[val], "input_text")] if isinstance(value, str) and fmt is self.fmt.input_text else []
            _fit(ws, r0, [_wrapped(label, width[lab], "label"), _wrapped(fld.help, width[hlp], "help"), *typed])
            if fld.list:
                source = f"={list_name(fld.list)}"
                limits.check_list_source(ws.name, address(r0 + 1, val), source, self.spec)
                ws.data_validation(r0, val, r0, val, {"validate": "list", "source": source,
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
        self._print_setup(ws, sheet.first_row - 2, area=(sheet.first_row - 2 + len(sheet.fields), max(lab, val, hlp)))
        self._protect(ws, sheet.id)

    def _table_head(self, ws, sheet: SheetSpec) -> None:
        spec = self.spec
        limits.check_columns(ws.name, len(sheet.columns), spec)
        ws.write_string(spec.title_row - 1, 0, sheet.title, self.fmt.title)
        for c, col in enumerate(sheet.columns):
            options = {"hidden": True} if col.hidden else {}
            ws.set_column(c, c, col.width, None, options)
            ws.write_string(spec.header_row - 1, c, col.header + (" *" if col.required else ""), self.fmt.header)
        shown = [(c, col) for c, col in enumerate(sheet.columns) if not col.hidden]
        _fit(ws, spec.header_row - 1, [_wrapped(col.header + (" *" if col.required else ""), col.width, "header")
                                       for _, col in shown])
        for c, col in enumerate(sheet.columns):
            ws.write_string(spec.help_row - 1, c, col.help, self.fmt.help)
        _fit(ws, spec.help_row - 1, [_wrapped(col.help, col.width, "help") for _, col in shown])

    def _append_table(self, sheet_id: str, rows: Sequence[dict[str, Any]], derived: Sequence[dict[str, Any]]) -> None:
        sheet, ws = self.spec.sheet(sheet_id), self._sheets[sheet_id]
        start = self._streamed.get(sheet_id, 0)
        limits.check_rows(ws.name, self.spec.first_data_row + start + len(rows) - 1, self.spec)
        for k, data in enumerate(rows):
            self._table_row(ws, sheet, self.spec.first_data_row - 1 + start + k, data, derived[k])
        self._streamed[sheet_id] = start + len(rows)

    def _table_row(self, ws, sheet: SheetSpec, r0: int, data: dict[str, Any], derived: dict[str, Any]) -> None:
        need = sheet_xml.row_height(sheet, data)
        if need is not None:
            ws.set_row(r0, need)
        for c, col in enumerate(sheet.columns):
            fmt = getattr(self.fmt, sheet_xml.table_format(col))
            if col.formula:
                formula = render_formula(self.spec, sheet, col.formula, r0 + 1)
                ws.write_formula(r0, c, formula, fmt, cached(derived.get(col.id)))
            else:
                write_value(ws, r0, c, data.get(col.id), fmt)

    def _sheet_table(self, wb, ws, sheet: SheetSpec) -> None:
        spec = self.spec
        hdr0, help0, first0 = spec.header_row - 1, spec.help_row - 1, spec.first_data_row - 1
        n_rows = self._rows(sheet)
        last0 = first0 + n_rows - 1
        limits.check_rows(ws.name, last0 + 1, spec)
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
        # the rows that hold something: the empty bordered input rows below them print nothing a clerk needs
        used = self._streamed.get(sheet.id, 0) + len(rows)
        self._print_setup(ws, help0, area=(help0 + used, len(sheet.columns) - 1))
        self._protect(ws, sheet.id)

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
                limits.check_list_source(ws.name, f"{address(first0 + 1, c)}:{address(last0 + 1, c)}", source,
                                         self.spec)
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
            ws.conditional_format(rng, {"type": "formula", "criteria": f'={ref("status")}="{IndicatorStatus.NOT_ACHIEVED}"',
                                        "format": self.fmt.bad})
            status_rng = f"{col_letter(sheet.column_index('status'))}{r1}:" \
                         f"{col_letter(sheet.column_index('status'))}{last0 + 1}"
            ws.conditional_format(status_rng, {"type": "formula", "criteria": f'={ref("status")}="{IndicatorStatus.ACHIEVED}"',
                                               "format": self.fmt.good})
        if sheet.id == "roadmap":
            rng = f"A{r1}:{col_letter(len(sheet.columns) - 1)}{last0 + 1}"
            done = f'{ref("status")}<>"{ActionStatus.DONE}"'
            overdue = (f"AND({done},LEN({ref('action')})>0,OR(AND(ISNUMBER({ref('deadline')}),"
                       f"{ref('deadline')}<TODAY()),AND(ISNUMBER({ref('deadline_end')}),{ref('deadline_end')}<TODAY()),"
                       f'{ref("deadline_state")}="{DeadlineState.OVERDUE}"))')
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
        widths = list(sheet.widths or []) + [8.43] * 3
        for i, check in enumerate(sheet.checks):
            r0 = 2 + i
            ws.write_string(r0, 0, check.label, self.fmt.label)
            ws.write_formula(r0, 1, render_formula(self.spec, sheet, check.formula, r0 + 1), self.fmt.formula,
                             counts[check.id])
            ws.write_string(r0, 2, check.advice, self.fmt.paragraph)
            _fit(ws, r0, [_wrapped(check.label, widths[0], "label"), _wrapped(check.advice, widths[2], "paragraph")])
        rng = f"B3:B{2 + len(sheet.checks)}"
        ws.conditional_format(rng, {"type": "cell", "criteria": ">", "value": 0, "format": self.fmt.bad})
        ws.conditional_format(rng, {"type": "cell", "criteria": "==", "value": 0, "format": self.fmt.good})
        self._print_setup(ws, 1, area=(1 + len(sheet.checks), 2))
        self._protect(ws, sheet.id)

    def _sheet_report(self, wb, ws, sheet: SheetSpec) -> None:
        ws.write_string(0, 0, sheet.title, self.fmt.title)
        for c, (head, width) in enumerate(zip(sheet.headers, sheet.widths or [])):
            ws.set_column(c, c, width)
            ws.write_string(1, c, head, self.fmt.header)
        _fit(ws, 1, [_wrapped(h, w, "header") for h, w in zip(sheet.headers, sheet.widths or [])])
        # unwrapped, so the line runs over the empty cells to its right instead of down a 5-wide column
        ws.write_string(2, 0, "Проверка ещё не выполнялась: нажмите «Проверить» или выполните "
                              "xl-roadmap validate ФАЙЛ --report ОТЧЁТ.xlsx", self.fmt.hint)
        ws.freeze_panes(2, 0)
        self._print_setup(ws, 1, area=(2, len(sheet.headers) - 1))

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
        limits.check_rows(ws.name, max(r for r, _ in grid) + 1, self.spec)
        limits.check_columns(ws.name, max(c for _, c in grid) + 1, self.spec)
        for (r, c) in sorted(grid):
            write_value(ws, r, c, grid[(r, c)], self.fmt.header if r == 0 else self.fmt.plain)
        ws.hide()
        self._protect(ws, sheet.id)

    def _extra_head(self, ws, extra: ExtraSheet) -> None:
        limits.check_columns(ws.name, len(extra.headers), self.spec)
        if extra.title_span > 1:
            # merged over the columns every printed page repeats, and wrapped: a long title is not cut at the
            # page's edge, nor hidden when the sheet scrolls right
            ws.merge_range(0, 0, 0, extra.title_span - 1, extra.title, self.fmt.title_wrap)
            _fit(ws, 0, [_wrapped(extra.title, sum(extra.widths[:extra.title_span]), "title_wrap")])
        else:
            ws.write_string(0, 0, extra.title, self.fmt.title)
        for c, (head, width) in enumerate(zip(extra.headers, extra.widths)):
            ws.set_column(c, c, width)
            ws.write_string(1, c, head, self.fmt.header)
        _fit(ws, 1, [_wrapped(h, w, "header") for h, w in zip(extra.headers, extra.widths)])

    _XML_BATCH = 2048

    def _extra_rows(self, ws, extra: ExtraSheet, start: int, rows: Iterable[Sequence[Any]]) -> int:
        """Write rows from data row ``start`` on; any iterable (long sheets are generated while written).
        A streamed roll-up's plain rows («Происхождение» of aggregates and of the register: hundreds of
        thousands of cells, written while the workers are idle) go in as ready XML, in batches — the very
        markup XlsxWriter writes, several times faster (io.xlsx.sheet_xml)."""
        if getattr(self, "styles", None) and not extra.number_formats and not extra.wrapped \
                and sheet_xml.supported(ws):
            return self._extra_rows_as_xml(ws, extra, start, rows)
        return self._extra_cells(ws, extra, start, rows)

    def _extra_rows_as_xml(self, ws, extra: ExtraSheet, start: int, rows: Iterable[Sequence[Any]]) -> int:
        batch: list[Sequence[Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) == self._XML_BATCH:
                start = self._extra_batch(ws, extra, start, batch)
                batch = []
        return self._extra_batch(ws, extra, start, batch) if batch else start

    def _extra_batch(self, ws, extra: ExtraSheet, start: int, batch: list[Sequence[Any]]) -> int:
        width = max(len(row) for row in batch)
        plain = width <= limits.LIMITS.columns and not any(
            v.__class__ is CellLink or (v.__class__ is str and sheet_xml.MARKS[0] in v) for row in batch for v in row)
        if not plain:          # links, over-wide rows and texts holding the renderer's marks: cell by cell
            return self._extra_cells(ws, extra, start, batch)
        first0 = 2 + start
        limits.check_rows(ws.name, first0 + len(batch), self.spec)
        strings = LocalStrings()
        xml = sheet_xml.extra_rows(batch, self.styles, lambda k: first0 + 1 + k, sheet=ws.name, strings=strings)
        texts = sheet_xml.string_cells(strings, getattr(self, "_shared", None), {})
        sheet_xml.append_rows(ws, sheet_xml.fill(sheet_xml.as_template(xml), {}, {}, texts), first0,
                              first0 + len(batch) - 1, width - 1)
        return start + len(batch)

    def _extra_cells(self, ws, extra: ExtraSheet, start: int, rows: Iterable[Sequence[Any]]) -> int:
        plain, plain_date = self.fmt.plain, self.fmt.plain_date
        numbered = {c: self._number_format(self._wb, f) for c, f in extra.number_formats.items()}
        wrapped = {c: extra.widths[c] for c in extra.wrapped if c < len(extra.widths)}
        # counters, not a re-scan: the rows may be a generator of hundreds of thousands (limits read once)
        max_rows, max_columns = limits.LIMITS.rows, limits.LIMITS.columns
        r0 = 2 + start
        for row in rows:
            if r0 >= max_rows:
                limits.check_rows(ws.name, r0 + 1, self.spec)
            if len(row) > max_columns:
                limits.check_columns(ws.name, len(row), self.spec)
            if extra.styled_rows and (style := extra.styled_rows.get(r0 - 2)) is not None:
                self._styled_row(ws, extra, r0, row, style)
                r0 += 1
                continue
            texts = []
            for c, value in enumerate(row):
                if value is None or value == "":
                    continue
                cls = value.__class__
                if cls is str and c in wrapped:
                    ws.write_string(r0, c, value, self.fmt.plain_wrap)
                    texts.append(_wrapped(value, wrapped[c], "plain_wrap"))
                elif cls is str:
                    ws.write_string(r0, c, value, plain)
                elif cls is CellLink:
                    ws.write_url(r0, c, f"internal:{quote_sheet(value.sheet)}!{value.cell}", self.fmt.link,
                                 string=value.text)
                elif c in numbered and cls is float:   # ints (counts) need no decimals
                    ws.write_number(r0, c, value, numbered[c])
                else:
                    write_value(ws, r0, c, value, plain_date if isinstance(value, (date, datetime)) else plain)
            if texts:
                _fit(ws, r0, texts)
            r0 += 1
        return r0 - 2

    def _styled_row(self, ws, extra: ExtraSheet, r0: int, row: Sequence[Any], style: str) -> None:
        """A row of texts in one style (a heading, a second table's headers), as tall as its wrapped texts."""
        fmt = getattr(self.fmt, style)
        texts = []
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            write_value(ws, r0, c, value, fmt)
            if style in FONT_SIZES and isinstance(value, str) and c < len(extra.widths):
                texts.append(_wrapped(value, extra.widths[c], style))
        if texts:
            _fit(ws, r0, texts)

    def _extra_tail(self, wb, ws, extra: ExtraSheet, n: int) -> None:
        filtered = n if extra.filtered_rows is None else min(n, extra.filtered_rows)
        if filtered and extra.headers:
            ws.autofilter(1, 0, 1 + filtered, len(extra.headers) - 1)
        ws.freeze_panes(2, extra.frozen_columns)
        self._extra_colours(ws, extra, n)
        if extra.chart is not None:
            draw_indicator_charts(wb, ws, extra.chart)       # sets up its own pages: charts are never cut
        else:
            fit = None if not extra.print_width else extra.print_width >= len(extra.headers)
            self._print_setup(ws, 1, len(extra.headers), area=(1 + n, max(len(extra.headers) - 1, 0)),
                              repeat_columns=extra.repeat_columns, fit=fit)
            if fit is False:
                ws.set_print_scale(page.scale_for_width(sum(text_fit.column_px(w)
                                                            for w in extra.widths[:extra.print_width])))
            if extra.print_blocks:
                # XlsxWriter sets one range; Excel and LibreOffice print each range of the list on pages of its own
                ws.print_area_range = ",".join(
                    f"{quote_sheet(ws.name)}!$A${1 if first == 0 else 3 + first}:${col_letter(last_col)}${3 + last}"
                    for first, last, last_col in extra.print_blocks if first <= min(last, n - 1))

    def _extra_colours(self, ws, extra: ExtraSheet, n: int) -> None:
        """The sheet's conditional colours, over the data rows written (row 3 on)."""
        for colour in extra.colours:
            first, last = colour.rows[0], min(colour.rows[1], n - 1)
            if first > last or colour.columns[0] > colour.columns[1]:
                continue
            if colour.text is not None:
                rule = {"type": "cell", "criteria": "==", "value": '"' + colour.text.replace('"', '""') + '"'}
            else:
                rule = {"type": "cell", "criteria": ">", "value": 0}
            ws.conditional_format(2 + first, colour.columns[0], 2 + last, colour.columns[1],
                                  {**rule, "format": getattr(self.fmt, colour.style)})

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
