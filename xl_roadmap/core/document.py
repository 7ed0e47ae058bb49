"""A Word document as plain data: its prose and its tables, read but not yet interpreted.

Importing a roadmap from Word is two steps: ``io/word_document`` turns the .docx into these values, and the
meaning (which table is the plan, which column is the deadline) is found later, in pure code over them. The
values keep what Word shows — the numbers of automatic lists, the text of merged cells — and mark what was
copied, so the interpretation can tell a header spanning two columns from two columns that say the same.
"""

from __future__ import annotations

from dataclasses import dataclass

MERGED_LEFT = "left"
MERGED_UP = "up"


@dataclass(frozen=True)
class DocCell:
    """One grid position of a table.

    ``paragraphs`` are the cell's paragraphs as Word shows them (automatic numbers included, trailing
    whitespace stripped, empty ones dropped); ``text`` joins them with newlines, which is what a person
    would copy out of the cell. ``merged`` says the text is a copy: ``"left"`` — this grid column is covered
    by a horizontally merged cell that starts to its left; ``"up"`` — the cell continues a vertical merge
    from the row above. Copies keep every row a full list of columns, so column *n* means the same in each
    row; the mark lets a reader count a merged header once.
    """

    text: str
    paragraphs: tuple[str, ...]
    merged: str | None = None


@dataclass(frozen=True)
class DocTable:
    """A top-level table of the document: ``index`` is its position among the tables (0-based), ``rows``
    are padded to the table's grid width so that every row has the same number of cells."""

    index: int
    rows: tuple[tuple[DocCell, ...], ...]

    @property
    def width(self) -> int:
        return len(self.rows[0]) if self.rows else 0


@dataclass(frozen=True)
class DocumentText:
    """What a .docx says: ``paragraphs`` are the body's non-empty prose paragraphs outside tables, in
    document order (a roadmap's title, its basis and notes live there); ``tables`` in document order."""

    path: str
    paragraphs: tuple[str, ...]
    tables: tuple[DocTable, ...]
    # tables inside table cells (a plan laid out inside a one-cell frame table), numbered after ``tables``
    nested_tables: tuple[DocTable, ...] = ()
