"""Cell values as text: what was written (for the Deadline) and a normalised form (for matching)."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

TAGS = re.compile(r"<[^>]*>")
_ENTITIES = (("&nbsp;", " "), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&amp;", "&"))
_DASHES = re.compile(r"\s*[‐‑‒–—―−]\s*|\s+-\s*|\s*-\s+")


def normalise(text: str) -> str:
    """Lower case, one kind of dash and space, no markup: the vocabulary is written against this form only."""
    t = TAGS.sub(" ", text)
    for entity, char in _ENTITIES:
        t = t.replace(entity, char)
    t = t.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2009", " ").replace("\ufeff", "")
    t = t.replace("ё", "е").replace("Ё", "Е").replace("\u0406", "I").replace("\u0456", "i")  # Ukrainian І from OCR
    t = _DASHES.sub("-", t)
    t = re.sub(r"\s+", " ", t).strip().lower()
    return t.strip(" ;:")


def as_text(value: Any) -> str:
    """The cell as the user would read it back: a date cell as ДД.ММ.ГГГГ, a whole float without «.0»."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def safe_text(value: Any) -> str:
    # used on the error path, where even str(value) may be what failed
    try:
        return as_text(value)
    except Exception:
        return ""
