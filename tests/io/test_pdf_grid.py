"""Tables from a page's ruling lines (io/pdf_grid.py), on rules laid out here as pdfplumber reports them."""

from __future__ import annotations

from xl_roadmap.core.document import MERGED_LEFT, MERGED_UP
from xl_roadmap.io.pdf_grid import find_grids, rules_of


def _line(x0, top, x1, bottom):
    return {"x0": x0, "top": top, "x1": x1, "bottom": bottom}


def _rect(x0, top, x1, bottom, stroke=False):
    return {"x0": x0, "top": top, "x1": x1, "bottom": bottom, "stroke": stroke}


def test_a_missing_rule_is_a_merged_cell():
    """Columns at 0, 50, 100, 150; rows at 0, 20, 40, 60. Row 0: one cell across columns 1–2 (no rule at 100
    there); column 0: one cell over rows 1–2 (no rule at 40 there)."""
    lines = [_line(0, 0, 150, 0), _line(0, 20, 150, 20), _line(50, 40, 150, 40), _line(0, 60, 150, 60),
             _line(0, 0, 0, 60), _line(50, 0, 50, 60), _line(100, 20, 100, 60), _line(150, 0, 150, 60)]
    [grid] = find_grids(*rules_of(lines, []))
    assert grid.xs == [0, 50, 100, 150] and grid.ys == [0, 20, 40, 60]
    assert grid.merged == [[None, None, MERGED_LEFT], [None, None, None], [MERGED_UP, None, None]]
    assert grid.owner[0][2] == (0, 1) and grid.owner[2][0] == (1, 0)
    assert grid.span(0, 1) == (50, 150)
    assert grid.position(120, 10) == (0, 2)


def test_borders_drawn_as_thin_rectangles_and_drawn_twice_are_one_grid():
    rects = [_rect(0, -0.3, 100, 0.3), _rect(0, 29.7, 100, 30.3), _rect(0.5, 59.5, 100, 60.1),
             _rect(-0.3, 0, 0.3, 60), _rect(49.8, 0, 50.3, 60), _rect(99.7, 0, 100.2, 60)]
    lines = [_line(0, 30.5, 100, 30.5)]             # the middle rule once more, half a point lower
    [grid] = find_grids(*rules_of(lines, rects))
    assert len(grid.xs) == 3 and len(grid.ys) == 3
    assert all(m is None for row in grid.merged for m in row)


def test_a_frame_or_a_shaded_box_is_not_a_table():
    frame = [_rect(10, 10, 500, 700, stroke=True)]
    shading = [{"x0": 0, "top": 0, "x1": 100, "bottom": 50, "stroke": False}]
    underline = [_line(20, 100, 80, 100)]
    assert find_grids(*rules_of(underline, frame + shading)) == []


def test_two_tables_apart_are_two_grids_top_to_bottom():
    def box(top):
        return [_line(0, top, 100, top), _line(0, top + 20, 100, top + 20), _line(0, top + 40, 100, top + 40),
                _line(0, top, 0, top + 40), _line(50, top, 50, top + 40), _line(100, top, 100, top + 40)]

    grids = find_grids(*rules_of(box(300) + box(100), []))
    assert [g.top for g in grids] == [100, 300]
