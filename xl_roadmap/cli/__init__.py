"""The command-line door (``xl-roadmap``): the only package that imports click."""

from __future__ import annotations

import atexit
import gc
import sys


def run() -> None:
    """Entry point. A broken spec (a JSON file of the package edited by hand) is a message and exit 3, even
    when it breaks loading the commands themselves (the vocabulary is read from the spec at import)."""
    from xl_roadmap.cli import console

    console.install()       # before anything is printed: a Russian Windows pipe is cp1251 or cp866

    # What a command builds — modules, the spec — lives until the process ends; at exit the collector would walk
    # all of it once more only to free memory the system frees anyway (a tenth of a click's time). Frozen objects
    # are left to the system; exit handlers (registered later, so run earlier) have run by then.
    atexit.register(gc.freeze)
    import click

    try:
        from xl_roadmap.cli.commands import main

        main()
    except Exception as exc:
        from xl_roadmap.spec import SpecError    # here, not at the top: --help reads no spec

        if not isinstance(exc, SpecError):
            raise
        click.echo(str(exc), err=True)
        sys.exit(3)
