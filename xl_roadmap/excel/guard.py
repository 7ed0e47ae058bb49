"""The one place the Excel door writes into an open book: all of a button's writes, or none of them.

1. Before the first write, the protection that would refuse one of them is lifted (excel.protection, with the
   template's password from workbook.json → protection); a protection that will not lift (a user's password)
   stops the button with nothing written.
2. The writes are made in order, each with a way back (:class:`Undo`): when Excel refuses one in the middle,
   what was already written is put back as it was.
3. The protection lifted is restored, whatever happened.
The user is told in Russian (workbook.json → excel_messages) what stopped the button.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from xl_roadmap.excel.protection import lifts, protection_of
from xl_roadmap.excel.writing import (
    ACTIVATE,
    ADD_SHEET,
    CLEAR,
    COLOUR,
    LINK,
    VALUE,
    Write,
    excel_value,
)
from xl_roadmap.spec import Spec, default_spec

_REASON = 300          # characters of Excel's own error text in a message (an alert holds 1024)


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= _REASON else text[:_REASON] + "…"


def _target(book, w: Write):
    return book.sheets[w.sheet].range(w.span)


def perform(book, w: Write) -> None:
    if w.kind == VALUE:
        book.sheets[w.sheet].range(w.address).value = w.value
    elif w.kind == CLEAR:
        _target(book, w).clear_contents()
    elif w.kind == COLOUR:
        _target(book, w).color = w.value
    elif w.kind == LINK:
        link, text, tip = w.value
        _target(book, w).add_hyperlink(link, text_to_display=text, screen_tip=tip)
    elif w.kind == ADD_SHEET:
        book.sheets.add(w.sheet, after=book.sheets[len(book.sheets) - 1])
    elif w.kind == ACTIVATE:
        book.sheets[w.sheet].activate()
    else:
        raise ValueError(w.kind)


class Undo:
    """An engine that writes at once (Excel): each target's old state is read before it is written, and put
    back, last first. A hyperlink added to «Проверка» stays on the cell whose text is put back."""

    def __init__(self, book):
        self._book = book
        self._steps: list[Callable[[], None]] = []

    def keep(self, w: Write) -> None:
        book = self._book
        if w.kind in (VALUE, CLEAR, LINK):
            rng = _target(book, w)
            old = rng.options(ndim=2).value
            self._steps.append(lambda: setattr(rng, "value", [[excel_value(v) for v in row] for row in old]))
        elif w.kind == COLOUR:
            rng = _target(book, w)
            old = _colour(rng)
            self._steps.append(lambda: setattr(rng, "color", old))
        elif w.kind == ADD_SHEET:
            self._steps.append(lambda: book.sheets[w.sheet].delete())

    def undo(self) -> None:
        while self._steps:
            self._steps.pop()()


def _colour(rng):
    try:
        return rng.color
    except NotImplementedError:     # an engine that cannot read fills (xlwings' remote engine): none assumed
        return None


class Pending:
    """An engine whose writes reach Excel only after the button returns (xlwings' remote engine and Server:
    ``book.json()["actions"]``): the writes made are dropped, so none reaches the book."""

    def __init__(self, actions: list):
        self._actions = actions
        self._start = len(actions)

    def keep(self, w: Write) -> None:
        pass

    def undo(self) -> None:
        del self._actions[self._start:]


def undo_for(book):
    try:
        actions = book.json()["actions"]
    except Exception:  # noqa: BLE001 (Excel's own books have no pending actions: they write at once)
        return Undo(book)
    return Pending(actions)


def write(book, writes: Sequence[Write], button: str, *, spec: Spec | None = None, undo=None) -> bool:
    """Make ``writes`` in ``book``: True when all were made. Otherwise the book is as it was (or, when even
    that failed, the user is told to close it unsaved) and the user has been told why; False."""
    spec = spec or default_spec()
    password = spec.protection.password
    try:
        restores = _lift(book, writes, password)
    except _Refused as refused:
        _tell(book, button, spec.excel_message("protected", button=button, what=refused.what,
                                                  reason=_reason(refused.cause)))
        return False
    undo = undo if undo is not None else undo_for(book)
    failed: tuple[Write, BaseException] | None = None
    undo_error: BaseException | None = None
    try:
        for w in writes:
            undo.keep(w)
            perform(book, w)
    except Exception as exc:  # noqa: BLE001 (COM errors of any kind: the book is put back)
        failed = (w, exc)
        try:
            undo.undo()
        except Exception as again:  # noqa: BLE001
            undo_error = again
    finally:
        not_restored = _restore(restores)
    if failed is not None:
        w, exc = failed
        where = {"button": button, "sheet": w.sheet, "cell": w.span or "—", "reason": _reason(exc)}
        message = spec.excel_message("undo_failed", undo=_reason(undo_error), **where) if undo_error else \
            spec.excel_message("write_refused", **where)
        _tell(book, button, message)
        return False
    if not_restored:
        what, exc = not_restored
        _tell(book, button, spec.excel_message("protection_not_restored", button=button, what=what,
                                                  reason=_reason(exc)))
    return True


class _Refused(Exception):
    def __init__(self, what: str, cause: BaseException):
        super().__init__(what)
        self.what, self.cause = what, cause


def _lift(book, writes: Sequence[Write], password: str) -> list[tuple[str, Callable[[], None]]]:
    """Lift what would refuse ``writes``; on a refusal, what was lifted is restored and _Refused raised."""
    protection = protection_of(book)
    done: list[tuple[str, Callable[[], None]]] = []
    what = "книга"
    try:
        needed = lifts(writes, protection)
        if needed.structure:
            what = "структура книги"
            done.append((what, protection.lift_structure(password)))
        for sheet in needed.sheets:
            what = f"лист «{sheet}»"
            done.append((what, protection.lift_sheet(sheet, password)))
    except Exception as exc:  # noqa: BLE001 (COM: a password we do not know, Excel busy)
        _restore(done)
        raise _Refused(what, exc) from None
    return done


def _restore(done: list[tuple[str, Callable[[], None]]]) -> tuple[str, BaseException] | None:
    """Protect again what was lifted; the first that would not, with its error."""
    failed = None
    for what, restore in reversed(done):
        try:
            restore()
        except Exception as exc:  # noqa: BLE001
            failed = failed or (what, exc)
    return failed


def _tell(book, button: str, message: str) -> None:
    book.app.alert(message, title=button)
