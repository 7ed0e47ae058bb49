"""Use cases for a workbook open in Excel (the buttons): the book is seen as grids, exactly like a file is,
so «Проверить» in Excel and ``xl-roadmap validate`` give the same findings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable

from xl_roadmap.app.archive import ArchiveOutcome, consolidate_recorded, default_archive
from xl_roadmap.app.consolidate_file import guard_output
from xl_roadmap.app.import_document import free_name
from xl_roadmap.core.grid_reader import GridReader
from xl_roadmap.core.model import WorkbookData
from xl_roadmap.io.atomic import OutputError, same_file
from xl_roadmap.io.inputs import find_inputs
from xl_roadmap.rollup.consolidation import Consolidation
from xl_roadmap.rules.report_plan import ReportPlan, build_plan, deadline_fills
from xl_roadmap.rules.validation import FileReport, validate_data
from xl_roadmap.spec import Spec, default_spec

# the «Сведения» fields a district's roll-up keeps from the open district book
DISTRICT_FIELDS = ("org_name", "org_code", "municipality", "region", "signatory", "contact", "inputs_folder")


def as_of_date(data: WorkbookData) -> date:
    """«Дата проверки сроков» of the book, else today."""
    v = data.org("as_of")
    if isinstance(v, datetime):
        return v.date()
    return v if isinstance(v, date) else date.today()


def check_book(grids, name: str, spec: Spec | None = None) -> FileReport:
    spec = spec or default_spec()
    data = GridReader(spec).read_grids(grids, name, "")
    return validate_data(data, as_of_date(data), spec)


def check_plan(grids, name: str, spec: Spec | None = None) -> ReportPlan:
    """«Проверить»: what to write on «Проверка», which cells to colour, which cells Python fills."""
    spec = spec or default_spec()
    return build_plan(check_book(grids, name, spec), spec)


@dataclass
class DeadlineMarks:
    """«Проверить сроки»: per action the Python-filled cells and the deadline cell with its state."""
    as_of: date
    counts: dict[str, int] = field(default_factory=dict)              # state → actions
    fills: list[tuple[str, str, Any]] = field(default_factory=list)   # (sheet, cell, value)
    states: list[tuple[str, str, str]] = field(default_factory=list)  # (sheet, deadline cell, state)

    def summary(self) -> str:
        counted = ", ".join(f"{k}: {v}" for k, v in sorted(self.counts.items())) or "мероприятий нет"
        return f"Сроки на {self.as_of:%d.%m.%Y}: {counted}."


def deadline_marks(grids, name: str, spec: Spec | None = None) -> DeadlineMarks:
    report = check_book(grids, name, spec)
    marks = DeadlineMarks(as_of=report.analysis.as_of)
    for action, cells in deadline_fills(report.analysis):
        marks.counts[action.state] = marks.counts.get(action.state, 0) + 1
        marks.fills += cells
        cell = action.row["deadline"]
        if cell.address:
            marks.states.append((cell.sheet, cell.address, action.state))
    return marks


@dataclass
class FolderRollup:
    """«Свести» in the district book: the roll-up file written, or why there is none."""
    problem: str | None = None
    result: Consolidation | None = None
    output: Path | None = None
    archive: ArchiveOutcome | None = None

    def summary(self) -> str:
        d = self.result.to_dict()
        notices = "".join(f"\n\n{n.message}" for n in self.result.notices)
        archived = ""
        if self.archive is not None:
            archived = (f"\n\nВнимание: {self.archive.problem}" if self.archive.problem else
                        f"\n\nАрхив сводов: {self.archive.path.name} — внесено книг {self.archive.recorded}, "
                        f"уже были {self.archive.already}.")
        return (f"Свод записан в файл «{self.output}»: принято {d['accepted']}, отклонено {d['rejected']}, не "
                f"прочитано {len(d['unreadable'])}. Подробности — на листе «Реестр» свода.{notices}{archived}")


_NOT_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def rollup_file(own_file: Path, district: WorkbookData, day: date, spec: Spec) -> Path:
    """A new file beside the district book, named by the district's code (else the book's name) and the date:
    the Excel door never replaces a file (a previous roll-up may hold figures the district typed in)."""
    org = str(district.org("org_code") or "").strip() or own_file.stem
    name = spec.excel_message("rollup_file", org=org, date=f"{day:%d.%m.%Y}")
    return free_name(own_file.with_name(_NOT_IN_FILE_NAMES.sub("_", name)))


def consolidate_folder(grids, name: str, own_file: Path | None, folder: str | None = None,
                       progress: Callable[[int, int], None] | None = None,
                       spec: Spec | None = None, *, out: Path | None = None) -> FolderRollup:
    """Books from «Папка с книгами для свода» (or ``folder``) → a roll-up file written by the same use case as
    ``xl-roadmap consolidate`` (app.archive.consolidate_recorded: the streamed writer, the archive beside it),
    with the open district book's «Сведения». ``out``: the file; by default a new one beside the district book
    (:func:`rollup_file`). The book's own file is never one of its inputs; the book itself is not changed."""
    spec = spec or default_spec()
    district = GridReader(spec).read_grids(grids, name, "")
    folder = folder or str(district.org("inputs_folder") or "").strip()
    cell = district.organisation.get("inputs_folder")
    where = f"{cell.sheet}!{cell.address}" if cell else "«Сведения»"
    if not folder or not Path(folder).is_dir():
        return FolderRollup(problem=f"Укажите папку с книгами ОО в ячейке {where} (сейчас: «{folder}») и нажмите "
                                    f"«Свести» ещё раз.")
    day = as_of_date(district)
    if out is None and own_file is None:
        return FolderRollup(problem=spec.excel_message("rollup_unsaved", book=name, button="Свести"))
    out = out if out is not None else rollup_file(own_file, district, day, spec)
    paths = [p for p in find_inputs([folder]) if not (own_file and same_file(p, own_file))]
    if not paths:
        return FolderRollup(problem=f"Свод не записан: в папке «{folder}» нет книг .xlsx/.xlsm, писем .eml/.msg "
                                    f"и архивов вложений .zip.")
    org = {k: district.org(k) for k in DISTRICT_FIELDS}
    org["inputs_folder"] = folder       # the folder summed, also when it was chosen in a dialog, not typed
    try:
        guard_output(out, paths)
        result, archive = consolidate_recorded(paths, out, org, archive=default_archive(out, spec),
                                               parameters={"as_of": day.isoformat(), "folder": folder,
                                                           # whose archive it is (app.archive: one organisation's)
                                                           "org_code": org.get("org_code"),
                                                           "org_name": org.get("org_name")},
                                               as_of=day, spec=spec, progress=progress)
    except OutputError as exc:
        return FolderRollup(problem=f"Свод не записан: {exc}")
    if not result.submissions:
        unread = "".join(f"\n{Path(s.path).name}: {s.read_error}" for s in result.unreadable[:10])
        return FolderRollup(problem=f"Свод не записан: ни одна книга из папки «{folder}» не прочитана.{unread}")
    return FolderRollup(result=result, output=out, archive=archive)
