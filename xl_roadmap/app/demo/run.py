"""Use case «demo»: a fictional district from the real roadmaps — the district's plan handed down to its schools,
their books filled, validated and consolidated against the plan («Исполнение плана»)."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Callable

from xl_roadmap.app.consolidate import read_plan
from xl_roadmap.app.consolidate_file import consolidate_to_file
from xl_roadmap.app.demo.generate import load_content, organisations, plant_mistakes, school_plan, school_year_of
from xl_roadmap.app.demo.handed_down import HandedPlan, handed_down_school
from xl_roadmap.app.demo.plan_book import PLAN_FILE, district_plan
from xl_roadmap.app.hand_down import plan_for_schools
from xl_roadmap.app.report_copies import write_report_copies
from xl_roadmap.app.validate import validate_paths
from xl_roadmap.io.atomic import OutputError, atomic_output, make_folder
from xl_roadmap.io.os_errors import os_reason
from xl_roadmap.io.workbook_file import ReadError, file_sha256, read_workbook
from xl_roadmap.io.xlsx.writer import WorkbookWriter
from xl_roadmap.rollup.consolidation import Consolidation, ExpectedOrg
from xl_roadmap.rollup.plan import share
from xl_roadmap.spec import Spec, default_spec
from xl_roadmap.spec.vocabulary import RollupSheet

DEMO_MARK = ".xl-roadmap-demo"     # in DIR/schools/: this folder is the demo's own, a rerun may replace it


def write_district(out_dir: Path, *, schools: int, seed: int, as_of: date, period: str | None = None,
                   mistakes_every: int = 4, clean: bool = False,
                   plan: HandedPlan | None = None) -> tuple[list[Path], list[ExpectedOrg], str]:
    """Write ``schools`` filled workbooks into ``out_dir`` (one in every ``mistakes_every`` with mistakes).
    Each school's book is drawn on its own from the pool of actions, or — given the district's ``plan`` as
    hand-down gives it out — starts from that plan (demo.handed_down; ``clean`` does not apply there)."""
    spec = default_spec()
    edition = spec.edition()
    content = load_content()
    period = period or school_year_of(as_of)
    make_folder(out_dir)
    paths, expected = [], []
    for i, org in enumerate(organisations(schools)):
        if plan is not None:
            book = handed_down_school(spec, edition, org, plan, index=i, seed=seed, period_text=period,
                                      as_of=as_of)
        else:
            book = school_plan(spec, edition, org, seed=seed, period_text=period, as_of=as_of,
                               district=content["district"], clean=clean)
        if not clean and mistakes_every and i % mistakes_every == mistakes_every - 1:
            plant_mistakes(book.content, random.Random(f"{seed}:mistakes:{i}"))
        path = out_dir / f"{org['code']}.xlsx"
        WorkbookWriter(spec, edition, book.content).save(path)
        paths.append(path)
        expected.append(ExpectedOrg(org["code"], org["name"]))
    return paths, expected, period


def run_demo(out_dir: Path | str, *, schools: int = 12, seed: int = 2024, as_of: date,
             echo: Callable[[str], None] = print) -> str:
    out_dir = Path(out_dir)
    school_dir = out_dir / "schools"
    plan_path = out_dir / PLAN_FILE
    make_folder(out_dir)
    _clear_previous_demo(school_dir, plan_path)
    spec = default_spec()
    district = load_content()["district"]
    period = school_year_of(as_of)
    echo(f"1/5 Составляю план района на {period} ({district['authority']}) → {plan_path}")
    handed = _write_plan(plan_path, spec, seed=seed, period=period, district=district)
    echo(f"    мероприятий для школ: {len(handed.actions)}")
    echo(f"2/5 Раздаю план {schools} школам и заполняю их книги ({district['name']}) → {school_dir}/")
    paths, expected, period = write_district(school_dir, schools=schools, seed=seed, as_of=as_of, period=period,
                                             plan=handed)
    _mark_as_demo(school_dir, paths, plan_path)
    # one school that never sent its workbook, to show the register's «не представлен»
    expected.append(ExpectedOrg("ZR-999", "МБОУ «Основная общеобразовательная школа п. Лесной»"))
    expected_csv = out_dir / "ожидаемые_организации.csv"
    with atomic_output(expected_csv) as tmp:
        tmp.write_text("код;наименование\n" + "".join(f"{e.code};{e.name}\n" for e in expected), encoding="utf-8")
    echo(f"3/5 Проверяю книги на {as_of:%d.%m.%Y}")
    report = validate_paths(paths, as_of, spec)
    report_dir = out_dir / "reports"
    write_report_copies(report, report_dir, spec, folder=True)
    with atomic_output(out_dir / "validation.json") as tmp:
        tmp.write_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    st = report.stats()
    echo(f"    ошибок {st['errors']}, предупреждений {st['warnings']}, замечаний {st['notes']}; "
         f"отчёты → {report_dir}/")
    echo("4/5 Свожу книги в свод района и сверяю их с планом")
    rollup = out_dir / "свод_района.xlsx"
    org = {"org_name": district["authority"], "org_code": district["code"],
           "signatory": "Начальник управления образования", "contact": "отдел качества образования"}
    result = consolidate_to_file(paths, rollup, org, as_of=as_of, spec=spec, period=period, expected=expected,
                                 plan=read_plan(plan_path, spec))
    d = result.to_dict()
    echo(f"    принято {d['accepted']}, отклонено {d['rejected']}, не представили {len(d['missing'])}")
    line = plan_line(result, spec)
    if line:
        echo(f"    {line}")
    echo("5/5 Готово.")
    return "\n".join([
        f"План района:          {plan_path}",
        f"Книги школ:           {school_dir}/",
        f"Отчёты проверки:      {report_dir}/ (лист «Проверка» со ссылками на ячейки)",
        f"Проверка (JSON):      {out_dir / 'validation.json'}",
        f"Свод района:          {rollup} (лист «{spec.rollup_sheet(RollupSheet.PLAN).name}» — план по школам)",
        f"Список ожидаемых ОО:  {expected_csv}",
        "Повторить свод:  " + subprocess.list2cmdline([
            "xl-roadmap", "consolidate", str(school_dir), "-o", str(rollup), "--plan", str(plan_path),
            "--expected", str(expected_csv), "--as-of", as_of.isoformat(), "--org-name", org["org_name"],
            "--org-code", org["org_code"], "--signatory", org["signatory"], "--contact", org["contact"]]),
    ])


def _write_plan(path: Path, spec: Spec, *, seed: int, period: str, district: dict) -> HandedPlan:
    """The district's plan book, written (atomically) and read back as hand-down reads it: what its schools get
    is what the file says, as in the real cycle."""
    edition = spec.edition()
    WorkbookWriter(spec, edition, district_plan(spec, edition, seed=seed, period_text=period,
                                                district=district)).save(path)
    try:
        organisation, actions = plan_for_schools(read_workbook(path, spec), spec)
    except ReadError as exc:        # the file just written: only a disk that lost it gets here
        raise OutputError(f"План района «{path}» записан, но не прочитан: {exc.reason}") from None
    return HandedPlan(organisation, actions)


def plan_line(result: Consolidation, spec: Spec) -> str:
    """One line of the roll-up's «Исполнение плана» in all: its actions, and the shares of the pairs (action ×
    school) done and overdue — the measure the region's sheet gives each district (rollup.plan_sheets)."""
    plan = result.to_dict()["plan"]
    if not plan or "actions" not in plan:
        return ""
    actions = plan["actions"]
    pairs = sum(len(a["schools"]) for a in actions)
    done, overdue = (share(sum(a[k] for a in actions), pairs) for k in ("done", "overdue"))
    if done is None or overdue is None:
        return ""
    return (f"исполнение плана (лист «{spec.rollup_sheet(RollupSheet.PLAN).name}»): мероприятий {len(actions)}, "
            f"школ {len(plan['own_actions'])}, выполнено {done * 100:.0f} %, просрочено {overdue * 100:.0f} %, "
            f"нет в книге {sum(a['absent'] for a in actions)}")


def _mark_as_demo(school_dir: Path, paths: list[Path], plan_path: Path) -> None:
    """The mark records each book's sha-256 as the demo wrote it, and the plan book's: a rerun replaces only what
    it can prove is its own, untouched output."""
    mark = {"note": "Папку и план района создала демонстрация xl-roadmap; следующий запуск их заменит, если книги "
                    "и план не менялись.",
            "books": {p.name: file_sha256(p) for p in paths},
            "plan": {plan_path.name: file_sha256(plan_path)}}
    with atomic_output(school_dir / DEMO_MARK) as tmp:
        tmp.write_text(json.dumps(mark, ensure_ascii=False, indent=1), encoding="utf-8")


def _recorded(school_dir: Path, key: str) -> dict[str, str] | None:
    """What the last demo recorded in the folder's mark under ``key`` ("books": the school books, "plan": the
    plan book; name → sha-256); None when the folder has no such mark."""
    try:
        mark = json.loads((school_dir / DEMO_MARK).read_text(encoding="utf-8"))
        books = mark[key]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return books if isinstance(books, dict) else None


def _check_plan(plan_path: Path, school_dir: Path) -> None:
    """The plan book of the last demo is replaced only when the mark recorded it and it is unchanged; a file of
    that name the demo did not write, or one changed since, is kept."""
    if not plan_path.exists() and not plan_path.is_symlink():
        return
    recorded = _recorded(school_dir, "plan") or {}
    if not plan_path.is_file() or plan_path.name not in recorded:
        raise OutputError(f"«{plan_path}» уже есть, и демонстрация его не записывала (в «{school_dir / DEMO_MARK}» "
                          f"его нет) — он не будет заменён. Укажите для демонстрации другую папку (--out) или "
                          f"удалите этот файл.")
    if file_sha256(plan_path) != recorded[plan_path.name]:
        raise OutputError(f"План района «{plan_path}» изменён после демонстрации — он не будет заменён, чтобы не "
                          f"потерять изменения. Укажите другую папку (--out) или удалите этот файл.")


def _clear_previous_demo(school_dir: Path, plan_path: Path) -> None:
    """The folder the last demo wrote is replaced only when every file in it is a book that demo wrote, unchanged
    (its sha-256 as the mark recorded it): an edited school book, a file a person put there, or a folder without
    the mark (not the demo's, or an older demo's that recorded nothing) is refused — the demo never deletes what a
    person may have changed. So is a plan book it did not write or one changed since (:func:`_check_plan`);
    nothing is removed until everything is checked."""
    if not school_dir.exists():
        _check_plan(plan_path, school_dir)
        return
    if not school_dir.is_dir():
        raise OutputError(f"«{school_dir}» — файл, а демонстрации нужна папка: укажите другую папку (--out).")
    books = _recorded(school_dir, "books")
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
    _check_plan(plan_path, school_dir)
    try:
        shutil.rmtree(school_dir)
    except OSError as exc:
        raise OutputError(f"Папка прежней демонстрации «{school_dir}» не удалена: {os_reason(exc)}.") from None
