"""`xl-roadmap consolidate`: a tie of periods or levels is said (terminal, --json, «Реестр»), --period and
--level choose; and a school that chose П-codes without their names is not rejected for it. Real books are
written and read back."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from tests.support.cli import invoke
from tests.support.district import AS_OF, REGISTER, SPEC, clean_plan, write_plan
from xl_roadmap.spec.vocabulary import BookStatus, OrgKind

ARGS = ("--as-of", AS_OF.isoformat(), "--org-name", "УО", "--org-code", "УО-1", "--signatory", "Петров П.П.",
        "--contact", "тел.")


def _book(folder: Path, index: int, **org) -> Path:
    plan = clean_plan(index)
    plan.content.organisation.update(org)
    return write_plan(plan, folder / f"{plan.content.organisation['org_code']}.xlsx")


def _consolidate(folder: Path, out: Path, *more: str):
    result = invoke("consolidate", str(folder), "-o", str(out), *ARGS, "--json", *more)
    return result, (json.loads(result.stdout) if result.stdout.strip().startswith("{") else None)


def _register_reasons(out: Path) -> list[str]:
    ws = openpyxl.load_workbook(out, read_only=True)[REGISTER]
    return [str(v) for row in ws.iter_rows(values_only=True) for v in row if isinstance(v, str)]


@pytest.fixture(scope="module")
def two_periods(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("periods")
    _book(folder, 0)
    _book(folder, 1, period="2023-2024")
    return folder


def test_a_tie_of_periods_is_printed_in_json_and_on_the_register(two_periods, tmp_path):
    out = tmp_path / "свод.xlsx"
    result, d = _consolidate(two_periods, out)
    assert result.exit_code == 1, result.stderr            # one book is rejected: of the other period
    [notice] = d["notices"]
    assert notice["kind"] == "period-tie" and notice["option"] == "--period"
    assert notice["tied"] == [{"value": "2023-2024", "books": 1}, {"value": "2024-2025", "books": 1}]
    assert "Внимание: Поровну книг за разные отчётные периоды" in result.stderr
    assert "--period 2023-2024 или --period 2024-2025" in result.stderr
    assert notice["message"] in _register_reasons(out)


def test_the_period_option_ends_the_tie(two_periods, tmp_path):
    out = tmp_path / "свод.xlsx"
    result, d = _consolidate(two_periods, out, "--period", "2024-2025")
    assert d["notices"] == [] and "Поровну" not in result.stderr
    by_status = {s["status"]: s for s in d["submissions"]}
    assert "другой отчётный период «2023-2024»" in by_status[BookStatus.REJECTED]["reason"]
    assert not any("Поровну" in r for r in _register_reasons(out))


@pytest.fixture(scope="module")
def two_levels(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("levels")
    _book(folder, 0)
    _book(folder, 1, org_kind=OrgKind.DISTRICT, org_code="УО-7")
    return folder


def test_a_tie_of_levels_is_reported_and_the_level_option_chooses(two_levels, tmp_path):
    result, d = _consolidate(two_levels, tmp_path / "a.xlsx")
    assert [n["kind"] for n in d["notices"]] == ["level-tie"]
    assert "--level ОО или --level УО" in d["notices"][0]["message"] and "Внимание: Поровну книг разных уровней" \
        in result.stderr
    result, d = _consolidate(two_levels, tmp_path / "b.xlsx", "--level", "УО")
    assert d["notices"] == []
    by_code = {s["code"]: s for s in d["submissions"]}
    assert by_code["УО-7"]["status"] != BookStatus.REJECTED
    school = clean_plan(0).content.organisation["org_code"]
    assert by_code[school]["status"] == BookStatus.REJECTED
    assert by_code[school]["reason"].startswith("книга ОО среди сводов уровня «УО»")
    assert result.exit_code == 1


def test_an_unknown_level_is_a_russian_usage_error(two_levels, tmp_path):
    result = invoke("consolidate", str(two_levels), "-o", str(tmp_path / "c.xlsx"), "--level", "школа")
    assert result.exit_code == 2 and "«школа» — укажите ОО, УО, регион" in result.stderr
    assert not (tmp_path / "c.xlsx").exists()


def test_help_names_the_level_option():
    result = invoke("consolidate", "--help")
    assert "--level" in result.stdout and "своды районов" in result.stdout


# -- П5 chosen without its name ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def nameless(tmp_path_factory) -> tuple[Path, int, str]:
    """A school book whose first indicator row has its code but no name."""
    folder = tmp_path_factory.mktemp("nameless")
    plan = clean_plan(0)
    plan.content.indicators[0]["name"] = None
    write_plan(plan, folder / "ОО-01.xlsx")
    return folder, 0, plan.content.indicators[0]["code"]


def test_a_code_without_its_name_is_a_note_and_the_copy_gets_the_catalogue_name(nameless, tmp_path):
    folder, i, code = nameless
    catalogue_name = SPEC.edition().get(code).name
    copy = tmp_path / "копия.xlsx"
    result = invoke("validate", str(folder / "ОО-01.xlsx"), "--as-of", AS_OF.isoformat(), "--json",
                    "--report", str(copy))
    assert result.exit_code == 0, result.stdout                  # no error: the book may be sent
    [finding] = json.loads(result.stdout)["files"][0]["findings"]
    assert finding["code"] == "indicator-name-from-catalogue" and finding["severity"] == "замечание"
    assert catalogue_name in finding["message"]
    ind = SPEC.sheet("indicators")
    ws = openpyxl.load_workbook(copy)[ind.name]
    assert ws.cell(SPEC.first_data_row + i, ind.column_index("name") + 1).value == catalogue_name
    source = openpyxl.load_workbook(folder / "ОО-01.xlsx")[ind.name]          # the input stays as it was
    assert source.cell(SPEC.first_data_row + i, ind.column_index("name") + 1).value in (None, "")


def test_a_code_without_its_name_is_accepted_into_the_rollup_under_the_catalogue_name(nameless, tmp_path):
    folder, _, code = nameless
    out = tmp_path / "свод.xlsx"
    result, d = _consolidate(folder, out)
    assert result.exit_code == 0, result.stderr
    assert [s["status"] for s in d["submissions"]] == [BookStatus.ACCEPTED_WITH_REMARKS]
    ind = SPEC.sheet("indicators")
    ws = openpyxl.load_workbook(out, read_only=True)[ind.name]
    names = {r[ind.column_index("code")]: r[ind.column_index("name")]
             for r in ws.iter_rows(min_row=SPEC.first_data_row, values_only=True)}
    assert names[code] == SPEC.edition().get(code).name
