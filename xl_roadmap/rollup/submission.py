"""One input of a consolidation, summarised: what the roll-up needs of a validated workbook, as compact,
picklable data (a process pool ingests files on both cores, and a district keeps a thousand of these)."""

from __future__ import annotations

import os
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from sys import intern
from typing import Any

from xl_roadmap.core import deadlines as dl
from xl_roadmap.core.analysis import ROLLUP_LEVELS
from xl_roadmap.core.model import Cell
from xl_roadmap.core.plan_execution import BookAction, PlanTotals, book_actions
from xl_roadmap.core.values import clean_text
from xl_roadmap.rules.findings import ERROR, NOTE, WARNING
from xl_roadmap.rules.validation import FileReport
from xl_roadmap.spec.vocabulary import ActionStatus, BookStatus, DeadlineState


@dataclass(slots=True)
class Figure:
    """One indicator row of one submission, with where each number came from."""
    code: str
    period: str
    name: str
    numerator: float | None
    denominator: float | None
    value: float | None
    norm: float | None
    status: str
    sheet: str
    cells: dict[str, str]          # column id → address (numerator, denominator, value)
    # the period whose archived value filled an empty denominator of a growth indicator (rollup.growth)
    previous_from: str = ""


@dataclass(slots=True)
class ActionLine:
    """A roadmap row as read (column id → value) and what the analysis made of its deadline."""
    values: dict[str, Any]
    state: str                     # a DeadlineState
    end: date | None
    kind: str
    sheet: str
    row: int                       # 1-based row in the source sheet
    evidence_count: int


@dataclass(slots=True)
class EvidenceLine:
    """An evidence-log row as read (column id → value) and where it stood."""
    values: dict[str, Any]
    sheet: str
    row: int


@dataclass
class Submission:
    path: str
    sha256: str | None
    # when the district received the book, POSIX time (0: unknown): the letter's date, else the book's own save
    # time, else the file's date — ``received_from`` says which (a ReceivedFrom word)
    received_at: float
    read_error: str | None = None
    # not a school's book at all (a «проверка» copy, someone else's workbook): listed, never counted
    skip_reason: str | None = None
    org: dict[str, Any] = field(default_factory=dict)
    org_cells: dict[str, str] = field(default_factory=dict)
    org_sheet: str = ""
    positions: dict[str, dict[str, int]] = field(default_factory=dict)   # sheet id → column id → column (1-based)
    counts: dict[str, int] = field(default_factory=dict)                 # severity → findings
    findings: list[dict] = field(default_factory=list)
    edition: str = ""
    period_end: date | None = None
    figures: list[Figure] = field(default_factory=list)
    actions: list[ActionLine] = field(default_factory=list)
    evidence: list[EvidenceLine] = field(default_factory=list)
    status: str = ""
    reason: str = ""
    # what the summary sheets need, kept when the rows themselves are dropped (see compact())
    action_count: int = 0
    evidence_count: int = 0
    deadline_states: dict[str, int] = field(default_factory=dict)
    done_count: int = 0
    done_without_evidence: list[Any] = field(default_factory=list)   # action numbers as written
    # «Исполнение плана»: a school's actions of the district's plan (one per plan number) and its own ones; a
    # district roll-up's sheet in all, for the region (core.plan_execution)
    plan_actions: list[BookAction] = field(default_factory=list)
    own_actions: list[BookAction] = field(default_factory=list)
    plan_totals: PlanTotals | None = None
    received_from: str = ""
    # the letter the book came in (io.mail): its sender as written there, its date (ISO 8601, its own zone)
    sender: str = ""
    sent_at: str = ""

    @property
    def name(self) -> str:
        return os.path.basename(self.path)

    def share_strings(self) -> "Submission":
        """Let the texts that repeat in every school's figures (codes, names, periods, sheets, column ids and
        addresses) be one object each: a district keeps every school's figures until the end."""
        for fig in self.figures:
            fig.code, fig.period, fig.name = intern(fig.code), intern(fig.period), intern(fig.name)
            fig.status, fig.sheet = intern(fig.status), intern(fig.sheet)
            fig.cells = {intern(k): intern(v) for k, v in fig.cells.items()}
        for line in self.plan_actions + self.own_actions:     # the plan's texts, the same in every school
            line.plan_no, line.action, line.deadline = intern(line.plan_no), intern(line.action), intern(line.deadline)
            line.level, line.status, line.sheet = intern(line.level), intern(line.status), intern(line.sheet)
        return self

    def compact(self) -> "Submission":
        """Drop the roadmap and evidence rows (and where their columns were) once they are written: a
        thousand schools' rows would otherwise stay in memory until the end."""
        self.actions, self.evidence, self.positions = [], [], {}
        return self

    @property
    def code(self) -> str:
        return str(self.org.get("org_code") or "")

    @property
    def level(self) -> int:
        return ROLLUP_LEVELS.get(self.org.get("org_kind"), 0)

    @property
    def is_rollup(self) -> bool:
        return self.level > 0

    @property
    def accepted(self) -> bool:
        return self.status in (BookStatus.ACCEPTED, BookStatus.ACCEPTED_WITH_REMARKS)


def summarise(report: FileReport, received_at: float = 0.0) -> Submission:
    """Keep from a validated file only what the roll-up needs (plain, picklable data)."""
    sub = Submission(path=report.path, sha256=report.sha256, received_at=received_at, read_error=report.read_error)
    if report.analysis is None:
        return sub
    a = report.analysis
    data = a.data
    take_organisation(sub, data.organisation)
    sub.counts = {ERROR: report.count(ERROR), WARNING: report.count(WARNING), NOTE: report.count(NOTE)}
    sub.findings = [f.to_dict() for f in report.findings if f.severity == ERROR][:5]
    sub.edition = a.edition.id
    sub.positions = {k: dict(v) for k, v in data.column_positions.items()}
    sub.period_end = a.period.end if a.period else None
    for r in a.indicators:
        if not r.code:
            continue
        sub.figures.append(Figure(code=r.code, period=period_label(r.period), name=r.name,
                                  numerator=r.numerator, denominator=r.denominator, value=r.value, norm=r.norm,
                                  status=r.status, sheet=r.row.sheet,
                                  cells={c: r.row[c].address for c in ("numerator", "denominator", "value")}))
    for act in a.actions:
        if not act.row.text("action"):
            continue
        sub.actions.append(ActionLine(values={k: c.value for k, c in act.row.cells.items()}, state=act.state,
                                      end=act.deadline.end, kind=act.deadline.kind, sheet=act.row.sheet,
                                      row=act.row.row, evidence_count=act.evidence_count))
    for e in data.evidence:
        sub.evidence.append(EvidenceLine(values={k: c.value for k, c in e.cells.items()}, sheet=e.sheet, row=e.row))
    sub.action_count, sub.evidence_count = len(sub.actions), len(sub.evidence)
    sub.deadline_states = dict(Counter(a.state for a in sub.actions))
    done = [a for a in sub.actions if a.state == DeadlineState.DONE
            and str(a.values.get("status") or "").lower() == ActionStatus.DONE]
    sub.done_count = len(done)
    sub.done_without_evidence = [a.values.get("no") for a in done if not a.evidence_count]
    if sub.is_rollup:
        sub.plan_totals = data.plan_totals
    else:
        sub.plan_actions, sub.own_actions = book_actions(a.actions)
    return sub


def from_organisation(path: str, received_at: float, organisation: dict[str, Cell]) -> Submission:
    """A submission known only by its «Сведения» (a first look: code, period, document date)."""
    sub = Submission(path=path, sha256=None, received_at=received_at)
    take_organisation(sub, organisation)
    period = dl.parse_period(clean_text(sub.org.get("period")))
    sub.period_end = period.end if period else None
    return sub


@lru_cache(maxsize=256)      # a district writes a handful of period texts, thousands of times
def period_label(text: str) -> str:
    """«2024/2025», «2024 - 2025 уч. г.» → «2024-2025»: one indicator's rows are summed per period, however the
    period was spelled; text that is no period stays as written."""
    period = dl.parse_period(text)
    return period.text if period else text


def take_organisation(sub: Submission, organisation: dict[str, Cell]) -> None:
    sub.org = {k: (c.value.strip() if isinstance(c.value, str) else c.value) for k, c in organisation.items()}
    sub.org_cells = {k: c.address for k, c in organisation.items()}
    sub.org_sheet = next(iter(organisation.values())).sheet if organisation else ""


_LOOKALIKES = str.maketrans("АВЕКМНОРСТХУ", "ABEKMHOPCTXY")   # Cyrillic letters typed for Latin ones


@lru_cache(maxsize=4096)
def code_key(code: Any) -> str:
    """An organisation code as compared: «оо-01», «ОО–01 », «OO-01» (Latin O), «ОО-\u200b01» (a zero-width space
    copied from a web page), «ОО\u00ad-01» (a soft hyphen) and «ＯＯ－０１» (full width) name one organisation.
    Outputs keep the code as written; only comparisons use this key."""
    text = unicodedata.normalize("NFKC", str(code or ""))
    kept = []
    for ch in text:
        category = unicodedata.category(ch)
        if category == "Cf" or ch.isspace():          # zero-width spaces and joiners, soft hyphen, BOM, NBSP
            continue
        kept.append("-" if category == "Pd" or ch == "\u2212" else ch)
    return "".join(kept).upper().translate(_LOOKALIKES)


def received_text(sub: Submission) -> str:
    """When the book was received, as the register shows it: local time, to the minute ("" when unknown)."""
    if not sub.received_at:
        return ""
    try:
        return f"{datetime.fromtimestamp(sub.received_at):%d.%m.%Y %H:%M}"
    except (OverflowError, OSError, ValueError):
        return ""


def received_iso(sub: Submission) -> str | None:
    """The same time in ISO 8601 with the zone (UTC), for JSON and the archive; None when unknown."""
    if not sub.received_at:
        return None
    try:
        return datetime.fromtimestamp(sub.received_at, UTC).isoformat(timespec="seconds")
    except (OverflowError, OSError, ValueError):
        return None


def order_key(sub: Submission) -> tuple[str, str]:
    """Submissions are listed by organisation code, then file: the same order whatever the input order."""
    return (sub.code, sub.path)
