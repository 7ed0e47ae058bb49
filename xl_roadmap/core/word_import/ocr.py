"""Text that recognition of a scanned or printed page (OCR) damaged, repaired only where the damage is plain.

A plan that went through a PDF comes back with Latin letters that look Cyrillic inside Russian words
(«мерoприятие» with a Latin «o»), words broken at a line end («меро- приятие») or by a stray space
(«сро к», «Сент ябрь») and spaces inside numbers («2 .1», «01 .09.2024»). Each repair here is one a
reader would make without hesitation:

* Latin look-alikes are made Cyrillic inside a word that also has Cyrillic letters, and in a whole word of
  look-alikes only when the Cyrillic word is one the document uses elsewhere (or a one-letter preposition);
* a hyphen right after a letter and followed by a space is never Russian typography: the word is joined —
  with its hyphen when both halves are words the document uses elsewhere («информационно- методический»);
* two pieces are joined into one word only when that word stands elsewhere in the document, at least one
  piece does not, and neither is a short word («не», «на», «и»: «не объективных» and «кадрам и» stay
  as written, and so does «сро к»);
* a space before a dot after a digit, and spaces inside a date, are removed.

The document is its own dictionary (``Lexicon``): what it writes intact somewhere is what a broken piece is
checked against. Nothing is guessed beyond that, and every repair is listed (the caller reports them).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

_LOOKALIKE = str.maketrans("aceopxyABCEHKMOPTXY", "асеорхуАВСЕНКМОРТХУ")
# what a whole Latin word may be made of to be read as a Cyrillic one: the letters OCR confuses most
_WHOLE_WORD_LATIN = re.compile(r"[aceopACEOPHKMTXB]+")
_TOKEN = re.compile(r"[A-Za-zА-Яа-яЁё]+")
_LATIN = re.compile(r"[A-Za-z]")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
_HYPHEN_BREAK = re.compile(r"([А-Яа-яЁё]+)-[ \t\u00a0]*\n?[ \t\u00a0]*(?<=\s)([а-яё]+)")
_SPACE_BEFORE_DOT = re.compile(r"(\d+)[ \u00a0]+\.(?=\d|\s|$)")
_SPACED_DATE = re.compile(r"(?<![\d.])(\d{1,2}) ?\. ?(\d{1,2}) ?\. ?((?:19|20)\d\d|\d\d)(?!\d)")
_SPLIT_WORD = re.compile(r"(?<!\w)([А-Яа-яЁё]+)[ \u00a0]+([А-Яа-яЁё]+)(?!\w)")
MAX_LISTED = 6


class Lexicon:
    """How often the document writes each word (lower case, look-alikes read as Cyrillic)."""

    def __init__(self, texts: Iterable[str], short_words: frozenset[str] = frozenset()):
        counts: Counter[str] = Counter()
        for text in texts:
            if not text:
                continue
            if _LATIN.search(text) is None:
                counts.update(t.lower() for t in _TOKEN.findall(text.lower()))
            else:
                counts.update(_cyrillic_if_mixed(t).lower() for t in _TOKEN.findall(text))
        self.counts = counts
        self.short_words = short_words

    def seen(self, word: str) -> int:
        return self.counts.get(word.lower(), 0)


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
    return out, fixes


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
    left, right = m.group(1), m.group(2)
    joined = left + right
    if lexicon.seen(joined) == 0 and lexicon.seen(left) >= 2 and lexicon.seen(right) >= 2:
        joined = f"{left}-{right}"       # a compound broken at its own hyphen
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


def _pieces_of_one_word(left: str, right: str, lexicon: Lexicon) -> bool:
    short = lexicon.short_words
    a, b = left.lower(), right.lower()
    # a short word is a word: «кадрам и» is never «кадрами», even where «срок» broke into «сро к»
    if a in short or b in short or lexicon.seen(a + b) == 0:
        return False
    if right[:1].isupper() and not (left.isupper() and right.isupper()):
        return False                        # a capital starts a new word, unless the word is all capitals
    return lexicon.seen(a) <= 1 or lexicon.seen(b) <= 1
