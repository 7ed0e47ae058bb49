"""An indicator as a Word table writes it, and which catalogue entry it is.

The code can be anywhere in the name («(П18) Достижение …», «П1. Темп роста …», «11 (П11.5)Использование»);
the data period, the value and the region's rank are often written inside the name cell («(Отчетный
период- 2023-83,6%-36- место)»). Matching to the catalogue goes code, then alias, then name similarity;
a similarity match is a guess and is reported with its candidate and score, never decided silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.fuzz import ratio as _ratio

from xl_roadmap.core.values import parse_number
from xl_roadmap.spec import Edition, Indicator, loose_code_key

_CODE_IN_PARENS = re.compile(r"\(\s*((?:[ПпPР]\s*\(?\s*\d+(?:\.\d+)?\)?)|[IlЇ1]{2,3}\d*|\d{2,4}(?:\.\d+)?)\s*\)")
_CODE_AT_START = re.compile(r"^\s*(?:\d{1,2}\s+)?([ПпPР]\s?\d{1,3}(?:\.\d+)?)(?:\.|\s|$)")
_ROW_NUMBER_AT_START = re.compile(r"^\s*\d{1,2}\s+(?=\()")
_REPORTED = re.compile(
    r"\(?\s*Отч[её]тный\s+период\s*[-–:]?\s*(?P<period>.+?)\s*[-–,]\s*(?P<value>\d+(?:[,.]\d+)?)\s*%?\s*[-–]\s*"
    r"\(?\s*(?P<rank>\d+(?:\s*[-–]\s*\d+)?)\s*[-–]?\s*\)?\s*место\s*\)?", re.IGNORECASE | re.DOTALL)
_PERIOD_IN_NAME = re.compile(
    r"\(\s*(?P<period>(?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)\d{2})?)\s*(?:г\.?|гг\.?|год|учебный\s+год)?\s*\)")
_PERIOD_IN_TEXT = re.compile(r"\bв\s+((?:19|20)\d{2})\s*(?:г\.?|году)(?![а-я])", re.IGNORECASE)
_YEAR_MARK = re.compile(r"\s*(?:г\.?|гг\.?|год|учебный\s+год)$", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
GUESS_FROM = 0.72        # a name this similar to a catalogue entry is proposed as a guess
STRONG_FROM = 0.85       # … and this similar, it also counts for choosing the catalogue edition
CORRECT_BY = 0.3         # a written code is doubted when another entry's name is this much more similar


@dataclass
class WrittenIndicator:
    """What the document says about one indicator, before the catalogue is asked."""

    written: str                 # the name cell as written (for messages)
    code: str = ""               # the code as written, normalised ("П18", "III", "1124")
    name: str = ""               # the name without the code and the reported value
    period: str = ""
    value: float | None = None   # from the name («…-83,6%-…») or the actual column
    norm: float | None = None
    rank: str = ""
    unit: str = ""
    periodicity: str = ""


def read_name(text: str) -> WrittenIndicator:
    """Code, name, period, value and rank out of a name cell."""
    flat = _SPACES.sub(" ", text).strip()
    out = WrittenIndicator(written=flat)
    m = _REPORTED.search(flat)
    if m:
        out.period = normal_period(m.group("period"))
        out.value = parse_number(m.group("value"))[0]
        out.rank = re.sub(r"\s+", "", m.group("rank")).replace("–", "-")
        flat = (flat[:m.start()] + " " + flat[m.end():]).strip()
    code = _CODE_IN_PARENS.search(flat)
    if code:
        out.code = _normal_code(code.group(1))
        flat = (flat[:code.start()] + " " + flat[code.end():]).strip()
        flat = _ROW_NUMBER_AT_START.sub("", flat)
    else:
        start = _CODE_AT_START.match(flat)
        if start:
            out.code = _normal_code(start.group(1))
            flat = flat[start.end():].strip()
    if not out.period:
        p = _PERIOD_IN_NAME.search(flat) or _PERIOD_IN_TEXT.search(flat)
        if p:
            out.period = normal_period(p.group(1))
    out.name = _SPACES.sub(" ", flat).strip(" .,;:-–")
    return out


def normal_period(text: str) -> str:
    """A data period as the sheet wants it: «2022 Г.» → 2022, «2020 - 2021 учебный год» → 2020-2021,
    «ноябрь 2023» unchanged."""
    t = _YEAR_MARK.sub("", text.strip(" -–,:"))
    return re.sub(r"\s*[-–]\s*", "-", t).strip()


def _normal_code(code: str) -> str:
    return re.sub(r"[\s()]", "", code).replace("п", "П")


def number(text: str) -> tuple[float | None, bool]:
    """(number, readable): "0,48" → 0.48; "" → (None, True); "около половины" → (None, False)."""
    value, note = parse_number(text)
    return value, note != "not_a_number"


@dataclass(frozen=True)
class Match:
    indicator: Indicator | None
    score: float          # name similarity, 0–1
    how: str              # "code", "alias", "name" (a guess), "corrected" (written code doubted), "none"

    @property
    def strong(self) -> bool:
        """Sure enough to choose a catalogue edition by: a code, an alias, or a name nearly the same."""
        return self.indicator is not None and (self.how in ("code", "alias") or self.score >= STRONG_FROM)


def similarity(a: str, b: str) -> float:
    return _similarity(_comparable(a), _comparable(b))


_SHARE_WORDS = ("доля", "процент", "%", "удельн", "отношение", "уровень")
_COUNT_WORDS = ("количество", "число", "численность", "сумма")
_NEGATION = re.compile(r"(?<![а-я])(?:не|без)(?![а-я])")


def _contradicts(a: str, b: str) -> bool:
    """Names that read alike but mean opposite things: a share against a count («Доля … получивших» vs
    «Количество … получивших»), or one negated («не получивших»)."""
    kinds = [("share" if x.startswith(_SHARE_WORDS) else "count" if x.startswith(_COUNT_WORDS) else None)
             for x in (a, b)]
    if None not in kinds and kinds[0] != kinds[1]:
        return True
    return bool(_NEGATION.search(a)) != bool(_NEGATION.search(b))


def _similarity(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    if _contradicts(a, b):
        return 0.0
    shorter, longer = sorted((a, b), key=len)
    ratio = _ratio(a, b) / 100        # the Indel similarity, as difflib's ratio() computes it
    # a document shortens or cuts a catalogue name («Использование компьютеров», the Р-170 wording without
    # its tail): how much of the shorter name's words the longer one has counts as much as the ratio
    short_stems, long_stems = _stems(shorter), _stems(longer)
    if len(short_stems) >= 2:
        contained = len(short_stems & long_stems) / len(short_stems)
        ratio = max(ratio, (ratio + contained) / 2)
    return ratio


@lru_cache(maxsize=4096)
def _stems(text: str) -> frozenset[str]:
    return frozenset(w[:6] for w in text.split() if len(w) > 2)


@lru_cache(maxsize=4096)
def _comparable(text: str) -> str:
    t = text.lower().replace("ё", "е")
    t = re.sub(r"\(.*?\)", " ", t)
    t = re.sub(r"[^\w%]+", " ", t)
    return _SPACES.sub(" ", t).strip()


def match(written: WrittenIndicator, edition: Edition) -> Match:
    """Code, then alias, then name similarity (a guess); kept per edition, since a plan repeats its
    indicators row after row."""
    cache = edition.__dict__.get("_matches")
    if cache is None:
        cache = {}
        object.__setattr__(edition, "_matches", cache)
    key = (written.code, written.name)
    if key not in cache:
        cache[key] = _match(written, edition)
    return cache[key]


def _match(written: WrittenIndicator, edition: Edition) -> Match:
    by_code = _by_code(written.code, edition) if written.code else None
    by_name, score = _best_by_name(written.name, edition)
    if by_code is not None:
        how, entry = by_code
        code_score = similarity(written.name, entry.name) if written.name else 1.0
        code_score = max(code_score, max((similarity(written.name, a) for a in entry.aliases), default=0.0))
        if by_name is not None and by_name is not entry and score >= GUESS_FROM and score - code_score >= CORRECT_BY:
            return Match(by_name, score, "corrected")
        return Match(entry, code_score, how)
    if by_name is not None and score >= GUESS_FROM:
        return Match(by_name, score, "name")
    return Match(None, score, "none")


def _by_code(code: str, edition: Edition) -> tuple[str, Indicator] | None:
    entry = edition.resolve(code)
    if entry is not None:
        return "code", entry
    aliased = _alias_index(edition).get(loose_code_key(code), [])
    return ("alias", aliased[0]) if len(aliased) == 1 else None


def _alias_index(edition: Edition) -> dict[str, list[Indicator]]:
    """Short aliases (codes as documents garble them: «(114)», «III6») by their loose key."""
    index = edition.__dict__.get("_short_aliases")
    if index is None:
        index = {}
        for entry in edition.indicators:
            for key in {loose_code_key(a.strip("()")) for a in entry.aliases if len(a) <= 12}:
                index.setdefault(key, []).append(entry)
        object.__setattr__(edition, "_short_aliases", index)
    return index


SHORTLIST = 6     # names compared in full: the ones sharing most word stems with the written name


def _best_by_name(name: str, edition: Edition) -> tuple[Indicator | None, float]:
    """The catalogue entry whose name (or long alias) is most like ``name``. Word stems pick a shortlist
    first: a full comparison of every name with every entry made a 1,000-row table take minutes."""
    written = _comparable(name)
    if not written:
        return None, 0.0
    stems = _stems(written)
    names = _edition_names(edition)
    ranked = sorted(range(len(names)), key=lambda i: -len(stems & names[i][2]))[:SHORTLIST]
    best, best_score = None, 0.0
    for i in ranked:
        entry, text, _ = names[i]
        score = _similarity(written, text)
        if score > best_score:
            best, best_score = entry, score
    return best, best_score


def _edition_names(edition: Edition) -> list[tuple[Indicator, str, frozenset[str]]]:
    cache = edition.__dict__.get("_comparable_names")
    if cache is None:
        cache = []
        for entry in edition.indicators:
            for text in (entry.name, *(a for a in entry.aliases if len(a) > 12)):
                comparable = _comparable(text)
                cache.append((entry, comparable, _stems(comparable)))
        object.__setattr__(edition, "_comparable_names", cache)
    return cache
