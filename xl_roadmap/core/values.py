"""Interpret what people type into cells: numbers with comma decimals, "13,5%", "1 234", dates as text."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache

from xl_roadmap.core.deadlines.words import month_number

_EXCEL_EPOCH = date(1899, 12, 30)
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']+")
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")
_DATE_TEXT = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})\s*(г\.?|года)?$")
_RUNS = re.compile(r"[ \t]+")
_WORD_DATE = re.compile(r"^[«\"]?(\d{1,2})[»\"]?\s+([а-яё]+)\s+(\d{4})\s*(?:г\.?|года)?$", re.IGNORECASE)
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+)?$")


def clean_text(value) -> str:
    """Text as a person meant it: NBSP → space, runs of spaces collapsed, trimmed."""
    if value.__class__ is str:
        # the common case (a cell of plain text) without the general path below
        if "\u00a0" not in value and "\r" not in value and "  " not in value and "\t" not in value:
            return value.strip()
    elif value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (date, datetime)):
        return value.strftime("%d.%m.%Y")
    if value == "":
        return ""
    text = str(value).replace("\u00a0", " ").replace("\r\n", "\n")
    if "  " in text or "\t" in text:
        text = _RUNS.sub(" ", text)
    return text.strip()


def header_key(value) -> str:
    """A header as compared: lower case, «ё» as «е», spaces collapsed, a required-field «*» dropped."""
    if value is None or value == "":
        return ""
    return _header_key_text(value if isinstance(value, str) else clean_text(value))


@lru_cache(maxsize=4096)
def _header_key_text(text: str) -> str:
    # headers and help texts repeat in every file: normalised once per process
    return " ".join(clean_text(text).lower().replace("ё", "е").rstrip("*").split())


def parse_number(value) -> tuple[float | None, str | None]:
    """Return (number, note). note is None for a clean number, else how the value was read.

    Accepts "13,5", "13.5", "1 234", "1 234,5", "13,5%" (note "percent_sign"), Excel numbers, booleans
    of да/нет ("yes_no"). Anything else gives (None, "not_a_number").
    """
    if value is None:
        return None, None
    if isinstance(value, bool):
        return float(value), None
    if isinstance(value, (int, float)):
        return float(value), None
    text = clean_text(value)
    if text == "":
        return None, None
    lowered = text.lower()
    if lowered in ("да", "yes"):
        return 1.0, "yes_no"
    if lowered in ("нет", "no"):
        return 0.0, "yes_no"
    note = "text_number"
    if text.endswith("%"):
        text = text[:-1].strip()
        note = "percent_sign"
    compact = _SPACES.sub("", text)
    if not _NUMBER.match(compact):
        return None, "not_a_number"
    if "," in compact and "." in compact:
        return None, "not_a_number"
    return float(compact.replace(",", ".")), note


def excel_serial_to_date(serial: float) -> date | None:
    if not (1 <= serial < 2958466):
        return None
    return _EXCEL_EPOCH + timedelta(days=int(serial))


def date_to_excel_serial(d: date) -> int:
    return (d - _EXCEL_EPOCH).days


def parse_date(value) -> tuple[date | None, str | None]:
    """Return (date, note): Excel dates, "15.09.2024", "15.09.2024 г.", "2024-09-15"; else (None, "not_a_date")."""
    if value is None:
        return None, None
    if isinstance(value, datetime):
        return value.date(), None
    if isinstance(value, date):
        return value, None
    if isinstance(value, bool):
        return None, "not_a_date"
    if isinstance(value, (int, float)):
        d = excel_serial_to_date(float(value)) if 20000 <= value <= 80000 else None
        return (d, "serial_date") if d else (None, "not_a_date")
    text = clean_text(value)
    if text == "":
        return None, None
    m = _DATE_TEXT.match(text)
    if m:
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if year < 100:
            year += 2000
        try:
            return date(year, month, day), "text_date"
        except ValueError:
            return None, "not_a_date"
    m = _WORD_DATE.match(text)
    if m:     # «15 марта 2024 г.», «"15" марта 2024 года» — how orders and letters write their dates
        try:
            return date(int(m.group(3)), month_number(m.group(2).lower()), int(m.group(1))), "text_date"
        except ValueError:
            return None, "not_a_date"
    m = _ISO_DATE.match(text)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3))), "text_date"
        except ValueError:
            return None, "not_a_date"
    return None, "not_a_date"


def format_date(d: date | None) -> str:
    return d.strftime("%d.%m.%Y") if d else ""


def split_codes(text: str) -> list[str]:
    """"П18, П19; П20" → ["П18", "П19", "П20"]."""
    parts = re.split(r"[,;\n]+|\s{2,}", clean_text(text))
    return [p.strip() for p in parts if p.strip()]


def display(value):
    """A value as a person sees it in a sheet or a message: dates ДД.ММ.ГГГГ, numbers with comma decimals,
    whole numbers without them, nothing for an empty cell."""
    if value is None:
        return ""
    if isinstance(value, (datetime, date)):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return f"{value:.6g}".replace(".", ",")
    return value
