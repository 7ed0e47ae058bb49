"""«Происхождение»: where each value of a roll-up came from (roll-up sheet and cells → source file, sheet and
cells), produced while the sheet is written. Copied rows are traced as ranges (rollup.traces); a cell is traced
alone where nothing lines up — an aggregate's numerator from each school, the register's «Сведения» fields, the
matrix's values (a school's column of values becomes a row)."""

from __future__ import annotations

from xl_roadmap.core.addresses import split_address
from xl_roadmap.core.content import EXTRA_FIRST_ROW, ExtraSheet
from xl_roadmap.rollup.blocks import blocks
from xl_roadmap.rollup.plan import DistrictsPlan, PlanExecution
from xl_roadmap.rollup.plan_sheets import plan_districts_traces, plan_traces
from xl_roadmap.rollup.sheets import (
    coverage_traces,
    matrix_cells,
    matrix_value,
    register_values,
)
from xl_roadmap.rollup.traces import span_rows, spans
from xl_roadmap.spec import Spec
from xl_roadmap.spec.vocabulary import RollupSheet


def provenance_sheet(spec: Spec, rows) -> ExtraSheet:
    sheet = spec.rollup_sheet(RollupSheet.PROVENANCE)
    return ExtraSheet(name=sheet.name, title=sheet.title, headers=sheet.headers, widths=sheet.widths, rows=rows)


# register columns traced to the «Сведения» field they copy
REGISTER_TRACED = ("org_code", "org_name", "period", "template_version")


class ProvenanceRows:
    """«Происхождение» as an iterable, in the order the roll-up is built: each used submission's roadmap and
    evidence rows (its block), then the aggregated indicators, the register, the matrix, «Охват» and
    «Исполнение плана»."""

    def __init__(self, c, with_blocks: bool = True):
        self.c, self.with_blocks = c, with_blocks

    def __iter__(self):
        if self.with_blocks:
            for block in blocks(self.c):
                yield from block.provenance
        yield from self._tail()

    def _tail(self):
        c, spec = self.c, self.c.spec
        ind_sheet = spec.sheet("indicators")
        columns = [(col, ind_sheet.column_index(col)) for col in ("numerator", "denominator")]
        # an aggregate sums one cell of each school: its traces, gathered per school and source sheet, line up
        # as the school's own rows do (its numerators and denominators as one or a few ranges)
        summed: dict[tuple[str, str], list] = {}
        for i, a in enumerate(c.aggregates):
            row = spec.first_data_row + i
            cols = [(col, col0) for col, col0 in columns if getattr(a, col) is not None]
            for sub, fig in a.sources:
                cells = summed.setdefault((sub.name, fig.sheet), [])
                cells += [(row, col0, getattr(fig, col), *split_address(fig.cells[col]))
                          for col, col0 in cols if fig.cells.get(col)]
        for (name, src_sheet), cells in summed.items():
            yield from span_rows(spans(cells), ind_sheet.name, name, src_sheet)
        del summed
        register = spec.rollup_sheet(RollupSheet.REGISTER)
        for k, sub in enumerate(c.submissions):
            r = EXTRA_FIRST_ROW + k
            values = register_values(sub)
            cells = [(r, register.index(field_id), values[field_id], *split_address(sub.org_cells[field_id]))
                     for field_id in REGISTER_TRACED if sub.org_cells.get(field_id)]
            yield from span_rows(spans(cells), register.name, sub.name, sub.org_sheet)
        matrix = spec.rollup_sheet(RollupSheet.MATRIX)
        first_value = len(matrix.columns)
        placed = matrix_cells(c)
        for k, sub in enumerate(c.used):
            r = EXTRA_FIRST_ROW + k
            by_sheet: dict[str, list] = {}
            for j, fig in placed.get(id(sub), {}).items():
                # «нет данных» too: it says the school's row names the indicator, and where that row is
                src = fig.cells["value"] if fig.cells.get("value") else fig.cells["numerator"]
                if src:
                    by_sheet.setdefault(fig.sheet, []).append((r, first_value + j, matrix_value(fig),
                                                               *split_address(src)))
            for src_sheet, cells in by_sheet.items():
                yield from span_rows(spans(cells), matrix.name, sub.name, src_sheet)
        yield from coverage_traces(c)
        if isinstance(c.plan, PlanExecution):
            yield from plan_traces(c)
        elif isinstance(c.plan, DistrictsPlan):
            yield from plan_districts_traces(c)
