"""The Excel add-in file (``.xlam``): a one-sheet macro-enabled workbook with the add-in's VBA project and a ribbon
tab (``customUI/customUI.xml``), every button's ``onAction`` naming a Sub of the ribbon module.

XlsxWriter writes neither an add-in nor a ribbon, so the workbook it writes (as ``.xlsm``) is post-processed as a
zip: the workbook part gets the add-in content type, ``_rels/.rels`` the ribbon's relationship, and the ribbon part
is added. Members keep XlsxWriter's order and fixed timestamps, so the same sources give the same bytes.

The ribbon uses the 2006 customUI schema (Excel 2007 and later); its callbacks are
``Public Sub NAME(control As IRibbonControl)`` and are named ``Module.Sub`` so that a macro of the same name in
another open workbook or add-in cannot take the click.
"""

from __future__ import annotations

import hashlib
import io
import re
import tempfile
import zipfile
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import quoteattr

import xlsxwriter

from xl_roadmap.io.atomic import atomic_output
from xl_roadmap.io.vba.project import VbaBuildError
from xl_roadmap.spec.addin import AddinSpec

CUSTOMUI_PART = "customUI/customUI.xml"
CUSTOMUI_NS = "http://schemas.microsoft.com/office/2006/01/customui"
CUSTOMUI_REL = "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility"
ADDIN_CONTENT_TYPE = "application/vnd.ms-excel.addin.macroEnabled.main+xml"
_XLSM_CONTENT_TYPE = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
_REL_ID = "rIdXlRoadmapRibbon"
# a custom document property: which xlwings' VBA the add-in carries (``excel doctor`` compares it with the
# installed xlwings)
XLWINGS_PROPERTY = "xlwings_version"
# … and which build it is: a digest of what makes the file (VBA project, ribbon, sheet, xlwings). Excel keeps
# custom properties when it saves the add-in («Подключить функции» does), so the saved file — other bytes, the
# user's functions in it — is still known as this build, and ``excel install`` leaves it be.
BUILD_PROPERTY = "xl_roadmap_build"


def control_id(addin: AddinSpec, local_id: str) -> str:
    """A ribbon control id: prefixed, since ids of a group or button read like words other add-ins use too."""
    return f"{addin.tab_id}_{local_id}"


def on_action(addin: AddinSpec, sub: str) -> str:
    return f"{addin.module}.{sub}"


def ribbon_xml(addin: AddinSpec) -> bytes:
    """The customUI part: the tab, its groups in spec order and each group's buttons in spec order."""
    lines = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
             f'<customUI xmlns="{CUSTOMUI_NS}">',
             "  <ribbon>",
             "    <tabs>",
             f"      <tab id={quoteattr(addin.tab_id)} label={quoteattr(addin.tab_label)}>"]
    for group in addin.groups:
        lines.append(f"        <group id={quoteattr(control_id(addin, group.id))} label={quoteattr(group.label)}>")
        for button in (b for b in addin.buttons if b.group == group.id):
            lines.append(
                f"          <button id={quoteattr(control_id(addin, button.id))} label={quoteattr(button.label)}"
                f' size="large" imageMso={quoteattr(button.image)} screentip={quoteattr(button.screentip)}'
                f" onAction={quoteattr(on_action(addin, button.sub))}/>")
        lines.append("        </group>")
    lines += ["      </tab>", "    </tabs>", "  </ribbon>", "</customUI>"]
    return ("\n".join(lines) + "\n").encode("utf-8")


def write_addin(out: Path | str, addin: AddinSpec, vba_project: Path, xlwings_version: str | None = None) -> Path:
    """Write the add-in to ``out`` atomically. ``vba_project`` is a ``vbaProject.bin`` with the document modules
    ThisWorkbook and Sheet1 (io.vba.project.build_vba_project with ``sheet_count=1``); ``xlwings_version``, the
    version of the xlwings VBA it carries, is kept as a document property (:func:`read_xlwings_version`)."""
    out = Path(out)
    ribbon = ribbon_xml(addin)
    digest = hashlib.sha256()
    for part in (Path(vba_project).read_bytes(), ribbon, "\n".join(addin.sheet_lines).encode(),
                 (xlwings_version or "").encode()):
        digest.update(len(part).to_bytes(8, "little") + part)
    with tempfile.TemporaryDirectory(prefix="xlr-addin-") as tmp:
        book = Path(tmp) / "addin.xlsm"
        _write_workbook(book, addin, vba_project, {XLWINGS_PROPERTY: xlwings_version,
                                                   BUILD_PROPERTY: digest.hexdigest()[:32]})
        with atomic_output(out) as target:
            _as_addin(book, target, ribbon)
    return out


def read_property(data: bytes, name: str) -> str | None:
    """A custom document property of an add-in file (its bytes); None when it has none (or is not a book)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            if "docProps/custom.xml" not in z.namelist() or z.getinfo("docProps/custom.xml").file_size > 1 << 20:
                return None
            custom = z.read("docProps/custom.xml").decode("utf-8", errors="replace")
    except (zipfile.BadZipFile, OSError):
        return None
    match = re.search(rf'<property [^>]*name="{re.escape(name)}"[^>]*><vt:lpwstr>([^<]*)</vt:lpwstr>', custom)
    return match.group(1) if match else None


def read_xlwings_version(data: bytes) -> str | None:
    """The xlwings version an add-in file (its bytes) says its VBA is; None when it does not say (or is not one)."""
    return read_property(data, XLWINGS_PROPERTY)


def read_build(data: bytes) -> str | None:
    """Which build an add-in file is (:data:`BUILD_PROPERTY`); None for one built before builds were named."""
    return read_property(data, BUILD_PROPERTY)


def _write_workbook(path: Path, addin: AddinSpec, vba_project: Path, properties: dict[str, str | None]) -> None:
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False})
    wb.set_properties({"title": "Дорожная карта", "subject": "xl-roadmap, надстройка", "author": "xl-roadmap",
                       "created": datetime(2024, 1, 1)})
    for name, value in properties.items():
        if value:
            wb.set_custom_property(name, value)
    wb.set_vba_name("ThisWorkbook")
    ws = wb.add_worksheet(addin.sheet_name)
    ws.set_vba_name("Sheet1")
    ws.set_column(0, 0, 100)
    for row, line in enumerate(addin.sheet_lines):
        ws.write_string(row, 0, line)
    wb.add_vba_project(str(vba_project))
    wb.close()


def _as_addin(book: Path, target: Path, ribbon: bytes) -> None:
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        infos = src.infolist()
        for info in infos:
            data = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = _replace_once(data, _XLSM_CONTENT_TYPE.encode(), ADDIN_CONTENT_TYPE.encode(), info.filename)
            elif info.filename == "_rels/.rels":
                rel = f'<Relationship Id="{_REL_ID}" Type="{CUSTOMUI_REL}" Target="{CUSTOMUI_PART}"/>'
                data = _replace_once(data, b"</Relationships>", rel.encode() + b"</Relationships>", info.filename)
            dst.writestr(_like(info, info.filename), data)
        dst.writestr(_like(infos[0], CUSTOMUI_PART), ribbon)


def _like(info: zipfile.ZipInfo, name: str) -> zipfile.ZipInfo:
    """A member entry with the metadata (fixed date, attributes) of one XlsxWriter wrote."""
    new = zipfile.ZipInfo(name, date_time=info.date_time)
    new.compress_type = zipfile.ZIP_DEFLATED
    new.external_attr = info.external_attr
    new.create_system = info.create_system
    return new


def _replace_once(data: bytes, old: bytes, new: bytes, part: str) -> bytes:
    # XlsxWriter's layout is what this relies on: if it changes, fail the build rather than write a broken add-in
    if data.count(old) != 1:
        raise VbaBuildError(f"Надстройка не собрана: в части {part} книги, записанной XlsxWriter, ожидалась ровно одна "
                            f"строка {old.decode()!r}. Эта версия XlsxWriter не подходит (нужна 3.x)")
    return data.replace(old, new)
