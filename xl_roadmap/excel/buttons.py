"""RunPython entry points of the workbook buttons (macros/XlRoadmap.bas calls these).

Each takes an optional ``book`` so tests can pass a book built by xlwings' own engine; in Excel the book is
``xw.Book.caller()``.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import xlwings as xw

from ..consolidation import consolidate as consolidate_paths
from ..io.atomic import same_file
from ..io.inputs import find_inputs
from ..io.reader import WorkbookReader
from ..report_plan import ReportPlan, build_plan
from ..rollup import rollup_content
from ..spec import Spec, default_spec
from ..validation import FileReport, validate_data
from .grids import XlwingsGrids
from .writing import apply_plan, clear_old_highlights, write_content

DEADLINE_COLOURS = {"просрочено": "#FFC7CE", "срок не указан": "#FFEB9C", "срок не распознан": "#FFEB9C"}


def _status(book, text) -> None:
    """Excel's status bar; engines without one (xlwings Server/Lite) simply do not show progress."""
    try:
        book.app.status_bar = text
    except NotImplementedError:
        pass


def _book(book):
    return book if book is not None else xw.Book.caller()


def _as_of(data) -> date:
    v = data.org("as_of")
    if isinstance(v, datetime):
        return v.date()
    return v if isinstance(v, date) else date.today()


def _own_file(book) -> Path | None:
    """The district book's own file when it has a local one: it may lie in the very folder it sums."""
    try:
        path = Path(book.fullname)
    except Exception:          # engines without files (xlwings Server) or a book never saved
        return None
    return path if path.is_absolute() else None


def check_book(book, spec: Spec | None = None) -> FileReport:
    spec = spec or default_spec()
    data = WorkbookReader(spec).read_grids(XlwingsGrids(book), book.name, "")
    return validate_data(data, _as_of(data), spec)


def validate(book=None) -> ReportPlan:
    """«Проверить»: findings on «Проверка» with links, offending cells coloured, Python-filled cells filled."""
    book = _book(book)
    spec = default_spec()
    report = check_book(book, spec)
    plan = build_plan(report, spec)
    clear_old_highlights(book, plan)
    apply_plan(book, plan)
    book.app.alert(plan.summary, title="Проверка")
    return plan


def flag_deadlines(book=None) -> dict[str, int]:
    """«Проверить сроки»: parsed end and state of every deadline as of «Дата проверки сроков» (or today)."""
    book = _book(book)
    spec = default_spec()
    report = check_book(book, spec)
    counts: dict[str, int] = {}
    for action in report.analysis.actions:
        if not action.row.text("action"):
            continue
        counts[action.state] = counts.get(action.state, 0) + 1
        for col_id, value in (("deadline_end", action.deadline.end), ("deadline_state", action.state)):
            cell = action.row.cells.get(col_id)
            if cell is not None and cell.address:
                book.sheets[cell.sheet][cell.address].value = value
        deadline_cell = action.row["deadline"]
        if deadline_cell.address:
            book.sheets[deadline_cell.sheet][deadline_cell.address].color = DEADLINE_COLOURS.get(action.state)
    summary = ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "мероприятий нет"
    book.app.alert(f"Сроки на {report.analysis.as_of:%d.%m.%Y}: {summary}.", title="Проверка сроков")
    return counts


def consolidate(book=None, folder: str | None = None):
    """«Свести»: books from «Папка с книгами для свода» → roll-up sheets of this district workbook."""
    book = _book(book)
    spec = default_spec()
    district = WorkbookReader(spec).read_grids(XlwingsGrids(book), book.name, "")
    folder = folder or str(district.org("inputs_folder") or "").strip()
    cell = district.organisation.get("inputs_folder")
    where = f"{cell.sheet}!{cell.address}" if cell else "«Сведения»"
    if not folder or not Path(folder).is_dir():
        book.app.alert(f"Укажите папку с книгами ОО в ячейке {where} (сейчас: «{folder}») и нажмите «Свести» ещё "
                       f"раз.", title="Свод")
        return None
    own = _own_file(book)
    paths = [p for p in find_inputs([folder]) if not (own and same_file(p, own))]

    def progress(i: int, n: int) -> None:
        _status(book, f"Свод: прочитано {i} из {n} книг")

    result = consolidate_paths(paths, as_of=_as_of(district), spec=spec, progress=progress)
    org = {k: district.org(k) for k in ("org_name", "org_code", "municipality", "region", "signatory", "contact",
                                        "inputs_folder")}
    write_content(book, spec, rollup_content(result, org))
    _status(book, False)
    d = result.to_dict()
    book.app.alert(f"Свод готов: принято {d['accepted']}, отклонено {d['rejected']}, не прочитано "
                   f"{len(d['unreadable'])}. Подробности — на листе «Реестр».", title="Свод")
    return result
