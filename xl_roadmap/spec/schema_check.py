"""Whether a spec file passes its JSON Schema: jsonschema decides, and the digests of the files that passed are
kept in ``schemas.sha256`` next to them.

jsonschema costs about as much to import and to run over the catalogue as the whole check of a school book, and
xlwings starts Python for every click of a button; so the packaged spec is checked when it is built and tested
(``tests/spec/test_schema_stamp.py`` fails while the stamp is stale) and a start only compares digests. A file
edited after its stamp — by hand on a user's machine, or in development — no longer matches and is checked by
jsonschema as before, so a broken spec still is a :class:`SpecError` naming its file and JSON path.

After editing a spec file or its schema: ``python scripts/stamp_spec.py`` (it checks, then stamps).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

SPEC_DIR = Path(__file__).resolve().parent
STAMP = "schemas.sha256"
SCHEMA_SUFFIX = ".schema.json"


def digest(raw: bytes) -> str:
    # a checkout that turned line ends into CRLF holds the same JSON: it must not miss the stamp for that
    return hashlib.sha256(raw.replace(b"\r\n", b"\n")).hexdigest()


def read_stamp(spec_dir: Path) -> dict[str, str]:
    """File name → digest of the stamp (``sha256sum`` lines); none when there is no stamp."""
    try:
        text = (spec_dir / STAMP).read_text(encoding="utf-8")
    except OSError:
        return {}
    pairs = (line.split(maxsplit=1) for line in text.splitlines())
    return {name.strip(): hexdigest for hexdigest, name in (p for p in pairs if len(p) == 2)}


def stamped(stamp: dict[str, str], name: str, raw: bytes, schema_raw: bytes) -> bool:
    """Did these very bytes of ``name``.json pass these very bytes of its schema when the stamp was written?"""
    return stamp.get(f"{name}.json") == digest(raw) and stamp.get(f"{name}{SCHEMA_SUFFIX}") == digest(schema_raw)


def first_error(data, schema) -> tuple[str, str] | None:
    """The first (by JSON path) place where ``data`` breaks ``schema``: (JSON path, message), or None."""
    import jsonschema    # only for a file that misses its stamp: see the module's docstring

    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(data), key=lambda e: list(e.absolute_path))
    return (errors[0].json_path, errors[0].message) if errors else None


def spec_names(spec_dir: Path) -> list[str]:
    """Every spec file that has a schema: ``workbook`` for workbook.json with workbook.schema.json."""
    return sorted(p.name[:-len(SCHEMA_SUFFIX)] for p in spec_dir.glob(f"*{SCHEMA_SUFFIX}"))


def write_stamp(spec_dir: Path = SPEC_DIR) -> list[str]:
    """Check every spec file against its schema and, when all pass, stamp them; the problems otherwise (the
    stamp is then left as it was)."""
    lines, problems = [], []
    for name in spec_names(spec_dir):
        raw, schema_raw = (spec_dir / f"{name}.json").read_bytes(), (spec_dir / f"{name}{SCHEMA_SUFFIX}").read_bytes()
        error = first_error(json.loads(raw), json.loads(schema_raw))
        if error:
            problems.append(f"{name}.json, {error[0]}: {error[1]}")
        lines += [f"{digest(raw)}  {name}.json", f"{digest(schema_raw)}  {name}{SCHEMA_SUFFIX}"]
    if not problems:
        (spec_dir / STAMP).write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")
    return problems

