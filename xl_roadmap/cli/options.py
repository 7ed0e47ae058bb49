"""The command group and the options its commands share (dates, periods, levels, JSON output)."""

from __future__ import annotations

import json
from datetime import date

import click

from xl_roadmap.cli import russian

russian.install()


def _as_of(value: str | None) -> date:
    if not value:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"«{value}» — ожидается дата ГГГГ-ММ-ДД, например 2024-12-31") from None


def _period(ctx, param, value: str | None) -> str | None:
    """A --period that is no period would reject every book: say so before anything is read or written."""
    from xl_roadmap.core.deadlines import parse_period

    if value is not None and parse_period(value) is None:
        raise click.BadParameter(f"«{value}» — укажите год (2024), учебный год (2024-2025) или годы (2023-2025)")
    return value


def _level(ctx, param, value: str | None) -> int | None:
    """--level as the user writes it («ОО», «УО», «регион») → the level the roll-up sums (0, 1, 2)."""
    from xl_roadmap.rollup.judging import LEVEL_NAMES, level_of

    if value is None:
        return None
    try:
        return level_of(value)
    except ValueError:
        raise click.BadParameter(f"«{value}» — укажите {', '.join(LEVEL_NAMES)}") from None


def _echo_json(obj) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False, indent=1, default=str))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="xl-roadmap")
def main() -> None:
    """xl-roadmap: дорожные карты по показателям в Excel — шаблоны, проверка, свод."""
