"""A mistyped command gets Russian from click too: usage errors, help headings, metavars (in this process through
CliRunner; once through the installed entry point in a real process)."""

from __future__ import annotations

import json
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
    (["validate", "a.xlsx", "b.xlsx", "--as-of", "2024-13-01"], "«2024-13-01» — ожидается дата ДД.ММ.ГГГГ или ГГГГ-ММ-ДД"),
    (["deadline", "до мая", "--as-of", "31.02.2026"], "«31.02.2026» — ожидается дата ДД.ММ.ГГГГ или ГГГГ-ММ-ДД"),
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
                                  ["template", "--help"], ["deadline", "--help"], ["excel", "--help"],
                                  ["excel", "install", "--help"], ["history", "--help"]])
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


@pytest.mark.parametrize("as_of", ["01.12.2026", "1.12.2026", "2026-12-01"])
def test_a_date_option_takes_the_russian_and_the_iso_form(as_of):
    done = invoke("deadline", "до 1 ноября 2026 года", "--as-of", as_of)
    assert done.exit_code == 0, done.output
    assert "Состояние на 01.12.2026 (если не выполнено): просрочено" in done.stdout


@pytest.mark.parametrize("text, kind, periodicity", [
    ("ежемесячно", "периодически", "ежемесячно"),
    ("3 раза в год", "периодически", "раз в год: 3"),
    ("постоянно", "постоянно", None),
    ("по мере поступления", "по событию", None),
    ("абракадабра", "срок не распознан", None),
])
def test_deadline_speaks_russian(text, kind, periodicity):
    done = invoke("deadline", text, "--as-of", "2026-01-01")
    assert done.exit_code == 0
    assert f"Вид: {kind}\n" in done.stdout
    if periodicity:
        assert f"Периодичность: {periodicity}\n" in done.stdout
    assert not re.search(r"[A-Za-z]", done.stdout), done.stdout


def test_deadline_of_listed_quarters_shows_each_quarter_end():
    done = invoke("deadline", "I, III кварталы 2025 г.", "--period", "2025", "--json")
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout) == {"text": "I, III кварталы 2025 г.", "kind": "recurring", "start": "2025-01-01",
                                       "end": "2025-09-30", "recurrence": "listed",
                                       "checkpoints": ["2025-03-31", "2025-09-30"]}


def test_template_never_replaces_an_existing_file_without_overwrite(tmp_path):
    book = tmp_path / "школа № 3 копия.xlsx"
    book.write_bytes(b"a filled book")
    done = invoke("template", "school", "-o", str(book))
    assert done.exit_code == 2
    assert f"файл «{book}» уже есть и не перезаписан" in done.stderr and "--overwrite" in done.stderr
    assert book.read_bytes() == b"a filled book"
    done = invoke("template", "school", "-o", str(book), "--overwrite")
    assert done.exit_code == 0, done.output
    assert book.read_bytes()[:2] == b"PK"
