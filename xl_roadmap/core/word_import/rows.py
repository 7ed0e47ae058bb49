"""A read table's rows as the plan's records: section rows kept as sections, continuation rows joined to
the row they continue, and each remaining row's actions (per level group) and indicator.

A section row is one cell merged across the table (a number cell may stand before it), or a heading alone
in its row where the other rows have their number, deadline or values. A continuation row — what a page
break or a PDF conversion leaves — has no number and every text in it starts in lower case (or with a
digit), or, in a table whose rows have a key column (number, indicator), leaves that column empty and
goes on with the texts above it: each text is joined, with a space, to the same column of the row above.
A numbered list inside an action cell is one action per item (its deadlines per item when the deadline
cell lists as many). A row naming an indicator and no action is an indicator's row: its deadline column's
periodicity is the indicator's. Plain OCR damage is repaired in every cell (``ocr``), each repair listed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from xl_roadmap.core.deadlines.words import RECUR, TIMES_PER_YEAR
from xl_roadmap.core.word_import.layout import INDICATORS, Layout
from xl_roadmap.core.word_import.ocr import Lexicon, listed
from xl_roadmap.core.word_import.ocr import repair as repair_ocr
from xl_roadmap.core.word_import.plan import Place, Repair
from xl_roadmap.core.word_import.tables import SourceRow, TableGroup
from xl_roadmap.core.word_import.text import (
    list_items,
    mentions,
    numbered_list,
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
KEY_SHARE = 0.75            # a column filled in this share of a table's rows is its key column
_CLOSED = (".", ";", ":", "!", "?")     # an action ending so is complete; one ending otherwise goes on below
_BARE_ITEM = re.compile(r"(?:^|\s)\d{1,2}\s*[.)]$")
_ITEM_START = re.compile(r"^\s*(\d{1,2})\s*[.)](?!\d)\s*(?=\S)")
_LETTERS = re.compile(r"[А-Яа-яЁёA-Za-z]{2,}")
_CODE = re.compile(r"[ПпPРМСC]?\s*\(?\s*\d+(?:\s*\.\s*\d+)*\s*\)?\.?")
# what a section heading starts with: «2. Развитие …», «II. …», «Раздел 3», «Блок 1»
_SECTION_MARK = re.compile(r"^\s*(?:(?:\d{1,2}|[IVXLC]{1,4})\s*[.)]\s+[«\"А-ЯЁA-Z]|(?:[Рр]аздел|[Бб]лок|РАЗДЕЛ|БЛОК)\b)")
_SECTION_NUMBER = re.compile(r"\s*(?:\d{1,2}|[IVXLC]{1,4})\s*\.?\s*")


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
    cell: int = 0              # which action cell of the row (level group) it came from
    item: int = 0              # its item in that cell's numbered list (1, 2 …), 0 when the cell is one action
    items: int = 1             # how many items the cell's list has
    per_item: bool = False     # the deadline cell listed a deadline per item


@dataclass
class DraftRow:
    """What one record gives: its actions and the indicator written in it (name-cell text etc.)."""

    record: Record
    actions: list[DraftAction] = field(default_factory=list)
    indicator: dict[str, str] = field(default_factory=dict)
    comment: str = ""


def records(group: TableGroup, words: WordImportSpec, repairs: list[Repair], lexicon: Lexicon | None = None
            ) -> list[Record]:
    """``lexicon``: the document's words, to repair OCR damage a continuation row's join reveals («меро-»
    at the end of a row, «приятие» at the start of the next)."""
    layout = group.layout
    numbers = layout.columns_of("number")
    keys = _key_columns(group)
    key = _key_column(keys)
    actions = [c.index for c in layout.columns if c.role == "action"]
    out: list[Record] = []
    section = ""
    for row in group.rows:
        texts = [t for t, span in zip(row.cells, row.spans) if t and not span]
        if not texts:
            continue
        no = " ".join(row.cells[c] for c in numbers if row.cells[c])
        prev = out[-1] if out and out[-1].section == section else None
        keyless = key is not None and not row.cells[key]
        if prev is not None and keyless and _continues_list(prev, row, actions):
            _join(prev, row, layout, words, repairs, lexicon)
            continue
        heading = _section_text(row, numbers) or _lone_heading(row, layout, keys)
        if heading:
            section = heading
            if row.ocr:
                repairs.append(Repair("ocr-repaired", str(row.place), words.message(
                    "ocr-repaired", fixes=listed([f for found in row.ocr.values() for f in found]))))
            continue
        if prev is not None and not no and (all(starts_lower(t) for t in texts) or
                                            _continues(prev, row, actions, keyless, key is None)):
            _join(prev, row, layout, words, repairs, lexicon)
            continue
        rec = Record(row.place, list(row.cells), section)
        _report_ocr(rec, row.place, row.ocr, layout, words, repairs)
        out.append(rec)
    return out


def _report_ocr(rec: Record, place: Place, fixes: dict[int, list[str]], layout: Layout, words: WordImportSpec,
                repairs: list[Repair]) -> None:
    """One line on «Импорт» per cell whose OCR damage was repaired, linked to the cell its text went to."""
    for c, found in fixes.items():
        column = _ROADMAP_COLUMN.get(layout.columns[c].role or "", "comment")
        repair = Repair("ocr-repaired", str(place), words.message("ocr-repaired", fixes=listed(found)),
                        (COLUMN_HINT, 0, column))
        repairs.append(repair)
        rec.repairs.append(repair)


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


def _key_columns(group: TableGroup) -> dict[str, int]:
    """The columns (by role) that the table's rows fill almost always: a row leaving its number (or its
    indicator) empty continues the row above, a row leaving every value empty in an indicator table is a
    section. Only the first column of each role counts."""
    layout = group.layout
    # rows of the plan itself: sections and cut rows fill fewer cells
    full = min(3, len(layout.columns))
    rows = [r for r in group.rows if sum(1 for t, span in zip(r.cells, r.spans) if t and not span) >= full]
    if len(rows) < 3:
        return {}
    keys: dict[str, int] = {}
    for col in layout.columns:
        if col.role and col.role not in keys and sum(1 for r in rows if r.cells[col.index]) >= KEY_SHARE * len(rows):
            keys[col.role] = col.index
    return keys


def _key_column(keys: dict[str, int]) -> int | None:
    return next((keys[role] for role in ("number", "indicator_code", "indicator") if role in keys), None)


def _join(prev: Record, row: SourceRow, layout: Layout, words: WordImportSpec, repairs: list[Repair],
          lexicon: Lexicon | None) -> None:
    """Each text of a continuation row joined, with a space, to the same column of the record above; a word
    the row's end broke («меро-» | «приятие») is joined again (reported as OCR damage)."""
    fixes = dict(row.ocr)
    for c, (text, span) in enumerate(zip(row.cells, row.spans)):
        if text and not span:
            joined = f"{prev.cells[c]} {text}" if prev.cells[c] else text
            if lexicon is not None and prev.cells[c]:
                joined, found = repair_ocr(joined, lexicon)
                fixes[c] = fixes.get(c, []) + found
            prev.cells[c] = joined
    first = next(c for c, (t, span) in enumerate(zip(row.cells, row.spans)) if t and not span)
    fragment = row.cells[first].replace("\n", " ")
    repair = Repair("continuation-joined", str(row.place), words.message(
        "continuation-joined", fragment=fragment[:60] + ("…" if len(fragment) > 60 else "")),
        (COLUMN_HINT, 0, _ROADMAP_COLUMN.get(layout.columns[first].role, "action")))
    repairs.append(repair)
    prev.repairs.append(repair)
    _report_ocr(prev, row.place, {c: f for c, f in fixes.items() if f}, layout, words, repairs)


def _under_filled(prev: Record, row: SourceRow) -> bool:
    """Every text of the row stands under a text of the record above (a cut cell leaves both halves)."""
    return all(prev.cells[c] for c, (t, span) in enumerate(zip(row.cells, row.spans)) if t and not span)


def _continues(prev: Record, row: SourceRow, actions: list[int], keyless: bool, key_free: bool) -> bool:
    """A row a page break or a PDF conversion cut from the record above, though it does not start in lower
    case: it has no text of its own in the key column (or no action at all), each of its texts stands under
    one of the record above, and its action goes on with the sentence the record's action left open."""
    if not _under_filled(prev, row):
        return False
    own = [row.cells[c] for c in actions if row.cells[c]]
    if not own:
        # no action of its own: a row of deadlines or names only is never an action
        return keyless or key_free
    if not keyless:
        return False
    above = [prev.cells[c] for c in actions if row.cells[c]]
    return all(starts_lower(t) for t in own) or all(_open(t) for t in above)


def _open(text: str) -> bool:
    """An action text that does not end a sentence, or ends on a list item's number with nothing after it."""
    text = text.rstrip()
    return not text.endswith(_CLOSED) or bool(_BARE_ITEM.search(text))


def _continues_list(prev: Record, row: SourceRow, actions: list[int]) -> bool:
    """A row holding the next items of the list in the action cell above («4. Проведение …» under «1. …
    2. … 3. …»): the conversion moved them down a row."""
    own = [c for c, (t, span) in enumerate(zip(row.cells, row.spans)) if t and not span]
    if not own or any(c not in actions for c in own) or not _under_filled(prev, row):
        return False
    for c in own:
        items = list_items(prev.cells[c]) or ([(m.group(1), "")] if (m := _ITEM_START.match(prev.cells[c])) else [])
        first = _ITEM_START.match(row.cells[c])
        if not items or first is None or int(first.group(1)) != int(items[-1][0]) + 1:
            return False
    return True


def _lone_heading(row: SourceRow, layout: Layout, keys: dict[str, int]) -> str:
    """A section written in one cell that is not merged across the table: a text alone in the number (or
    code) column that is no number («1. Создание условий …» under «№ показателя»); or a text alone in the
    row after at most a one-level number («2. | Развитие кадров»), where the table's rows fill a column
    this one leaves empty — its number or indicator (then the text reads as a section: «2. Развитие …»,
    «Раздел 3 …»), its deadline, or in an indicator table its values."""
    own = [c for c, (t, span) in enumerate(zip(row.cells, row.spans)) if t and not span]
    roles = [layout.columns[c].role for c in own]
    if len(own) == 1 and roles[0] in ("number", "indicator_code"):
        text = row.cells[own[0]]
        return text if len(_LETTERS.findall(text)) >= 2 and not _CODE.fullmatch(text.strip()) else ""
    lead = own[:-1]
    if len(lead) > 1 or (lead and (roles[0] != "number" or not _SECTION_NUMBER.fullmatch(row.cells[lead[0]]))):
        return ""
    text = row.cells[own[-1]]
    if roles[-1] not in ("action", "indicator") or text.lstrip()[:1].islower():
        return ""
    heading = " ".join([row.cells[c] for c in lead] + [text]).strip()
    key = _key_column(keys)
    if key is not None and not row.cells[key] and _SECTION_MARK.match(text):
        return heading
    if lead and roles[-1] == "action" and "deadline" in keys:
        return heading
    values = [keys[r] for r in ("norm", "actual", "unit", "periodicity") if r in keys]
    if layout.kind == INDICATORS and values and (lead or _SECTION_MARK.match(text)):
        return heading
    return ""


# a plan-graph marks the periods an action runs in: «х» (or «+», «v», «✓») under each quarter's column, «-» or
# nothing under the others
_MARK = re.compile(r"^\s*[хxХX+vV✓✔•*]\s*$")
_BLANK = re.compile(r"^\s*[-–—]?\s*$")
_PERIOD_HEADER = re.compile(r"\b([IV]{1,3}|[1-4])\s*[-–]?\s*(?:й\s+)?(?:квартал|кв\.)|\b(?:январ|феврал|март|апрел|ма[йя]|"
                            r"июн|июл|август|сентябр|октябр|ноябр|декабр)", re.IGNORECASE)


def _marked_periods(record: Record, layout: Layout, level: str | None) -> str:
    """The periods a row marks in a deadline group of period columns («I квартал 2013 г.» … «IV квартал
    2013 г.», each marked «х» or «-»): the marked columns' own headers, «I квартал 2013 г., III квартал 2013
    г.»; "" when the deadline is not so laid out or the row writes anything but marks."""
    columns = [c for c in layout.columns if c.role == "deadline" and c.level == level]
    if len(columns) < 2 or not all(_PERIOD_HEADER.search(_own_header(c.header)) for c in columns):
        return ""
    cells = [record.cells[c.index] for c in columns]
    if not all(_MARK.match(t) or _BLANK.match(t) for t in cells) or not any(_MARK.match(t) for t in cells):
        return ""
    return ", ".join(_own_header(c.header) for c, t in zip(columns, cells) if _MARK.match(t))


def _own_header(header: str) -> str:
    """A sub-header's own words: «Срок реализации мероприятия I квартал 2013 г.» → «I квартал 2013 г.»."""
    m = _PERIOD_HEADER.search(header)
    return " ".join(header[m.start():].split()) if m else " ".join(header.split())


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
    numbered_from_text = False
    # no number column, and every action of the table opens with a number («1. Проведение …»): the rows'
    # numbers are written in the actions' text (one «1.» over a section's only action is not a numbering)
    texts = [t for rec in recs for lv in layout.levels if (t := _text(rec, layout.columns_of("action", lv)))]
    text_numbers = (not layout.columns_of("number") and bool(texts)
                    and all(_number_in_text(t)[0] for t in texts))
    indicator_rows = 0
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
        names_indicator = bool(draft.indicator["indicator"] or draft.indicator["indicator_code"])
        if names_indicator and not any(_text(rec, layout.columns_of("action", lv)) for lv in layout.levels):
            # a row of an indicator list: its deadline column holds a periodicity («2 раза в год»), its
            # responsible is the indicator's; nothing of it is an action
            _indicator_row(draft, layout)
            indicator_rows += 1
            out.append(draft)
            continue
        for cell, level in enumerate(layout.levels):
            action = _text(rec, layout.columns_of("action", level))
            if not no and text_numbers:
                no, action = _number_in_text(action)
                if no and not numbered_from_text:
                    numbered_from_text = True
                    repair = Repair("number-from-text", str(rec.place), words.message("number-from-text", no=no),
                                    (COLUMN_HINT, 0, "no"))
                    repairs.append(repair)
                    rec.repairs.append(repair)
            # «Срок» over «начало | окончание» (or «с | по»): one deadline «01.09.2024 – 30.09.2024»
            deadline = (_marked_periods(rec, layout, level)
                        or _text(rec, layout.columns_of("deadline", level), sep=" – "))
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
            items = _split(action, deadline, responsible)
            for k, item in enumerate(items, start=1):
                draft.actions.append(DraftAction(
                    place=rec.place, row_no=no, level=shown, action=item[0], deadline=item[1], responsible=item[2],
                    result=result, section=rec.section, comment="" if draft.indicator["indicator"] else draft.comment,
                    cell=cell, item=k if len(items) > 1 else 0, items=len(items), per_item=item[3]))
        out.append(draft)
    if guessed_levels:
        repairs.append(Repair("level-guessed", f"таблица {recs[0].place.table}" if recs else "",
                              words.message("level-guessed")))
    if indicator_rows and any(c.role == "action" for c in layout.columns):
        repairs.append(Repair("indicator-row", f"таблица {recs[0].place.table}", words.message(
            "indicator-row", count=indicator_rows)))
    return out


def _indicator_row(draft: DraftRow, layout: Layout) -> None:
    """What the deadline and responsible columns say of an indicator: a periodicity («Периодичность: 2 раза
    в год») is its periodicity, anything else goes to its comment with the column's name."""
    rec = draft.record
    deadline = _text(rec, layout.columns_of("deadline"), sep=" – ")
    responsible = _text(rec, layout.columns_of("responsible"))
    result = _text(rec, layout.columns_of("result"))
    notes = [draft.comment] if draft.comment else []
    if deadline:
        if not draft.indicator["periodicity"] and is_periodicity(deadline):
            draft.indicator["periodicity"] = _PERIODICITY_LABEL.sub("", deadline).strip()
        else:
            notes.append(f"срок: {deadline}")
    if responsible:
        notes.append(f"ответственный: {responsible}")
    if result:
        notes.append(f"результат: {result}")
    draft.comment = "\n".join(notes)


_PERIODICITY_LABEL = re.compile(r"^\s*периодичност[а-яё]*\s*[:\-–]?\s*", re.IGNORECASE)


def is_periodicity(text: str) -> bool:
    """«Периодичность: 2 раза в год», «ежеквартально», «1 раз в полугодие»: how often, not when."""
    lowered = text.lower().replace("ё", "е")
    return bool(_PERIODICITY_LABEL.match(lowered) or TIMES_PER_YEAR.search(lowered)
                or any(pattern.search(lowered) for _, pattern in RECUR))


# «1. Проведение …», «2.3) Участие …»: a row's number written at the start of its action, a capital after it
_NUMBER_IN_TEXT = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2}){0,2})\s*[.)]\s+(?=[«\"(А-ЯЁA-Z])")


def _number_in_text(action: str) -> tuple[str, str]:
    """(number, text without it) when a table without a number column opens an action with its number;
    ("", text) otherwise — also when the cell is a numbered list of its own (its items are split)."""
    m = _NUMBER_IN_TEXT.match(action)
    if m is None or len(numbered_list(action)[1]) >= 2:
        return "", action
    return m.group(1), action[m.end():]


def _split(action: str, deadline: str, responsible: str) -> list[tuple[str, str, str, bool]]:
    """A numbered list in an action cell is one action per item: each takes its own deadline (and
    responsible) when the cell beside lists as many, else the whole cell's; a heading line over the list
    («ВсОШ») stays the first line of each item."""
    lead, items = numbered_list(action)
    if len(items) < 2:
        return [(action, deadline, responsible, False)]
    if lead:      # the list's heading line stays over each of its items
        items = [(n, f"{lead}\n{t}") for n, t in items]
    deadlines = paragraphs_of(deadline)
    people = paragraphs_of(responsible)
    per_deadline = len(deadlines) == len(items)
    # people listed one per item only beside deadlines listed so: two names over a list of two are both
    # responsible for each item
    per_person = per_deadline and len(people) == len(items)
    return [(text, deadlines[k] if per_deadline else deadline, people[k] if per_person else responsible,
             per_deadline) for k, (_, text) in enumerate(items)]


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
