"""Which row a figure goes to, over plain submissions: codes the catalogue does not know, rows named without
figures, growth read by the book's own edition. (Editions across districts, as real files:
tests/app/test_consolidate_editions.py.)"""

from __future__ import annotations

from datetime import date

from xl_roadmap.core import indicators as ind
from xl_roadmap.rollup.consolidation import assemble
from xl_roadmap.rollup.growth import PreviousValues, fill_growth
from xl_roadmap.rollup.sheets import matrix
from xl_roadmap.rollup.submission import Figure, Submission, code_key
from xl_roadmap.spec import default_spec
from xl_roadmap.spec.vocabulary import OrgKind

SPEC = default_spec()
AS_OF = date(2025, 3, 15)
PERIOD = "2024-2025"


def _figure(row: int, code: str, period: str, num, den, value=None) -> Figure:
    return Figure(code, period, f"Показатель {code}", num, den, value, None, ind.NO_DATA if value is None else
                  ind.NO_NORM, "Показатели", {"numerator": f"G{row}", "denominator": f"H{row}", "value": f"I{row}"})


def _sub(code: str, figures: list[Figure], kind: str = OrgKind.SCHOOL, edition: str = "r170_2023") -> Submission:
    return Submission(path=f"{code}.xlsx", sha256=code, received_at=0.0, edition=edition, figures=figures,
                      org={"org_code": code, "org_name": f"Организация {code}", "org_kind": kind, "period": PERIOD})


def _matrix_cells(c) -> dict[str, dict[str, object]]:
    sheet = matrix(c)
    fixed = len(SPEC.rollup_sheet("matrix").columns)
    return {row[0]: dict(zip(sheet.headers[fixed:], row[fixed:])) for row in sheet.rows}


def test_a_code_the_catalogue_does_not_know_is_its_own_row_named_with_who_reports_it():
    c = assemble([_sub("ОО-1", [_figure(4, "Д1", PERIOD, None, None, 7.0)]),
                  _sub("ОО-2", [_figure(4, "Д1", PERIOD, None, None, 9.0)])], spec=SPEC, as_of=AS_OF)
    [row] = [a for a in c.aggregates if a.code == "Д1"]
    assert (row.apart, row.value, row.reporters) == ("unknown", None, ["ОО-1", "ОО-2"])
    [notice] = [n for n in c.notices if n.kind == "indicators-unknown"]
    assert notice.to_dict()["indicators"] == [{"code": "Д1", "edition": None, "organisations": ["ОО-1", "ОО-2"]}]
    assert "Д1" in notice.message and "ОО-1, ОО-2" in notice.message
    cells = _matrix_cells(c)
    assert (cells["ОО-1"]["Д1 (2024-2025)"], cells["ОО-2"]["Д1 (2024-2025)"]) == (7.0, 9.0)


def test_one_level_up_each_districts_own_code_is_its_own_row():
    districts = [_sub(code, [_figure(4, "Д1", PERIOD, 3.0, None, 3.0)], kind=OrgKind.DISTRICT)
                 for code in ("УО-1", "УО-2")]
    c = assemble(districts, spec=SPEC, as_of=AS_OF)
    rows = {a.code: a.reporters for a in c.aggregates if a.apart}
    assert rows == {"УО-1:Д1": ["УО-1"], "УО-2:Д1": ["УО-2"]}        # two districts' «Д1» need not be one thing


def test_a_row_named_without_figures_shows_no_data_in_its_cell_and_makes_no_row_of_its_own():
    named = _figure(5, "П2", "", None, None)                       # a code, no figures, no «Период данных»
    filled = _figure(5, "П2", PERIOD, 20.0, 100.0, 20.0)
    c = assemble([_sub("ОО-1", [named]), _sub("ОО-2", [filled]),
                  _sub("ОО-3", [_figure(5, "amur_2022:П27", "", None, None)])], spec=SPEC, as_of=AS_OF)
    assert not [a for a in c.aggregates if not a.period]
    [p2] = [a for a in c.aggregates if a.code == "П2"]
    assert (p2.period, p2.numerator, p2.denominator) == (PERIOD, 20.0, 100.0)
    cells = _matrix_cells(c)
    assert (cells["ОО-1"]["П2 (2024-2025)"], cells["ОО-2"]["П2 (2024-2025)"]) == ("нет данных", 20.0)
    # another edition's indicator named without a figure is no row to keep apart, and no notice
    assert not [a for a in c.aggregates if a.apart] and not c.notices


def test_growth_is_read_by_the_books_own_edition():
    # П1 is a share in Р-170 and a growth rate in the Amur plan: a Р-170 school's empty denominator is no
    # previous period to take from the archive, even when the roll-up's edition is the Amur one
    previous = PreviousValues({(code_key(org), "П1"): (("2023-2024", 30.0),) for org in ("ОО-1", "ОО-2")})
    r170 = _sub("ОО-1", [_figure(4, "П1", PERIOD, 12.0, None)])
    amur = _sub("ОО-2", [_figure(4, "П1", PERIOD, 36.0, None)], edition="amur_2022")
    notices = fill_growth([r170, amur], SPEC.edition("amur_2022"), previous, SPEC)
    assert r170.figures[0].denominator is None
    assert amur.figures[0].denominator == 30.0 and len(notices) == 1
