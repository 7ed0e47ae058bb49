"""The tables of a PDF page, found from its ruling lines: a grid of rows and columns and which of its positions
a merged cell covers.

A PDF has no tables, only strokes and glyphs. Word and LibreOffice draw a table's borders as lines (or as thin
filled rectangles), so a table is a set of horizontal and vertical rules that touch each other. Its columns are
the x-positions of all its vertical rules and its rows the y-positions of all its horizontal ones — the same
union grid Word keeps (``w:tblGrid``) — and a cell spanning several columns or rows is a place where the rule
between two grid positions is missing: no vertical rule at a column's edge within a row means the position
continues the cell to its left (``MERGED_LEFT``), no horizontal rule above it means it continues the cell
above (``MERGED_UP``), as ``io/word_document`` marks a ``gridSpan`` and a ``vMerge``.

Plain geometry over numbers; pdfplumber is called by ``io/pdf_document`` only. A table without borders is not
found (its words stay prose); a box around a single cell (a frame around the page, a stamp) is not a table.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from xl_roadmap.core.document import MERGED_LEFT, MERGED_UP

SNAP = 2.0        # points: rules this close are one rule (a border drawn twice, double lines, rounding)
THIN = 2.0        # a filled rectangle this thin is a rule (Word draws borders so)


@dataclass(frozen=True, slots=True)
class Rule:
    """A horizontal rule at ``at`` (y) from ``start`` to ``end`` (x), or a vertical one at x from top to bottom."""
    at: float
    start: float
    end: float


@dataclass
class Grid:
    """One table of a page: column edges ``xs`` and row edges ``ys`` (ascending, both ends included);
    ``owner[r][c]`` is the (row, column) of the cell that covers grid position (r, c), ``merged[r][c]`` is
    None where that cell starts, else MERGED_LEFT or MERGED_UP."""

    xs: list[float]
    ys: list[float]
    owner: list[list[tuple[int, int]]]
    merged: list[list[str | None]]

    @property
    def top(self) -> float:
        return self.ys[0]

    @property
    def bottom(self) -> float:
        return self.ys[-1]

    def contains(self, x: float, y: float) -> bool:
        return self.xs[0] <= x <= self.xs[-1] and self.ys[0] <= y <= self.ys[-1]

    def position(self, x: float, y: float) -> tuple[int, int]:
        """The grid position (row, column) of a point inside the table."""
        c = min(max(bisect_right(self.xs, x) - 1, 0), len(self.xs) - 2)
        r = min(max(bisect_right(self.ys, y) - 1, 0), len(self.ys) - 2)
        return r, c

    def span(self, r: int, c: int) -> tuple[float, float]:
        """Left and right edge of the cell that starts at (r, c): the columns its row's copies cover."""
        end = c + 1
        while end < len(self.xs) - 1 and self.owner[r][end] == (r, c):
            end += 1
        return self.xs[c], self.xs[end]


def _thin_rule(o: dict, horizontal: list[Rule], vertical: list[Rule]) -> bool:
    """A line, or a rect drawn as one (thin in one direction), as the rule it draws; False for anything else."""
    x0, x1, top, bottom = o["x0"], o["x1"], o["top"], o["bottom"]
    if bottom - top <= THIN and x1 - x0 > THIN:
        horizontal.append(Rule((top + bottom) / 2, x0, x1))
    elif x1 - x0 <= THIN and bottom - top > THIN:
        vertical.append(Rule((x0 + x1) / 2, top, bottom))
    else:
        return False
    return True


def rules_of(lines: list[dict], rects: list[dict]) -> tuple[list[Rule], list[Rule]]:
    """Horizontal and vertical rules from pdfplumber's line and rect objects (top-down coordinates)."""
    horizontal: list[Rule] = []
    vertical: list[Rule] = []
    for o in lines:
        _thin_rule(o, horizontal, vertical)
    for o in rects:
        x0, x1, top, bottom = o["x0"], o["x1"], o["top"], o["bottom"]
        if _thin_rule(o, horizontal, vertical):
            continue
        if o.get("stroke") and x1 - x0 > THIN and bottom - top > THIN:
            # a stroked box: its four sides (a filled one without a stroke is shading, not a border)
            horizontal += [Rule(top, x0, x1), Rule(bottom, x0, x1)]
            vertical += [Rule(x0, top, bottom), Rule(x1, top, bottom)]
    return _joined(horizontal), _joined(vertical)


def _joined(rules: list[Rule]) -> list[Rule]:
    """Rules on one line (within SNAP) that touch or overlap, as one rule."""
    out: list[Rule] = []
    for rule in sorted(rules, key=lambda r: (round(r.at / SNAP), r.start)):
        last = out[-1] if out else None
        if last is not None and abs(last.at - rule.at) <= SNAP and rule.start <= last.end + SNAP:
            out[-1] = Rule(last.at, last.start, max(last.end, rule.end))
        else:
            out.append(rule)
    return out


def _touch(h: Rule, v: Rule) -> bool:
    return h.start - SNAP <= v.at <= h.end + SNAP and v.start - SNAP <= h.at <= v.end + SNAP


def _edges(values: list[float]) -> list[float]:
    """Distinct positions: values within SNAP of each other are one (their mean)."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= SNAP:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(group) / len(group) for group in out]


def _by_edge(rules: list[Rule], edges: list[float]) -> list[list[Rule]]:
    """The rules lying on each edge: every rule made an edge, so the nearest one is its own."""
    out: list[list[Rule]] = [[] for _ in edges]
    for rule in rules:
        k = bisect_left(edges, rule.at)
        if k == len(edges) or (k > 0 and rule.at - edges[k - 1] < edges[k] - rule.at):
            k -= 1
        out[k].append(rule)
    return out


def find_grids(horizontal: list[Rule], vertical: list[Rule]) -> list[Grid]:
    """The tables the rules make: groups of touching rules with at least two of each direction, top to bottom."""
    parent = list(range(len(horizontal) + len(vertical)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    order = sorted(range(len(vertical)), key=lambda j: vertical[j].at)
    at = [vertical[j].at for j in order]
    for i, h in enumerate(horizontal):
        # only the vertical rules within the horizontal one's extent can touch it
        for k in range(bisect_left(at, h.start - SNAP), bisect_right(at, h.end + SNAP)):
            j = order[k]
            if _touch(h, vertical[j]):
                a, b = find(i), find(len(horizontal) + j)
                if a != b:
                    parent[a] = b
    groups: dict[int, tuple[list[Rule], list[Rule]]] = {}
    for i, h in enumerate(horizontal):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vertical):
        groups.setdefault(find(len(horizontal) + j), ([], []))[1].append(v)
    grids = []
    for hs, vs in groups.values():
        if len(hs) >= 2 and len(vs) >= 2:
            grid = _grid(hs, vs)
            if grid is not None:
                grids.append(grid)
    return sorted(grids, key=lambda g: (g.top, g.xs[0]))


def _grid(hs: list[Rule], vs: list[Rule]) -> Grid | None:
    xs, ys = _edges([v.at for v in vs]), _edges([h.at for h in hs])
    if len(xs) < 2 or len(ys) < 2:
        return None
    rows, columns = len(ys) - 1, len(xs) - 1
    on_x = _by_edge(vs, xs)
    on_y = _by_edge(hs, ys)

    def vertical_at(c: int, y: float) -> bool:       # a rule on the left edge of column c at height y
        return any(v.start - SNAP <= y <= v.end + SNAP for v in on_x[c])

    def horizontal_at(r: int, x: float) -> bool:     # a rule on the top edge of row r at x
        return any(h.start - SNAP <= x <= h.end + SNAP for h in on_y[r])

    owner: list[list[tuple[int, int]]] = []
    merged: list[list[str | None]] = []
    for r in range(rows):
        mid_y = (ys[r] + ys[r + 1]) / 2
        row_owner: list[tuple[int, int]] = []
        row_merged: list[str | None] = []
        for c in range(columns):
            mid_x = (xs[c] + xs[c + 1]) / 2
            if r > 0 and not horizontal_at(r, mid_x):
                row_owner.append(owner[r - 1][c])
                row_merged.append(MERGED_UP)
            elif c > 0 and not vertical_at(c, mid_y):
                row_owner.append(row_owner[c - 1])
                row_merged.append(MERGED_LEFT)
            else:
                row_owner.append((r, c))
                row_merged.append(None)
        owner.append(row_owner)
        merged.append(row_merged)
    if all(o == (0, 0) for row in owner for o in row):
        return None   # one cell: a frame or a box around text, not a table
    return Grid(xs=xs, ys=ys, owner=owner, merged=merged)
