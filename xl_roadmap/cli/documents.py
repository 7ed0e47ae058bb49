"""Commands for documents: ``import`` (a Word roadmap → a filled workbook) and ``hand-down`` (a district's plan
→ one prefilled workbook per school). Thin: the work is in ``app.import_document`` and ``app.hand_down``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from xl_roadmap.cli.options import _as_of, _echo_json, _period, main


@main.command("import")
@click.argument("documents", nargs=-1, required=True, metavar="ДОКУМЕНТ...", type=click.Path(path_type=Path))
@click.option("-o", "--out", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="Куда записать книгу (.xlsx) — для одного документа")
@click.option("--out-dir", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Папка для книг (имя книги — имя документа); по умолчанию папка документа")
@click.option("--period", metavar="ПЕРИОД", callback=_period, help="Отчётный период: 2024 или 2024-2025")
@click.option("--level", type=click.Choice(["ОО", "УО"], case_sensitive=False),
              help="Чей это план: ОО (школы) или УО (района) — и уровень мероприятий вне столбцов по уровням; "
                   "по умолчанию — по тексту документа и по «Ответственному»")
@click.option("--org-code", help="Код организации")
@click.option("--edition", "edition_id", help="Редакция каталога показателей; по умолчанию — по показателям документа")
@click.option("--as-of", "as_of", metavar="ДАТА",
              help="Дата, на которую проверяются сроки (ДД.ММ.ГГГГ или ГГГГ-ММ-ДД); по умолчанию сегодня")
@click.option("--overwrite", is_flag=True, help="Перезаписать книгу, если файл с её именем уже есть")
@click.option("--json", "as_json", is_flag=True, help="Вывести итог в JSON")
def import_cmd(documents, out, out_dir, period, level, org_code, edition_id, as_of, overwrite, as_json) -> None:
    """Перенести дорожную карту из документа Word (.docx, .doc, .rtf, .odt) или PDF в книгу по шаблону.

    PDF читается, если в нём есть текстовый слой (сохранён из Word или другой программы); скан без текста —
    нет: сохраните документ из Word как .docx или распознайте текст.

    Таблицы находятся по заголовкам столбцов («Мероприятие», «Срок», «Ответственный» …); всё, что пришлось
    исправить или угадать, перечислено на листе «Импорт» книги со ссылками на ячейки.

    Существующий файл не перезаписывается без --overwrite. Если у нескольких документов одно имя книги
    («Приказ.rtf» и «Приказ.odt» в одну папку), книгу получает первый, а второй не импортируется (причина названа).

    Код выхода: 0 — книга записана, угадывать не пришлось; 1 — записана, проверьте лист «Импорт»;
    2 — хотя бы одна книга не записана (причина названа).
    """
    from xl_roadmap.app.errors import OutputError
    from xl_roadmap.app.import_document import (
        ImportOutcome,
        import_document,
        kind_from_option,
        make_out_dir,
        targets_for,
    )

    if out is not None and len(documents) > 1:
        raise click.BadParameter("для нескольких документов укажите --out-dir", param_hint="-o")
    day = _as_of(as_of)
    outcomes = []
    for doc, (target, refusal) in zip(documents, targets_for(documents, out, out_dir)):
        if refusal is not None:
            outcomes.append(ImportOutcome(source=str(doc), reason=refusal))
            continue
        if out_dir is not None:
            try:
                make_out_dir(out_dir)
            except OutputError as exc:
                click.echo(f"Ошибка: {exc}", err=True)
                sys.exit(2)
        outcomes.append(import_document(doc, target, as_of=day, edition=edition_id, level=kind_from_option(level),
                                        org_code=org_code, period=period, overwrite=overwrite))
    if as_json:
        _echo_json(outcomes[0].as_json() if len(outcomes) == 1 else [o.as_json() for o in outcomes])
    else:
        for o in outcomes:
            _print_import(o)
    sys.exit(max(o.exit_code for o in outcomes))


def _print_import(o) -> None:
    if o.output is None:
        click.echo(f"{o.source}: книга не записана — {o.reason}", err=True)
        return
    plan = o.plan
    click.echo(f"{o.source} → {o.output}")
    click.echo(f"  мероприятий: {len(plan.actions)}, таблицы документа: {', '.join(map(str, plan.tables))}, "
               f"редакция каталога: {plan.edition}")
    if plan.repairs:
        click.echo(f"  исправлено или угадано: {len(plan.repairs)} — проверьте лист «Импорт»:")
        for r in plan.repairs[:15]:
            click.echo(f"    {r.where}: {r.what}")
        if len(plan.repairs) > 15:
            click.echo(f"    … и ещё {len(plan.repairs) - 15} (все — на листе «Импорт»)")
    c = o.counts
    click.echo(f"  проверка книги: ошибок {c.get('errors', 0)}, предупреждений {c.get('warnings', 0)}, "
               f"замечаний {c.get('notes', 0)} — откройте книгу и нажмите «Проверить» или: xl-roadmap validate "
               f"\"{o.output}\"")


@main.command("hand-down")
@click.argument("plan", metavar="ПЛАН.xlsx", type=click.Path(path_type=Path))
@click.option("--orgs", "orgs", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Список организаций (.csv или .xlsx: столбцы «Код» и «Наименование»)")
@click.option("--out-dir", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Папка для книг школ")
@click.option("--period", metavar="ПЕРИОД", callback=_period, help="Отчётный период книг; по умолчанию — как в плане")
@click.option("--overwrite", is_flag=True, help="Перезаписать книги, которые уже есть в папке")
@click.option("--force", is_flag=True,
              help="Раздать и с ошибками в мероприятиях для школ (без него при таких ошибках книги не записываются)")
@click.option("--as-of", "as_of", metavar="ДАТА",
              help="Дата, на которую проверяются сроки плана (ДД.ММ.ГГГГ или ГГГГ-ММ-ДД); по умолчанию сегодня")
@click.option("--json", "as_json", is_flag=True, help="Вывести итог в JSON")
def hand_down_cmd(plan, orgs, out_dir, period, overwrite, force, as_of, as_json) -> None:
    """Раздать план района школам: по книге на каждую организацию списка, с мероприятиями уровня ОО.

    Сначала план проверяется: ошибка в мероприятиях для школ (нет срока, текста или номера, номер повторяется,
    в «Сроке» — ФИО) перешла бы в книгу каждой школы, поэтому книги тогда не записываются (ошибки названы с
    ячейками); --force раздаёт как есть.

    Код выхода: 0 — все книги записаны; 1 — часть пропущена (причины названы) или записаны с ошибками плана
    (--force); 2 — ничего не записано.
    """
    from xl_roadmap.app.hand_down import hand_down
    from xl_roadmap.cli.findings import echo_findings

    o = hand_down(plan, orgs, out_dir, period=period, overwrite=overwrite, force=force, as_of=_as_of(as_of))
    if as_json:
        _echo_json(o.as_json())
        sys.exit(o.exit_code)

    from xl_roadmap.spec import default_spec

    spec = default_spec()
    if o.reason:
        click.echo(f"Книги не записаны: {o.reason}", err=True)
        echo_findings(o.plan_findings, spec, err=True)
        sys.exit(o.exit_code)
    if o.plan_findings:
        click.echo(f"План «{plan}»: в том, что получат школы, {_counts(o.plan_findings)} — это замечания к плану, "
                   f"исправить их может только район (школе они не показываются, пока она сама не изменит "
                   f"ячейку):")
        echo_findings(o.plan_findings, spec)
    click.echo(f"Мероприятий для школ: {o.actions}. Записано книг: {len(o.written)} в «{out_dir}».")
    if o.plan_gaps and o.written:
        gaps = ", ".join(f"«{label}» ({cell})" for _, label, cell in o.plan_gaps)
        click.echo(f"Внимание: в плане не заполнено {gaps} — каждой школе придётся вписать это самой. Заполните "
                   f"в плане и раздайте снова с --overwrite, пока школы не начали заполнять книги.", err=True)
    if o.plan_errors and o.written:
        click.echo(f"Записано с --force: ошибки плана ({len(o.plan_errors)}) перешли в книгу каждой школы (проверка "
                   f"школы их не показывает — это ошибки плана, а не школы). Исправьте план и раздайте снова с "
                   f"--overwrite, пока школы не начали заполнять книги.")
    for f, why in o.skipped:
        click.echo(f"  пропущено: {f} — {why}", err=True)
    sys.exit(o.exit_code)


def _counts(findings) -> str:
    from xl_roadmap.rules.findings import ERROR, NOTE, WARNING

    return ", ".join(f"{word} {sum(1 for f in findings if f.severity == severity)}"
                     for word, severity in (("ошибок", ERROR), ("предупреждений", WARNING), ("замечаний", NOTE)))
