"""What an open book's protection refuses of the door's writes, and lifting it for them.

Excel refuses, on a protected sheet, a value into a locked cell, a colour unless the sheet permits formatting
cells, a hyperlink unless it permits inserting them; on a book whose structure is locked, a new sheet. Our
templates permit what the door does (workbook.json → protection), so on a book of the current template nothing
is lifted; a book of an earlier template, or protected anew by its user, is: :func:`lifts` says which sheets,
and the guard (excel.guard) lifts them before its first write and restores them after its last.

Only Excel for Windows is asked (its object model through pywin32, ``book.api``). Engines without protection
(xlwings' remote engine and Server/Lite, whose client applies the writes) are :class:`Unenforced`; Excel for
Mac is not asked either — a write it refuses is undone by the guard and the user told. The object-model calls
follow Microsoft's documentation and were not run here (no Excel on this machine).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from xl_roadmap.excel.writing import ADD_SHEET, CLEAR, COLOUR, LINK, VALUE, Write

# Excel's Protection object: what a protected sheet allows, kept to protect it again exactly as it was
_ALLOW = ("AllowFormattingCells", "AllowFormattingColumns", "AllowFormattingRows", "AllowInsertingColumns",
          "AllowInsertingRows", "AllowInsertingHyperlinks", "AllowDeletingColumns", "AllowDeletingRows",
          "AllowSorting", "AllowFiltering", "AllowUsingPivotTables")


@dataclass(frozen=True)
class Lifts:
    structure: bool = False
    sheets: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return self.structure or bool(self.sheets)


def lifts(writes: Sequence[Write], protection) -> Lifts:
    """The protection to lift for ``writes``: the book's structure when a sheet is added to a locked one, and
    each sheet on which the protection refuses one of them. ``protection``: ``structure_locked()`` and
    ``blocks(write)`` (:class:`ExcelProtection`, :class:`Unenforced`)."""
    adds = any(w.kind == ADD_SHEET for w in writes)
    sheets: dict[str, None] = {}
    for w in writes:
        if w.sheet not in sheets and w.kind in (VALUE, CLEAR, COLOUR, LINK) and protection.blocks(w):
            sheets[w.sheet] = None
    return Lifts(structure=adds and protection.structure_locked(), sheets=tuple(sheets))


class Unenforced:
    """An engine that has no protection to refuse a write with."""

    def structure_locked(self) -> bool:
        return False

    def blocks(self, write: Write) -> bool:
        return False


class ExcelProtection:
    """Excel for Windows: the workbook's and worksheets' protection as its object model reports it."""

    def __init__(self, book_api):
        self._book = book_api
        self._sheets: dict[str, object] = {}

    def _sheet(self, name: str):
        if name not in self._sheets:
            try:
                self._sheets[name] = self._book.Worksheets(name)
            except Exception:  # noqa: BLE001 (COM: no such sheet yet — the plan adds it, unprotected)
                self._sheets[name] = None
        return self._sheets[name]

    def structure_locked(self) -> bool:
        return bool(self._book.ProtectStructure)

    def blocks(self, write: Write) -> bool:
        ws = self._sheet(write.sheet)
        if ws is None or not ws.ProtectContents:
            return False
        if write.kind == COLOUR:
            return not ws.Protection.AllowFormattingCells
        # Range.Locked is None (VBA's Null) when some cells are locked and some not
        locked = ws.Range(write.span).Locked is not False
        if write.kind == LINK:
            return locked or not ws.Protection.AllowInsertingHyperlinks
        return locked

    def lift_sheet(self, name: str, password: str) -> Callable[[], None]:
        ws = self._sheet(name)
        allowed = {attr: getattr(ws.Protection, attr) for attr in _ALLOW}
        kept = {"DrawingObjects": ws.ProtectDrawingObjects, "Contents": True, "Scenarios": ws.ProtectScenarios,
                **allowed}
        ws.Unprotect(password)
        return lambda: ws.Protect(password, **kept)

    def lift_structure(self, password: str) -> Callable[[], None]:
        windows = bool(self._book.ProtectWindows)
        self._book.Unprotect(password)
        return lambda: self._book.Protect(password, True, windows)


def protection_of(book):
    """The protection of ``book`` as its engine can tell it."""
    try:
        api = book.api
        _ = api.ProtectStructure    # only Excel for Windows' Workbook object answers this
    except Exception:  # noqa: BLE001 (remote engine: a dict; Mac: appscript; none: no object model)
        return Unenforced()
    return ExcelProtection(api)
