"""A Word document as it comes back from a round trip through paper or PDF and OCR, made deterministically.

``ocr_copy`` reads a .docx (``read_docx``: the text Word shows, automatic numbers included, merged cells
marked) and writes it again as a plain document — the numbers as text, the merges as merges — with the
damage recognition does, drawn from a seeded ``random.Random``:

* a word broken at a line end by a hyphen («меро- приятие», or over two paragraphs «меро-» / «приятие»);
* a space inside a word («сро к», «Сент ябрь»);
* Latin letters that look Cyrillic (а/a, е/e, о/o, р/p, с/c, and their capitals) inside Russian words;
* a space before a dot inside a number («2 .1», «01 .09.2024»);
* a table row split in two: in some of its cells the text from a word on goes to a new row below, whose
  number cell stays empty (the row a page break or a line-by-line conversion cuts).

Header rows (a table's first row and rows with merged cells) are damaged in their words but never split.
``agreement`` measures how much of a clean import a damaged one keeps.
"""

from __future__ import annotations

import difflib
import random
import re
from dataclasses import dataclass
from pathlib import Path

import docx

from xl_roadmap.core.document import MERGED_LEFT, MERGED_UP, DocTable
from xl_roadmap.io.word_document import read_docx

_CYRILLIC_TO_LATIN = str.maketrans("аеорсАЕОРС", "aeopcAEOPC")
_WORD = re.compile(r"[А-Яа-яЁё]{3,}")
_DOTTED_NUMBER = re.compile(r"\d+(?:\.\d+)+\.?|\d+\.(?=\s)")


@dataclass(frozen=True)
class Damage:
    """Rates of each kind of damage: per word (hyphen, space), per look-alike letter (latin), per dotted
    number (number), per data row (split)."""

    seed: int = 1
    hyphen: float = 0.03
    space: float = 0.03
    latin: float = 0.02
    number: float = 0.3
    split: float = 0.08


def ocr_copy(source: Path, target: Path, damage: Damage) -> Path:
    document = read_docx(source)
    rng = random.Random(damage.seed)
    out = docx.Document()
    for paragraph in document.paragraphs:
        out.add_paragraph(_damaged(paragraph, rng, damage))
    for table in document.tables:
        _write_table(out, _rows(table, rng, damage), table.width)
        out.add_paragraph("")
    out.save(target)
    return Path(target)


def _damaged(text: str, rng: random.Random, damage: Damage) -> str:
    def word(m: re.Match) -> str:
        w = m.group(0)
        roll = rng.random()
        if roll < damage.hyphen and len(w) >= 5:
            k = rng.randint(2, len(w) - 2)
            return w[:k] + ("-\n" if rng.random() < 0.3 else "- ") + w[k:]
        if roll < damage.hyphen + damage.space:
            k = rng.randint(1, len(w) - 1)
            return w[:k] + " " + w[k:]
        return w

    def number(m: re.Match) -> str:
        n = m.group(0)
        dots = [i for i, c in enumerate(n) if c == "."]
        if rng.random() >= damage.number:
            return n
        i = rng.choice(dots)
        return n[:i] + " " + n[i:]

    text = _WORD.sub(word, text)
    text = _DOTTED_NUMBER.sub(number, text)
    return "".join(c.translate(_CYRILLIC_TO_LATIN) if rng.random() < damage.latin else c for c in text)


@dataclass
class _Cell:
    text: str
    merged: str | None


def _rows(table: DocTable, rng: random.Random, damage: Damage) -> list[list[_Cell]]:
    rows: list[list[_Cell]] = []
    for r, row in enumerate(table.rows):
        cells = [_Cell(_damaged(c.text, rng, damage) if c.merged is None else "", c.merged) for c in row]
        header_like = r == 0 or any(c.merged for c in row)
        if not header_like and rng.random() < damage.split:
            head, tail = _split(cells, rng)
            rows += [head, tail] if tail is not None else [head]
        else:
            rows.append(cells)
    return rows


def _split(cells: list[_Cell], rng: random.Random) -> tuple[list[_Cell], list[_Cell] | None]:
    """The row cut after a word in some of its cells (never in its first cell, the number)."""
    head = [_Cell(c.text, c.merged) for c in cells]
    tail = [_Cell("", None) for _ in cells]
    for k, cell in enumerate(cells[1:], start=1):
        spaces = [m.start() for m in re.finditer(r" (?=\S)", cell.text)]
        if spaces and rng.random() < 0.6:
            at = rng.choice(spaces)
            head[k].text, tail[k].text = cell.text[:at], cell.text[at + 1:]
    if not any(c.text for c in tail):
        return head, None
    return head, tail


def _write_table(document, rows: list[list[_Cell]], width: int) -> None:
    table = document.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if cell.merged is not None:
                continue
            right = c
            while right + 1 < width and row[right + 1].merged == MERGED_LEFT:
                right += 1
            bottom = r
            while bottom + 1 < len(rows) and rows[bottom + 1][c].merged == MERGED_UP:
                bottom += 1
            target = table.cell(r, c)
            if (right, bottom) != (c, r):
                target = target.merge(table.cell(bottom, right))
            lines = cell.text.split("\n")
            target.paragraphs[0].text = lines[0]
            for line in lines[1:]:
                target.add_paragraph(line)


def agreement(clean: list[dict], damaged: list[dict]) -> float:
    """The share of actions whose number, deadline and responsible a damaged import gives as the clean one
    does, in order (a longest common subsequence of the two lists), over the longer list — an action lost,
    one too many and one changed each count against it."""
    a = [(x["no"], x["deadline"], x["responsible"]) for x in clean]
    b = [(x["no"], x["deadline"], x["responsible"]) for x in damaged]
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    same = sum(block.size for block in matcher.get_matching_blocks())
    return same / max(len(a), len(b), 1)
