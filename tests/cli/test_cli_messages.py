"""A mistyped command gets Russian from click too: usage errors, help headings, metavars (in this process through
CliRunner; once through the installed entry point in a real process)."""

from __future__ import annotations

import re

import pytest

from tests.support.cli import invoke, run_cli

# Words of click's English texts that must not reach a user (the command and option names themselves may).
ENGLISH = re.compile(r"Usage:|Error:|Try '|Missing|Invalid value|No such|Options|Commands|Show this|required|"
                     r"default:|is not|extra argument|requires an argument|Did you mean|\bTEXT\b|\bPATH\b|"
                     r"\bINTEGER\b|\[OPTIONS\]|COMMAND")


@pytest.mark.parametrize("args, russian", [
    (["validate"], "Не указан аргумент 'КНИГА...'"),
    (["consolidate", "папка"], "Не указан параметр '-o' / '--out'"),
    (["consolidate", "папка", "-o"], "После параметра '-o' нужно значение"),
    (["demo", "--schools", "0"], "0 — вне допустимого диапазона"),
    (["demo", "--schools", "двенадцать"], "'двенадцать' — не число"),
    (["template", "teacher", "-o", "x.xlsx"], "'teacher' — не из списка: 'school', 'district'"),
    (["consolid"], "Нет команды 'consolid'. Может быть, 'consolidate'?"),
    (["validate", "--jsn", "x.xlsx"], "Нет параметра '--jsn'. Может быть, '--json'?"),
    (["validate", "a.xlsx", "b.xlsx", "--as-of", "2024-13-01"], "«2024-13-01» — ожидается дата ГГГГ-ММ-ДД"),
    (["deadline", "до мая", "лишнее"], "Лишний аргумент (лишнее)"),
])
def test_usage_error_is_russian_and_exits_2(args, russian):
    done = invoke(*args)
    assert done.exit_code == 2
    assert russian in done.stderr
    assert "Ошибка:" in done.stderr
    assert not ENGLISH.search(done.stderr), done.stderr
    assert "Traceback" not in done.stderr


def test_output_that_is_a_folder_is_named_as_such(tmp_path):
    done = invoke("consolidate", str(tmp_path), "-o", str(tmp_path))
    assert done.exit_code == 2
    assert "это папка, а нужен файл" in done.stderr


@pytest.mark.parametrize("args", [["--help"], ["consolidate", "--help"], ["validate", "-h"], ["demo", "--help"],
                                  ["template", "--help"], ["deadline", "--help"]])
def test_help_is_russian(args):
    done = invoke(*args)
    assert done.exit_code == 0
    assert done.stdout.startswith("Запуск: ")
    assert "Параметры:" in done.stdout
    assert "Показать эту справку и выйти." in done.stdout
    assert not ENGLISH.search(done.stdout), done.stdout


def test_version_is_russian():
    done = invoke("--version")
    assert done.exit_code == 0
    assert ", версия " in done.stdout


def test_a_real_process_speaks_russian_too():
    """The entry point installs the translation before click parses anything (not only under CliRunner)."""
    done = run_cli("consolid")
    assert done.returncode == 2
    assert "Нет команды 'consolid'. Может быть, 'consolidate'?" in done.stderr
    assert not ENGLISH.search(done.stderr) and "Traceback" not in done.stderr
