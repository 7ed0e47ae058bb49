"""``xl-roadmap next-period``: this period's book → the next period's. Unfinished actions are carried with their
numbers, values and evidence (a deadline that has passed moves into the comment and its cell is left empty, so
validate names each action to re-plan); finished and cancelled ones and their evidence are left out and counted;
the indicators come again for the new period with last period's value beside them; per-period «Сведения» are
emptied. Every carried value is checked at its new cell, and nothing else is in the new book's input cells."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from tests.support.books import INPUT_SHEETS, assert_recalculated_as_python, cells, input_rows
from tests.support.cli import invoke, sha
from tests.support.filling import fill, org_address
from tests.support.seed_rows import ORGANISATION
from xl_roadmap.app.next_period import next_period_file
from xl_roadmap.app.templates import build_template
from xl_roadmap.app.validate import validate_path
from xl_roadmap.core import formulas
from xl_roadmap.core.addresses import address
from xl_roadmap.io.workbook_file import read_workbook
from xl_roadmap.spec import default_spec

SPEC = default_spec()
OLD, NEW = "2024-2025", "2025-2026"

ACTIONS = [
    {"no": "1", "codes": "П11", "level": "ОО", "action": "Анализ результатов ГИА-2024",
     "deadline": "до 1 сентября 2024 года", "responsible": "Кузнецова Е.А.", "result": "справка",
     "status": "выполнено", "completion_date": date(2024, 8, 30)},
    {"no": "2", "codes": "П12", "level": "ОО", "action": "Открыть группы продлённого дня", "deadline": "до 01.12.2024",
     "responsible": "Смирнова О.В.", "result": "приказ", "status": "в работе", "comment": "ждём ставку"},
    {"no": "3", "codes": "П25", "level": "ОО", "action": "Участие во ВсОШ", "deadline": "ежеквартально",
     "responsible": "Петрова Н.В.", "result": "протоколы", "status": "не начато"},
    {"no": "4", "codes": "П18", "level": "ОО", "action": "Курсы по ФОП", "deadline": "в течение года",
     "responsible": "руководители ШМО", "status": "Отменено"},
    {"no": "5", "codes": "П13", "level": "ОО", "action": "Ремонт кабинета химии", "deadline": date(2025, 3, 1),
     "responsible": "Смирнова О.В.", "status": "перенесено", "deadline_end": date(2025, 3, 1),
     "deadline_state": "просрочено"},
    {"no": "6", "codes": "П14", "level": "ОО", "action": "Родительское собрание", "deadline": "сентябрь",
     "responsible": "Петрова Н.В.", "status": "в работе"},
    {"no": "7", "codes": "П11", "level": "ОО", "action": "Разбор ошибок", "deadline": "по итогам ГИА",
     "responsible": "Кузнецова Е.А."},
]
EVIDENCE = [
    {"no": "1", "action_no": "1", "kind": "аналитическая справка", "date": date(2024, 8, 30), "title": "Анализ ГИА",
     "role": "подтверждение"},
    {"no": "2", "action_no": "1", "kind": "протокол совещания / заседания", "date": date(2024, 8, 31),
     "title": "Педсовет", "role": "подтверждение"},
    {"no": "3", "action_no": "2", "kind": "приказ", "number": "279-09", "date": date(2024, 8, 28),
     "title": "Об утверждении дорожной карты", "role": "основание"},
    {"no": "4", "action_no": "4", "kind": "письмо", "date": date(2024, 10, 1), "title": "Курсы отменены",
     "role": "подтверждение"},
    {"no": "5", "action_no": "9", "kind": "справка", "date": date(2024, 12, 1), "title": "Не туда",
     "role": "подтверждение"},
]
CARRIED = ["2", "3", "5", "6", "7"]
REPLANNED = {"2": "до 01.12.2024", "5": "01.03.2025"}


@pytest.fixture
def books(tmp_path) -> dict[str, Path]:
    template = build_template(tmp_path / "blank.xlsx", "school", spec=SPEC)
    n = len(read_workbook(template, SPEC).indicators)
    indicators = [{"period": OLD, "numerator": float(10 + i), "denominator": 100.0, "rank": str(i + 1),
                   "comment": "данные ОО-1"} for i in range(n)]
    indicators.append({"code": "П1", "name": "Повтор за прошлый год", "period": "2023-2024", "numerator": 1.0,
                       "denominator": 2.0})
    indicators.append({"numerator": 3.0, "denominator": 4.0})      # numbers without a code
    old = tmp_path / "2024-2025.xlsx"
    fill(template, old, SPEC, organisation=dict(ORGANISATION, as_of=date(2025, 5, 1)), indicators=indicators,
         actions=ACTIONS, evidence=EVIDENCE)
    return {"old": old, "new": tmp_path / "2025-2026.xlsx"}


def test_unfinished_actions_are_carried_and_finished_ones_counted(books):
    before = sha(books["old"])
    o = next_period_file(books["old"], books["new"], NEW)
    assert o.exit_code == 0, o.lines()
    assert sha(books["old"]) == before
    r = o.result
    assert r.carried == CARRIED
    assert r.closed == {"выполнено": ["1"], "отменено": ["4"]}
    assert (r.evidence_carried, r.evidence_left) == (2, 3)          # № 2's and the orphan; № 1's two, № 4's one
    assert {x.no: x.deadline for x in r.replanned} == REPLANNED
    text = "\n".join(o.lines())
    assert "не перенесено как завершённые: 2 (выполнено 1, отменено 1)" in text
    assert "Подтверждений перенесено: 2; не перенесено (к завершённым мероприятиям): 3" in text
    new = read_workbook(books["new"], SPEC)
    old = read_workbook(books["old"], SPEC)
    assert [a.text("no") for a in new.actions] == CARRIED
    old_by_no = {a.text("no"): a for a in old.actions}
    comment_col = SPEC.sheet("roadmap").column_index("comment")
    for i, a in enumerate(new.actions):
        was = old_by_no[a.text("no")]
        for col in SPEC.sheet("roadmap").columns:
            if col.formula or col.id in ("deadline", "comment", "deadline_end", "deadline_state"):
                continue
            assert a.value(col.id) == was.value(col.id), (a.text("no"), col.id)
        assert a.value("deadline_end") is None and a.value("deadline_state") is None
        no = a.text("no")
        if no in REPLANNED:
            assert a.value("deadline") is None
            note = f"Срок прошлого периода ({OLD}): {REPLANNED[no]}"
            assert a.text("comment") == (f"{was.text('comment')}; {note}" if was.text("comment") else note)
            assert a["comment"].address == address(SPEC.first_data_row + i, comment_col)
        else:
            assert a.value("deadline") == was.value("deadline") and a.value("comment") == was.value("comment")
    kept = [e for e in old.evidence if e.text("action_no") in ("2", "9")]
    assert [e.text("no") for e in new.evidence] == ["1", "2"]          # a running number: 1…n again
    for e, w in zip(new.evidence, kept):
        assert ({k: c.value for k, c in e.cells.items() if k != "no"}
                == {k: c.value for k, c in w.cells.items() if k != "no"})


def test_organisation_and_indicators_for_the_new_period(books):
    o = next_period_file(books["old"], books["new"], NEW)
    new, old = read_workbook(books["new"], SPEC), read_workbook(books["old"], SPEC)
    for fld in SPEC.sheet("organisation").fields:
        if fld.id == "period":
            assert new.org("period") == NEW
        elif fld.per_period or fld.id in ("template_version",):
            assert new.org(fld.id) in (None, SPEC.template_version), fld.id
        else:
            assert new.org(fld.id) == old.org(fld.id), fld.id
    assert set(o.result.cleared) == {"Вид документа", "Номер документа", "Дата документа", "Дата проверки сроков"}
    codes = [r.text("code") for r in old.indicators if r.text("code")]
    assert [r.text("code") for r in new.indicators] == list(dict.fromkeys(codes))      # one row per code, in order
    by_code = {r.text("code"): r for r in old.indicators if r.text("period") == OLD}
    for r in new.indicators:
        was = by_code[r.text("code")]
        assert r.text("period") == NEW and r.value("numerator") is None and r.value("denominator") is None
        assert r.value("rank") is None
        for col_id in ("name", "block", "unit", "norm", "source"):
            assert r.value(col_id) == was.value(col_id), (r.text("code"), col_id)
        value = formulas.indicator_derived({k: c.value for k, c in was.cells.items()}, SPEC.edition())["value"]
        shown = f"{round(value, 3):g}".replace(".", ",")
        assert r.text("comment") == (f"Прошлый период ({OLD}): значение {shown} (числитель "
                                     f"{int(was.value('numerator'))}, знаменатель 100)"), r.text("code")


def test_every_carried_value_is_at_its_cell_and_nothing_else_is_in_the_new_book(books):
    o = next_period_file(books["old"], books["new"], NEW)
    new_cells = {SPEC.sheet(s).name: cells(books["new"], SPEC.sheet(s).name) for s in INPUT_SHEETS}
    fresh = build_template(books["new"].with_name("fresh.xlsx"), "school", spec=SPEC)
    fresh_cells = {SPEC.sheet(s).name: cells(fresh, SPEC.sheet(s).name) for s in INPUT_SHEETS}
    expected_here = {}
    for p in o.result.placed:
        assert _same(new_cells[p.new_sheet].get(p.new_cell), p.value), p
        expected_here[(p.new_sheet, p.new_cell)] = p.value
    road, ind = SPEC.sheet("roadmap"), SPEC.sheet("indicators")
    for x in o.result.replanned:
        expected_here[(road.name, x.comment_cell)] = new_cells[road.name][x.comment_cell]
    for i in range(o.result.indicators):
        for col_id in ("no", "period", "comment"):
            expected_here[(ind.name, address(SPEC.first_data_row + i, ind.column_index(col_id)))] = None
    ev = SPEC.sheet("evidence")
    for i in range(o.result.evidence_carried):
        expected_here[(ev.name, address(SPEC.first_data_row + i, ev.column_index("no")))] = i + 1
    expected_here[("Сведения", org_address(SPEC, "period"))] = NEW
    for sheet_id in INPUT_SHEETS:
        sheet = SPEC.sheet(sheet_id)
        for addr, value in new_cells[sheet.name].items():
            if (sheet.name, addr) in expected_here:
                continue
            # what is neither carried nor the new period's own is the template's: texts, formulas, locked fields
            assert fresh_cells[sheet.name].get(addr) == value, (sheet.name, addr, value)


def _same(got, want) -> bool:
    """openpyxl reads every date cell as a datetime."""
    if isinstance(got, datetime) and not isinstance(want, datetime) and isinstance(want, date):
        return got == datetime(want.year, want.month, want.day)
    return got == want


def test_the_new_book_validates_with_only_the_expected_findings(books):
    next_period_file(books["old"], books["new"], NEW)
    report = validate_path(books["new"], date(2025, 9, 15), SPEC)
    errors = sorted((f.code, f.cell) for f in report.findings if f.severity == "ошибка")
    road = SPEC.sheet("roadmap")
    deadline_cells = [address(SPEC.first_data_row + CARRIED.index(no), road.column_index("deadline"))
                      for no in REPLANNED]
    assert errors == sorted([("action-no-deadline", c) for c in deadline_cells] + [("evidence-orphan", "B5")])
    messages = " ".join(f.message for f in report.findings if f.code == "action-no-deadline")
    assert "№ 2" in messages and "№ 5" in messages
    warnings = {f.code for f in report.findings if f.severity == "предупреждение"}
    assert warnings <= {"indicator-no-data", "evidence-before-period", "action-unknown-indicator"}


def test_the_new_book_recalculates_in_libreoffice_as_python(books, lo_convert):
    next_period_file(books["old"], books["new"], NEW)
    assert input_rows(books["new"], SPEC)["organisation"]["period"] == NEW
    assert assert_recalculated_as_python(books["new"], lo_convert(books["new"], "xlsx"), SPEC, SPEC.edition()) > 20


def test_cli_says_what_was_carried_and_refuses_in_russian(books, tmp_path):
    old, new = str(books["old"]), str(books["new"])
    before = sha(books["old"])
    r = invoke("next-period", old, "-o", new, "--period", NEW)
    assert r.exit_code == 0 and f"Книга периода {NEW} записана" in r.stdout and "№ 2: «до 01.12.2024»" in r.stdout
    r = invoke("next-period", old, "-o", new, "--period", NEW)
    assert r.exit_code == 2 and "уже есть" in r.stderr
    r = invoke("next-period", old, "-o", new, "--period", NEW, "--overwrite", "--json")
    got = json.loads(r.stdout)
    assert r.exit_code == 0 and got["actions_carried"] == CARRIED and got["evidence_left_out"] == 3
    assert got["actions_left_out"] == {"выполнено": ["1"], "отменено": ["4"]}
    r = invoke("next-period", old, "-o", str(tmp_path / "a.xlsx"), "--period", OLD)
    assert r.exit_code == 2 and "не следует за периодом книги" in r.stderr and not (tmp_path / "a.xlsx").exists()
    r = invoke("next-period", old, "-o", str(tmp_path / "b.xlsx"), "--period", "следующий")
    assert r.exit_code == 2 and "укажите год" in r.output
    r = invoke("next-period", str(tmp_path / "нет.xlsx"), "-o", str(tmp_path / "c.xlsx"), "--period", NEW)
    assert r.exit_code == 2 and "файл не найден" in r.stderr
    foreign = tmp_path / "отчёт.xlsx"
    foreign.write_bytes(b"PK\x03\x04 not really a zip")
    r = invoke("next-period", str(foreign), "-o", str(tmp_path / "d.xlsx"), "--period", NEW)
    assert r.exit_code == 2 and "повреждён" in r.stderr
    import openpyxl
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Список класса"
    wb.save(foreign)
    r = invoke("next-period", str(foreign), "-o", str(tmp_path / "d.xlsx"), "--period", NEW)
    assert r.exit_code == 2 and "не книга по шаблону xl-roadmap" in r.stderr
    r = invoke("next-period", old, "-o", old, "--period", NEW)
    assert r.exit_code == 2 and "на место исходной" in r.stderr
    assert "Traceback" not in r.output and sha(books["old"]) == before


def _own_column_and_indicator(old: Path) -> int:
    """A person's own column «Мои заметки» on the roadmap (on a closed action's row, a carried one's and a row
    with nothing else), an own indicator «Свой-1» with 5 / 10, and «№» of the indicators numbered 18… as a
    book made from last period's would be. Returns the own indicator's row index."""
    import openpyxl

    from tests.support.filling import set_typed, table_address

    wb = openpyxl.load_workbook(old)
    road = wb[SPEC.sheet("roadmap").name]
    mine = len(SPEC.sheet("roadmap").columns) + 2
    set_typed(road.cell(SPEC.header_row, mine), "Мои заметки")
    for row in (SPEC.first_data_row, SPEC.first_data_row + 1, SPEC.first_data_row + len(ACTIONS) + 3):
        set_typed(road.cell(row, mine), f"заметка {row}")
    ind = wb[SPEC.sheet("indicators").name]
    index = next(i for i in range(200) if ind[table_address(SPEC, "indicators", i, "numerator")].value is None
                 and ind[table_address(SPEC, "indicators", i, "code")].value is None)
    for col_id, value in (("code", "Свой-1"), ("name", "Свой показатель школы"), ("period", OLD),
                          ("numerator", 5.0), ("denominator", 10.0)):
        set_typed(ind[table_address(SPEC, "indicators", index, col_id)], value)
    for i in range(index + 1):
        ind[table_address(SPEC, "indicators", i, "no")] = 18 + i
    wb.save(old)
    return index


def test_own_columns_are_counted_and_own_indicators_keep_their_figures(books):
    _own_column_and_indicator(books["old"])
    o = next_period_file(books["old"], books["new"], NEW)
    assert o.exit_code == 1, o.lines()                      # written, but values stay only in the old book
    assert o.as_json()["columns_left_out"] == [{"sheet": "Дорожная карта", "column": "Мои заметки", "values": 3}]
    assert len(o.as_json()["not_carried"]) == 3
    text = "\n".join(o.lines())
    assert "столбцов, которых нет в шаблоне" in text
    assert "лист «Дорожная карта», столбец «Мои заметки»: значений 3" in text
    new = read_workbook(books["new"], SPEC)
    assert [r.text("no") for r in new.indicators] == [str(i) for i in range(1, len(new.indicators) + 1)]
    own = next(r for r in new.indicators if r.text("code") == "Свой-1")
    assert own.text("comment") == (f"Прошлый период ({OLD}): числитель 5, знаменатель 10 (свой показатель — "
                                   f"значение по правилу книги)")
    assert own.value("numerator") is None and own.text("name") == "Свой показатель школы"
    assert [e.text("no") for e in new.evidence] == ["1", "2"]
    r = invoke("next-period", str(books["old"]), "-o", str(books["new"]), "--period", NEW, "--overwrite")
    assert r.exit_code == 1 and "«Мои заметки»: значений 3" in r.stdout


@pytest.mark.parametrize("typed", [" 2025-2026 ", "2025/2026", "2025–2026", "2025-26", "2025 - 2026 уч. г."])
def test_the_period_is_stored_in_one_spelling(books, typed):
    o = next_period_file(books["old"], books["new"], typed)
    assert o.exit_code == 0, o.lines()
    assert o.period == NEW and f"Книга периода {NEW} записана" in o.lines()[0]
    new = read_workbook(books["new"], SPEC)
    assert new.org("period") == NEW
    assert {r.value("period") for r in new.indicators} == {NEW}


def test_a_period_overlapping_the_books_or_no_period_is_refused(books, tmp_path):
    for typed, words in (("2025", "не следует за периодом книги «2024-2025» (01.09.2024–31.08.2025"),
                         ("2024", "начинается после 31.08.2025"), ("следующий", "не отчётный период")):
        o = next_period_file(books["old"], tmp_path / "x.xlsx", typed)
        assert o.exit_code == 2 and words in o.lines()[0], (typed, o.lines())
        assert not (tmp_path / "x.xlsx").exists()
    r = invoke("next-period", str(books["old"]), "-o", str(tmp_path / "x.xlsx"), "--period", "2025")
    assert r.exit_code == 2 and "не следует за периодом книги" in r.stderr and "Traceback" not in r.output
    assert next_period_file(books["old"], tmp_path / "y.xlsx", "2026").exit_code == 0     # 01.01.2026: after


def test_a_rollup_is_refused_and_a_districts_plan_is_carried(books, tmp_path):
    from xl_roadmap.app.consolidate import consolidate, write_rollup

    rollup = write_rollup(consolidate([books["old"]], as_of=date(2025, 5, 1), workers=1), tmp_path / "свод.xlsx",
                          {"org_name": "Управление образования"})
    before = sha(rollup)
    r = invoke("next-period", str(rollup), "-o", str(tmp_path / "np.xlsx"), "--period", NEW)
    assert r.exit_code == 2 and "это свод (УО: в книге лист «Реестр»)" in r.stderr
    assert "новый свод" in r.stderr and not (tmp_path / "np.xlsx").exists() and sha(rollup) == before
    plan = tmp_path / "план района.xlsx"
    fill(build_template(tmp_path / "district.xlsx", "district", spec=SPEC), plan, SPEC,
         organisation={"org_name": "Управление образования", "period": OLD}, actions=ACTIONS[1:3])
    o = next_period_file(plan, tmp_path / "план 2.xlsx", NEW)
    assert o.exit_code == 0 and o.result.carried == ["2", "3"], o.lines()
