"""Each used submission's block in the roll-up: its roadmap and evidence rows, numbered where they land, with
the «Происхождение» rows that trace every copied value to its file, sheet and cell — a range of copied
cells per run of source rows (rollup.traces), not a row per cell."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from xl_roadmap.core.addresses import split_address
from xl_roadmap.core.values import clean_text
from xl_roadmap.rollup.submission import Submission
from xl_roadmap.rollup.traces import span_rows, spans
from xl_roadmap.spec import Spec


def org_label(sub: Submission) -> str:
    return str(sub.org.get("org_name") or sub.name)


def prefixed(sub: Submission, no: Any) -> str:
    """An action number as the roll-up writes it: the school's code in front («ОО-01/2.3»)."""
    text = clean_text(no)
    return f"{sub.code}/{text}" if text else ""


def trace(sheet: str, cell: str, value: Any, sub: Submission, src_sheet: str, src_cell: str | None):
    if value is None or value == "" or not src_cell:
        return None
    return [sheet, cell, value, sub.name, src_sheet, src_cell]


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
    actions, evidence = [], []
    # cell traces by source sheet, rows as block indices: merged into ranges below
    road_cells: dict[str, list] = {}
    executor_cells = []
    org_at = split_address(org_cell) if org_cell else None
    for k, act in enumerate(sub.actions):
        read = act.values
        row = {cid: read.get(cid) for cid in values}
        row["no"] = prefixed(sub, read.get("no"))
        if not sub.is_rollup:
            row["executor"] = org_name
        row["deadline_end"] = act.end
        row["deadline_state"] = act.state
        actions.append(row)
        cells = road_cells.setdefault(act.sheet, [])
        for cid, col0 in copied:
            if cid == "executor" and not sub.is_rollup:
                # the executing organisation is the school itself: it comes from its «Сведения»
                if org_at:
                    executor_cells.append((k, col0, row.get(cid), org_at[0], org_at[1]))
            elif cid in road_pos:
                cells.append((k, col0, row.get(cid), act.row, road_pos[cid] - 1))
    provenance = []
    for src_sheet, cells in road_cells.items():
        provenance += span_rows(spans(cells), road.name, name, src_sheet, at.action_row)
    provenance += span_rows(spans(executor_cells), road.name, name, sub.org_sheet, at.action_row)
    ev_columns = [(col.id, ev_sheet.column_index(col.id)) for col in ev_sheet.columns]
    ev_cells: dict[str, list] = {}
    for k, ev in enumerate(sub.evidence):
        read = ev.values
        row = {cid: read.get(cid) for cid, _ in ev_columns}
        row["no"] = at.evidence_no(k)
        row["action_no"] = prefixed(sub, read.get("action_no"))
        evidence.append(row)
        cells = ev_cells.setdefault(ev.sheet, [])
        for cid, col0 in ev_columns:
            if cid != "no" and cid in ev_pos:
                cells.append((k, col0, row.get(cid), ev.row, ev_pos[cid] - 1))
    for src_sheet, cells in ev_cells.items():
        provenance += span_rows(spans(cells), ev_sheet.name, name, src_sheet, at.evidence_row)
    return Block(actions, evidence, provenance)


def blocks(c):
    """Every used submission's block, in roll-up order."""
    n_actions = n_evidence = 0
    for sub in c.used:
        block = school_block(c.spec, sub, n_actions, n_evidence)
        n_actions += len(block.actions)
        n_evidence += len(block.evidence)
        yield block
