"""RunPython entry points of the workbook buttons (macros/XlRoadmap.bas calls these).

Each takes an optional ``book`` so tests can pass a book built by xlwings' own engine; in Excel the book is
``xw.Book.caller()``. The work is done by ``app.open_book``; this door only converts and shows. The add-in's
ribbon (``excel.addin``) calls these same functions with Excel's active workbook.
"""

from __future__ import annotations

from pathlib import Path

import xlwings as xw

from xl_roadmap.app.import_document import (
    ImportOutcome,
    free_name,
    import_document,
    output_for,
)
from xl_roadmap.app.open_book import check_plan, consolidate_folder, deadline_marks
from xl_roadmap.app.upgrade import UpgradeOutcome, upgrade_grids
from xl_roadmap.excel import guard
from xl_roadmap.excel.dialogs import Unavailable, ask_open, open_book, status
from xl_roadmap.excel.grids import XlwingsGrids
from xl_roadmap.excel.writing import deadline_writes, report_writes
from xl_roadmap.rules.report_plan import ReportPlan
from xl_roadmap.spec import default_spec


def _book(book):
    return book if book is not None else xw.Book.caller()


def _own_file(book) -> Path | None:
    """The district book's own file when it has a local one: it may lie in the very folder it sums."""
    try:
        path = Path(book.fullname)
    except Exception:          # engines without files (xlwings Server) or a book never saved
        return None
    return path if path.is_absolute() else None


def validate(book=None) -> ReportPlan | None:
    """«Проверить»: findings on «Проверка» with links, offending cells coloured, Python-filled cells filled —
    all of it or, when Excel refuses a write, none (excel.guard)."""
    book = _book(book)
    plan = check_plan(XlwingsGrids(book), book.name)
    if not guard.write(book, report_writes(book, plan), "Проверить"):
        return None
    book.app.alert(plan.summary, title="Проверка")
    return plan


def flag_deadlines(book=None) -> dict[str, int] | None:
    """«Проверить сроки»: parsed end and state of every deadline as of «Дата проверки сроков» (or today)."""
    book = _book(book)
    marks = deadline_marks(XlwingsGrids(book), book.name)
    if not guard.write(book, deadline_writes(marks.fills, marks.states), "Проверить сроки"):
        return None
    book.app.alert(marks.summary(), title="Проверка сроков")
    return marks.counts


def consolidate(book=None, folder: str | None = None, output: str | None = None):
    """«Свести»: books from «Папка с книгами для свода» → a roll-up FILE beside this book, written as
    ``xl-roadmap consolidate`` writes it, then opened; this book is not changed (docs/design-notes.md).
    ``output``: the file, where the engine cannot tell this book's own (xlwings' remote engine in tests)."""
    book = _book(book)

    def progress(i: int, n: int) -> None:
        status(book, f"Свод: прочитано {i} из {n} книг")

    rollup = consolidate_folder(XlwingsGrids(book), book.name, _own_file(book), folder, progress,
                                out=Path(output) if output else None)
    status(book, False)
    if rollup.problem:
        book.app.alert(rollup.problem, title="Свод")
        return None
    open_book(book.app, rollup.output)        # engines that cannot open files: the summary names it
    book.app.alert(rollup.summary(), title="Свод")
    return rollup.result


DOCUMENT_FILTER = "Документы Word и PDF (*.docx;*.doc;*.rtf;*.odt;*.pdf),*.docx;*.doc;*.rtf;*.odt;*.pdf"


def _ask_document(book) -> str | None:
    """Excel's own «Открыть» dialog; None when cancelled or unavailable (then the command is named)."""
    try:
        return ask_open(book.app, DOCUMENT_FILTER, "Импорт из Word: выберите документ")
    except Unavailable:
        book.app.alert("Окно выбора файла недоступно: выполните в командной строке\n"
                       "xl-roadmap import ДОКУМЕНТ.docx -o КНИГА.xlsx", title="Импорт из Word")
        return None


def import_word(book=None, path: str | None = None) -> ImportOutcome | None:
    """«Импорт из Word»: the chosen document → a new filled workbook beside it (never over an existing one),
    opened in Excel; the summary says what was repaired or guessed (listed on its «Импорт» sheet)."""
    book = _book(book)
    path = path or _ask_document(book)
    if not path:
        return None
    source = Path(path)
    outcome = import_document(source, free_name(output_for(source, None, None)))
    if outcome.output is not None:
        open_book(book.app, outcome.output)        # engines that cannot open files: the summary names it
    book.app.alert(outcome.summary(), title="Импорт из Word")
    return outcome


def upgrade(book=None, file: str | None = None) -> UpgradeOutcome | None:
    """«Обновить шаблон»: this book (as open, unsaved edits included) → a copy in the current template beside its
    file, «ИМЯ (шаблон 1.2).xlsx» (.xlsm for a book with buttons; never over an existing one), opened in Excel;
    the summary lists what moved, what the template adds and what could not be carried. ``file``: the book's
    file where the engine cannot tell it (xlwings' remote engine in tests)."""
    book = _book(book)
    own = Path(file) if file else _own_file(book)
    if own is None:
        book.app.alert("У книги нет файла на диске: сохраните её и нажмите ещё раз, или выполните в командной "
                       "строке\nxl-roadmap upgrade КНИГА.xlsx -o НОВАЯ.xlsx", title="Обновить шаблон")
        return None
    spec = default_spec()
    suffix = ".xlsm" if own.suffix.lower() == ".xlsm" else ".xlsx"      # a book with buttons keeps them
    target = free_name(own.with_name(f"{own.stem} (шаблон {spec.template_version}){suffix}"))
    outcome = upgrade_grids(XlwingsGrids(book), book.name, target, spec)
    if outcome.output is not None:
        open_book(book.app, outcome.output)        # engines that cannot open files: the summary names it
    book.app.alert("\n".join(outcome.lines()), title="Обновить шаблон")
    return outcome
