"""Benchmark of a click: how long a fresh Python takes to answer, against the floor measured in the same run.

    python benchmarks/latency.py [--runs 31] [--book КНИГА.xlsx]

xlwings starts Python for every click of a button, and a console user starts it for every command, so the time
that counts is a whole new process. Each is started ``--runs`` times, the three kinds in turn (a load on the
machine falls on all of them alike), and the medians are compared:
(f) the floor: ``python -c`` that opens the same book with python-calamine and reads every sheet;
(v) ``xl-roadmap validate КНИГА`` — one school book, without --report;
(h) ``xl-roadmap --help``.
Targets: v/f ≤ 4, h/f ≤ 3. The book is a demo school's (the demo generator) unless --book names one.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGETS = {"validate": 4.0, "help": 3.0}

FLOOR = ("import sys, python_calamine\n"
         "book = python_calamine.CalamineWorkbook.from_path(sys.argv[1])\n"
         "for name in book.sheet_names:\n"
         "    book.get_sheet_by_name(name).to_python()\n")


def school_book(folder: Path) -> Path:
    from xl_roadmap.app.demo.run import write_district

    paths, _, _ = write_district(folder, schools=1, seed=7, as_of=date(2025, 3, 15), mistakes_every=1)
    return paths[0]


def commands(book: Path) -> dict[str, list[str]]:
    cli = [sys.executable, "-m", "xl_roadmap.cli"]      # the repository's code, as the console script runs it
    return {"floor": [sys.executable, "-c", FLOOR, str(book)], "validate": [*cli, "validate", str(book)],
            "help": [*cli, "--help"]}


def environment(pycache: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    # an installed package has its bytecode (pip compiles it): the warm-up run writes it, outside the repository,
    # even where PYTHONDONTWRITEBYTECODE is set, or every run would time compiling our modules
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    return env


def once(cmd: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    # from the repository: «python -m» puts the working folder first on sys.path, and it must be this code
    done = subprocess.run(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - t0
    # validate's exit code says what it found (0 or 1); 2 or a traceback would time a failure
    if done.returncode not in (0, 1) or "Traceback" in done.stderr:
        sys.exit(f"{' '.join(cmd)}: код выхода {done.returncode}\n{done.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=31)
    parser.add_argument("--book", type=Path, default=None, help="книга школы (по умолчанию — книга демонстрации)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="xlr-latency-") as tmp:
        book = args.book.resolve() if args.book else school_book(Path(tmp) / "schools")
        env = environment(Path(tmp) / "pycache")
        cmds = commands(book)
        for cmd in cmds.values():       # warm the file cache and __pycache__: a click on a used machine
            once(cmd, env)
        times: dict[str, list[float]] = {name: [] for name in cmds}
        for _ in range(args.runs):
            for name, cmd in cmds.items():
                times[name].append(once(cmd, env))
    median = {name: statistics.median(ts) for name, ts in times.items()}
    print(f"книга: {book.name} ({book.stat().st_size / 1024:.0f} КБ), запусков: {args.runs}, медианы:"
          if args.book else f"книга школы из демонстрации, запусков: {args.runs}, медианы:")
    print(f"(f) пол: python -c + python-calamine читает книгу  {median['floor'] * 1000:7.0f} мс")
    print(f"(v) xl-roadmap validate КНИГА                     {median['validate'] * 1000:7.0f} мс")
    print(f"(h) xl-roadmap --help                             {median['help'] * 1000:7.0f} мс")
    v, h = median["validate"] / median["floor"], median["help"] / median["floor"]
    print(f"v/f = {v:.1f} (цель ≤ {TARGETS['validate']:g})   h/f = {h:.1f} (цель ≤ {TARGETS['help']:g})")
    # the fastest runs are the least disturbed by other processes: on a busy machine the medians wander more
    least = {name: min(ts) for name, ts in times.items()}
    print(f"по минимумам ({least['floor'] * 1000:.0f}, {least['validate'] * 1000:.0f}, {least['help'] * 1000:.0f} мс): "
          f"v/f = {least['validate'] / least['floor']:.1f}   h/f = {least['help'] / least['floor']:.1f}")


if __name__ == "__main__":
    main()
