"""What a written workbook says about its printed pages, read from its XML parts (openpyxl drops charts on
load): each sheet's part, row heights, print setup, page breaks, chart anchors, the charts' own XML."""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
      "xdr": "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
      "c": "http://schemas.openxmlformats.org/drawingml/2006/chart"}
DEFAULT_ROW_PT = 15.0
A4_LANDSCAPE_INCHES = (11.69, 8.27)


@dataclass
class Anchor:
    first_row: int         # 0-based, as in the drawing
    last_row: int
    chart: etree._Element


@dataclass
class SheetPages:
    name: str
    hidden: bool
    xml: etree._Element
    anchors: list[Anchor] = field(default_factory=list)

    def row_pt(self, row0: int) -> float:
        row = self.xml.find(f"m:sheetData/m:row[@r='{row0 + 1}']", NS)
        if row is not None and row.get("ht"):
            return float(row.get("ht"))
        fmt = self.xml.find("m:sheetFormatPr", NS)
        return float(fmt.get("defaultRowHeight", DEFAULT_ROW_PT)) if fmt is not None else DEFAULT_ROW_PT

    @property
    def row_breaks(self) -> list[int]:
        """Rows (0-based) a page begins at, by manual breaks (a <brk id> is the row above the break)."""
        return [int(b.get("id")) for b in self.xml.findall("m:rowBreaks/m:brk", NS)]

    @property
    def scale(self) -> int:
        setup = self.xml.find("m:pageSetup", NS)
        return int(setup.get("scale", 100)) if setup is not None else 100

    @property
    def fits_to_page(self) -> bool:
        pr = self.xml.find("m:sheetPr/m:pageSetUpPr", NS)
        return pr is not None and pr.get("fitToPage") == "1"

    def printable_pt(self) -> float:
        """The printable height of a landscape A4 page, points."""
        margins = self.xml.find("m:pageMargins", NS)
        top, bottom = float(margins.get("top")), float(margins.get("bottom"))
        return (A4_LANDSCAPE_INCHES[1] - top - bottom) * 72


def sheets(path: Path) -> dict[str, SheetPages]:
    with zipfile.ZipFile(path) as z:
        book = etree.fromstring(z.read("xl/workbook.xml"))
        rels = _rels(z, "xl/workbook.xml")
        out = {}
        for sheet in book.findall("m:sheets/m:sheet", NS):
            part = rels[sheet.get(f"{{{NS['r']}}}id")]
            xml = etree.fromstring(z.read(part))
            pages = SheetPages(sheet.get("name"), sheet.get("state") in ("hidden", "veryHidden"), xml)
            drawing = xml.find("m:drawing", NS)
            if drawing is not None:
                drawing_part = _rels(z, part)[drawing.get(f"{{{NS['r']}}}id")]
                pages.anchors = _anchors(z, drawing_part)
            out[pages.name] = pages
        return out


def calc_properties(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        calc = etree.fromstring(z.read("xl/workbook.xml")).find("m:calcPr", NS)
    return dict(calc.attrib) if calc is not None else {}


def formulas_without_results(path: Path) -> int:
    """Formula cells that carry no cached result — no <v>, or an empty one that is not typed as text (an
    empty text result is <v/> with t="str", as Excel saves it): a program must calculate them on load."""
    n = 0
    for pages in sheets(path).values():
        for cell in pages.xml.iterfind("m:sheetData/m:row/m:c", NS):
            if cell.find("m:f", NS) is None:
                continue
            value = cell.find("m:v", NS)
            if value is None or (not value.text and cell.get("t") != "str"):
                n += 1
    return n


def _rels(z: zipfile.ZipFile, part: str) -> dict[str, str]:
    folder, name = posixpath.split(part)
    rels = etree.fromstring(z.read(posixpath.join(folder, "_rels", name + ".rels")))
    # XlsxWriter's targets are relative to the part, openpyxl's absolute («/xl/worksheets/…»)
    return {r.get("Id"): r.get("Target").lstrip("/") if r.get("Target").startswith("/")
            else posixpath.normpath(posixpath.join(folder, r.get("Target")))
            for r in rels.findall("rel:Relationship", NS)}


def _anchors(z: zipfile.ZipFile, drawing_part: str) -> list[Anchor]:
    drawing = etree.fromstring(z.read(drawing_part))
    rels = _rels(z, drawing_part)
    out = []
    for anchor in drawing.findall("xdr:twoCellAnchor", NS):
        chart_ref = anchor.find(".//c:chart", NS)
        if chart_ref is None:
            continue
        chart = etree.fromstring(z.read(rels[chart_ref.get(f"{{{NS['r']}}}id")]))
        out.append(Anchor(int(anchor.findtext("xdr:from/xdr:row", namespaces=NS)),
                          int(anchor.findtext("xdr:to/xdr:row", namespaces=NS)), chart))
    return out


def series_names(chart: etree._Element) -> list[str]:
    names = []
    for ser in chart.iterfind(".//c:ser", NS):
        text = ser.findtext("c:tx/c:v", namespaces=NS) or "".join(ser.xpath("c:tx//c:v/text()", namespaces=NS))
        names.append(text)
    return names


def axis_minimum(chart: etree._Element) -> list[float | None]:
    """The fixed minimum of each value axis (None: automatic)."""
    out = []
    for axis in chart.iterfind(".//c:valAx", NS):
        value = axis.find("c:scaling/c:min", NS)
        out.append(float(value.get("val")) if value is not None else None)
    return out


def plots_hidden_cells(chart: etree._Element) -> bool:
    """Excel leaves <c:plotVisOnly> out when «show data in hidden rows and columns» is on (as XlsxWriter
    does); present, its val must be false."""
    flag = chart.find(".//c:plotVisOnly", NS)
    return flag is None or flag.get("val") in ("0", "false")


def print_area(path: Path) -> dict[str, tuple[int, int, int, int]]:
    """Sheet name → (first row, first column, last row, last column), 1-based, of its print area."""
    with zipfile.ZipFile(path) as z:
        book = etree.fromstring(z.read("xl/workbook.xml"))
    names = [s.get("name") for s in book.findall("m:sheets/m:sheet", NS)]
    out = {}
    for defined in book.findall("m:definedNames/m:definedName", NS):
        if defined.get("name") != "_xlnm.Print_Area":
            continue
        m = re.fullmatch(r".*!\$?([A-Z]+)\$?(\d+):\$?([A-Z]+)\$?(\d+)", defined.text)
        assert m, f"print area not one range: {defined.text}"
        out[names[int(defined.get("localSheetId"))]] = (int(m[2]), _col(m[1]), int(m[4]), _col(m[3]))
    return out


def _col(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n
