"""Word (.docx) plans in the shapes that public orders of regions and districts take outside the three seeds:
as legal databases print them («N» for «№», requisites of the act they belong to), as state programmes lay
out their plans (a one-row header over money by year, «Наименование основного мероприятия»), as schools
write them (a numbered list of steps in one cell), with an indicator list beside the roadmap (a periodicity
in place of a deadline, section rows that are not merged), and with numbering that starts again in every
section. Each builder writes the file; the tests state what its import must give.

A table is written from rows of cell texts: ``"\\n"`` separates a cell's paragraphs, a row given as a
``Merged`` is one cell across the table, and ``header_rows`` rows on top can merge cells (``span``).
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import docx


class Merged(NamedTuple):
    """A row that is one cell merged across the whole table (a section heading)."""
    text: str


def _document(prose: tuple[str, ...]):
    document = docx.Document()
    for paragraph in prose:
        document.add_paragraph(paragraph)        # a "\n" inside is a line break, as in title blocks
    return document


def _table(document, width: int, header: list[tuple[str, ...]], rows, spans: tuple = ()):
    """``spans``: (row, first column, last column) of header cells merged across, (row, column, last row)
    given with a negative column for cells merged down: (-(column + 1), first row, last row)."""
    table = document.add_table(rows=0, cols=width)
    table.style = "Table Grid"
    for texts in header:
        for cell, text in zip(table.add_row().cells, texts):
            cell.text = text
    for span in spans:
        if span[0] >= 0:
            row, first, last = span
            merged = table.cell(row, first).merge(table.cell(row, last))
            merged.text = header[row][first]
        else:
            column, first, last = -span[0] - 1, span[1], span[2]
            merged = table.cell(first, column).merge(table.cell(last, column))
            merged.text = header[first][column]
    for row in rows:
        cells = table.add_row().cells
        if isinstance(row, Merged):
            cells[0].merge(cells[-1]).text = row.text
            continue
        for cell, text in zip(cells, row):
            lines = text.split("\n")
            cell.text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)
    return table


def _save(document, path) -> Path:
    document.add_paragraph("Начальник управления образования")
    document.save(path)
    return Path(path)


# ------------------------------------------------------------------------------------ a legal database

LEGAL_PROSE = (
    "Приложение",
    "к приказу министерства образования Кировской области\nот 12.03.2024 N 345",
    "ПЛАН МЕРОПРИЯТИЙ («ДОРОЖНАЯ КАРТА») ПО ПОВЫШЕНИЮ КАЧЕСТВА ОБЩЕГО ОБРАЗОВАНИЯ НА 2024 ГОД",
)
LEGAL_ROWS = (
    ("1.", "Мониторинг результатов ВПР", "апрель - май 2024 г.", "отдел общего образования"),
    ("2.", "Семинар для руководителей школ с низкими результатами", "июнь 2024 г.", "ИРО Кировской области"),
    ("3.", "Курсы повышения квалификации учителей математики", "в течение года", "ИРО Кировской области"),
    ("7.", "Итоговое совещание", "декабрь 2024 г.", "министерство образования"),
)


def legal_database(path, header: str = "N") -> Path:
    """The annex of a regional order as a legal database prints it: «N» (Latin) over the numbers, the
    requisites of the order it belongs to on top («к приказу министерства … от … N …»)."""
    document = _document(LEGAL_PROSE)
    _table(document, 4, [(header, "Мероприятие", "Срок", "Ответственный исполнитель")], LEGAL_ROWS)
    return _save(document, path)


# ------------------------------------------------------------------------------------ a state programme

PROGRAMME_PROSE = (
    "АДМИНИСТРАЦИЯ ЗАРЕЧНОГО МУНИЦИПАЛЬНОГО РАЙОНА", "ПОСТАНОВЛЕНИЕ", "от 15.01.2025 № 12",
    "Об утверждении плана реализации муниципальной программы «Развитие образования» на 2025 год",
)
PROGRAMME_HEADER = ("N п/п", "Наименование основного мероприятия", "Ответственный исполнитель",
                    "Срок начала реализации", "Срок окончания реализации", "Ожидаемый непосредственный результат",
                    "2025", "2026")
PROGRAMME_ROWS = (
    Merged("Подпрограмма 1 «Развитие общего образования»"),
    ("1.1", "Обновление материально-технической базы кабинетов физики и химии", "Управление образования",
     "01.02.2025", "31.08.2025", "Кабинеты оснащены", "150,0", "75,0"),
    ("1.2", "Организация участия педагогов в курсах повышения квалификации", "ИМЦ",
     "01.01.2025", "31.12.2025", "Не менее 30 % педагогов", "20,0", "20,0"),
    ("1.3", "Проведение муниципального этапа всероссийской олимпиады школьников", "Управление образования, ОО",
     "01.11.2025", "30.12.2025", "Протоколы", "35,5", "40,0"),
)


def programme(path, two_row_header: bool = False) -> Path:
    """A programme's plan: one header row without merged cells over eight columns, two of them years — or
    the same words over two header rows («Срок реализации» over «начала | окончания», money over years)."""
    document = _document(PROGRAMME_PROSE)
    if not two_row_header:
        _table(document, 8, [PROGRAMME_HEADER], PROGRAMME_ROWS)
    else:
        top = ("N п/п", "Наименование основного мероприятия", "Ответственный исполнитель", "Срок реализации",
               "Срок реализации", "Ожидаемый непосредственный результат", "Объем финансирования, тыс. руб.",
               "Объем финансирования, тыс. руб.")
        bottom = ("", "", "", "начала", "окончания", "", "2025", "2026")
        _table(document, 8, [top, bottom], PROGRAMME_ROWS,
               spans=((0, 3, 4), (0, 6, 7), (-1, 0, 1), (-2, 0, 1), (-3, 0, 1), (-6, 0, 1)))
    return _save(document, path)


# ------------------------------------------------------------------------------------ a school's plan

SCHOOL_PROSE = (
    "Муниципальное бюджетное общеобразовательное учреждение\n«Средняя общеобразовательная школа № 3» г. Заречный",
    "ПРИКАЗ", "от 30.08.2024 № 112-о",
    "Об утверждении дорожной карты по повышению качества образования на 2024/2025 учебный год",
)
SCHOOL_ROWS = (
    ("1", "1. Анализ результатов ВПР. 2. Корректировка рабочих программ. 3. Педагогический совет по итогам ВПР.",
     "сентябрь 2024", "Зам. директора по УВР"),
    ("2", "Курсы повышения квалификации учителей начальных классов", "в течение года", "Директор"),
    ("3", ("1. Входная диагностика по математике;\n2. Промежуточная диагностика;\n3. Итоговая диагностика;\n"
           "4. Отчёт на методическом совете"), "октябрь 2024\nдекабрь 2024\nапрель 2025\nмай 2025",
     "Руководитель ШМО"),
    ("4", "ВсОШ\n1. Школьный этап олимпиады.\n2. Участие в муниципальном этапе.", "сентябрь - декабрь 2024",
     "Зам. директора по УВР\nучителя-предметники"),
)


def school_lists(path) -> Path:
    """A school's plan whose «Мероприятия» cells hold numbered lists of steps: inline («1. … 2. …») with one
    deadline, by paragraph with a deadline each, and under a heading line («ВсОШ»)."""
    document = _document(SCHOOL_PROSE)
    _table(document, 4, [("№ п/п", "Мероприятия", "Сроки", "Ответственные")], SCHOOL_ROWS)
    return _save(document, path)


TWO_LEVEL_ROWS = (
    Merged("1. Организационная работа"),
    ("1.1", "Совещание при директоре", "август 2024", "Директор"),
    ("1.2", "1. Анализ итогов ГИА. 2. План работы с обучающимися группы риска.", "сентябрь 2024",
     "Зам. директора по УВР"),
    Merged("2. Работа с педагогами"),
    ("2.1", "Посещение уроков", "в течение года", "Администрация"),
)


def two_level_lists(path) -> Path:
    """A plan numbered «1.1», «1.2» whose row 1.2 holds a list: its items become «1.2а», «1.2б»."""
    document = _document(SCHOOL_PROSE)
    _table(document, 4, [("№", "Мероприятие", "Срок", "Ответственный")], TWO_LEVEL_ROWS)
    return _save(document, path)


# ------------------------------------------------------------------------------------ indicators beside the plan

INDICATOR_PROSE = (
    "УПРАВЛЕНИЕ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ЗАРЕЧНОГО МУНИЦИПАЛЬНОГО ОКРУГА", "ПРИКАЗ", "от 10.02.2025 № 31",
    "Об утверждении дорожной карты по повышению показателей мотивирующего мониторинга на 2025 год",
)
MIXED_ROWS = (
    ("1", "Доля обучающихся, принявших участие в социально-психологическом тестировании", "",
     "Периодичность: 2 раза в год", "Методист ИМО"),
    ("1.1", "", "Информационная кампания для родителей", "сентябрь 2025", "Педагоги-психологи ОО"),
    ("1.2", "", "Организация тестирования", "октябрь 2025", "Методист ИМО"),
    ("2", "Доля общеобразовательных организаций, в которых созданы школьные спортивные клубы", "",
     "Периодичность: 1 раз в год", "Специалист УО"),
    ("2.1", "", "Открытие школьного спортивного клуба в МОУ «СОШ № 6»", "до 01.09.2025", "Директор СОШ № 6"),
)
INDICATOR_LIST = (
    ("1. Создание условий для повышения качества образования", "", "", "", ""),  # not merged: all in «N п/п»
    ("1.1", "Доля педагогических работников, прошедших курсы повышения квалификации", "%", "1 раз в год",
     "ИМО"),
    ("1.2", "Доля выпускников 9 классов, получивших аттестат", "%", "1 раз в год", "Специалист УО"),
    Merged("2. Воспитание и дополнительное образование"),
    ("2.1", "Доля детей от 5 до 18 лет, охваченных дополнительным образованием", "%", "2 раза в год",
     "Специалист УО"),
    ("3.", "Развитие кадрового потенциала", "", "", ""),      # a number and a heading, values empty
    ("3.1", "Доля учителей в возрасте до 35 лет", "%", "1 раз в год", "ИМО"),
)


def indicators_beside(path) -> Path:
    """A roadmap whose rows alternate an indicator («Периодичность: 2 раза в год» in the deadline column, no
    action) and its actions, and an indicator list with «Периодичность» and section rows of three kinds."""
    document = _document(INDICATOR_PROSE)
    _table(document, 5, [("№", "Показатель", "Мероприятие", "Срок", "Ответственный")], MIXED_ROWS)
    document.add_paragraph("Показатели эффективности реализации дорожной карты")
    _table(document, 5, [("N п/п", "Наименование показателя", "Единица измерения", "Периодичность",
                          "Ответственный")], INDICATOR_LIST)
    return _save(document, path)


# ------------------------------------------------------------------------------------ numbering per section

ISSUER_PROSE = (
    ("УПРАВЛЕНИЕ ОБРАЗОВАНИЯ, МОЛОДЕЖНОЙ ПОЛИТИКИ И СПОРТА\nАДМИНИСТРАЦИИ ЗАРЕЧНОГО МУНИЦИПАЛЬНОГО ОКРУГА\n"
     "КИРОВСКОЙ ОБЛАСТИ"),
    "ПРИКАЗ", "от 20.09.2024 № 301-од",
    "Об утверждении плана мероприятий по повышению качества образования на 2024-2025 учебный год",
)
RESTART_ROWS = (
    Merged("1. Организационно-методическая работа"),
    ("1", "Совещание руководителей ОО", "сентябрь 2024", "Управление образования"),
    ("2", "Семинар для заместителей директоров", "октябрь 2024", "ИМЦ"),
    Merged("2. Работа со школами с низкими результатами"),
    ("1", "Выездная методическая помощь", "ноябрь 2024", "ИМЦ"),
    ("2", "Анализ рабочих программ", "декабрь 2024", "ИМЦ"),
    ("3", "Мониторинг результатов", "май 2025", "Управление образования"),
    Merged("Работа с родителями"),
    ("1", "Родительское собрание по ГИА", "январь 2025", "Руководители ОО"),
)


def restarting_numbers(path) -> Path:
    """A district's plan numbering 1, 2 | 1, 2, 3 | 1 in its sections (the third without a number), issued by
    a body whose name in capitals runs over three lines of one paragraph."""
    document = _document(ISSUER_PROSE)
    _table(document, 4, [("№ п/п", "Содержание мероприятия", "Срок исполнения", "Ответственный")], RESTART_ROWS)
    return _save(document, path)
