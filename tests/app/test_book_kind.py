"""Which workbook the ribbon may act on (app/book_kind.py), on literal rows: ours is a «Сведения» form with
the template's «Версия шаблона» row — found by name or, renamed, by its labels; a roll-up is УО or регион."""

from __future__ import annotations

import pytest

from tests.support.district import SPEC
from tests.support.grids import LiteralGrids, _form
from xl_roadmap.app.book_kind import ANY, ROLLUP, book_kind, refusal
from xl_roadmap.spec.vocabulary import OrgKind

FORM = SPEC.sheet("organisation")


def _book(**org) -> LiteralGrids:
    return LiteralGrids({FORM.name: _form(SPEC, org), "Лист1": [["что-то своё"]]})


@pytest.mark.parametrize("kind, rollup", [(OrgKind.SCHOOL, False), (OrgKind.PRESCHOOL, False),
                                          (OrgKind.DISTRICT, True), (OrgKind.REGION, True), ("", False)])
def test_the_kind_is_the_org_kind_field(kind, rollup):
    found = book_kind(_book(org_kind=kind, inputs_folder="  D:\\Книги ОО "))
    assert found.ours and found.rollup is rollup
    assert found.inputs_folder == "D:\\Книги ОО"
    assert (refusal(found, "к.xlsx", ROLLUP, "Свести папку") is None) is rollup
    assert refusal(found, "к.xlsx", ANY, "Проверить") is None


def test_a_renamed_form_is_still_ours_and_its_cell_is_named():
    found = book_kind(_book(org_kind=OrgKind.SCHOOL).rename(FORM.name, "Сведения (2)"))
    assert found.ours and found.kind_cell.startswith("Сведения (2)!B")
    text = refusal(found, "школа.xlsx", ROLLUP, "Свести папку")
    assert f"тип «{OrgKind.SCHOOL}» в ячейке {found.kind_cell}" in text


def test_a_sheet_called_svedeniya_without_our_rows_is_not_ours():
    grids = LiteralGrids({FORM.name: [["Статья", "Сумма"], ["Наименование организации", "МОУ СОШ № 1"]]})
    found = book_kind(grids)
    assert not found.ours
    assert refusal(found, "бюджет.xlsx", ANY, "Проверить").startswith("Активная книга «бюджет.xlsx» — не книга")


def test_a_form_without_the_template_version_row_is_not_ours():
    rows = [r for r in _form(SPEC, {"org_kind": OrgKind.SCHOOL})
            if not str(r[0]).startswith(FORM.field("template_version").label)]
    assert not book_kind(LiteralGrids({FORM.name: rows})).ours
