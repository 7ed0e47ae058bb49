"""The sheets a roll-up adds to the school layout — register, matrix, charts, deadline and evidence summaries —
laid out as the spec declares them (``workbook.json`` rollup.sheets)."""

from __future__ import annotations

from typing import Any

from xl_roadmap.core.addresses import address
from xl_roadmap.core.content import EXTRA_FIRST_ROW, ExtraSheet, IndicatorCharts
from xl_roadmap.rollup.aggregation import AggregateRow
from xl_roadmap.rollup.blocks import org_label, prefixed
from xl_roadmap.rollup.coverage import COUNTS, FIELDS, CoverageRow, coverage_rows
from xl_roadmap.rollup.judging import DUPLICATE_RULE, text
from xl_roadmap.rollup.submission import Figure, Submission, received_text
from xl_roadmap.rules.findings import ERROR, NOTE, WARNING
from xl_roadmap.spec import RollupSheetSpec
from xl_roadmap.spec.vocabulary import (
    BookStatus,
    DeadlineState,
    IndicatorStatus,
    OrgKind,
    RollupSheet,
)

# a school's cell in «Показатели по ОО» when its row names the indicator without figures: the status word
NO_FIGURES = IndicatorStatus.NO_DATA
DUPLICATE_RULE_TEXT = text("duplicate_rule_marked", rule=DUPLICATE_RULE, replaced=BookStatus.REPLACED)


def _extra(sheet: RollupSheetSpec, rows, title: str | None = None, **more) -> ExtraSheet:
    return ExtraSheet(name=sheet.name, title=title or sheet.title, headers=sheet.headers, widths=sheet.widths,
                      rows=rows, **more)


def received_values(sub: Submission) -> dict[str, Any]:
    """When and from whom an input came (the letter's sender; the date and where it is taken from)."""
    return {"sender": sub.sender, "received_at": received_text(sub), "received_from": sub.received_from}


def register_values(sub: Submission) -> dict[str, Any]:
    """What the register shows of a readable book, by column id."""
    return {"file": sub.name, **received_values(sub), "sha256": sub.sha256, "org_code": sub.code,
            "org_name": org_label(sub),
            "period": sub.org.get("period") or "", "template_version": sub.org.get("template_version") or "",
            "errors": sub.counts.get(ERROR, 0), "warnings": sub.counts.get(WARNING, 0),
            "notes": sub.counts.get(NOTE, 0), "status": sub.status, "reason": sub.reason}


def register(c) -> ExtraSheet:
    sheet = c.spec.rollup_sheet(RollupSheet.REGISTER)
    rows: list[list[Any]] = []

    def add(values: dict[str, Any]) -> None:
        rows.append(sheet.row({"no": len(rows) + 1, **values}))

    for sub in c.submissions:
        values = register_values(sub)
        if sub in c.unexpected:
            values["reason"] = (values["reason"] + "; " if values["reason"] else "") + text("not_expected")
        add(values)
    for sub in c.unreadable:
        add({"file": sub.name, **received_values(sub), "sha256": sub.sha256 or "", "status": BookStatus.UNREADABLE,
             "reason": sub.read_error})
    for sub in c.skipped:
        add({"file": sub.name, **received_values(sub), "sha256": sub.sha256 or "", "status": BookStatus.SKIPPED,
             "reason": sub.skip_reason})
    for m in c.missing:
        add({"org_code": m.code, "org_name": m.name, "status": BookStatus.MISSING, "reason": text("no_book")})
    if c.duplicates:
        rows.append(sheet.row({"reason": text("duplicates_row", rule=DUPLICATE_RULE_TEXT)}))
    for notice in c.notices:                 # a tie of period or level, and how to choose (judging.choose)
        rows.append(sheet.row({"reason": notice.message}))
    return _extra(sheet, rows, title=sheet.title.format(as_of=f"{c.as_of:%d.%m.%Y}"))


# what «Охват» shows in a count's cell when the count is not known
NO_LIST = text("coverage_no_list")        # the district gave no list of expected organisations
NO_DATA = text("coverage_no_data")        # the district's roll-up records no coverage (template before 1.2)
UNKNOWN = text("coverage_unknown")        # a total over lines none of which knows the count
NO_ROLLUP = text("coverage_no_rollup")    # the district sent no roll-up


def _coverage_note(c, row: CoverageRow) -> str:
    if not c.sums_rollups:
        note = text("coverage_own", sheet=c.spec.sheet("organisation").name)
        return note + ("" if row.coverage.expected is not None else text("coverage_own_no_list"))
    if row.sub is None:
        return text("coverage_district_missing")
    if row.coverage is None:
        return text("coverage_not_recorded", sheet=row.sub.org_sheet or c.spec.sheet("organisation").name)
    notes = [] if row.sub.accepted else [text("coverage_not_accepted")]
    if row.coverage.expected is None:
        notes.append(text("coverage_district_no_list"))
    return "; ".join(notes)


def _coverage_cells(row: CoverageRow) -> dict[str, Any]:
    if row.coverage is None:
        return dict.fromkeys(COUNTS, NO_ROLLUP if row.sub is None else NO_DATA)
    return {k: NO_LIST if v is None else v for k, v in row.coverage.as_dict().items()}


def _coverage_total(label: str, picked: list[CoverageRow], headers: dict[str, str]) -> dict[str, Any]:
    """Sums over the lines whose count is known; the lines left out are named, never counted as zero."""
    values: dict[str, Any] = {"org_code": label}
    gaps = []
    for count in COUNTS:
        known = [getattr(r.coverage, count) for r in picked if r.coverage and getattr(r.coverage, count) is not None]
        values[count] = sum(known) if known or not picked else UNKNOWN
        if len(known) < len(picked):
            gaps.append(f"«{headers[count]}» — {len(picked) - len(known)}")
    values["note"] = text("coverage_gaps", gaps=", ".join(gaps)) if gaps else ""
    return values


def coverage(c) -> ExtraSheet:
    """«Охват»: a district's own line (what it records on «Сведения»); one level up, a line per district
    and two totals (the accepted roll-ups — what the region's roll-up holds — and all)."""
    sheet = c.spec.rollup_sheet(RollupSheet.COVERAGE)
    lines = coverage_rows(c)
    rows = [{"org_code": r.code, "org_name": r.name, "status": r.status, **_coverage_cells(r),
             "note": _coverage_note(c, r)} for r in lines]
    if c.sums_rollups:
        headers = {col.id: col.header for col in sheet.columns}
        rows += [_coverage_total(text("total_accepted"), [r for r in lines if r.sub is not None and r.sub.accepted],
                                 headers),
                 _coverage_total(text("total_all"), lines, headers)]
    return _extra(sheet, [sheet.row(r) for r in rows], title=sheet.title.format(as_of=f"{c.as_of:%d.%m.%Y}"))


def coverage_traces(c):
    """«Происхождение» rows of «Охват» one level up: each district's count → the cell of the district roll-up's
    «Сведения» it was read from ([roll-up sheet, cell, value, source file, source sheet, source cell])."""
    sheet = c.spec.rollup_sheet(RollupSheet.COVERAGE)
    if not c.sums_rollups:
        return
    for k, row in enumerate(coverage_rows(c)):
        if row.sub is None or row.coverage is None:
            continue
        for count, value in row.coverage.as_dict().items():
            src = row.sub.org_cells.get(FIELDS[count])
            if value is not None and src:
                yield [sheet.name, address(EXTRA_FIRST_ROW + k, sheet.index(count)), value, row.sub.name,
                       row.sub.org_sheet, src]


def matrix_columns(c) -> list[tuple[str, str]]:
    return [(a.code, a.period) for a in c.aggregates]


def matrix_cells(c) -> dict[int, dict[int, Figure]]:
    """Each used submission's (by id) figure of each matrix column (0-based among the indicators), from the
    rows the aggregation put them in — a figure stands in its indicator's column, whatever its code. Of two
    rows of one column, one with a value wins over one without."""
    cells: dict[int, dict[int, Figure]] = {}
    for j, a in enumerate(c.aggregates):
        for sub, fig in a.sources:
            row = cells.setdefault(id(sub), {})
            if j not in row or fig.value is not None:
                row[j] = fig
    return cells


def matrix_value(fig: Figure) -> Any:
    """A school's cell: its value; «нет данных» when its row names the indicator without a value to show."""
    return fig.value if fig.value is not None else NO_FIGURES


def matrix(c) -> ExtraSheet:
    sheet = c.spec.rollup_sheet(RollupSheet.MATRIX)
    cols = matrix_columns(c)
    fixed = len(sheet.columns)
    cells = matrix_cells(c)
    rows: list[list[Any]] = []
    for sub in c.used:
        row: list[Any] = sheet.row({"org_code": sub.code, "org_name": org_label(sub)}) + [None] * len(cols)
        for j, fig in cells.get(id(sub), {}).items():
            row[fixed + j] = matrix_value(fig)
        rows.append(row)
    total = text("matrix_total_district") if c.level_kind == OrgKind.DISTRICT else text("matrix_total_region")
    for label, name, values in (      # in the code column: they name the lines as organisations' codes do
            (text("matrix_code_total"), total, [a.value for a in c.aggregates]),
            (text("matrix_code_norm"), text("matrix_norm"), [a.norm for a in c.aggregates]),
            (text("matrix_code_status"), text("matrix_status"), [a.status for a in c.aggregates]),
            (text("matrix_code_below"), text("matrix_below"), [a.below_norm for a in c.aggregates])):
        rows.append(sheet.row({"org_code": label, "org_name": name}) + values)
    return ExtraSheet(name=sheet.name, title=sheet.title,
                      headers=sheet.headers + [f"{code} ({period})" for code, period in cols],
                      widths=sheet.widths + [12] * len(cols), rows=rows,
                      number_formats={fixed + j: "0.0##" for j in range(len(cols))})


def chart_title(a: AggregateRow, room: int = 80) -> str:
    name = a.name if len(a.name) <= room else a.name[:room - 1].rstrip() + "…"
    return f"{a.code} {name} ({a.period})" if name else f"{a.code} ({a.period})"


def charts(c, limit: int = 40) -> ExtraSheet:
    fixed = len(c.spec.rollup_sheet(RollupSheet.MATRIX).columns)
    with_data = [(fixed + j, a) for j, a in enumerate(c.aggregates) if a.value is not None]
    # no indicator for the roll-up's own period: chart the latest data instead
    shown = [(col, a) for col, a in with_data if a.period == c.period] or with_data
    series = tuple((col, chart_title(a), a.norm) for col, a in shown[:limit])
    sheet = c.spec.rollup_sheet(RollupSheet.CHARTS)
    return _extra(sheet, [], chart=IndicatorCharts(c.spec.rollup_sheet(RollupSheet.MATRIX).name, EXTRA_FIRST_ROW,
                                                   len(c.used), series))


def _with_totals(sheet: RollupSheetSpec, rows: list[dict[str, Any]], accepted: list[bool],
                 summed: tuple[str, ...]) -> list[list[Any]]:
    """Rows plus two totals: over the accepted books (what the roll-up holds) and over all listed."""
    def total(label: str, picked: list[dict[str, Any]]) -> dict[str, Any]:
        return {sheet.columns[0].id: label, **{k: sum(r[k] for r in picked) for k in summed}}
    everything = rows + [total(text("total_accepted"), [r for r, ok in zip(rows, accepted) if ok]),
                         total(text("total_all"), rows)]
    return [sheet.row(r) for r in everything]


def deadline_summary(c) -> ExtraSheet:
    sheet = c.spec.rollup_sheet(RollupSheet.DEADLINES)
    listed = c.listed
    rows = []
    for sub in listed:
        states = sub.deadline_states
        rows.append({"org_code": sub.code, "org_name": org_label(sub), "book_status": sub.status,
                     "actions": sub.action_count, "done": states.get(DeadlineState.DONE, 0),
                     "on_time": states.get(DeadlineState.ON_TIME, 0),
                     "overdue": states.get(DeadlineState.OVERDUE, 0),
                     "missing": states.get(DeadlineState.MISSING, 0),
                     "unparsed": states.get(DeadlineState.UNPARSED, 0)})
    return _extra(sheet, _with_totals(sheet, rows, [s.accepted for s in listed],
                                      ("actions", "done", "on_time", "overdue", "missing", "unparsed")),
                  title=sheet.title.format(as_of=f"{c.as_of:%d.%m.%Y}"))


def evidence_summary(c) -> ExtraSheet:
    sheet = c.spec.rollup_sheet(RollupSheet.EVIDENCE)
    listed = c.listed
    rows = []
    for sub in listed:
        nos = ", ".join(prefixed(sub, no) for no in sub.done_without_evidence)
        rows.append({"org_code": sub.code, "org_name": org_label(sub), "book_status": sub.status,
                     "documents": sub.evidence_count, "done": sub.done_count,
                     "done_without_evidence": len(sub.done_without_evidence), "numbers_without_evidence": nos})
    return _extra(sheet, _with_totals(sheet, rows, [s.accepted for s in listed],
                                      ("documents", "done", "done_without_evidence")))

