"""A demo school's book that starts from the district's plan handed down, then is filled as a school fills it.

The start is the real hand-down's (core.hand_down.school_content of the plan's actions for schools, each with its
origin mark); the filling is the demo's (generate: statuses by deadline, completion dates, evidence, indicator
figures) — plus what schools do to a plan in life: a school names the responsible person where the plan left it
to the school, adds a few actions of its own (numbered in a section after the plan's), and some change the plan.
By its place in the district one school deletes an action of the plan, one rewrites an action's text and one
moves a deadline — the rewritten cell becomes the school's own wording, the action still the plan's number.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from xl_roadmap.app.demo.generate import (
    SEED_BASE_YEAR,
    SchoolPlan,
    evidence_rows,
    indicator_rows,
    load_content,
    people,
    preschool,
    progress,
    shift_years,
)
from xl_roadmap.core import deadlines as dl
from xl_roadmap.core.hand_down import school_content
from xl_roadmap.spec import Edition, Spec
from xl_roadmap.spec.vocabulary import Level

# what the school at this place in the district (0-based) does to the plan; the first school keeps it as given
DELETES, REWRITES_TEXT, MOVES_DEADLINE = 1, 2, 4
REWORDING = " (в школе — для обучающихся 5–9 классов, по плану работы ШМО)"
OWN_SECTION = "Мероприятия школы"
OWN_ACTIONS = (2, 4)          # how many of its own a school adds, at least and at most


@dataclass(frozen=True)
class HandedPlan:
    """A district's plan as hand-down gives it to every school (app.hand_down.plan_for_schools): the plan's
    «Сведения» values and its actions for schools, with their origin marks."""
    organisation: dict[str, Any]
    actions: list[dict[str, Any]]


def handed_down_school(spec: Spec, edition: Edition, org: dict, plan: HandedPlan, *, index: int, seed: int,
                       period_text: str, as_of: date) -> SchoolPlan:
    content = load_content()
    rng = random.Random(f"{seed}:{org['code']}")
    period = dl.parse_period(period_text)
    prev_start = period.start.year - 1
    prev_text = f"{prev_start}-{prev_start + 1}" if period.school_year else str(prev_start)
    book = school_content(plan.organisation, plan.actions, org["code"], org["name"], edition, period_text)
    doc_date = _day(book.organisation.get("doc_date")) or period.start - timedelta(days=10)
    persons = content["persons"]
    book.organisation.update(people(rng, org, persons), edition=edition.id, template_version=spec.template_version)
    by_text = {a["action"]: a for a in content["actions"]}
    # each action with the seeds' entry it came from (its evidence, the responsible person the seeds name)
    actions = [(a, by_text.get(str(a["action"]), {"action": a["action"]})) for a in book.actions]
    _change_plan(actions, index, rng, period)
    evidence = []
    for a, entry in actions:
        status, completion = progress(rng, str(a.get("deadline") or ""), period, as_of)
        person = rng.choice(persons)["name"]
        if not a.get("responsible"):        # the plan left it to the school
            a["responsible"] = entry.get("responsible", "заместитель директора по УВР {person}").replace(
                "{person}", person)
        a.update(executor=org.get("short", org["name"]), status=status, completion_date=completion)
        evidence += evidence_rows(rng, spec, org, entry, str(a["no"]), status, completion, doc_date, len(evidence) + 1)
    rows = [a for a, _ in actions]
    for a, entry in _own_actions(rng, plan, edition, period):
        status, completion = progress(rng, a["deadline"], period, as_of)
        a.update(responsible=entry["responsible"].replace("{person}", rng.choice(persons)["name"]),
                 executor=org.get("short", org["name"]), status=status, completion_date=completion)
        rows.append(a)
        evidence += evidence_rows(rng, spec, org, entry, a["no"], status, completion, doc_date, len(evidence) + 1)
    book.actions = rows
    book.evidence = evidence
    book.indicators = indicator_rows(rng, edition, content.get("indicator_ranges", {}), period_text, prev_text,
                                     False)
    return SchoolPlan(org=org, content=book)


def _change_plan(actions: list[tuple[dict, dict]], index: int, rng: random.Random, period: dl.Period) -> None:
    """What this school does to the plan's actions before it works on them (see DELETES …)."""
    if not actions:
        return
    if index == DELETES:
        del actions[rng.randrange(len(actions))]
    elif index == REWRITES_TEXT:
        a, _ = rng.choice(actions)
        a["action"] = f"{a['action']}{REWORDING}"
    elif index == MOVES_DEADLINE:
        dated = [a for a, _ in actions if dl.parse_deadline(str(a.get("deadline") or ""), period).end is not None]
        if dated:
            a = rng.choice(dated)
            end = dl.parse_deadline(str(a["deadline"]), period).end
            a["deadline"] = f"до {min(end + timedelta(days=rng.randint(30, 75)), period.end):%d.%m.%Y}"


def _own_actions(rng: random.Random, plan: HandedPlan, edition: Edition, period: dl.Period):
    """A few actions of the school's own from the rest of the pool (the seeds' wording, deadlines unchecked as a
    school writes them), numbered in a section after the plan's: (row, the seeds' entry)."""
    taken = {str(a["action"]) for a in plan.actions}
    pool = [a for a in load_content()["actions"] if a.get("level", Level.SCHOOL) != Level.DISTRICT
            and a["action"] not in taken and not preschool(a)]
    rng.shuffle(pool)
    catalogue = {e.code for e in edition.indicators}
    section = 1 + max((int(head) for a in plan.actions if (head := str(a.get("no") or "").split(".")[0]).isdigit()),
                      default=0)
    delta = period.start.year - SEED_BASE_YEAR
    for k, entry in enumerate(pool[:rng.randint(*OWN_ACTIONS)], start=1):
        yield ({"no": f"{section}.{k}", "section": OWN_SECTION, "level": Level.SCHOOL,
                "codes": ", ".join(c for c in entry.get("codes", []) if c in catalogue), "action": entry["action"],
                "deadline": shift_years(entry["deadline"], delta), "result": entry.get("result", "")}, entry)


def _day(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None
