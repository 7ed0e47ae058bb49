"""Every command with its output redirected to files in a Russian Windows code page: cp1251 (the ANSI one, what a
pipe or a file gets) and cp866 (the console's OEM one, asked for through PYTHONIOENCODING). Python encodes such
streams strictly, so one ✓, → or « that the code page lacks used to end the command with a UnicodeEncodeError.

Each case is a real process (the entry point sets the streams up before anything is printed) whose stdout and
stderr are files; the inputs are made once for the module, in this process."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.app.test_import_document import _plan_docx
from tests.support.books import old_template
from tests.support.cli import invoke
from xl_roadmap.cli.console import json_text

ENCODINGS = ("cp1251", "cp866")
AS_OF = "2025-03-15"


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("consoles")
    demo = base / "демо"
    assert invoke("demo", "--schools", "2", "--out", str(demo), "--as-of", AS_OF).exit_code == 0
    rollup = base / "своды" / "свод.xlsx"
    rollup.parent.mkdir()
    done = invoke("consolidate", str(demo / "schools"), "-o", str(rollup), "--as-of", AS_OF, "--org-code", "ZR")
    assert done.exit_code in (0, 1), done.output
    orgs = base / "оо.csv"
    orgs.write_text("Код;Наименование\nОО-01;МОУ «СОШ № 1»\nОО-02;МОУ ООШ\n", encoding="cp1251")
    return {"school": min((demo / "schools").glob("*.xlsx")), "schools": demo / "schools",
            "archive": rollup.parent / "xl-roadmap-архив.sqlite", "docx": _plan_docx(base / "приказ.docx"),
            "orgs": orgs, "old": old_template("school", "1.0")}


# command → (its arguments, given the inputs and a fresh output folder; the exit codes it may end with; a text
# the run must print, so a run that died early, or printed Cyrillic as «?», does not pass). ✓ and → are in neither
# code page: «+ » and «->» show the fallback.
COMMANDS = {
    "help": (lambda i, o: ["--help"], {0}, "Команды:"),
    "template": (lambda i, o: ["template", "school", "-o", str(o / "школа.xlsx"), "--org-name", "МОУ «СОШ № 1»"],
                 {0}, "Шаблон записан"),
    "build-templates": (lambda i, o: ["build-templates", "--dir", str(o / "шаблоны")], {0}, "Записан:"),
    "validate": (lambda i, o: ["validate", str(i["school"]), "--as-of", AS_OF, "--report", str(o / "отчёты")],
                 {0, 1}, "Итого файлов:"),
    "deadline": (lambda i, o: ["deadline", "ежемесячно до 5 числа", "--period", "2024-2025", "--as-of", AS_OF],
                 {0}, "Периодичность: ежемесячно"),
    "consolidate": (lambda i, o: ["consolidate", str(i["schools"]), "-o", str(o / "свод.xlsx"), "--as-of", AS_OF,
                                  "--no-archive"], {0, 1}, "Свод записан"),
    "demo": (lambda i, o: ["demo", "--schools", "1", "--out", str(o / "демо"), "--as-of", AS_OF], {0}, "Свод района:"),
    "import": (lambda i, o: ["import", str(i["docx"]), "-o", str(o / "план.xlsx"), "--as-of", AS_OF], {0, 1},
               "план.xlsx"),
    "hand-down": (lambda i, o: ["hand-down", str(_plan(i, o)), "--orgs", str(i["orgs"]), "--out-dir",
                                str(o / "книги"), "--as-of", AS_OF], {0, 1}, "Записано книг: 2"),
    "next-period": (lambda i, o: ["next-period", str(i["school"]), "-o", str(o / "следующий.xlsx"), "--period",
                                  "2025-2026"], {0, 1}, "следующий.xlsx"),
    "upgrade": (lambda i, o: ["upgrade", str(i["old"]), "-o", str(o / "новая.xlsx")], {0, 1}, "новая.xlsx"),
    "history": (lambda i, o: ["history", "--archive", str(i["archive"]), "-o", str(o / "тренды.xlsx")], {0},
                "тренды.xlsx"),
    "excel install --dry-run": (lambda i, o: ["excel", "install", "--dry-run"], {0}, "-> Перейти"),
    "excel install": (lambda i, o: ["excel", "install"], {0}, "Настройка xlwings"),
    "excel doctor": (lambda i, o: ["excel", "doctor"], {0, 1}, "+ Пакет xlwings: версия"),
}
# Each command in both code pages, but those that compile a VBA project (~5 s each) in one: the replacement is
# the same code for both, and cp866 lacks more of what we print («» — … besides ✓ →).
ONE_CODE_PAGE = {"build-templates": "cp1251", "excel install": "cp866"}
CASES = [(command, encoding) for command in COMMANDS for encoding in ENCODINGS
         if ONE_CODE_PAGE.get(command, encoding) == encoding]


def _plan(inputs: dict[str, Path], out: Path) -> Path:
    """A district's plan to hand down: imported from the order in this process (the import is a case of its own)."""
    plan = out / "план_района.xlsx"
    assert invoke("import", str(inputs["docx"]), "-o", str(plan), "--as-of", AS_OF).exit_code in (0, 1)
    return plan


def _run(args: list[str], encoding: str, folder: Path) -> tuple[int, str, str]:
    """The command in a process whose stdout and stderr are files in ``encoding``; (exit code, stdout, stderr)
    decoded as a reader of those files would."""
    home = folder / "дом"
    home.mkdir(exist_ok=True)
    env = {**os.environ, "PYTHONIOENCODING": encoding, "HOME": str(home), "USERPROFILE": str(home),
           "APPDATA": str(home / "AppData" / "Roaming")}
    out, err = folder / "stdout.txt", folder / "stderr.txt"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        code = subprocess.run([sys.executable, "-m", "xl_roadmap.cli", *args], check=False, stdout=stdout,
                              stderr=stderr, env=env, cwd=folder, timeout=600).returncode
    return code, out.read_bytes().decode(encoding), err.read_bytes().decode(encoding)


@pytest.mark.parametrize("command, encoding", CASES)
def test_every_command_prints_into_a_russian_windows_code_page(command, encoding, inputs, tmp_path):
    make_args, codes, expected = COMMANDS[command]
    code, stdout, stderr = _run(make_args(inputs, tmp_path), encoding, tmp_path)
    assert "Traceback" not in stderr and "UnicodeEncodeError" not in stderr, stderr
    assert code in codes, f"exit {code}\n{stdout}\n{stderr}"
    assert expected in stdout + stderr, f"{stdout}\n{stderr}"
    # a character of ours that the fallback table misses would show as «?»
    assert "?" not in stdout + stderr, f"{stdout}\n{stderr}"


def test_json_stays_exact_in_a_code_page_that_lacks_its_characters(inputs, tmp_path):
    """A replaced character would change what a script reads: --json escapes it instead."""
    utf8 = _run(["validate", "--json", str(inputs["school"]), "--as-of", AS_OF], "utf-8", tmp_path)
    cp866 = _run(["validate", "--json", str(inputs["school"]), "--as-of", AS_OF], "cp866", tmp_path)
    assert "«" in utf8[1] and "«" not in cp866[1]                        # the document names sheets in «»
    assert json.loads(cp866[1]) == json.loads(utf8[1])


def test_json_escapes_a_character_beyond_the_basic_plane_as_a_surrogate_pair():
    stream = io.TextIOWrapper(io.BytesIO(), encoding="cp1251")
    text = json.dumps({"знак": "✓ 😀 «ё»"}, ensure_ascii=False)
    escaped = json_text(text, stream)
    assert "\\ud83d\\ude00" in escaped and "«ё»" in escaped
    escaped.encode("cp1251")
    assert json.loads(escaped) == {"знак": "✓ 😀 «ё»"}
