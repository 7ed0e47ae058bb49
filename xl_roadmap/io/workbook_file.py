"""Workbook files: tell a workbook from what people attach instead, open it with calamine, read it.

Fast path: python-calamine reads cached cell values ~10x faster than openpyxl. The file is opened
read-only and never written. A file that is not a workbook at all raises :class:`ReadError` with a Russian
reason; what the grids mean is :mod:`xl_roadmap.core.grid_reader`'s job.
"""

from __future__ import annotations

import contextlib
import errno
import io
import re
import zipfile
import zlib
from pathlib import Path
from typing import Any, Iterable, Iterator

import python_calamine

from xl_roadmap.core.grid_reader import GridReader
from xl_roadmap.core.model import Cell, ReadIssue, WorkbookData
from xl_roadmap.io import ods_extent, xls_extent, xlsb_records
from xl_roadmap.io.container import WORKBOOK_LIMITS, check_inflation, read_member, zip_members
from xl_roadmap.io.sheet_extent import check_extent, check_extent_of, sheet_parts
from xl_roadmap.io.stored_copy import StoredCopy, stored_copy
from xl_roadmap.io.read_error import ReadError  # noqa: F401 (the io layer's error, imported from here too)
from xl_roadmap.io.book_properties import REPORT_COPY_MARK, is_report_copy  # noqa: F401 (imported from here too)
from xl_roadmap.io.source import (  # noqa: F401 (not_a_regular_file: imported from here too)
    HeldFile,
    Source,
    as_source,
    head,
    is_held,
    is_zip,
    not_a_regular_file,
    open_zip,
    read_bytes,
    sha256_of,
)
from xl_roadmap.spec import Spec


_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _calamine_stops_at_declared_size() -> bool:
    """python-calamine 0.9.1 is built with the Rust zip crate 9.2.2, whose reader fails once a member yields
    more than its declared size («File is larger than its declared uncompressed size», src/crc32.rs,
    Crc32Reader::count); tests/io/test_hostile_inputs.py proves it on a lying file. Older builds inflate a
    member to its end, so for them our own capped inflate runs before calamine (it costs ~15% of a read)."""
    version = _calamine_version()
    return version is not None and version >= (0, 9, 1)


def _calamine_version() -> tuple[int, int, int] | None:
    """Read from the dist-info folder beside the package when it is there: importlib.metadata imports email and
    scans every folder of sys.path, which costs more than reading a school's book, at every start."""
    beside = Path(python_calamine.__file__).resolve().parent.parent
    names = [p.name for p in beside.glob("python_calamine-*.dist-info")]
    if len(names) != 1:         # another layout, or two installs: ask the import system which one it uses
        import importlib.metadata

        try:
            names = [f"python_calamine-{importlib.metadata.version('python-calamine')}.dist-info"]
        except importlib.metadata.PackageNotFoundError:
            return None
    found = re.match(r"python_calamine-(\d+)\.(\d+)\.(\d+)", names[0])
    return (int(found[1]), int(found[2]), int(found[3])) if found else None


CALAMINE_STOPS_AT_DECLARED_SIZE = _calamine_stops_at_declared_size()
_ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")


def file_sha256(path: Path | str | HeldFile) -> str:
    if not_a_regular_file(path):          # hashing a pipe would wait for ever
        raise OSError(errno.EINVAL, "not a regular file", str(path))
    return sha256_of(as_source(path))


def require_file(path: Source) -> None:
    """The first look at any input: it exists, is a file and is not empty (a save or a download cut short)."""
    if is_held(path):
        if not path.data:
            raise ReadError(path, "файл пустой (0 байт) — вероятно, он не сохранился или не докачался")
        return
    if not path.exists():
        raise ReadError(path, "файл не найден")
    if path.is_dir():
        raise ReadError(path, "это папка, а не файл")
    strange = not_a_regular_file(path)
    if strange:
        raise ReadError(path, strange)
    if path.stat().st_size == 0:
        raise ReadError(path, "файл пустой (0 байт) — вероятно, он не сохранился или не докачался")


OTHER_FORMATS = {"xls": "Excel 97–2003 (.xls)", "xlsb": "двоичная книга Excel (.xlsb)",
                 "ods": "OpenDocument (.ods)"}
_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"


WORD_SUFFIXES = (".docx", ".docm", ".doc", ".rtf", ".odt")
LETTER_SUFFIXES = (".eml", ".msg")      # the mail intake opens them (io/mail); anywhere else a book is needed
_ODT_MIME = b"application/vnd.oasis.opendocument.text"


def word_document_reason(path: Source) -> str:
    """A Word document given where a workbook is needed: what to do with it instead."""
    kind = path.suffix.lower() if path.suffix.lower() in WORD_SUFFIXES else ".docx"
    return (f"это документ Word ({kind}), а не книга Excel — его мероприятия переносит в книгу команда "
            f"xl-roadmap import ДОКУМЕНТ -o КНИГА.xlsx")


def _renamed_word(path: Source, kind: str) -> str:
    """A Word document under a workbook's name: said as such, and what to do."""
    return (f"это документ Word ({kind}), переименованный в {path.suffix or 'книгу'} — нужна книга Excel по шаблону "
            f"xl-roadmap; мероприятия документа переносит в книгу команда xl-roadmap import ДОКУМЕНТ -o КНИГА.xlsx")


def _word_reason(path: Source, kind: str) -> str:
    return word_document_reason(path) if path.suffix.lower() in WORD_SUFFIXES else _renamed_word(path, kind)


def check_container(path: Source) -> str:
    """Tell a workbook from the things people attach instead, before any parser sees the bytes. Returns the
    workbook's format: "xlsx" (also .xlsm), or one of OTHER_FORMATS, which calamine reads too."""
    require_file(path)
    first = head(path, 8)
    if path.suffix.lower() in LETTER_SUFFIXES:
        raise ReadError(path, f"это сохранённое письмо ({path.suffix.lower()}), а не книга Excel — сохраните "
                              f"вложенную книгу в файл и укажите её")
    if first[:5] == b"%PDF-":
        raise ReadError(path, "это документ PDF, а не книга Excel — мероприятия PDF с текстовым слоем переносит "
                              "в книгу команда xl-roadmap import ДОКУМЕНТ.pdf -o КНИГА.xlsx")
    if first == _OLE_MAGIC:
        data = read_bytes(path)
        if _ENCRYPTED_MARK in data:
            raise ReadError(path, "книга защищена паролем на открытие — снимите пароль (Файл → Сведения → "
                                  "Защита книги) и пришлите файл заново")
        if "W\0o\0r\0k\0b\0o\0o\0k\0".encode() in data[:1 << 20] or "B\0o\0o\0k\0".encode() in data[:1 << 20]:
            return "xls"
        if "W\0o\0r\0d\0D\0o\0c\0u\0m\0e\0n\0t\0".encode() in data[:1 << 20]:
            raise ReadError(path, _word_reason(path, ".doc"))
        raise ReadError(path, "это файл старого формата Office (OLE), но не книга Excel — нужна книга Excel "
                              "по шаблону xl-roadmap")
    if first[:5] == b"{\\rtf":
        raise ReadError(path, _word_reason(path, ".rtf"))
    if first[:2] != b"PK":
        raise ReadError(path, "это не книга Excel (.xlsx): содержимое файла не распознано")
    try:
        # members are not inflated whole here (that would cost ~15% of the read): their declared sizes and
        # their XML prologs are checked, calamine stops a member at its declared size, and a damaged member
        # makes calamine fail, which is reported as an unreadable file too
        names = zip_members(path, WORKBOOK_LIMITS)
        if not CALAMINE_STOPS_AT_DECLARED_SIZE:
            check_inflation(path, WORKBOOK_LIMITS)
    except ReadError:
        raise
    except zipfile.BadZipFile:
        raise ReadError(path, "файл повреждён или скачан не полностью (архив .xlsx не читается)") from None
    except Exception as exc:  # zlib errors on truncated members surface here
        raise ReadError(path, f"файл повреждён или скачан не полностью ({type(exc).__name__})") from None
    if "xl/workbook.bin" in names:
        return "xlsb"
    if "content.xml" in names and "mimetype" in names:
        mime = _mimetype(path)
        if mime == _ODS_MIME:
            return "ods"
        if mime == _ODT_MIME:
            raise ReadError(path, _word_reason(path, ".odt"))
    if "xl/workbook.xml" not in names:
        if "word/document.xml" in names:
            raise ReadError(path, _word_reason(path, ".docx"))
        if "content.xml" in names:
            raise ReadError(path, "это документ OpenDocument (.ods/.odt) — сохраните его как .xlsx")
        raise ReadError(path, "архив не содержит книги Excel (нет xl/workbook.xml)")
    return "xlsx"


def _mimetype(path: Source) -> bytes:
    """An OpenDocument's «mimetype» member (b"" when it is long or damaged: then it names no format we read)."""
    try:
        with open_zip(path) as zf:
            info = zf.getinfo("mimetype")
            return read_member(path, zf, info, WORKBOOK_LIMITS).strip() if info.file_size < 200 else b""
    except (zipfile.BadZipFile, zlib.error, OSError):
        return b""


@contextlib.contextmanager
def _grids(path: Source, sheets: Iterable[str] = (), fmt: str = "xlsx") -> Iterator["CalamineGrids"]:
    """The file opened by calamine, as grids; whatever calamine cannot parse becomes a ReadError. ``sheets``:
    the sheets that will surely be read, inflated once for our check and for calamine (io.stored_copy). ``fmt``
    (what check_container said): an .xlsb is replayed first as calamine will read it (io.xlsb_records), an .ods's
    tables and an .xls's sheets are measured as calamine will hold them (io.ods_extent, io.xls_extent)."""
    xlsb = _damage_worded(path, lambda: xlsb_records.open_book(path)) if fmt == "xlsb" else None
    if fmt == "ods":            # calamine reads every sheet of these on opening: all are judged first
        _damage_worded(path, lambda: ods_extent.check_content(path))
    elif fmt == "xls":
        _damage_worded(path, lambda: xls_extent.check_workbook(path))
    copy = _stored_copy(path, sheets) if sheets and fmt == "xlsx" else None
    try:
        if copy is not None:
            book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(copy.data))
        elif is_held(path):             # an attachment or an archive's member: read where it is, in memory
            book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(path.data))
        else:
            book = python_calamine.CalamineWorkbook.from_path(str(path))
    except python_calamine.PasswordError:
        raise ReadError(path, "книга защищена паролем — снимите пароль и пришлите файл заново") from None
    except BaseException as exc:            # noqa: BLE001 (a Rust panic is a BaseException: see _panicked)
        if not isinstance(exc, Exception) and not _panicked(exc):
            raise
        _name_a_lying_member(path)
        raise ReadError(path, f"файл не читается как книга Excel: {exc}") from None
    grids = CalamineGrids(book, path, copy.sheets if copy is not None else None, xlsb)
    try:
        yield grids
    except DamagedSheet as exc:
        _name_a_lying_member(path)
        raise ReadError(path, exc.reason()) from None
    finally:
        grids.close()
        book.close()


def _stored_copy(path: Source, sheets: Iterable[str]) -> StoredCopy | None:
    """The book with its worksheets inflated once, for our check and for calamine (io.stored_copy); None —
    the file itself is read — for other formats, large books, and anything the copy cannot be made of (the
    file then fails, or not, in calamine's hands as it always did)."""
    try:
        return stored_copy(path, sheets)
    except ReadError:           # a sheet that yields more than its header declares, named as it was read
        raise
    except Exception:  # noqa: BLE001 (a damaged member: calamine's read of the file says what is wrong)
        return None


def _panicked(exc: BaseException) -> bool:
    """A panic inside calamine (an index out of range on a damaged file) reaches Python as pyo3's PanicException,
    a BaseException: it is the file's fault, told as damage, never a traceback."""
    return type(exc).__name__ == "PanicException"


def _damage_worded(path: Source, look):
    """``look()``, with what a damaged archive raises worded as ReadError (ours pass as they are)."""
    try:
        return look()
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        raise ReadError(path, f"файл повреждён или скачан не полностью ({type(exc).__name__})") from None


def _name_a_lying_member(path: Source) -> None:
    """After calamine has failed: when a member yields more than its header declares (calamine stopped at the
    declared size and said so in English), the ReadError names that member; otherwise nothing happens and
    calamine's failure is reported as it is. Run only on failure, so a good book never pays for it."""
    try:
        check_inflation(path, WORKBOOK_LIMITS)
    except ReadError:
        raise
    except Exception:     # the member is damaged in some other way: calamine's own words say enough
        return


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

    def __init__(self, book, path: Source | None = None, inflated: dict[str, bytes] | None = None,
                 xlsb: xlsb_records.XlsbBook | None = None):
        self._book = book
        self._path = path
        self._inflated = inflated or {}       # sheet name → its XML, when the book was read from a stored copy
        self._xlsb = xlsb                     # an .xlsb's sheets, replayed one by one before calamine loads them
        self._zip: zipfile.ZipFile | None = None
        self._parts: dict[str, str] | None = None
        self._sheets: dict[str, Any] = {}
        self.sheet_names = list(book.sheet_names)

    def _sheet(self, name: str):
        # loading a sheet is most of calamine's work: once per sheet
        if name not in self._sheets:
            self._check_extent(name)
            try:
                self._sheets[name] = self._book.get_sheet_by_name(name)
            except BaseException as exc:  # noqa: BLE001 (calamine's XML/zip errors and panics: the part is damaged)
                if not isinstance(exc, Exception) and not _panicked(exc):
                    raise
                raise DamagedSheet(name, exc) from None
        return self._sheets[name]

    def _check_extent(self, name: str) -> None:
        """A sheet whose filled cells lie far apart is refused before calamine allocates their rectangle: an
        .xlsx's XML is looked at (io.sheet_extent), an .xlsb's records replayed (io.xlsb_records); an .xls or
        .ods was judged whole before calamine opened it."""
        if self._path is None:
            return
        if self._xlsb is not None:
            _damage_worded(self._path, lambda: xlsb_records.check_sheet(self._path, self._xlsb, name))
            return
        if name in self._inflated:
            check_extent_of(self._path, name, self._inflated.pop(name))
            return
        try:
            if self._parts is None:
                self._zip = open_zip(self._path) if is_zip(self._path) else None
                self._parts = sheet_parts(self._path, self._zip) if self._zip is not None else {}  # {}: .xls, .ods
            part = self._parts.get(name)
            if part is not None:
                check_extent(self._path, self._zip, name, part)
        except (zipfile.BadZipFile, OSError, zlib.error, EOFError) as exc:
            raise DamagedSheet(name, exc) from None

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()

    def grid(self, name: str) -> list[list[Any]]:
        return self._sheet(name).to_python(skip_empty_area=False)

    def rows(self, name: str) -> list[list[Any]]:
        """The sheet's rows from its first filled row and column (a list of organisations, wherever it starts)."""
        return self._sheet(name).to_python()

    def merged(self, name: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
        return list(self._sheet(name).merged_cell_ranges or [])


def read_workbook(path: Path | str | HeldFile, spec: Spec | None = None) -> WorkbookData:
    """Read a workbook (a file, or one held in memory) into plain data; ReadError when it is not a workbook we
    can open."""
    path = as_source(path)
    fmt = check_container(path)
    sha = file_sha256(path)
    reader = GridReader(spec)
    with _grids(path, reader.sheet_names_read, fmt) as grids:
        data = reader.read_grids(grids, path, sha)
    if fmt in OTHER_FORMATS:
        # read whole, and told once: the template's formulas, lists and buttons live only in .xlsx
        data.issues.append(ReadIssue("other-format", data.sheet_names[0] if data.sheet_names else "", "",
                                     OTHER_FORMATS[fmt]))
    return data


def read_organisation(path: Path | str | HeldFile, spec: Spec | None = None) -> dict[str, Cell]:
    """Only the «Сведения» form of a workbook file (a quick first look before the full read)."""
    path = as_source(path)
    fmt = check_container(path)
    with _grids(path, fmt=fmt) as grids:
        return GridReader(spec).read_organisation(grids)


@contextlib.contextmanager
def open_grids(path: Path | str | HeldFile) -> Iterator["CalamineGrids"]:
    """A workbook file as grids, checked as :func:`read_workbook` checks it: for a use case that needs cells the
    reader does not read (``upgrade``: a person's own columns and sheets)."""
    path = as_source(path)
    fmt = check_container(path)
    with _grids(path, fmt=fmt) as grids:
        yield grids
