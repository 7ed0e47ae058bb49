"""Figures a roll-up cannot sum with its own edition's indicators: said, never silently dropped.

An indicator of another catalogue edition that the catalogue does not declare the same as one of the roll-up
edition's, and a code no edition knows, stand as rows of their own (rollup.matching). Here they are named —
one notice per edition, one for the unknown codes: at the end of «Реестр», on the console, in ``--json`` —
with the organisations that report them; and the roll-up's catalogue gets the other editions' entries under
their «edition:code» names, so that the roll-up's own formulas, and the next level, know what the rows are.
"""

from __future__ import annotations

from xl_roadmap.rollup.aggregation import AggregateRow
from xl_roadmap.rollup.judging import Notice
from xl_roadmap.rollup.matching import OTHER_EDITION, UNKNOWN
from xl_roadmap.spec import Edition, Spec
from xl_roadmap.spec.catalogue import QUALIFIER, foreign_blocks
from xl_roadmap.spec.vocabulary import RollupSheet

KINDS = {OTHER_EDITION: "indicators-other-edition", UNKNOWN: "indicators-unknown"}
LINKED = "indicators-linked"


def _orgs(codes: list[str]) -> str:
    return ", ".join(codes)


def apart_notices(rows: list[AggregateRow], edition: Edition, spec: Spec) -> list[Notice]:
    """One notice per edition whose indicators stand apart, and one for codes no edition knows."""
    groups: dict[tuple[str, str], dict[str, dict[str, None]]] = {}
    for a in rows:
        if a.apart:
            codes = groups.setdefault((a.apart, a.edition), {})
            codes.setdefault(a.code, {}).update(dict.fromkeys(a.reporters))
    sheet, matrix = spec.sheet("indicators").name, spec.rollup_sheet(RollupSheet.MATRIX).name
    notices = []
    for (apart, edition_id), codes in groups.items():
        orgs = _orgs(list(dict.fromkeys(o for reporters in codes.values() for o in reporters)))
        if apart == OTHER_EDITION:
            shown = ", ".join(code.partition(QUALIFIER)[2] for code in codes)
            message = spec.rollup_text("apart_other_edition", edition=edition_id, own=edition.id, sheet=sheet,
                                       codes=shown, orgs=orgs)
        else:
            message = spec.rollup_text("apart_unknown", codes=", ".join(codes), sheet=sheet, matrix=matrix, orgs=orgs)
        notices.append(Notice(KINDS[apart], message, (), "",
                              tuple((code, edition_id, tuple(reporters)) for code, reporters in codes.items())))
    return notices


def linked_notice(rows: list[AggregateRow], edition: Edition, spec: Spec) -> list[Notice]:
    """Figures of another edition summed into the roll-up edition's row because the catalogue says they are the
    same indicator (same_as): said too, so that a methodologist sees which of a district's codes went where."""
    pairs: dict[str, dict[str, None]] = {}
    reporters: dict[str, dict[str, None]] = {}
    for a in rows:
        if a.apart or a.entry is None:
            continue
        for sub, fig in a.sources:
            if sub.edition and sub.edition != edition.id:
                pairs.setdefault(a.code, {})[f"{fig.code} ({sub.edition})"] = None
                reporters.setdefault(a.code, {})[sub.code] = None
    if not pairs:
        return []
    shown = "; ".join(f"{', '.join(theirs)} → {code}" for code, theirs in pairs.items())
    orgs = _orgs(list(dict.fromkeys(o for codes in reporters.values() for o in codes)))
    message = spec.rollup_text("linked_other_edition", own=edition.id, pairs=shown, orgs=orgs,
                               provenance=spec.rollup_sheet(RollupSheet.PROVENANCE).name)
    return [Notice(LINKED, message, (), "", tuple((code, edition.id, tuple(reporters[code])) for code in pairs))]


def apart_comment(a: AggregateRow, edition: Edition, spec: Spec) -> str:
    """What a row kept apart says of itself on «Показатели» (its «Комментарий»)."""
    if a.apart == OTHER_EDITION:
        return spec.rollup_text("apart_comment_other_edition", edition=a.edition, own=edition.id,
                                orgs=_orgs(a.reporters))
    if a.apart == UNKNOWN:
        return spec.rollup_text("apart_comment_unknown", orgs=_orgs(a.reporters))
    return ""


def rollup_catalogue(edition: Edition, rows: list[AggregateRow], spec: Spec) -> Edition:
    """The roll-up's edition with the entries of other editions it lists apart (same id: the roll-up is a book
    of its edition, whose other rows name their own)."""
    foreign = [a.entry for a in rows if a.apart == OTHER_EDITION and a.entry is not None]
    blocks: dict[str, str] = {}
    for edition_id in dict.fromkeys(e.edition for e in foreign):
        blocks.update(foreign_blocks(spec.editions[edition_id]))
    return edition.with_entries(list(dict.fromkeys(foreign)), blocks)
