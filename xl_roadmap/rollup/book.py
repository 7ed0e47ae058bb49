"""The roll-up workbook's content: the school layout one level up, plus register, matrix, charts, summaries
and provenance — plain data for ``io.xlsx.writer`` (or, in Excel, for the open district book).

Every value copied or computed from an input gets a row on «Происхождение» (roll-up sheet and cell → source
file, sheet and cell), so the district can answer "where does this number come from?" for any cell.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from xl_roadmap.core.content import WorkbookContent
from xl_roadmap.rollup import plan_sheets, sheets
from xl_roadmap.rollup.apart import apart_comment
from xl_roadmap.rollup.blocks import blocks
from xl_roadmap.rollup.consolidation import Consolidation
from xl_roadmap.rollup.plan import DistrictsPlan, PlanExecution
from xl_roadmap.rollup.provenance import ProvenanceRows, provenance_sheet
from xl_roadmap.spec import Spec
from xl_roadmap.spec.vocabulary import OrgKind, RollupSheet


def rollup_content(c: Consolidation, org: dict[str, Any], streamed: tuple[int, int] | None = None) -> WorkbookContent:
    """The whole roll-up; or, with ``streamed`` = (actions, evidence rows already written block by block),
    everything but those blocks and their «Происхождение» rows."""
    spec = c.spec
    organisation = {
        "org_kind": c.level_kind, "period": c.period, "edition": c.edition.id,
        "template_version": spec.template_version, "doc_date": c.as_of,
        **{k: v for k, v in org.items() if v not in (None, "")},
        # computed, so it wins over anything passed in (None: the cell stays empty — unknown)
        **c.coverage().organisation_fields(),
    }
    organisation.update({k: v for k, v in _place(c).items() if not organisation.get(k)})
    c.identify(organisation)
    indicators = _indicator_rows(c, spec)
    actions, evidence = [], []
    if streamed is None:
        for block in blocks(c):
            actions += block.actions
            evidence += block.evidence
        n_actions, n_evidence = len(actions), len(evidence)
    else:
        n_actions, n_evidence = streamed
    extra = [BUILDERS[sheet_id](c) for sheet_id in sheet_ids(c) if sheet_id != RollupSheet.PROVENANCE]
    # provenance rows are produced while the sheet is written (a generator): at a thousand schools they would
    # be millions of rows held in memory for nothing
    extra.append(provenance_sheet(spec, ProvenanceRows(c, with_blocks=streamed is None)))
    return WorkbookContent(organisation=organisation, indicators=indicators, actions=actions, evidence=evidence,
                           extra_sheets=extra,
                           data_rows={"indicators": max(len(indicators) + 20, 60),
                                      "roadmap": max(n_actions + 20, 60),
                                      "evidence": max(n_evidence + 20, 60)})


BUILDERS = {RollupSheet.REGISTER: sheets.register, RollupSheet.COVERAGE: sheets.coverage,
            RollupSheet.MATRIX: sheets.matrix, RollupSheet.CHARTS: sheets.charts,
            RollupSheet.DEADLINES: sheets.deadline_summary, RollupSheet.EVIDENCE: sheets.evidence_summary,
            RollupSheet.PLAN: plan_sheets.plan_sheet, RollupSheet.PLAN_DISTRICTS: plan_sheets.plan_districts_sheet}


def sheet_ids(c: Consolidation) -> tuple[str, ...]:
    """The roll-up's own sheets, in their order: «Исполнение плана» only where there is a plan to show — a
    district's (schools' books handed down from a plan, or --plan), or the region's (district roll-ups that have
    the sheet)."""
    absent = {RollupSheet.PLAN, RollupSheet.PLAN_DISTRICTS}
    if isinstance(c.plan, PlanExecution):
        absent.discard(RollupSheet.PLAN)
    elif isinstance(c.plan, DistrictsPlan):
        absent.discard(RollupSheet.PLAN_DISTRICTS)
    return tuple(sheet_id for sheet_id in RollupSheet.ORDER if sheet_id not in absent)


def _place(c: Consolidation) -> dict[str, str]:
    """Municipality and region the roll-up takes from its inputs when it is not told them. A district's schools
    lie in its municipality: the one most of them name (a typo in one book does not move the district). A
    region's districts are many municipalities — none of them is the region's — and its region is the one they
    all name, or none: one district's details are never the region's own."""
    if not c.used:
        return {}
    if c.sums_rollups:
        regions = {str(s.org.get("region") or "") for s in c.used}
        return {"region": regions.pop()} if len(regions) == 1 else {}
    place = {}
    for field_id in ("municipality", "region"):
        seen = Counter(str(s.org.get(field_id) or "") for s in c.used)
        place[field_id] = min(seen, key=lambda t: (-seen[t], t))
    return place


def _indicator_rows(c: Consolidation, spec: Spec) -> list[dict]:
    rows = []
    noun = OrgKind.DISTRICT if c.level_kind == OrgKind.REGION else OrgKind.SCHOOL
    for i, a in enumerate(c.aggregates):
        entry = a.entry
        rule = entry.aggregation if entry else ""
        entered = rule == "district_entered" and not a.contributors
        if a.entry is None:
            source = spec.rollup_text("not_summed")
        elif entered:
            source = spec.rollup_text("entered_by", kind=c.level_kind)
        else:
            source = spec.rollup_text("summed_over", count=a.contributors, noun=noun)
        comment = [apart_comment(a, c.edition, spec),
                   spec.rollup_text("below_norm", count=a.below_norm, noun=noun) if a.below_norm else ""]
        rows.append({"no": str(i + 1), "code": a.code, "name": a.name,
                     "block": c.edition.block_name(entry.block) if entry else "", "unit": entry.unit if entry else "",
                     "period": a.period, "numerator": a.numerator, "denominator": a.denominator, "norm": a.norm,
                     "source": source, "comment": "; ".join(t for t in comment if t)})
    return rows

