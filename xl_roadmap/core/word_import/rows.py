"""A read table's rows as the plan's records: section rows kept as sections, continuation rows joined to
the row they continue, and each remaining row's actions (per level group) and indicator.

A section row is one cell merged across the table (a number cell may stand before it). A continuation row
— what a page break or a PDF conversion leaves — has no number and every text in it starts in lower case
(or with a digit): each text is joined, with a space, to the same column of the row above. A numbered
list inside an action cell becomes several actions only when the deadline cell lists as many deadlines;
otherwise the list stays one action with its text kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from xl_roadmap.core.word_import.layout import Layout
from xl_roadmap.core.word_import.plan import Place, Repair
from xl_roadmap.core.word_import.tables import SourceRow, TableGroup
from xl_roadmap.core.word_import.text import (
    list_items,
    mentions,
    paragraphs_of,
    row_number,
    starts_lower,
)
from xl_roadmap.spec import WordImportSpec
from xl_roadmap.spec.vocabulary import Level

SCHOOL, DISTRICT, BOTH = Level.SCHOOL, Level.DISTRICT, Level.BOTH
_LEVEL_TEXT = {"school": SCHOOL, "district": DISTRICT}
# a repair's target before the row's place in the sheet is known: (COLUMN_HINT, 0, column id)
COLUMN_HINT = "?"
_ROADMAP_COLUMN = {"action": "action", "deadline": "deadline", "responsible": "responsible", "result": "result",
                   "number": "no"}


@dataclass
class Record:
    """One row of the plan after joins: its texts by column, its section, where it came from."""

    place: Place
    cells: list[str]
    section: str
    repairs: list[Repair] = field(default_factory=list)     # made on this record: linked to its first value


@dataclass
class DraftAction:
    place: Place
    row_no: str
    level: str
    action: str
    deadline: str
    responsible: str
    result: str
    section: str
    comment: str = ""
    split: bool = False


@dataclass
class DraftRow:
    """What one record gives: its actions and the indicator written in it (name-cell text etc.)."""

    record: Record
    actions: list[DraftAction] = field(default_factory=list)
    indicator: dict[str, str] = field(default_factory=dict)
    comment: str = ""


def records(group: TableGroup, words: WordImportSpec, repairs: list[Repair]) -> list[Record]:
    layout = group.layout
    numbers = layout.columns_of("number")
    out: list[Record] = []
    section = ""
    for row in group.rows:
        texts = [t for t, span in zip(row.cells, row.spans) if t and not span]
        if not texts:
            continue
        heading = _section_text(row, numbers)
        if heading:
            section = heading
            continue
        no = " ".join(row.cells[c] for c in numbers if row.cells[c])
        if out and not no and all(starts_lower(t) for t in texts):
            prev = out[-1]
            for c, (text, span) in enumerate(zip(row.cells, row.spans)):
                if text and not span:
                    prev.cells[c] = f"{prev.cells[c]} {text}" if prev.cells[c] else text
            fragment = texts[0].replace("\n", " ")
            first = next(c for c, (t, span) in enumerate(zip(row.cells, row.spans)) if t and not span)
            repair = Repair("continuation-joined", str(row.place), words.message(
                "continuation-joined", fragment=fragment[:60] + ("…" if len(fragment) > 60 else "")),
                (COLUMN_HINT, 0, _ROADMAP_COLUMN.get(layout.columns[first].role, "action")))
            repairs.append(repair)
            prev.repairs.append(repair)
            continue
        out.append(Record(row.place, list(row.cells), section))
    return out


def _section_text(row: SourceRow, numbers: list[int]) -> str:
    """The text of a section row, or "": one cell merged across the table, alone or after a number cell."""
    cells = list(zip(row.cells, row.spans))
    if len(cells) < 2:
        return ""
    own = [c for c, (text, span) in enumerate(cells) if text and not span]
    if not own:
        return ""
    last = own[-1]
    merged_to_end = last < len(cells) - 1 and all(span for _, span in cells[last + 1:])
    if not merged_to_end:
        return ""
    lead = own[:-1]
    if lead and not all(c in numbers for c in lead):
        return ""
    if any(text and not span for c, (text, span) in enumerate(cells[:last]) if c not in lead):
        return ""
    text = cells[last][0]
    if last > 0 and not lead and any(not cells[c][1] for c in range(last)):
        # empty cells before it: a value spanning the right part of a data row, not a section
        return ""
    if text.lstrip()[:1].islower() and not lead:
        return ""
    return " ".join([cells[c][0] for c in lead] + [text]).strip()


def _text(record: Record, columns: list[int], sep: str = "\n") -> str:
    parts: list[str] = []
    for c in columns:
        t = record.cells[c]
        if t and t not in parts:
            parts.append(t)
    return sep.join(parts)


def draft_rows(layout: Layout, recs: list[Record], words: WordImportSpec, plan_level: str,
               repairs: list[Repair], level_given: bool = False) -> list[DraftRow]:
    """``level_given``: the user said whose plan it is, so actions outside level columns take that level
    instead of one read from «Ответственный»."""
    unknown = [c for c in layout.columns if c.role is None]
    kept: set[int] = set()
    out: list[DraftRow] = []
    guessed_levels = False
    for rec in recs:
        draft = DraftRow(rec)
        draft.indicator = {role: _text(rec, layout.columns_of(role))
                           for role in ("indicator", "indicator_code", "norm", "actual", "unit", "periodicity")}
        extra = []
        for col in unknown:
            text = rec.cells[col.index]
            if text:
                extra.append(f"{col.header or 'столбец ' + str(col.index + 1)}: {text}")
                if col.index not in kept:
                    kept.add(col.index)
                    repair = Repair("column-kept", str(rec.place), words.message(
                        "column-kept", header=col.header or f"№ {col.index + 1} (без заголовка)"),
                        (COLUMN_HINT, 0, "comment"))
                    repairs.append(repair)
                    rec.repairs.append(repair)
        draft.comment = "\n".join(extra)
        no = row_number(_text(rec, layout.columns_of("number")).split("\n")[0])
        for level in layout.levels:
            action = _text(rec, layout.columns_of("action", level))
            # «Срок» over «начало | окончание» (or «с | по»): one deadline «01.09.2024 – 30.09.2024»
            deadline = _text(rec, layout.columns_of("deadline", level), sep=" – ")
            responsible = _text(rec, layout.columns_of("responsible", level))
            result = _text(rec, layout.columns_of("result", level))
            if not action:
                if deadline or responsible:
                    repairs.append(Repair("action-empty", str(rec.place), words.message(
                        "action-empty", text=f"«{deadline or responsible}»"[:80])))
                continue
            if level is None and level_given:
                shown, guessed = plan_level, False
            elif level is None:
                shown, guessed = level_from_responsible(responsible, words, plan_level)
                guessed_levels = guessed_levels or guessed
            else:
                shown, guessed = _LEVEL_TEXT[level], False
            for item in _split(action, deadline, responsible):
                draft.actions.append(DraftAction(
                    place=rec.place, row_no=no, level=shown, action=item[0], deadline=item[1], responsible=item[2],
                    result=result, section=rec.section, comment="" if draft.indicator["indicator"] else draft.comment,
                    split=item[3]))
        out.append(draft)
    if guessed_levels:
        repairs.append(Repair("level-guessed", f"таблица {recs[0].place.table}" if recs else "",
                              words.message("level-guessed")))
    return out


def _split(action: str, deadline: str, responsible: str) -> list[tuple[str, str, str, bool]]:
    items = list_items(action)
    deadlines = paragraphs_of(deadline)
    people = paragraphs_of(responsible)
    if len(items) >= 2 and len(deadlines) == len(items) and len(people) in (0, 1, len(items)):
        return [(text, deadlines[k], people[k] if len(people) == len(items) else responsible, True)
                for k, (_, text) in enumerate(items)]
    return [(action, deadline, responsible, False)]


def level_from_responsible(responsible: str, words: WordImportSpec, plan_level: str) -> tuple[str, bool]:
    """ОО, УО or both, from who is named responsible; the plan's own level when nobody is recognisable."""
    school = mentions(words.school_words, responsible)
    district = mentions(words.district_words, responsible)
    if school and district:
        return BOTH, True
    if school:
        return SCHOOL, True
    if district:
        return DISTRICT, True
    return plan_level, True
