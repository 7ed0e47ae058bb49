"""A1-style cell addresses: column letters and indices, «B12» ⇄ (12, 1)."""

from __future__ import annotations

import re

_A1 = re.compile(r"^\$?([A-Z]+)\$?(\d+)$")


def col_letter(index0: int) -> str:
    """0-based column index → Excel letters (0 → A, 26 → AA)."""
    n = index0 + 1
    out = ""
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def col_index(letters: str) -> int:
    """Excel letters → 0-based index."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ord(ch) - 64)
    return n - 1


def address(row1: int, col0: int) -> str:
    return f"{col_letter(col0)}{row1}"


def split_address(addr: str) -> tuple[int, int]:
    """"B12" → (12, 1)."""
    m = _A1.match(addr)
    if not m:
        raise ValueError(addr)
    return int(m.group(2)), col_index(m.group(1))
