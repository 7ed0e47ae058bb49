"""Use case «demo»: a fictional district from the real roadmaps — fill, validate, consolidate."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Callable

from xl_roadmap.app.consolidate_file import consolidate_to_file
from xl_roadmap.app.demo.generate import load_content, organisations, plant_mistakes, school_plan, school_year_of
from xl_roadmap.app.report_copies import write_report_copies
from xl_roadmap.app.validate import validate_paths
from xl_roadmap.io.atomic import OutputError, atomic_output, make_folder
from xl_roadmap.io.os_errors import os_reason
from xl_roadmap.io.workbook_file import file_sha256
from xl_roadmap.io.xlsx.writer import WorkbookWriter
from xl_roadmap.rollup.consolidation import ExpectedOrg
from xl_roadmap.spec import default_spec

DEMO_MARK = ".xl-roadmap-demo"     # in DIR/schools/: this folder is the demo's own, a rerun may replace it


def write_district(out_dir: Path, *, schools: int, seed: int, as_of: date, period: str | None = None,
                   mistakes_every: int = 4, clean: bool = False) -> tuple[list[Path], list[ExpectedOrg], str]:
    """Write ``schools`` filled workbooks into ``out_dir`` (one in every ``mistakes_every`` with mistakes)."""
    spec = default_spec()
    edition = spec.edition()
    content = load_content()
    period = period or school_year_of(as_of)
    make_folder(out_dir)
    paths, expected = [], []
    for i, org in enumerate(organisations(schools)):
        plan = school_plan(spec, edition, org, seed=seed, period_text=period, as_of=as_of,
                           district=content["district"], clean=clean)
        if not clean and mistakes_every and i % mistakes_every == mistakes_every - 1:
            plant_mistakes(plan.content, random.Random(f"{seed}:mistakes:{i}"))
        path = out_dir / f"{org['code']}.xlsx"
        WorkbookWriter(spec, edition, plan.content).save(path)
        paths.append(path)
        expected.append(ExpectedOrg(org["code"], org["name"]))
    return paths, expected, period


def run_demo(out_dir: Path | str, *, schools: int = 12, seed: int = 2024, as_of: date,
             echo: Callable[[str], None] = print) -> str:
    out_dir = Path(out_dir)
    school_dir = out_dir / "schools"
    make_folder(out_dir)
    _clear_previous_demo(school_dir)
    spec = default_spec()
    district = load_content()["district"]
    echo(f"1/4 Заполняю книги {schools} школ ({district['name']}) → {school_dir}/")
    paths, expected, period = write_district(school_dir, schools=schools, seed=seed, as_of=as_of)
    _mark_as_demo(school_dir, paths)
    # one school that never sent its workbook, to show the register's «не представлен»
    expected.append(ExpectedOrg("ZR-999", "МБОУ «Основная общеобразовательная школа п. Лесной»"))
    expected_csv = out_dir / "ожидаемые_организации.csv"
    with atomic_output(expected_csv) as tmp:
        tmp.write_text("код;наименование\n" + "".join(f"{e.code};{e.name}\n" for e in expected), encoding="utf-8")
    echo(f"2/4 Проверяю книги на {as_of:%d.%m.%Y}")
    report = validate_paths(paths, as_of, spec)
    report_dir = out_dir / "reports"
    write_report_copies(report, report_dir, spec, folder=True)
    with atomic_output(out_dir / "validation.json") as tmp:
        tmp.write_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    st = report.stats()
    echo(f"    ошибок {st['errors']}, предупреждений {st['warnings']}, замечаний {st['notes']}; "
         f"отчёты → {report_dir}/")
    echo("3/4 Свожу книги в свод района")
    rollup = out_dir / "свод_района.xlsx"
    org = {"org_name": district["authority"], "org_code": district["code"],
           "signatory": "Начальник управления образования", "contact": "отдел качества образования"}
    result = consolidate_to_file(paths, rollup, org, as_of=as_of, spec=spec, period=period, expected=expected)
    d = result.to_dict()
    echo(f"    принято {d['accepted']}, отклонено {d['rejected']}, не представили {len(d['missing'])}")
    echo("4/4 Готово.")
    return "\n".join([
        f"Книги школ:           {school_dir}/",
        f"Отчёты проверки:      {report_dir}/ (лист «Проверка» со ссылками на ячейки)",
        f"Проверка (JSON):      {out_dir / 'validation.json'}",
        f"Свод района:          {rollup}",
        f"Список ожидаемых ОО:  {expected_csv}",
        "Повторить свод:  " + subprocess.list2cmdline([
            "xl-roadmap", "consolidate", str(school_dir), "-o", str(rollup), "--expected", str(expected_csv),
            "--as-of", as_of.isoformat(), "--org-name", org["org_name"], "--org-code", org["org_code"],
            "--signatory", org["signatory"], "--contact", org["contact"]]),
    ])


def _mark_as_demo(school_dir: Path, paths: list[Path]) -> None:
    """The mark records each book's sha-256 as the demo wrote it: a rerun replaces only what it can prove is its
    own, untouched output."""
    mark = {"note": "Папку создала демонстрация xl-roadmap; следующий запуск её заменит, если книги не менялись.",
            "books": {p.name: file_sha256(p) for p in paths}}
    with atomic_output(school_dir / DEMO_MARK) as tmp:
        tmp.write_text(json.dumps(mark, ensure_ascii=False, indent=1), encoding="utf-8")


def _recorded_books(school_dir: Path) -> dict[str, str] | None:
    """The books the last demo wrote into the folder (name → sha-256); None when the folder has no such mark."""
    try:
        mark = json.loads((school_dir / DEMO_MARK).read_text(encoding="utf-8"))
        books = mark["books"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return books if isinstance(books, dict) else None


def _clear_previous_demo(school_dir: Path) -> None:
    """The folder the last demo wrote is replaced only when every file in it is a book that demo wrote, unchanged
    (its sha-256 as the mark recorded it): an edited school book, a file a person put there, or a folder without
    the mark (not the demo's, or an older demo's that recorded nothing) is refused — the demo never deletes what a
    person may have changed."""
    if not school_dir.exists():
        return
    if not school_dir.is_dir():
        raise OutputError(f"«{school_dir}» — файл, а демонстрации нужна папка: укажите другую папку (--out).")
    books = _recorded_books(school_dir)
    if books is None:
        raise OutputError(f"Папка «{school_dir}» уже есть, и в ней нет отметки демонстрации — её файлы не будут "
                          f"удалены. Укажите для демонстрации другую папку (--out) или удалите эту.")
    for p in sorted(school_dir.iterdir()):
        if p.name == DEMO_MARK:
            continue
        if not p.is_file() or p.name not in books:
            raise OutputError(f"В папке демонстрации «{school_dir}» есть «{p.name}», которого демонстрация не "
                              f"записывала, — папка не будет заменена. Укажите другую папку (--out) или уберите "
                              f"этот файл.")
        if file_sha256(p) != books[p.name]:
            raise OutputError(f"Книга «{p}» изменена после демонстрации — папка не будет заменена, чтобы не потерять "
                              f"изменения. Укажите другую папку (--out) или удалите эту книгу.")
    try:
        shutil.rmtree(school_dir)
    except OSError as exc:
        raise OutputError(f"Папка прежней демонстрации «{school_dir}» не удалена: {os_reason(exc)}.") from None
