"""Standard streams that never fail on a character their code page lacks.

On Russian Windows, output sent to a pipe or a file is encoded in the ANSI code page (cp1251), or in the OEM one
(cp866) where a tool asks for it through ``PYTHONIOENCODING``, and Python encodes it strictly: one ✓ or → and the
command dies with a UnicodeEncodeError after doing its work. Here such a character becomes its nearest ASCII
form (✓ → «+», → → «->», « → «"» in cp866), else «?». A console that is not redirected gets Unicode from
Python anyway, and UTF-8 never needs the fallback.

JSON is different: a replaced character would change the data a script reads, so what the stream cannot encode
is written as a JSON escape (``\\u2713``) and the document stays exactly what ``json.loads`` expects.
"""

from __future__ import annotations

import codecs
import sys

ERRORS = "xl-roadmap-console"

# Only what our own texts print; anything else outside the code page becomes «?».
FALLBACK = {
    "✓": "+", "✗": "x", "→": "->", "←": "<-", "≤": "<=", "≥": ">=", "×": "x", "Σ": "S",
    "«": '"', "»": '"', "„": '"', "“": '"', "”": '"', "‘": "'", "’": "'",
    "—": "-", "–": "-", "…": "...", "№": "N", "\u00a0": " ",
}


def _replace(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    # the span holds only characters the codec refused (its name may be just «charmap», so it cannot be asked
    # again); an ASCII replacement is in every code page Windows uses
    return "".join(FALLBACK.get(char, "?") for char in exc.object[exc.start:exc.end]), exc.end


codecs.register_error(ERRORS, _replace)


def install() -> None:
    """Make stdout and stderr replace what their encoding lacks instead of raising. Streams that are absent
    (pythonw) or not text wrappers (a test's capture) are left as they are."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors=ERRORS)


def json_text(text: str, stream=None) -> str:
    """``text`` (JSON) with every character ``stream``'s encoding lacks written as a JSON escape; the escapes
    can only fall inside strings, since JSON's own syntax is ASCII."""
    encoding = getattr(stream if stream is not None else sys.stdout, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
        return text
    except LookupError:         # an encoding Python does not know could not have opened the stream
        return text
    except UnicodeEncodeError:
        pass
    out = []
    for char in text:
        try:
            char.encode(encoding)
            out.append(char)
        except UnicodeEncodeError:
            code = ord(char)
            if code > 0xFFFF:       # JSON names a character outside the BMP by its UTF-16 surrogate pair
                code -= 0x10000
                out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
            else:
                out.append(f"\\u{code:04x}")
    return "".join(out)
