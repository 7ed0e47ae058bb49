"""Cell traces merged into ranges: each range, expanded by the rule the «Происхождение» sheet states, gives back
exactly the cell traces it was made from."""

from __future__ import annotations

import random

from openpyxl.utils.cell import range_boundaries

from xl_roadmap.rollup.traces import span_rows, spans


def _expand(row: list) -> list[tuple]:
    """A «Происхождение» row back into cell pairs: both ranges read row by row, one source cell for all."""
    def cells(text):
        c0, r0, c1, r1 = range_boundaries(text)
        return [(r, c - 1) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)]
    targets, sources = cells(row[1]), cells(row[5])
    if len(sources) == 1:
        sources = sources * len(targets)
    assert len(sources) == len(targets), row
    return list(zip(targets, sources))


def _roundtrip(cells):
    rows = span_rows(spans(cells), "Свод", "f.xlsx", "Лист")
    pairs = [p for row in rows for p in _expand(row)]
    filled = {((r, c), (sr, sc)) for r, c, v, sr, sc in cells if v not in (None, "")}
    assert filled <= set(pairs), filled - set(pairs)
    # nothing traced that was not given: every pair is one of the cells passed in
    assert set(pairs) <= {((r, c), (sr, sc)) for r, c, _, sr, sc in cells}
    return rows


def test_a_copied_block_is_one_range():
    cells = [(12 + k, c, f"v{k}{c}", 8 + k, c) for k in range(30) for c in range(1, 8)]
    rows = _roundtrip(cells)
    assert [r[1] for r in rows] == ["B12:H41"] and rows[0][5] == "B8:H37" and rows[0][2] is None


def test_a_gap_in_the_source_rows_starts_a_new_range():
    source_rows = [8, 9, 10, 14, 15]
    cells = [(12 + k, c, "x", sr, c + 2) for k, sr in enumerate(source_rows) for c in range(3)]
    rows = _roundtrip(cells)
    assert [(r[1], r[5]) for r in rows] == [("A12:C14", "C8:E10"), ("A15:C16", "C14:E15")]


def test_one_source_cell_copied_down_a_column():
    cells = [(12 + k, 8, "МБОУ СОШ № 1", 5, 1) for k in range(20)]
    rows = _roundtrip(cells)
    assert [(r[1], r[5]) for r in rows] == [("I12:I31", "B5")]


def test_a_column_of_values_laid_out_as_a_row():
    cells = [(3, 2 + j, float(j), 4 + j, 8) for j in range(17)]
    rows = _roundtrip(cells)
    assert [(r[1], r[5]) for r in rows] == [("C3:S3", "I4:I20")]


def test_one_cell_keeps_its_value_and_empty_ranges_are_dropped():
    rows = _roundtrip([(4, 6, 12.5, 21, 6), (7, 1, None, 3, 1), (8, 1, "", 4, 1)])
    assert rows == [["Свод", "G4", 12.5, "f.xlsx", "Лист", "G21"]]


def test_empty_cells_inside_a_block_do_not_break_it():
    cells = [(10 + k, c, None if (k + c) % 3 == 0 else "x", 20 + k, c) for k in range(10) for c in range(5)]
    rows = _roundtrip(cells)
    assert [(r[1], r[5]) for r in rows] == [("A10:E19", "A20:E29")]


def test_random_traces_round_trip():
    rnd = random.Random(5)
    for _ in range(200):
        cells, seen = [], set()
        for _ in range(rnd.randint(1, 40)):
            r, c = rnd.randint(1, 8), rnd.randint(0, 6)
            if (r, c) in seen:
                continue
            seen.add((r, c))
            mode = rnd.random()
            sr, sc = (r + 3, c) if mode < 0.5 else (2, 1) if mode < 0.7 else (c + 1, r) if mode < 0.9 \
                else (rnd.randint(1, 50), rnd.randint(0, 9))
            cells.append((r, c, rnd.choice(["x", 1.5, None]), sr, sc))
        _roundtrip(cells)
