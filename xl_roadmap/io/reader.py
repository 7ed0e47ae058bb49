"""Read a filled workbook into plain data (:class:`~xl_roadmap.model.WorkbookData`).

Fast path: python-calamine reads cached cell values ~10x faster than openpyxl. The file is opened
read-only and never written. What people do to a template is tolerated and reported, not fatal: blank rows,
trailing spaces, numbers and dates typed as text, moved or extra columns, renamed sheets, merged cells.
A file that is not a workbook at all raises :class:`ReadError` with a Russian reason.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import zipfile
from datetime import date, datetime, time
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

import python_calamine

from ..model import Cell, ReadIssue, Row, WorkbookData
from ..spec import SheetSpec, Spec, default_spec
from ..values import clean_text, parse_date, parse_number
from .layout import address, col_index, col_letter


class ReadError(Exception):
    """The file cannot be read as a workbook; ``reason`` is a Russian explanation for the user."""

    def __init__(self, path: Path | str, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")
_HEADER_SCAN_ROWS = 12
_WS = re.compile(r"\s+")
_PARSED_TYPES = frozenset({"number", "date", "deadline"})     # column types whose text is interpreted


def file_sha256(path: Path | str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def check_container(path: Path) -> None:
    """Tell a workbook from the things people attach instead, before any parser sees the bytes."""
    if not path.exists():
        raise ReadError(path, "файл не найден")
    if path.is_dir():
        raise ReadError(path, "это папка, а не файл")
    size = path.stat().st_size
    if size == 0:
        raise ReadError(path, "файл пустой (0 байт) — вероятно, он не сохранился или не докачался")
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head == _OLE_MAGIC:
        data = path.read_bytes()
        if _ENCRYPTED_MARK in data:
            raise ReadError(path, "книга защищена паролем на открытие — снимите пароль (Файл → Сведения → "
                                  "Защита книги) и пришлите файл заново")
        raise ReadError(path, "это файл старого формата Excel 97–2003 (.xls) — откройте его в Excel и "
                              "сохраните как «Книга Excel (.xlsx)» по шаблону xl-roadmap")
    if head[:2] != b"PK":
        raise ReadError(path, "это не книга Excel (.xlsx): содержимое файла не распознано")
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            # members are not decompressed here (that would double the read cost); a damaged member makes
            # calamine fail, which is reported as an unreadable file too
            bad = None
    except zipfile.BadZipFile:
        raise ReadError(path, "файл повреждён или скачан не полностью (архив .xlsx не читается)") from None
    except Exception as exc:  # zlib errors on truncated members surface here
        raise ReadError(path, f"файл повреждён или скачан не полностью ({type(exc).__name__})") from None
    if bad is not None:
        raise ReadError(path, f"файл повреждён: часть «{bad}» не читается")
    if "xl/workbook.xml" not in names:
        if "word/document.xml" in names:
            raise ReadError(path, "это документ Word (.docx), переименованный в .xlsx — нужна книга Excel "
                                  "по шаблону xl-roadmap")
        if "content.xml" in names:
            raise ReadError(path, "это документ OpenDocument (.ods/.odt) — сохраните его как .xlsx")
        raise ReadError(path, "архив не содержит книги Excel (нет xl/workbook.xml)")


def _norm_header(text: Any) -> str:
    if text is None or text == "":
        return ""
    if isinstance(text, str):
        return _norm_header_text(text)
    return _norm_header_text(clean_text(text))


@lru_cache(maxsize=4096)
def _norm_header_text(text: str) -> str:
    # headers and help texts repeat in every file: normalised once per process
    t = clean_text(text).lower().replace("ё", "е").rstrip("*").strip()
    return _WS.sub(" ", t)


def _filled(v: Any) -> bool:
    """Whether a raw cell holds something a person typed (whitespace-only text does not count)."""
    if v.__class__ is str:
        return bool(v.strip())
    return v is not None


def _cell_value(v: Any) -> Any:
    """calamine gives "" for empty cells and datetime for dates; normalise to None / date."""
    if v == "" or v is None:
        return None
    if isinstance(v, datetime):
        return v.date() if v.time() == time(0) else v
    return v


@contextlib.contextmanager
def _grids(path: Path) -> Iterator["CalamineGrids"]:
    """The file opened by calamine, as grids; whatever calamine cannot parse becomes a ReadError."""
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
    except python_calamine.PasswordError:
        raise ReadError(path, "книга защищена паролем — снимите пароль и пришлите файл заново") from None
    except Exception as exc:
        raise ReadError(path, f"файл не читается как книга Excel: {exc}") from None
    try:
        yield CalamineGrids(book)
    except DamagedSheet as exc:
        raise ReadError(path, exc.reason()) from None
    finally:
        book.close()


class DamagedSheet(Exception):
    """A sheet of an otherwise well-formed file cannot be parsed."""

    def __init__(self, sheet: str, cause: Exception):
        self.sheet, self.cause = sheet, cause
        super().__init__(f"{sheet}: {cause}")

    def reason(self) -> str:
        return (f"лист «{self.sheet}» повреждён или сохранён не полностью ({type(self.cause).__name__}) — "
                f"откройте книгу в Excel, сохраните её заново и пришлите снова")


class CalamineGrids:
    """A workbook file seen as named grids of values (the reader's only view of a workbook).

    The Excel door provides the same three members over an open xlwings book, so the button reads exactly
    like the command line does.
    """

    def __init__(self, book):
        self._book = book
        self._sheets: dict[str, Any] = {}
        self.sheet_names = list(book.sheet_names)

    def _sheet(self, name: str):
        # loading a sheet is most of calamine's work: once per sheet
        if name not in self._sheets:
            try:
                self._sheets[name] = self._book.get_sheet_by_name(name)
            except Exception as exc:   # calamine's XML/zip errors: the sheet's part in the file is damaged
                raise DamagedSheet(name, exc) from None
        return self._sheets[name]

    def grid(self, name: str) -> list[list[Any]]:
        return self._sheet(name).to_python(skip_empty_area=False)

    def merged(self, name: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
        return list(self._sheet(name).merged_cell_ranges or [])


class WorkbookReader:
    def __init__(self, spec: Spec | None = None):
        self.spec = spec or default_spec()

    def read(self, path: Path | str) -> WorkbookData:
        path = Path(path)
        check_container(path)
        sha = file_sha256(path)
        with _grids(path) as grids:
            return self.read_grids(grids, path, sha)

    def read_organisation(self, path: Path | str) -> dict[str, Cell]:
        """Only the «Сведения» form, found and read exactly as :meth:`read` does (a quick first look)."""
        path = Path(path)
        check_container(path)
        with _grids(path) as grids:
            sheet = self.spec.sheet("organisation")
            found = self._locate_sheet(grids, list(grids.sheet_names), sheet, [])
            return {} if found is None else self._read_form(sheet, *found, [])

    # -- sheets -------------------------------------------------------------------------------------
    def read_grids(self, book, path: Path | str, sha: str) -> WorkbookData:
        """Read from any object with ``sheet_names``, ``grid(name)`` and ``merged(name)``."""
        issues: list[ReadIssue] = []
        names = list(book.sheet_names)
        grids: dict[str, tuple[str, list[list[Any]]]] = {}
        for sheet_id in ("organisation", "indicators", "roadmap", "evidence"):
            sheet = self.spec.sheet(sheet_id)
            found = self._locate_sheet(book, names, sheet, issues)
            if found is not None:
                grids[sheet_id] = found
        data = WorkbookData(path=str(path), sha256=sha, organisation={}, indicators=[], actions=[], evidence=[],
                            sheet_names=names, issues=issues)
        if "organisation" in grids:
            data.organisation = self._read_form(self.spec.sheet("organisation"), *grids["organisation"], issues)
        for sheet_id, attr in (("indicators", "indicators"), ("roadmap", "actions"), ("evidence", "evidence")):
            if sheet_id in grids:
                rows, positions = self._read_table(self.spec.sheet(sheet_id), *grids[sheet_id], issues)
                setattr(data, attr, rows)
                data.column_positions[sheet_id] = positions
        return data

    def _grid(self, book, name: str, issues: list[ReadIssue]) -> list[list[Any]]:
        for rng in book.merged(name):
            (r1, c1), (r2, c2) = rng
            if r1 >= self.spec.header_row - 1:
                issues.append(ReadIssue(
                    "merged_cells", name, f"{address(r1 + 1, c1)}:{address(r2 + 1, c2)}", None,
                    f"На листе «{name}» объединены ячейки {address(r1 + 1, c1)}:{address(r2 + 1, c2)}: прочитано "
                    f"только значение левой верхней ячейки. Отмените объединение (Главная → Объединить → "
                    f"Отменить) и заполните каждую ячейку.", "предупреждение"))
        return book.grid(name)

    def _locate_sheet(self, book, names: list[str], sheet: SheetSpec, issues: list[ReadIssue]):
        if sheet.name in names:
            return sheet.name, self._grid(book, sheet.name, issues)
        lowered = {n.strip().lower(): n for n in names}
        if sheet.name.lower() in lowered:
            real = lowered[sheet.name.lower()]
            issues.append(ReadIssue("sheet_renamed", real, "A1", real,
                                    f"Лист называется «{real}», а должен «{sheet.name}» — прочитан, но верните "
                                    f"прежнее название.", "предупреждение"))
            return real, self._grid(book, real, issues)
        for name in names:
            if name in {s.name for s in self.spec.sheets}:
                continue
            grid = self._grid(book, name, [])
            if self._looks_like(sheet, grid):
                issues.append(ReadIssue("sheet_renamed", name, "A1", name,
                                        f"Лист «{sheet.name}» не найден; его содержимое найдено на листе «{name}» "
                                        f"(по заголовкам) и прочитано. Верните листу название «{sheet.name}».",
                                        "предупреждение"))
                return name, self._grid(book, name, issues)
        issues.append(ReadIssue("sheet_missing", sheet.name, "", None,
                                f"В книге нет листа «{sheet.name}». Возьмите свежий шаблон (xl-roadmap template "
                                f"school) и перенесите данные в него.", "ошибка"))
        return None

    def _looks_like(self, sheet: SheetSpec, grid: list[list[Any]]) -> bool:
        if sheet.kind == "form":
            labels = {_norm_header(f.label) for f in sheet.fields}
            seen = {_norm_header(r[0]) for r in grid[:60] if r}
            return len(labels & seen) >= len(labels) // 2
        wanted = {_norm_header(c.header) for c in sheet.columns}
        for row in grid[:_HEADER_SCAN_ROWS]:
            if len(wanted & {_norm_header(v) for v in row}) >= max(3, len(wanted) // 2):
                return True
        return False

    # -- the «Сведения» form ------------------------------------------------------------------------
    def _read_form(self, sheet: SheetSpec, name: str, grid: list[list[Any]], issues: list[ReadIssue]) -> dict:
        label_col = col_index(sheet.label_column)
        value_col = col_index(sheet.value_column)
        by_label = {_norm_header(f.label): f for f in sheet.fields}
        out: dict[str, Cell] = {}
        for r, row in enumerate(grid):
            if len(row) <= label_col:
                continue
            fld = by_label.get(_norm_header(row[label_col]))
            if fld is None or fld.id in out:
                continue
            raw = _cell_value(row[value_col]) if len(row) > value_col else None
            out[fld.id] = self._parse(fld.type, raw, name, address(r + 1, value_col))
        for fld in sheet.fields:
            if fld.id not in out:
                issues.append(ReadIssue("field_missing", name, "", fld.label,
                                        f"На листе «{name}» нет строки «{fld.label}» — верните её из шаблона.",
                                        "ошибка" if fld.required else "предупреждение"))
        return out

    # -- table sheets -------------------------------------------------------------------------------
    def _find_header(self, sheet: SheetSpec, grid: list[list[Any]]) -> tuple[int, dict[str, int]] | None:
        wanted = {_norm_header(c.header): c.id for c in sheet.columns}
        expected = self.spec.header_row - 1
        if expected < len(grid):
            # the usual case: every header where the template put it — no need to scan
            row = grid[expected]
            if len(row) >= len(sheet.columns) and all(
                    wanted.get(_norm_header(row[c])) == col.id for c, col in enumerate(sheet.columns)):
                return expected, {col.id: c for c, col in enumerate(sheet.columns)}
        best: tuple[int, dict[str, int]] | None = None
        for r, row in enumerate(grid[:_HEADER_SCAN_ROWS]):
            found: dict[str, int] = {}
            for c, v in enumerate(row):
                cid = wanted.get(_norm_header(v))
                if cid is not None and cid not in found:
                    found[cid] = c
            if best is None or len(found) > len(best[1]):
                best = (r, found)
        if best is None or len(best[1]) < 2:
            return None
        return best

    def _read_table(self, sheet: SheetSpec, name: str, grid: list[list[Any]], issues: list[ReadIssue]):
        header = self._find_header(sheet, grid)
        if header is None:
            issues.append(ReadIssue("header_missing", name, f"A{self.spec.header_row}", None,
                                    f"На листе «{name}» не найдена строка заголовков шаблона — возьмите свежий "
                                    f"шаблон и перенесите данные.", "ошибка"))
            return [], {}
        header_r, positions = header
        for c, col in enumerate(sheet.columns):
            expected = c
            if col.id not in positions:
                if col.is_input or col.required:
                    issues.append(ReadIssue(
                        "column_missing", name, address(header_r + 1, expected), col.header,
                        f"На листе «{name}» нет столбца «{col.header}» (ожидался в {col_letter(expected)}). "
                        f"Верните столбец из шаблона.", "ошибка" if col.required else "предупреждение"))
            elif positions[col.id] != expected:
                issues.append(ReadIssue(
                    "column_moved", name, address(header_r + 1, positions[col.id]), col.header,
                    f"Столбец «{col.header}» стоит в {col_letter(positions[col.id])}, а в шаблоне — в "
                    f"{col_letter(expected)}. Данные прочитаны по заголовку; верните столбец на место.",
                    "замечание"))
        first = header_r + 1
        help_texts = [_norm_header(c.help) for c in sheet.columns if c.help]
        if first < len(grid) and help_texts and \
                sum(1 for v in grid[first] if _norm_header(v) in help_texts) >= len(help_texts) // 2:
            first += 1
        input_positions = [positions[c.id] for c in sheet.columns if c.is_input and c.id in positions]
        located = [(c.id, c.type, positions[c.id], col_letter(positions[c.id])) for c in sheet.columns
                   if c.id in positions]
        parse = self._parse
        rows: list[Row] = []
        # the hot loop of every read (a district has millions of cells): empty cells and plain text take
        # the short way; anything else goes through _parse
        for r in range(first, len(grid)):
            raw_row = grid[r]
            width = len(raw_row)
            if not any(_filled(raw_row[p]) for p in input_positions if p < width):
                continue
            cells: dict[str, Cell] = {}
            row_no = str(r + 1)
            for cid, ctype, pos, letter in located:
                raw = raw_row[pos] if pos < width else None
                if raw is None or raw == "":
                    cells[cid] = Cell(None, name, letter + row_no)
                elif raw.__class__ is str and ctype not in _PARSED_TYPES:
                    cells[cid] = Cell(clean_text(raw) or None, name, letter + row_no, raw)
                else:
                    if isinstance(raw, datetime):
                        raw = raw.date() if raw.time() == time(0) else raw
                    cells[cid] = parse(ctype, raw, name, letter + row_no)
            rows.append(Row(sheet=name, row=r + 1, cells=cells))
        return rows, {cid: pos + 1 for cid, pos in positions.items()}

    # -- values -------------------------------------------------------------------------------------
    @staticmethod
    def _parse(col_type: str, raw: Any, sheet: str, addr: str) -> Cell:
        if raw is None:
            return Cell(None, sheet, addr, None)
        if col_type == "number":
            value, note = parse_number(raw)
            return Cell(value, sheet, addr, raw, note)
        if col_type == "date":
            value, note = parse_date(raw)
            return Cell(value, sheet, addr, raw, note)
        if col_type == "deadline":
            if isinstance(raw, (date, datetime)):
                return Cell(raw, sheet, addr, raw)
            if isinstance(raw, (int, float)) and not isinstance(raw, bool):
                return Cell(float(raw), sheet, addr, raw)
            text = clean_text(raw)
            return Cell(text or None, sheet, addr, raw)
        if isinstance(raw, (date, datetime)) and col_type in ("text", "codes", "link", "period"):
            return Cell(raw.strftime("%d.%m.%Y"), sheet, addr, raw, "date_in_text")
        text = clean_text(raw)
        return Cell(text or None, sheet, addr, raw)


def read_workbook(path: Path | str, spec: Spec | None = None) -> WorkbookData:
    return WorkbookReader(spec).read(path)
