"""Cell text as the import needs it: header labels compared loosely, HTML left by converters removed,
numbered lists inside a cell found."""

from __future__ import annotations

import html
import re
from functools import lru_cache

_HTML_TAG = re.compile(r"</?(?:p|ol|ul|li|br|span|b|i|u|s|strong|em|div|font|sup|sub|table|tr|td|th)\b[^<>]*>",
                       re.IGNORECASE)
_BREAKING_TAG = re.compile(r"</?(?:p|li|br|div|tr|ol|ul)\b[^<>]*>", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\u00a0\u202f\u2009]+")
_LABEL_JUNK = re.compile(r"[\s\u00a0]+")
# "1. Текст", "2) Текст", "1.Текст" — an item of a numbered list; "1.1 данных" is a sub-item and stays
_ITEM = re.compile(r"^\s*(\d{1,2})\s*[.)](?!\d)\s*(?=\S)")
# an item written inline after other text: " 2. Текст" (the next number of the sequence, then a capital)
_FIRST_ITEM = re.compile(r"^\s*1\s*[.)](?!\d)\s*(?=\S)")
MAX_LIST_HEADING = 120      # a line before a list longer than this is prose with a list inside
_INLINE_ITEM = re.compile(r"(?<=[\s;:.,])(\d{1,2})[.)](?!\d)\s+(?=[«\"(А-ЯЁA-Z])")


_LOOKALIKES = str.maketrans("aceopxyABCEHKMOPTXY", "асеорхуАВСЕНКМОРТХУ")
_CYRILLIC = re.compile(r"[а-яёА-ЯЁ]")


def label(text: str) -> str:
    """A header as compared with the spec's words: lower case, ё as е, spaces collapsed, no trailing
    punctuation ("Срок(и) исполнения:" → "срок(и) исполнения"); Latin letters that look Cyrillic («Cрок»
    typed with a Latin C) read as Cyrillic when the header is Russian."""
    if _CYRILLIC.search(text):
        text = text.translate(_LOOKALIKES)
    return _LABEL_JUNK.sub(" ", text.replace("ё", "е").replace("Ё", "Е")).strip().lower().rstrip(" .:;,*")


def starts_with_any(text: str, words: tuple[str, ...]) -> bool:
    return any(text.startswith(w) for w in words)


def has_markup(text: str) -> str | None:
    """The first HTML tag of a text (what a PDF or web conversion left in the cell), or None."""
    m = _HTML_TAG.search(text)
    return m.group(0) if m else None


def without_markup(text: str) -> str:
    """Text with HTML tags removed: block tags become line breaks, entities decoded, each line's spaces
    collapsed, empty lines dropped."""
    text = _BREAKING_TAG.sub("\n", text)
    text = html.unescape(_HTML_TAG.sub("", text))
    return lines_joined(text.split("\n"))


def lines_joined(lines) -> str:
    kept = [_SPACES.sub(" ", line).strip() for line in lines]
    return "\n".join(line for line in kept if line)


def starts_lower(text: str) -> bool:
    """A fragment that continues a sentence: it starts with a lower-case letter, a digit or punctuation."""
    first = text.lstrip()[:1]
    return bool(first) and (first.islower() or first.isdigit() or first in ",;:)-–—.»")


def list_items(text: str) -> list[tuple[str, str]]:
    """A cell's numbered list as (number as written, item text), or [] when the cell is not a list of at
    least two items (see ``numbered_list``; a cell with a heading line before its list gives [])."""
    lead, items = numbered_list(text)
    return [] if lead else items


def numbered_list(text: str) -> tuple[str, list[tuple[str, str]]]:
    """A cell's numbered list: its heading line, if any («ВсОШ» over «1. … 2. …»), and its items as (number
    as written, item text); ("", []) when the cell is not a list of at least two items. Items are
    paragraphs starting with a number, or items written one after another inside a paragraph («1. Анализ.
    2. Семинар.»); a paragraph that does not start with the next number continues the item before it. Text before
    the first item is a heading only when it is one short paragraph and the list starts at 1; a longer text
    is prose with a list inside, kept whole."""
    paragraphs = [p for p in text.split("\n") if p.strip()]
    lead = ""
    if paragraphs and not _ITEM.match(paragraphs[0]):
        if len(paragraphs) < 3 or len(paragraphs[0]) > MAX_LIST_HEADING or not _FIRST_ITEM.match(paragraphs[1]):
            return "", []
        lead, paragraphs = paragraphs[0].strip(), paragraphs[1:]
    items: list[list[str]] = []
    for paragraph in paragraphs:
        for p in _inline_items(paragraph):
            m = _ITEM.match(p)
            # an item only as the next number of the sequence: a paragraph opening with another number (a
            # line a PDF wrapped before «2. …» inside an item, a typo'd «6.» before «2.») continues the item
            if m and (not items or int(m.group(1)) == int(items[-1][0]) + 1):
                items.append([m.group(1), p[m.end():].strip()])
            elif items:
                items[-1][1] = f"{items[-1][1]}\n{p.strip()}"
            else:
                return "", []
    return (lead, [(n, t) for n, t in items]) if len(items) >= 2 else ("", [])


def _inline_items(paragraph: str) -> list[str]:
    """"1. Первое. 2. Второе" → ["1. Первое.", "2. Второе"]: a paragraph that starts with a number is cut
    only where the next numbers follow in order, so "в 2. полугодии" or a "1.1" inside an item do not cut it."""
    first = _ITEM.match(paragraph)
    if first is None:
        return [paragraph]
    cuts, expected = [first.start(1)], int(first.group(1)) + 1
    for m in _INLINE_ITEM.finditer(paragraph, first.end()):
        if int(m.group(1)) == expected:
            cuts.append(m.start())
            expected += 1
    if len(cuts) < 2:
        return [paragraph]
    cuts.append(len(paragraph))
    return [paragraph[a:b].strip() for a, b in zip(cuts, cuts[1:])]


def paragraphs_of(text: str) -> list[str]:
    return [p for p in text.split("\n") if p.strip()]


def row_number(text: str) -> str:
    """A row's number as text: spaces removed, one trailing dot dropped ("1.10." → "1.10", never 1.1)."""
    t = _SPACES.sub("", text.strip())
    return t[:-1] if t.endswith(".") and len(t) > 1 else t


def mentions(words: tuple[str, ...], text: str) -> bool:
    """Whether a text names any of the words: abbreviations (ОО, УО, ИМО) as whole words, longer words as
    the start of a word (stems: «общеобразовательн»)."""
    return _mention_pattern(words).search(text.lower().replace("ё", "е")) is not None


@lru_cache(maxsize=32)
def _mention_pattern(words: tuple[str, ...]) -> re.Pattern:
    """One pattern for all the words (a plan asks it once per row: thousands of rows)."""
    alternatives = [re.escape(w) + (r"(?![а-яa-z])" if len(w) <= 3 else "") for w in words]
    return re.compile(r"(?<![а-яa-z])(?:" + "|".join(alternatives) + ")")
