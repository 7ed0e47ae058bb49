"""The cycle as a district lives it, step by step through the command line (in this process, as a user types it):
import the plan → hand it down to the schools of a list saved by a Russian Excel → the schools fill what they
have → validate → consolidate with the list → (a second district) → region → next period → history.

Each step's --json output is kept, so the tests assert on what the user is told, and the books and roll-ups are
on disk to be read back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Callable

import openpyxl

from tests.cycle.schools import FilledSchool, fill_school
from tests.support.cli import invoke
from tests.support.filling import set_typed
from xl_roadmap.core import deadlines as dl
from xl_roadmap.spec import Spec, default_spec

SPEC: Spec = default_spec()
SCHOOLS = (("ОО-01", 'МОУ "СОШ № 1"'), ("ОО-02", "МОУ СОШ № 2 им. А.С. Пушкина"), ("ОО-03", "МОУ ООШ с. Ивановка"),
           ("ОО-04", "МОУ СОШ № 4; корпус 2"), ("ОО-05", "МОУ НОШ д. Петровка"))
MISSING = "ОО-05"          # listed, never sends its book
FAULTY = "ОО-03"           # makes the one genuine error
LAST_YEAR = "ОО-01"        # also reports one indicator for the previous period
OVERDUE = "ОО-02"          # leaves one action undone after its deadline
UNPROVEN = "ОО-04"         # marks one action done without a document


@dataclass(frozen=True)
class PlanCase:
    id: str
    as_of: date            # the day the district consolidates (deadlines judged on it)
    next_period: str
    region: str            # what a school types when the district's plan leaves «Субъект РФ» empty
    source: Callable[[Path], Path]           # writes the plan's source: a Word document, or the district's book


@dataclass
class District:
    case: PlanCase
    code: str
    plan: Path
    period: dl.Period
    folder: Path
    schools: list[FilledSchool] = field(default_factory=list)
    refused: dict | None = None              # hand-down's answer to the plan before the district fixed it
    validated: dict[str, dict] = field(default_factory=dict)     # school code → validate --json
    rollup: Path | None = None
    consolidated: dict | None = None
    archive: Path | None = None

    @property
    def edition(self):
        book = openpyxl.load_workbook(self.plan, read_only=True)
        form = book[SPEC.sheet("organisation").name]
        values = {row[0]: row[1] for row in form.iter_rows(min_row=1, max_col=2, values_only=True)}
        label = SPEC.sheet("organisation").field("edition").label
        edition = SPEC.editions.get(str(values.get(label) or values.get(label + " *") or ""))
        return edition or SPEC.edition()


def run(*args: str) -> tuple[int, dict | None, str]:
    r = invoke(*args)
    text = r.stdout.strip()
    try:
        data = json.loads(text) if text.startswith("{") else None
    except ValueError:
        data = None
    return r.exit_code, data, r.output


def orgs_csv(path: Path, schools=SCHOOLS) -> Path:
    """The list as a Russian Excel saves «CSV (разделители — точки с запятой)»: cp1251, «;», quotes doubled."""
    def quoted(text: str) -> str:
        return '"' + text.replace('"', '""') + '"' if any(c in text for c in ';"') else text
    lines = ["Код;Наименование"] + [f"{code};{quoted(name)}" for code, name in schools]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1251"))
    return path


def import_plan(case: PlanCase, folder: Path) -> Path:
    source = case.source(folder)
    if source.suffix == ".xlsx":
        return source
    plan = folder / f"{case.id}-план.xlsx"
    code, data, output = run("import", str(source), "-o", str(plan), "--json")
    assert code in (0, 1) and plan.exists(), output
    return plan


def _plan_period(plan: Path) -> dl.Period:
    book = openpyxl.load_workbook(plan, read_only=True)
    form = book[SPEC.sheet("organisation").name]
    labels = {f.label for f in SPEC.sheet("organisation").fields if f.id == "period"}
    for label, value, *_ in form.iter_rows(min_row=1, max_col=2, values_only=True):
        if str(label or "").rstrip(" *") in labels:
            return dl.parse_period(value)
    raise AssertionError("no period on the plan's «Сведения»")


def school_actions_without_deadline(plan: Path) -> list[int]:
    """Rows of the plan's actions for schools with no deadline: what only the district can fix."""
    sheet = SPEC.sheet("roadmap")
    ws = openpyxl.load_workbook(plan)[sheet.name]
    col = {c: sheet.column_index(c) + 1 for c in ("action", "level", "deadline")}
    rows = []
    for row in range(SPEC.first_data_row, ws.max_row + 1):
        if ws.cell(row, col["action"]).value and str(ws.cell(row, col["level"]).value or "") in ("ОО", "ОО и УО") \
                and not ws.cell(row, col["deadline"]).value:
            rows.append(row)
    return rows


def fix_plan(plan: Path, rows: list[int], period: dl.Period) -> None:
    """The district gives the missing deadlines, as it would in Excel after hand-down refused the plan."""
    sheet = SPEC.sheet("roadmap")
    wb = openpyxl.load_workbook(plan)
    ws = wb[sheet.name]
    for row in rows:
        set_typed(ws.cell(row, sheet.column_index("deadline") + 1), f"до {period.end:%d.%m.%Y}")
    wb.save(plan)


def adopt(plan: Path, period: dl.Period) -> None:
    """A second district that takes another district's plan for its own period adopts it by its own order,
    dated before the period: a plan dated after the day it is checked on would be «в будущем»."""
    form = SPEC.sheet("organisation")
    wb = openpyxl.load_workbook(plan)
    ws = wb[form.name]
    cell = ws[f"{form.value_column}{form.first_row + [f.id for f in form.fields].index('doc_date')}"]
    set_typed(cell, period.start - timedelta(days=14))
    wb.save(plan)


def walk_district(case: PlanCase, plan: Path, folder: Path, code: str, *, period: str | None = None) -> District:
    folder.mkdir(parents=True, exist_ok=True)
    orgs = orgs_csv(folder / "список ОО.csv")
    books = folder / "книги"
    district = District(case=case, code=code, plan=plan, period=dl.parse_period(period) if period else _plan_period(plan),
                        folder=folder)
    extra = ("--period", period) if period else ()
    if period:
        adopt(plan, district.period)
    gaps = school_actions_without_deadline(plan)
    status, data, output = run("hand-down", str(plan), "--orgs", str(orgs), "--out-dir", str(books), "--json", *extra)
    if gaps:
        district.refused = {"exit": status, "json": data, "output": output, "rows": gaps,
                            "written": sorted(p.name for p in books.glob("*.xlsx")) if books.exists() else []}
        fix_plan(plan, gaps, district.period)
        status, data, output = run("hand-down", str(plan), "--orgs", str(orgs), "--out-dir", str(books), "--json",
                                   "--overwrite", *extra)
    assert status == 0, output
    as_of = case.as_of if not period else district.period.start + (case.as_of - _plan_period(plan).start)
    for index, (org_code, _name) in enumerate(SCHOOLS, start=1):
        path = next(books.glob(f"{org_code} *.xlsx"))
        if org_code == MISSING:
            path.unlink()                                  # never sent
            continue
        district.schools.append(fill_school(path, SPEC, district.edition, index=index, seed=f"{case.id}:{code}",
                                            period=district.period, as_of=as_of, region=case.region,
                                            previous_year=org_code == LAST_YEAR, error=org_code == FAULTY,
                                            overdue=org_code == OVERDUE, unproven=org_code == UNPROVEN))
    for school in district.schools:
        status, data, output = run("validate", str(school.path), "--as-of", f"{as_of:%d.%m.%Y}", "--json")
        district.validated[school.code] = data
    district.rollup = folder / f"свод {code}.xlsx"
    district.archive = folder / "архив.sqlite"
    status, data, output = run("consolidate", str(books), "-o", str(district.rollup), "--expected", str(orgs),
                               "--as-of", f"{as_of:%d.%m.%Y}", "--json", "--archive", str(district.archive),
                               "--org-name", f"Управление образования {code}", "--org-code", code,
                               "--signatory", "начальник УО Районова Н.Н.", "--contact", "8 (482) 55-00-00")
    assert status in (0, 1) and data is not None, output
    district.consolidated = data
    return district


def next_period(district: District, folder: Path) -> tuple[list[FilledSchool], dict, Path]:
    """Every accepted school makes next period's book from this one, fills it, and the district consolidates
    again into the same archive."""
    new_period = dl.parse_period(district.case.next_period)
    as_of = district.case.as_of.replace(year=district.case.as_of.year + 1) if district.case.as_of.month != 2 \
        else district.case.as_of + timedelta(days=365)
    folder.mkdir(parents=True, exist_ok=True)
    accepted = accepted_codes(district.consolidated)
    schools = []
    for index, school in enumerate(district.schools, start=1):
        if school.code not in accepted:
            continue
        out = folder / school.path.name
        status, data, output = run("next-period", str(school.path), "-o", str(out), "--period", new_period.text)
        assert status in (0, 1), output
        schools.append(fill_school(out, SPEC, district.edition, index=index, seed=f"{district.case.id}:next",
                                   period=new_period, as_of=as_of, region=district.case.region))
    rollup = folder / f"свод {district.code} {new_period.text}.xlsx"
    status, data, output = run("consolidate", str(folder), "-o", str(rollup), "--as-of", f"{as_of:%d.%m.%Y}",
                               "--json", "--archive", str(district.archive), "--org-name", "УО", "--org-code",
                               district.code, "--signatory", "начальник УО Районова Н.Н.", "--contact", "55-00-00")
    assert status in (0, 1) and data is not None, output
    return schools, data, rollup


def accepted_codes(consolidated: dict) -> set[str]:
    return {s["code"] for s in consolidated["submissions"] if s["status"] in ("принят", "принят с замечаниями")}
