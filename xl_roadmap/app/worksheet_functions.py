"""Use case: the worksheet functions (DK_SROK, ДК.СРОК …), shared by both registrations in excel/ (udfs:
classic Excel on Windows; udfs_server: the Office.js add-in of xlwings Server / Lite). Excel-style inputs:
serial dates, 2-D blocks, empty cells as None or "". Each function maps over a whole block in its first
argument."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Callable

from xl_roadmap.core import deadlines as dl
from xl_roadmap.core import indicators as ind
from xl_roadmap.core.values import excel_serial_to_date, parse_number
from xl_roadmap.spec import default_spec
from xl_roadmap.spec.vocabulary import ActionStatus

_SERIAL_MIN = 20000        # 1954-10-03: numbers above this in a date argument are Excel serial dates


def _date(v: Any) -> date | None:
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    if isinstance(v, (int, float)) and not isinstance(v, bool) and v > _SERIAL_MIN:
        return excel_serial_to_date(float(v))
    if isinstance(v, str) and v.strip():
        d = dl.parse_deadline(v.strip())
        return d.end if d.kind == "date" else None
    return None


def _deadline_value(v: Any) -> Any:
    if isinstance(v, (int, float)) and not isinstance(v, bool) and v > _SERIAL_MIN:
        return excel_serial_to_date(float(v))
    return v


def _number(v: Any) -> float | None:
    if v is None or v == "":
        return None
    n, _ = parse_number(v)
    return n if isinstance(n, float) else None


def _map(fn: Callable[..., Any], first: Any, *rest: Any) -> Any:
    """Apply ``fn`` element-wise over a 2-D first argument (other arguments scalar or the same shape)."""
    if isinstance(first, list):
        rows = first if first and isinstance(first[0], list) else [first]
        out = []
        for i, row in enumerate(rows):
            out_row = []
            for j, value in enumerate(row):
                args = [_pick(a, i, j) for a in rest]
                out_row.append(fn(value, *args))
            out.append(out_row)
        return out
    return fn(first, *rest)


def _pick(arg: Any, i: int, j: int) -> Any:
    if isinstance(arg, list):
        rows = arg if arg and isinstance(arg[0], list) else [arg]
        try:
            return rows[i][j]
        except IndexError:
            return None
    return arg


def _out(v: Any) -> Any:
    return "" if v is None else v


def srok(text: Any, period: Any = None) -> Any:
    p = dl.parse_period(period) if period not in (None, "") else None
    return _map(lambda t: _out(dl.parse_deadline(_deadline_value(t), p).end), text)


def srok_sostoyanie(text: Any, done: Any = None, as_of: Any = None, period: Any = None) -> Any:
    p = dl.parse_period(period) if period not in (None, "") else None
    day = _date(as_of) or date.today()

    def one(t, done_value):
        completion = _date(done_value)
        is_done = completion is not None or (isinstance(done_value, str)
                                            and done_value.strip().lower() == ActionStatus.DONE)
        return dl.deadline_status(dl.parse_deadline(_deadline_value(t), p), is_done, day, completion)

    return _map(one, text, done)


def _edition(edition: Any):
    spec = default_spec()
    wanted = edition or None
    return spec.edition(wanted) if wanted is None or wanted in spec.editions else None


def _with_entry(edition: Any, fn: Callable[..., Any]) -> Callable[..., Any] | str:
    """Per-cell function that looks the code up in the catalogue edition first (messages for unknowns)."""
    ed = _edition(edition)
    if ed is None:
        return f"нет редакции «{edition}»"

    def one(c, *rest):
        entry = ed.get(str(c).strip()) if c not in (None, "") else None
        if entry is None:
            return "" if c in (None, "") else f"нет кода «{c}»"
        return fn(entry, *rest)

    return one


def znachenie(code: Any, numerator: Any, denominator: Any = None, edition: Any = None) -> Any:
    one = _with_entry(edition, lambda e, num, den: _out(
        ind.compute_value(e.kind, e.multiplier, _number(num), _number(den))))
    return one if isinstance(one, str) else _map(one, code, numerator, denominator)


def status(code: Any, value: Any, norm: Any = None, edition: Any = None) -> Any:
    one = _with_entry(edition, lambda e, v, n: ind.status(
        _number(v), _number(n) if n not in (None, "") else e.norm, e.direction))
    return one if isinstance(one, str) else _map(one, code, value, norm)
