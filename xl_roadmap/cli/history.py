"""Command ``history``: what the archive of consolidations knows across periods. Thin: the work is in
``app.history``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from xl_roadmap.cli.options import _echo_json, main


def _number(v) -> str:
    if v is None:
        return "—"
    return f"{v:.1f}" if isinstance(v, float) and not v.is_integer() else f"{v:g}"


@main.command("history")
@click.option("--archive", "archive", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Файл архива сводов (по умолчанию consolidate ведёт его рядом со сводом)")
@click.option("--org", "org", metavar="КОД", help="Показать значения одной организации (по коду)")
@click.option("--indicator", "indicator", metavar="КОД", help="Только этот показатель (П1, М7.15 …)")
@click.option("-o", "--out", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="Записать книгу трендов (.xlsx): таблица и диаграмма по каждому показателю")
@click.option("--json", "as_json", is_flag=True, help="Вывести историю в JSON")
def history_cmd(archive, org, indicator, out, as_json) -> None:
    """История показателей по отчётным периодам: значение по своду и по каждой организации.

    Код выхода: 0 — история показана (и книга записана); 1 — в архиве нет подходящих данных; 2 — архив не
    прочитан или книга не записана.
    """
    from xl_roadmap.app.errors import ArchiveError, OutputError
    from xl_roadmap.app.history import archive_history, empty_message, write_trend_book

    if out is not None and out.suffix.lower() != ".xlsx":
        raise click.BadParameter("книга трендов записывается в .xlsx", param_hint="--out")
    try:
        h = archive_history(archive, org=org, indicator=indicator)
    except ArchiveError as exc:
        click.echo(f"Ошибка: {exc}", err=True)
        sys.exit(2)
    if not h.rows:
        if as_json:
            _echo_json(h.to_dict())
        click.echo(empty_message(org, indicator), err=True)
        sys.exit(1)
    if out is not None:
        try:
            write_trend_book(h, out, archive)
        except OutputError as exc:
            click.echo(f"Книга трендов не записана: {exc}", err=True)
            sys.exit(2)
    if as_json:
        _echo_json(h.to_dict())
        return
    click.echo(f"Периоды: {', '.join(h.periods)}; книг в истории: {h.submissions}")
    for r in h.rows:
        line = f"   {r.code:<8} {r.period:<18} {_number(r.value):>10}  ({_number(r.numerator)} / " \
               f"{_number(r.denominator)}), организаций: {len(r.sources)}"
        click.echo(line)
        if org:
            for o in r.organisations:
                click.echo(f"      {o.code:<12} {_number(o.value):>10}  {o.name}")
    if out is not None:
        click.echo(f"Книга трендов записана: {out}")
