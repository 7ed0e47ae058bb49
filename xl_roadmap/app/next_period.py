"""Use case «Следующий период»: this period's book → the next period's book of the current template, with the
unfinished actions carried (deadlines that have passed marked for re-planning), the finished ones and their
evidence left out (counted: the old book and the archive keep them) and the indicators ready for new figures.

The input is only read; the new book is written atomically and never over an existing file unless asked.
Outcome: 0 — written; 2 — nothing written, with a Russian reason naming the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xl_roadmap.app.new_book import edition_of, refusal_for_book, refusal_for_target, write_book
from xl_roadmap.core.deadlines import parse_period
from xl_roadmap.core.next_period import NextPeriod, next_period
from xl_roadmap.core.upgrade import own_sheets
from xl_roadmap.io.atomic import OutputError
from xl_roadmap.io.workbook_file import ReadError, read_workbook
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
    reason: str | None = None

    @property
    def exit_code(self) -> int:
        return 2 if self.output is None else 0

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
        return out


def next_period_file(source: Path | str, out: Path | str, period: str, *, overwrite: bool = False,
                     spec: Spec | None = None) -> NextPeriodOutcome:
    spec = spec or default_spec()
    source, out = Path(source), Path(out)
    outcome = NextPeriodOutcome(source=str(source), period=period)
    new = parse_period(period)
    if new is None:
        outcome.reason = f"«{period}» — не отчётный период: укажите год (2025) или учебный год (2025-2026)"
        return outcome
    outcome.reason = refusal_for_target(source, out, overwrite)
    if outcome.reason is not None:
        return outcome
    try:
        data = read_workbook(source, spec)
    except ReadError as exc:
        outcome.reason = exc.reason
        return outcome
    outcome.reason = refusal_for_book(data, spec)
    if outcome.reason is not None:
        return outcome
    outcome.old_period = data.org_text("period")
    old = parse_period(outcome.old_period)
    if old is not None and new.start <= old.start:
        cell = data.organisation["period"]
        outcome.reason = (f"период {period} не следует за периодом книги «{outcome.old_period}» (лист "
                          f"«{cell.sheet}», ячейка {cell.address}): укажите более поздний период")
        return outcome
    edition = edition_of(data, spec)
    outcome.result = next_period(data, period, edition, spec)
    outcome.sheets_left = own_sheets(data, spec)
    try:
        write_book(out, outcome.result.content, edition, spec)
    except OutputError as exc:
        outcome.reason = str(exc)
        return outcome
    outcome.output = str(out)
    return outcome
