"""Schools filling their handed-down books the way real schools do, through openpyxl, cell by cell.

A school fills «Сведения» (signatory, contact; the region if the district left it empty), gives figures only
for the indicators it has data for and leaves the other rows as they came (code, name, no figures), sometimes
with «Период данных» typed and sometimes not; one school also reports an indicator for the previous year. It
names a person for every action without one, marks done what fell due (with the date and a document in the
«Журнал подтверждений»), covers the passed checkpoints of a listed deadline with its completion date and
leaves the rest «в работе». Nothing here reads the books with the product's reader: the test's expected
totals come from what this module wrote, read back with openpyxl.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import openpyxl

from tests.support.filling import org_address, set_typed
from xl_roadmap.core import deadlines as dl
from xl_roadmap.core import indicators as ind
from xl_roadmap.spec import Edition, Spec

SUMMED = ("ratio_of_sums", "sum", "share_of_orgs")      # what schools report and a roll-up adds up


@dataclass
class FilledSchool:
    code: str
    path: Path
    correct: bool = True           # False: the school made the one genuine error of the district
    figures: list[tuple[str, str, float, float | None]] = field(default_factory=list)   # code, period, num, den
    done: list[str] = field(default_factory=list)
    overdue: list[str] = field(default_factory=list)     # numbers of actions left undone after their deadline
    unproven: list[str] = field(default_factory=list)    # numbers of actions done without a document


def _column(spec: Spec, sheet_id: str, column_id: str) -> int:
    return spec.sheet(sheet_id).column_index(column_id) + 1


def _rows(ws, spec: Spec, sheet_id: str, key: str):
    """(sheet row, value of the key column) for each filled row of a table sheet."""
    col = _column(spec, sheet_id, key)
    row = spec.first_data_row
    while ws.cell(row, col).value not in (None, ""):
        yield row, ws.cell(row, col).value
        row += 1


def _figures(rng: random.Random, entry, norm: float | None) -> tuple[float, float | None]:
    """Numerator and denominator of a school that meets the norm (a correct school is not below it)."""
    for _ in range(200):
        if entry.aggregation == "sum" or entry.kind == "count":
            num, den = float(rng.randint(1, 30)), None
        elif entry.aggregation == "share_of_orgs":
            num, den = 1.0, 1.0
        elif entry.kind == "share":
            den = float(rng.randint(40, 400))
            bound = math.ceil(den * norm / 100) if norm is not None else 0
            num = float(rng.randint(min(bound, int(den)), int(den)) if entry.direction != "lower"
                        else rng.randint(0, int(den * (norm if norm is not None else 100) / 100)))
        else:
            den = float(rng.randint(10, 60))
            num = float(rng.randint(10, 900))
        value = ind.compute_value(entry.kind, entry.multiplier, num, den)
        if ind.status(value, norm, entry.direction) != ind.NOT_ACHIEVED:
            return num, den
    raise AssertionError(f"no figures meet the norm {norm} of {entry.code}")


def fill_school(path: Path, spec: Spec, edition: Edition, *, index: int, seed: str, period: dl.Period,
                as_of: date, region: str, previous_year: bool = False, error: bool = False, overdue: bool = False,
                unproven: bool = False) -> FilledSchool:
    """``overdue``: one action that fell due is left «в работе»; ``unproven``: one done action has no document
    in the «Журнал» — each the one real finding of a school that otherwise filled its book correctly."""
    rng = random.Random(f"{seed}:{index}")
    wb = openpyxl.load_workbook(path)
    school = FilledSchool(code="", path=path, correct=not error)
    form = wb[spec.sheet("organisation").name]
    school.code = str(form[org_address(spec, "org_code")].value)
    set_typed(form[org_address(spec, "signatory")], f"директор Школьникова {chr(0x410 + index)}.В.")
    set_typed(form[org_address(spec, "contact")], f"Учётова Е.П., 8 (482) 55-0{index}-1{index}, school{index}@edu.example.ru")
    if not form[org_address(spec, "region")].value:
        set_typed(form[org_address(spec, "region")], region)

    ws = wb[spec.sheet("indicators").name]
    col = {c: _column(spec, "indicators", c) for c in ("code", "period", "numerator", "denominator", "norm")}
    last_row = spec.first_data_row
    first_share = None
    for k, (row, code) in enumerate(_rows(ws, spec, "indicators", "code")):
        last_row = row
        entry = edition.get(str(code))
        if entry is None or entry.source_level != "school" or entry.aggregation not in SUMMED \
                or entry.kind == "growth" or (k + index) % 3 == 0:
            continue                                    # no data for it: the row stays as it came
        norm = ws.cell(row, col["norm"]).value
        num, den = _figures(rng, entry, norm if isinstance(norm, (int, float)) else None)
        ws.cell(row, col["numerator"]).value = num
        if den is not None:
            ws.cell(row, col["denominator"]).value = den
        typed_period = (k % 2 == 0)                     # half the rows with «Период данных», half without
        if typed_period:
            set_typed(ws.cell(row, col["period"]), period.text.replace("-", "/") if k % 4 == 0 else period.text)
        school.figures.append((entry.code, period.text, num, den))
        if first_share is None and entry.kind == "share" and den and den > 2:
            first_share = (row, entry.code)
    if previous_year:                                   # last year's figure of one indicator, on a new row
        entry = next(e for e in edition.indicators if e.source_level == "school" and e.kind == "share"
                     and e.aggregation == "ratio_of_sums")
        row = last_row + 1
        prev = f"{period.start.year - 1}-{period.start.year}" if period.school_year else str(period.start.year - 1)
        set_typed(ws.cell(row, col["code"]), entry.code)
        set_typed(ws.cell(row, col["period"]), prev)
        ws.cell(row, col["numerator"]).value, ws.cell(row, col["denominator"]).value = 30.0, 60.0
        school.figures.append((entry.code, prev, 30.0, 60.0))
    if error and first_share is not None:               # the one genuine error: numerator and denominator swapped
        row, code = first_share
        num, den = ws.cell(row, col["numerator"]).value, ws.cell(row, col["denominator"]).value
        ws.cell(row, col["numerator"]).value, ws.cell(row, col["denominator"]).value = den + 5, num

    _fill_actions(wb, spec, school, index=index, period=period, as_of=as_of, overdue=overdue, unproven=unproven)
    wb.save(path)
    return school


def _fill_actions(wb, spec: Spec, school: FilledSchool, *, index: int, period: dl.Period, as_of: date,
                  overdue: bool, unproven: bool) -> None:
    ws = wb[spec.sheet("roadmap").name]
    ev = wb[spec.sheet("evidence").name]
    col = {c: _column(spec, "roadmap", c) for c in ("no", "deadline", "responsible", "status", "completion_date")}
    ev_col = {c: _column(spec, "evidence", c) for c in ("no", "action_no", "kind", "number", "date", "title", "issuer",
                                                         "role")}
    ev_row = spec.first_data_row
    for row, no in _rows(ws, spec, "roadmap", "no"):
        if not ws.cell(row, col["responsible"]).value:
            set_typed(ws.cell(row, col["responsible"]), f"Заместитель директора Планова {chr(0x410 + index)}.И.")
        if not ws.cell(row, col["deadline"]).value:      # next-period moved a passed deadline out: re-plan it
            set_typed(ws.cell(row, col["deadline"]), f"до {period.end:%d.%m.%Y}")
        deadline = dl.parse_deadline(ws.cell(row, col["deadline"]).value, period)
        passed = [c for c in deadline.checkpoints if c < as_of]
        if deadline.recurrence == "listed" and deadline.checkpoints and deadline.end and deadline.end >= as_of:
            status, completion = "в работе", (passed[-1] if passed else None)
        elif deadline.end is not None and deadline.end < as_of and deadline.kind != "event-bound" and overdue \
                and not school.overdue and period.start <= (deadline.start or deadline.end) and deadline.end <= period.end:
            status, completion = "в работе", None
            school.overdue.append(str(no))
        elif deadline.end is not None and deadline.end < as_of and deadline.kind != "event-bound":
            status, completion = "выполнено", min(max(deadline.end, period.start), as_of - timedelta(days=1))
        else:
            status, completion = "в работе", None
        set_typed(ws.cell(row, col["status"]), status)
        if completion is not None:
            set_typed(ws.cell(row, col["completion_date"]), completion)
        if status == "выполнено" and unproven and not school.unproven:
            school.unproven.append(str(no))
        elif status == "выполнено":
            school.done.append(str(no))
            values = {"no": str(ev_row - spec.first_data_row + 1), "action_no": str(no), "kind": "справка",
                      "number": f"{ev_row}-од", "date": completion, "title": f"Справка о выполнении мероприятия {no}",
                      "issuer": "ОО", "role": "подтверждение"}
            for column_id, value in values.items():
                set_typed(ev.cell(ev_row, ev_col[column_id]), value)
            ev_row += 1
