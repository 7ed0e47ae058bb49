"""The meaning of a Word table, over plain ``core.document`` values (no files): header words, level groups,
section and continuation rows, lists inside cells, numbers as text, indicators written into name cells,
«Сведения» from the prose — and every repair reported."""

from __future__ import annotations

from datetime import date

import pytest

from xl_roadmap.core.document import (
    MERGED_LEFT,
    MERGED_UP,
    DocCell,
    DocTable,
    DocumentText,
)
from xl_roadmap.core.word_import import ImportRefused, interpret
from xl_roadmap.core.word_import.indicators import read_name
from xl_roadmap.core.word_import.prose import read_requisites
from xl_roadmap.core.word_import.text import list_items, row_number
from xl_roadmap.spec import default_spec

SPEC = default_spec()


def cell(text: str = "", merged: str | None = None) -> DocCell:
    return DocCell(text=text, paragraphs=tuple(p for p in text.split("\n") if p), merged=merged)


def row(*texts: str) -> tuple[DocCell, ...]:
    return tuple(cell(t) for t in texts)


def spanning(text: str, width: int) -> tuple[DocCell, ...]:
    return (cell(text),) + tuple(cell(text, MERGED_LEFT) for _ in range(width - 1))


def document(*tables: list[tuple[DocCell, ...]], paragraphs: tuple[str, ...] = ()) -> DocumentText:
    return DocumentText(path="plan.docx", paragraphs=paragraphs,
                        tables=tuple(DocTable(i, tuple(rows)) for i, rows in enumerate(tables)))


SIMPLE_HEAD = row("№", "Мероприятие", "Срок исполнения", "Ответственный", "Отчётная документация")


def kinds(plan) -> list[str]:
    return [r.kind for r in plan.repairs]


def test_columns_are_found_by_header_words_not_position():
    head = row("Ответственные исполнители", "Сроки реализации", "№ п/п", "Содержание работы")
    body = row("Иванова И.И.", "до 01.09.2024", "1.10.", "Провести совещание")
    plan = interpret(document([head, body]), SPEC, level="УО")
    (a,) = plan.actions
    assert (a["no"], a["action"], a["deadline"], a["responsible"]) == \
        ("1.10", "Провести совещание", "до 01.09.2024", "Иванова И.И.")


def test_numbers_stay_text_and_gaps_are_kept():
    rows = [SIMPLE_HEAD] + [row(n, f"Мероприятие {n}", "в течение года", "УО", "") for n in ("1.1.", "1.10.", "4.3", "4.5.")]
    plan = interpret(document(rows), SPEC, level="УО")
    assert [a["no"] for a in plan.actions] == ["1.1", "1.10", "4.3", "4.5"]


def test_three_row_header_with_levels_and_unnamed_responsible_columns():
    """The Kalininsky layout: two level groups side by side, their responsible columns without a header."""
    w = 8
    r0 = (cell("№"), cell("Наименование показателя"), cell("Мероприятия")) + tuple(cell("Мероприятия", MERGED_LEFT)
                                                                                  for _ in range(5))
    r1 = (cell("№", MERGED_UP), cell("Наименование показателя", MERGED_UP), cell("На уровне ОО"),
          cell("На уровне ОО", MERGED_LEFT), cell("На уровне ОО", MERGED_LEFT), cell("На уровне УО"),
          cell("На уровне УО", MERGED_LEFT), cell("На уровне УО", MERGED_LEFT))
    r2 = (cell("№", MERGED_UP), cell("Наименование показателя", MERGED_UP), cell("Мероприятие"), cell("Срок исполнения"),
          cell(""), cell("Мероприятие"), cell("Срок исполнения"), cell(""))
    body = row("3", "(П18) Достижение минимального уровня подготовки", "Анализ ВПР", "Сентябрь 2024г.",
               "Руководители ОО", "Методическая помощь", "В течение года", "ИМО")
    plan = interpret(document([r0, r1, r2, spanning("2. Показатели результатов", w), body]), SPEC)
    school, district = plan.actions
    assert (school["no"], school["level"], school["responsible"], school["section"]) == \
        ("3.1", "ОО", "Руководители ОО", "2. Показатели результатов")
    assert (district["no"], district["level"], district["deadline"], district["responsible"]) == \
        ("3.2", "УО", "В течение года", "ИМО")
    assert school["codes"] == district["codes"] == "П18"
    assert kinds(plan).count("column-guessed") == 2      # the two unnamed columns, each reported
    assert plan.organisation["org_kind"] == "УО"


def test_section_rows_are_sections_never_actions():
    rows = [SIMPLE_HEAD, spanning("Мониторинг качества подготовки обучающихся", 5),
            row("1.1.", "Анализ", "июль 2025", "УО", "справка"),
            (cell("2."),) + spanning("Работа со школами с низкими результатами", 4),
            row("2.1.", "Семинар", "май 2025", "УО", "протокол")]
    plan = interpret(document(rows), SPEC, level="УО")
    assert [(a["no"], a["section"]) for a in plan.actions] == [
        ("1.1", "Мониторинг качества подготовки обучающихся"), ("2.1", "2. Работа со школами с низкими результатами")]


def test_continuation_rows_are_joined_and_reported():
    rows = [SIMPLE_HEAD, row("1", "Самодиагностика", "в течение", "Руководитель", "Согласование"),
            row("", "школ региона", "года", "и ОО", "программ развития"),
            row("2", "Курсы", "2024", "УО", "")]
    plan = interpret(document(rows), SPEC, level="УО")
    first = plan.actions[0]
    assert (first["action"], first["deadline"], first["responsible"], first["result"]) == \
        ("Самодиагностика школ региона", "в течение года", "Руководитель и ОО", "Согласование программ развития")
    joined = [r for r in plan.repairs if r.kind == "continuation-joined"]
    assert len(joined) == 1 and joined[0].where == "таблица 1, строка 3" and joined[0].target == ("roadmap", 0, "action")
    assert len(plan.actions) == 2


def test_a_numbered_list_in_one_cell_is_one_action_per_item_each_split_cell_reported():
    rows = [SIMPLE_HEAD,
            row("1", "1. Анализ\n2. Семинар\n3. Отчёт", "май 2025\nиюнь 2025\nиюль 2025", "УО", ""),
            row("2", "1. Первое 2. Второе", "в течение года", "ИМО", ""),
            row("3", "Совещание: 1 раз в квартал", "2025", "УО", "")]
    plan = interpret(document(rows), SPEC, level="УО")
    assert [(a["no"], a["action"], a["deadline"], a["responsible"]) for a in plan.actions] == [
        ("1.1", "Анализ", "май 2025", "УО"), ("1.2", "Семинар", "июнь 2025", "УО"), ("1.3", "Отчёт", "июль 2025", "УО"),
        ("2.1", "Первое", "в течение года", "ИМО"), ("2.2", "Второе", "в течение года", "ИМО"),
        ("3", "Совещание: 1 раз в квартал", "2025", "УО")]
    splits = [r for r in plan.repairs if r.kind.startswith("list-split")]
    assert [(r.kind, r.target) for r in splits] == [("list-split-deadlines", ("roadmap", 0, "action")),
                                                    ("list-split", ("roadmap", 3, "action"))]
    assert "1.1–1.3" in splits[0].what and "2.1–2.2" in splits[1].what


def test_html_left_in_a_cell_is_removed_and_an_inline_list_is_found():
    text = '<ol style="list-style-type: none"> 1. Организация работы. 2. Проведение конкурса.</ol>'
    rows = [SIMPLE_HEAD, row("1", text, "<p>апрель 2022</p><p>май 2022</p>", "Иванова И.И.", "")]
    plan = interpret(document(rows), SPEC, level="УО")
    assert [a["action"] for a in plan.actions] == ["Организация работы.", "Проведение конкурса."]
    assert "markup-removed" in kinds(plan)
    assert list_items("1. Один. 2. Два. 3. Три") == [("1", "Один."), ("2", "Два."), ("3", "Три")]
    assert list_items("в 2. полугодии") == []


def test_a_list_in_a_cell_is_split_only_where_its_numbers_follow_in_sequence():
    """The same cell read from Word (one paragraph) and from a PDF (lines wrapped before «2.», «3.» … start
    paragraphs): the items are where the sequence goes on, so both give the same two."""
    word = "6. Оснащение МТБ. 2. Проведение уроков 3. Внедрение робототехники 7. Использование оборудования"
    pdf = "6. Оснащение МТБ.\n2. Проведение уроков\n3. Внедрение робототехники\n7. Использование оборудования"
    assert [n for n, _ in list_items(word)] == [n for n, _ in list_items(pdf)] == ["6", "7"]
    assert [n for n, _ in list_items("1. Один\n2. Два\n3. Три")] == ["1", "2", "3"]
    assert list_items("1. Один\n3. Три") == []          # no sequence: one item, not a list


def test_rows_without_numbers_get_numbers_reported_and_repeats_get_a_suffix():
    head = row("Мероприятие", "Срок", "Ответственный")
    plan = interpret(document([head, row("Первое", "2024", "УО"), row("Второе", "2024", "УО")]), SPEC, level="УО")
    assert [a["no"] for a in plan.actions] == ["1", "2"] and kinds(plan).count("number-assigned") == 2
    plan = interpret(document([SIMPLE_HEAD, row("1", "А", "2024", "УО", ""), row("1", "Б", "2024", "УО", "")]),
                     SPEC, level="УО")
    assert [a["no"] for a in plan.actions] == ["1", "1-2"] and "numbers-unique" in kinds(plan)


def test_level_from_responsible_when_the_table_has_no_level_columns():
    rows = [SIMPLE_HEAD, row("1", "А", "2025", "управление образования", ""),
            row("2", "Б", "2025", "управление образования , общеобразовательные учреждения", ""),
            row("3", "В", "2025", "Руководители ОО", "")]
    plan = interpret(document(rows), SPEC)
    assert [a["level"] for a in plan.actions] == ["УО", "ОО и УО", "ОО"]
    assert "level-guessed" in kinds(plan)
    # whose plan it is, when said, is the level of every action outside level columns: nothing guessed
    plan = interpret(document(rows), SPEC, level="УО")
    assert [a["level"] for a in plan.actions] == ["УО"] * 3 and "level-guessed" not in kinds(plan)


def test_a_table_continued_after_a_page_break_is_joined():
    first = [SIMPLE_HEAD, row("1", "А", "2024", "УО", "")]
    second = [row("", "продолжение текста", "", "", ""), row("2", "Б", "2024", "УО", "")]
    repeated = [SIMPLE_HEAD, row("3", "В", "2024", "УО", "")]
    plan = interpret(document(first, second, repeated), SPEC, level="УО")
    assert [a["no"] for a in plan.actions] == ["1", "2", "3"]
    assert plan.actions[0]["action"] == "А продолжение текста"
    assert kinds(plan).count("table-joined") == 2 and plan.tables == [1, 2, 3]


def test_other_tables_are_skipped_and_reported():
    passport = [row("Наименование проекта", "Развитие"), row("Сроки", "2022-2024")]
    plan = interpret(document(passport, [SIMPLE_HEAD, row("1", "А", "2024", "УО", "")]), SPEC, level="УО")
    assert plan.tables == [2] and "table-skipped" in kinds(plan)


@pytest.mark.parametrize("tables, words", [
    ((), "нет таблиц"),
    (([row("Наименование проекта", "Развитие")],), "не найдено таблицы"),
    (([row("№", "Мероприятие", "Ответственный"), row("1", "А", "УО")],), "нет столбца «Срок»"),
    (([SIMPLE_HEAD],), "нет ни одного мероприятия"),
])
def test_refusals_say_what_was_looked_for(tables, words):
    with pytest.raises(ImportRefused) as exc:
        interpret(document(*tables), SPEC)
    assert words in exc.value.reason


@pytest.mark.parametrize("name, code, period, value, rank", [
    ("(П18) Достижение минимального уровня подготовки (Отчетный период- 2023-83,6%-36- место)",
     "П18", "2023", 83.6, "36"),
    ("(П12) Доля зданий (Отчетный период - 2022 Г.-13,5%-(40-41 место)", "П12", "2022", 13.5, "40-41"),
    ("(114) Численность (Отчетный период- 2021-2022 г.-6,4%-15-17 место)", "114", "2021-2022", 6.4, "15-17"),
    ("(П20) Функциональная грамотность (Отчетный период- 2022-2023, 3,4%-38- место)",
     "П20", "2022-2023", 3.4, "38"),
    ("(П17) Уровень (Отчетный период: 2023-99,9%-26-27 - место)", "П17", "2023", 99.9, "26-27"),
    ("11 (П11.5)Использование лабораторного оборудования", "П11.5", "", None, ""),
    ("П1. Темп роста доли фонда оплаты труда", "П1", "", None, ""),
    ("Доля выпускников 11 классов (2021г.)", "", "2021", None, ""),
    ("Участие во Всероссийской олимпиаде (2020 - 2021 учебный год)", "", "2020-2021", None, ""),
    ("Доля ОО, участвовавших в ВПР в 2021г", "", "2021", None, ""),
    ("(П16) Использование (Отчетный период: ноябрь 2023-5,8%-36 место)", "П16", "ноябрь 2023", 5.8, "36"),
])
def test_code_period_value_and_rank_inside_a_name(name, code, period, value, rank):
    w = read_name(name)
    assert (w.code, w.period, w.value, w.rank) == (code, period, value, rank)
    assert "Отчетный" not in w.name and "(" + code + ")" not in w.name


def test_indicators_are_matched_scaled_and_guesses_reported():
    head = row("Показатель (из мониторинга)", "Норма по показателю", "Фактический показатель",
               "Пути решения проблемы", "Сроки", "Ответственный")
    body = row("Доля ОО, в которых созданы отряды ВВПОД «Юнармия»", "0,48", "0,22", "Создать отряды", "2022",
               "Байгулова О.М.")
    plan = interpret(document([head, body]), SPEC, level="УО")
    assert plan.edition == "strezhevoy_2022"
    c1 = next(r for r in plan.indicators if r["code"] == "С1")
    assert (c1["norm"], c1["numerator"], c1["denominator"]) == (48.0, 22.0, 100.0)
    assert {"share-scaled", "value-as-numerator"} <= set(kinds(plan))
    assert plan.actions[0]["codes"] == "С1"


def test_a_written_code_that_contradicts_its_name_is_corrected_as_a_reported_guess():
    name = ("(П11) Доля фонда оплаты труда педагогических работников в общем фонде оплаты труда работников "
            "организаций, осуществляющих образовательную деятельность по основным общеобразовательным программам")
    plan = interpret(document([row("№", "Наименование показателя", "Мероприятие", "Срок"),
                               row("1", name, "Корректировка положения", "Август 2024")]), SPEC, level="УО")
    assert plan.actions[0]["codes"] == "П1"
    (fix,) = [r for r in plan.repairs if r.kind == "indicator-code-corrected"]
    assert "П11" in fix.what and "П1 " in fix.what and "%" in fix.what


@pytest.mark.parametrize("paragraphs, expected", [
    (("УПРАВЛЕНИЕ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ", "КАЛИНИНСКОГО МУНИЦИПАЛЬНОГО ОКРУГА", "ТВЕРСКОЙ ОБЛАСТИ", "ПРИКАЗ",
      "от 20.05.2024 года", "№ 279-09", "Тверь", "Об утверждении Плана мероприятий Калининского муниципального "
      "округа Тверской области на 2024 год"),
     {"doc_kind": "приказ", "doc_date": date(2024, 5, 20), "doc_number": "279-09", "period": "2024",
      "municipality": "Калининский муниципальный округ", "region": "Тверская область"}),
    (("ПРИКАЗ", "от 25 января 2025 г. № 19"), {"doc_date": date(2025, 1, 25), "doc_number": "19", "period": "2025"}),
    (("27.06.2022 № 130", "Дорожная карта на 2022 – 2024 годы"),
     {"doc_date": date(2022, 6, 27), "doc_number": "130", "period": "2022"}),
    (("от 01.07.2022 № 369-Д", "План на 2024-2025 учебный год"),
     {"doc_number": "369-Д", "period": "2024-2025"}),
])
def test_requisites_from_the_prose(paragraphs, expected):
    found = read_requisites(paragraphs).values
    assert {k: found.get(k) for k in expected} == expected


def test_row_numbers_as_text():
    assert [row_number(t) for t in ("1.10.", "4.1", " 2. ", "1.")] == ["1.10", "4.1", "2", "1"]


def test_sub_headers_under_a_merged_group_take_its_role_and_are_never_actions():
    r0 = (cell("№"), cell("Мероприятие"), cell("Срок выполнения"), cell("Срок выполнения", MERGED_LEFT),
          cell("Ответственный"))
    r1 = (cell("№", MERGED_UP), cell("Мероприятие", MERGED_UP), cell("начало"), cell("окончание"),
          cell("Ответственный", MERGED_UP))
    plan = interpret(document([r0, r1, row("1", "Диагностика", "01.09.2024", "30.09.2024", "Иванов И.И.")]),
                     SPEC, level="ОО")
    (a,) = plan.actions
    assert (a["action"], a["deadline"]) == ("Диагностика", "01.09.2024 – 30.09.2024")
    levels = [(cell("№"), cell("Мероприятия"), cell("Мероприятия", MERGED_LEFT), cell("Срок")),
              (cell("№", MERGED_UP), cell("На уровне ОО"), cell("На уровне УО"), cell("Срок", MERGED_UP)),
              row("1", "Педсовет", "Совещание директоров", "август 2024")]
    plan = interpret(document(levels), SPEC)
    assert [(a["no"], a["level"], a["action"], a["deadline"]) for a in plan.actions] == [
        ("1.1", "ОО", "Педсовет", "август 2024"), ("1.2", "УО", "Совещание директоров", "август 2024")]


def test_a_first_row_starting_with_header_words_is_data_and_the_column_numbers_row_is_skipped():
    rows = [row("№", "Мероприятие", "Срок", "Ответственный"), row("1", "2", "3", "4"),
            row("1", "Мероприятия по подготовке к ГИА", "до 01.10.2024", "Ответственные за ГИА в ОО")]
    plan = interpret(document(rows, [row("1", "2", "3", "4"), row("2", "Исполнитель отчёта", "2024", "УО")]),
                     SPEC, level="УО")
    assert [a["no"] for a in plan.actions] == ["1", "2"] and kinds(plan).count("column-numbers") == 2
    assert plan.actions[0]["action"] == "Мероприятия по подготовке к ГИА"


def test_latin_lookalikes_in_a_header_and_codes_only_columns():
    head = row("№", "Mероприятие", "Cрок", "Ответственный", "Код показателя")   # Latin M and C
    plan = interpret(document([head, row("1", "Курсы", "2024", "УО", "П19, П20")]), SPEC, level="УО")
    assert plan.actions[0]["codes"] == "П19, П20"
    assert not [r for r in plan.indicators if r.get("period")]          # a link, not an indicator row


def test_a_schools_own_plan_has_school_actions_and_the_orders_number_is_not_the_schools():
    paragraphs = ("МБОУ «СОШ № 5» г. Заречный", "ПРИКАЗ", "от 30.08.2024 № 112-о",
                  "Об утверждении плана на 2024/2025 учебный год")
    plan = interpret(document([SIMPLE_HEAD, row("1", "Педсовет", "август 2024", "Иванова И.И.", "")],
                              paragraphs=paragraphs), SPEC)
    org = plan.organisation
    assert (org["org_kind"], org["doc_number"], org["period"], org["org_name"]) == \
        ("ОО", "112-о", "2024-2025", "МБОУ «СОШ № 5» г. Заречный")
    assert plan.actions[0]["level"] == "ОО" and "level-guessed" not in kinds(plan)


def test_a_plan_inside_a_frame_table_is_found():
    inner = DocTable(1, (SIMPLE_HEAD, row("1", "А", "2024", "УО", "")))
    frame = DocTable(0, ((cell("А 2024 УО"),),))
    doc = DocumentText(path="x.docx", paragraphs=(), tables=(frame,), nested_tables=(inner,))
    plan = interpret(doc, SPEC, level="УО")
    assert [a["action"] for a in plan.actions] == ["А"] and plan.tables == [2]


def test_similar_names_of_opposite_meaning_are_not_matched():
    from xl_roadmap.core.word_import.indicators import similarity

    assert similarity("Доля обучающихся, не получивших аттестат", "Доля обучающихся, получивших аттестат") == 0
    assert similarity("Доля обучающихся, получивших аттестат", "Количество обучающихся, получивших аттестат") == 0


@pytest.mark.parametrize("line", ["ПРИКАЗ от 15.09.2026 № 123-од", "Приказ № 12 от 01.09.2026", "ПРИКАЗ"])
def test_the_document_kind_on_the_line_of_its_date_and_number(line):
    found = read_requisites(("УПРАВЛЕНИЕ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ЗАРЕЧНОГО РАЙОНА", line))
    assert found.values.get("doc_kind") == "приказ"
    assert "вид документа" not in found.missing


def test_a_body_sentence_starting_with_the_kinds_word_is_not_the_kind():
    found = read_requisites(("Приказываю утвердить план", "Приказом министерства утверждено положение"))
    assert "doc_kind" not in found.values


def test_indicator_codes_in_an_actions_text_fill_an_empty_codes_cell_as_a_reported_guess():
    rows = [SIMPLE_HEAD,
            row("1", "Курсы повышения квалификации (П18)", "2026", "УО", ""),
            row("2", "Мониторинг по показателям П 19 и П20; п. 3 положения", "2026", "УО", ""),
            row("3", "Совещание (П999 — нет в каталоге)", "2026", "УО", ""),
            row("4", "Семинар без кода", "2026", "УО", "")]
    plan = interpret(document(rows), SPEC, level="УО")
    assert [a["codes"] for a in plan.actions] == ["П18", "П19, П20", "", ""]
    guesses = [r for r in plan.repairs if r.kind == "codes-from-text"]
    assert [r.target for r in guesses] == [("roadmap", 0, "codes"), ("roadmap", 1, "codes")]
    assert "П19, П20" in guesses[1].what


def test_a_code_the_document_gives_is_not_replaced_by_one_in_the_text():
    head = row("№", "Мероприятие", "Срок", "Ответственный", "Код показателя")
    plan = interpret(document([head, row("1", "Курсы (П18)", "2026", "УО", "П19")]), SPEC, level="УО")
    assert plan.actions[0]["codes"] == "П19"
    assert "codes-from-text" not in kinds(plan)


@pytest.mark.parametrize("header, role", [
    ("N", "number"), ("N п/п", "number"), ("No.", "number"), ("№ п/п", "number"), ("п/п", "number"),
    ("№№", "number"), ("№ показателя", "indicator_code"),
    ("Наименование основного мероприятия", "action"), ("Содержание мероприятия", "action"),
    ("Мероприятия", "action"), ("Наименование мероприятия (действия)", "action"),
    ("Ключевые мероприятия", "action"), ("Комплекс мероприятий", "action"),
    ("Наименование подпрограммы, основного мероприятия, мероприятия", "action"),
    ("Периодичность", "periodicity"), ("Срок начала реализации", "deadline"),
    ("Ожидаемый непосредственный результат", "result"), ("Ответственный исполнитель", "responsible"),
    ("Сро к исполнения", "deadline"), ("Меро- приятие", "action"), ("Отве- тственный", "responsible"),
    ("Значение показателя (мотивация УО)", None), ("Наименование ОО", None), ("2024", None),
])
def test_a_headers_role_is_found_by_its_words(header, role):
    from xl_roadmap.core.word_import.layout import role_of

    assert role_of(header, SPEC.word_import) == role


def test_a_one_row_header_over_years_and_unknown_columns_is_a_header():
    head = row("N п/п", "Наименование основного мероприятия", "Источник финансирования", "Объем, тыс. руб.",
               "2025", "2026", "Срок", "Исполнитель")
    plan = interpret(document([head, row("1", "Курсы", "бюджет", "10", "5", "5", "2025", "ИМЦ")]), SPEC, level="УО")
    (a,) = plan.actions
    assert (a["no"], a["action"], a["deadline"], a["responsible"]) == ("1", "Курсы", "2025", "ИМЦ")
    assert "2025: 5" in a["comment"] and kinds(plan).count("column-kept") == 4


def test_a_row_naming_an_indicator_without_an_action_keeps_its_periodicity():
    head = row("№", "Показатель", "Мероприятие", "Срок", "Ответственный")
    rows = [head, row("1", "Доля ОО, в которых созданы школьные спортивные клубы", "", "Периодичность: 1 раз в год",
                      "Специалист УО"),
            row("1.1", "", "Открытие клуба", "сентябрь 2025", "Директор")]
    plan = interpret(document(rows), SPEC, level="УО")
    assert [a["no"] for a in plan.actions] == ["1.1"] and "action-empty" not in kinds(plan)
    (i,) = plan.written_rows
    assert "периодичность: 1 раз в год" in plan.indicators[i]["comment"]
    assert "ответственный: Специалист УО" in plan.indicators[i]["comment"]


@pytest.mark.parametrize("paragraphs, issuer", [
    # nothing above the annex's reference: the body whose order it is annexed to
    (("Приложение", "к приказу министерства образования Кировской области", "от 12.03.2024 N 345"),
     "Министерство образования Кировской области"),
    (("ОТДЕЛ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ЗАРЕЧНОГО РАЙОНА", "Приложение",
      "к приказу министерства образования Кировской области", "от 12.03.2024 N 345"), "Отдел образования администрации Заречного района"),
    (("УТВЕРЖДЕНО", "приказом управления образования", "от 01.09.2024 № 5", "План на 2024 год"), None),
    ((("УПРАВЛЕНИЕ ОБРАЗОВАНИЯ, КУЛЬТУРЫ И СПОРТА\nАДМИНИСТРАЦИИ ЗАРЕЧНОГО МУНИЦИПАЛЬНОГО ОКРУГА\n"
       "КИРОВСКОЙ ОБЛАСТИ"), "ПРИКАЗ", "от 01.09.2024 № 5"),
     "Управление образования, культуры и спорта администрации Заречного муниципального округа Кировской области"),
    (("ОТДЕЛ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ", "ЗИМИНСКОГО РАЙОННОГО", "МУНИЦИПАЛЬНОГО ОБРАЗОВАНИЯ", "ПРИКАЗ"),
     "Отдел образования администрации Зиминского районного муниципального образования"),
    (("МИНИСТЕРСТВО ОБРАЗОВАНИЯ И НАУКИ РЕСПУБЛИКИ ДАГЕСТАН", "ПРИКАЗ", "Начальник управления образования"),
     "Министерство образования и науки Республики Дагестан"),
])
def test_the_issuer_is_the_body_at_the_top_not_an_act_it_refers_to(paragraphs, issuer):
    assert read_requisites(paragraphs).values.get("org_name") == issuer


def _approved(*paragraphs: str):
    words = SPEC.word_import
    return read_requisites(paragraphs, words.approval_marks, words.posts)


@pytest.mark.parametrize("paragraphs, organisation", [
    (("УТВЕРЖДАЮ", "директор МБОУ СОШ № 16", "……..Т.И.Герасименко", "План-график", "по организации ЕГЭ"),
     "МБОУ СОШ № 16"),
    (("«Утверждаю»", "Директор МБОУ «Кищинская", "СОШ имени Г. Сулейманова»", "Приказ от 31.08.2022 года № __",
      "_________ Р.М.Магомедов", "Дорожная карта"), "МБОУ «Кищинская СОШ имени Г. Сулейманова»"),
    (("Утверждаю: и.о. заведующего МБДОУ «Детский сад № 3» ______ А.А. Петрова", "План на 2025 год"),
     "МБДОУ «Детский сад № 3»"),
    (("УТВЕРЖДАЮ\nНачальник управления образования\nадминистрации Заречного района\nИ.И. Иванов",
      "План на 2025 год"), "Управление образования администрации Заречного района"),
])
def test_without_an_issuer_the_approval_block_names_the_organisation_after_the_post(paragraphs, organisation):
    found = _approved(*paragraphs)
    assert found.values.get("org_name") == organisation
    assert found.approval and organisation.split()[-1] in found.approval.replace("\n", " ")


@pytest.mark.parametrize("paragraphs", [
    ("УТВЕРЖДАЮ", "И.И. Иванов", "План на 2025 год"),                  # no post, no organisation
    ("УТВЕРЖДЕНО", "приказом управления образования", "от 01.09.2024 № 5", "План на 2024 год"),   # an act
    ("УТВЕРЖДАЮ", "директор", "______ И.И. Иванов", "План на 2025 год"),  # a post without its organisation
])
def test_an_approval_block_without_a_post_and_an_organisation_gives_none(paragraphs):
    found = _approved(*paragraphs)
    assert "org_name" not in found.values and not found.approval


def test_the_issuer_at_the_top_comes_before_the_approval_block():
    found = _approved("ОТДЕЛ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ЗАРЕЧНОГО РАЙОНА", "ПРИКАЗ", "от 01.09.2024 № 5",
                      "УТВЕРЖДАЮ", "Директор МБОУ СОШ № 2")
    assert found.values["org_name"] == "Отдел образования администрации Заречного района" and not found.approval


@pytest.mark.parametrize("paragraphs, expected", [
    (("Приложение N 2", "к приказу министерства образования", "и науки Краснодарского края",
      "от 13 ноября 2015 г. N 5976", "Дорожная карта"),
     {"org_name": "Министерство образования и науки Краснодарского края", "doc_kind": "приказ",
      "doc_number": "5976", "doc_date": date(2015, 11, 13)}),
    (("Приложение\nк распоряжению Департамента образования\nЯрославской области\nот 30.12.2021 № 12/01-04",
      "План мероприятий"),
     {"org_name": "Департамент образования Ярославской области", "doc_kind": "распоряжение",
      "doc_number": "12/01-04", "doc_date": date(2021, 12, 30)}),
    ((("ПРИЛОЖЕНИЕ N 2\nк комплексу мер по модернизации\nв Архангельской области\n(в редакции постановления\n"
       "правительства Архангельской области\nот 2 апреля 2013 года N 130-пп)"), "ПЛАН-ГРАФИК"),
     {"org_name": "Правительство Архангельской области", "doc_number": "130-пп", "doc_date": date(2013, 4, 2)}),
])
def test_an_annex_without_requisites_of_its_own_takes_those_of_the_act_it_belongs_to(paragraphs, expected):
    found = read_requisites(paragraphs).values
    assert {k: found.get(k) for k in expected} == expected


@pytest.mark.parametrize("issuer, kind", [
    ("Министерство образования и науки Краснодарского края", "регион"),
    ("Министерство образования Республики Мордовия", "регион"),
    ("Комитет по образованию Санкт-Петербурга", "регион"),
    ("Департамент образования администрации города Тюмени", "УО"),
    ("Комитет по образованию администрации Заречного муниципального района Тверской области", "УО"),
    ("Управление образования администрации Калининского муниципального округа Тверской области", "УО"),
])
def test_a_regions_own_body_is_a_region(issuer, kind):
    rows = [SIMPLE_HEAD, row("1", "Совещание", "2025", "Отдел", "")]
    plan = interpret(document(rows, paragraphs=(issuer.upper(), "ПРИКАЗ", "от 01.09.2025 № 1")), SPEC)
    assert plan.organisation["org_kind"] == kind


@pytest.mark.parametrize("paragraphs, period", [
    (("Дорожная карта\nорганизации ГИА в Краснодарском крае в 2016 году",), "2016"),
    (("План-график", "мероприятий", "по организации ЕГЭ", "в 2012 – 2013 учебном году"), "2012-2013"),
    (("План работы", "Отчёт о работе в 2015 году показал рост числа участников олимпиад, семинаров и курсов "
                     "повышения квалификации; в плане учтены выводы отчёта, предложения школ и методических "
                     "объединений района"), ""),     # a body paragraph after the title: another year
    (("ПРИКАЗ", "от 01.09.2024 № 5", "В 2023 году проведено 5 семинаров"), "2024"),   # the document's year
])
def test_the_period_from_the_titles_in_year(paragraphs, period):
    assert read_requisites(paragraphs).values.get("period", "") == period


def test_without_a_number_column_the_number_opening_every_actions_text_is_its_number():
    head = row("Мероприятие", "Срок", "Ответственный")
    rows = [head, row("1. Проведение заседаний", "2025", "УО"), row("2) Участие в семинарах", "2025", "УО")]
    plan = interpret(document(rows), SPEC, level="УО")
    assert [(a["no"], a["action"]) for a in plan.actions] == [("1", "Проведение заседаний"),
                                                              ("2", "Участие в семинарах")]
    assert kinds(plan).count("number-from-text") == 1 and "number-assigned" not in kinds(plan)
    # one row opening with «1.» among rows that do not: a list's or a sentence's number, not the rows'
    plan = interpret(document([head, *rows[1:], row("Подведение итогов", "2025", "УО")]), SPEC, level="УО")
    assert plan.actions[0]["action"] == "1. Проведение заседаний" and "number-from-text" not in kinds(plan)


def test_with_a_number_column_a_number_in_the_text_stays_text():
    rows = [SIMPLE_HEAD, row("5", "1. Организация оценки компетенций", "2025", "УО", "")]
    (a,) = interpret(document(rows), SPEC, level="УО").actions
    assert (a["no"], a["action"]) == ("5", "1. Организация оценки компетенций")


def test_quarters_marked_under_a_deadline_group_are_the_deadline():
    r0 = (cell("Наименование мероприятия"), cell("Срок реализации"), cell("Срок реализации", MERGED_LEFT),
          cell("Срок реализации", MERGED_LEFT), cell("Ответственный"))
    r1 = (cell("Наименование мероприятия", MERGED_UP), cell("I квартал 2026 г."), cell("II квартал 2026 г."),
          cell("III квартал 2026 г."), cell("Ответственный", MERGED_UP))
    rows = [r0, r1, row("Семинар", "х", "-", "х", "УО"), row("Совещание", "", "x", "", "УО"),
            row("Курсы", "март", "", "", "УО")]
    plan = interpret(document(rows), SPEC, level="УО")
    assert [a["deadline"] for a in plan.actions] == ["I квартал 2026 г., III квартал 2026 г.", "II квартал 2026 г.",
                                                     "март"]      # a written date stays as written


def test_numbering_again_in_roman_numbered_sections_is_prefixed_by_the_sections_arabic_number():
    rows = [SIMPLE_HEAD, row("I. Нормативное обеспечение", "", "", "", ""), row("1", "Приказ", "2025", "УО", ""),
            row("2", "Положение", "2025", "УО", ""), row("IV. Организация", "", "", "", ""),
            row("1", "Совещание", "2025", "УО", "")]
    rows = [r if r[1].text else (cell(r[0].text),) + tuple(cell(r[0].text, MERGED_LEFT) for _ in r[1:]) for r in rows]
    plan = interpret(document(rows), SPEC, level="УО")
    assert [a["no"] for a in plan.actions] == ["1.1", "1.2", "4.1"]
