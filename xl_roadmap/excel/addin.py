"""RunPython entry points of the add-in's ribbon (tab «Дорожная карта» of ``xl-roadmap.xlam``; each VBA Sub
of module ``XlRoadmapRibbon`` is one line ``RunPython "import xl_roadmap.excel.addin as a; a.FUNC()"``).

An add-in's buttons act on Excel's ACTIVE workbook: ``xw.Book.caller()`` is the add-in itself (VBA's
ThisWorkbook), so the book is that Excel's ``books.active``. Every entry point takes ``book=None`` — tests pass
a book built by xlwings' remote engine. The work is done by the same functions as the workbook buttons
(``excel.buttons``) after the active book is known to be ours and of the right kind (``app.book_kind``);
otherwise the user is told, in Russian, and nothing in the book changes. Messages: ``workbook.json`` →
``excel_messages``.
"""

from __future__ import annotations

from pathlib import Path

import xlwings as xw

from xl_roadmap.app.book_kind import ANY, ROLLUP, BookKind, book_kind, refusal
from xl_roadmap.app.errors import OutputError
from xl_roadmap.app.templates import build_kind
from xl_roadmap.excel import buttons
from xl_roadmap.excel.dialogs import Unavailable, ask_folder, ask_save, open_book
from xl_roadmap.excel.grids import XlwingsGrids
from xl_roadmap.spec import default_spec

# button labels by entry point, from the ribbon's spec (workbook.json → addin): messages name the button
LABELS = {b.function: b.label for b in default_spec().addin.buttons}

UDF_MODULE = "xl_roadmap.excel.udfs"
XLSX_FILTER = "Книга Excel (*.xlsx),*.xlsx"


def _message(key: str, **tokens) -> str:
    return default_spec().excel_message(key, **tokens)


def _label(func: str) -> str:
    return LABELS[func].rstrip("…")


def _addin():
    """The workbook whose RunPython called us: in Excel, the add-in."""
    return xw.Book.caller()


def _active(book):
    """(the workbook to act on or None, the app to talk to)."""
    if book is not None:
        return book, book.app
    addin = _addin()
    try:
        active = addin.app.books.active
    except Exception:  # noqa: BLE001 (no workbook open: Excel's ActiveWorkbook is Nothing)
        active = None
    return active, addin.app


def _our_book(book, need: str, func: str) -> tuple[object, BookKind] | None:
    """The active workbook when it is one of ours and of the kind ``func`` needs; else the user is told."""
    book, app = _active(book)
    label = _label(func)
    if book is None:
        app.alert(_message("no_book", button=label), title=label)
        return None
    kind = book_kind(XlwingsGrids(book))
    problem = refusal(kind, book.name, need, label)
    if problem:
        book.app.alert(problem, title=label)
        return None
    return book, kind


def validate(book=None):
    """«Проверить» on the active school or district book: as the workbook's own button does."""
    found = _our_book(book, ANY, "validate")
    return buttons.validate(found[0]) if found else None


def flag_deadlines(book=None):
    """«Проверить сроки» on the active school or district book."""
    found = _our_book(book, ANY, "flag_deadlines")
    return buttons.flag_deadlines(found[0]) if found else None


def consolidate(book=None, folder: str | None = None, output: str | None = None):
    """«Свести папку…» in the active district (or region) roll-up book: the folder of «Папка с книгами для
    свода», else one chosen in Excel's folder picker (recorded in that field of the roll-up file). The roll-up is
    a new file beside the book (``output``: where the engine cannot tell the book's file), opened when written."""
    found = _our_book(book, ROLLUP, "consolidate")
    if not found:
        return None
    book, kind = found
    if folder is None and not kind.inputs_folder:
        try:
            folder = ask_folder(book.app, _message("folder_title", button=_label("consolidate")))
        except Unavailable:
            folder = None               # the roll-up then names the cell to fill
        else:
            if folder is None:          # cancelled
                return None
    return buttons.consolidate(book, folder=folder, output=output)


def upgrade(book=None, file: str | None = None):
    """«Обновить шаблон» on the active book of ours: a copy in the current template beside it (as
    ``xl-roadmap upgrade``), opened; the summary lists what moved."""
    found = _our_book(book, ANY, "upgrade")
    return buttons.upgrade(found[0], file=file) if found else None


def import_word(book=None, path: str | None = None):
    """«Импорт из Word…»: needs no open workbook (the new book is written beside the document)."""
    book, _ = _active(book)
    return buttons.import_word(book if book is not None else _addin(), path)


def _new_book(book, path: str | None, kind: str, func: str, example: str) -> Path | None:
    _, app = _active(book)
    label = _label(func)
    if path is None:
        try:
            path = ask_save(app, example, XLSX_FILTER, _message("save_title", button=label))
        except Unavailable:
            app.alert(_message("save_unavailable", kind=kind, example=example), title=label)
            return None
        if path is None:                # cancelled
            return None
    out = Path(path)
    if out.suffix.lower() != ".xlsx":   # the add-in carries the buttons: the book itself needs no macros
        out = out.with_name(out.name + ".xlsx")
    if out.exists():
        app.alert(_message("file_exists", path=out, button=label), title=label)
        return None
    try:
        build_kind(out, kind, False)
    except OutputError as exc:
        app.alert(str(exc), title=label)
        return None
    open_book(app, out)
    app.alert(_message("book_written", path=out), title=label)
    return out


def new_school_book(book=None, path: str | None = None) -> Path | None:
    """«Новая книга школы»: a blank school template (.xlsx) where the user says, opened in Excel."""
    return _new_book(book, path, "school", "new_school_book", "книга_школы.xlsx")


def new_district_book(book=None, path: str | None = None) -> Path | None:
    """«Новый свод района»: a blank district book (.xlsx) — the district's plan and its «Свести папку…»."""
    return _new_book(book, path, "district", "new_district_book", "свод_района.xlsx")


def import_functions(book=None) -> bool:
    """«Подключить функции»: the worksheet functions of ``excel.udfs`` (DK_SROK …) into the add-in's own VBA
    project, as xlwings' «Import Functions» does for a custom add-in, then the add-in is saved so they stay.

    Only Excel for Windows can do this: xlwings' ``import_udfs`` drives the VBA project through pywin32 (and
    needs «Доверять доступ к объектной модели проектов VBA»). Elsewhere, and in the tests here (no Excel,
    no pywin32), the user gets the Russian explanation; that the import itself works was NOT verified here.
    """
    target = book if book is not None else _addin()
    label = _label("import_functions")
    try:
        # imports pywin32 (pythoncom): Windows only
        from xlwings.udfs import import_udfs
    except ImportError as exc:
        target.app.alert(_message("functions_unavailable", reason=f"нет модуля {exc.name or exc}"), title=label)
        return False
    try:
        import_udfs(UDF_MODULE, target.api)
        target.api.Save()
    except Exception as exc:  # noqa: BLE001 (COM refuses: trust settings, a read-only add-in; shown)
        target.app.alert(_message("functions_failed", reason=str(exc), button=label), title=label)
        return False
    target.app.alert(_message("functions_imported", functions=", ".join(_udf_names())), title=label)
    return True


def _udf_names() -> list[str]:
    from xl_roadmap.excel import udfs

    return [name for name in dir(udfs) if name.startswith("DK_")]


def show_help(book=None) -> str:
    """«Справка»: what each button does and where the README is."""
    _, app = _active(book)
    text = _message("help")
    app.alert(text, title=LABELS["show_help"])
    return text
