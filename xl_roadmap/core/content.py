"""What a workbook written from the spec holds, as plain data: the writer's contract (``io.xlsx``).

The templates, the demo's schools and the roll-up all describe their workbook with these classes; only
``io.xlsx.writer`` turns them into a file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence


@dataclass(frozen=True)
class IndicatorCharts:
    """One column chart per indicator, drawn from a matrix sheet: organisations' values against the norm.

    ``series`` holds (0-based matrix column, chart title, norm or None); the categories are the matrix's
    column A (organisation codes) from ``first_row`` (1-based) over ``n_orgs`` rows.
    """

    matrix_sheet: str
    first_row: int
    n_orgs: int
    series: tuple[tuple[int, str, float | None], ...]


@dataclass(frozen=True)
class Colour:
    """A conditional colour of an extra sheet over its data rows ``rows`` (0-based among them, first and last)
    and columns ``columns`` (0-based, first and last): a cell whose text is ``text`` takes ``style`` (a format of
    the writer: good, bad, pending, absent, muted, moved); without ``text``, a cell whose number is above zero."""

    style: str
    rows: tuple[int, int]
    columns: tuple[int, int]
    text: str | None = None


@dataclass
class ExtraSheet:
    """A sheet beyond the school layout (roll-up register, matrix …): a title row, a header row, data rows."""

    name: str
    title: str
    headers: list[str]
    widths: list[float]
    rows: Iterable[Sequence[Any]]       # a list, or a generator for long sheets (written once)
    number_formats: dict[int, str] = field(default_factory=dict)
    chart: IndicatorCharts | None = None
    wrapped: tuple[int, ...] = ()       # columns whose texts wrap, their rows made as tall as the text
    colours: tuple[Colour, ...] = ()
    frozen_columns: int = 1             # columns that stay on screen beside the frozen header rows
    repeat_columns: int = 0             # columns printed on every page (print titles), beside the header rows
    filtered_rows: int | None = None    # data rows the autofilter spans (None: all; totals below stay put)
    styled_rows: dict[int, str] = field(default_factory=dict)   # data row → its texts' style ("header", "title"):
    #                                     the heading and the headers of a second table under the first
    title_span: int = 0                 # columns the title is merged over and wrapped in (0: one cell, unwrapped)
    print_width: int = 0                # the first columns printed one page wide: all of them — the sheet fits one
    #                                     page width; fewer — pages across at the scale that fits these (0: by width)
    print_blocks: tuple[tuple[int, int, int], ...] = ()   # (first, last data row, last column) printed as areas of
    #                                     their own: a narrow table under a wide one prints no pages of empty columns


@dataclass(frozen=True)
class CellLink:
    """A link to a cell of the same workbook, written as a hyperlink showing ``text``."""

    sheet: str
    cell: str
    text: str


# the catalogue's source levels whose indicators a book of each template kind lists (a district also types its
# own and the ones given from outside)
SOURCE_LEVELS = {"school": ("school",), "district": ("school", "district", "external")}


def catalogue_rows(edition, levels: tuple[str, ...]) -> list[dict[str, Any]]:
    """Indicator rows pre-filled from the catalogue edition for the levels that supply data themselves."""
    return [
        {"no": str(i), "code": ind.code, "name": ind.name, "block": edition.block_name(ind.block), "unit": ind.unit,
         "norm": ind.norm}
        for i, ind in enumerate((x for x in edition.indicators if x.source_level in levels), start=1)
    ]


EXTRA_FIRST_ROW = 3           # an ExtraSheet's data rows start under its title row and header row


@dataclass
class WorkbookContent:
    """What to put into the input sheets. Keys are the spec's field/column ids; missing keys stay empty."""

    organisation: dict[str, Any] = field(default_factory=dict)
    indicators: list[dict[str, Any]] = field(default_factory=list)
    actions: list[dict[str, Any]] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)
    extra_sheets: list[ExtraSheet] = field(default_factory=list)
    data_rows: dict[str, int] = field(default_factory=dict)  # sheet id → rows to prepare, overrides the spec
