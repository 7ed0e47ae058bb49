"""What each column of a Word table holds, found from its header words (never from its position).

A header can take one to four rows with merged cells. The role of a grid column comes from the bottom
header row: its own text, the text of a cell merged down into it, or — when a cell merged across covers
it — the role of the column where that cell starts ("spill"). Level groups («На уровне ОО», «На уровне
УО») are read from any header row above. A column with no header of its own next to a deadline in a group
without a responsible column is taken for the responsible (the Kalininsky plan's layout) and reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import combinations

from xl_roadmap.core.document import MERGED_LEFT, MERGED_UP, DocCell, DocTable
from xl_roadmap.core.word_import.text import label
from xl_roadmap.spec import WordImportSpec

ROLE_ORDER = ("indicator_code", "number", "indicator", "action", "deadline", "responsible", "result", "norm",
              "actual", "unit", "periodicity")
ROADMAP, INDICATORS = "roadmap", "indicators"
MAX_HEADER_ROWS = 4
MAX_HEADER_TEXT = 120
_TITLE_ROWS = 2          # a table may start with a title row or two above its header
# what a header never holds and a data row often does: a row number alone, a date («до 04.10.2024»)
# (a year alone is a header: «2024 | 2025» over a programme's money by year)
_DATA = re.compile(r"^\s*(?!(?:19|20)\d\d\s*(?:г\.?|год)?\s*$)\d+(?:\.\d+)*\.?\s*$|\d{1,2}\.\d{1,2}\.\d{2,4}")
_DONE_WORDS = ("факт", "выполн", "исполн", "отметка")


@dataclass(frozen=True)
class Column:
    index: int
    role: str | None
    level: str | None          # "school" / "district" for a level group's column, None when shared
    header: str                # the header as a person reads it (its rows joined), for messages
    guessed: bool = False      # the role was inferred, not read (reported)


@dataclass(frozen=True)
class Layout:
    first_data_row: int
    columns: tuple[Column, ...]
    header_texts: tuple[tuple[str, ...], ...]     # the header rows' texts, to recognise a repeated header

    @property
    def kind(self) -> str | None:
        roles = {c.role for c in self.columns}
        if "action" in roles and "deadline" in roles:
            return ROADMAP
        if roles & {"indicator", "indicator_code"} and roles & {"norm", "actual", "unit", "periodicity"} \
                and "action" not in roles:
            return INDICATORS
        return None

    @property
    def levels(self) -> tuple[str | None, ...]:
        found = [lv for lv in ("school", "district") if any(c.level == lv for c in self.columns)]
        return tuple(found) or (None,)

    def columns_of(self, role: str, level: str | None = None) -> list[int]:
        """Columns of a role for a level group: the group's own, else the shared ones."""
        own = [c.index for c in self.columns if c.role == role and c.level == level]
        if own or level is None:
            return own
        return [c.index for c in self.columns if c.role == role and c.level is None]

    def roles(self) -> tuple[str | None, ...]:
        return tuple(c.role for c in self.columns)


def role_of(text: str, words: WordImportSpec) -> str | None:
    """The role a header names, by its words: a number sign is the number column; else the role whose word
    the header starts with (the longest such word: «Периодичность» is not «период»); else, after words that
    only name a column («Наименование основного мероприятия») or qualify a role word («Ключевые
    мероприятия»), the first role word; else the same with the header's words glued together, as OCR
    breaks them («Сро к», «Меро- приятие»)."""
    lab = label(text)
    if not lab or len(lab) > MAX_HEADER_TEXT:
        return None
    if _NUMBER_SIGN.fullmatch(lab):
        return "number"
    return _role_by_words(lab, words.roles, words.header_fillers, words.header_qualifiers) or \
        _role_unbroken(lab, words)


# «№», «N», «No.», «№№», «N п/п», «№ п/п», «п/п», «пп» — a number sign, whatever the alphabet (Latin N or o)
_NUMBER_SIGN = re.compile(r"(?:№{1,2}|n[оo]?|n°)?\s*(?:п\s*/\s*п|п\.?\s*п)?(?<=\S)")
_WORD = re.compile(r"[^\s,;/()«»\"]+")


def _role_by_words(lab: str, roles: dict[str, tuple[str, ...]], fillers: tuple[str, ...],
                   qualifiers: tuple[str, ...]) -> str | None:
    role = _starting_role(lab, roles)
    if role:
        return role
    filler = next((f for f in fillers if lab.startswith(f)), None)
    if filler is not None:
        rest = lab[len(filler):]
        for m in _WORD.finditer(rest):
            role = _starting_role(rest[m.start():], roles)
            if role:
                return role
        return None
    stripped = lab
    while (m := _WORD.match(stripped)) is not None and m.group(0).startswith(qualifiers):
        stripped = stripped[m.end():].lstrip(" ,")
    return _starting_role(stripped, roles) if stripped != lab else None


def _starting_role(lab: str, roles: dict[str, tuple[str, ...]]) -> str | None:
    best, best_len = None, 0
    for role in ROLE_ORDER:
        for word in roles[role]:
            if len(word) > best_len and lab.startswith(word):
                best, best_len = role, len(word)
    return best


_HYPHEN_BREAK = re.compile(r"(?<=[а-я])-\s+(?=[а-я])")
MAX_BROKEN = 2           # a header with more OCR breaks than this is not guessed at
MAX_BROKEN_WORDS = 8


def _unbroken(lab: str):
    """A header whose words OCR broke («Сро к исполнения», «Меро- приятие», «На уровне обр азовательной
    организации»): the header with its hyphen breaks closed, then with one or two of its spaces removed,
    fewest first."""
    lab = _HYPHEN_BREAK.sub("", lab)
    yield lab
    parts = lab.split(" ")
    if len(parts) > MAX_BROKEN_WORDS:
        return
    for k in range(1, MAX_BROKEN + 1):
        for joined in combinations(range(1, len(parts)), k):
            yield "".join(p if i == 0 else ("" if i in joined else " ") + p for i, p in enumerate(parts))


def _role_unbroken(lab: str, words: WordImportSpec) -> str | None:
    for text in _unbroken(lab):
        found = _role_by_words(text, words.roles, words.header_fillers, words.header_qualifiers)
        if found:
            return found
    return None


def level_of(text: str, words: WordImportSpec) -> str | None:
    lab = label(text)
    if len(lab) > MAX_HEADER_TEXT:
        return None
    return _level_in(lab, words) or next(filter(None, (_level_in(t, words) for t in _unbroken(lab))), None)


def _level_in(lab: str, words: WordImportSpec) -> str | None:
    for level, phrases in words.levels.items():
        if any(p in lab for p in phrases):
            return level
    return None


def _spans_whole_row(row: tuple[DocCell, ...]) -> bool:
    return len(row) > 1 and all(c.merged == MERGED_LEFT for c in row[1:]) and bool(row[0].text)


def _is_header_row(row: tuple[DocCell, ...], words: WordImportSpec) -> bool:
    """The first header row: at least two of its own texts (or all, if fewer) are header words."""
    if _spans_whole_row(row):
        return False
    own = [c for c in row if c.merged is None and c.text.strip()]
    if not own or any(len(c.text) > MAX_HEADER_TEXT or _DATA.search(c.text) for c in own):
        return False
    roles = [role_of(c.text, words) for c in own]
    matches = sum(1 for c, role in zip(own, roles) if role or level_of(c.text, words))
    if matches >= min(2, len(own)) and matches * 2 >= len(own):
        return True
    # a one-row header of a wide table (a programme's plan: financing by year, links, notes) names fewer than
    # half of its columns, yet says what the plan's columns are
    found = set(roles)
    return {"action", "deadline"} <= found or (bool(found & {"indicator", "indicator_code"}) and
                                               bool(found & {"norm", "actual", "unit", "periodicity"}))


def _spans(row: tuple[DocCell, ...], c: int) -> bool:
    """Whether the cell over grid column ``c`` is merged across columns (a group header)."""
    return row[c].merged == MERGED_LEFT or (c + 1 < len(row) and row[c + 1].merged == MERGED_LEFT)


def _is_sub_header_row(row: tuple[DocCell, ...], above: tuple[DocCell, ...]) -> bool:
    """A further header row: every text of its own stands under a cell of the row above that is merged
    across columns («Мероприятия» over «На уровне ОО | На уровне УО», «Срок» over «начало | окончание»);
    a data row under a one-row header never does, whatever words it starts with."""
    if _spans_whole_row(row):
        return False
    own = [c for c, cell in enumerate(row) if cell.merged is None and cell.text.strip()]
    if not own:
        return any(cell.merged for cell in row) and any(_spans(above, c) for c in range(len(row)))
    if any(len(row[c].text) > MAX_HEADER_TEXT for c in own):
        return False
    return all(_spans(above, c) for c in own)


def find_layout(table: DocTable, words: WordImportSpec) -> Layout | None:
    """The table's header and column roles, or None when no header row is found at its top."""
    rows = table.rows
    for start in range(min(_TITLE_ROWS + 1, len(rows))):
        if _is_header_row(rows[start], words):
            break
    else:
        return None
    end = start + 1
    while end < len(rows) and end - start < MAX_HEADER_ROWS and _is_sub_header_row(rows[end], rows[end - 1]):
        end += 1
    header = rows[start:end]
    columns = [_column(header, c, words) for c in range(table.width)]
    columns = _infer_responsible(columns)
    return Layout(first_data_row=end, columns=tuple(columns),
                  header_texts=tuple(tuple(c.text for c in row) for row in header))


def _column(header: tuple[tuple[DocCell, ...], ...], c: int, words: WordImportSpec) -> Column:
    stack = [row[c] for row in header]
    level = next((lv for lv in (level_of(cell.text, words) for cell in stack) if lv), None)
    texts: list[str] = []
    for cell in stack:
        if cell.text and (not texts or texts[-1] != cell.text):
            texts.append(cell.text)
    shown = " / ".join(texts)
    bottom = stack[-1]
    if bottom.merged == MERGED_LEFT:
        return Column(c, "spill", level, shown)
    if bottom.text and bottom.merged in (None, MERGED_UP):
        role = role_of(bottom.text, words)
        if len(stack) > 1 and bottom.merged is None:
            role = _under_group(header, c, role, words)
        return Column(c, role, level, shown)
    # an empty bottom cell: a header written higher up, only if it covers this column alone
    for r in range(len(stack) - 2, -1, -1):
        cell = stack[r]
        if cell.text:
            covers_next = c + 1 < len(header[r]) and header[r][c + 1].merged == MERGED_LEFT
            if cell.merged is None and not covers_next and not level_of(cell.text, words):
                return Column(c, role_of(cell.text, words), level, shown)
            break
    return Column(c, None, level, shown)


def _under_group(header, c: int, own_role: str | None, words: WordImportSpec) -> str | None:
    """The role of a sub-header under a group header: its own when it names one («Мероприятие» under «На
    уровне ОО»), else the group's («На уровне УО», «начало», «окончание» take «Мероприятия» or «Срок»); a
    «факт» under «Срок» is not a deadline (its text is kept in the comment)."""
    group_role = None
    for r in range(len(header) - 2, -1, -1):
        if _spans(header[r], c) and header[r][c].text:
            group_role = role_of(header[r][c].text, words)
            if group_role:
                break
    lab = label(header[-1][c].text)
    if group_role == "deadline" and lab.startswith(_DONE_WORDS):
        return None
    if own_role and (group_role is None or own_role not in ("actual", "norm") or group_role in ("actual", "norm")):
        return own_role
    return group_role or own_role


def _infer_responsible(columns: list[Column]) -> list[Column]:
    """Spilled columns take their origin's role; a group's unnamed (or deadline-spilled) column right of
    its deadline becomes the responsible when the group has none."""
    out = list(columns)
    if not any(c.role == "action" for c in out):
        # «№ | На уровне ОО | На уровне УО | Срок»: the level columns are the actions
        out = [Column(c.index, "action", c.level, c.header) if c.level and c.role is None else c for c in out]
    for i, col in enumerate(out):
        if col.role == "spill":
            origin = next((out[j] for j in range(i - 1, -1, -1) if out[j].role != "spill"), None)
            out[i] = Column(col.index, origin.role if origin else None, col.level, col.header)
            if origin is not None and origin.role == "deadline":
                out[i] = Column(col.index, "deadline-spill", col.level, col.header)
    for level in {c.level for c in out}:
        group = [c for c in out if c.level == level]
        has_responsible = any(c.role == "responsible" for c in group)
        for i, col in enumerate(out):
            if col.level != level or col.role not in (None, "deadline-spill"):
                continue
            left = out[i - 1] if i else None
            if not has_responsible and left is not None and left.role == "deadline" and left.level == level:
                out[i] = Column(col.index, "responsible", level, col.header, guessed=True)
                has_responsible = True
            elif col.role == "deadline-spill":
                out[i] = Column(col.index, "deadline", level, col.header)
    return out
