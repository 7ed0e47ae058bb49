"""Indicator codes written inside an action's text («… (П18)», «по показателю П 18», «П18, П19»): a roadmap
without a «Код показателя» column often links its actions this way. Only codes the catalogue knows are taken,
as the catalogue writes them; the import lists each such guess on the «Импорт» sheet."""

from __future__ import annotations

import re

from xl_roadmap.spec import Edition

# a capital П or М (or its Latin lookalike) right before a number: «п. 3» (a clause) and words are not codes
_CODE = re.compile(r"(?<![А-ЯЁа-яёA-Za-z])([ПМPM])\s?[-–]?\s?(\d{1,3}(?:\.\d{1,2})?)(?![\d.,]?\d)")


def codes_in_text(text: str, edition: Edition) -> list[str]:
    """The catalogue codes named in ``text``, in order, each once."""
    found: list[str] = []
    for letter, number in _CODE.findall(text or ""):
        indicator = edition.resolve(f"{letter}{number}")
        if indicator is not None and indicator.code not in found:
            found.append(indicator.code)
    return found
