"""Filled school workbooks for the demo, the tests and the benchmark.

Text (actions, deadlines as people write them, responsible persons, evidence) comes from ``content.json``,
which was taken from the real roadmaps in the seeds. Numbers are drawn from a seeded RNG, so the same seed
gives the same district. ``clean=True`` keeps only what a careful school would send (every deadline
understood and inside the period, every norm met, every done action proven): the base for planted-fault
tests, where the validator must report exactly the planted faults.
"""

from __future__ import annotations

import json
import math
import random
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from xl_roadmap.core import deadlines as dl
from xl_roadmap.core import indicators as ind
from xl_roadmap.core.content import WorkbookContent
from xl_roadmap.spec import Edition, Indicator, Spec
from xl_roadmap.spec.vocabulary import ActionStatus, EvidenceRole, OrgKind

CONTENT_PATH = Path(__file__).with_name("content.json")
SEED_BASE_YEAR = 2024        # the seeds' roadmaps are for 2024/2025: their years are shifted to the demo period
_YEAR = re.compile(r"(?<!\d)(20[1-3]\d)(?!\d)")
# the seeds' actions of kindergartens (level ОО as well): a district's plan for its schools leaves them out
_PRESCHOOL = re.compile(r"ДОУ|дошкол|заведующ|старший воспитатель", re.IGNORECASE)

EVIDENCE_KIND = {
    "протокол": "протокол совещания / заседания", "план": "дорожная карта / план / программа",
    "ссылка на сайт": "публикация на сайте / в соцсетях", "положение": "положение / локальный акт",
}


@lru_cache(maxsize=1)
def load_content() -> dict:
    with open(CONTENT_PATH, encoding="utf-8") as fh:
        return json.load(fh)


def school_year_of(day: date) -> str:
    start = day.year if day.month >= 9 else day.year - 1
    return f"{start}-{start + 1}"


def preschool(entry: dict) -> bool:
    """Whether a seeds' action is a kindergarten's (its text or responsible person says so)."""
    return bool(_PRESCHOOL.search(f"{entry['action']} {entry['responsible']}"))


def shift_years(text: str, delta: int) -> str:
    if not delta or not isinstance(text, str):
        return text
    return _YEAR.sub(lambda m: str(int(m.group(1)) + delta), text)


@dataclass(frozen=True)
class SchoolPlan:
    org: dict
    content: WorkbookContent


def _draw_figures(rng: random.Random, entry: Indicator, ranges: dict | None, clean: bool, norm: float | None):
    """Numerator and denominator for one indicator of one school; clean → the norm is met."""
    for _ in range(40):
        num, den = _draw_once(rng, entry, ranges)
        value = ind.compute_value(entry.kind, entry.multiplier, num, den)
        if not clean or ind.status(value, norm, entry.direction) != ind.NOT_ACHIEVED:
            return num, den
    # a norm this RNG cannot meet: put the value exactly on the norm
    if entry.kind in ind.DIRECT_KINDS:
        return norm, None
    den = den or 100.0
    if entry.kind == "growth":
        return float(math.ceil(den * (1 + norm / 100))), den
    num = norm * den / entry.multiplier
    return (float(math.ceil(num)) if entry.direction == "higher" else float(math.floor(num))), den


def _draw_once(rng: random.Random, entry: Indicator, ranges: dict | None):
    ranges = ranges or {}
    den_range = ranges.get("denominator")
    num_range = ranges.get("numerator")
    if entry.aggregation == "share_of_orgs":
        return float(rng.random() < 0.7), 1.0
    if entry.kind == "yesno":
        return float(rng.random() < 0.75), None
    if entry.kind in ("count", "score"):
        lo, hi = num_range or (0, 20)
        return float(rng.randint(int(lo), int(hi))), None
    lo, hi = den_range or ((150, 900) if entry.kind in ("share", "growth") else (15, 70))
    den = float(rng.randint(int(lo), int(hi)))
    if entry.kind == "share":
        if num_range and num_range[1] <= den:
            num = float(rng.randint(int(num_range[0]), int(min(num_range[1], den))))
        else:
            num = float(round(den * rng.uniform(0.2, 1.0)))
        return min(num, den), den
    if entry.kind == "growth":
        return float(round(den * rng.uniform(0.85, 1.25))), den
    lo, hi = num_range or (100, 900)
    return float(rng.randint(int(lo), int(hi))), den


def indicator_rows(rng, edition: Edition, ranges: dict, period_text: str, prev_text: str, clean: bool):
    rows = []
    entries = [e for e in edition.indicators if e.source_level == "school"]
    n = 0
    for data_period in (prev_text, period_text):
        for entry in entries:
            n += 1
            num, den = _draw_figures(rng, entry, ranges.get(entry.code), clean, entry.norm)
            rows.append({"no": str(n), "code": entry.code, "name": entry.name, "block": edition.block_name(entry.block),
                         "unit": entry.unit, "period": data_period, "numerator": num, "denominator": den,
                         "norm": entry.norm, "source": "ВСОКО, отчёт ОО-1" if entry.kind != "yesno" else "локальный акт"})
    return rows


def deadline_ok(text: str, period: dl.Period, doc_date: date) -> bool:
    d = dl.parse_deadline(text, period)
    if d.kind not in ("date", "range", "recurring", "ongoing", "event-bound") or d.looks_like_person:
        return False
    if d.end is not None and (d.end > period.end or d.end < period.start or d.end < doc_date):
        return False
    return not (d.start is not None and d.start < period.start)


def progress(rng: random.Random, deadline: str, period: dl.Period, as_of: date,
             clean: bool = False) -> tuple[str, date | None]:
    """An action's status and completion date on ``as_of``: mostly done once its deadline has passed (always
    when ``clean``), sometimes early; the rest in work or not started."""
    parsed = dl.parse_deadline(deadline, period)
    due = parsed.end or period.end
    passed = due < as_of or (parsed.recurrence == "listed" and any(c < as_of for c in parsed.checkpoints))
    done = passed if clean else (passed and rng.random() < 0.85) or (not passed and rng.random() < 0.2)
    if not done:    # the RNG is drawn only here: the same seed must give the same district
        return (ActionStatus.IN_PROGRESS if rng.random() < 0.6 else ActionStatus.NOT_STARTED), None
    earliest = max(parsed.start or period.start, period.start)
    latest = min(due, as_of)
    span = max((latest - earliest).days, 0)
    return ActionStatus.DONE, min(earliest + timedelta(days=rng.randint(0, span)), as_of)


def evidence_rows(rng: random.Random, spec: Spec, org: dict, entry: dict, no: str, status: str,
                  completion: date | None, doc_date: date, first: int) -> list[dict]:
    """The evidence log's rows of one action (``entry``: its content.json entry): a done action's documents
    confirm it (a certificate when the seeds name none), an action in work has its first document as its basis."""
    done = status == ActionStatus.DONE
    docs = entry.get("evidence") or []
    if done and not docs:
        docs = [{"kind": "справка", "title": f"Справка о выполнении: {entry['action'][:60]}", "issuer": "ОО"}]
    rows = []
    for k, doc in enumerate(docs):
        if not done and k > 0:
            break
        role = EvidenceRole.CONFIRMATION if done else EvidenceRole.BASIS
        doc_day = completion if done else doc_date
        kind = EVIDENCE_KIND.get(doc["kind"], doc["kind"])
        if kind not in spec.lists["document_kinds"]:
            kind = "иное"
        link = ""
        if kind == "публикация на сайте / в соцсетях":
            link = f"https://{org['code'].lower()}.edu.example.ru/docs/{no}-{k + 1}"
        rows.append({"no": str(first + len(rows)), "action_no": no, "kind": kind,
                     "number": "" if link else f"{rng.randint(1, 300)}{'-од' if kind == 'приказ' else ''}",
                     "date": doc_day, "title": doc["title"], "link": link, "issuer": doc.get("issuer", "ОО"),
                     "role": role})
    return rows


def people(rng: random.Random, org: dict, persons: list[dict]) -> dict[str, str]:
    """A school's «Подписант» (its director) and «Контактное лицо» with a phone number (the RNG drawn in this
    order: the same seed gives the same district)."""
    signatory = f"директор {org.get('director', rng.choice(persons)['name'])}"
    contact = rng.choice(persons)["name"]
    phone = f"8 (4{rng.randint(10, 99)}) {rng.randint(2, 7)}{rng.randint(10, 99)}-{rng.randint(10, 99)}-" \
            f"{rng.randint(10, 99)}"
    return {"signatory": signatory, "contact": f"{contact}, {phone}"}


def school_plan(spec: Spec, edition: Edition, org: dict, *, seed: int, period_text: str, as_of: date,
                district: dict, clean: bool = False, n_actions: int = 50) -> SchoolPlan:
    content = load_content()
    rng = random.Random(f"{seed}:{org['code']}")
    period = dl.parse_period(period_text)
    delta = period.start.year - SEED_BASE_YEAR
    prev_start = period.start.year - 1
    prev_text = f"{prev_start}-{prev_start + 1}" if period.school_year else str(prev_start)
    doc_date = period.start - timedelta(days=rng.randint(5, 25))
    persons = content["persons"]
    indicator_codes = {e.code for e in edition.indicators if e.source_level == "school"}
    catalogue_codes = {e.code for e in edition.indicators}
    org_fields = {
        "org_name": org["name"], "org_code": org["code"], "org_kind": org.get("kind", OrgKind.SCHOOL),
        "municipality": district["name"], "region": district["region"], "period": period_text,
        "doc_kind": "приказ", "doc_number": f"{rng.randint(12, 240)}-од", "doc_date": doc_date,
        **people(rng, org, persons), "edition": edition.id, "template_version": spec.template_version,
    }
    pool = [a for a in content["actions"] if a.get("level", "ОО") != "УО"]
    rng.shuffle(pool)
    actions, evidence = [], []
    for a in pool:
        if len(actions) >= n_actions:
            break
        deadline = shift_years(a["deadline"], delta)
        if clean and (not deadline_ok(deadline, period, doc_date) or vague(spec, a["responsible"])):
            continue
        codes = [c for c in a.get("codes", []) if c in (indicator_codes if clean else catalogue_codes)]
        if clean and not codes:
            codes = [rng.choice(sorted(indicator_codes))]
        no = str(len(actions) + 1)
        status, completion = progress(rng, deadline, period, as_of, clean)
        person = rng.choice(persons)
        responsible = a["responsible"].replace("{person}", person["name"])
        actions.append({"no": no, "codes": ", ".join(codes), "level": a.get("level", "ОО"), "action": a["action"],
                        "executor": org.get("short", org["name"]), "deadline": deadline, "responsible": responsible,
                        "result": a.get("result", ""), "status": status, "completion_date": completion})
        evidence += evidence_rows(rng, spec, org, a, no, status, completion, doc_date, len(evidence) + 1)
    indicators = indicator_rows(rng, edition, content.get("indicator_ranges", {}), period_text, prev_text, clean)
    if clean:
        linked = {c for a in actions for c in a["codes"].split(", ") if c}
        for r in indicators:
            if r["code"] not in linked:
                actions[len(linked) % len(actions)]["codes"] += f", {r['code']}"
                linked.add(r["code"])
    return SchoolPlan(org=org, content=WorkbookContent(organisation=org_fields, indicators=indicators,
                                                       actions=actions, evidence=evidence))


def vague(spec: Spec, responsible: str) -> bool:
    text = responsible.lower()
    return any(p in text for p in spec.rule_settings.get("vague_responsible_patterns", ()))


def organisations(n: int) -> list[dict]:
    """The first ``n`` organisations of the demo district (cycled with new codes beyond the list)."""
    base = load_content()["organisations"]
    out = []
    for i in range(n):
        org = dict(base[i % len(base)])
        if i >= len(base):
            org["code"] = f"{org['code']}-{i // len(base) + 1}"
            org["name"] = f"{org['name']} (филиал {i // len(base) + 1})"
        out.append(org)
    return out


# Typical mistakes seen in the real documents (domain README, lessons 3, 5, 6), planted into some demo schools.
def _mistake_deadline_unparsed(c: WorkbookContent, rng: random.Random) -> str:
    rng.choice(c.actions)["deadline"] = "в теч. г-да по мере"
    return "срок записан непонятно"


def _mistake_person_in_deadline(c: WorkbookContent, rng: random.Random) -> str:
    a = rng.choice(c.actions)
    a["deadline"], a["responsible"] = a["responsible"].split()[-1] if a["responsible"] else "Сидорова А.А.", ""
    return "ФИО в столбце «Срок» (столбцы сдвинуты)"


def _mistake_numerator_gt_denominator(c: WorkbookContent, rng: random.Random) -> str:
    rows = [r for r in c.indicators if r.get("denominator") and r["numerator"] is not None and r["denominator"] > 1]
    r = rng.choice(rows)
    r["numerator"], r["denominator"] = r["denominator"], r["numerator"]
    return "числитель и знаменатель перепутаны"


def _mistake_vague_responsible(c: WorkbookContent, rng: random.Random) -> str:
    rng.choice(c.actions)["responsible"] = "специалисты ОО по своим направлениям"
    return "неконкретный ответственный"


def _mistake_done_without_evidence(c: WorkbookContent, rng: random.Random) -> str:
    done = [a for a in c.actions if a["status"] == ActionStatus.DONE]
    if not done:
        return ""
    a = rng.choice(done)
    c.evidence[:] = [e for e in c.evidence if e["action_no"] != a["no"]]
    return "выполнено без подтверждающего документа"


def _mistake_formula_text(c: WorkbookContent, rng: random.Random) -> str:
    rng.choice(c.actions)["comment"] = '=HYPERLINK("http://example.invalid","нажмите")'
    return "текст, похожий на формулу (остаётся текстом)"


MISTAKES = (_mistake_deadline_unparsed, _mistake_person_in_deadline, _mistake_numerator_gt_denominator,
            _mistake_vague_responsible, _mistake_done_without_evidence, _mistake_formula_text)


def plant_mistakes(content: WorkbookContent, rng: random.Random, k: int = 2) -> list[str]:
    return [text for fn in rng.sample(MISTAKES, k) if (text := fn(content, rng))]
