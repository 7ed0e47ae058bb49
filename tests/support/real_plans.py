"""Six real roadmaps found in public copies, rebuilt as Word (.docx) in their own shapes, each with what a
person reading the original takes from it.

Where they came from: the search tool's ``pages`` corpus (stored copies of public web pages), read on
2026-12-07. That corpus gives the opening of a page only (about 2,000 characters), so each fixture holds the
prose and the rows that opening shows *whole*: the words of the requisites, the title, the header and every
cell are the page's own (typos and odd spacing included); a row the page cut in the middle is left out, never
completed by guess, and each builder says where its text stops. Line breaks inside an HTML page's cell are
the page source's wrapping and are written as spaces; the copyists' own notes (cntd's «см. предыдущую
редакцию») are left out. The ``code`` and ``docs`` corpora were searched too and held no such plans.

The shapes differ from each other and from the three seeds (tests/support/word_fixtures.py):

* ``krasnodar`` — a region's ministry, the plan as «Приложение N 2 к приказу … от 13 ноября 2015 г. N 5976»
  (typed line by line); «N | Направления деятельности | Сроки | Ответственные лица»; a Roman-numbered
  section row merged across; numbers «1.»; the responsible are named people without separators.
* ``gia_2014`` — only the table (the page shows no requisites); «N п/п»; two Roman-numbered sections whose
  numbering starts again at 1 (so the second section's first action is «2.1» to a reader).
* ``school16`` — a school's «План-график» under «УТВЕРЖДАЮ директор МБОУ СОШ № 16» with the title over four
  centred lines; five columns, the fourth («Корректировка плана») left empty for later notes.
* ``kishcha`` — a school's roadmap under a «Утверждаю» block with a blank order number («№ __»); no column
  of responsible at all; «Сроки исполнения», «Результат»; a numbered section row merged across.
* ``mordovia`` — a region's ministry, «Приложение к приказу … от 30 декабря 2021 г. N 1295» as one paragraph
  with line breaks; «N п/п | Мероприятия | Период реализации | Ответственные | Результат»; numbers «1.1».
* ``arkhangelsk`` — a region's «ПЛАН-ГРАФИК … по кварталам»: no number column (the number opens the
  action's text), a two-row header with «Срок реализации мероприятия» over four quarter columns marked «х»
  or «-», a row of column numbers, the responsible body in the last column.

Next to each file, ``RealPlan`` holds the reading: each action's number, text, deadline, responsible, result
and section as a person names them, and the organisation details the document states (nothing it does not).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement

REGION, SCHOOL, DISTRICT = "регион", "ОО", "УО"     # «Тип организации» (lists.org_kinds)


@dataclass(frozen=True)
class Action:
    """One action as a person reading the original names it."""
    no: str
    action: str
    deadline: str
    responsible: str
    result: str = ""
    section: str = ""


@dataclass(frozen=True)
class RealPlan:
    name: str
    path: Path
    source: str                    # the address (or title) of the page and what it shows
    actions: tuple[Action, ...]
    organisation: dict             # only what the document states, as a reader names it
    absent: tuple[str, ...] = ()   # «Сведения» the document does not state: the import must not invent them
    level: str | None = None       # every action's «Уровень» when the plan is one organisation's own
    marked_quarters: dict = field(default_factory=dict)   # arkhangelsk: action no → the quarters marked «х»


# ---------------------------------------------------------------------------------------------- Word

def _document():
    return docx.Document()


def _paragraph(document, text: str, align=None):
    """One paragraph; a "\\n" inside is a line break (Shift+Enter), as title blocks are typed."""
    paragraph = document.add_paragraph(text)
    if align is not None:
        paragraph.alignment = align
    return paragraph


def _table(document, width: int):
    table = document.add_table(rows=0, cols=width)
    table.style = "Table Grid"
    return table


def _row(table, cells: list[str]) -> None:
    for cell, text in zip(table.add_row().cells, cells):
        cell.text = text


def _section(table, text: str) -> None:
    """A section heading: one cell merged across the whole row."""
    row = table.add_row()
    row.cells[0].merge(row.cells[-1]).text = text


def _repeat_as_header(row) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def _end(document, path: Path) -> Path:
    document.add_paragraph()    # Word always ends a body with a paragraph
    document.save(path)
    return path


def _no(number_cell: str) -> str:
    """A number as a reader names it: «1.» is action 1."""
    return number_cell.strip().removesuffix(".")


# ---------------------------------------------------------------------------------------------- krasnodar

KRASNODAR_SOURCE = ("https://base.garant.ru/43653516/f7ee959fd36b5699076b35abf4f52c5c/ — Приложение N 2 к приказу "
                    "министерства образования и науки Краснодарского края от 13 ноября 2015 г. N 5976, «Дорожная "
                    "карта организации и проведения ГИА … в Краснодарском крае в 2016 году»; the page's opening "
                    "stops inside row 3 (its deadline reads «август…»), so rows 1–2 are kept")
KRASNODAR_PROSE = (
    "Приложение N 2",
    "к приказу министерства образования",
    "и науки Краснодарского края",
    "от 13 ноября 2015 г. N 5976",
    ("Дорожная карта\nорганизации и проведения государственной итоговой аттестации по образовательным программам "
    "среднего общего образования в Краснодарском крае в 2016 году"),
)
KRASNODAR_HEADER = ("N", "Направления деятельности", "Сроки", "Ответственные лица")
KRASNODAR_ROWS = (
    "I. Анализ работы по подготовке и проведению ГИА-11 в 2015 году",
    ("1.", "Проведение статистического анализа и подготовка аналитических материалов по итогам ГИА-11 в 2015 году",
     "июль - август 2015",
     "Н.Е. Байрачный К.А. Федоренко Т.Ю. Горностаева Е.В. Воробьева Р.А. Гардымова И.А. Никитина"),
    ("2.", ("Подготовка аналитических отчетов предметных комиссий по форме, предоставляемой ФИПИ (в срок до 10 "
           "августа 2015 года)"),
     "июль - август 2015", "Р.А. Гардымова И.А. Никитина"),
)


def krasnodar(directory: Path) -> RealPlan:
    path = Path(directory) / "krasnodar_gia11_2016.docx"
    document = _document()
    for line in KRASNODAR_PROSE[:4]:              # the annex's requisites, right-aligned, one line each
        _paragraph(document, line, WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(document, KRASNODAR_PROSE[4], WD_ALIGN_PARAGRAPH.CENTER)
    table = _table(document, 4)
    _row(table, list(KRASNODAR_HEADER))
    actions, section = [], ""
    for row in KRASNODAR_ROWS:
        if isinstance(row, str):
            _section(table, row)
            section = row
            continue
        _row(table, list(row))
        no, action, deadline, responsible = row
        actions.append(Action(_no(no), action, deadline, responsible, section=section))
    _end(document, path)
    return RealPlan("krasnodar", path, KRASNODAR_SOURCE, tuple(actions), STATED["krasnodar"])


# ---------------------------------------------------------------------------------------------- gia_2014

GIA_2014_SOURCE = ("https://base.garant.ru/30523923/da0ca740e319b67eff630b4065586e13/ — a region's «дорожная "
                   "карта» of ГИА-11 for 2014 (responsible Б.С. Муртазов, Ф.Л. Балкизова, А.Б. Машуков); the page "
                   "opens on the table itself, no requisites; it stops inside row II.4, so rows I.1–II.3 are kept")
GIA_2014_HEADER = ("N п/п", "Направления деятельности", "Сроки", "Ответственные лица")
GIA_2014_ROWS = (
    "I. Нормативно-правовое и методическое сопровождение ГИА",
    ("1", ("Приведение региональной базы нормативно-правовых документов, регламентирующих организацию и проведение "
          "ГИА-11, в соответствие с требованиями федеральных документов (по необходимости)"),
     "в течение всего периода", "Б.С. Муртазов"),
    ("2", ("Подготовка материалов по проведению информационно-разъяснительной работы с участниками ГИА-11 и лицами, "
          "привлекаемыми к проведению ГИА-11"),
     "январь-февраль 2014", "Б.С. Муртазов"),
    "II. Организационное сопровождение ГИА-11",
    ("1", "Составление ежемесячного плана подготовки и проведения ГИА в форме ЕГЭ (далее - ежемесячный план)",
     "до 25 числа каждого месяца", "Ф.Л. Балкизова"),
    ("2", "Подготовка распорядительных документов по подготовке и проведению ГИА-11 в соответствии",
     "январь-май 2014", "Б.С. Муртазов"),
    ("3", ("Обеспечение формирования и ведения региональной информационной системы обеспечения проведения ГИА-11 и "
          "внесения сведений в федеральную информационную систему в соответствии с установленными сроками"),
     "по графику ФЦТ", "А.Б. Машуков"),
)


def gia_2014(directory: Path) -> RealPlan:
    """The numbering starts again in each section: a reader calls them «1.1, 1.2, 2.1 …» (section, number)."""
    path = Path(directory) / "gia11_2014_annex.docx"
    document = _document()
    table = _table(document, 4)
    _row(table, list(GIA_2014_HEADER))
    actions, section, sections = [], "", 0
    for row in GIA_2014_ROWS:
        if isinstance(row, str):
            _section(table, row)
            section, sections = row, sections + 1
            continue
        _row(table, list(row))
        no, action, deadline, responsible = row
        actions.append(Action(f"{sections}.{_no(no)}", action, deadline, responsible, section=section))
    _end(document, path)
    return RealPlan("gia_2014", path, GIA_2014_SOURCE, tuple(actions), STATED["gia_2014"], ABSENT["gia_2014"])


# ---------------------------------------------------------------------------------------------- school16

SCHOOL16_SOURCE = ("https://pavskool16.narod.ru/ege15.htm — МБОУ СОШ № 16, «План-график мероприятий по организации и "
                   "обеспечению проведения единого государственного экзамена в 2012 – 2013 учебном году»; the page's "
                   "opening stops inside row 6, so rows 1–5 are kept")
SCHOOL16_PROSE = (
    "УТВЕРЖДАЮ",
    "директор МБОУ СОШ № 16",
    "……..Т.И.Герасименко",
    "План-график",
    "мероприятий",
    "по организации и обеспечению проведения единого государственного экзамена",
    "в 2012 – 2013 учебном году",
)
SCHOOL16_HEADER = ("№", "Мероприятия", "Срок исполнения", "Корректировка плана", "Ответственные")
SCHOOL16_ROWS = (
    ("1.", ("Издание распорядительных документов о назначении школьного администратора ЕГЭ, утверждении "
           "плана-графика подготовки к единому государственному экзамену в 2012 – 2013 учебном году."),
     "Август", "", "Т.И.Герасименко Т.В.Лавринова"),
    ("2.", "Осуществление контроля организации работы школы по подготовке учащихся 11 класса к ЕГЭ.",
     "Сентябрь-май", "", "Т.И.Герасименко Т.В.Лавринова"),
    ("3.", "Участие администратора ЕГЭ школьного уровня в семинарах – совещаниях МОУО.",
     "Сентябрь-июнь", "", "Т.В.Лавринова"),
    ("4.", ("Индивидуальное информирование и консультирование по вопросам, связанных с государственной (итоговой) "
           "аттестацией."),
     "Сентябрь-июнь", "", "Т.В.Лавринова"),
    ("5.", "Диагностика затруднений учителей школы по организации подготовки обучающихся к итоговой аттестации.",
     "Октябрь", "", "Т.В.Лавринова Руководители МТГ"),
)


def school16(directory: Path) -> RealPlan:
    path = Path(directory) / "school16_ege_2012.docx"
    document = _document()
    for line in SCHOOL16_PROSE[:3]:
        _paragraph(document, line, WD_ALIGN_PARAGRAPH.RIGHT)
    for line in SCHOOL16_PROSE[3:]:
        _paragraph(document, line, WD_ALIGN_PARAGRAPH.CENTER)
    table = _table(document, 5)
    _row(table, list(SCHOOL16_HEADER))
    actions = []
    for row in SCHOOL16_ROWS:
        _row(table, list(row))
        no, action, deadline, _correction, responsible = row
        actions.append(Action(_no(no), action, deadline, responsible))
    _end(document, path)
    return RealPlan("school16", path, SCHOOL16_SOURCE, tuple(actions), STATED["school16"], ABSENT["school16"],
                    level=SCHOOL)


# ---------------------------------------------------------------------------------------------- kishcha

KISHCHA_SOURCE = ("search tool, pages corpus, a PDF titled «дор карта в условиях ФГОС (Кища СОШ) (2)» (no address "
                  "given) — МБОУ «Кищинская СОШ имени Г. Сулейманова», «Дорожная карта мероприятий по обеспечению "
                  "перехода на новые ФГОС НОО, ФГОС ООО на 2022-2028 годы»; the same school template is at "
                  "https://tor-3.tverschool.ru/file/card?id=579; the opening stops inside row 3, rows 1–2 kept")
KISHCHA_PROSE = (
    "«Утверждаю»",
    "Директор МБОУ «Кищинская",
    "СОШ имени Г. Сулейманова»",
    "Приказ от 31.08.2022 года № __",
    "_________ Р.М.Магомедов",
    "Дорожная карта мероприятий по обеспечению перехода на новые ФГОС НОО,\nФГОС ООО на 2022-2028 годы",
)
KISHCHA_HEADER = ("№ п/п", "Мероприятия", "Сроки исполнения", "Результат")
KISHCHA_ROWS = (
    "1. Организационное обеспечение постепенного перехода на обучение по новым ФГОС НОО и ФГОС ООО",
    ("1", "Создание рабочей группы по обеспечению перехода на новые ФГОС НОО и ФГОС ООО", "Август 2022 года",
     ("Приказ о создании рабочих групп по обеспечению перехода на ФГОС НОО и ФГОС ООО\nРабочая группа по "
     "обеспечению перехода на ФГОС НОО.\nРабочая группа по обеспечению перехода на ФГОС ООО")),
    ("2", ("Проведение общешкольного родительского собрания, посвященного постепенному переходу на новые ФГОС НОО и "
          "ООО за период 2022-2027 годов"),
     "Август 2022 года, август 2023 года",
     ("Протокол общешкольного родительского собрания, посвященного постепенному переходу на новые ФГОС НОО и ООО "
     "за период 2022-2027 годов")),
)


def kishcha(directory: Path) -> RealPlan:
    """A table without «Ответственный»: the plan is the school's; nobody is named per action."""
    path = Path(directory) / "kishcha_fgos_2022.docx"
    document = _document()
    for line in KISHCHA_PROSE[:5]:
        _paragraph(document, line, WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(document, KISHCHA_PROSE[5], WD_ALIGN_PARAGRAPH.CENTER)
    table = _table(document, 4)
    _row(table, list(KISHCHA_HEADER))
    _repeat_as_header(table.rows[0])
    actions, section = [], ""
    for row in KISHCHA_ROWS:
        if isinstance(row, str):
            _section(table, row)
            section = row
            continue
        _row(table, list(row))
        no, action, deadline, result = row
        actions.append(Action(_no(no), action, deadline, "", result=result, section=section))
    _end(document, path)
    return RealPlan("kishcha", path, KISHCHA_SOURCE, tuple(actions), STATED["kishcha"], ABSENT["kishcha"],
                    level=SCHOOL)


# ---------------------------------------------------------------------------------------------- mordovia

MORDOVIA_SOURCE = ("https://base.garant.ru/405285547/53f89421bbdaf741eb2d1ecc4ddb4c33/ — Приложение к приказу "
                   "Министерства образования Республики Мордовия от 30 декабря 2021 г. N 1295, «План мероприятий "
                   "(\"дорожная карта\") по обеспечению перехода на обновленные ФГОС …»; the opening stops inside "
                   "row 1.2, so row 1.1 is kept")
MORDOVIA_PROSE = (
    "Приложение\nк приказу Министерства образования\nРеспублики Мордовия\nот 30 декабря 2021 г. N 1295",
    ("План мероприятий (\"дорожная карта\")\nпо обеспечению перехода на обновленные федеральные государственные "
    "образовательные стандарты начального общего и основного общего образования в общеобразовательных "
    "организациях Республики Мордовия на 2021 - 2023 годы"),
)
MORDOVIA_HEADER = ("N п/п", "Мероприятия", "Период реализации", "Ответственные", "Результат")
MORDOVIA_ROWS = (
    "1. Организационное обеспечение перехода на обучение по обновленным ФГОС НОО и ФГОС ООО",
    ("1.1", ("Создание региональной рабочей группы для координации работы по обеспечению перехода "
            "общеобразовательных организаций Республики Мордовия на обновленные ФГОС НОО и ФГОС ООО"),
     "август 2021 г.", "Министерство образования Республики Мордовия", "Приказ о создании рабочей группы"),
)


def mordovia(directory: Path) -> RealPlan:
    path = Path(directory) / "mordovia_fgos_2021.docx"
    document = _document()
    _paragraph(document, MORDOVIA_PROSE[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(document, MORDOVIA_PROSE[1], WD_ALIGN_PARAGRAPH.CENTER)
    table = _table(document, 5)
    _row(table, list(MORDOVIA_HEADER))
    actions, section = [], ""
    for row in MORDOVIA_ROWS:
        if isinstance(row, str):
            _section(table, row)
            section = row
            continue
        _row(table, list(row))
        no, action, deadline, responsible, result = row
        actions.append(Action(_no(no), action, deadline, responsible, result=result, section=section))
    _end(document, path)
    return RealPlan("mordovia", path, MORDOVIA_SOURCE, tuple(actions), STATED["mordovia"])


# ---------------------------------------------------------------------------------------------- arkhangelsk

ARKHANGELSK_SOURCE = ("https://docs.cntd.ru/document/462601870/titles/56KR1H — ПРИЛОЖЕНИЕ N 2 к комплексу мер по "
                      "модернизации системы общего образования в Архангельской области (в редакции постановления "
                      "правительства Архангельской области от 2 апреля 2013 года N 130-пп), «ПЛАН-ГРАФИК … на 2013 "
                      "год по кварталам»; the opening stops inside row 2 (before its responsible), so row 1 is kept")
ARKHANGELSK_PROSE = (
    ("ПРИЛОЖЕНИЕ N 2\nк комплексу мер по модернизации\nсистемы общего образования\nв Архангельской области на 2013 "
    "год\nи на период до 2020 года\n(в редакции постановления\nправительства Архангельской области\nот 2 апреля "
    "2013 года N 130-пп)"),
    ("ПЛАН-ГРАФИК\nреализации мероприятий по модернизации системы общего\nобразования в Архангельской области на "
    "2013 год по кварталам"),
)
ARKHANGELSK_ACTION_HEADER = "Наименование мероприятия"
ARKHANGELSK_DEADLINE_HEADER = "Срок реализации мероприятия"
ARKHANGELSK_QUARTERS = ("I\nквартал\n2013 г.", "II\nквартал\n2013 г.", "III квартал\n2013 г.", "IV квартал 2013 г.")
ARKHANGELSK_RESPONSIBLE_HEADER = ("Наименование органа исполнительной власти Архангельской области, ответственного\n"
                                  "за реализацию мероприятия")
ARKHANGELSK_ROWS = (
    (("1. Проведение аналитических заседаний по реализации проекта модернизации системы общего образования в "
     "Архангельской области"), ("х", "х", "х", "х"), "министерство образования и науки Архангельской области"),
)
MARK = "х"      # Cyrillic «ха», as the page has it


def arkhangelsk(directory: Path) -> RealPlan:
    """The deadline is where the row is marked: «х» under a quarter. The number opens the action's text."""
    path = Path(directory) / "arkhangelsk_quarters_2013.docx"
    document = _document()
    _paragraph(document, ARKHANGELSK_PROSE[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(document, ARKHANGELSK_PROSE[1], WD_ALIGN_PARAGRAPH.CENTER)
    table = _table(document, 6)
    top, bottom = table.add_row(), table.add_row()
    table.cell(0, 0).merge(table.cell(1, 0)).text = ARKHANGELSK_ACTION_HEADER
    table.cell(0, 1).merge(table.cell(0, 4)).text = ARKHANGELSK_DEADLINE_HEADER
    table.cell(0, 5).merge(table.cell(1, 5)).text = ARKHANGELSK_RESPONSIBLE_HEADER
    for column, quarter in enumerate(ARKHANGELSK_QUARTERS, start=1):
        table.cell(1, column).text = quarter
    for row in (top, bottom):
        _repeat_as_header(row)
    _row(table, [str(k) for k in range(1, 7)])        # the columns' own numbers under the header
    actions, marked = [], {}
    for text, marks, responsible in ARKHANGELSK_ROWS:
        _row(table, [text, *marks, responsible])
        no, action = text.split(". ", 1)
        quarters = tuple(" ".join(q.split()) for q, m in zip(ARKHANGELSK_QUARTERS, marks) if m == MARK)
        marked[no] = quarters
        actions.append(Action(no, action, ", ".join(quarters), responsible))
    _end(document, path)
    return RealPlan("arkhangelsk", path, ARKHANGELSK_SOURCE, tuple(actions), STATED["arkhangelsk"],
                    marked_quarters=marked)


# What each document states of its issuer, as a reader names it («Сведения»). A school's plan is the school's
# (ОО); a region's ministry is «регион». A plan over several school or calendar years is filed under its first
# year (the import's rule); «2012-2013» is one school year.
STATED = {
    "krasnodar": {"org_name": "Министерство образования и науки Краснодарского края", "org_kind": REGION,
                  "doc_kind": "приказ", "doc_number": "5976", "doc_date": date(2015, 11, 13), "period": "2016",
                  "region": "Краснодарский край"},
    "gia_2014": {},
    "school16": {"org_name": "МБОУ СОШ № 16", "org_kind": SCHOOL, "period": "2012-2013"},
    "kishcha": {"org_name": "МБОУ «Кищинская СОШ имени Г. Сулейманова»", "org_kind": SCHOOL,
                "doc_kind": "приказ", "doc_date": date(2022, 8, 31), "period": "2022"},
    "mordovia": {"org_name": "Министерство образования Республики Мордовия", "org_kind": REGION,
                 "doc_kind": "приказ", "doc_number": "1295", "doc_date": date(2021, 12, 30), "period": "2021",
                 "region": "Республика Мордовия"},
    "arkhangelsk": {"doc_number": "130-пп", "doc_date": date(2013, 4, 2), "period": "2013",
                    "region": "Архангельская область"},
}
# What a document leaves blank or never says: the import must leave it for the person, not make it up.
ABSENT = {
    "krasnodar": (), "mordovia": (), "arkhangelsk": (),
    "gia_2014": ("org_name", "doc_number", "doc_date", "period"),
    "school16": ("doc_number", "doc_date"),
    "kishcha": ("doc_number",),                  # «№ __»
}

BUILDERS = {"krasnodar": krasnodar, "gia_2014": gia_2014, "school16": school16, "kishcha": kishcha,
            "mordovia": mordovia, "arkhangelsk": arkhangelsk}
