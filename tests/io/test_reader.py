"""Reading a filled workbook back: exactly the values written, each with its sheet and cell; what people do
to workbooks (text numbers, "13,5%", text dates, blank rows, extra columns, moved columns) is tolerated."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest

from tests.support.filling import fill, set_typed, table_address
from tests.support.seed_rows import ACTIONS, EVIDENCE, ORGANISATION
from xl_roadmap.io.workbook_file import read_workbook
from xl_roadmap.spec import default_spec
from xl_roadmap.app.templates import build_template

SPEC = default_spec()


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build_template(tmp_path_factory.mktemp("tpl") / "school.xlsx", "school", spec=SPEC)


def test_round_trip_values_and_addresses(template, tmp_path):
    out = tmp_path / "filled.xlsx"
    where = fill(template, out, SPEC, organisation=ORGANISATION, actions=ACTIONS, evidence=EVIDENCE)
    data = read_workbook(out, SPEC)
    org_sheet = SPEC.sheet("organisation").name
    for field_id, value in ORGANISATION.items():
        cell = data.organisation[field_id]
        assert (cell.value, cell.sheet, cell.address) == (value, org_sheet, where[("organisation", 0, field_id)])
    assert len(data.actions) == len(ACTIONS)
    for i, row in enumerate(ACTIONS):
        for col_id, value in row.items():
            cell = data.actions[i][col_id]
            assert cell.address == where[("roadmap", i, col_id)]
            assert cell.value == (value if value != "" else None), (i, col_id)
    assert len(data.evidence) == len(EVIDENCE)
    for i, row in enumerate(EVIDENCE):
        for col_id, value in row.items():
            assert data.evidence[i][col_id].value == value
            assert data.evidence[i][col_id].address == where[("evidence", i, col_id)]
    # indicators: the template's pre-filled rows come back with their codes and catalogue norms
    codes = [r.text("code") for r in data.indicators]
    assert codes and codes == [i.code for i in SPEC.edition().indicators if i.source_level == "school"]
    assert not data.issues


@pytest.mark.parametrize("typed, value, note", [
    ("13,5", 13.5, "text_number"),
    ("1 234", 1234.0, "text_number"),
    ("1\u00a0234,5", 1234.5, "text_number"),
    ("13,5%", 13.5, "percent_sign"),
    (" 42 ", 42.0, "text_number"),
    ("много", None, "not_a_number"),
    (7.25, 7.25, None),
])
def test_numbers_typed_as_text(template, tmp_path, typed, value, note):
    out = tmp_path / "n.xlsx"
    fill(template, out, SPEC, indicators=[{"numerator": typed, "period": "2024"}])
    cell = read_workbook(out, SPEC).indicators[0]["numerator"]
    assert (cell.value, cell.note) == (value, note)
    assert cell.raw is not None      # what the person typed is kept for the message
    assert cell.address == table_address(SPEC, "indicators", 0, "numerator")


@pytest.mark.parametrize("typed, value, note", [
    ("15.09.2024", date(2024, 9, 15), "text_date"),
    ("15.09.2024 г.", date(2024, 9, 15), "text_date"),
    ("2024-09-15", date(2024, 9, 15), "text_date"),
    ("15 марта 2024 г.", date(2024, 3, 15), "text_date"),       # how orders write their dates
    ("«1» сентября 2024 года", date(2024, 9, 1), "text_date"),
    ("31 февраля 2024 г.", None, "not_a_date"),
    (date(2024, 9, 15), date(2024, 9, 15), None),
    ("вчера", None, "not_a_date"),
])
def test_dates_typed_as_text(template, tmp_path, typed, value, note):
    out = tmp_path / "d.xlsx"
    fill(template, out, SPEC, evidence=[{"action_no": "1", "date": typed, "title": "Приказ"}])
    cell = read_workbook(out, SPEC).evidence[0]["date"]
    assert (cell.value, cell.note) == (value, note)


def test_blank_rows_trailing_spaces_and_extra_columns(template, tmp_path):
    out = tmp_path / "messy.xlsx"
    rows = [dict(ACTIONS[0]), {}, {}, dict(ACTIONS[1], responsible="  директор Смирнова О.В.   ")]
    fill(template, out, SPEC, actions=rows)
    wb = openpyxl.load_workbook(out)
    ws = wb[SPEC.sheet("roadmap").name]
    extra_col = len(SPEC.sheet("roadmap").columns) + 3
    set_typed(ws.cell(SPEC.header_row, extra_col), "Моя пометка")
    set_typed(ws.cell(SPEC.first_data_row, extra_col), "не трогать")
    wb.save(out)
    data = read_workbook(out, SPEC)
    assert [r.text("no") for r in data.actions] == ["1", "2"]
    assert data.actions[1]["responsible"].value == "директор Смирнова О.В."
    assert data.actions[1].row == SPEC.first_data_row + 3
    assert not data.issues


def test_moved_column_found_by_header(template, tmp_path):
    out = tmp_path / "moved.xlsx"
    fill(template, out, SPEC, actions=ACTIONS[:2])
    wb = openpyxl.load_workbook(out)
    ws = wb[SPEC.sheet("roadmap").name]
    ws.protection.sheet = False
    ws.insert_cols(2)            # someone inserted a column before «Код(ы) показателя»
    wb.save(out)
    data = read_workbook(out, SPEC)
    assert data.actions[0].text("action") == ACTIONS[0]["action"]
    assert data.actions[0]["deadline"].address.startswith("G")
    assert {i.code for i in data.issues} == {"column-moved"}


def test_renamed_sheet_located_by_headers(template, tmp_path):
    out = tmp_path / "renamed.xlsx"
    fill(template, out, SPEC, actions=ACTIONS[:1])
    wb = openpyxl.load_workbook(out)
    wb[SPEC.sheet("roadmap").name].title = "ДК школы"
    wb.save(out)
    data = read_workbook(out, SPEC)
    assert data.actions[0].sheet == "ДК школы"
    assert [i.code for i in data.issues] == ["sheet-renamed"]
