"""A district that hands its plan down and holds its schools to it (tests of «Исполнение плана»).

The plan is typed into the district's template; hand-down makes the schools' books; each school sets the
statuses the test gives it through openpyxl, cell by cell, and may delete an action of the plan, rewrite one's
text or add its own. What the sheet must then say is worked out here from the books as written, read back with
openpyxl — the plan numbers from the hidden «Из плана УО» cells as text, «просрочено» from the deadlines the test
wrote (a date, or «до ДД.ММ.ГГГГ») — never with the product's reader or deadline code.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import openpyxl

from tests.support.cli import invoke
from tests.support.filling import fill, org_address, set_typed
from xl_roadmap.app.templates import build_template
from xl_roadmap.spec import default_spec

SPEC = default_spec()
AS_OF = date(2025, 3, 15)
PLAN_ORG = {"org_name": "Управление образования Тестового района", "municipality": "Тестовый район",
            "region": "Тестовая область", "period": "2024-2025", "doc_kind": "приказ", "doc_number": "77-од",
            "doc_date": date(2024, 8, 26)}
# (no, level, action, deadline): past and future deadlines on AS_OF, one typed as a date; 1.4 is the district's own
PLAN = (("1.1", "ОО", "Семинар для учителей по функциональной грамотности", "до 01.10.2024"),
        ("1.2", "ОО и УО", "Анализ результатов ВПР", "до 01.06.2025"),
        ("1.3", "ОО", "Открытые уроки", date(2025, 1, 20)),
        ("1.4", "УО", "Совещание руководителей", "до 01.06.2025"),
        ("2.1", "ОО", "Мониторинг посещаемости", "до 31.05.2025"),
        ("2.2", "ОО", "Родительские собрания", "до 01.12.2024"),
        ("2.10", "ОО", "Итоговый отчёт о выполнении плана", "до 30.06.2025"))
OVERDUE, ABSENT, NOT_STARTED = "просрочено", "нет в книге", "не начато"
CLOSED = ("выполнено", "отменено")


@dataclass
class SchoolPlan:
    """What a school does to its book: a status per plan number ("" leaves the cell empty), numbers it deletes,
    texts it rewrites, actions of its own (text, deadline, status)."""
    code: str
    name: str
    statuses: dict[str, str]
    delete: tuple[str, ...] = ()
    rewrite: dict[str, str] = field(default_factory=dict)
    own: tuple[tuple[str, str, str], ...] = ()


def plan_book(folder: Path) -> Path:
    plan = folder / "план УО.xlsx"
    fill(build_template(folder / "district.xlsx", "district", spec=SPEC), plan, SPEC, organisation=PLAN_ORG,
         actions=[{"no": no, "level": level, "action": action, "deadline": deadline, "responsible": "Руководители ОО",
                   "result": "справка"} for no, level, action, deadline in PLAN])
    return plan


def hand_down(plan: Path, schools: list[SchoolPlan], folder: Path) -> dict[str, Path]:
    orgs = folder / "список ОО.csv"
    orgs.write_text("Код;Наименование\n" + "".join(f"{s.code};{s.name}\n" for s in schools), encoding="utf-8")
    books = folder / "книги"
    r = invoke("hand-down", str(plan), "--orgs", str(orgs), "--out-dir", str(books), "--json")
    assert r.exit_code in (0, 1) and len(json.loads(r.stdout)["written"]) == len(schools), r.output
    return {s.code: next(books.glob(f"{s.code} *.xlsx")) for s in schools}


def _column(column_id: str) -> int:
    return SPEC.sheet("roadmap").column_index(column_id) + 1


def _rows(ws):
    row = SPEC.first_data_row
    while ws.cell(row, _column("action")).value not in (None, ""):
        yield row
        row += 1


def plan_no(mark) -> str | None:
    """The plan number a hidden «Из плана УО» cell holds («план УО | 1.2 | no=…»), read as text."""
    parts = str(mark or "").split(" | ")
    return parts[1] if len(parts) > 2 and parts[0] == "план УО" else None


def fill_school(path: Path, school: SchoolPlan) -> None:
    wb = openpyxl.load_workbook(path)
    form = wb[SPEC.sheet("organisation").name]
    set_typed(form[org_address(SPEC, "signatory")], "директор Школьникова А.В.")
    set_typed(form[org_address(SPEC, "contact")], "Учётова Е.П., 8 (482) 55-01-11")
    ws = wb[SPEC.sheet("roadmap").name]
    for row in list(_rows(ws)):
        no = plan_no(ws.cell(row, _column("origin")).value)
        set_typed(ws.cell(row, _column("responsible")), "заместитель директора Планова И.И.")
        if no in school.rewrite:
            set_typed(ws.cell(row, _column("action")), school.rewrite[no])
        status = school.statuses.get(no, "в работе")
        if status:
            set_typed(ws.cell(row, _column("status")), status)
        if status == "выполнено":
            set_typed(ws.cell(row, _column("completion_date")), AS_OF - timedelta(days=30))
    for row in sorted((r for r in _rows(ws) if plan_no(ws.cell(r, _column("origin")).value) in school.delete),
                      reverse=True):
        ws.delete_rows(row)
    last = max(_rows(ws), default=SPEC.first_data_row - 1)
    for k, (action, deadline, status) in enumerate(school.own, start=1):
        row = last + k
        for column_id, value in (("no", f"{k}.доп"), ("level", "ОО"), ("action", action), ("deadline", deadline),
                                 ("responsible", "учитель Иванова И.И."), ("status", status)):
            set_typed(ws.cell(row, _column(column_id)), value)
    wb.save(path)


def _end(deadline) -> date | None:
    if isinstance(deadline, date):
        return deadline.date() if hasattr(deadline, "date") else deadline
    found = re.findall(r"(\d\d)\.(\d\d)\.(\d{4})", str(deadline or ""))
    return date(int(found[-1][2]), int(found[-1][1]), int(found[-1][0])) if found else None


@dataclass
class BookSays:
    """One school's book as read back: plan number → the word its cell must show; its own actions' texts."""
    code: str
    cells: dict[str, str]
    own: list[str]


def read_book(path: Path, code: str, as_of: date = AS_OF, overdue: set[str] | None = None) -> BookSays:
    """``overdue``: the plan numbers the test knows are overdue (instead of judging the deadline it wrote)."""
    ws = openpyxl.load_workbook(path)[SPEC.sheet("roadmap").name]
    cells, own = {}, []
    for row in _rows(ws):
        no = plan_no(ws.cell(row, _column("origin")).value)
        status = str(ws.cell(row, _column("status")).value or "").strip().lower() or NOT_STARTED
        if overdue is not None:
            late = no in overdue
        else:
            end = _end(ws.cell(row, _column("deadline")).value)
            late = status not in CLOSED and end is not None and end < as_of
        if no is None or no in cells:
            own.append(str(ws.cell(row, _column("action")).value))
        else:
            cells[no] = OVERDUE if late else status
    return BookSays(code, cells, own)


@dataclass
class SheetSays:
    """«Исполнение плана» of a district roll-up as read back with openpyxl."""
    title: str
    schools: list[str]                       # the codes over the school columns
    rows: dict[str, dict]                    # plan number → {action, deadline, level, counts …, schools: {code: word}}
    order: list[str]                         # plan numbers top-down
    totals: dict[str, dict[str, int]]        # totals label → {code: count}, and the count column under "sum"
    shares: dict[str, float]                 # count → its share of all pairs, from the share row
    own: list[tuple[str, str, str, str]]     # (school code, its number, text, status) of the own actions' list
    own_headers: list[str] = field(default_factory=list)


FIXED = [c.id for c in SPEC.rollup_sheet("plan").columns]
COUNTS = ("done", "in_work", "overdue", "not_started", "other", "absent")
TOTALS = {SPEC.rollup_text(f"plan_code_{k}"): k for k in (*COUNTS, "own")}
SHARE = SPEC.rollup_text("plan_code_share")


def read_sheet(path: Path) -> SheetSays:
    ws = openpyxl.load_workbook(path, read_only=True)[SPEC.rollup_sheet("plan").name]
    values = list(ws.iter_rows(values_only=True))
    header = values[1]
    assert list(header[:len(FIXED)]) == SPEC.rollup_sheet("plan").headers
    schools = [str(h).split(" (")[0] for h in header[len(FIXED):] if h]
    says = SheetSays(str(values[0][0]), schools, {}, [], {}, {}, [])
    part = "plan"                            # then "totals", then "own" (after the blank row)
    for row in values[2:]:
        row = list(row) + [None] * (len(header) - len(row))
        fixed = dict(zip(FIXED, row[:len(FIXED)]))
        school_cells = dict(zip(schools, row[len(FIXED):]))
        if part != "own" and fixed["no"] in TOTALS:
            part = "totals"
            kind = TOTALS[fixed["no"]]
            says.totals[kind] = {**school_cells, "sum": fixed.get(kind)}
        elif part != "own" and fixed["no"] == SHARE:
            says.shares = {k: fixed[k] for k in COUNTS}
        elif not any(v not in (None, "") for v in row):
            part = "own"
        elif part == "own":
            cells = [v for v in row[:5]]
            if cells[1:] == [None] * 4:
                continue                     # the list's heading
            if not says.own_headers:
                says.own_headers = [str(v) for v in cells]
                continue
            code, action, deadline, no, status = cells
            says.own.append((str(code), str(no), str(action), str(status)))
        elif part == "plan":
            says.rows[str(fixed["no"])] = {**fixed, "schools": school_cells}
            says.order.append(str(fixed["no"]))
    return says


def counts(words) -> dict[str, int]:
    """The counts of a row (or a school's column) as the sheet must give them: the plan's words one by one, and
    all the other words (перенесено, отменено) as «other»."""
    words = list(words)
    out = {"done": words.count("выполнено"), "in_work": words.count("в работе"), "overdue": words.count(OVERDUE),
           "not_started": words.count(NOT_STARTED), "absent": words.count(ABSENT)}
    out["other"] = len(words) - sum(out.values())
    return out


def expected_rows(books: list[BookSays], plan_numbers: list[str]) -> dict[str, dict]:
    """Per plan number: each school's word («нет в книге» where its book lacks it) and the counts of the row."""
    out = {}
    for no in plan_numbers:
        cells = {b.code: b.cells.get(no, ABSENT) for b in books}
        out[no] = {"schools": cells, **counts(cells.values())}
    return out
