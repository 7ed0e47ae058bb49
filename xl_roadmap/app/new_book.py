"""What ``upgrade``, ``next-period`` and ``hand-down`` share: whether a book is one of ours (and not a roll-up),
where the new book may go, the period it is for, and the book's catalogue edition."""

from __future__ import annotations

import tempfile
from pathlib import Path

from xl_roadmap.app.existing import refusal_to_replace
from xl_roadmap.app.templates import BUTTONS
from xl_roadmap.core.analysis import ROLLUP_LEVELS
from xl_roadmap.core.content import WorkbookContent
from xl_roadmap.core.deadlines import Period, parse_period
from xl_roadmap.core.model import WorkbookData
from xl_roadmap.io.atomic import OutputError, same_file
from xl_roadmap.io.vba.project import VbaBuildError, build_vba_project
from xl_roadmap.io.xlsx.writer import WorkbookWriter
from xl_roadmap.spec import Edition, Spec
from xl_roadmap.spec.vocabulary import OrgKind

SUFFIXES = (".xlsx", ".xlsm")

NOT_OURS = ("это не книга по шаблону xl-roadmap: в ней нет листа «{sheet}» с полем «{label}» — возьмите книгу, "
            "сделанную по шаблону (xl-roadmap template school)")


def refusal_for_target(source: Path, out: Path, overwrite: bool) -> str | None:
    """Why the new book cannot be written to ``out`` (None when it can)."""
    if out.suffix.lower() not in SUFFIXES:
        return (f"новая книга записывается в формате .xlsx (или .xlsm — с кнопками), а указано «{out.name}»: "
                f"укажите имя с таким расширением (например «{out.stem}.xlsx»)")
    if same_file(source, out):
        return "новая книга не может быть записана на место исходной: укажите другой файл (-o)"
    return refusal_to_replace(out, overwrite)


def refusal_for_book(data: WorkbookData, spec: Spec) -> str | None:
    """A book whose «Сведения» (with its template version) are not found is not one we can carry."""
    form = spec.sheet("organisation")
    cell = data.organisation.get("template_version")
    if cell is None:
        return NOT_OURS.format(sheet=form.name, label=form.field("template_version").label)
    if cell.empty:
        return (f"в книге не указана версия шаблона (лист «{cell.sheet}», ячейка {cell.address}): по ней видно, "
                f"как разложены данные; возьмите книгу, сделанную по шаблону xl-roadmap")
    return None


def rollup_sheet(data: WorkbookData, spec: Spec) -> str | None:
    """The roll-up sheet that makes this book a roll-up (None: it is a plan or an organisation's book).

    «Тип организации» УО alone does not tell: a district's own plan (``template district``, ``import``) is УО
    too and is what ``hand-down`` hands out. A roll-up is УО or регион *and* has the sheets only
    ``consolidate`` writes («Реестр», «Охват» …)."""
    if data.org_text("org_kind") not in ROLLUP_LEVELS:
        return None
    names = {n.strip().lower(): n for n in data.sheet_names}
    return next((names[s.name.lower()] for s in spec.rollup_sheets if s.name.lower() in names), None)


def refusal_for_rollup(data: WorkbookData, spec: Spec, message: str) -> str | None:
    """``message`` (a ``workbook.json → next_period`` key) when the book is a roll-up."""
    sheet = rollup_sheet(data, spec)
    if sheet is None:
        return None
    return spec.next_period[message].format(kind=data.org_text("org_kind"), sheet=sheet)


def period_of(text: str, spec: Spec) -> tuple[Period | None, str | None]:
    """A --period as typed (« 2027/2028 », «2027-28», «2027–2028») → the period and its one spelling, or the
    Russian reason it is no period. The book keeps the normalised text: a roll-up groups rows by it."""
    period = parse_period(text.strip() if isinstance(text, str) else text)
    if period is None:
        return None, spec.next_period["period_unparsed"].format(period=str(text).strip())
    return period, None


def edition_of(data: WorkbookData, spec: Spec) -> Edition:
    """The book's own catalogue edition when it is known, else the default one."""
    return spec.editions.get(data.org_text("edition")) or spec.edition()


def write_book(out: Path, content: WorkbookContent, edition: Edition, spec: Spec) -> None:
    """The new book, atomically; an .xlsm gets the buttons of its kind (a district's «Свести» too), as the
    macro-enabled templates have them. OutputError with a Russian reason when it cannot be written."""
    if out.suffix.lower() != ".xlsm":
        WorkbookWriter(spec, edition, content).save(out)
        return
    kind = "district" if content.organisation.get("org_kind") in (OrgKind.DISTRICT, OrgKind.REGION) else "school"
    with tempfile.TemporaryDirectory(prefix="xlr-build-") as tmp:
        try:
            vba = build_vba_project(Path(tmp), sheet_count=len(spec.sheets) + len(content.extra_sheets))
        except VbaBuildError as exc:
            raise OutputError(f"кнопки книги не собраны ({exc}): запишите книгу как .xlsx") from None
        WorkbookWriter(spec, edition, content, vba_project=vba, buttons=BUTTONS[kind]).save(out)
