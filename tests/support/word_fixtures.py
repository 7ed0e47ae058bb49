"""Word (.docx) roadmaps built from three real documents, each with the result its import must give.

The documents are the seeds in ../shared/seeds (Калининский МО 2024, Стрежевой 2022, Ботлихский район 2025);
their text, put back where the authors meant it, is in ``word_seed_tables``. The .docx files hold the tables
the way Word files really hold them — what an importer must survive:

* 000: three header rows merged both ways (``gridSpan``, ``vMerge``) and marked to repeat on every page
  (``w:tblHeader``), two unheaded responsible columns, block header rows merged across the table, Word's
  automatic numbers in two number cells and in one list that the importer splits into one action per item;
* 001: one header row, no number column, one cell with its HTML list left as literal text;
* 002: section rows across the table, automatic multi-level numbers ("8.1.") in direction 8, and the table
  split by a page break after row 1.14 into two Word tables, the second one without a header;
* all: multi-paragraph cells and continuation rows (a row a page break cut: empty number cell, every
  non-empty cell starting with a lowercase letter or a digit, to be joined to the row above with a space).

Next to each file, ``SeedDocument`` holds the expected import as plain data. It follows the importer's rules:
a cell's text is its paragraphs joined with "\\n" (as ``read_docx`` gives them); the number loses one trailing
"."; a level's action cell gives one action, or one per item when it holds a numbered list (paragraphs or
items written inline, see ``_list``; each item takes its own deadline when the deadline cell has one
paragraph per item); a row giving n ≥ 2 actions numbers them "<row>.1" … "<row>.n" (ОО before УО); rows
under a numbered section of a plan that numbers its sections from 1 again (000) carry the section's number
("2.11"); a level group whose action cell is empty gives no action.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import docx
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

from tests.support import word_seed_tables as seed
from tests.support.word_seed_tables import CUT


@dataclass(frozen=True)
class ExpectedAction:
    no: str
    level: str  # "ОО" or "УО"
    section: str  # the latest section row above, verbatim; "" if none
    action: str
    deadline: str
    responsible: str
    result: str  # the result / control-form column; "" if the table has none
    indicator: int | None  # index into SeedDocument.indicators


@dataclass(frozen=True)
class ExpectedIndicator:
    doc_code: str  # as written, "П (17)" → "П17", "(III)" → "III"; "" if none
    name_start: str  # the first 25 characters of the name after the code
    norm: float | None  # in the catalogue's unit: a share written 0–1 for a "%" indicator is ×100
    actual: float | None
    period: str  # the data period written in the name
    rank: str  # "36", "40-41"; "" if none


@dataclass(frozen=True)
class SeedDocument:
    path: Path
    actions: tuple[ExpectedAction, ...]
    indicators: tuple[ExpectedIndicator, ...]
    organisation: dict
    continuation_joins: int  # continuation rows in the file
    split_tables: int  # extra Word tables made by a page-break split


# ---------------------------------------------------------------------------------------------- Word

_ABSTRACT = 90  # the abstractNumId of the fixtures' list: "1.", "1.1.", "1.1.1." (the template uses 0–8)
_AUTO = re.compile(r"#(\d+(?:\.\d+)*)\.(?: (.*))?", re.DOTALL)  # "#8.", "#8.1.", "#1. Текст"


class _Lists:
    """Word's automatic numbering of one document: the definition in numbering.xml, a numId per list."""

    def __init__(self, document):
        self._numbering = document.part.numbering_part.element
        levels = "".join(
            f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="{text}"/></w:lvl>'
            for i, text in enumerate(("%1.", "%1.%2.", "%1.%2.%3.")))
        abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{_ABSTRACT}">'
                             f'<w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>')
        first_num = self._numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)  # abstractNum elements come before num elements
        else:
            self._numbering.append(abstract)
        self._next_id = 100
        self._numbers: int | None = None

    def new(self, start: int = 1) -> int:
        num_id, self._next_id = self._next_id, self._next_id + 1
        self._numbering.append(parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{_ABSTRACT}"/>'
            f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride></w:num>'))
        return num_id

    def numbers(self, start: int) -> int:
        """The one list of the document's number cells, starting at the first number written."""
        if self._numbers is None:
            self._numbers = self.new(start)
        return self._numbers


def _number(paragraph, num_id: int, ilvl: int) -> None:
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = ilvl
    num_pr.get_or_add_numId().val = num_id


def _write(paragraphs, lines: list[str], lists: _Lists) -> None:
    """Write ``lines`` into the paragraphs ``paragraphs()`` hands out; "#…" lines get Word's numbering."""
    items = None  # the list of this cell's (or this prose's) numbered items
    for line in lines:
        paragraph = paragraphs()
        auto = _AUTO.fullmatch(line)
        if auto is None:
            paragraph.text = line
            continue
        digits, text = auto[1].split("."), auto[2]
        if text is None:  # a number cell
            num_id = lists.numbers(int(digits[0]))
        else:
            items = items or lists.new()
            num_id = items
        paragraph.text = text or ""
        _number(paragraph, num_id, len(digits) - 1)


def _fill(cell, text: str, lists: _Lists) -> None:
    first = iter([cell.paragraphs[0]])
    _write(lambda: next(first, None) or cell.add_paragraph(), text.split("\n"), lists)


def _prose(document, paragraphs: tuple[str, ...], lists: _Lists) -> None:
    """One paragraph each; a "\\n" inside is a line break (Shift+Enter), as in title blocks."""
    _write(document.add_paragraph, list(paragraphs), lists)


def _table(document, width: int):
    table = document.add_table(rows=0, cols=width)
    table.style = "Table Grid"
    return table


def _add_row(table, cells: list[str], lists: _Lists) -> None:
    for cell, text in zip(table.add_row().cells, cells):
        _fill(cell, text, lists)


def _add_section(table, text: str) -> None:
    row = table.add_row()
    row.cells[0].merge(row.cells[-1]).text = text


def _physical(cells: list[str], numbered: bool = True) -> list[list[str]]:
    """The row as the file holds it: the text before each CUT, then a continuation row with the rest (its
    number cell empty, when the table has one)."""
    if not any(CUT in text for text in cells):
        return [cells]
    head = [text.split(CUT, 1)[0] for text in cells]
    tail = [text.split(CUT, 1)[1] if CUT in text else "" for text in cells]
    assert not (numbered and tail[0]) and all(t[0].islower() or t[0].isdigit() for t in tail if t), tail
    return [head, tail]


def _add_rows(table, cells: list[str], lists: _Lists, numbered: bool = True) -> int:
    """Write the row (and its continuation row); the number of continuation rows written."""
    rows = _physical(cells, numbered)
    for row in rows:
        _add_row(table, row, lists)
    return len(rows) - 1


def _repeat_as_header(row) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


# ---------------------------------------------------------------------------------------------- expected

_ITEM = re.compile(r"\d+[.)]\s+(.*)", re.DOTALL)  # "1. Текст", "2) Текст"
_TAG = re.compile(r"</?[a-z]+[^>]*>")


def _paragraphs(text: str) -> list[str]:
    """The paragraphs ``read_docx`` gives for a cell written from ``text``: cut closed, numbers shown."""
    shown = []
    for line in text.replace(CUT, " ").split("\n"):
        auto = _AUTO.fullmatch(line)
        if auto is not None:
            line = f"{auto[1]}. {auto[2]}" if auto[2] is not None else f"{auto[1]}."
        if line.rstrip():
            shown.append(line.rstrip())
    return shown


def _text(text: str) -> str:
    return "\n".join(_paragraphs(text))


def _number_text(no: str) -> str:
    text = _text(no).strip()
    return text.removesuffix(".")


def _action_text(text: str) -> str:
    shown = _text(text)
    if _TAG.search(shown):  # the literal HTML list: tags removed, whitespace collapsed
        return " ".join(_TAG.sub(" ", shown).split())
    return shown


_MARK = re.compile(r"(\d{1,2}) ?[.)] ")   # "3. " — an item's number where a list item may start


def _list(text: str) -> tuple[str, list[str]]:
    """(heading line, items) of a numbered list written in a cell, or ("", []) when the cell is no list of two
    items or more. An item starts a paragraph with «1.», or follows its predecessor inside a paragraph as
    the next number after a space or punctuation and before a capital; a paragraph without a number goes on
    with the item before it; a short first paragraph over a list starting at «1.» is the list's heading."""
    paragraphs = text.split("\n")
    heading = ""
    if paragraphs and not _MARK.match(paragraphs[0]):
        if len(paragraphs) < 3 or len(paragraphs[0]) > 120 or not paragraphs[1].startswith("1"):
            return "", []
        heading, paragraphs = paragraphs[0], paragraphs[1:]
    items: list[str] = []
    for paragraph in paragraphs:
        first = _MARK.match(paragraph)
        if first is None:
            if not items:
                return "", []
            items[-1] += "\n" + paragraph
            continue
        starts, following = [0], int(first[1]) + 1
        for m in _MARK.finditer(paragraph, first.end()):
            before, after = paragraph[m.start() - 1], paragraph[m.end():m.end() + 1]
            if int(m[1]) == following and before in " ;:.," and (after.isupper() or after in "«\"("):
                starts.append(m.start())
                following += 1
        starts.append(len(paragraph))
        items += [paragraph[a:b].strip() for a, b in zip(starts, starts[1:])]
    items = [_MARK.sub("", item, count=1).strip() for item in items]
    return (heading, items) if len(items) >= 2 else ("", [])


def _level_actions(level: str, action: str, deadline: str, responsible: str) -> list[tuple[str, ...]]:
    """(level, action, deadline, responsible) of each action one level group of a row gives: one per item of
    a numbered list in the action cell (the heading line kept over each), with the item's own deadline (and
    person) when the deadline cell (and the responsible cell) has one paragraph per item."""
    text = _action_text(action)
    if not text:
        return []
    deadlines, people = _paragraphs(deadline), _paragraphs(responsible)
    heading, items = _list(text)
    if not items:
        return [(level, text, "\n".join(deadlines), "\n".join(people))]
    return [(level, f"{heading}\n{item}" if heading else item,
             deadlines[k] if len(deadlines) == len(items) else "\n".join(deadlines),
             people[k] if len(people) == len(deadlines) == len(items) else "\n".join(people))
            for k, item in enumerate(items)]


def _numbered(no: str, found: list[tuple[str, ...]], section: str, result: str,
              indicator: int | None) -> list[ExpectedAction]:
    return [ExpectedAction(no if len(found) == 1 else f"{no}.{k}", level, section, action, deadline, people,
                           result, indicator)
            for k, (level, action, deadline, people) in enumerate(found, 1)]


def _name_start(name: str, code: str) -> str:
    text = _text(name)
    assert text.startswith(code), (text, code)
    return text[len(code):].lstrip()[:25]


def _value(text: str) -> float | None:
    return float(text.replace(",", ".")) if text else None


# ---------------------------------------------------------------------------------------------- the seeds

def kalininsky(directory: Path) -> SeedDocument:
    """Seed 000: district order with a two-level (ОО / УО) plan; indicator data inside the name cells."""
    path = Path(directory) / "000_kalininsky_2024.docx"
    document = docx.Document()
    lists = _Lists(document)
    _prose(document, seed.KALININSKY_PROSE, lists)
    table = _table(document, 10)
    header = [table.add_row() for _ in range(3)]
    top, middle, bottom = seed.KALININSKY_HEADER
    for column, text in zip((0, 1, 2, 9), (*top[:3], top[4])):
        table.cell(0, column).merge(table.cell(2, column)).text = text
    table.cell(0, 3).merge(table.cell(0, 8)).text = top[3]
    table.cell(1, 3).merge(table.cell(1, 5)).text = middle[0]
    table.cell(1, 6).merge(table.cell(1, 8)).text = middle[1]
    for column, text in zip(range(3, 9), bottom):
        table.cell(2, column).text = text
    for row in header:
        _repeat_as_header(row)

    actions: list[ExpectedAction] = []
    indicators: list[ExpectedIndicator] = []
    joins, section = 0, ""
    for row in seed.KALININSKY_ROWS:
        if isinstance(row, str):
            _add_section(table, row)
            section = row
            continue
        joins += _add_rows(table, [row.no, row.name, row.motivation, *row.oo, *row.uo, row.control], lists)
        ind = row.indicator
        indicators.append(ExpectedIndicator(ind.doc_code, _name_start(row.name, ind.written), None, ind.actual,
                                            ind.period, ind.rank))
        found = _level_actions("ОО", *row.oo) + _level_actions("УО", *row.uo)
        no = _number_text(row.no)
        if section:  # block 2 numbers its rows 11, 12, 13 again: the import qualifies them by the block
            no = f"{section.split('.')[0]}.{no}"
        actions += _numbered(no, found, section, _text(row.control), len(indicators) - 1)
    _prose(document, seed.KALININSKY_NOTES, lists)
    document.save(path)
    organisation = {
        "org_name": "Управление образования администрации Калининского муниципального округа Тверской области",
        "doc_kind": "приказ", "doc_number": "279-09", "doc_date": date(2024, 5, 20), "period": "2024",
        "municipality": "Калининский муниципальный округ", "region": "Тверская область",
    }
    return SeedDocument(path, tuple(actions), tuple(indicators), organisation, joins, 0)


def strezhevoy(directory: Path) -> SeedDocument:
    """Seed 001: a letter with a flat plan (norm, actual, ways, deadline, responsible), no number column."""
    path = Path(directory) / "001_strezhevoy_2022.docx"
    document = docx.Document()
    lists = _Lists(document)
    _prose(document, seed.STREZHEVOY_PROSE, lists)
    table = _table(document, 6)
    _add_row(table, list(seed.STREZHEVOY_HEADER), lists)
    actions: list[ExpectedAction] = []
    indicators: list[ExpectedIndicator] = []
    joins = 0
    for no, row in enumerate(seed.STREZHEVOY_ROWS, 1):
        joins += _add_rows(table, list(row[:6]), lists, numbered=False)
        norm, actual = _value(row.norm), _value(row.actual)
        given = [v for v in (norm, actual) if v is not None]
        if row.name.startswith("Доля") and given and all(v <= 1 for v in given):
            norm, actual = (round(v * 100, 6) if v is not None else None for v in (norm, actual))
        indicators.append(ExpectedIndicator("", _text(row.name)[:25], norm, actual, row.period, ""))
        actions += _numbered(str(no), _level_actions("УО", row.action, row.deadline, row.responsible), "", "",
                             len(indicators) - 1)
    document.save(path)
    organisation = {
        "org_name": "Управление образования Администрации городского округа Стрежевой",
        "doc_kind": "письмо", "doc_number": "66", "doc_date": date(2022, 1, 20), "period": "2022",
        "municipality": "городской округ Стрежевой", "region": "Томская область",
    }
    return SeedDocument(path, tuple(actions), tuple(indicators), organisation, joins, 0)


def botlikh(directory: Path) -> SeedDocument:
    """Seed 002: an order with a 5-column plan of 65 actions under 11 section rows, split over two tables."""
    path = Path(directory) / "002_botlikh_2025.docx"
    document = docx.Document()
    lists = _Lists(document)
    _prose(document, seed.BOTLIKH_PROSE, lists)
    table = _table(document, 5)
    _add_row(table, list(seed.BOTLIKH_HEADER), lists)
    actions: list[ExpectedAction] = []
    joins, split, section = 0, 0, ""
    for row in seed.BOTLIKH_ROWS:
        if isinstance(row, str):
            _add_section(table, row)
            section = row
            continue
        main, *rest = _physical(list(row))
        _add_row(table, main, lists)
        if row[0] == seed.BOTLIKH_SPLIT_AFTER:  # the page ends; Word goes on in a new table, without header
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            table = _table(document, 5)
            split += 1
        for extra in rest:
            _add_row(table, extra, lists)
            joins += 1
        no, action, deadline, responsible, evidence = row
        actions += _numbered(_number_text(no), _level_actions("УО", action, deadline, responsible), section,
                             _text(evidence), None)
    document.save(path)
    organisation = {
        "org_name": "Управление образования администрации муниципального района «Ботлихский район»",
        "doc_kind": "приказ", "doc_number": "19", "doc_date": date(2025, 1, 25), "period": "2025",
        "municipality": "муниципальный район «Ботлихский район»",
    }
    return SeedDocument(path, tuple(actions), (), organisation, joins, split)


# ---------------------------------------------------------------------------------------------- hostile

def empty_docx(path) -> Path:
    """A valid Word document with nothing in it."""
    docx.Document().save(path)
    return Path(path)


def no_tables_docx(path) -> Path:
    """The order's prose without its annex: no table at all."""
    document = docx.Document()
    _prose(document, seed.BOTLIKH_PROSE[:20], _Lists(document))
    document.save(path)
    return Path(path)


def no_deadline_column_docx(path) -> Path:
    """A roadmap table whose deadline column is missing: № | activity | responsible | evidence."""
    document = docx.Document()
    lists = _Lists(document)
    table = _table(document, 4)
    header = seed.BOTLIKH_HEADER
    _add_row(table, [header[0], header[1], header[3], header[4]], lists)
    for row in [r for r in seed.BOTLIKH_ROWS if not isinstance(r, str)][:8]:
        _add_row(table, [row[0], row[1].replace(CUT, " "), row[3], row[4]], lists)
    document.save(path)
    return Path(path)


def long_table_docx(path, rows: int = 1000) -> Path:
    """A proper roadmap header (№ | Мероприятие | Срок | Ответственный) over ``rows`` rows of seed actions."""
    document = docx.Document()
    table = document.add_table(rows=1, cols=4)
    for cell, text in zip(table.rows[0].cells, ("№", "Мероприятие", "Срок", "Ответственный")):
        cell.text = text
    short = [r for r in seed.BOTLIKH_ROWS if not isinstance(r, str) and "\n" not in r[1] and r[2].strip()]
    for k in range(rows):
        _no, action, deadline, responsible, _evidence = short[k % len(short)]
        for cell, text in zip(table.add_row().cells, (f"{k + 1}.", action.replace(CUT, " "), deadline, responsible)):
            cell.text = text
    document.save(path)
    return Path(path)
