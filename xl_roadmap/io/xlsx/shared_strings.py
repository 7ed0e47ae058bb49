"""A bounded shared-strings table for workbooks written in constant-memory mode.

XlsxWriter's constant-memory mode writes every text inline, in full, in every cell. A roll-up repeats the same
texts thousands of times (schools copy the district's actions; a school's name stands on each of its rows), so
inline texts were most of its size. Here a text is written once, in the shared-strings part, and cells refer to
it by number — as long as the table stays within a memory budget (the whole table is held until the file is
closed); texts beyond it are written inline, as before. Both are valid for every reader.

The decision is made in the order the texts are written, so the cell-by-cell writer and the rows rendered by
workers (io.xlsx.sheet_xml) give the same table and the same file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import compress, repeat
from operator import is_

MAX_STRINGS = 250_000          # distinct texts in the table (≈ 100 bytes each of bookkeeping)
MAX_CHARACTERS = 8_000_000     # their characters together (a Cyrillic character takes 2 bytes in memory)


class SharedStrings:
    """Which texts go into the workbook's shared-strings table (XlsxWriter's ``SharedStringTable``)."""

    def __init__(self, table, max_strings: int | None = None, max_characters: int | None = None):
        self.table = table
        self.max_strings = MAX_STRINGS if max_strings is None else max_strings
        self.max_characters = MAX_CHARACTERS if max_characters is None else max_characters
        self.characters = 0

    def index(self, text: str, references: int = 1) -> int | None:
        """The text's number in the table (counting ``references`` uses), or None: write it inline."""
        table = self.table
        known = table.string_table.get(text)
        if known is not None:
            table.count += references
            return known
        if table.unique_count >= self.max_strings or self.characters + len(text) > self.max_characters:
            return None
        self.characters += len(text)
        index = table._get_shared_string_index(text)
        table.count += references - 1
        return index

    def cells(self, texts: list[str], references: list[int]) -> list[str | None]:
        """For each text (used ``references`` times) what follows «<c r=… s=…» in its cells — the reference
        into the table — or None where the text goes inline: :meth:`index` for a block of texts at once (a
        roll-up places hundreds of thousands, most of them already in the table)."""
        table = self.table
        numbers = list(map(table.string_table.get, texts))
        counted = sum(references)
        for i in compress(range(len(numbers)), map(is_, numbers, repeat(None))):
            counted -= references[i]                 # index() counts a new text's uses itself
            numbers[i] = self.index(texts[i], references[i])
        table.count += counted
        return [f' t="s"><v>{n}</v>' if n is not None else None for n in numbers]


@dataclass
class LocalStrings:
    """The texts of rows rendered in a worker, numbered in the order they first appear; the main process
    turns each into a shared string or an inline one (:class:`SharedStrings`) when the rows are placed."""

    texts: list[str] = field(default_factory=list)
    references: list[int] = field(default_factory=list)
    _numbers: dict[str, int] = field(default_factory=dict, repr=False)

    def number(self, text: str) -> int:
        if len(self._numbers) != len(self.texts):          # unpickled: the lookup is not sent along
            self._numbers = {t: k for k, t in enumerate(self.texts)}
        k = self._numbers.get(text)
        if k is None:
            k = self._numbers[text] = len(self.texts)
            self.texts.append(text)
            self.references.append(0)
        self.references[k] += 1
        return k

    def __getstate__(self):
        return {"texts": self.texts, "references": self.references}

    def __setstate__(self, state):
        self.texts, self.references, self._numbers = state["texts"], state["references"], {}
