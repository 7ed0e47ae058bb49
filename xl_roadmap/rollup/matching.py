"""Which roll-up row a figure goes to: the indicator it is, never its code alone.

A code means what its own book's catalogue edition says it means: П27 of Р-170 (a teachers' course) is not П27
of the Amur plan (entering colleges). Entries the catalogue declares one indicator (``same_as``) go into one
row — the roll-up edition's entry when it has one. An indicator of another edition with no such entry is a row
of its own, named «edition:code»; the next level reads that name back as that edition's entry. A code no
edition knows has no rule to be summed by: a row of its own too — one level up named by the district that
reports it, since two districts' own indicators may share a code and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass

from xl_roadmap.spec import Edition, Indicator, Spec
from xl_roadmap.spec.catalogue import QUALIFIER, as_foreign, qualified

OTHER_EDITION = "other-edition"      # another edition's indicator the roll-up's edition has no entry for
UNKNOWN = "unknown"                  # a code the catalogue does not know: nothing to sum it by


@dataclass(frozen=True)
class RowOf:
    """The roll-up row of a figure."""
    code: str                        # as the roll-up writes it
    entry: Indicator | None          # the entry it is summed by (None: it cannot be summed)
    apart: str                       # "" for a row of the roll-up's edition, else OTHER_EDITION or UNKNOWN
    order: tuple                     # its place among a period's rows


class Matching:
    """Rows of one roll-up edition, looked up once per (book edition, code, owner): a district's history
    places 10⁵ figures, a few hundred kinds of them."""

    def __init__(self, spec: Spec, edition: Edition):
        self.spec, self.edition = spec, edition
        self._own = {e.code: i for i, e in enumerate(edition.indicators)}
        self._editions = {ed: k for k, ed in enumerate(spec.editions)}
        self._rows: dict[tuple[str, str, str], RowOf] = {}

    def row(self, edition_id: str, code: str, owner: str = "") -> RowOf:
        """``owner``: the organisation whose unknown codes are its own (a district one level up), or ""."""
        key = (edition_id, code, owner)
        found = self._rows.get(key)
        if found is None:
            found = self._rows[key] = self._find(edition_id, code, owner)
        return found

    def _find(self, edition_id: str, code: str, owner: str) -> RowOf:
        book = self.spec.editions.get(edition_id) or self.edition
        entry = book.resolve(code) if code else None
        if entry is None:
            written = qualified(owner, code) if owner else code
            return RowOf(written, None, UNKNOWN, (2, written))
        refs = self.spec.same_indicator(entry.ref)
        for ref in refs:
            ed, _, own = ref.partition(QUALIFIER)
            if ed == self.edition.id:
                mine = self.edition.get(own)
                return RowOf(mine.code, mine, "", (0, self._own[mine.code]))
        first = self.spec.entry(refs[0])
        place = self.spec.editions[first.edition].indicators.index(first)
        foreign = as_foreign(first)
        return RowOf(foreign.code, foreign, OTHER_EDITION, (1, self._editions[first.edition], place))
