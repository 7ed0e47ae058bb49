"""``xl-roadmap excel install`` and ``excel doctor``: ready a machine for the add-in, and say what is missing.
Thin: the work is in ``app.excel_setup``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from xl_roadmap.cli.options import main

_OS = click.Choice(["windows", "macos"])
_OS_HELP = "Для какой системы раскладка папок; по умолчанию — эта (на Linux, где Excel нет, — Windows)"


@main.group("excel")
def excel_group() -> None:
    """Надстройка Excel (вкладка «Дорожная карта»): установка и проверка."""


@excel_group.command("install")
@click.option("--dry-run", "dry_run", is_flag=True, help="Только показать, что будет сделано; ничего не записывать")
@click.option("--os", "os_name", type=_OS, help=_OS_HELP)
def install_cmd(dry_run: bool, os_name: str | None) -> None:
    """Настроить xlwings на этот Python, положить надстройку xl-roadmap.xlam в папку надстроек Excel и
    зарегистрировать её (в Windows). Повторный запуск ничего не меняет.

    Код выхода: 0 — готово (или --dry-run), 2 — не сделано (причина названа).
    """
    from xl_roadmap.app.errors import AddinMissing, OutputError
    from xl_roadmap.app.excel_setup import MISSING, SAME, install

    try:
        report = install(dry_run=dry_run, os_name=os_name)
    except (AddinMissing, OutputError) as exc:
        click.echo(f"Ошибка: {exc}. Ничего не записано." if isinstance(exc, AddinMissing) else f"Ошибка: {exc}",
                   err=True)
        sys.exit(2)
    click.echo(f"Python: {report.python}")
    for note in report.notes:
        click.echo(note)
    verb = "будет: " if dry_run else ""
    for step in report.steps:
        state = step.change if step.change in (SAME, MISSING) else verb + step.change
        click.echo(f"[{state}] {step.what}: {step.path}" + (f" — {step.detail}" if step.detail else ""))
    for left in report.remaining:
        click.echo(f"Осталось сделать в Excel: {left}")
    if dry_run:
        click.echo("Пробный запуск (--dry-run): ничего не записано.")
    elif not report.changed:
        click.echo("Всё уже установлено: ничего не изменено.")
    else:
        click.echo("Готово. Перезапустите Excel: появится вкладка «Дорожная карта».")


@excel_group.command("doctor")
@click.argument("books", nargs=-1, metavar="[КНИГА.xlsm]...", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--os", "os_name", type=_OS, help=_OS_HELP)
def doctor_cmd(books: tuple[Path, ...], os_name: str | None) -> None:
    """Проверить, что нужно надстройке: Python, xlwings, настройка xlwings, файл надстройки, регистрация.
    Названные книги с макросами — проверить, что их кнопки работают с установленным xlwings.

    Код выхода: 0 — всё на месте, 1 — чего-то нет (сказано, что сделать).
    """
    from xl_roadmap.app.excel_setup import doctor

    checks = doctor(os_name=os_name, books=books)
    for check in checks:
        click.echo(f"{'✓' if check.ok else '✗'} {check.what}: {check.detail}")
    missing = [c for c in checks if not c.ok]
    click.echo("Всё на месте." if not missing else f"Не готово: {len(missing)} из {len(checks)}.")
    sys.exit(1 if missing else 0)
