"""Use case «Импорт из Word»: a roadmap document → a filled workbook of our template (written atomically,
with an «Импорт» sheet listing every repair and guess, each linked to its cell) → validated.

The input is only read (a .doc/.rtf/.odt is converted from a copy in a private folder; a PDF with a text layer
is read as it is). Outcome: 0 — written and nothing needed a guess; 1 — written, with repairs or guesses to
check; 2 — nothing written, with a Russian reason naming the file.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from xl_roadmap.app.existing import refusal_to_replace
from xl_roadmap.core.addresses import address, split_address
from xl_roadmap.core.content import CellLink, ExtraSheet, WorkbookContent
from xl_roadmap.core.document import DocumentText
from xl_roadmap.core.values import display
from xl_roadmap.core.word_import import ImportedPlan, ImportRefused, Repair, interpret
from xl_roadmap.io.atomic import OutputError, make_folder
from xl_roadmap.io.document_convert import as_docx, document_format
from xl_roadmap.io.word_document import read_docx
from xl_roadmap.io.workbook_file import ReadError, read_workbook
from xl_roadmap.io.xlsx.limits import LimitError
from xl_roadmap.io.xlsx.writer import WorkbookWriter
from xl_roadmap.rules.findings import ERROR, NOTE, WARNING
from xl_roadmap.rules.validation import FileReport, validate_data
from xl_roadmap.spec import Spec, default_spec
from xl_roadmap.spec.vocabulary import OrgKind


@dataclass
class ImportOutcome:
    source: str
    output: str | None = None
    plan: ImportedPlan | None = None
    report: FileReport | None = None
    reason: str | None = None
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        if self.output is None:
            return 2
        return 1 if self.plan is not None and self.plan.needs_review else 0

    def as_json(self) -> dict[str, Any]:
        plan = self.plan
        return {
            "source": self.source, "output": self.output, "reason": self.reason,
            "organisation": {k: display(v) for k, v in (plan.organisation if plan else {}).items()},
            "actions": len(plan.actions) if plan else 0,
            "indicators": sum(1 for r in plan.indicators if _filled(r)) if plan else 0,
            "edition": plan.edition if plan else None,
            "repairs": [{"kind": r.kind, "where": r.where, "what": r.what} for r in (plan.repairs if plan else [])],
            "validation": self.counts,
        }


    def summary(self) -> str:
        """What a person reads in a message box after the import."""
        if self.output is None:
            return f"Книга не записана.\n{self.source}: {self.reason}"
        plan = self.plan
        lines = [f"Книга записана: {self.output}", f"Мероприятий: {len(plan.actions)}."]
        if plan.repairs:
            lines.append(f"Исправлено или угадано при переносе: {len(plan.repairs)} — проверьте лист «Импорт».")
        c = self.counts
        lines.append(f"Проверка: ошибок {c.get('errors', 0)}, предупреждений {c.get('warnings', 0)} — нажмите "
                     f"«Проверить» в новой книге, чтобы увидеть их со ссылками.")
        return "\n".join(lines)


def _filled(row: dict) -> bool:
    return any(row.get(k) not in (None, "") for k in ("numerator", "period", "rank")) or not row.get("code")


def output_for(source: Path, out: Path | None, out_dir: Path | None) -> Path:
    if out is not None:
        return out
    folder = out_dir if out_dir is not None else source.parent
    return folder / (source.stem + ".xlsx")


def targets_for(sources: Sequence[Path], out: Path | None, out_dir: Path | None) -> list[tuple[Path, str | None]]:
    """Each document's book and, for a document whose book another document of the same run already takes
    («Приказ.rtf» and «Приказ.odt» into one folder), why it is not imported: the first keeps the name, the
    second is refused naming both, so no book of this run replaces another."""
    taken: dict[Path, Path] = {}
    out_list: list[tuple[Path, str | None]] = []
    for source in sources:
        target = output_for(source, out, out_dir)
        key = target.resolve()
        first = taken.setdefault(key, source)
        refusal = None
        if first is not source:
            refusal = (f"книга «{target}» уже получена в этом запуске из документа «{first}» (у документов одно "
                       f"имя): импортируйте этот документ отдельно, в другую папку (--out-dir), или переименуйте его")
        out_list.append((target, refusal))
    return out_list


def make_out_dir(folder: Path) -> Path:
    """The --out-dir for the books (made when missing); OutputError in Russian when it cannot be."""
    return make_folder(folder)


def free_name(path: Path) -> Path:
    """``path``, or «name (2).xlsx», «name (3).xlsx» … when it exists: the Excel door never replaces a book."""
    n, candidate = 2, path
    while candidate.exists():
        candidate = path.with_name(f"{path.stem} ({n}){path.suffix}")
        n += 1
    return candidate


def import_document(source: Path | str, out: Path | str, *, spec: Spec | None = None, as_of: date | None = None,
                    edition: str | None = None, level: str | None = None, org_code: str | None = None,
                    period: str | None = None, overwrite: bool = False) -> ImportOutcome:
    """``overwrite``: replace a file already at ``out`` (by default it is refused: it may be a filled book)."""
    spec = spec or default_spec()
    source, out = Path(source), Path(out)
    outcome = ImportOutcome(source=str(source))
    if edition is not None and edition not in spec.editions:
        outcome.reason = f"неизвестная редакция каталога «{edition}»; известны: {', '.join(spec.editions)}"
        return outcome
    if out.suffix.lower() != ".xlsx":
        outcome.reason = (f"книга записывается в формате .xlsx, а указано «{out.name}»: укажите имя с расширением "
                          f".xlsx (например «{out.stem}.xlsx»)")
        return outcome
    if out.resolve() == source.resolve():
        outcome.reason = "книга не может быть записана на место документа: укажите другой файл (-o)"
        return outcome
    outcome.reason = refusal_to_replace(out, overwrite)
    if outcome.reason:
        return outcome
    try:
        with tempfile.TemporaryDirectory(prefix="xlr-import-") as work:
            document = read_document(source, Path(work))
        plan = interpret(document, spec, edition_id=edition, level=level, org_code=org_code, period=period)
    except ReadError as exc:
        outcome.reason = exc.reason
        return outcome
    except ImportRefused as exc:
        outcome.reason = exc.reason + _unruled(source, document)
        return outcome
    plan.source = str(source)
    outcome.plan = plan
    content = WorkbookContent(organisation=plan.organisation, indicators=plan.indicators, actions=plan.actions,
                              extra_sheets=[import_sheet(spec, plan.repairs)])
    try:
        WorkbookWriter(spec, spec.edition(plan.edition), content).save(out)
    except OutputError as exc:
        outcome.reason = _in_document(exc, plan, spec)
        return outcome
    outcome.output = str(out)
    try:
        report = validate_data(read_workbook(out, spec), as_of or date.today(), spec)
    except ReadError as exc:     # our own output unreadable: a bug, said as such, the book kept
        outcome.counts = {"errors": 1}
        outcome.reason = f"книга записана, но не прочитана для проверки: {exc.reason}"
        return outcome
    outcome.report = report
    outcome.counts = {"errors": report.count(ERROR), "warnings": report.count(WARNING), "notes": report.count(NOTE)}
    return outcome


def read_document(source: Path, work: Path) -> DocumentText:
    """The document as plain data: a PDF with a text layer read as it is, the rest through a .docx."""
    if document_format(source) == "pdf":
        # imported here: pdfplumber (pdfminer, Pillow) is paid for by a PDF only
        from xl_roadmap.io.pdf_document import read_pdf

        return read_pdf(source)
    return read_docx(as_docx(source, work))


def _unruled(source: Path, document: DocumentText) -> str:
    """A PDF without tables: its tables are found by the borders of their cells, which a table may not have."""
    if document.tables or document_format(source) != "pdf":
        return ""
    return ("; в PDF таблица находится по линиям границ ячеек, а таблица без границ читается как текст — "
            "сохраните документ из Word как .docx")


def _in_document(exc: OutputError, plan: ImportedPlan, spec: Spec) -> str:
    """A roadmap text too long for a cell (io.xlsx.limits) came from the document: say where it stands there."""
    if not isinstance(exc, LimitError) or not exc.cell or exc.sheet != spec.sheet("roadmap").name:
        return str(exc)
    index = split_address(exc.cell)[0] - spec.first_data_row
    if 0 <= index < len(plan.action_places):
        return spec.word_import.refusals["too-long"].format(reason=exc, place=plan.action_places[index])
    return str(exc)


def import_sheet(spec: Spec, repairs: list[Repair]) -> ExtraSheet:
    words = spec.word_import
    rows = []
    for i, r in enumerate(repairs, start=1):
        link = ""
        if r.target is not None:
            sheet_id, index, column_id = r.target
            sheet, cell = cell_of(spec, sheet_id, index, column_id)
            link = CellLink(sheet, cell, f"{sheet}!{cell}")
        rows.append([i, words.title(r.kind), r.where, r.what, link])
    return ExtraSheet(name=words.sheet_name, title=words.sheet_title, headers=[c.header for c in words.sheet_columns],
                      widths=[c.width for c in words.sheet_columns], rows=rows,
                      wrapped=tuple(i for i, c in enumerate(words.sheet_columns) if c.wrap))


def cell_of(spec: Spec, sheet_id: str, index: int, column_id: str) -> tuple[str, str]:
    """Sheet name and address of a content value: a table row's column, or a «Сведения» field."""
    sheet = spec.sheet(sheet_id)
    if sheet.kind == "form":
        row = sheet.first_row + [f.id for f in sheet.fields].index(column_id)
        return sheet.name, f"{sheet.value_column}{row}"
    return sheet.name, address(spec.first_data_row + index, sheet.column_index(column_id))


def kind_from_option(level: str | None) -> str | None:
    """--level ОО|УО → the organisation kind of the book (None: decided from the document)."""
    if level is None:
        return None
    text = level.strip().upper()
    return {"ОО": OrgKind.SCHOOL, "OO": OrgKind.SCHOOL, "УО": OrgKind.DISTRICT, "YO": OrgKind.DISTRICT}.get(text, "")
