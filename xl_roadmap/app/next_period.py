"""Use case «Следующий период»: this period's book → the next period's book of the current template, with the
unfinished actions carried (deadlines that have passed marked for re-planning), the finished ones and their
evidence left out (counted: the old book and the archive keep them) and the indicators ready for new figures.

The input is only read; the new book is written atomically and never over an existing file unless asked.
Outcome: 0 — written; 1 — written, but values in columns the template does not have stay only in the old book
(counted per column, as ``upgrade`` lists them); 2 — nothing written, with a Russian reason naming the file.
A roll-up is refused: its next period is a new consolidation, not a carried book.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xl_roadmap.app.new_book import (
    edition_of,
    period_of,
    refusal_for_book,
    refusal_for_rollup,
    refusal_for_target,
    write_book,
)
from xl_roadmap.core.carry import Left, own_columns
from xl_roadmap.core.deadlines import parse_period
from xl_roadmap.core.grid_reader import GridReader
from xl_roadmap.core.next_period import NextPeriod, next_period
from xl_roadmap.core.upgrade import own_sheets
from xl_roadmap.core.values import display
from xl_roadmap.io.atomic import OutputError
from xl_roadmap.io.workbook_file import ReadError, open_grids
from xl_roadmap.spec import Spec, default_spec
from xl_roadmap.spec.vocabulary import ActionStatus


@dataclass
class NextPeriodOutcome:
    source: str
    period: str
    output: str | None = None
    old_period: str = ""
    result: NextPeriod | None = None
    sheets_left: list[str] = field(default_factory=list)
    columns_left: list[Left] = field(default_factory=list)      # values of the book's own columns
    reason: str | None = None
    spec: Spec | None = field(default=None, repr=False)

    @property
    def exit_code(self) -> int:
        if self.output is None:
            return 2
        return 1 if self.columns_left else 0

    def own_columns(self) -> dict[tuple[str, str], int]:
        """(sheet, column header) → how many of its values stay in the old book."""
        counts: dict[tuple[str, str], int] = {}
        for x in self.columns_left:
            key = (x.sheet, x.column)
            counts[key] = counts.get(key, 0) + 1
        return counts

    def as_json(self) -> dict[str, Any]:
        r = self.result
        return {
            "source": self.source, "output": self.output, "reason": self.reason, "period": self.period,
            "old_period": self.old_period,
            "actions_carried": r.carried if r else [],
            "deadlines_to_replan": [{"no": x.no, "old_deadline": x.deadline, "comment_cell": x.comment_cell}
                                    for x in (r.replanned if r else [])],
            "actions_left_out": {status: nos for status, nos in (r.closed.items() if r else [])},
            "evidence_carried": r.evidence_carried if r else 0,
            "evidence_left_out": r.evidence_left if r else 0,
            "indicators": r.indicators if r else 0,
            "fields_cleared": r.cleared if r else [],
            "sheets_left_out": self.sheets_left,
            "columns_left_out": [{"sheet": sheet, "column": header, "values": n}
                                 for (sheet, header), n in self.own_columns().items()],
            "not_carried": [{"where": f"{x.sheet}!{x.cell}", "value": display(x.value), "why": x.why}
                            for x in self.columns_left],
        }

    def lines(self) -> list[str]:
        if self.output is None:
            return [f"{self.source}: книга следующего периода не записана — {self.reason}"]
        r = self.result
        done = len(r.closed.get(ActionStatus.DONE, []))
        cancelled = len(r.closed.get(ActionStatus.CANCELLED, []))
        out = [f"Книга периода {self.period} записана: {self.output} (из книги периода {self.old_period or '—'}).",
               f"Мероприятий перенесено: {len(r.carried)}; не перенесено как завершённые: {done + cancelled} "
               f"(выполнено {done}, отменено {cancelled}) — они остаются в книге прошлого периода и в архиве.",
               f"Подтверждений перенесено: {r.evidence_carried}; не перенесено (к завершённым мероприятиям): "
               f"{r.evidence_left}.",
               f"Показателей: {r.indicators} — на период {self.period}, числитель и знаменатель пусты; значение "
               f"прошлого периода — в столбце «Комментарий»."]
        if r.replanned:
            out.append(f"Срок прошёл до начала периода — укажите новый срок ({len(r.replanned)}; прежний срок "
                       f"записан в «Комментарий»):")
            out += [f"  № {x.no}: «{x.deadline}»" for x in r.replanned]
        if r.cleared:
            out.append("Очищены поля прошлого периода: " + ", ".join(f"«{c}»" for c in r.cleared) + ".")
        if self.sheets_left:
            out.append("Не перенесены листы прошлого периода: " + ", ".join(f"«{s}»" for s in self.sheets_left)
                       + ".")
        if self.columns_left:
            words = (self.spec or default_spec()).next_period
            out.append(words["own_columns"])
            out += [words["own_column"].format(sheet=sheet, header=header, count=n)
                    for (sheet, header), n in self.own_columns().items()]
        return out


def next_period_file(source: Path | str, out: Path | str, period: str, *, overwrite: bool = False,
                     spec: Spec | None = None) -> NextPeriodOutcome:
    spec = spec or default_spec()
    source, out = Path(source), Path(out)
    outcome = NextPeriodOutcome(source=str(source), period=str(period).strip(), spec=spec)
    new, outcome.reason = period_of(period, spec)
    if new is None:
        return outcome
    outcome.period = new.text
    outcome.reason = refusal_for_target(source, out, overwrite)
    if outcome.reason is not None:
        return outcome
    try:
        with open_grids(source) as grids:
            data = GridReader(spec).read_grids(grids, source, "")
            outcome.reason = refusal_for_book(data, spec) or refusal_for_rollup(data, spec, "rollup_next_period")
            if outcome.reason is not None:
                return outcome
            outcome.columns_left = own_columns(data, grids, spec)
    except ReadError as exc:
        outcome.reason = exc.reason
        return outcome
    outcome.old_period = data.org_text("period")
    outcome.reason = _overlap(data, new, outcome.old_period, spec)
    if outcome.reason is not None:
        return outcome
    edition = edition_of(data, spec)
    outcome.result = next_period(data, new.text, edition, spec)
    outcome.sheets_left = own_sheets(data, spec)
    try:
        write_book(out, outcome.result.content, edition, spec)
    except OutputError as exc:
        outcome.reason = str(exc)
        return outcome
    outcome.output = str(out)
    return outcome


def _overlap(data, new, old_text: str, spec: Spec) -> str | None:
    """The new period must begin after the book's ends: «2027» after «2026-2027» (to 31.08.2027) would count
    eight months twice."""
    old = parse_period(old_text)
    if old is None or new.start > old.end:
        return None
    cell = data.organisation["period"]
    day = "{:%d.%m.%Y}".format
    return spec.next_period["period_overlap"].format(
        period=new.text, start=day(new.start), end=day(new.end), old=old_text, old_start=day(old.start),
        old_end=day(old.end), sheet=cell.sheet, cell=cell.address)
