"""click's own texts (usage errors, help headings, metavars) in Russian.

click translates its texts with gettext, which takes the language from the environment and needs compiled
catalogues; our users' machines have neither reliably, and a Russian-speaking user should not meet
"Error: Missing argument". So the CLI hands click's modules a translation function over the table below.
A text click adds in a later version and we do not know stays as click wrote it.
"""

from __future__ import annotations

import gettext

import click

SINGULAR = {
    "Usage:": "Запуск:",
    "Options": "Параметры",
    "Commands": "Команды",
    "Show this message and exit.": "Показать эту справку и выйти.",
    "Show the version and exit.": "Показать версию и выйти.",
    "%(prog)s, version %(version)s": "%(prog)s, версия %(version)s",
    "Error: {message}": "Ошибка: {message}",
    "Try '{command} {option}' for help.": "Справка: {command} {option}",
    "Invalid value: {message}": "Неверное значение: {message}",
    "Invalid value for {param_hint}: {message}": "Неверное значение {param_hint}: {message}",
    "Missing argument": "Не указан аргумент",
    "Missing option": "Не указан параметр",
    "Missing parameter": "Не указан параметр",
    "Missing parameter: {param_name}": "Не указан параметр: {param_name}",
    "Missing command.": "Не указана команда.",
    "No such command {name!r}.": "Нет команды {name!r}.",
    "No such option {name!r}.": "Нет параметра {name!r}.",
    "Option {name!r} does not take a value.": "Параметр {name!r} пишется без значения.",
    "Aborted!": "Прервано.",
    "default: {default}": "по умолчанию: {default}",
    "required": "обязательный",
    "file": "Файл",
    "directory": "Папка",
    "path": "Путь",
    "{name} {filename!r} does not exist.": "{name} {filename!r} не существует.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} — это папка, а нужен файл.",
    "{name} {filename!r} is a file.": "{name} {filename!r} — это файл, а нужна папка.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} недоступен для чтения.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} недоступен для записи.",
    "{value!r} is not a valid {number_type}.": "{value!r} — не число.",
    "{value} is not in the range {range}.": "{value} — вне допустимого диапазона {range}.",
    "Could not open file {filename!r}: {message}": "Не удалось открыть файл {filename!r}: {message}",
}

# (singular, plural) → Russian (one, many); click's plurals only distinguish 1 from the rest.
PLURAL = {
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"):
        ("Лишний аргумент ({args})", "Лишние аргументы ({args})"),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."):
        ("После параметра {name!r} нужно значение.", "После параметра {name!r} нужно значений: {nargs}."),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."):
        ("{value!r} — не {choice}.", "{value!r} — не из списка: {choices}."),
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"):
        ("Может быть, {possibility}?", "(Может быть, один из: {possibilities}?)"),
}

# Metavars click derives from a parameter's type name ("TEXT", "INTEGER"), keyed by that name.
METAVARS = {"text": "ТЕКСТ", "integer": "ЧИСЛО", "integer range": "ЧИСЛО", "path": "ПУТЬ", "file": "ФАЙЛ",
            "directory": "ПАПКА"}


def russian(message: str) -> str:
    return SINGULAR.get(message, message)


def russian_plural(singular: str, plural: str, n: int) -> str:
    one, many = PLURAL.get((singular, plural), (singular, plural))
    return one if n == 1 else many


def install() -> None:
    """Give click's modules the Russian texts. Only names still bound to gettext's own functions are replaced."""
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.termui
    import click.types
    import click.utils

    for module in (click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.termui,
                   click.types, click.utils):
        if getattr(module, "_", None) is gettext.gettext:
            module._ = russian
        if getattr(module, "ngettext", None) is gettext.ngettext:
            module.ngettext = russian_plural


def _metavar(param: click.Parameter) -> str | None:
    kind = param.type
    if isinstance(kind, click.Path):
        name = "directory" if not kind.file_okay else "file" if not kind.dir_okay else "path"
        return METAVARS[name]
    return METAVARS.get(getattr(kind, "name", ""))


def translate_tree(group: click.Group) -> None:
    """Usage lines of every command in Russian: «[ПАРАМЕТРЫ]», «КОМАНДА [АРГУМЕНТЫ]...», option metavars."""
    group.options_metavar = "[ПАРАМЕТРЫ]"
    # click builds a group's metavar when the group is made, before this runs: set here for every group
    group.subcommand_metavar = "КОМАНДА [АРГУМЕНТЫ]..."
    for command in group.commands.values():
        command.options_metavar = "[ПАРАМЕТРЫ]"
        for param in command.params:
            if isinstance(param, click.Option) and not param.is_flag and param.metavar is None:
                param.metavar = _metavar(param)
        if isinstance(command, click.Group):    # «excel install», «excel doctor»: a group inside the group
            translate_tree(command)
