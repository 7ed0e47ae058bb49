"""Excel's protection rules, applied to a written workbook's own XML (tests only).

Neither xlwings' remote engine nor LibreOffice enforces protection, so the rule Excel applies is written down
here as a contract: what ``<workbookProtection>`` and each sheet's ``<sheetProtection>`` (ECMA-376 Part 1,
§18.2.29, §18.3.1.85) and the cells' ``<protection locked>`` (§18.8.33) let a program do. An attribute of
``sheetProtection`` is true when the action is LOCKED; its default is the schema's (formatCells, insertHyperlinks
… default to true: refused unless the file says "0"). A cell is locked unless its style says ``locked="0"``;
a cell without an element takes its row's style (``customFormat``), else its column's, else style 0.

:func:`refusals` names every xlwings action (``book.json()["actions"]``) that Excel would refuse on the file.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PR = "{http://schemas.openxmlformats.org/package/2006/relationships}"

# sheetProtection attributes that lock an action, with their schema defaults
LOCK_DEFAULTS = {"objects": False, "scenarios": False, "formatCells": True, "formatColumns": True,
                 "formatRows": True, "insertColumns": True, "insertRows": True, "insertHyperlinks": True,
                 "deleteColumns": True, "deleteRows": True, "selectLockedCells": False, "sort": True,
                 "autoFilter": True, "pivotTables": True, "selectUnlockedCells": False}

# what each xlwings action asks of a protected sheet: cells (values into unlocked cells only), a sheetProtection
# permission, or the workbook's structure. An action missing here fails the contract until it is added.
NEEDS = {
    "setValues": ("cells",), "rangeClearContents": ("cells",), "sheetClearContents": ("cells",),
    "setRangeColor": ("formatCells",), "setRangeColors": ("formatCells",),
    "addHyperlink": ("insertHyperlinks", "cells"),
    "addSheet": ("structure",),
    "activateSheet": (), "alert": (), "setStatusBar": (),
}

_A1 = re.compile(r"([A-Z]+)(\d+)")


def _true(value: str | None, default: bool) -> bool:
    return default if value is None else value in ("1", "true")


def _col(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


@dataclass
class SheetLock:
    name: str
    protected: bool = False
    locks: dict[str, bool] = field(default_factory=dict)
    cell_styles: dict[tuple[int, int], int] = field(default_factory=dict)    # (row, col) 1-based → xf
    row_styles: dict[int, int] = field(default_factory=dict)
    col_styles: list[tuple[int, int, int]] = field(default_factory=list)     # (min, max, xf)

    def style(self, row: int, col: int) -> int:
        if (row, col) in self.cell_styles:
            return self.cell_styles[(row, col)]
        if row in self.row_styles:
            return self.row_styles[row]
        for lo, hi, xf in self.col_styles:
            if lo <= col <= hi:
                return xf
        return 0


class BookProtection:
    """The protection a workbook file carries."""

    def __init__(self, path: Path):
        with zipfile.ZipFile(path) as z:
            book = ET.fromstring(z.read("xl/workbook.xml"))
            rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
            targets = {r.get("Id"): r.get("Target") for r in rels.iter(PR + "Relationship")}
            guard = book.find(M + "workbookProtection")
            self.structure = guard is not None and _true(guard.get("lockStructure"), False)
            self.locked_xf = self._locked_styles(ET.fromstring(z.read("xl/styles.xml")))
            self.sheets: list[SheetLock] = []
            for s in book.iter(M + "sheet"):
                target = targets[s.get(R + "id")]
                part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
                self.sheets.append(self._sheet(s.get("name"), z.read(part)))
        self.by_name = {s.name: s for s in self.sheets}

    @staticmethod
    def _locked_styles(styles) -> list[bool]:
        xfs = styles.find(M + "cellXfs")
        out = []
        for xf in xfs.findall(M + "xf"):
            p = xf.find(M + "protection")
            out.append(_true(p.get("locked") if p is not None else None, True))
        return out

    @staticmethod
    def _sheet(name: str, xml: bytes) -> SheetLock:
        lock = SheetLock(name)
        for _, el in ET.iterparse(io.BytesIO(xml)):
            tag = el.tag
            if tag == M + "c" and el.get("s") is not None:
                m = _A1.fullmatch(el.get("r"))
                lock.cell_styles[(int(m.group(2)), _col(m.group(1)))] = int(el.get("s"))
            elif tag == M + "row" and el.get("customFormat") in ("1", "true") and el.get("s") is not None:
                lock.row_styles[int(el.get("r"))] = int(el.get("s"))
            elif tag == M + "col" and el.get("style") is not None:
                lock.col_styles.append((int(el.get("min")), int(el.get("max")), int(el.get("style"))))
            elif tag == M + "sheetProtection":
                lock.protected = _true(el.get("sheet"), False)
                lock.locks = {a: _true(el.get(a), d) for a, d in LOCK_DEFAULTS.items()}
            if tag in (M + "c", M + "row"):
                el.clear()
        return lock

    def locked(self, sheet: str, row: int, col: int) -> bool:
        lock = self.by_name[sheet]
        xf = lock.style(row, col)
        return self.locked_xf[xf] if xf < len(self.locked_xf) else True

    def refusal(self, sheet: str, needs: tuple[str, ...], cells) -> str | None:
        """Why Excel refuses an action needing ``needs`` on ``cells`` ((row, col) 1-based) of ``sheet``."""
        for need in needs:
            if need == "structure":
                if self.structure:
                    return "структура книги защищена (lockStructure)"
                continue
            lock = self.by_name.get(sheet)
            if lock is None or not lock.protected:
                continue
            if need == "cells":
                locked = [(r, c) for r, c in cells if self.locked(sheet, r, c)]
                if locked:
                    r, c = locked[0]
                    return f"ячейка защищена (locked), например строка {r}, столбец {c}"
            elif lock.locks.get(need, True):
                return f"лист защищён без разрешения {need}"
        return None


def _cells(action: dict, values_shape: bool) -> list[tuple[int, int]]:
    r0, c0 = action.get("start_row") or 0, action.get("start_column") or 0
    if values_shape:
        rows = action["values"]
        return [(r0 + i + 1, c0 + j + 1) for i, row in enumerate(rows) for j in range(len(row))]
    return [(r0 + i + 1, c0 + j + 1) for i in range(action.get("row_count") or 1)
            for j in range(action.get("column_count") or 1)]


def refusals(path: Path, actions: list[dict]) -> list[str]:
    """Every action of ``actions`` that Excel would refuse on the book ``path``, described."""
    book = BookProtection(path)
    names = [s.name for s in book.sheets]
    out = []
    for a in actions:
        func = a["func"]
        if func not in NEEDS:
            out.append(f"{func}: нет правила защиты для этого действия — добавьте его в NEEDS")
            continue
        if func == "addSheet":
            position, name = a["args"]
            reason = book.refusal(name, NEEDS[func], [])
            names.insert(position, name)
        else:
            sheet = names[a["sheet_position"]] if a.get("sheet_position") is not None else ""
            cells = _cells(a, func == "setValues") if NEEDS[func] and "cells" in NEEDS[func] else []
            if func == "sheetClearContents" and sheet in book.by_name:
                cells = [key for key in book.by_name[sheet].cell_styles]
            reason = book.refusal(sheet, NEEDS[func], cells)
            name = sheet
        if reason:
            out.append(f"{func} на листе «{name}»: {reason}")
    return out
