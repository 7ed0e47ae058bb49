"""The roll-up workbook's content: the school layout one level up, plus register, matrix, summaries, provenance.

Everything here is plain data for :class:`io.workbook_writer.WorkbookWriter`. Each value copied or computed
from an input gets a row on «Происхождение» (roll-up sheet and cell → source file, sheet and cell), so the
district can answer "where does this number come from?" for any cell.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from .cells import address
from .consolidation import DUPLICATE_RULE, REPLACED, AggregateRow, Consolidation, Submission
from .io.charts import indicator_charts
from .io.workbook_writer import ExtraSheet, WorkbookContent
from .spec import Spec

REGISTER = "Реестр"
MATRIX = "Показатели по ОО"
DEADLINES = "Сроки"
EVIDENCE = "Подтверждения"
CHARTS = "Диаграммы"
PROVENANCE = "Происхождение"
EXTRA_FIRST_ROW = 3           # ExtraSheet rows start under a title row and a header row

PROVENANCE_HEADERS = ["Лист свода", "Ячейка свода", "Значение", "Файл-источник", "Лист источника",
                      "Ячейка источника"]


def _row(sheet: str, cell: str, value: Any, sub: Submission, src_sheet: str, src_cell: str | None):
    if value is None or value == "" or not src_cell:
        return None
    return [sheet, cell, value, sub.name, src_sheet, src_cell]


def org_label(sub: Submission) -> str:
    return str(sub.org.get("org_name") or sub.name)


def _prefixed(sub: Submission, no: Any) -> str:
    text = str(no).strip() if no is not None else ""
    if isinstance(no, float) and no.is_integer():
        text = str(int(no))
    return f"{sub.code}/{text}" if text else ""


@dataclass
class Block:
    """One used submission's rows in the roll-up: roadmap, evidence and their «Происхождение» rows."""
    actions: list[dict]
    evidence: list[dict]
    provenance: list[list]


class Numbering:
    """Where a block lands: 1-based rows of its k-th action and evidence row, and the k-th evidence number."""

    def __init__(self, spec: Spec, action_start: int, evidence_start: int):
        self.first, self.action_start, self.evidence_start = spec.first_data_row, action_start, evidence_start

    def action_row(self, k: int) -> Any:
        return self.first + self.action_start + k

    def evidence_row(self, k: int) -> Any:
        return self.first + self.evidence_start + k

    def evidence_no(self, k: int) -> str:
        return str(self.evidence_start + k + 1)


def school_block(spec: Spec, sub: Submission, action_start: int = 0, evidence_start: int = 0,
                 numbering: Numbering | None = None) -> Block:
    """The rows a used submission adds to «Дорожная карта» and «Журнал подтверждений», placed after
    ``action_start`` and ``evidence_start`` rows (or by ``numbering``), and where each copied value came from.
    Self-contained: its action numbers carry the school's code, so its evidence names only its own actions."""
    at = numbering or Numbering(spec, action_start, evidence_start)
    road, ev_sheet = spec.sheet("roadmap"), spec.sheet("evidence")
    copied = [(col.id, road.column_index(col.id)) for col in road.columns if not col.formula and not col.fill]
    values = [col.id for col in road.columns if not col.formula]
    road_pos, ev_pos = sub.positions.get("roadmap", {}), sub.positions.get("evidence", {})
    name, org_name, org_cell = sub.name, org_label(sub), sub.org_cells.get("org_name")
    actions, evidence, provenance = [], [], []
    for k, act in enumerate(sub.actions):
        row = {cid: act.get(cid) for cid in values}
        row["no"] = _prefixed(sub, act.get("no"))
        if not sub.is_rollup:
            row["executor"] = org_name
        row["deadline_end"] = act["_end"]
        row["deadline_state"] = act["_state"]
        actions.append(row)
        target_row = at.action_row(k)
        for cid, col0 in copied:
            value = row.get(cid)
            if value is None or value == "":
                continue
            if cid == "executor" and not sub.is_rollup:
                # the executing organisation is the school itself: it comes from its «Сведения»
                if org_cell:
                    provenance.append([road.name, address(target_row, col0), value, name, sub.org_sheet, org_cell])
            elif cid in road_pos:
                provenance.append([road.name, address(target_row, col0), value, name, act["_sheet"],
                                   address(act["_row"], road_pos[cid] - 1)])
    ev_columns = [(col.id, ev_sheet.column_index(col.id)) for col in ev_sheet.columns]
    for k, ev in enumerate(sub.evidence):
        row = {cid: ev.get(cid) for cid, _ in ev_columns}
        row["no"] = at.evidence_no(k)
        row["action_no"] = _prefixed(sub, ev.get("action_no"))
        evidence.append(row)
        target_row = at.evidence_row(k)
        for cid, col0 in ev_columns:
            value = row.get(cid)
            if cid != "no" and cid in ev_pos and value is not None and value != "":
                provenance.append([ev_sheet.name, address(target_row, col0), value, name, ev["_sheet"],
                                   address(ev["_row"], ev_pos[cid] - 1)])
    return Block(actions, evidence, provenance)


def blocks(c: Consolidation):
    """Every used submission's block, in roll-up order."""
    n_actions = n_evidence = 0
    for sub in c.used:
        block = school_block(c.spec, sub, n_actions, n_evidence)
        n_actions += len(block.actions)
        n_evidence += len(block.evidence)
        yield block


def provenance_sheet(rows) -> ExtraSheet:
    return ExtraSheet(name=PROVENANCE, title="Происхождение: откуда взято каждое значение свода",
                      headers=PROVENANCE_HEADERS, widths=[22, 12, 18, 34, 22, 14], rows=rows)


def rollup_content(c: Consolidation, org: dict[str, Any], streamed: tuple[int, int] | None = None) -> WorkbookContent:
    """The whole roll-up; or, with ``streamed`` = (actions, evidence rows already written block by block),
    everything but those blocks and their «Происхождение» rows."""
    spec = c.spec
    organisation = {
        "org_kind": c.level_kind, "period": c.period, "edition": c.edition.id,
        "template_version": spec.template_version, "doc_date": c.as_of,
        **{k: v for k, v in org.items() if v not in (None, "")},
    }
    if not organisation.get("municipality") and c.used:
        towns = Counter(str(s.org.get("municipality") or "") for s in c.used)
        organisation["municipality"] = min(towns, key=lambda t: (-towns[t], t))
    if not organisation.get("region") and c.used:
        regions = Counter(str(s.org.get("region") or "") for s in c.used)
        organisation["region"] = min(regions, key=lambda t: (-regions[t], t))
    indicators = _indicator_rows(c, spec)
    if streamed is None:
        actions, evidence = [], []
        for block in blocks(c):
            actions += block.actions
            evidence += block.evidence
        n_actions, n_evidence = len(actions), len(evidence)
    else:
        actions, evidence = [], []
        n_actions, n_evidence = streamed
    extra = [_register(c), _matrix(c), _charts(c), _deadline_summary(c), _evidence_summary(c)]
    # provenance rows are produced while the sheet is written (a generator): at a thousand schools they would
    # be millions of rows held in memory for nothing
    extra.append(provenance_sheet(ProvenanceRows(c, with_blocks=streamed is None)))
    return WorkbookContent(organisation=organisation, indicators=indicators, actions=actions, evidence=evidence,
                           extra_sheets=extra,
                           data_rows={"indicators": max(len(indicators) + 20, 60),
                                      "roadmap": max(n_actions + 20, 60),
                                      "evidence": max(n_evidence + 20, 60)})


def _cell(spec: Spec, sheet_id: str, index: int, column_id: str) -> str:
    return address(spec.first_data_row + index, spec.sheet(sheet_id).column_index(column_id))


def _indicator_rows(c: Consolidation, spec: Spec) -> list[dict]:
    rows = []
    noun = "УО" if c.level_kind == "регион" else "ОО"
    for i, a in enumerate(c.aggregates):
        entry = a.entry
        rule = entry.aggregation if entry else ""
        entered = rule == "district_entered" and not a.contributors
        source = f"вносит {c.level_kind}" if entered else f"свод по {a.contributors} {noun}"
        rows.append({"no": str(i + 1), "code": a.code, "name": a.name,
                     "block": c.edition.block_name(entry.block) if entry else "", "unit": entry.unit if entry else "",
                     "period": a.period, "numerator": a.numerator, "denominator": a.denominator, "norm": a.norm,
                     "source": source, "comment": f"ниже нормы: {a.below_norm} {noun}" if a.below_norm else ""})
    return rows


def _register(c: Consolidation) -> ExtraSheet:
    headers = ["№", "Файл", "SHA-256", "Код", "Наименование", "Период", "Версия шаблона", "Ошибок",
               "Предупреждений", "Замечаний", "Статус", "Пояснение"]
    rows: list[list[Any]] = []
    for sub in c.submissions:
        note = sub.reason
        if sub in c.unexpected:
            note = (note + "; " if note else "") + "нет в списке ожидаемых"
        rows.append([len(rows) + 1, sub.name, sub.sha256, sub.code, org_label(sub), sub.org.get("period") or "",
                     sub.org.get("template_version") or "", sub.counts.get("ошибка", 0),
                     sub.counts.get("предупреждение", 0), sub.counts.get("замечание", 0), sub.status, note])
    for sub in c.unreadable:
        rows.append([len(rows) + 1, sub.name, sub.sha256 or "", "", "", "", "", "", "", "", "не прочитан",
                     sub.read_error])
    for m in c.missing:
        rows.append([len(rows) + 1, "", "", m.code, m.name, "", "", "", "", "", "не представлен", "нет книги"])
    if c.duplicates:
        rows.append(["", "", "", "", "", "", "", "", "", "", "", "Повторы: " + DUPLICATE_RULE_TEXT])
    return ExtraSheet(name=REGISTER, title=f"Реестр представленных книг (проверено {c.as_of:%d.%m.%Y})",
                      headers=headers, widths=[5, 30, 18, 12, 40, 11, 9, 8, 10, 10, 21, 40], rows=rows)


DUPLICATE_RULE_TEXT = f"{DUPLICATE_RULE}; остальные помечены «{REPLACED}»"


def matrix_columns(c: Consolidation) -> list[tuple[str, str]]:
    return [(a.code, a.period) for a in c.aggregates]


def _matrix(c: Consolidation) -> ExtraSheet:
    cols = matrix_columns(c)
    headers = ["Код", "Наименование"] + [f"{code} ({period})" for code, period in cols]
    position = {key: j for j, key in enumerate(cols)}
    rows: list[list[Any]] = []
    for sub in c.used:
        row: list[Any] = [sub.code, org_label(sub)] + [None] * len(cols)
        for fig in sub.figures:
            j = position.get((fig.code, fig.period))
            if j is not None and fig.value is not None:
                row[2 + j] = fig.value
        rows.append(row)
    level = "по району" if c.level_kind == "УО" else "по региону"
    rows.append(["ИТОГО", f"Итого {level} (Σ числителей / Σ знаменателей)"] + [a.value for a in c.aggregates])
    rows.append(["НОРМА", "Норма / целевое значение"] + [a.norm for a in c.aggregates])
    rows.append(["СТАТУС", "Статус итога"] + [a.status for a in c.aggregates])
    rows.append(["НИЖЕ", "Организаций ниже нормы"] + [a.below_norm for a in c.aggregates])
    formats = {2 + j: "0.0##" for j in range(len(cols))}
    return ExtraSheet(name=MATRIX, title="Показатели по организациям и итог", headers=headers,
                      widths=[12, 40] + [12] * len(cols), rows=rows, number_formats=formats)


def chart_title(a: AggregateRow, room: int = 80) -> str:
    name = a.name if len(a.name) <= room else a.name[:room - 1].rstrip() + "…"
    return f"{a.code} {name} ({a.period})" if name else f"{a.code} ({a.period})"


def _charts(c: Consolidation, limit: int = 40) -> ExtraSheet:
    with_data = [(2 + j, a) for j, a in enumerate(c.aggregates) if a.value is not None]
    # no indicator for the roll-up's own period: chart the latest data instead
    shown = [(col, a) for col, a in with_data if a.period == c.period] or with_data
    series = [(col, chart_title(a), a.norm) for col, a in shown[:limit]]
    return ExtraSheet(name=CHARTS, title="Показатели по организациям и норма", headers=[], widths=[], rows=[],
                      chart=indicator_charts(MATRIX, EXTRA_FIRST_ROW, len(c.used), series))


def _listed(c: Consolidation) -> list[Submission]:
    """Who appears on «Сроки» and «Подтверждения»: every organisation's book, rejected ones included — a
    book is most often rejected for the very deadlines and documents these sheets count."""
    return [s for s in c.submissions if s.status != REPLACED]


def _with_totals(rows: list[list[Any]], accepted: list[bool], width: int, summed: range) -> list[list[Any]]:
    """Rows plus two totals: over the accepted books (what the roll-up holds) and over all listed."""
    def total(label: str, picked: list[list[Any]]) -> list[Any]:
        return [label if k == 0 else sum(r[k] for r in picked) if k in summed else "" for k in range(width)]
    return rows + [total("ИТОГО по принятым", [r for r, ok in zip(rows, accepted) if ok]),
                   total("ИТОГО по всем", rows)]


def _deadline_summary(c: Consolidation) -> ExtraSheet:
    headers = ["Код", "Наименование", "Статус книги", "Мероприятий", "Выполнено", "В срок", "Просрочено",
               "Срок не указан", "Срок не распознан"]
    listed = _listed(c)
    rows = []
    for sub in listed:
        states = sub.deadline_states
        rows.append([sub.code, org_label(sub), sub.status, sub.action_count, states.get("выполнено", 0),
                     states.get("в срок", 0), states.get("просрочено", 0), states.get("срок не указан", 0),
                     states.get("срок не распознан", 0)])
    return ExtraSheet(name=DEADLINES, title=f"Сроки мероприятий на {c.as_of:%d.%m.%Y}", headers=headers,
                      widths=[12, 40, 21, 12, 11, 9, 11, 13, 15],
                      rows=_with_totals(rows, [s.accepted for s in listed], len(headers), range(3, 9)))


def _evidence_summary(c: Consolidation) -> ExtraSheet:
    headers = ["Код", "Наименование", "Статус книги", "Документов в журнале", "Мероприятий выполнено",
               "Выполнено без подтверждения", "Номера мероприятий без подтверждения"]
    listed = _listed(c)
    rows = []
    for sub in listed:
        nos = ", ".join(_prefixed(sub, no) for no in sub.done_without_evidence)
        rows.append([sub.code, org_label(sub), sub.status, sub.evidence_count, sub.done_count,
                     len(sub.done_without_evidence), nos])
    return ExtraSheet(name=EVIDENCE, title="Подтверждающие документы", headers=headers,
                      widths=[12, 40, 21, 12, 12, 14, 50],
                      rows=_with_totals(rows, [s.accepted for s in listed], len(headers), range(3, 6)))


def status_counts(c: Consolidation) -> dict[str, int]:
    return dict(Counter(s.status for s in c.submissions))




def write_rollup(c: Consolidation, out, org: dict[str, Any] | None = None):
    """Write the roll-up workbook (atomically) and return its path."""
    from .io.workbook_writer import WorkbookWriter

    content = rollup_content(c, org or {})
    return WorkbookWriter(c.spec, c.edition, content, constant_memory=True).save(out)


REGISTER_FIELDS = ((3, "org_code"), (4, "org_name"), (5, "period"), (6, "template_version"))


class ProvenanceRows:
    """«Происхождение» as an iterable, in the order the roll-up is built: each used submission's roadmap and
    evidence rows (its block), then the aggregated indicators, the register and the matrix."""

    def __init__(self, c: Consolidation, with_blocks: bool = True):
        self.c, self.with_blocks = c, with_blocks

    def __iter__(self):
        if self.with_blocks:
            for block in blocks(self.c):
                yield from block.provenance
        for row in self._tail():
            if row is not None:
                yield row

    def _tail(self):
        c, spec = self.c, self.c.spec
        ind_sheet = spec.sheet("indicators").name
        for i, a in enumerate(c.aggregates):
            for sub, fig in a.sources:
                for col in ("numerator", "denominator"):
                    if (a.numerator if col == "numerator" else a.denominator) is not None:
                        yield _row(ind_sheet, _cell(spec, "indicators", i, col), getattr(fig, col), sub, fig.sheet,
                                   fig.cells[col])
        for k, sub in enumerate(c.submissions):
            r = EXTRA_FIRST_ROW + k
            values = {3: sub.code, 4: org_label(sub), 5: sub.org.get("period") or "",
                      6: sub.org.get("template_version") or ""}
            for col, field_id in REGISTER_FIELDS:
                yield _row(REGISTER, address(r, col), values[col], sub, sub.org_sheet, sub.org_cells.get(field_id))
        position = {key: j for j, key in enumerate(matrix_columns(c))}
        for k, sub in enumerate(c.used):
            r = EXTRA_FIRST_ROW + k
            for fig in sub.figures:
                j = position.get((fig.code, fig.period))
                if j is not None and fig.value is not None:
                    src = fig.cells["value"] if fig.cells.get("value") else fig.cells["numerator"]
                    yield _row(MATRIX, address(r, 2 + j), fig.value, sub, fig.sheet, src)
