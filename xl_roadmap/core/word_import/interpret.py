"""A Word document's roadmap as a workbook's content: tables found and read, rows turned into actions and
indicators, «Сведения» taken from the prose — every repair and guess listed."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from xl_roadmap.core.content import SOURCE_LEVELS, catalogue_rows
from xl_roadmap.core.document import DocumentText
from xl_roadmap.core.values import split_codes
from xl_roadmap.core.word_import.indicator_rows import (
    Written,
    choose_edition,
    fill_rows,
    written_indicator,
)
from xl_roadmap.core.word_import.layout import ROADMAP
from xl_roadmap.core.word_import.ocr import repair_document
from xl_roadmap.core.word_import.plan import ImportedPlan, Repair
from xl_roadmap.core.word_import.prose import read_requisites
from xl_roadmap.core.word_import.rows import (
    COLUMN_HINT,
    DISTRICT,
    SCHOOL,
    DraftRow,
    draft_rows,
    records,
)
from xl_roadmap.core.word_import.tables import read_tables
from xl_roadmap.core.word_import.text_codes import codes_in_text
from xl_roadmap.spec import Spec
from xl_roadmap.spec.vocabulary import OrgKind

_SCHOOL_BODY = ("школ", "сош", "оош", "гимнази", "лице", "мбоу", "моу", "мкоу", "мдоу", "мадоу", "маоу", "гбоу",
                "детский сад", "общеобразовательное учреждение", "образовательное учреждение")


class ImportRefused(Exception):
    """Nothing can be imported from the document; ``reason`` is Russian and says what was looked for."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def interpret(document: DocumentText, spec: Spec, *, edition_id: str | None = None, level: str | None = None,
              org_code: str | None = None, period: str | None = None) -> ImportedPlan:
    words = spec.word_import
    if not document.tables:
        raise ImportRefused(words.refusals["no-tables"])
    document, ocr_fixes, lexicon = repair_document(document, words.ocr_joins)
    found = read_tables(document, words, ocr_fixes)
    if not any(g.layout.kind == ROADMAP for g in found.groups) and document.nested_tables:
        # the plan laid out inside a frame table: read the tables in its cells instead
        inner = read_tables(replace(document, tables=document.nested_tables), words, ocr_fixes)
        if any(g.layout.kind == ROADMAP for g in inner.groups):
            found = inner
    repairs = list(found.repairs)
    roadmaps = [g for g in found.groups if g.layout.kind == ROADMAP]
    if not roadmaps:
        raise ImportRefused("; ".join([words.refusals["no-roadmap"]] + found.near_misses))
    requisites = read_requisites(document.paragraphs, words.approval_marks, words.posts)
    org: dict[str, Any] = dict(requisites.values)
    kind = level or _kind_of(org.get("org_name", ""))
    plan_level = SCHOOL if kind == OrgKind.SCHOOL else DISTRICT
    # a school's own plan has only the school's actions; a district's has both, told by «Ответственный»
    level_given = level is not None or kind == OrgKind.SCHOOL
    drafts: list[DraftRow] = []
    for group in found.groups:
        recs = records(group, words, repairs, lexicon)
        drafts.extend(draft_rows(group.layout, recs, words, plan_level, repairs, level_given=level_given))
    if not any(d.actions for d in drafts):
        raise ImportRefused(words.refusals["empty"])

    written: list[tuple[DraftRow, Written]] = []
    codes_only: dict[int, str] = {}
    for d in drafts:
        linked = d.indicator["indicator_code"] if not d.indicator["indicator"] else d.indicator["indicator"]
        if d.actions and linked and (not d.indicator["indicator"] or _CODES_ONLY.match(linked)):
            # a roadmap's «Код показателя» (or «Показатель» holding only codes) links its actions to
            # indicators («П19, П20»); the indicators themselves are the catalogue's
            codes_only[id(d)] = ", ".join(split_codes(linked.replace(" и ", ", ")))
            _keep_values(d)
            continue
        if not d.indicator["indicator"] and not d.indicator["indicator_code"]:
            _keep_values(d)
        w = written_indicator(d.indicator, str(d.record.place), words, repairs)
        if w is not None:
            # columns the template has no place for (e.g. «Значение показателя (мотивация УО)») stay with the
            # row's indicator
            w.comment = "\n".join(x for x in (w.comment, d.comment) if x)
            written.append((d, w))
    if edition_id:
        edition = spec.edition(edition_id)
    else:
        edition, matched = choose_edition(spec, [w for _, w in written])
        if not written or not matched:
            repairs.append(Repair("edition-default", "документ", words.message("edition-default", edition=edition.id)))
        elif matched < len(written):
            repairs.append(Repair("edition-guessed", "документ", words.message(
                "edition-guessed", edition=edition.id, matched=matched, total=len(written))))
    base = catalogue_rows(edition, SOURCE_LEVELS["school" if kind == OrgKind.SCHOOL else "district"])
    indicators, placed = fill_rows(base, [w for _, w in written], edition, words, repairs)
    code_of = {id(d): code for (d, _), (code, _) in zip(written, placed)} | codes_only
    row_of = {str(d.record.place): ("indicators", i, "name") for (d, _), (_, i) in zip(written, placed)}

    actions = _number_actions(drafts, code_of, words, repairs)
    _codes_from_text(actions, edition, words, repairs)
    places = _link_repairs(drafts, actions, row_of, repairs)

    org.update({"org_kind": kind, "edition": edition.id, "template_version": spec.template_version})
    if org_code:
        org["org_code"] = org_code
    if period:
        org["period"] = period
    elif requisites.period_note:
        repairs.append(Repair("period-guessed", "текст документа", words.message(
            "period-guessed", note=requisites.period_note), ("organisation", 0, "period")))
    if requisites.act:
        repairs.append(Repair("issuer-from-act", "текст документа", words.message(
            "issuer-from-act", block=requisites.act, name=org["org_name"]), ("organisation", 0, "org_name")))
    if requisites.approval:
        repairs.append(Repair("issuer-from-approval", "текст документа", words.message(
            "issuer-from-approval", block=requisites.approval, name=org["org_name"]), ("organisation", 0, "org_name")))
    if requisites.missing:
        missing = [m for m in requisites.missing if not (m == "период плана" and period)]
        if missing:
            repairs.append(Repair("details-missing", "текст документа", words.message(
                "details-missing", fields=", ".join(missing)), ("organisation", 0, "org_name")))
    tables = sorted({t for g in found.groups for t in g.tables})
    return ImportedPlan(source=document.path, organisation=org, actions=actions, indicators=indicators,
                        repairs=repairs, edition=edition.id, tables=tables, written_rows=[i for _, i in placed],
                        action_places=places)


_CODES_ONLY = re.compile(r"^\s*[ПпPРМС]\s?\d+(?:\.\d+)?(?:\s*(?:[,;]|и)\s*[ПпPРМС]\s?\d+(?:\.\d+)?)*\s*$")
_VALUE_COLUMNS = {"norm": "Норма / цель", "actual": "Фактическое значение", "unit": "Единица",
                  "periodicity": "Периодичность"}


def _link_repairs(drafts: list[DraftRow], actions: list[dict], row_of: dict[str, tuple[str, int, str]],
                  repairs: list[Repair]) -> list[str]:
    """Each repair's cell: the first action (else the indicator) of the row it was made on, in the column it
    concerns when the repair named one (COLUMN_HINT). Returns where each action stands in the document."""
    places = [a.pop("_place") for a in actions]
    action_of: dict[str, tuple[str, int, str]] = {}
    for i, place in enumerate(places):
        action_of.setdefault(place, ("roadmap", i, "action"))
    for d in drafts:
        target = action_of.get(str(d.record.place)) or row_of.get(str(d.record.place))
        for r in d.record.repairs:
            if r.target is not None and r.target[0] == COLUMN_HINT and target is not None:
                column = r.target[2] if target[0] == "roadmap" else ("comment" if r.target[2] == "comment" else "name")
                r.target = (target[0], target[1], column)
            elif r.target is None or r.target[0] == COLUMN_HINT:
                r.target = target
    for r in repairs:
        r.target = r.target or action_of.get(r.where) or row_of.get(r.where)
    return places


def _codes_from_text(actions: list[dict], edition, words, repairs: list[Repair]) -> None:
    """An action whose row gave no indicator code gets the catalogue codes its own text names («(П18)»): a
    guess, listed on the «Импорт» sheet with a link to the cell."""
    for i, a in enumerate(actions):
        if a["codes"]:
            continue
        codes = codes_in_text(a["action"], edition)
        if codes:
            a["codes"] = ", ".join(codes)
            repairs.append(Repair("codes-from-text", a["_place"], words.message(
                "codes-from-text", codes=a["codes"]), ("roadmap", i, "codes")))


def _keep_values(d: DraftRow) -> None:
    """Indicator columns of a row that names no indicator (a «Целевой показатель» beside an action) go to
    its actions' comment: nothing is dropped."""
    kept = [f"{title}: {d.indicator[role]}" for role, title in _VALUE_COLUMNS.items() if d.indicator.get(role)]
    if kept:
        for a in d.actions:
            a.comment = "\n".join(x for x in (a.comment, *kept) if x)


# a region's own body: a ministry, department, committee or government named after a region (края, области,
# республики, автономного округа, a federal city), not a municipality's («администрации … района»)
_REGION_BODY = re.compile(r"^(?:министерств|департамент|комитет|правительств)\w*\b.*"
                          r"(?:кра[яй]|област|республик|автономн\w+\s+округ|москв|санкт-петербург|севастопол)",
                          re.IGNORECASE)
_MUNICIPAL = re.compile(r"администраци|муниципальн|район|городск\w+\s+округ|поселени|города\s+(?!москв|санкт|севаст)",
                        re.IGNORECASE)


def _kind_of(body: str) -> str:
    text = body.lower()
    if _REGION_BODY.match(text) and not _MUNICIPAL.search(text):
        return OrgKind.REGION
    return OrgKind.SCHOOL if any(w in text for w in _SCHOOL_BODY) and "управлен" not in text else OrgKind.DISTRICT


def _number_actions(drafts: list[DraftRow], code_of: dict[int, str], words, repairs: list[Repair]) -> list[dict]:
    """Numbers as text: a row's own number — qualified by its section's number when the plan numbers each
    section from 1 again (reported once); several actions of one row (level groups, a list's items) are
    «N.1», «N.2» …, or «Nа», «Nб» … when the plan's numbers already have two levels; a row without a number
    gets the next free one (reported, linked to the number cell); a number used twice gets a suffix
    (reported)."""
    rows = [d for d in drafts if d.actions]
    written = [d.actions[0].row_no for d in rows]
    qualified = _by_section(rows, written, words, repairs)
    letters = any("." in no for no in written if no)
    out: list[dict] = []
    used: set[str] = set()
    counter = 0
    for d, base in zip(rows, qualified):
        counter += 1
        assigned = not base
        if assigned:
            base = str(counter)
            while base in used:
                counter += 1
                base = str(counter)
        code = code_of.get(id(d), "")
        first_of_row = len(out)
        for k, a in enumerate(d.actions, start=1):
            no = base if len(d.actions) == 1 else (f"{base}{_letter(k)}" if letters else f"{base}.{k}")
            if no in used:
                was, n = no, 2
                while f"{was}-{n}" in used:
                    n += 1
                no = f"{was}-{n}"
                repairs.append(Repair("numbers-unique", str(d.record.place), words.message(
                    "numbers-unique", was=was, no=no), ("roadmap", len(out), "no")))
            used.add(no)
            out.append({"no": no, "codes": code, "level": a.level, "action": a.action, "deadline": a.deadline,
                        "responsible": a.responsible, "result": a.result, "section": a.section,
                        "comment": a.comment, "_place": str(a.place)})
        if assigned:
            repairs.append(Repair("number-assigned", str(d.record.place), words.message("number-assigned", no=base),
                                  ("roadmap", first_of_row, "no")))
        _report_splits(d, out[first_of_row:], first_of_row, words, repairs)
    return out


_RUSSIAN_LETTERS = "абвгдежзиклмнопрстуфхцчшщэюя"


def _letter(k: int) -> str:
    """1 → «а», 2 → «б» … 28 → «я», 29 → «аа»."""
    n = len(_RUSSIAN_LETTERS)
    return _RUSSIAN_LETTERS[(k - 1) % n] * ((k - 1) // n + 1)


def _report_splits(d: DraftRow, numbered: list[dict], first: int, words, repairs: list[Repair]) -> None:
    """One line per action cell whose numbered list became several actions, linked to its first one."""
    for cell in dict.fromkeys(a.cell for a in d.actions if a.item):
        ks = [k for k, a in enumerate(d.actions) if a.cell == cell and a.item]
        kind = "list-split-deadlines" if d.actions[ks[0]].per_item else "list-split"
        repairs.append(Repair(kind, str(d.record.place), words.message(
            kind, count=len(ks), first=numbered[ks[0]]["no"], last=numbered[ks[-1]]["no"]),
            ("roadmap", first + ks[0], "action")))


_SECTION_NO = re.compile(r"^\s*(?:раздел\s+|блок\s+)?(\d{1,2}|[IVXLC]{1,4})\s*[.)]?(?=\s|$)", re.IGNORECASE)


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _arabic(number: str) -> str:
    """A section's number as a row number's prefix: «II» → «2» (a row is «2.1», as people name it), «3» kept."""
    if not number or any(ch not in _ROMAN for ch in number.upper()):
        return number
    values = [_ROMAN[ch] for ch in number.upper()]
    return str(sum(-v if nxt > v else v for v, nxt in zip(values, [*values[1:], 0])))


def _by_section(rows: list[DraftRow], written: list[str], words, repairs: list[Repair]) -> list[str]:
    """The rows' numbers, each prefixed by its section's number («2.1») when the plan numbers its sections
    from 1 again (a number used in two sections); rows outside sections and numbers already carrying their
    section's number are kept. The section's number is the one its heading starts with, else its place
    among the sections."""
    sections: dict[str, str] = {}
    first_section: dict[str, str] = {}
    restart = None
    for i, (d, no) in enumerate(zip(rows, written)):
        section = d.actions[0].section
        if section and section not in sections:
            m = _SECTION_NO.match(section)
            sections[section] = _arabic(m.group(1)) if m else str(len(sections) + 1)
        if not no:
            continue
        seen = first_section.setdefault(no, section)
        if seen != section and restart is None and section:
            restart = i
    if restart is None:
        return list(written)
    out = []
    for d, no in zip(rows, written):
        section = d.actions[0].section
        prefix = sections.get(section, "") if section else ""
        out.append(f"{prefix}.{no}" if no and prefix and not no.startswith(f"{prefix}.") else no)
    d = rows[restart]
    section = d.actions[0].section
    repairs.append(Repair("numbers-by-section", str(d.record.place), words.message(
        "numbers-by-section", was=written[restart], no=out[restart],
        section=section if len(section) <= 60 else section[:59] + "…"),
        ("roadmap", sum(len(r.actions) for r in rows[:restart]), "no")))
    return out
