"""Command line: a thin door over the use cases. Output in Russian; ``--json`` for machines."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import click

from .io.atomic import OutputError
from .spec import SpecError


def _as_of(value: str | None) -> date:
    if not value:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"«{value}» — ожидается дата ГГГГ-ММ-ДД, например 2024-12-31") from None


def _echo_json(obj) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False, indent=1, default=str))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="xl-roadmap")
def main() -> None:
    """xl-roadmap: дорожные карты по показателям в Excel — шаблоны, проверка, свод."""


@main.command("template")
@click.argument("kind", type=click.Choice(["school", "district"]))
@click.option("-o", "--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Куда записать книгу (.xlsx или .xlsm)")
@click.option("--org-name", help="Наименование организации")
@click.option("--org-code", help="Код организации")
@click.option("--district", "municipality", help="Муниципальное образование")
@click.option("--region", help="Субъект РФ")
@click.option("--period", help="Отчётный период: 2024 или 2024-2025")
@click.option("--edition", "edition_id", help="Редакция каталога показателей (по умолчанию r170_2023)")
@click.option("--macros", is_flag=True, help="Книга с макросами (.xlsm) и кнопками «Проверить», «Свести»")
def template_cmd(kind, out, org_name, org_code, municipality, region, period, edition_id, macros) -> None:
    """Создать пустую книгу по шаблону: school — для ОО, district — для свода УО."""
    from . import templates
    from .spec import default_spec

    spec = default_spec()
    if edition_id and edition_id not in spec.editions:
        raise click.BadParameter(f"нет редакции «{edition_id}»; есть: {', '.join(spec.editions)}")
    if macros and out.suffix.lower() != ".xlsm":
        raise click.BadParameter("книга с макросами должна иметь расширение .xlsm", param_hint="--out")
    if not macros and out.suffix.lower() != ".xlsx":
        raise click.BadParameter("книга без макросов должна иметь расширение .xlsx", param_hint="--out")
    vba = None
    if macros:
        from .io.vba import build_vba_project
        vba = build_vba_project(out.parent)
    try:
        templates.build_template(out, kind, spec=spec, edition_id=edition_id, vba_project=vba, org_name=org_name,
                                 org_code=org_code, municipality=municipality, region=region, period=period)
    except OutputError as exc:
        click.echo(f"Ошибка: {exc}", err=True)
        sys.exit(2)
    finally:
        if vba is not None and vba.exists():
            vba.unlink()
    click.echo(f"Шаблон записан: {out}")


@main.command("build-templates")
@click.option("--dir", "directory", default="workbook_templates", type=click.Path(file_okay=False, path_type=Path),
              help="Папка для шаблонов")
def build_templates_cmd(directory: Path) -> None:
    """Пересобрать все шаблоны в папке workbook_templates/ из спецификации."""
    from .build import build_all

    directory.mkdir(parents=True, exist_ok=True)
    for path in build_all(directory):
        click.echo(f"Записан: {path}")


def run() -> None:
    try:
        main()
    except SpecError as exc:
        click.echo(str(exc), err=True)
        sys.exit(3)


if __name__ == "__main__":
    run()
