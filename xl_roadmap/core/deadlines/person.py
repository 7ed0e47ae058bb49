"""A deadline cell that holds a person, a role or an organisation: the columns were shifted."""

from __future__ import annotations

import re

from xl_roadmap.core.deadlines.text import TAGS
from xl_roadmap.core.deadlines.words import DATE_NUM, MONTH, YEAR

# matched against the text with its case kept: «Иванова И.И.», «И.И. Иванова», «Арбузова А.В., Серебренникова»
_PERSON = re.compile(r"(?<![А-Яа-я])[А-Я][а-я]+(?:-[А-Я][а-я]+)?\s+[А-Я]\.\s?[А-Я]\.?(?![А-Яа-я])"
                     r"|(?<![А-Яа-я])[А-Я]\.\s?[А-Я]\.\s?[А-Я][а-я]+")
_ROLE = re.compile(r"^(директор|заместител|зам\.|зам |руководител|учител|педагог|специалист|методист|классн|"
                   r"психолог|начальник|завуч|заведующ|социальн|администраци|ответствен|председател|логопед|"
                   r"воспитател|советник|инспектор|управлени[ея] образования|отдел образования|"
                   r"главный специалист|ведущий специалист)")
_ORG_CODES = frozenset("уо оо оу доу доо мдоу удо имо имц рмк шмо рмо цо шо моу мбоу мкоу маоу ммц умо оуо пмпк мо мр "
                       "уомпис ипк иро".split())
_DIGIT = re.compile(r"\d")


def looks_like_person(value: str, t: str, has_dates: bool) -> bool:
    """``value`` as written (initials need their capitals), ``t`` normalised."""
    # a date anywhere means a deadline with a name beside it, not a name in place of the deadline
    if has_dates and (MONTH.search(t) or DATE_NUM.search(t) or YEAR.search(t)):
        return False
    cased = re.sub(r"\s+", " ", TAGS.sub(" ", value).replace("\u00a0", " ").replace("ё", "е").replace("Ё", "Е"))
    if _PERSON.search(cased) and not _DIGIT.search(t):
        return True
    if _ROLE.match(t) and not _DIGIT.search(t):
        return True
    written = re.sub(r"\sи\s", " ", value.strip())
    if written.upper() != written:
        return False
    # «УО», «УО+ОУ», «ОО, УДО»: organisations, not a deadline
    tokens = [tok for tok in re.split(r"[\s,+/;()]+", t.replace(".", "")) if tok and tok != "и"]
    return bool(tokens) and len(tokens) <= 10 and all(tok in _ORG_CODES for tok in tokens)
