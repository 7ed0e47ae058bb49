"""Rules for the «Журнал подтверждений» sheet: links to actions, dates, links, duplicates."""

from __future__ import annotations

import re
from datetime import date

from xl_roadmap.core.formulas import action_key
from xl_roadmap.core.values import clean_text, format_date
from xl_roadmap.rules.registry import Context, rule
from xl_roadmap.spec.vocabulary import EvidenceRole

_URL = re.compile(r"^(https?://|www\.)[^\s/$.?#][^\s]*\.[^\s]{2,}", re.IGNORECASE)
_FILE = re.compile(r"^[^<>\"|?*\n]+\.[A-Za-z0-9]{2,5}$")


@rule
def orphan(ctx: Context):
    known = {action_key(a.no) for a in ctx.analysis.actions if a.no}
    for r in ctx.data.evidence:
        key = action_key(r.value("action_no"))
        if key and key not in known:
            cell = r["action_no"]
            yield ctx.make.make("evidence-orphan", cell.sheet, cell.address, r.text("action_no"))


@rule
def dates(ctx: Context):
    period = ctx.analysis.period
    as_of = ctx.analysis.as_of
    for r in ctx.data.evidence:
        cell = r["date"]
        d = cell.value
        if not isinstance(d, date):
            continue
        if d > as_of:
            yield ctx.make.make("evidence-future", cell.sheet, cell.address, d, as_of=format_date(as_of))
        elif period is not None and d < period.start and r.text("role").lower() == EvidenceRole.CONFIRMATION:
            yield ctx.make.make("evidence-before-period", cell.sheet, cell.address, d,
                                period_start=format_date(period.start))


@rule
def links(ctx: Context):
    for r in ctx.data.evidence:
        text = clean_text(r.text("link"))
        if text and not (_URL.match(text) or (_FILE.match(text) and "://" not in text and not text.startswith("ht"))):
            cell = r["link"]
            yield ctx.make.make("evidence-bad-link", cell.sheet, cell.address, text)


@rule
def duplicate_documents(ctx: Context):
    seen: dict[tuple, int] = {}
    for r in ctx.data.evidence:
        title = clean_text(r.text("title")).lower()
        if not title:
            continue
        key = (action_key(r.value("action_no")), r.text("kind").lower(), r.text("number").lower(), r.text("date"), title)
        other = seen.setdefault(key, r.row)
        if other != r.row:
            cell = r["title"]
            yield ctx.make.make("evidence-duplicate", cell.sheet, cell.address, r.text("title"), other_row=other)
