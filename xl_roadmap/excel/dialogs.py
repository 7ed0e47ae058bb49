"""Excel's own dialogs and status bar, through its object model (``app.api``), for both doors (the workbook
buttons and the add-in's ribbon).

Engines without Excel's object model (xlwings' remote engine, xlwings Server/Lite) have no ``app.api``:
each asker then raises :class:`Unavailable`, so the caller can say which command to run instead. A
cancelled dialog is ``None``. Only real Excel shows these dialogs; the tests here exercise the fallbacks.
"""

from __future__ import annotations


class Unavailable(Exception):
    """This engine cannot show Excel's dialogs."""


MSO_FILE_DIALOG_FOLDER_PICKER = 4      # Office's msoFileDialogFolderPicker


def _chosen(value) -> str | None:
    # GetOpenFilename / GetSaveAsFilename answer False (the Boolean, or its text on some builds) when cancelled
    return None if value in (None, False, "False", "") else str(value)


def _api(app):
    try:
        return app.api
    except Exception as exc:  # noqa: BLE001 (the remote engine's App has no api; others raise NotImplementedError)
        raise Unavailable(str(exc)) from None


def ask_open(app, file_filter: str, title: str) -> str | None:
    api = _api(app)
    try:
        return _chosen(api.GetOpenFilename(FileFilter=file_filter, Title=title))
    except Exception as exc:  # noqa: BLE001 (COM errors of any kind: the dialog is not there)
        raise Unavailable(str(exc)) from None


def ask_save(app, initial: str, file_filter: str, title: str) -> str | None:
    api = _api(app)
    try:
        return _chosen(api.GetSaveAsFilename(InitialFileName=initial, FileFilter=file_filter, Title=title))
    except Exception as exc:  # noqa: BLE001 (COM errors of any kind: the dialog is not there)
        raise Unavailable(str(exc)) from None


def ask_folder(app, title: str) -> str | None:
    api = _api(app)
    try:
        dialog = api.FileDialog(MSO_FILE_DIALOG_FOLDER_PICKER)
        dialog.Title = title
        if dialog.Show() != -1:        # -1: the user pressed OK
            return None
        return _chosen(dialog.SelectedItems(1))
    except Exception as exc:  # noqa: BLE001 (COM errors of any kind: the dialog is not there)
        raise Unavailable(str(exc)) from None


def status(book, text) -> None:
    """Excel's status bar; engines without one (xlwings Server/Lite, remote) simply do not show progress."""
    try:
        book.app.status_bar = text
    except NotImplementedError:
        pass


def open_book(app, path) -> bool:
    """Open a file we have just written in Excel; engines that cannot open files answer False (the message
    names the file instead)."""
    try:
        app.books.open(str(path))
    except Exception:  # noqa: BLE001 (an engine that cannot open files)
        return False
    return True
