"""Commands for a book's life over time: ``next-period`` (this period's book → the next one's) and ``upgrade``
(a book of an older template → the current template). Thin: the work is in ``app.next_period`` and
``app.upgrade``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from xl_roadmap.cli.options import _echo_json, _period, main


@main.command("next-period")
@click.argument("book", metavar="КНИГА.xlsx", type=click.Path(path_type=Path))
@click.option("-o", "--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Куда записать книгу следующего периода (.xlsx; .xlsm — с кнопками)")
@click.option("--period", metavar="ПЕРИОД", required=True, callback=_period,
              help="Новый отчётный период: 2025 или 2025-2026 (2025/2026, 2025-26 — тоже); начинается после периода книги")
@click.option("--overwrite", is_flag=True, help="Перезаписать файл -o, если он уже есть")
@click.option("--json", "as_json", is_flag=True, help="Вывести итог в JSON")
def next_period_cmd(book, out, period, overwrite, as_json) -> None:
    """Книга следующего отчётного периода из этой: незавершённые мероприятия с их номерами и подтверждениями,
    показатели на новый период; выполненные и отменённые мероприятия остаются в старой книге.

    Код выхода: 0 — книга записана; 1 — записана, но значения столбцов, которых нет в шаблоне, перенести
    некуда (перечислены; они остались в книге прошлого периода); 2 — не записана (причина названа).
    """
    from xl_roadmap.app.next_period import next_period_file

    o = next_period_file(book, out, period, overwrite=overwrite)
    _report(o, as_json)


@main.command("upgrade")
@click.argument("book", metavar="КНИГА.xlsx", type=click.Path(path_type=Path))
@click.option("-o", "--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Куда записать обновлённую книгу (.xlsx; .xlsm — с кнопками)")
@click.option("--overwrite", is_flag=True, help="Перезаписать файл -o, если он уже есть")
@click.option("--json", "as_json", is_flag=True, help="Вывести итог в JSON")
def upgrade_cmd(book, out, overwrite, as_json) -> None:
    """Перенести книгу, сделанную по шаблону прежней версии, в текущий шаблон — со всеми значениями и списком
    того, что куда перенесено.

    Код выхода: 0 — книга записана (или уже по текущему шаблону); 1 — записана, но часть значений перенести
    некуда (перечислены; они остались в исходной книге); 2 — не записана (причина названа).
    """
    from xl_roadmap.app.upgrade import upgrade_file

    o = upgrade_file(book, out, overwrite=overwrite)
    _report(o, as_json)


def _report(outcome, as_json: bool) -> None:
    if as_json:
        _echo_json(outcome.as_json())
    else:
        failed = outcome.exit_code == 2
        for line in outcome.lines():
            click.echo(line, err=failed)
    sys.exit(outcome.exit_code)
