"""OpenDocument spreadsheets (.ods) written element by element (tests only): a school's book as LibreOffice would
save its values, and the hostile ones — repeats that expand, spaces by the billion — built exactly, in
milliseconds and without LibreOffice."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

MIME = "application/vnd.oasis.opendocument.spreadsheet"
_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content '
         'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
         'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
         'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
         '<office:body><office:spreadsheet>')
_TAIL = "</office:spreadsheet></office:body></office:document-content>"


def cell(value: Any = None, repeat: int = 1) -> str:
    """A cell as LibreOffice writes it: a number as float, anything else as a string paragraph; None: empty."""
    times = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    if value is None or value == "":
        return f"<table:table-cell{times}/>"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f'<table:table-cell office:value-type="float" office:value="{value}"{times}/>'
    if isinstance(value, (date, datetime)):
        value = f"{value:%d.%m.%Y}"
    return (f'<table:table-cell office:value-type="string"{times}><text:p>{escape(str(value))}</text:p>'
            f"</table:table-cell>")


def row(cells: str, repeat: int = 1) -> str:
    times = f' table:number-rows-repeated="{repeat}"' if repeat > 1 else ""
    return f"<table:table-row{times}>{cells}</table:table-row>"


def table(name: str, rows: str) -> str:
    return f"<table:table table:name={quoteattr(name)}>{rows}</table:table>"


def write_ods(path: Path, tables: str) -> Path:
    """An .ods of ``tables`` (their XML), with what calamine checks: the mimetype first, a manifest."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), MIME)
        z.writestr("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest '
                   'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                   f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{MIME}"/>'
                   "</manifest:manifest>")
        z.writestr("content.xml", _HEAD + tables + _TAIL)
    return path


def grids_as_ods(path: Path, grids: dict[str, list[list[Any]]]) -> Path:
    """A workbook's sheets (rows of values, None for an empty cell) as an .ods, trailing empties left out."""
    return write_ods(path, "".join(table(name, "".join(row("".join(cell(v) for v in values)) for values in rows))
                                   for name, rows in grids.items()))
