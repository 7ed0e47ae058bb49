"""``import`` on plans in the shapes real orders take beyond the three seeds (tests/support/word_shapes.py):
«N» over the numbers, a programme's one-row header, lists of steps in one cell, indicator rows and lists
beside the roadmap, numbering that starts again in each section, requisites of a legal database's annex and
an issuer's name over three lines — each written to a workbook whose «Импорт» sheet says what was done,
linked to the cell it concerns."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest

from tests.support import word_shapes as ws
from tests.support.district import SPEC
from tests.support.filling import org_address, table_address
from xl_roadmap.app.import_document import import_document
from xl_roadmap.io.workbook_file import read_workbook

WORDS = SPEC.word_import
READ_ERRORS = {"sheet-missing", "header-missing", "column-missing"}


def _import(tmp_path, build, **options):
    source = build(tmp_path / f"{build.__name__}.docx", **options)
    outcome = import_document(source, tmp_path / f"{build.__name__}.xlsx")
    assert outcome.output is not None, outcome.reason
    data = read_workbook(outcome.output, SPEC)
    assert not [i for i in data.issues if i.code in READ_ERRORS]
    return outcome, data


def _rows(data) -> list[tuple[str, str, str, str]]:
    return [(a.text("no"), a.text("action"), a.text("deadline"), a.text("responsible")) for a in data.actions]


def _notes(outcome) -> list[tuple[str, str, str | None]]:
    """The «Импорт» sheet as (what was done, details, the cell it links to as «Лист!A1»)."""
    sheet = openpyxl.load_workbook(outcome.output)[WORDS.sheet_name]
    out = []
    for row in sheet.iter_rows(min_row=3):
        link = row[4].hyperlink.location.replace("'", "") if row[4].hyperlink is not None else None
        out.append((row[1].value, row[3].value, link))
    return out


def _cell(sheet: str, index: int, column: str) -> str:
    return f"{SPEC.sheet(sheet).name}!{table_address(SPEC, sheet, index, column)}"


def _titled(notes, kind: str):
    return [n for n in notes if n[0] == WORDS.title(kind)]


@pytest.mark.parametrize("header", ["N", "N п/п", "No.", "№ п/п", "п/п"])
def test_a_number_sign_of_any_alphabet_is_the_number_column(tmp_path, header):
    outcome, data = _import(tmp_path, ws.legal_database, header=header)
    assert _rows(data) == [(no.rstrip("."), action, deadline, who) for no, action, deadline, who in ws.LEGAL_ROWS]
    notes = _notes(outcome)
    assert not _titled(notes, "column-kept") and not _titled(notes, "number-assigned")


def test_an_annex_without_requisites_of_its_own_is_filed_under_the_act_it_belongs_to(tmp_path):
    """«Приложение к приказу министерства … от … N …» over the plan and no issuer above it: the ministry whose
    order it is (in the nominative), a region's body, the order's date and number — said on «Импорт»."""
    outcome, _ = _import(tmp_path, ws.legal_database)
    org = outcome.plan.organisation
    assert org["org_name"] == "Министерство образования Кировской области" and org["org_kind"] == "регион"
    assert (org["doc_kind"], org["doc_date"], org["doc_number"], org["period"]) == \
        ("приказ", date(2024, 3, 12), "345", "2024")
    (note,) = _titled(_notes(outcome), "issuer-from-act")
    assert "к приказу министерства образования Кировской области" in note[1]
    assert note[2] == f"{SPEC.sheet('organisation').name}!{org_address(SPEC, 'org_name')}"
    assert not _titled(_notes(outcome), "details-missing")


@pytest.mark.parametrize("two_rows", [False, True])
def test_a_programmes_plan_is_read_from_one_header_row_as_from_two(tmp_path, two_rows):
    outcome, data = _import(tmp_path, ws.programme, two_row_header=two_rows)
    assert _rows(data) == [(no, action, f"{start} – {end}", who)
                           for no, action, who, start, end, *_ in ws.PROGRAMME_ROWS[1:]]
    assert [a.text("result") for a in data.actions] == [r[5] for r in ws.PROGRAMME_ROWS[1:]]
    assert {a.text("section") for a in data.actions} == {ws.PROGRAMME_ROWS[0].text}
    # the money by year has no column in the template: kept in the comment, each column said once
    assert [a.text("comment").split("\n")[0].endswith(f"2025: {r[6]}") for a, r in
            zip(data.actions, ws.PROGRAMME_ROWS[1:])] == [True] * 3
    kept = _titled(_notes(outcome), "column-kept")
    assert len(kept) == 2 and all(link == _cell("roadmap", 0, "comment") for _, _, link in kept)
    assert outcome.plan.organisation["org_name"] == "Администрация Заречного муниципального района"


def test_a_numbered_list_in_one_cell_is_one_action_per_step(tmp_path):
    outcome, data = _import(tmp_path, ws.school_lists)
    uvr, shmo = "Зам. директора по УВР", "Руководитель ШМО"
    assert _rows(data) == [
        ("1.1", "Анализ результатов ВПР.", "сентябрь 2024", uvr),
        ("1.2", "Корректировка рабочих программ.", "сентябрь 2024", uvr),
        ("1.3", "Педагогический совет по итогам ВПР.", "сентябрь 2024", uvr),
        ("2", "Курсы повышения квалификации учителей начальных классов", "в течение года", "Директор"),
        ("3.1", "Входная диагностика по математике;", "октябрь 2024", shmo),
        ("3.2", "Промежуточная диагностика;", "декабрь 2024", shmo),
        ("3.3", "Итоговая диагностика;", "апрель 2025", shmo),
        ("3.4", "Отчёт на методическом совете", "май 2025", shmo),
        # two names over two steps are both responsible for each: the deadline is the cell's
        ("4.1", "ВсОШ\nШкольный этап олимпиады.", "сентябрь - декабрь 2024", f"{uvr}\nучителя-предметники"),
        ("4.2", "ВсОШ\nУчастие в муниципальном этапе.", "сентябрь - декабрь 2024", f"{uvr}\nучителя-предметники"),
    ]
    assert {a.text("level") for a in data.actions} == {"ОО"}          # a school's own plan
    notes = _notes(outcome)
    splits = _titled(notes, "list-split")            # one line per split cell, linked to its first step
    assert [(link, "1.1–1.3" in what or "3.1–3.4" in what or "4.1–4.2" in what) for _, what, link in splits] == [
        (_cell("roadmap", 0, "action"), True), (_cell("roadmap", 4, "action"), True),
        (_cell("roadmap", 8, "action"), True)]
    assert sum("свой срок" in what for _, what, _ in splits) == 1      # step 3's deadlines are its own


def test_a_list_in_a_plan_numbered_on_two_levels_takes_letters(tmp_path):
    outcome, data = _import(tmp_path, ws.two_level_lists)
    assert [a[0] for a in _rows(data)] == ["1.1", "1.2а", "1.2б", "2.1"]
    assert [a[1] for a in _rows(data)][1:3] == ["Анализ итогов ГИА.", "План работы с обучающимися группы риска."]
    (split,) = _titled(_notes(outcome), "list-split")
    assert "1.2а–1.2б" in split[1] and split[2] == _cell("roadmap", 1, "action")


def test_indicator_rows_keep_their_periodicity_and_section_rows_are_sections(tmp_path):
    outcome, data = _import(tmp_path, ws.indicators_beside)
    assert _rows(data) == [(no, action, deadline, who) for no, _, action, deadline, who in ws.MIXED_ROWS if action]
    notes = _notes(outcome)
    assert not _titled(notes, "action-empty")          # an indicator's row is not an action without text
    (note,) = _titled(notes, "indicator-row")
    assert note[1].startswith("2 строк")
    plan = outcome.plan
    written = [plan.indicators[i] for i in plan.written_rows]
    names = [r["name"] for r in written]
    # every written row is an indicator with its name: none is a section heading, none is nameless
    assert len(written) == 6 and all(names)
    assert not [n for n in names if n.startswith(("1. Создание", "Развитие", "2. Воспитание"))]
    by_name = {r["name"][:20]: r["comment"] for r in written if not r.get("code")}
    assert "периодичность: 2 раза в год" in by_name["Доля детей от 5 до 1"]
    assert "ответственный: Специалист УО" in by_name["Доля детей от 5 до 1"]
    linked = [r for r in written if r.get("code")]          # the roadmap's own indicator rows
    assert [("периодичность: 2 раза в год" in r["comment"], "периодичность: 1 раз в год" in r["comment"])
            for r in linked] == [(True, False), (False, True)]
    # the sheet keeps them: the comment column of «Показатели»
    rows = read_workbook(outcome.output, SPEC).indicators
    assert sum("периодичность:" in r.text("comment") for r in rows) == 6


def test_numbering_that_restarts_in_each_section_is_qualified_by_the_section(tmp_path):
    outcome, data = _import(tmp_path, ws.restarting_numbers)
    assert [(a.text("no"), a.text("section")) for a in data.actions] == [
        ("1.1", "1. Организационно-методическая работа"), ("1.2", "1. Организационно-методическая работа"),
        ("2.1", "2. Работа со школами с низкими результатами"), ("2.2", "2. Работа со школами с низкими результатами"),
        ("2.3", "2. Работа со школами с низкими результатами"),
        ("3.1", "Работа с родителями")]               # a section without a number: its place among them
    notes = _notes(outcome)
    (note,) = _titled(notes, "numbers-by-section")
    assert "«1»" in note[1] and "«2.1»" in note[1] and note[2] == _cell("roadmap", 2, "no")
    assert not _titled(notes, "numbers-unique")


def test_an_issuer_in_capitals_over_three_lines(tmp_path):
    outcome, _ = _import(tmp_path, ws.restarting_numbers)
    org = outcome.plan.organisation
    assert org["org_name"] == ("Управление образования, молодежной политики и спорта администрации Заречного "
                               "муниципального округа Кировской области")
    assert (org["municipality"], org["region"]) == ("Заречный муниципальный округ", "Кировская область")
    assert (org["doc_kind"], org["doc_number"], org["period"]) == ("приказ", "301-од", "2024-2025")


def test_a_number_given_to_a_row_without_one_links_to_the_number_cell(tmp_path):
    from tests.support import word_fixtures as wf

    seed = wf.strezhevoy(tmp_path)            # a plan without a number column
    outcome = import_document(seed.path, tmp_path / "s.xlsx")
    assigned = _titled(_notes(outcome), "number-assigned")
    assert len(assigned) == 16
    first_of_row = [i for i, a in enumerate(outcome.plan.actions) if a["no"] in ("1.1", "4")]
    assert [link for _, _, link in assigned[:1] + assigned[3:4]] == [_cell("roadmap", i, "no") for i in first_of_row]
