"""Text that recognition of a scanned or printed page (OCR) damaged, repaired only where the damage is plain.

A plan that went through a PDF comes back with Latin letters that look Cyrillic inside Russian words
(«мерoприятие» with a Latin «o»), words broken at a line end («меро- приятие») or by a stray space
(«сро к», «Сент ябрь») and spaces inside numbers («2 .1», «01 .09.2024»). Each repair here is one a
reader would make without hesitation:

* Latin look-alikes are made Cyrillic inside a word that also has Cyrillic letters, and in a whole word of
  look-alikes only when the Cyrillic word is one the document uses elsewhere (or a one-letter preposition);
* a hyphen right after a letter and followed by a space is never Russian typography: the word is joined —
  with its hyphen when both halves are words the document uses elsewhere («информационно- методический»);
* two pieces are joined into one word only when that word stands elsewhere in the document and a piece
  does not (or the word is far more frequent than its pieces); beside a short word the evidence must be
  stronger, and a particle or a negation is never joined («об разования», «г ода», «постоян но» are
  joined; «в неурочной», «кадрам и», «так же», «не объективных» stay as written) — the words are the
  spec's (word_import.json → ocr_joins);
* a surname split next to a person's initials with one piece of one to three letters («Кравцо ва Н.И.»,
  «С еребренникова О.В.») is joined, unless a piece is a word the document uses («Директор школы И.И.»);
* a space before a dot after a digit, and spaces inside a date, are removed.

The document is its own dictionary (``Lexicon``): what it writes intact somewhere is what a broken piece is
checked against. Nothing is guessed beyond that, and every repair is listed (the caller reports them).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace

from xl_roadmap.core.document import DocCell, DocTable, DocumentText

_LOOKALIKE = str.maketrans("aceopxyABCEHKMOPTXY", "асеорхуАВСЕНКМОРТХУ")
# what a whole Latin word may be made of to be read as a Cyrillic one: the letters OCR confuses most
_WHOLE_WORD_LATIN = re.compile(r"[aceopACEOPHKMTXB]+")
_TOKEN = re.compile(r"[A-Za-zА-Яа-яЁё]+")
_LATIN = re.compile(r"[A-Za-z]")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
_HYPHEN_BREAK = re.compile(r"([А-Яа-яЁё]+)-[ \t\u00a0]*\n?[ \t\u00a0]*(?<=\s)([а-яё]+)")
_SPACE_BEFORE_DOT = re.compile(r"(\d+)[ \u00a0]+\.(?=\d|\s|$)")
_SPACED_DATE = re.compile(r"(?<![\d.])(\d{1,2}) ?\. ?(\d{1,2}) ?\. ?((?:19|20)\d\d|\d\d)(?!\d)")
_COMPOUND = re.compile(r"[а-яё]+(?:-[а-яё]+)+")
STRONG = 2               # a joined word this many times as frequent as its pieces is one word split
SHORT_STRONG = 5         # … and this many times beside a short word
KNOWN = 10               # a known word (spec: ocr_joins → known_words) counts as written this many times more
_SPLIT_WORD = re.compile(r"(?<!\w)([А-Яа-яЁё]+)[ \u00a0]+([А-Яа-яЁё]+)(?!\w)")
MAX_LISTED = 6


class Lexicon:
    """How often the document writes each word (lower case, look-alikes read as Cyrillic), and each
    hyphenated compound («информационно-методический») as a whole."""

    def __init__(self, texts: Iterable[str], joins: dict[str, frozenset[str]] | None = None):
        counts: Counter[str] = Counter()
        compounds: Counter[str] = Counter()
        for text in texts:
            if not text:
                continue
            if _LATIN.search(text) is not None:
                text = _TOKEN.sub(lambda m: _cyrillic_if_mixed(m.group(0)), text)
            lowered = text.lower()
            counts.update(_TOKEN.findall(lowered))
            if "-" in lowered:
                compounds.update(_COMPOUND.findall(lowered))
        self.counts = counts
        self.compounds = compounds
        joins = joins or {}
        self.never_second = joins.get("never_second", frozenset())
        self.never_first = joins.get("never_first", frozenset())
        self.prefix_letters = joins.get("prefix_letters", frozenset())
        self.short_words = joins.get("short_words", frozenset()) | self.prefix_letters
        self.known_words = joins.get("known_words", frozenset())

    def seen(self, word: str) -> int:
        return self.counts.get(word.lower(), 0)

    def seen_whole(self, word: str) -> int:
        """How often the document writes a word a piece may belong to; a known word (a month, «года») as
        if written ``KNOWN`` times more."""
        word = word.lower()
        return self.counts.get(word, 0) + (KNOWN if word in self.known_words else 0)


def _cyrillic_if_mixed(token: str) -> str:
    if _CYRILLIC.search(token) and _LATIN.search(token):
        fixed = token.translate(_LOOKALIKE)
        if _LATIN.search(fixed) is None:
            return fixed
    return token


def repair(text: str, lexicon: Lexicon) -> tuple[str, list[str]]:
    """The text with plain OCR damage repaired, and what was repaired («сро к» → «срок»), in order."""
    if not text:
        return text, []
    fixes: list[str] = []
    out = text
    if _LATIN.search(out) and _CYRILLIC.search(out):
        out = _TOKEN.sub(lambda m: _lookalikes(m, out, lexicon, fixes), out)
    if "-" in out:
        out = _HYPHEN_BREAK.sub(lambda m: _hyphen(m, lexicon, fixes), out)
    if "." in out and any(c.isdigit() for c in out):
        out = _numbers(out, fixes)
    if " " in out or "\u00a0" in out:
        out = _split_words(out, lexicon, fixes)
        if "." in out:
            out = _split_names(out, lexicon, fixes)
    return out, fixes


# where a repair was made: (table index, row index, grid column), all 0-based
CellKey = tuple[int, int, int]


def repair_document(document: DocumentText, joins: dict[str, frozenset[str]]
                    ) -> tuple[DocumentText, dict[CellKey, list[str]], Lexicon]:
    """The document's tables with plain OCR damage repaired in every cell (a merged cell's copies as its
    own), what was repaired in each cell that holds its own text, and the dictionary used: the document's
    own words. Prose is left as it is."""
    lexicon = Lexicon((c.text for t in document.tables + document.nested_tables for r in t.rows for c in r
                       if c.merged is None), joins)
    done: dict[str, tuple[str, list[str]]] = {}
    fixes: dict[CellKey, list[str]] = {}

    def table(t: DocTable) -> DocTable:
        rows = []
        for r, row in enumerate(t.rows):
            cells = []
            for c, cell in enumerate(row):
                if cell.text not in done:
                    done[cell.text] = repair(cell.text, lexicon)
                text, found = done[cell.text]
                if found and cell.merged is None:
                    fixes[(t.index, r, c)] = found
                cells.append(cell if text == cell.text else DocCell(
                    text, tuple(p for p in text.split("\n") if p.strip()), cell.merged))
            rows.append(tuple(cells))
        return DocTable(t.index, tuple(rows))

    repaired = replace(document, tables=tuple(table(t) for t in document.tables),
                       nested_tables=tuple(table(t) for t in document.nested_tables))
    return repaired, fixes, lexicon


def listed(fixes: list[str]) -> str:
    shown = "; ".join(fixes[:MAX_LISTED])
    return shown + (f" и ещё {len(fixes) - MAX_LISTED}" if len(fixes) > MAX_LISTED else "")


def _lookalikes(m: re.Match, text: str, lexicon: Lexicon, fixes: list[str]) -> str:
    token = m.group(0)
    if _LATIN.search(token) is None:
        return token
    if _CYRILLIC.search(token):
        fixed = _cyrillic_if_mixed(token)
        if fixed != token:
            fixes.append(f"«{token}» → «{fixed}» (латинские буквы)")
        return fixed
    if not _WHOLE_WORD_LATIN.fullmatch(token):
        return token
    fixed = token.translate(_LOOKALIKE)
    known = lexicon.seen(fixed) >= 2 or (len(fixed) == 1 and fixed.lower() in lexicon.short_words)
    if known and _between_cyrillic(text, m.start(), m.end()):
        fixes.append(f"«{token}» → «{fixed}» (латинские буквы)")
        return fixed
    return token


def _between_cyrillic(text: str, start: int, end: int) -> bool:
    """A Latin word set among Russian ones: the nearest word before or after it is Cyrillic."""
    before = _TOKEN.findall(text[max(0, start - 40):start])
    after = _TOKEN.findall(text[end:end + 40])
    near = ([before[-1]] if before else []) + ([after[0]] if after else [])
    return bool(near) and any(_CYRILLIC.search(w) for w in near)


def _hyphen(m: re.Match, lexicon: Lexicon, fixes: list[str]) -> str:
    """A hyphen at a line end: the word it broke, joined — or a compound broken at its own hyphen, kept
    whole with it, when the document writes the compound so («информационно-методический»), when both
    halves are known words («Сентябрь- ноябрь»), or, not knowing the word, when its first half is a
    compound's («учебно-») and both halves are words of the document."""
    left, right = m.group(1), m.group(2)
    joined = left + right
    compound = f"{left}-{right}"
    known = [w.lower() in lexicon.known_words for w in (left, right)]
    if lexicon.seen(joined) == 0 and (lexicon.compounds.get(compound.lower(), 0) > 0 or all(known) or (
            left.lower().endswith(("о", "е")) and lexicon.seen(left) >= 2 and lexicon.seen(right) >= 2)):
        joined = compound
    fixes.append(f"«{' '.join(m.group(0).split())}» → «{joined}»")
    return joined


def _numbers(text: str, fixes: list[str]) -> str:
    def date(m: re.Match) -> str:
        whole = m.group(0)
        if " " not in whole:
            return whole
        fixed = f"{m.group(1)}.{m.group(2)}.{m.group(3)}"
        fixes.append(f"«{whole}» → «{fixed}»")
        return fixed

    def dot(m: re.Match) -> str:
        fixes.append(f"«{m.group(0)}» → «{m.group(1)}.»")
        return m.group(1) + "."

    out = _SPACED_DATE.sub(date, text) if " " in text else text
    return _SPACE_BEFORE_DOT.sub(dot, out)


def _split_words(text: str, lexicon: Lexicon, fixes: list[str]) -> str:
    """Pieces of one word split by a space, joined left to right (a word split twice is joined twice)."""
    pos = 0
    while (m := _SPLIT_WORD.search(text, pos)) is not None:
        left, right = m.group(1), m.group(2)
        if _pieces_of_one_word(left, right, lexicon):
            fixes.append(f"«{left} {right}» → «{left}{right}»")
            text = text[:m.start(1)] + left + right + text[m.end(2):]
            pos = m.start(1)          # the joined word may take the next piece too
        else:
            pos = m.start(2)
    return text


# a surname broken before its initials («Кравцо ва Н.И.», «С еребренникова О.В.») or after them
# («И.Б. Грабцев ич»): a capitalised piece, then a lower-case one right before the initials or at the end
_INITIALS = r"[А-ЯЁ]\.\s?[А-ЯЁ]\.?"
_NAME_BEFORE = re.compile(rf"(?<![\w-])([А-ЯЁ][а-яё]*) ([а-яё]+)(?= {_INITIALS}(?![а-яё]))")
_NAME_AFTER = re.compile(rf"({_INITIALS} )([А-ЯЁ][а-яё]*) ([а-яё]+)(?=\s*(?:$|[,;\n]))")
NAME_PIECE = 3           # a piece this short («С», «ва», «ина») beside a surname's other piece is a split


def _split_names(text: str, lexicon: Lexicon, fixes: list[str]) -> str:
    """A person's surname split by a space next to its initials, one piece very short, neither a word the
    document uses («Директор школы И.И. Иванов» stays)."""
    def surname(left: str, right: str) -> bool:
        if len(left) > 2 and len(right) > NAME_PIECE:
            return False
        return not any(w.lower() in lexicon.known_words or lexicon.seen(w) >= 2 for w in (left, right) if len(w) > 1)

    def before(m: re.Match) -> str:
        if not surname(m.group(1), m.group(2)):
            return m.group(0)
        fixes.append(f"«{m.group(0)}» → «{m.group(1)}{m.group(2)}»")
        return m.group(1) + m.group(2)

    def after(m: re.Match) -> str:
        if not surname(m.group(2), m.group(3)):
            return m.group(0)
        fixes.append(f"«{m.group(2)} {m.group(3)}» → «{m.group(2)}{m.group(3)}»")
        return m.group(1) + m.group(2) + m.group(3)

    return _NAME_AFTER.sub(after, _NAME_BEFORE.sub(before, text))


def _pieces_of_one_word(left: str, right: str, lexicon: Lexicon) -> bool:
    """Two pieces of one word: the document writes the whole word elsewhere, and a piece it writes nowhere
    else — or the whole word far more often than its pieces, as a damage repeated over a long document
    leaves them («го да» beside fifty «года»). A particle is never the second piece, a negation never the
    first («кадрам и», «так же», «не объективных» stay); a one-letter preposition that is also a prefix is a
    first piece only of a word written five times as often as the other piece («в неурочной» stays); beside
    another letter the other piece is written nowhere else or five times more rarely («г рафиком», «год а»);
    beside another short word, so too, and the whole word at least twice («об разования», «постоян но»).
    Two pieces in capitals are an abbreviation the document writes elsewhere («ИМ О»). A known word (a month,
    «года») counts as written often."""
    a, b = left.lower(), right.lower()
    if b in lexicon.never_second or a in lexicon.never_first:
        return False
    whole = lexicon.seen_whole(a + b)
    if whole == 0:
        return False
    if left.isupper() and right.isupper():
        return True
    if right[:1].isupper():
        return False                        # a capital starts a new word
    seen_a, seen_b = lexicon.seen(a), lexicon.seen(b)
    short_a, short_b = a in lexicon.short_words, b in lexicon.short_words
    if short_a and short_b:
        return False
    if short_a or short_b:
        other = seen_b if short_a else seen_a
        if a in lexicon.prefix_letters:
            return whole >= SHORT_STRONG * max(other, 1)
        if len(a if short_a else b) == 1:      # a letter that is no prefix: «г рафиком», «год а»
            return other <= 1 or whole >= SHORT_STRONG * other
        return whole >= 2 and (other <= 1 or whole >= SHORT_STRONG * other)
    return seen_a <= 1 or seen_b <= 1 or whole >= STRONG * max(seen_a, seen_b)
