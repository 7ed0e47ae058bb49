"""The worksheet functions for the Office.js add-in (xlwings Server / xlwings Lite), under Russian names.

=ДК.СРОК(текст; [период]), =ДК.СОСТОЯНИЕ_СРОКА(текст; [дата_выполнения]; [на_дату]; [период]),
=ДК.ЗНАЧЕНИЕ(код; числитель; [знаменатель]; [редакция]), =ДК.СТАТУС(код; значение; [норма]; [редакция]).
"""

from __future__ import annotations

from xlwings import server

from xl_roadmap.app.worksheet_functions import srok, srok_sostoyanie, status, znachenie

__xlwings_func_namespace__ = "ДК"


@server.func(name="СРОК")
@server.arg("text", ndim=2)
def dk_srok(text, period=None):
    """Дата окончания срока, записанного словами."""
    return srok(text, period)


@server.func(name="СОСТОЯНИЕ_СРОКА")
@server.arg("text", ndim=2)
@server.arg("done", ndim=2)
def dk_srok_sostoyanie(text, done=None, as_of=None, period=None):
    """Состояние срока: выполнено / в срок / просрочено / срок не указан / срок не распознан."""
    return srok_sostoyanie(text, done, as_of, period)


@server.func(name="ЗНАЧЕНИЕ")
@server.arg("code", ndim=2)
@server.arg("numerator", ndim=2)
@server.arg("denominator", ndim=2)
def dk_znachenie(code, numerator, denominator=None, edition=None):
    """Значение показателя из числителя и знаменателя по каталогу."""
    return znachenie(code, numerator, denominator, edition)


@server.func(name="СТАТУС")
@server.arg("code", ndim=2)
@server.arg("value", ndim=2)
@server.arg("norm", ndim=2)
def dk_status(code, value, norm=None, edition=None):
    """Статус показателя относительно нормы."""
    return status(code, value, norm, edition)
