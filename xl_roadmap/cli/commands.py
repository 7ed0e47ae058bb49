"""The commands: a thin door over the use cases in ``app/``. Output in Russian; ``--json`` for machines.

Each command imports its use case (and the errors it catches) when it runs: every start of Python imports this
module, and ``--help`` or a plain ``validate`` must not pay for the writers, openpyxl or the archive
(tests/cli/test_import_budget.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from xl_roadmap.cli import (
    documents,  # noqa: F401 (registers «import» and «hand-down» on the same group)
    excel,  # noqa: F401 (registers «excel install» and «excel doctor»)
    periods,  # noqa: F401 (registers «next-period» and «upgrade» on the same group)
    history,  # noqa: F401 (registers «history»: the archive of consolidations across periods)
    russian,
)
from xl_roadmap.cli.options import LevelOption, _as_of, _echo_json, _level, _period, main


@main.command("template")
@click.argument("kind", metavar="school|district", type=click.Choice(["school", "district"]))
@click.option("-o", "--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Куда записать книгу (.xlsx или .xlsm)")
@click.option("--org-name", help="Наименование организации")
@click.option("--org-code", help="Код организации")
@click.option("--district", "municipality", help="Муниципальное образование")
@click.option("--region", help="Субъект РФ")
@click.option("--period", metavar="ПЕРИОД", callback=_period, help="Отчётный период: 2024 или 2024-2025")
@click.option("--edition", "edition_id", help="Редакция каталога показателей (по умолчанию r170_2023)")
@click.option("--macros", is_flag=True, help="Книга с макросами (.xlsm) и кнопками «Проверить», «Свести»")
@click.option("--overwrite", is_flag=True, help="Перезаписать файл -o, если он уже есть")
def template_cmd(kind, out, org_name, org_code, municipality, region, period, edition_id, macros, overwrite) -> None:
    """Создать пустую книгу по шаблону: school — для ОО, district — для свода УО.

    Существующий файл не перезаписывается без --overwrite. Код выхода: 0 — книга записана; 2 — не записана.
    """
    from xl_roadmap.spec import default_spec

    spec = default_spec()
    if edition_id and edition_id not in spec.editions:
        raise click.BadParameter(f"нет редакции «{edition_id}»; есть: {', '.join(spec.editions)}")
    if macros and out.suffix.lower() != ".xlsm":
        raise click.BadParameter("книга с макросами должна иметь расширение .xlsm", param_hint="--out")
    if not macros and out.suffix.lower() != ".xlsx":
        raise click.BadParameter("книга без макросов должна иметь расширение .xlsx", param_hint="--out")
    from xl_roadmap.app.errors import OutputError, VbaBuildError
    from xl_roadmap.app.existing import refusal_to_replace
    from xl_roadmap.app.templates import build_kind

    refusal = refusal_to_replace(out, overwrite)
    if refusal:
        click.echo(f"Ошибка: {refusal}", err=True)
        sys.exit(2)
    try:
        build_kind(out, kind, macros, spec, edition_id=edition_id, org_name=org_name, org_code=org_code,
                   municipality=municipality, region=region, period=period)
    except (OutputError, VbaBuildError) as exc:
        click.echo(f"Ошибка: {exc}", err=True)
        sys.exit(2)
    click.echo(f"Шаблон записан: {out}")


@main.command("build-templates")
@click.option("--dir", "directory", default="workbook_templates", type=click.Path(file_okay=False, path_type=Path),
              help="Папка для шаблонов")
def build_templates_cmd(directory: Path) -> None:
    """Пересобрать все шаблоны в папке workbook_templates/ из спецификации."""
    from xl_roadmap.app.errors import OutputError, VbaBuildError
    from xl_roadmap.app.templates import build_all

    try:
        paths = build_all(directory)
    except (OutputError, VbaBuildError) as exc:
        click.echo(f"Ошибка: {exc}", err=True)
        sys.exit(2)
    for path in paths:
        click.echo(f"Записан: {path}")


def _print_file_report(fr, spec) -> bool:
    """The book's block; True when some line stands for several findings."""
    from xl_roadmap.cli.findings import echo_findings
    from xl_roadmap.rules.findings import ERROR, NOTE, WARNING

    if not fr.readable:
        click.echo(f"✗ {fr.path}: файл не прочитан — {fr.read_error}")
        return False
    mark = "✓" if fr.valid else "✗"
    click.echo(f"{mark} {fr.path}: ошибок {fr.count(ERROR)}, предупреждений {fr.count(WARNING)}, "
               f"замечаний {fr.count(NOTE)}")
    return echo_findings(fr.findings, spec)


@main.command("validate")
@click.argument("files", nargs=-1, required=True, metavar="КНИГА...", type=click.Path(path_type=Path))
@click.option("--as-of", "as_of", metavar="ДАТА",
              help="Дата, на которую оцениваются сроки (ДД.ММ.ГГГГ или ГГГГ-ММ-ДД); по умолчанию сегодня")
@click.option("--json", "as_json", is_flag=True, help="Вывести отчёт в JSON")
@click.option("--report", "report_out", type=click.Path(path_type=Path),
              help="Копия книги с листом «Проверка»: для одной книги — файл .xlsx/.xlsm или папка, для нескольких — "
                   "папка (копии «ИМЯ.проверка.xlsx»)")
def validate_cmd(files, as_of, as_json, report_out) -> None:
    """Проверить книги: что не заполнено, что противоречит, какие сроки просрочены.

    Книги можно дать и так, как они пришли по почте: сохранённые письма (.eml, .msg) и архив всех вложений
    (.zip) — проверяется каждая приложенная книга. В папках копии «*.проверка.xlsx», записанные --report,
    пропускаются (их число сказано).

    Код выхода: 0 — ошибок нет, 1 — есть ошибки, 2 — файл не удалось прочитать.
    """
    from xl_roadmap.app.validate import books_to_check, validate_paths
    from xl_roadmap.spec import default_spec

    spec = default_spec()
    day = _as_of(as_of)
    paths, copies = books_to_check(files)
    if not paths:
        folders = ", ".join(f"«{f}»" for f in files)
        skipped = f" (пропущено копий с листом «Проверка»: {len(copies)})" if copies else ""
        click.echo(f"Не найдено ни одной книги .xlsx/.xlsm в {folders}{skipped} (и ни одного письма .eml/.msg или "
                   f"архива вложений .zip).", err=True)
        sys.exit(2)
    into_folder = None
    if report_out is not None:
        # the copy's writers (openpyxl, XlsxWriter, numpy behind them): only for --report
        from xl_roadmap.app.errors import OutputError
        from xl_roadmap.app.report_copies import report_target, without_copies, write_report_copies

        into_folder, refusal = report_target(report_out, len(paths))
        if refusal:
            click.echo(f"Ошибка: {refusal}", err=True)
            sys.exit(2)
    report = validate_paths(paths, day, spec)
    written: list[Path] = []
    if report_out is not None:
        try:
            written = write_report_copies(report, report_out, spec, folder=into_folder)
        except OutputError as exc:
            click.echo(f"Ошибка: {exc}", err=True)
            sys.exit(2)
    if as_json:
        _echo_json(report.to_dict())
    else:
        folded = [_print_file_report(fr, spec) for fr in report.files]
        st = report.stats()
        click.echo(f"Итого файлов: {st['files']}, не прочитано: {st['unreadable']}, ошибок: {st['errors']}, "
                   f"предупреждений: {st['warnings']}, замечаний: {st['notes']} (сроки на {day:%d.%m.%Y}).")
        if any(folded) and report_out is None:
            click.echo(f"Повторы одного правила ({spec.grouping['min_count']} и более) показаны одной строкой; "
                       f"каждая ячейка отдельно — на листе «Проверка» копии книги: добавьте --report ПАПКА.")
        if copies:
            click.echo(f"Пропущено копий с листом «Проверка» (*.проверка.xlsx): {len(copies)} — это отчёты прежних "
                       f"проверок, а не книги.")
        for what, why in report.skipped:
            click.echo(f"Пропущено: {what}: {why}")
        for w in written:
            click.echo(f"Отчёт записан: {w}")
        if report_out is not None and without_copies(report):
            click.echo(f"Копия с листом «Проверка» не записана для книг из писем и архивов "
                       f"({len(without_copies(report))}): сохраните вложение файлом и проверьте его с --report.")
    sys.exit(report.exit_code)


@main.command("deadline")
@click.argument("text", metavar="СРОК")
@click.option("--period", metavar="ПЕРИОД", callback=_period, help="Отчётный период: 2024 или 2024-2025")
@click.option("--as-of", "as_of", metavar="ДАТА",
              help="Дата оценки (ДД.ММ.ГГГГ или ГГГГ-ММ-ДД); по умолчанию сегодня")
@click.option("--json", "as_json", is_flag=True, help="Вывести разбор в JSON")
def deadline_cmd(text, period, as_of, as_json) -> None:
    """Разобрать срок, записанный словами: «до 1 августа 2024 года», «ежеквартально», «сентябрь 2024»."""
    from xl_roadmap.core import deadlines as dl
    from xl_roadmap.core.values import format_date
    from xl_roadmap.spec import default_spec

    spec = default_spec()
    day = _as_of(as_of)
    parsed_period = dl.parse_period(period) if period else None
    d = dl.parse_deadline(text, parsed_period)
    if as_json:
        _echo_json(d.to_dict())
        return
    click.echo(f"Срок: «{d.text}»")
    click.echo(f"Вид: {spec.deadline_words['kinds'].get(d.kind, d.kind)}")
    click.echo(f"Начало: {format_date(d.start) or '—'}; окончание: {format_date(d.end) or '—'}")
    if d.recurrence:
        click.echo(f"Периодичность: {_periodicity(d.recurrence, spec.deadline_words['recurrences'])}")
    if d.checkpoints:
        click.echo("Контрольные точки: " + ", ".join(format_date(c) for c in d.checkpoints))
    if d.hint:
        click.echo(f"Пояснение: {d.hint}")
    click.echo(f"Состояние на {day:%d.%m.%Y} (если не выполнено): {dl.deadline_status(d, False, day)}")


def _periodicity(recurrence: str, words: dict[str, str]) -> str:
    """The parser's periodicity in Russian: «monthly» → «ежемесячно», «3-per-year» → «раз в год: 3»."""
    count, _, unit = recurrence.partition("-per-")
    if unit == "year" and count.isdigit():
        return words["per-year"].format(n=count)
    return words.get(recurrence, recurrence)


def _progress(label: str, enabled: bool):
    """A progress bar on stderr (stdout stays clean for --json)."""
    import contextlib

    if not enabled:
        return contextlib.nullcontext(None)
    return click.progressbar(length=1, label=label, file=sys.stderr, show_pos=True)


@main.command("consolidate")
@click.argument("inputs", nargs=-1, required=True, metavar="КНИГА_ИЛИ_ПАПКА...", type=click.Path(path_type=Path))
@click.option("-o", "--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Файл свода (.xlsx)")
@click.option("--expected", type=click.Path(dir_okay=False, path_type=Path),
              help="Список ожидаемых организаций (CSV или XLSX: код, наименование)")
@click.option("--plan", "plan_path", metavar="ПЛАН.xlsx", type=click.Path(dir_okay=False, path_type=Path),
              help="План УО, из которого раздавали книги школам (hand-down): лист «Исполнение плана» сверяет с ним "
                   "книги; по умолчанию план берётся из отметок «Из плана УО» в книгах школ")
@click.option("--as-of", "as_of", metavar="ГГГГ-ММ-ДД", help="Дата оценки сроков; по умолчанию сегодня")
@click.option("--period", metavar="ПЕРИОД", callback=_period,
              help="Отчётный период свода; по умолчанию — самый частый во входных книгах")
@click.option("--level", cls=LevelOption, callback=_level,
              help="Какие книги сводить: ОО (книги школ и других организаций), УО (своды районов), регион "
                   "(своды регионов); по умолчанию — уровень большинства входных книг")
@click.option("--org-name", help="Наименование органа, составляющего свод")
@click.option("--org-code", help="Код органа (для свода следующего уровня)")
@click.option("--municipality", help="Муниципальное образование свода; по умолчанию — то, что называют книги школ "
                                     "(у свода региона — пусто)")
@click.option("--region", "region_name", metavar="СУБЪЕКТ",
              help="Субъект РФ свода; по умолчанию — тот, что называют все входные книги")
@click.option("--signatory", help="Подписант свода (ФИО, должность)")
@click.option("--contact", help="Контактное лицо свода")
@click.option("--json", "as_json", is_flag=True, help="Вывести итог в JSON")
# -- the archive of consolidations (app.archive) --
@click.option("--archive", "archive", type=click.Path(dir_okay=False, path_type=Path),
              help="Файл архива сводов; по умолчанию «xl-roadmap-архив.sqlite» в папке свода")
@click.option("--no-archive", "no_archive", is_flag=True, help="Не вносить свод в архив")
@click.option("--overwrite", is_flag=True,
              help="Заменить существующий файл -o, даже если это не свод (прежний свод заменяется и без этого)")
def consolidate_cmd(inputs, out, expected, plan_path, as_of, period, level, org_name, org_code, municipality,
                    region_name, signatory, contact, as_json, archive, no_archive, overwrite) -> None:
    """Свести книги ОО (или своды районов) в одну книгу следующего уровня.

    Книги можно дать прямо из почты: сохранённые письма (.eml, .msg) и архив всех вложений (.zip) читаются на
    месте, ничего не распаковывается. Дата получения книги — дата письма, иначе дата сохранения книги (её
    свойства), иначе дата файла; «Реестр» называет отправителя и откуда взята дата.

    Код выхода: 0 — свод записан, все книги приняты; 1 — свод записан, но есть отклонённые, непрочитанные или
    непредставленные; 2 — свод не записан (в том числе прерванный: прежний файл свода не тронут).
    """
    from xl_roadmap.app.archive import consolidate_recorded, default_archive
    from xl_roadmap.app.consolidate import expected_organisations, read_plan
    from xl_roadmap.app.consolidate_file import guard_output
    from xl_roadmap.app.errors import OutputError, ReadError
    from xl_roadmap.app.validate import books_in
    from xl_roadmap.spec import default_spec

    spec = default_spec()
    day = _as_of(as_of)
    if out.suffix.lower() != ".xlsx":
        raise click.BadParameter("свод записывается в .xlsx", param_hint="--out")
    paths = books_in(inputs)
    try:
        guard_output(out, paths, overwrite=overwrite, protected={"--expected": expected, "--plan": plan_path})
    except OutputError as exc:
        click.echo(f"Свод не записан: {exc}", err=True)
        sys.exit(2)
    expected_orgs = None
    if expected is not None:
        try:
            expected_orgs = expected_organisations(expected)
        except ReadError as exc:
            click.echo(f"Список ожидаемых организаций не прочитан: {exc}", err=True)
            sys.exit(2)
    plan = None
    if plan_path is not None:
        try:
            plan = read_plan(plan_path, spec)
        except ReadError as exc:
            click.echo(f"План УО (--plan) не прочитан: {exc}", err=True)
            sys.exit(2)
    if not paths:
        click.echo("Свод не записан: не найдено ни одной книги .xlsx/.xlsm (и ни одного письма .eml/.msg или "
                   "архива вложений .zip).", err=True)
        sys.exit(2)
    org = {"org_name": org_name, "org_code": org_code, "municipality": municipality, "region": region_name,
           "signatory": signatory, "contact": contact}
    # an archive of attachments holds many books: its progress is shown as a folder's is
    with _progress("Чтение, проверка и запись свода", len(paths) > 1 or paths[0].suffix.lower() == ".zip") as bar:
        def tick(i: int, n: int) -> None:
            if bar is not None:
                bar.length = n
                bar.update(1)
        archive_path = None if no_archive else (archive or default_archive(out, spec))
        parameters = {"as_of": day.isoformat(), "period": period, "level": level, "org_code": org_code,
                      "org_name": org_name, "expected": expected.name if expected else None}
        # only when given: the same books with the same options stay one consolidation in the archive
        parameters.update({k: v for k, v in (("municipality", municipality), ("region", region_name)) if v})
        try:
            result, recorded = consolidate_recorded(paths, out, org, archive=archive_path, parameters=parameters,
                                                    as_of=day, spec=spec, period=period, expected=expected_orgs,
                                                    progress=tick, level=level, plan=plan)
        except OutputError as exc:
            click.echo(f"Свод не записан: {exc}", err=True)
            sys.exit(2)
        except KeyboardInterrupt:       # the file is written atomically: nothing half-written, the old one stays
            click.echo(f"\nПрервано: свод не записан, прежний файл «{out}» не тронут.", err=True)
            sys.exit(2)
    if not result.submissions:
        for s in result.unreadable:
            click.echo(f"✗ {s.path}: {s.read_error}", err=True)
        click.echo("Свод не записан: ни одна книга не прочитана.", err=True)
        sys.exit(2)
    if as_json:
        _echo_json({**result.to_dict(), "archive": recorded.to_dict() if recorded else None})
    else:
        _print_consolidation(result, out)
        if recorded is not None and recorded.problem is None:
            click.echo(f"Архив сводов: {recorded.path} — внесено книг: {recorded.recorded}, уже были в архиве: "
                       f"{recorded.already}")
    if recorded is not None and recorded.problem:       # the roll-up is written: a warning, the exit code stays
        click.echo(f"Внимание: {recorded.problem}", err=True)
    for notice in result.notices:           # a tie decided by order: said on stderr too, so --json shows it
        click.echo(f"Внимание: {notice.message}", err=True)
    _warn_unsigned(org, spec, result)
    problems = result.rejected or result.unreadable or result.missing
    sys.exit(1 if problems else 0)


_ORG_OPTIONS = (("org_name", "--org-name"), ("org_code", "--org-code"), ("municipality", "--municipality"),
                ("region", "--region"), ("signatory", "--signatory"), ("contact", "--contact"))


def _warn_unsigned(org: dict, spec, result) -> None:
    """The roll-up goes up a level, where its «Сведения» are checked like a school's: say now what is empty —
    given by no option and not taken from the inputs. A region has no municipality: its roll-up is not asked
    for one."""
    form = spec.sheet("organisation")
    written = result.organisation
    asked = [(fid, option) for fid, option in _ORG_OPTIONS if not (fid == "municipality" and result.sums_rollups)]
    empty = [f"«{form.field(fid).label}» ({option})" for fid, option in asked
             if form.field(fid).required and not str(org.get(fid) or written.get(fid) or "").strip()]
    if empty:
        click.echo(f"Внимание: в своде не заполнено: {', '.join(empty)}. Пока эти поля пусты, свод следующего "
                   f"уровня его отклонит: заполните их на листе «{form.name}» свода или укажите параметры.",
                   err=True)


def _print_consolidation(result, out: Path) -> None:
    from xl_roadmap.spec.vocabulary import BookStatus

    d = result.to_dict()
    click.echo(f"Свод записан: {out}")
    click.echo(f"Организаций: {d['organisations']}, принято: {d['accepted']}, отклонено: {d['rejected']}, "
               f"не прочитано: {len(d['unreadable'])}, не представили: {len(d['missing'])}, "
               f"повторов: {len(d['duplicates'])}")
    for s in result.submissions:
        click.echo(f"   {s.status:<22} {s.code:<12} {s.name}  {s.reason}")
    for s in result.unreadable:
        click.echo(f"   {'не прочитан':<22} {'':<12} {s.name}  {s.read_error}")
    for s in result.skipped:
        click.echo(f"   {BookStatus.SKIPPED:<22} {'':<12} {s.name}  {s.skip_reason}")
    for m in result.missing:
        click.echo(f"   {'не представлен':<22} {m.code:<12} {m.name}")
    dd = d["deadlines"]
    click.echo(f"Сроки на {result.as_of:%d.%m.%Y} (принятые книги): просрочено {dd['overdue']}, "
               f"не указано {dd['missing']}, не распознано {dd['unparsed']}")
    below = [a for a in d["indicators"] if a["below_norm"]]
    if below:
        click.echo("Ниже нормы по своду: " + ", ".join(f"{a['code']} ({a['period']})" for a in below))
    plan = d["plan"]
    if plan is not None and "actions" in plan:
        total = {k: sum(a[k] for a in plan["actions"])
                 for k in ("done", "in_work", "overdue", "not_started", "other", "absent")}
        click.echo(f"Исполнение плана (мероприятий: {len(plan['actions'])}, ОО: {len(plan['own_actions'])}): "
                   f"выполнено {total['done']}, в работе {total['in_work']}, просрочено {total['overdue']}, "
                   f"не начато {total['not_started']}, перенесено, отменено и пр. {total['other']}, "
                   f"нет в книге {total['absent']}; собственных мероприятий ОО: {sum(plan['own_actions'].values())}")
    elif plan is not None:
        read = sum(1 for x in plan["districts"] if x["actions"] is not None)
        click.echo(f"Исполнение плана по районам: с листа «Исполнение плана» — {read} из {len(plan['districts'])} сводов")


@main.command("demo")
@click.option("--schools", default=12, show_default=True, type=click.IntRange(1, 5000), help="Сколько школ")
@click.option("--out", "out_dir", default="demo_out", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Папка для демонстрации")
@click.option("--seed", default=2024, show_default=True, type=int, help="Зерно случайных чисел")
@click.option("--as-of", "as_of", metavar="ДАТА",
              help="Дата оценки сроков (ДД.ММ.ГГГГ или ГГГГ-ММ-ДД); по умолчанию сегодня")
def demo_cmd(schools, out_dir, seed, as_of) -> None:
    """Демонстрация: район из N школ — план района, раздача его школам, заполненные книги, проверка, свод с планом."""
    from xl_roadmap.app.demo.run import run_demo
    from xl_roadmap.app.errors import OutputError

    day = _as_of(as_of)
    try:
        summary = run_demo(out_dir, schools=schools, seed=seed, as_of=day, echo=click.echo)
    except OutputError as exc:
        click.echo(f"Ошибка: {exc}", err=True)
        sys.exit(2)
    click.echo(summary)


russian.translate_tree(main)

