"""The command-line door (``xl-roadmap``): the only package that imports click."""

from __future__ import annotations

import sys


def run() -> None:
    """Entry point. A broken spec (a JSON file of the package edited by hand) is a message and exit 3, even
    when it breaks loading the commands themselves (the vocabulary is read from the spec at import)."""
    from xl_roadmap.cli import console

    console.install()       # before anything is printed: a Russian Windows pipe is cp1251 or cp866
    import click

    from xl_roadmap.spec import SpecError

    try:
        from xl_roadmap.cli.commands import main

        main()
    except SpecError as exc:
        click.echo(str(exc), err=True)
        sys.exit(3)
