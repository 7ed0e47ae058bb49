"""The indicator catalogue as typed objects: entries, editions, and which entries of different editions are
one indicator (``same_as``). An entry is named across editions «edition:code» (a catalogue code holds no
colon); a book of one edition may list another edition's entry under that name — a roll-up does, for the
indicators it cannot sum with its own edition's."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    block: str
    kind: str
    multiplier: float
    unit: str
    numerator: str | None
    denominator: str | None
    direction: str
    norm: float | None
    source_level: str
    aggregation: str
    aliases: tuple[str, ...] = ()
    note: str = ""
    edition: str = ""                  # the edition the entry belongs to
    same_as: tuple[str, ...] = ()      # «edition:code» of the same indicator in other editions, as declared

    @property
    def ref(self) -> str:
        """«edition:code»: the entry named across editions (a catalogue code holds no colon, so a code that
        does is already such a name — an entry of another edition listed in a roll-up)."""
        return self.code if QUALIFIER in self.code else f"{self.edition}{QUALIFIER}{self.code}"


# «edition:code» names an entry of another edition (catalogue links, a roll-up's rows of another edition)
QUALIFIER = ":"


def qualified(edition_id: str, code: str) -> str:
    return f"{edition_id}{QUALIFIER}{code}"


# Latin letters typed for the Cyrillic ones of catalogue codes; «P» is also how «П» is transliterated
_LATIN_AS_CYRILLIC = str.maketrans("ABCEHKMOPTXY", "АВСЕНКМОПТХУ")
_CODE_NOISE = re.compile(r"[\s\-–—‐‑−_]+")


def loose_code_key(code: str) -> str:
    """An indicator code as compared when it is not found as typed: no spaces or dashes, upper case, Latin
    lookalikes as Cyrillic letters, and «Р» (er) read as «П»."""
    return _CODE_NOISE.sub("", code or "").upper().translate(_LATIN_AS_CYRILLIC).replace("Р", "П")


@dataclass(frozen=True)
class Edition:
    id: str
    title: str
    source: str
    blocks: dict[str, str]
    indicators: tuple[Indicator, ...]

    def get(self, code: str) -> Indicator | None:
        return self._by_code().get(code)

    def resolve(self, code: str) -> Indicator | None:
        """The entry a typed code means: the exact code, else the one entry it names when written loosely
        («п1», «П 1», «П-1», «P1» in Latin letters, «m1.2» → П1, М1.2), else — «amur_2022:П27» — an entry of
        another edition of the catalogue, under that name (a roll-up lists such indicators apart from its
        own edition's, and the next level must know what they are). None when unknown or ambiguous."""
        return self.get(code) or self._foreign(code) or self._by_key().get(loose_code_key(code))

    def _foreign(self, code: str) -> Indicator | None:
        if QUALIFIER not in code:
            return None
        catalogue = self.__dict__.get("_catalogue") or {}
        edition_id, _, own = code.partition(QUALIFIER)
        other = catalogue.get(edition_id.strip())
        entry = other.get(own.strip()) if other is not None else None
        if entry is None or other is self:
            return entry
        return as_foreign(entry)

    def with_entries(self, entries: list[Indicator], blocks: dict[str, str]) -> "Edition":
        """This edition with more entries (and their blocks): a roll-up's catalogue, which lists indicators of
        other editions under their «edition:code» names beside its own edition's."""
        known = {e.code for e in self.indicators}
        extra = tuple(e for e in entries if e.code not in known)
        if not extra:
            return self
        wider = Edition(id=self.id, title=self.title, source=self.source, blocks={**self.blocks, **blocks},
                        indicators=self.indicators + extra)
        object.__setattr__(wider, "_catalogue", self.__dict__.get("_catalogue"))
        return wider

    def _by_key(self) -> dict[str, Indicator]:
        cache = self.__dict__.get("_loose_index")
        if cache is None:
            found: dict[str, list[Indicator]] = {}
            for ind in self.indicators:
                found.setdefault(loose_code_key(ind.code), []).append(ind)
            cache = {key: inds[0] for key, inds in found.items() if len(inds) == 1}
            object.__setattr__(self, "_loose_index", cache)
        return cache

    def _by_code(self) -> dict[str, Indicator]:
        cache = self.__dict__.get("_index")
        if cache is None:
            cache = {ind.code: ind for ind in self.indicators}
            object.__setattr__(self, "_index", cache)
        return cache

    def block_name(self, block_id: str) -> str:
        return self.blocks.get(block_id, block_id)


@lru_cache(maxsize=1024)
def as_foreign(entry: Indicator) -> Indicator:
    """An entry as another edition's book lists it: its code and block named with its edition."""
    return replace(entry, code=qualified(entry.edition, entry.code), block=qualified(entry.edition, entry.block))


def foreign_blocks(edition: Edition) -> dict[str, str]:
    """An edition's block names under the names its entries' blocks take elsewhere (:func:`as_foreign`)."""
    return {qualified(edition.id, k): v for k, v in edition.blocks.items()}


def edition_from_json(raw: dict) -> Edition:
    indicators = tuple(
        Indicator(
            code=i["code"], name=i["name"], block=i["block"], kind=i["kind"], multiplier=i["multiplier"],
            unit=i["unit"], numerator=i.get("numerator"), denominator=i.get("denominator"),
            direction=i["direction"], norm=i.get("norm"), source_level=i["source_level"],
            aggregation=i["aggregation"], aliases=tuple(i.get("aliases", ())), note=i.get("note", ""),
            edition=raw["id"], same_as=tuple(i.get("same_as", ())),
        )
        for i in raw["indicators"]
    )
    blocks = {b["id"]: b["name"] for b in raw.get("blocks", ())}
    return Edition(id=raw["id"], title=raw["title"], source=raw.get("source", ""), blocks=blocks, indicators=indicators)


# what two entries declared the same indicator must share: summed into one row, they are summed by one rule
_SAME_DEFINITION = ("kind", "unit", "multiplier", "aggregation", "direction")


def catalogue_links(editions: dict[str, Edition]) -> tuple[dict[str, tuple[str, ...]], list[tuple[str, str]]]:
    """«same_as» closed over: each linked entry's «edition:code» → all entries of its indicator, in catalogue
    order; and the problems as (JSON path, message). A link must name an entry of another edition that shares
    the definition (kind, unit, multiplier, aggregation, direction), and one indicator has at most one entry
    per edition."""
    order = {e.ref: k for k, e in enumerate(i for ed in editions.values() for i in ed.indicators)}
    parent: dict[str, str] = {}

    def root(ref: str) -> str:
        while parent.get(ref, ref) != ref:
            ref = parent[ref]
        return ref

    for ei, edition in enumerate(editions.values()):
        for ii, entry in enumerate(edition.indicators):
            for k, ref in enumerate(entry.same_as):
                where = f"$.editions[{ei}].indicators[{ii}].same_as[{k}]"
                other_id, _, code = ref.partition(QUALIFIER)
                other = editions[other_id].get(code) if other_id in editions else None
                if other is None or other_id == edition.id:
                    return {}, [(where, f"«{ref}» — нет такого показателя в другой редакции каталога")]
                differ = [a for a in _SAME_DEFINITION if getattr(entry, a) != getattr(other, a)]
                if differ:
                    return {}, [(where, f"{entry.ref} и {ref} — не один показатель: различаются {', '.join(differ)}")]
                a, b = root(entry.ref), root(ref)
                if a != b:
                    parent[max(a, b, key=order.get)] = min(a, b, key=order.get)
    classes: dict[str, list[str]] = {}
    for ref in parent:
        classes.setdefault(root(ref), []).append(ref)
    out: dict[str, tuple[str, ...]] = {}
    for members in classes.values():
        members = sorted(set(members) | {root(members[0])}, key=order.get)
        editions_seen = [m.partition(QUALIFIER)[0] for m in members]
        if len(set(editions_seen)) < len(editions_seen):
            return {}, [("$.editions", f"одним показателем названы два показателя одной редакции: "
                                       f"{', '.join(members)}")]
        out.update(dict.fromkeys(members, tuple(members)))
    return out, []
