"""Reading a Word document (.docx) into plain data (``core.document``): prose, tables, automatic numbers.

Only the reading: what the text means is decided elsewhere. The file is opened for reading only and its
container is checked before python-docx sees it — people send old .doc files, password-protected documents
(both are OLE files), workbooks renamed to .docx, and a zip can be a bomb, with honest or lying headers
(``io/container``: declared sizes, then every member inflated with a cap — a document is read once, so the
full inflate is cheap here). A part with a DTD is refused before parsing; python-docx's XML parser is also
created with ``resolve_entities=False`` (docx/oxml/parser.py) and lxml does not fetch network DTDs by
default, so a document cannot pull in entities or external files.

Tables are walked in the XML rather than through ``table.rows[i].cells``: python-docx repeats a merged cell
in every grid position it covers, which loses whether a header spans two columns or two columns happen to
say the same. Here every ``w:tc`` is placed in the grid by its ``w:gridSpan``, ``w:vMerge``,
``w:gridBefore``/``w:gridAfter``, and copies are marked (``DocCell.merged``).

Automatic numbering is computed the way Word shows it (``word/numbering.xml``): the number is not in the
text of a paragraph, yet a roadmap's items are often numbered only so ("1.2. Разработать …").
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import docx

from xl_roadmap.core.document import MERGED_LEFT, MERGED_UP, DocCell, DocTable, DocumentText
from xl_roadmap.io.container import DOCUMENT_LIMITS, check_inflation, zip_members
from xl_roadmap.io.workbook_file import ReadError, require_file

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"



def read_docx(path: Path | str) -> DocumentText:
    """The document's prose paragraphs and tables; ``ReadError`` with a Russian reason when it cannot be."""
    path = Path(path)
    _check_container(path)
    try:
        with open(path, "rb") as fh:
            document = docx.Document(fh)
    except ReadError:
        raise
    except ValueError as exc:  # python-docx: the main part is not a Word document (.docm, .dotx …)
        raise ReadError(path, f"файл не читается как документ Word (.docx): {exc}") from None
    except Exception as exc:  # damaged members, malformed XML
        raise ReadError(path, f"файл повреждён или это не документ Word (.docx) ({type(exc).__name__})") \
            from None
    numbers = _Numbering(document)
    paragraphs: list[str] = []
    tables: list[DocTable] = []
    top: list = []
    for kind, element in _blocks(document.element.body):
        if kind == "p":
            text = _paragraph_text(element, numbers)
            if text:
                paragraphs.append(text)
        else:
            tables.append(DocTable(index=len(tables), rows=_table_rows(element, numbers)))
            top.append(element)
    nested = [DocTable(index=len(tables) + i, rows=_table_rows(t, numbers))
              for i, t in enumerate(t for outer in top for t in outer.iter(W + "tbl") if t is not outer)]
    return DocumentText(path=str(path), paragraphs=tuple(paragraphs), tables=tuple(tables),
                        nested_tables=tuple(nested))


# ---------------------------------------------------------------------------------------------- container

def _check_container(path: Path) -> None:
    require_file(path)
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head == _OLE_MAGIC:
        raise ReadError(path, "это документ Word 97–2003 (.doc) или документ, защищённый паролем: "
                              "сохраните его как .docx без пароля")
    if head[:2] != b"PK":
        raise ReadError(path, "файл повреждён или это не документ Word (.docx)")
    try:
        names = zip_members(path, DOCUMENT_LIMITS)
        check_inflation(path, DOCUMENT_LIMITS)
    except ReadError:
        raise
    except Exception:  # BadZipFile, truncated central directory …
        raise ReadError(path, "файл повреждён или это не документ Word (.docx)") from None
    if "word/document.xml" not in names:
        if "xl/workbook.xml" in names:
            raise ReadError(path, "это книга Excel (.xlsx), а не документ Word (.docx) — "
                                  "откройте её как книгу Excel")
        if "content.xml" in names:
            raise ReadError(path, "это документ OpenDocument (.odt/.ods) — сохраните его в Word как .docx")
        raise ReadError(path, "архив не содержит документа Word (нет word/document.xml)")


# ---------------------------------------------------------------------------------------------- blocks

def _blocks(container) -> Iterator[tuple[str, object]]:
    """Paragraphs and tables of a body or a cell in document order, content controls (w:sdt) opened."""
    for child in container:
        if child.tag == W + "p":
            yield "p", child
        elif child.tag == W + "tbl":
            yield "tbl", child
        elif child.tag in (W + "sdt", W + "customXml"):
            content = child.find(W + "sdtContent") if child.tag == W + "sdt" else child
            if content is not None:
                yield from _blocks(content)


_SKIP = {W + "del", W + "moveFrom", W + "txbxContent", _MC + "Fallback", W + "pPr", W + "rPr",
         W + "instrText", W + "delText"}


def _hidden(run) -> bool:
    """A run formatted as hidden text (w:vanish): Word does not show or print it, so it is not the plan's."""
    rpr = run.find(W + "rPr")
    if rpr is None:
        return False
    vanish = rpr.find(W + "vanish")
    return vanish is not None and vanish.get(W + "val") not in ("0", "false", "off")


def _runs_text(element, out: list[str]) -> None:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == W + "r" and _hidden(child):
            continue
        if tag == W + "t":
            out.append(child.text or "")
        elif tag == W + "tab":
            out.append("\t")
        elif tag in (W + "br", W + "cr"):
            if child.get(W + "type") not in ("page", "column"):
                out.append("\n")
        elif tag == W + "noBreakHyphen":
            out.append("-")
        else:
            _runs_text(child, out)


def _paragraph_text(p, numbers: "_Numbering") -> str:
    out: list[str] = []
    _runs_text(p, out)
    text = "".join(out).rstrip()
    label = numbers.label(p)
    if label and text:
        return f"{label} {text}"
    return label if label and not text else text


# ---------------------------------------------------------------------------------------------- tables

def _cell_paragraphs(tc, numbers: "_Numbering") -> tuple[str, ...]:
    paragraphs: list[str] = []
    for kind, element in _blocks(tc):
        if kind == "p":
            text = _paragraph_text(element, numbers)
            if text:
                paragraphs.append(text)
        else:  # a nested table: its text, cell by cell, merged copies once
            for row in _table_rows(element, numbers):
                for cell in row:
                    if cell.merged is None:
                        paragraphs.extend(cell.paragraphs)
    return tuple(paragraphs)


def _int(element, name: str, default: int) -> int:
    if element is None:
        return default
    value = element.get(W + name)
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _table_rows(tbl, numbers: "_Numbering") -> tuple[tuple[DocCell, ...], ...]:
    grid = tbl.find(W + "tblGrid")
    grid_width = len(grid.findall(W + "gridCol")) if grid is not None else 0
    empty = DocCell("", ())
    rows: list[list[DocCell]] = []
    for tr in tbl.iterchildren(W + "tr"):
        trPr = tr.find(W + "trPr")
        before = _int(trPr.find(W + "gridBefore") if trPr is not None else None, "val", 0)
        after = _int(trPr.find(W + "gridAfter") if trPr is not None else None, "val", 0)
        above = rows[-1] if rows else []
        row: list[DocCell] = [empty] * before
        for tc in tr.xpath("./w:tc | ./w:sdt/w:sdtContent/w:tc | ./w:customXml/w:tc"):
            tcPr = tc.find(W + "tcPr")
            span = max(1, _int(tcPr.find(W + "gridSpan") if tcPr is not None else None, "val", 1))
            vmerge = tcPr.find(W + "vMerge") if tcPr is not None else None
            hmerge = tcPr.find(W + "hMerge") if tcPr is not None else None  # the Word 2003 way
            continues = vmerge is not None and vmerge.get(W + "val") in (None, "continue")
            start = len(row)
            if continues and start < len(above):
                for column in range(start, start + span):
                    source = above[column] if column < len(above) else empty
                    row.append(DocCell(source.text, source.paragraphs, MERGED_UP))
                continue
            if hmerge is not None and hmerge.get(W + "val") in (None, "continue") and row:
                source = row[-1]
                row.extend(DocCell(source.text, source.paragraphs, MERGED_LEFT) for _ in range(span))
                continue
            paragraphs = _cell_paragraphs(tc, numbers)
            cell = DocCell("\n".join(paragraphs), paragraphs)
            row.append(cell)
            row.extend(DocCell(cell.text, cell.paragraphs, MERGED_LEFT) for _ in range(span - 1))
        row.extend([empty] * after)
        rows.append(row)
    width = max([grid_width, *(len(r) for r in rows)])
    return tuple(tuple(r + [empty] * (width - len(r))) for r in rows)


# ---------------------------------------------------------------------------------------------- numbering

_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def _roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def _letter(n: int) -> str:
    """Word's letters: a … z, then aa … zz, aaa …"""
    if n < 1:
        return str(n)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _format(n: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return _letter(n)
    if fmt == "upperLetter":
        return _letter(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt == "none":
        return ""
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)  # decimal and the formats not known here


def _num_pr(num_pr) -> tuple[str | None, int | None]:
    """(numId, ilvl) of a ``w:numPr`` (of a paragraph or a style); None for what it does not say."""
    if num_pr is None:
        return None, None
    num_id = num_pr.find(W + "numId")
    ilvl = num_pr.find(W + "ilvl")
    return (num_id.get(W + "val") if num_id is not None else None,
            _int(ilvl, "val", 0) if ilvl is not None else None)


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    legal: bool = False


def _level(lvl) -> _Level:
    def val(name: str) -> str | None:
        element = lvl.find(W + name)
        return element.get(W + "val") if element is not None else None

    start = val("start")
    fmt = val("numFmt") or "decimal"
    text = val("lvlText")
    return _Level(start=int(start) if start and start.lstrip("-").isdigit() else (0 if fmt == "bullet" else 1),
                  fmt=fmt, text=text if text is not None else "", legal=lvl.find(W + "isLgl") is not None)


class _Numbering:
    """The numbers Word shows before list paragraphs: counters per ``numId`` in document order."""

    def __init__(self, document):
        self._styles: dict[str, tuple[str | None, int | None, str | None]] = {}  # id → numId, ilvl, basedOn
        self._style_level: dict[tuple[str, str], int] = {}  # (abstractNumId, styleId) → ilvl (lvl/pStyle)
        self._abstract: dict[str, dict[int, _Level]] = {}
        self._links: dict[str, str] = {}  # abstractNumId → the style its numStyleLink names
        self._nums: dict[str, tuple[str, dict[int, _Level], dict[int, int]]] = {}
        self._counters: dict[str, dict[int, int]] = {}
        self._default_style: str | None = None
        try:
            styles = document.styles.element
        except Exception:
            styles = None
        if styles is not None:
            for style in styles.iterchildren(W + "style"):
                if style.get(W + "type") != "paragraph":
                    continue
                sid = style.get(W + "styleId")
                if style.get(W + "default") in ("1", "true"):
                    self._default_style = sid
                num_id, ilvl = _num_pr(style.find(f"{W}pPr/{W}numPr"))
                based = style.find(W + "basedOn")
                self._styles[sid] = (num_id, ilvl, based.get(W + "val") if based is not None else None)
        try:
            numbering = document.part.numbering_part.element
        except Exception:
            numbering = None
        if numbering is None:
            return
        for abstract in numbering.iterchildren(W + "abstractNum"):
            aid = abstract.get(W + "abstractNumId")
            levels = {}
            for lvl in abstract.iterchildren(W + "lvl"):
                ilvl = _int(lvl, "ilvl", 0)
                levels[ilvl] = _level(lvl)
                p_style = lvl.find(W + "pStyle")
                if p_style is not None:
                    self._style_level[(aid, p_style.get(W + "val"))] = ilvl
            self._abstract[aid] = levels
            link = abstract.find(W + "numStyleLink")
            if link is not None:
                self._links[aid] = link.get(W + "val")
        for num in numbering.iterchildren(W + "num"):
            element = num.find(W + "abstractNumId")
            aid = element.get(W + "val") if element is not None else None
            overrides: dict[int, _Level] = {}
            starts: dict[int, int] = {}
            for override in num.iterchildren(W + "lvlOverride"):
                ilvl = _int(override, "ilvl", 0)
                lvl = override.find(W + "lvl")
                if lvl is not None:
                    overrides[ilvl] = _level(lvl)
                start = override.find(W + "startOverride")
                if start is not None:
                    starts[ilvl] = _int(start, "val", 1)
            self._nums[num.get(W + "numId")] = (aid, overrides, starts)

    def _style_numbering(self, style_id: str | None) -> tuple[str | None, int | None, str | None]:
        seen = set()
        while style_id is not None and style_id in self._styles and style_id not in seen:
            seen.add(style_id)
            num_id, ilvl, based = self._styles[style_id]
            if num_id is not None:
                return num_id, ilvl, style_id
            style_id = based
        return None, None, None

    def _levels(self, aid: str | None) -> tuple[str | None, dict[int, _Level]]:
        """The abstract definition, following a numStyleLink to the list style that holds the levels."""
        for _ in range(5):
            if aid in self._links and not self._abstract.get(aid):
                num_id, _ilvl, _style = self._style_numbering(self._links[aid])
                linked = self._nums.get(num_id or "")
                if linked is None:
                    break
                aid = linked[0]
                continue
            break
        return aid, self._abstract.get(aid or "", {})

    def label(self, p) -> str:
        p_pr = p.find(W + "pPr")
        style_el = p_pr.find(W + "pStyle") if p_pr is not None else None
        style_id = style_el.get(W + "val") if style_el is not None else self._default_style
        num_id, ilvl = _num_pr(p_pr.find(W + "numPr") if p_pr is not None else None)
        style_num, style_ilvl, numbered_style = self._style_numbering(style_id)
        if num_id is None:
            num_id = style_num
        if num_id is None or num_id == "0" or num_id not in self._nums:
            return ""
        aid, overrides, starts = self._nums[num_id]
        aid, levels = self._levels(aid)
        if ilvl is None:
            ilvl = style_ilvl
        if ilvl is None:
            ilvl = self._style_level.get((aid or "", numbered_style or style_id or ""), 0)

        def level(k: int) -> _Level:
            return overrides.get(k) or levels.get(k) or _Level()

        def start(k: int) -> int:
            return starts.get(k, level(k).start)

        counters = self._counters.setdefault(num_id, {})
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else start(ilvl)
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        current = level(ilvl)
        if current.fmt == "bullet":
            return "•"
        text = current.text
        for k in range(ilvl, -1, -1):
            placeholder = f"%{k + 1}"
            if placeholder in text:
                fmt = "decimal" if current.legal and k < ilvl else level(k).fmt
                text = text.replace(placeholder, _format(counters.get(k, start(k)), fmt))
        return text.strip()
