"""Words of a PDF page back into lines and the lines into paragraphs, the way Word showed them.

A PDF keeps where each glyph stands, not where a paragraph ends: every line a wrap made is a line of its own.
Whether two lines are one paragraph is read from the geometry first, then from the text:

* a bigger gap than the block's line pitch separates paragraphs (spacing after a paragraph);
* a line starting a numbered item («2.», «1.3.», «4)») starts a paragraph;
* if the next line's first word would have fitted at the end of this line, the line did not wrap: Word would
  have put the word there, so the paragraph (or a line break) ended;
* a sentence's end («.», «!», «?») followed by a capital starts a paragraph (not after «г.» or «М.»);
* otherwise the line wrapped and the next one continues it with a space — or with nothing when Word had to
  break a word too long for the column («аналитическ» / «ая»: the line holds that fragment alone, right to its
  edge) or the line ends in a hyphen. A soft hyphen (U+00AD) goes; a plain hyphen goes when the document
  writes the word without it elsewhere («меро-» / «приятие» where «мероприятие» occurs) and stays in a
  compound («социально-» / «психологического»), which is also the default: Word and LibreOffice do not
  hyphenate unless told to, so a hyphen at a line's end is more often the word's own.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from dataclasses import dataclass
from statistics import median

_EDGE = 1.5           # points: a line starting this close to the text area's left edge starts at it
_FIT = 1.0            # points of slack before a word counts as fitting on the line above
_PITCH = 1.35         # a gap this many times the usual line pitch ends a paragraph
_ROOM = 0.35          # more room than a space (about 0.3 of the font size) is left at the line's end
_SPACE = 0.25         # a space is about a quarter of the font size (Times 0.25 em, Calibri 0.23 em)
_ITEM = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*[.)]|[а-яёa-z]\)|[IVXLC]{1,5}\.)\s")
_LABEL = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*[.)]|[•●▪◦·*\-–—])$")   # an item's number or bullet
_BULLET = re.compile(r"^[•●▪◦·*]\s|^[-–—]\s")
_ABBREVIATION = re.compile(r"^(?:[а-яёa-z]{1,3}|[А-ЯЁA-Z])\.$")   # «г.», «ул.», «им.», initials «М.»
_NUMBER = re.compile(r"^\d{1,3}(?:\.\d{1,3})*\.$")                # «1.», «1.2.»: an item's number, not a sentence
_HYPHENS = ("-", "‐", "‑")
_SOFT_HYPHEN = "\u00ad"
_CLOSING = ",.;:!?)]»…"
_PUNCTUATION = "«»„“”\"'()[]{}.,;:!?…"


@dataclass(slots=True)
class Word:
    """A word as pdfplumber found it (top-down coordinates); ``first``: the width of its first character;
    ``spaced``: a space character follows it in the PDF (LibreOffice keeps the space a line wrapped at)."""
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    first: float
    spaced: bool = False


@dataclass(slots=True)
class Line:
    words: list[Word]
    page: int

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1

    @property
    def top(self) -> float:
        return self.words[0].top

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def height(self) -> float:
        return max(w.bottom - w.top for w in self.words)


def lines_of(words: list[Word], page: int) -> list[Line]:
    """Words grouped into lines (tops within half a line's height), top to bottom, each left to right."""
    lines: list[Line] = []
    current: list[Word] = []
    for word in sorted(words, key=lambda w: w.top):
        if current and word.top - current[0].top > 0.5 * (current[0].bottom - current[0].top):
            lines.append(Line(sorted(current, key=lambda w: w.x0), page))
            current = []
        current.append(word)
    if current:
        lines.append(Line(sorted(current, key=lambda w: w.x0), page))
    return lines


def line_pitch(blocks: list[list[Line]]) -> float | None:
    """The usual distance from one line's top to the next one's within the blocks (None when no block has two
    lines on one page): the pitch of a paragraph's own lines, spacing between paragraphs set apart."""
    steps = [b.top - a.top for block in blocks for a, b in itertools.pairwise(block)
             if a.page == b.page and 0 < b.top - a.top < 3 * a.height]
    return median(steps) if steps else None


class Vocabulary:
    """The document's whole words, lower case: which reading of a line's end the rest of the document
    supports — a word broken at the line's end, or two words."""

    def __init__(self, blocks: list[list[Line]]):
        words = set()
        for block in blocks:
            for i, line in enumerate(block):
                # a line's last word may be the head of a word broken there, its first word the tail of one —
                # unless a space follows the word, or the line above ended with one
                end = len(line.words) - 1
                opens = i == 0 or block[i - 1].words[-1].spaced
                closes = i == len(block) - 1 or line.words[-1].spaced
                words.update(_bare(w.text).lower() for j, w in enumerate(line.words)
                             if (j > 0 or opens) and (j < end or closes))
        self._sorted = sorted(w for w in words if w)
        self._words = set(self._sorted)

    def __contains__(self, word: str) -> bool:
        return _bare(word).lower() in self._words

    def starts(self, text: str) -> bool:
        """Some whole word of the document starts with ``text`` (or is it)."""
        text = _bare(text).lower()
        k = bisect_left(self._sorted, text)
        return k < len(self._sorted) and self._sorted[k].startswith(text)

    def _known(self, word: str) -> bool:
        if word in self._words:
            return True
        stem = word[:max(5, len(word) - 3)]          # another form of the word: «мероприятия», «мероприятий»
        if len(stem) < len(word) - 1 or len(word) < 7:
            return False
        return self.starts(stem)

    def keeps_hyphen(self, head: str, tail: str) -> bool:
        """«социально-» + «психологического»: True; «меро-» + «приятие»: False (when the document says so)."""
        head, tail = _bare(head).lower(), _bare(tail).lower()
        with_hyphen, without = f"{head}-{tail}", f"{head}{tail}"
        if with_hyphen in self._words:
            return True
        if without in self._words:
            return False
        if self._known(with_hyphen):
            return True
        return not self._known(without)

    def broken(self, head: str, tail: str) -> bool:
        """Whether «head», filling a line, and «tail» opening the next are one word broken for want of room
        («Разработк» / «а»), or two words («свободные» / «кабинеты»), as far as the document's words tell."""
        head, tail = _bare(head).lower(), _bare(tail).lower()
        if not head or not tail:
            return False
        if self.starts(head + tail) or tail[0] in "ьъы":
            return True
        if head in self._words:
            return False
        if self._longer(head):             # «разработк» where «разработки» occurs, «разработк» nowhere
            return True
        # another form of a word the document has («дошкольные» where «дошкольных» occurs) before a word start
        return not (self._form(head) and self.starts(tail))

    def _form(self, word: str) -> bool:
        """Another form of a whole word of the document: the same length give or take a letter, the same but
        for the last two («дошкольные» where «дошкольных» occurs)."""
        if len(word) < 6:
            return False
        stem = word[:-2]
        k = bisect_left(self._sorted, stem)
        while k < len(self._sorted) and self._sorted[k].startswith(stem):
            if abs(len(self._sorted[k]) - len(word)) <= 1:
                return True
            k += 1
        return False

    def _longer(self, head: str) -> bool:
        k = bisect_left(self._sorted, head)
        while k < len(self._sorted) and self._sorted[k].startswith(head):
            if len(self._sorted[k]) > len(head):
                return True
            k += 1
        return False


def _same_kind(a: str, b: str) -> bool:
    """Two characters a broken word may have on either side of the break: letters of one case, or a letter
    and a digit («2024г»)."""
    if a.isalpha() and b.isalpha():
        return a.islower() == b.islower()
    return a.isalnum() and b.isalnum()


def _bare(word: str) -> str:
    return word.strip(_PUNCTUATION)


def spaces_at_wraps(blocks: list[list[Line]]) -> bool:
    """Whether the PDF keeps the space a line wrapped at (LibreOffice mostly does, not always): then a line
    ending in a space wrapped there and did not end its paragraph. Judged on the lines that surely wrapped:
    two words or more, the next line going on in lower case."""
    wrapped = [a.words[-1].spaced for block in blocks for a, b in itertools.pairwise(block)
               if len(a.words) > 1 and b.words[0].text[0].islower() and a.words[-1].text[-1].isalpha()]
    return len(wrapped) >= 3 and sum(wrapped) >= 0.5 * len(wrapped)


@dataclass(frozen=True)
class Reading:
    """What the whole document tells about its line ends: its words, and whether wraps keep their space."""
    vocabulary: Vocabulary
    spaces: bool


def paragraphs(lines: list[Line], left: float, right: float, pitch: float | None, reading: Reading) -> list[str]:
    """The paragraphs of a block of lines whose text area runs from ``left`` to ``right``."""
    out: list[str] = []
    text = ""
    for i, line in enumerate(lines):
        if i == 0:
            text = line.text
            continue
        joint = _joint(lines[i - 1], line, left, right, pitch, reading)
        if joint == "break":
            out.append(text)
            text = line.text
        elif joint == "space":
            text += " " + line.text
        elif joint == "soft":
            text = text[:-1] + line.text
        elif joint == "hyphen":
            head, tail = text.rsplit(" ", 1)[-1][:-1], line.words[0].text
            text = (text if reading.vocabulary.keeps_hyphen(head, tail) else text[:-1]) + line.text
        else:  # "glue": a word broken without a hyphen
            text += line.text
    if lines:
        out.append(text)
    return [p.strip() for p in out if p.strip()]


def _joint(prev: Line, line: Line, left: float, right: float, pitch: float | None, reading: Reading) -> str:
    """How ``line`` follows ``prev``: "break" (a new paragraph), "space", "soft" / "hyphen" (a word hyphenated
    at the line's end) or "glue" (a word broken without a hyphen)."""
    if line.page == prev.page and (line.top <= prev.top or
                                   (pitch is not None and line.top - prev.top > _PITCH * pitch + 0.5)):
        return "break"
    last, first = prev.words[-1], line.words[0]
    if last.text.endswith(_SOFT_HYPHEN):
        return "soft"
    if _ITEM.match(line.text + " "):
        return "break"
    if _BULLET.match(line.text) and last.text[-1] in ".;:!?":
        return "break"
    head, start = last.text, first.text[0]
    if head.endswith(_HYPHENS) and len(head) > 1 and head[-2].isalnum() and start.isalnum():
        # «меро-» / «приятие» or «социально-» / «психологического»: the words decide; «2024-» / «2025»,
        # «ГИА-» / «9»: the hyphen stays
        return "hyphen" if head[-2].isalpha() and start.islower() else "glue"
    space = _SPACE * prev.height
    at_edge = prev.x0 <= left + _EDGE or line.x0 <= left + _EDGE
    if at_edge:
        fits = prev.x1 + space + (first.x1 - first.x0) <= right - _FIT
    else:  # centred or right-aligned: the room the whole line had
        fits = (prev.x1 - prev.x0) + space + (first.x1 - first.x0) <= right - left - _FIT
    # a word alone on the next line, filling it with no space after, may be the head of a longer word broken
    # there: the whole word did not fit
    head_of_longer = len(line.words) == 1 and not first.spaced and right - line.x1 < 2 * first.first
    if fits and not head_of_longer:
        return "break"
    # a word too long for the column is broken where the line is full: the fragment stands alone on its line
    # (after an item's number at most), the next character would not have fitted after it, and no space follows.
    # LibreOffice keeps the space a line wrapped at only where it fits: with room for a space and none, the line
    # did not wrap at a space; with less, the document's words decide
    alone = prev.x0 <= left + _EDGE and (len(prev.words) == 1 or
                                         (len(prev.words) == 2 and _LABEL.match(prev.words[0].text) is not None))
    room = right - prev.x1
    if alone and not last.spaced and start in _CLOSING:
        return "glue"        # «учреждения» / «, …»: the comma did not fit after the word that filled the line
    if alone and not last.spaced and room < first.first + 0.5 and _same_kind(head[-1], start) and (
            (reading.spaces and room >= _ROOM * prev.height) or reading.vocabulary.broken(head, first.text)):
        return "glue"
    if reading.spaces:
        if last.spaced:
            return "space"   # the line wrapped at this space
        if line.page == prev.page and right - prev.x1 > _ROOM * prev.height:
            # a wrapped line keeps its space where there is room for it (not at a page's end): this one ended
            return "break"
    if head[-1] in ".!?" and start.isupper() and not _ABBREVIATION.match(head) and not _NUMBER.match(head):
        return "break"
    return "space"
