"""«Сведения» from an order's prose: who issued it, what kind of document, its number and date, the plan
period, the municipality and the region. Russian orders open the same way (issuing body in capitals, the
kind, «от ДД.ММ.ГГГГ № N», the title «Об утверждении … на 2024 год»), but the lines vary: each field is
looked for on its own, and what is not found is reported, not invented."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from xl_roadmap.core.deadlines.words import month_number

HEAD_PARAGRAPHS = 20        # the requisites are at the top; the body cites other orders with dates too
SHORT = 90                  # a requisite line is short; a body paragraph citing «от 07.08.2023 N P-170» is not
_KINDS = {"приказ": "приказ", "распоряжение": "распоряжение", "постановление": "приказ", "решение": "приказ"}
_BODY_WORDS = re.compile(r"управлени[ея]\s+образовани|отдел\s+образовани|комитет\w*\s+(?:по\s+)?образовани|"
                         r"департамент|министерств|правительств|администраци|муниципальн|городского\s+округа|района|"
                         r"учреждени|организаци|школ|гимнази|лице[йя]|детский\s+сад|(?<![А-ЯЁ])(?:М|Г)[БАК]?[ДО]?ОУ|СОШ|ООШ",
                         re.IGNORECASE)
# what ends (or is never) the issuer's name: the kind, the date, an addressee, a signatory's post, the title
_STOP = re.compile(r"^(?:приказ|распоряжение|постановление|решение|от\s|№|\d{1,2}[./]|начальник|директор|"
                   r"руководител|министр|заместител|глав[аеы]\b|председател|и\.\s?о\.|уважаем|ул\.|тел|"
                   r"e-?mail|инн|огрн|об\s|о\s|план|дорожн)", re.IGNORECASE)
# another act the document refers to: «Приложение № 1 к приказу …», «К распоряжению …», «УТВЕРЖДЕНО приказом …»
_REFERENCE = re.compile(r"^\W*(?:приложение\b|к\s+(?:приказу|распоряжению|постановлению|решению|письму)\b|"
                        r"утвержд[её]н\w*|утверждаю|согласован\w*)", re.IGNORECASE)
HEAD_LINES = 16             # the issuer is among the first lines (a line break inside a paragraph counts)
ISSUER_LINES = 6
REFERENCE_LINES = 4         # a reference's lines up to its date and number
_NUMERIC_DATE = re.compile(r"(?<!\d)(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)")
_WORD_DATE = re.compile(r"(?<!\d)(\d{1,2})\s+([а-яё]+)\s+(\d{4})", re.IGNORECASE)
_NUMBER = re.compile(r"(?:№|N)\s*([0-9][\w/.-]*(?:-[\wА-Яа-я]+)?)")
_ONLY_NUMBER = re.compile(r"^\s*(?:№|N)\s*\S+\s*$")
_YEARS = re.compile(r"на\s+((?:19|20)\d{2})\s*(?:[-–—/]\s*((?:19|20)\d{2}))?\s*(учебн\w*\s+|уч\.\s*)?(год\w*|гг?\.?)",
                    re.IGNORECASE)
_MUNICIPALITY = re.compile(
    r"([А-ЯЁ][а-яё-]+(?:ского|цкого|ого|ей))\s+(муниципального\s+округа|муниципального\s+района|района|"
    r"городского\s+округа|округа)|(городского\s+округа|городской\s+округ)\s+([А-ЯЁ][а-яё-]+)|"
    r"(МР|муниципального\s+района|муниципальный\s+район)\s+(«[^»]+»)")
_REGION = re.compile(r"([А-ЯЁ][а-яё-]+)(ской|цкой)\s+области|([А-ЯЁ][а-яё-]+)(ского|цкого)\s+края|"
                     r"Республики\s+([А-ЯЁ][а-яё-]+)")
_IN_YEARS = re.compile(r"(?<![а-яё])в\s+((?:19|20)\d{2})\s*(?:[-–—/]\s*((?:19|20)\d{2}))?\s*(учебн\w*\s+)?"
                       r"(год[уа]х?|гг\.)", re.IGNORECASE)
TITLE_PARAGRAPHS = 5        # a title typed over several centred lines («План-график / мероприятий / … / в 2012 году»)
_TITLE = re.compile(r"^(?:«?об\s+утверждении|план\b|дорожн)", re.IGNORECASE)
_NOMINATIVE = {"муниципального округа": "муниципальный округ", "муниципального района": "муниципальный район",
               "района": "район", "округа": "округ", "городского округа": "городской округ"}


@dataclass
class Requisites:
    values: dict = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    period_note: str = ""
    approval: str = ""      # the approval block the organisation was taken from, as written (else empty)
    act: str = ""           # the reference to the act the organisation was taken from, as written (else empty)


def read_requisites(paragraphs: tuple[str, ...], approval_marks: tuple[str, ...] = (),
                    posts: tuple[str, ...] = ()) -> Requisites:
    """``approval_marks`` and ``posts`` (word_import.json → requisites): when no issuing body heads the
    document, its approval block («УТВЕРЖДАЮ / директор МБОУ СОШ № 16») names the organisation."""
    head = [" ".join(p.split()) for p in paragraphs[:HEAD_PARAGRAPHS]]
    out = Requisites()
    body = _title_case(_issuer(paragraphs))
    act = _annexed_act(paragraphs)
    if act and (not body or " ".join(body.lower().split()) in act["block"].lower()):
        body = act["body"]      # none above the reference, or what was found is a piece of the reference
        out.act = act["block"]
    if not body:
        out.approval, body = _approver(paragraphs, approval_marks, posts)
    if body:
        out.values["org_name"] = body
    kind = _kind(paragraphs) or (act or {}).get("kind", "")
    if kind:
        out.values["doc_kind"] = kind
    doc_date, doc_number = _date_and_number(head)
    if act and doc_date in (None, act["date"]):
        doc_date, doc_number = act["date"], act["number"]    # never the annex's own «N 2»
    if doc_date:
        out.values["doc_date"] = doc_date
    if doc_number:
        out.values["doc_number"] = doc_number
    period, note = _period(paragraphs, doc_date)
    if period:
        out.values["period"] = period
        out.period_note = note
    # only the requisites and the title: the body cites other bodies' orders (a region's ministry …)
    titles = [p for p in head if _TITLE.match(p) or len(p) <= SHORT * 2 and not _NUMERIC_DATE.search(p)]
    text = body + " " + " ".join(titles)
    municipality = _municipality(text)
    if municipality:
        out.values["municipality"] = municipality
    region = _region(text)
    if region:
        out.values["region"] = region
    labels = {"org_name": "наименование органа", "doc_kind": "вид документа", "doc_date": "дата документа",
              "doc_number": "номер документа", "period": "период плана"}
    out.missing = [text for key, text in labels.items() if key not in out.values]
    return out


def _issuer(paragraphs: tuple[str, ...]) -> str:
    """The issuing body: the lines at the top that name it («УПРАВЛЕНИЕ ОБРАЗОВАНИЯ, МОЛОДЕЖНОЙ ПОЛИТИКИ И
    СПОРТА / АДМИНИСТРАЦИИ … / … ОБЛАСТИ», each line or one paragraph broken by line breaks), up to the kind
    of document or the addressee. A reference to another act above them («Приложение к приказу министерства
    … от … N …», «УТВЕРЖДЕНО приказом …») names another body: it is passed over up to its date or number."""
    lines = [line for p in paragraphs[:HEAD_PARAGRAPHS] for line in p.split("\n")]
    found: list[str] = []
    reference = 0            # lines of a reference still to pass over
    for raw in lines[:HEAD_LINES]:
        clean = " ".join(re.sub(r"[*_]+", "", raw).split())
        if not clean:
            continue
        if _REFERENCE.match(clean):
            if found:
                break
            reference = REFERENCE_LINES
            if _NUMERIC_DATE.search(clean) or _NUMBER.search(clean):
                reference = 0
            continue
        if reference:
            reference -= 1
            if _NUMERIC_DATE.search(clean) or _NUMBER.search(clean) or _WORD_DATE.search(clean):
                reference = 0
            continue
        if _TITLE.match(clean) and not found:
            break            # the title: the issuer, when there is one, stands above it
        if _STOP.match(clean) or len(clean) > (SHORT * 2 if clean.isupper() else SHORT):
            if found:
                break
            continue
        if found or _BODY_WORDS.search(clean) or clean.isupper():
            found.append(clean)
        if len(found) >= ISSUER_LINES:
            break
    return " ".join(found) if found and _BODY_WORDS.search(" ".join(found)) else ""


# the act an annex belongs to: «Приложение N 2 к приказу министерства … от 13 ноября 2015 г. N 5976», or the
# act that last amended it: «(в редакции постановления правительства … от 2 апреля 2013 года N 130-пп)»
_ACT = re.compile(r"(?:\bк|\bв\s+редакции)\s+(приказ|распоряжени|постановлени|решени)[а-яё]*\s+(.{3,200}?)\s*,?\s+"
                  r"от\s+(\d{1,2}\.\d{1,2}\.\d{4}|\d{1,2}\s+[а-яё]+\s+\d{4})\s*(?:г\.|года|г\b)?\s*"
                  r"(?:№|N)\s*([0-9][\w/.-]*(?:-[\wА-Яа-я]+)?)", re.IGNORECASE)


def _annexed_act(paragraphs: tuple[str, ...]) -> dict | None:
    """The requisites of the act a document is annexed to, from the reference above its title («Приложение
    … к приказу …», typed line by line, as one paragraph with line breaks or inside a long annex heading):
    the body whose act it is (its first word in the nominative), the kind, the date and the number."""
    block: list[str] = []
    for p in paragraphs[:HEAD_PARAGRAPHS]:
        clean = " ".join(p.split())
        if not clean:
            continue
        if block and (_TITLE.match(clean) or _REFERENCE.match(clean) and not clean.lower().startswith("к ")):
            break
        if block or _REFERENCE.match(clean):
            block.append(clean)
        if len(block) >= REFERENCE_LINES + 2:
            break
    m = _ACT.search(" ".join(block))
    if not m or not _BODY_WORDS.search(m.group(2)):
        return None
    day = _first_date(m.group(3))
    if day is None:
        return None
    kind = _KINDS.get({"приказ": "приказ"}.get(m.group(1).lower(), m.group(1).lower() + "е"), "")
    return {"body": _nominative_head(m.group(2).strip(" ,")), "kind": kind, "date": day, "block": " ".join(block),
            "number": m.group(4).rstrip(".")}


APPROVAL_LINES = 4          # an approval block's lines after its mark, up to the date or the signature
# what ends an approval block's post and organisation: the order approving it, a date, the signature line
_APPROVAL_END = re.compile(r"^\W*(?:приказ|распоряжение|постановление|решение|протокол|от\s|№|м\.\s?п\.)|"
                           r"^[\s_.…]*$", re.IGNORECASE)
_SIGNATURE = re.compile(r"\s*(?:[_…]{2,}|\.{3,}).*$")
_PERSON = re.compile(r"^(?:[А-ЯЁ]\.\s?[А-ЯЁ]\.\s?[А-ЯЁ][а-яё-]+|[А-ЯЁ][а-яё-]+\s+[А-ЯЁ]\.\s?[А-ЯЁ]\.)$")
# a body named in the genitive after a post («начальник управления образования …») in the nominative
_HEAD_NOMINATIVE = {"управления": "управление", "отдела": "отдел", "комитета": "комитет", "департамента":
                    "департамент", "министерства": "министерство", "администрации": "администрация",
                    "правительства": "правительство", "школы": "школа", "гимназии": "гимназия", "лицея": "лицей", "учреждения": "учреждение",
                    "организации": "организация", "центра": "центр"}


def _approver(paragraphs: tuple[str, ...], marks: tuple[str, ...], posts: tuple[str, ...]) -> tuple[str, str]:
    """The organisation an approval block names after its approver's post: «УТВЕРЖДАЮ / директор МБОУ СОШ
    № 16 / ……..Т.И.Герасименко» → «МБОУ СОШ № 16». Returns (the block as written, the organisation), or
    empty strings when there is no block, no post at its start, or no body named after it."""
    lines = [" ".join(line.split()) for p in paragraphs[:HEAD_PARAGRAPHS] for line in p.split("\n")]
    lines = [line for line in lines if line][:HEAD_LINES]
    for i, line in enumerate(lines):
        mark = re.match(r"^\W*(\w+)\W*(.*)$", line)
        if not mark or mark.group(1).lower().replace("ё", "е") not in {m.replace("ё", "е") for m in marks}:
            continue
        block: list[str] = []
        for text in ([mark.group(2)] if mark.group(2) else []) + lines[i + 1:i + 1 + APPROVAL_LINES]:
            if _APPROVAL_END.match(text) or _PERSON.match(text) or _NUMERIC_DATE.search(text) \
                    or _WORD_DATE.search(text):
                break
            signed = _SIGNATURE.search(text)
            block.append(text[:signed.start()] if signed else text)
            if signed:
                break
        written = " ".join(x for x in block if x).strip(" ,:;")
        name = _without_post(written, posts)
        if name and _BODY_WORDS.search(name):
            return " / ".join([line, *block]).strip(" /"), _nominative_head(name)
        return "", ""
    return "", ""


def _without_post(text: str, posts: tuple[str, ...]) -> str:
    """The text after the post's words at its start («и.о. директора», «заведующий»); empty when the block
    does not open with a post."""
    stems = sorted((p.lower() for p in posts), key=len, reverse=True)
    rest, stripped = text, False
    while True:
        low = rest.lower()
        stem = next((p for p in stems if low.startswith(p)), None)
        if stem is None:
            break
        # the whole word the stem opens («директора», «заведующая»); a stem ending in a dot ends the word
        end = len(stem) if stem.endswith(".") else len(stem) + len(re.match(r"[\w-]*", rest[len(stem):]).group(0))
        rest, stripped = rest[end:].lstrip(" ,:"), True
    return rest.strip() if stripped else ""


def _nominative_head(name: str) -> str:
    """«управления образования …» → «Управление образования …»: the first word only, as an address writes
    it; a name that opens with an abbreviation or in the nominative is kept."""
    first, _, rest = name.partition(" ")
    head = _HEAD_NOMINATIVE.get(first.lower())
    if head is None:
        return name[:1].upper() + name[1:]
    return " ".join(x for x in (head[:1].upper() + head[1:], rest) if x)


_KIND_LINE = re.compile(r"^\W*(приказ|распоряжение|постановление|решение)\s*(?:от\b|№|n\s*\d|\d|$)")


def _kind(paragraphs: tuple[str, ...]) -> str:
    for p in paragraphs[:HEAD_PARAGRAPHS]:
        word = re.sub(r"[^а-яё]", "", p.lower())
        if word in _KINDS:
            return _KINDS[word]
        # the kind on the line of the date and number: «ПРИКАЗ от 15.09.2026 № 123-од»
        found = _KIND_LINE.match(" ".join(p.lower().split()))
        if found:
            return _KINDS[found.group(1)]
    text = " ".join(paragraphs[:HEAD_PARAGRAPHS]).lower()
    if re.search(r"уважаем\w+|направляем|направляю", text):
        return "письмо"
    return ""


def _date_and_number(head: list[str]) -> tuple[date | None, str]:
    """The order's date and number: on the date's line («от 30.08.2024 № 112-о»), or on a line of their
    own («№ 279-09» under the date). A «№» inside a name («МБОУ «СОШ № 5»») is not the order's."""
    found_date, found_number = None, ""
    for p in head:
        if len(p) > SHORT * 2:
            continue
        day = _first_date(p)
        m = _NUMBER.search(p)
        if day is not None and found_date is None:
            found_date = day
            if m and not found_number:
                found_number = m.group(1).rstrip(".")
        elif m and not found_number and _ONLY_NUMBER.match(p):
            found_number = m.group(1).rstrip(".")
        if found_date and found_number:
            break
    return found_date, found_number


def _first_date(text: str) -> date | None:
    m = _NUMERIC_DATE.search(text)
    if m:
        try:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        except ValueError:
            pass
    m = _WORD_DATE.search(text)
    if m:
        month = _month(m.group(2).lower())
        if month:
            try:
                return date(int(m.group(3)), month, int(m.group(1)))
            except ValueError:
                return None
    return None


def _month(word: str) -> int:
    try:
        return month_number(word)
    except ValueError:  # not a month name («25 человек 2025»)
        return 0


def _period(paragraphs: tuple[str, ...], doc_date: date | None) -> tuple[str, str]:
    """The plan period from the title («на 2024 год» → 2024, «на 2024-2025 учебный год» → 2024-2025); a
    plan over several years gives its first year (noted); none written → the document's year (noted)."""
    candidates = [(p, False) for p in paragraphs[:HEAD_PARAGRAPHS * 3]] + [(_title_block(paragraphs), True)]
    for p, is_title in candidates:
        # «на 2024 год» anywhere at the top; «в 2016 году» only in the title (the body speaks of other years)
        m = _YEARS.search(p) or (_IN_YEARS.search(p) if is_title else None)
        if not m:
            continue
        first, last, school = m.group(1), m.group(2), m.group(3)
        if last and school and int(last) == int(first) + 1:
            return f"{first}-{last}", ""
        if last and int(last) > int(first):
            return first, f"план на {first}–{last} годы: отчётный период взят {first}"
        return first, ""
    if doc_date is not None:
        return str(doc_date.year), f"период плана не написан: взят год документа {doc_date.year}"
    return "", ""


def _title_block(paragraphs: tuple[str, ...]) -> str:
    """The title as one text: from its first line («План …», «Дорожная карта …», «Об утверждении …») over
    the next short lines it was typed on."""
    head = [" ".join(p.split()) for p in paragraphs[:HEAD_PARAGRAPHS]]
    start = next((i for i, p in enumerate(head) if _TITLE.match(p)), None)
    if start is None:
        return ""
    block = [head[start]]
    for p in head[start + 1:start + TITLE_PARAGRAPHS]:
        if not p or len(p) > SHORT * 2:
            break
        block.append(p)
    return " ".join(block)


# words of an issuer's name that are never proper names, and the places a proper name stands before or after
_COMMON = re.compile(r"^(?:муниципальн|городск|сельск|районн|областн|краев|республиканск|государствен|федеральн|"
                     r"внутригородск|административн|общ|дошкольн|дополнительн|профессиональн|молодежн|"
                     r"физическ|социальн|культур|спорт|туризм|политик|делам|дел$|наук|образован|управлени|"
                     r"администрац|отдел|комитет|департамент|министерств|детск|сад$|школ|центр|учрежден|"
                     r"организац|бюджетн|казенн|автономн|и$|по$|в$|на$|при$|для$|с$|г$)")
_PLACE = re.compile(r"^(?:района|округа|области|края|республики|поселения|города|г\.)$")
_ADJECTIVE = re.compile(r"(?:ого|его|ой|ей|ий|ый|ская|ский)$")
_SCHOOL_ABBREVIATION = re.compile(r"(?:М|Г)[БАК]?[ДО]?ОУ|[А-ЯЁ]{1,4}")


def _title_case(text: str) -> str:
    """An issuer written in capitals («УПРАВЛЕНИЕ ОБРАЗОВАНИЯ, МОЛОДЕЖНОЙ ПОЛИТИКИ И СПОРТА АДМИНИСТРАЦИИ
    КАЛИНИНСКОГО МУНИЦИПАЛЬНОГО ОКРУГА») as Russian writes it: lower case but for its first word, proper
    names — an adjective before a place («Калининского … округа», «Тверской области»), a name after one
    («городского округа Стрежевой», «Республики Дагестан»), the first word in quotes — and abbreviations
    (МР, МБОУ, МАДОУ). Words written in mixed case are kept as written."""
    words = text.split()
    bare = [w.strip("«»\"(),.;:") for w in words]
    lower = [b.lower() for b in bare]
    out = []
    quoted = False
    for i, (w, b) in enumerate(zip(words, bare)):
        opens = w.startswith(("«", "\""))
        if not b or not b.isupper() or (_SCHOOL_ABBREVIATION.fullmatch(b) and not _COMMON.match(lower[i])):
            out.append(w)        # mixed case as written, an abbreviation in capitals
        else:
            proper = i == 0 or opens or _proper(lower, i)
            lead = w[: w.index(b[0])]
            rest = w[len(lead):].lower()
            out.append(lead + (rest[:1].upper() + rest[1:] if proper else rest))
        quoted = (quoted or opens) and not w.endswith(("»", "\""))
    result = " ".join(out)
    return result[:1].upper() + result[1:]


def _proper(lower: list[str], i: int) -> bool:
    word = lower[i]
    if word.startswith("республик"):
        return True
    if _COMMON.match(word) or _PLACE.match(word):
        return False
    j = next((j for j in range(i + 1, len(lower)) if not _COMMON.match(lower[j]) or not _ADJECTIVE.search(lower[j])),
             len(lower))
    after = lower[j] if j < len(lower) else ""
    place = bool(_PLACE.match(after)) or (after == "образования" and lower[j - 1].startswith("муниципальн"))
    if _ADJECTIVE.search(word) and place:
        return True        # «Калининского [муниципального] округа», «Тверской области», «Зиминского … образования»
    return i > 0 and bool(_PLACE.match(lower[i - 1]))     # «округа Стрежевой», «Республики Дагестан»


def _municipality(text: str) -> str:
    m = _MUNICIPALITY.search(text)
    if not m:
        return ""
    if m.group(1):
        noun = " ".join(m.group(2).split())
        return f"{_adjective(m.group(1))} {_NOMINATIVE[noun]}"
    if m.group(3):
        return f"городской округ {m.group(4)}"
    return f"муниципальный район {m.group(6)}"


def _adjective(word: str) -> str:
    for genitive, nominative in (("ского", "ский"), ("цкого", "цкий"), ("ого", "ый"), ("ей", "ий")):
        if word.endswith(genitive):
            return word[: -len(genitive)] + nominative
    return word


def _region(text: str) -> str:
    m = _REGION.search(text)
    if not m:
        return ""
    if m.group(1):
        return f"{m.group(1)}{'ская' if m.group(2) == 'ской' else 'цкая'} область"
    if m.group(3):
        return f"{m.group(3)}{'ский' if m.group(4) == 'ского' else 'цкий'} край"
    return f"Республика {m.group(5)}"
