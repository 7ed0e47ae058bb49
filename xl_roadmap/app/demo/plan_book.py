"""The demo district's plan: a УО book of the district template whose roadmap the district hands down.

Its actions come from ``content.json``'s pool, as the seeds' district roadmaps wrote them: a few for schools in
each section and one for the district itself. A section is a block of the indicator catalogue (the block of an
action's first indicator code) — the way the seeds' plans group their actions — and numbers the actions «1.1»,
«1.2» … within it. The plan is one a careful district sends: every deadline understood and inside the period,
every action with an indicator code, no vague responsible person — hand-down's check of the plan finds nothing.
«Ответственный» of an action for schools is the district's curator when the seeds name a person (each school
names its own), else the seeds' words for the schools' own people («Руководители ОО», «классные руководители»),
which every school's book keeps.
"""

from __future__ import annotations

import random
from datetime import timedelta

from xl_roadmap.app.demo.generate import SEED_BASE_YEAR, deadline_ok, load_content, preschool, shift_years, vague
from xl_roadmap.core import deadlines as dl
from xl_roadmap.core.content import SOURCE_LEVELS, WorkbookContent, catalogue_rows
from xl_roadmap.spec import Edition, Spec
from xl_roadmap.spec.vocabulary import Level, OrgKind

PLAN_FILE = "план_района.xlsx"
FOR_SCHOOLS = (5, 5, 4)          # actions for schools per section (a section with fewer in the pool gives fewer)
CURATORS = ("методист ИМО", "главный специалист УО", "специалист УО")
SCHOOLS = "ОО района"            # «Организация-исполнитель» of an action for schools


def district_plan(spec: Spec, edition: Edition, *, seed: int, period_text: str, district: dict,
                  for_schools: tuple[int, ...] = FOR_SCHOOLS) -> WorkbookContent:
    content = load_content()
    rng = random.Random(f"{seed}:plan")
    period = dl.parse_period(period_text)
    delta = period.start.year - SEED_BASE_YEAR
    doc_date = period.start - timedelta(days=rng.randint(7, 20))
    persons = content["persons"]
    catalogue = {e.code: e.block for e in edition.indicators}
    blocks = list(dict.fromkeys(e.block for e in edition.indicators))

    def fits(a: dict) -> bool:
        codes = [c for c in a.get("codes", []) if c in catalogue]
        return bool(codes) and not preschool(a) and deadline_ok(shift_years(a["deadline"], delta), period, doc_date) \
            and not vague(spec, a["responsible"])

    pool = [a for a in content["actions"] if fits(a)]
    rng.shuffle(pool)
    actions = []
    for s, block in enumerate(blocks, start=1):
        mine = [a for a in pool if catalogue[next(c for c in a["codes"] if c in catalogue)] == block]
        picked = [a for a in mine if a["level"] != Level.DISTRICT][:for_schools[(s - 1) % len(for_schools)]]
        picked += [a for a in mine if a["level"] == Level.DISTRICT][:1]
        for k, a in enumerate(picked, start=1):
            person = rng.choice(persons)["name"]
            ours = a["level"] == Level.DISTRICT
            if ours or "{person}" not in a["responsible"]:
                responsible = a["responsible"].replace("{person}", person)
            else:
                responsible = f"{rng.choice(CURATORS)} {person}"
            actions.append({"no": f"{s}.{k}", "section": edition.block_name(block), "level": a["level"],
                            "codes": ", ".join(c for c in a["codes"] if c in catalogue), "action": a["action"],
                            "executor": district["authority"] if ours else SCHOOLS,
                            "deadline": shift_years(a["deadline"], delta), "responsible": responsible,
                            "result": a.get("result", "")})
    head = rng.choice(persons)["name"]
    organisation = {
        "org_name": district["authority"], "org_code": district["code"], "org_kind": OrgKind.DISTRICT,
        "municipality": district["name"], "region": district["region"], "period": period_text,
        "doc_kind": "приказ", "doc_number": f"{rng.randint(150, 420)}-од", "doc_date": doc_date,
        "signatory": f"начальник управления образования {head}",
        "contact": f"{rng.choice(persons)['name']}, отдел общего образования, 8 (4{rng.randint(10, 99)}) "
                   f"2-{rng.randint(10, 99)}-{rng.randint(10, 99)}",
        "edition": edition.id, "template_version": spec.template_version,
    }
    return WorkbookContent(organisation=organisation, indicators=catalogue_rows(edition, SOURCE_LEVELS["district"]),
                           actions=actions)
