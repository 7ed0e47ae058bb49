"""Worksheet functions for classic Excel on Windows (xlwings add-in → «Import Functions»).

Names carry the prefix DK_ (ДК — дорожная карта) in Latin letters: classic UDFs are registered through VBA,
which does not take Cyrillic identifiers on every locale. The Office.js add-in (udfs_server) registers the
same functions under Russian names.

=DK_SROK(текст; [период])                                   → дата окончания срока (или пусто)
=DK_SROK_SOSTOYANIE(текст; [дата_выполнения]; [на_дату]; [период]) → «в срок», «просрочено», …
=DK_ZNACHENIE(код; числитель; [знаменатель]; [редакция])     → значение показателя по каталогу
=DK_STATUS(код; значение; [норма]; [редакция])               → «достигнут» / «не достигнут» / …
"""

from __future__ import annotations

import xlwings as xw

from xl_roadmap.app.worksheet_functions import srok, srok_sostoyanie, status, znachenie


# Registered names (what a user types in a cell) → implementation.
@xw.func
@xw.arg("text", ndim=2)
@xw.ret(expand="table")
def DK_SROK(text, period=None):
    """Дата окончания срока, записанного словами («до 1 августа 2024 года», «ежеквартально»)."""
    return srok(text, period)


@xw.func
@xw.arg("text", ndim=2)
@xw.arg("done", ndim=2)
def DK_SROK_SOSTOYANIE(text, done=None, as_of=None, period=None):
    """Состояние срока: выполнено / в срок / просрочено / срок не указан / срок не распознан."""
    return srok_sostoyanie(text, done, as_of, period)


@xw.func
@xw.arg("code", ndim=2)
@xw.arg("numerator", ndim=2)
@xw.arg("denominator", ndim=2)
def DK_ZNACHENIE(code, numerator, denominator=None, edition=None):
    """Значение показателя из числителя и знаменателя по каталогу (вид, множитель)."""
    return znachenie(code, numerator, denominator, edition)


@xw.func
@xw.arg("code", ndim=2)
@xw.arg("value", ndim=2)
@xw.arg("norm", ndim=2)
def DK_STATUS(code, value, norm=None, edition=None):
    """Статус показателя относительно нормы: достигнут / не достигнут / нет нормы / нет данных."""
    return status(code, value, norm, edition)
