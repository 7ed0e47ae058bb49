"""Reading a PDF with a text layer into plain data (``core.document``), as ``io/word_document`` reads a .docx.

Many orders exist only as a PDF on a school's or a district's site. A PDF saved from Word or LibreOffice keeps
each glyph's position and the table borders as strokes; from them this module gives what ``read_docx`` gives:

* tables (``io/pdf_grid``): the grid from the ruling lines, a cell spanning several grid columns or rows
  marked ``MERGED_LEFT`` / ``MERGED_UP`` on its copies, every row as wide as the grid; a table that goes on at
  the top of the next page at the same column positions is joined to the one that ended the page — the header
  rows it repeats dropped, and a row the page break cut (its first cell empty on the new page) made whole;
* prose outside tables: lines grouped into paragraphs, a page number alone on the page's first or last line
  dropped;
* cell and prose text joined into paragraphs the way Word showed them (``io/pdf_text``).

pdfplumber (MIT, on pdfminer.six) reads the words and strokes; the tables are built here from them rather
than with pdfplumber's table finder, which gives cell text but not which cells are merged copies, and does not
join lines into paragraphs. A scan (pages of images, no text layer) is refused with a Russian reason, and so
are an encrypted or damaged file and one past the size or page limits — never a traceback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from xl_roadmap.core.document import MERGED_LEFT, DocCell, DocTable, DocumentText
from xl_roadmap.io.pdf_grid import SNAP, Grid, find_grids, rules_of
from xl_roadmap.io.pdf_inflate import STREAM_LIMIT, InflateLimit, install
from xl_roadmap.io.pdf_text import (
    Line,
    Reading,
    Vocabulary,
    Word,
    line_pitch,
    lines_of,
    paragraphs,
    spaces_at_wraps,
)
from xl_roadmap.io.workbook_file import ReadError, require_file

_MB = 1024 * 1024


@dataclass(frozen=True)
class PdfLimits:
    """What a PDF may hold before it is refused unread: an order with its plan is a few dozen pages of text."""
    file_bytes: int = 200 * _MB
    pages: int = 3000
    page_characters: int = 200_000      # a page of 8-point text holds some 10,000


LIMITS = PdfLimits()

SCAN = "документ — скан без текстового слоя: сохраните из Word как .docx или распознайте текст"
_DAMAGED = "файл PDF повреждён или это не PDF; откройте его и сохраните (распечатайте) в PDF заново или сохраните из Word как .docx"
_BOMB = (f"в PDF сжатые данные, которые распаковываются больше чем в {STREAM_LIMIT // _MB} МБ, — это не текст "
         f"приказа (возможно, файл-«бомба»); сохраните документ из Word как .docx")
_ENCRYPTED = "PDF защищён паролем: снимите защиту (сохраните документ в PDF без пароля) или сохраните его из Word как .docx"
_PADDING = 5.4          # Word's and LibreOffice's default left and right cell margins, when no text shows them
_MIN_TEXT = 20          # characters: fewer on all pages is no text layer (a scan's stray marks, a page number)
_PAGE_NUMBER = re.compile(r"^(?:[-–—]\s*\d{1,4}\s*[-–—]|\d{1,4}|(?:стр\.?|страница)\s*\d{1,4}(?:\s*(?:из|/)\s*\d{1,4})?"
                          r"|\d{1,4}\s*(?:из|/)\s*\d{1,4})$", re.IGNORECASE)


def read_pdf(path: Path | str) -> DocumentText:
    """The PDF's prose paragraphs and tables; ``ReadError`` with a Russian reason when it cannot be read."""
    path = Path(path)
    require_file(path)
    size = path.stat().st_size
    if size > LIMITS.file_bytes:
        raise ReadError(path, f"PDF слишком большой ({size // _MB} МБ, читается до {LIMITS.file_bytes // _MB} МБ): "
                              f"сохраните из Word как .docx только приказ с планом")
    with open(path, "rb") as fh:
        if b"%PDF-" not in fh.read(1024):
            raise ReadError(path, _DAMAGED)
    pages = _read_pages(path)
    return _document(path, pages)


# ---------------------------------------------------------------------------------------------- pages

@dataclass(eq=False)
class _Cell:
    """An own cell of a table being read: its lines (on one page or, once joined, on several) and the left and
    right edges of its text area."""
    lines: list[Line]
    left: float
    right: float


@dataclass
class _Table:
    """A table as read from one page, later the table it continues: columns ``xs``, rows of slots — a slot is
    an own cell (merged None) or a copy of one (MERGED_LEFT, MERGED_UP)."""
    xs: list[float]
    rows: list[list[tuple[_Cell, str | None]]]
    bottoms: list[float]            # each row's bottom edge on its page
    page: int


def _caused_by(exc: BaseException, *kinds: type) -> bool:
    """Whether pdfminer raised one of ``kinds``: pdfplumber wraps pdfminer's exceptions (PdfminerException(e))."""
    return any(isinstance(c, kinds) for c in (exc, *exc.args, exc.__context__))


def _read_pages(path: Path) -> list[list[tuple[float, object]]]:
    """Per page, its content top to bottom: (top, Line) for a prose line, (top, _Table) for a table."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    install()
    try:
        pdf = pdfplumber.open(path)
    except Exception as exc:  # noqa: BLE001 (pdfminer's syntax errors, a missing trailer, a truncated file …)
        # pdfplumber wraps pdfminer's errors: a password is asked for by PDFPasswordIncorrect inside
        if _caused_by(exc, InflateLimit):
            raise ReadError(path, _BOMB) from None
        if _caused_by(exc, PDFPasswordIncorrect, PDFEncryptionError):
            raise ReadError(path, _ENCRYPTED) from None
        raise ReadError(path, _DAMAGED) from None
    out: list[list[tuple[float, object]]] = []
    characters = 0
    with pdf:
        try:
            count = len(pdf.pages)
        except Exception as exc:  # noqa: BLE001 (a broken page tree)
            raise ReadError(path, _BOMB if _caused_by(exc, InflateLimit) else _DAMAGED) from None
        if count > LIMITS.pages:
            raise ReadError(path, f"в PDF {count} страниц, читается до {LIMITS.pages}: сохраните из Word как "
                                  f".docx только приказ с планом")
        for n, page in enumerate(pdf.pages, start=1):
            try:
                chars = page.chars
                if len(chars) > LIMITS.page_characters:
                    raise ReadError(path, f"на странице {n} PDF {len(chars)} знаков (читается до "
                                          f"{LIMITS.page_characters}): это не текст приказа")
                characters += len(chars)
                found = page.extract_words(return_chars=True)
                words = _words(chars, found)
                content = _page(words, page.lines, page.rects, n)
            except ReadError:
                raise
            except Exception as exc:  # noqa: BLE001 (a damaged content stream or font)
                if _caused_by(exc, InflateLimit):
                    raise ReadError(path, f"страница {n}: {_BOMB}") from None
                raise ReadError(path, f"страница {n}: {_DAMAGED}") from None
            finally:
                page.close()
            out.append(content)
    if characters < _MIN_TEXT:
        raise ReadError(path, SCAN)
    _drop_running_lines(out)
    return out


def _words(chars: list[dict], found: list[dict]) -> list[Word]:
    """pdfplumber's words (upright ones: a table's rotated header text is not read) with the width of their first
    character and whether a space character follows them."""
    index = {id(c): i for i, c in enumerate(chars)}
    out = []
    for w in found:
        if not w["upright"]:
            continue
        first, last = w["chars"][0], w["chars"][-1]
        i = index.get(id(last), -1) + 1
        spaced = 0 < i < len(chars) and chars[i]["text"] == " " and abs(chars[i]["top"] - last["top"]) < 1
        out.append(Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"], first["x1"] - first["x0"], spaced))
    return out


def _page(words: list[Word], lines: list[dict], rects: list[dict], page: int) -> list[tuple[float, object]]:
    grids = find_grids(*rules_of(lines, rects))
    own: list[list[list[Word]]] = [[[] for _ in g.ys[:-1] for _ in g.xs[:-1]] for g in grids]
    prose: list[Word] = []
    for word in words:
        x, y = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
        inside = [k for k, g in enumerate(grids) if g.contains(x, y)]
        if not inside:
            prose.append(word)
            continue
        k = min(inside, key=lambda i: (grids[i].xs[-1] - grids[i].xs[0]) * (grids[i].bottom - grids[i].top))
        grid = grids[k]
        r, c = grid.position(x, y)
        r, c = grid.owner[r][c]
        own[k][r * (len(grid.xs) - 1) + c].append(word)
    content: list[tuple[float, object]] = [(line.top, line) for line in lines_of(prose, page)]
    content += [(g.top, _table(g, own[k], page)) for k, g in enumerate(grids)]
    content.sort(key=lambda item: item[0])
    _drop_page_number(content)
    return content


def _table(grid: Grid, own: list[list[Word]], page: int) -> _Table:
    width = len(grid.xs) - 1
    cell_lines = {(r, c): lines_of(own[r * width + c], page)
                  for r in range(len(grid.ys) - 1) for c in range(width) if grid.merged[r][c] is None}
    # the cells' margin: where left-aligned text starts (the lower quartile of where the cells' lines start —
    # centred text starts further in, text overflowing a too narrow cell further out)
    offsets = sorted(line.x0 - grid.xs[c] for (r, c), lines in cell_lines.items() for line in lines
                     if line.x0 > grid.xs[c])
    padding = min(offsets[len(offsets) // 4], 3 * _PADDING) if offsets else _PADDING
    cells: dict[tuple[int, int], _Cell] = {}
    for (r, c), lines in cell_lines.items():
        left, right = grid.span(r, c)
        cells[(r, c)] = _Cell(lines, left + padding, right - padding)
    rows = [[(cells[grid.owner[r][c]], grid.merged[r][c]) for c in range(width)] for r in range(len(grid.ys) - 1)]
    return _Table(xs=grid.xs, rows=rows, bottoms=grid.ys[1:], page=page)


def _drop_running_lines(pages: list[list[tuple[float, object]]]) -> None:
    """A page header or footer («Приложение к приказу № 12» on every page) is not prose, and would stand between
    a table and its continuation: a first or last line of a page that recurs, same text at the same height, on
    at least three pages and half of them is dropped."""
    def key(item: tuple[float, object]) -> tuple[str, int] | None:
        return (item[1].text, round(item[0])) if isinstance(item[1], Line) else None

    seen: dict[tuple[str, int], int] = {}
    for content in pages:
        for k in {key(content[0]), key(content[-1])} if content else ():
            if k is not None:
                seen[k] = seen.get(k, 0) + 1
    running = {k for k, n in seen.items() if n >= 3 and 2 * n >= len(pages)}
    if running:
        for content in pages:
            for end in (-1, 0):
                if content and key(content[end]) in running:
                    del content[end]


def _drop_page_number(content: list[tuple[float, object]]) -> None:
    """A page number alone on the page's first or last line is not prose."""
    for k in (-1, 0):
        if content and isinstance(content[k][1], Line) and _PAGE_NUMBER.match(content[k][1].text.strip()):
            del content[k]


# ---------------------------------------------------------------------------------------------- the document

def _document(path: Path, pages: list[list[tuple[float, object]]]) -> DocumentText:
    tables: list[_Table] = []
    blocks: list[list[Line]] = []           # runs of prose lines, a table between two runs
    last = None
    for content in pages:
        for _, item in content:
            if isinstance(item, Line):
                if last != "prose":
                    blocks.append([])
                blocks[-1].append(item)
                last = "prose"
            else:
                if not (last == "table" and tables[-1].page < item.page and _continue(tables[-1], item)):
                    tables.append(item)
                last = "table"
    cells = [[cell for row in t.rows for cell, merged in row if merged is None] for t in tables]
    every = blocks + [cell.lines for own in cells for cell in own]
    reading = Reading(Vocabulary(every), spaces_at_wraps(every))
    prose_lines = [line for block in blocks for line in block]
    left = min((line.x0 for line in prose_lines), default=0.0)
    right = max((line.x1 for line in prose_lines), default=0.0)
    pitch = line_pitch(blocks)
    prose = tuple(p for block in blocks for p in paragraphs(block, left, right, pitch, reading))
    doc_tables = tuple(_doc_table(i, t, own, reading) for i, (t, own) in enumerate(zip(tables, cells)))
    return DocumentText(path=str(path), paragraphs=prose, tables=doc_tables)


def _raw(cell: _Cell) -> str:
    return " ".join(line.text for line in cell.lines)


def _continue(table: _Table, more: _Table) -> bool:
    """Join ``more`` (the first thing on its page) to ``table`` (the last thing on an earlier page) when its
    columns stand where the table's do — every column edge of ``more`` is one of the table's, so a row with
    fewer columns fits the grid as merged cells. Repeated header rows are dropped and a row the page break cut
    is made whole. False (nothing changed) when the columns differ."""
    index: list[int] = []
    for x in more.xs:
        k = next((i for i, t in enumerate(table.xs) if abs(t - x) <= SNAP), None)
        if k is None:
            return False
        index.append(k)
    if index[0] != 0 or index[-1] != len(table.xs) - 1:
        return False
    rows = []
    for row in more.rows:
        wide: list[tuple[_Cell, str | None]] = []
        for j, (cell, merged) in enumerate(row):
            wide.append((cell, merged))
            wide += [(cell, merged or MERGED_LEFT)] * (index[j + 1] - index[j] - 1)
        rows.append(wide)
    repeated = 0
    while repeated < min(len(rows), len(table.rows)) and _same_row(rows[repeated], table.rows[repeated]):
        repeated += 1
    rows, bottoms = rows[repeated:], more.bottoms[repeated:]
    if rows and table.rows and _cut(table.rows[-1], table.bottoms[-1], rows[0]):
        for (cell, merged), (above, _) in zip(rows[0], table.rows[-1]):
            if merged is None and cell.lines:
                above.lines.extend(cell.lines)
        table.bottoms[-1] = bottoms[0]
        rows, bottoms = rows[1:], bottoms[1:]
    table.rows.extend(rows)
    table.bottoms.extend(bottoms)
    table.page = more.page
    return True


def _same_row(row: list[tuple[_Cell, str | None]], other: list[tuple[_Cell, str | None]]) -> bool:
    return any(cell.lines for cell, _ in row) and \
        [(m, _raw(c)) for c, m in row] == [(m, _raw(c)) for c, m in other]


def _cut(above: list[tuple[_Cell, str | None]], bottom: float, row: list[tuple[_Cell, str | None]]) -> bool:
    """``row``, the first on its page, is the rest of ``above``, the last row on the page before, which the page
    break cut (Word and LibreOffice let a row break across pages): the same cells; every cell with text in
    ``row`` has text above that runs down to the row's bottom edge (a cell whose text ended higher did not go
    on); and ``row`` does not read as a row of its own — its first cell is empty, or all its text goes on in
    lower case, or a cell with text above has none here (a number, a deadline said once)."""
    if [m == MERGED_LEFT for _, m in above] != [m == MERGED_LEFT for _, m in row]:
        return False
    going_on = [(cell, above[c][0]) for c, (cell, merged) in enumerate(row) if merged is None and cell.lines]
    if not going_on:
        return False
    for _, upper in going_on:
        if not upper.lines or bottom - upper.lines[-1].bottom > 0.75 * upper.lines[-1].height:
            return False
    if not row[0][0].lines or all(cell.lines[0].text[0].islower() for cell, _ in going_on):
        return True
    return any(merged is None and not cell.lines and above[c][0].lines for c, (cell, merged) in enumerate(row))


def _doc_table(index: int, table: _Table, own: list[_Cell], reading: Reading) -> DocTable:
    pitch = line_pitch([cell.lines for cell in own])
    shown: dict[int, DocCell] = {}

    def show(cell: _Cell) -> DocCell:
        if id(cell) not in shown:
            texts = tuple(paragraphs(cell.lines, cell.left, cell.right, pitch, reading))
            shown[id(cell)] = DocCell("\n".join(texts), texts)
        return shown[id(cell)]

    rows = []
    for row in table.rows:
        out = []
        for cell, merged in row:
            base = show(cell)
            out.append(base if merged is None else DocCell(base.text, base.paragraphs, merged))
        rows.append(tuple(out))
    return DocTable(index=index, rows=tuple(rows))
