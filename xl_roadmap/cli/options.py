"""The command group and the options its commands share (dates, periods, levels, JSON output)."""

from __future__ import annotations

import json
import re
from datetime import date

import click

from xl_roadmap.cli import russian

russian.install()


_RUSSIAN_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
DATE_METAVAR = "ДАТА"
DATE_HELP = "ДД.ММ.ГГГГ или ГГГГ-ММ-ДД"


def _as_of(value: str | None) -> date:
    """A date option as a Russian user writes it (31.12.2024) or as a script does (2024-12-31)."""
    if not value:
        return date.today()
    text = value.strip()
    try:
        if found := _RUSSIAN_DATE.fullmatch(text):
            day, month, year = map(int, found.groups())
            return date(year, month, day)
        if found := _ISO_DATE.fullmatch(text):
            year, month, day = map(int, found.groups())
            return date(year, month, day)
    except ValueError:
        pass
    raise click.BadParameter(f"«{value}» — ожидается дата {DATE_HELP}, например 31.12.2024 или 2024-12-31")


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


class LevelOption(click.Option):
    """--level, whose metavar names the levels in the spec's words («ОО|УО|регион»): asked for when a help text
    is shown, not at every start (the words need the spec loaded)."""

    def make_metavar(self, *args, **kwargs) -> str:     # click 8.1 passes no context, 8.2 and later do
        from xl_roadmap.rollup.judging import LEVEL_NAMES

        return "|".join(LEVEL_NAMES)


def _echo_json(obj) -> None:
    from xl_roadmap.cli.console import json_text

    click.echo(json_text(json.dumps(obj, ensure_ascii=False, indent=1, default=str)))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="xl-roadmap")
def main() -> None:
    """xl-roadmap: дорожные карты по показателям в Excel — шаблоны, проверка, свод."""
