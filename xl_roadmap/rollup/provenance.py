"""«Происхождение»: where each value of a roll-up came from (roll-up sheet and cell → source file, sheet and
cell), produced while the sheet is written — at a thousand schools these are millions of rows."""

from __future__ import annotations

from xl_roadmap.core.addresses import address
from xl_roadmap.core.content import EXTRA_FIRST_ROW, ExtraSheet
from xl_roadmap.rollup.blocks import blocks, trace
from xl_roadmap.rollup.sheets import matrix_columns, register_values
from xl_roadmap.spec import Spec
from xl_roadmap.spec.vocabulary import RollupSheet


def provenance_sheet(spec: Spec, rows) -> ExtraSheet:
    sheet = spec.rollup_sheet(RollupSheet.PROVENANCE)
    return ExtraSheet(name=sheet.name, title=sheet.title, headers=sheet.headers, widths=sheet.widths, rows=rows)


# register columns traced to the «Сведения» field they copy
REGISTER_TRACED = ("org_code", "org_name", "period", "template_version")


class ProvenanceRows:
    """«Происхождение» as an iterable, in the order the roll-up is built: each used submission's roadmap and
    evidence rows (its block), then the aggregated indicators, the register and the matrix."""

    def __init__(self, c, with_blocks: bool = True):
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
        ind_sheet = spec.sheet("indicators")
        for i, a in enumerate(c.aggregates):
            for sub, fig in a.sources:
                for col in ("numerator", "denominator"):
                    if (a.numerator if col == "numerator" else a.denominator) is not None:
                        cell = address(spec.first_data_row + i, ind_sheet.column_index(col))
                        yield trace(ind_sheet.name, cell, getattr(fig, col), sub, fig.sheet, fig.cells[col])
        register = spec.rollup_sheet(RollupSheet.REGISTER)
        for k, sub in enumerate(c.submissions):
            r = EXTRA_FIRST_ROW + k
            values = register_values(sub)
            for field_id in REGISTER_TRACED:
                yield trace(register.name, address(r, register.index(field_id)), values[field_id], sub,
                           sub.org_sheet, sub.org_cells.get(field_id))
        matrix = spec.rollup_sheet(RollupSheet.MATRIX)
        first_value = len(matrix.columns)
        position = {key: j for j, key in enumerate(matrix_columns(c))}
        for k, sub in enumerate(c.used):
            r = EXTRA_FIRST_ROW + k
            for fig in sub.figures:
                j = position.get((fig.code, fig.period))
                if j is not None and fig.value is not None:
                    src = fig.cells["value"] if fig.cells.get("value") else fig.cells["numerator"]
                    yield trace(matrix.name, address(r, first_value + j), fig.value, sub, fig.sheet, src)
