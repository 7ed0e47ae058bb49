"""What a document file really is (sniffed from the bytes: people send .doc, .rtf, .odt, PDF, workbooks and
password-protected files, often misnamed), and a .docx made from it for ``word_document.read_docx``: LibreOffice
converts a copy of a .doc/.rtf/.odt in the caller's work folder; the rest is refused with a Russian reason (a PDF
is read by ``pdf_document.read_pdf`` instead: the use case asks ``document_format`` first)."""

from __future__ import annotations

import os
import shutil
import signal
import struct
import subprocess
import tempfile
import zipfile
from pathlib import Path

from xl_roadmap.io.workbook_file import ReadError, require_file

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODF = "application/vnd.oasis.opendocument."
_END = 0xFFFFFFFA  # OLE sector numbers from here up are markers (end of chain, free, FAT, DIFAT)
# LibreOffice's import filters, named explicitly: when it detects the type itself, a damaged file is not
# refused but imported as plain text, and the user gets a .docx of garbage instead of an error
_IN_FILTERS = {"doc": "MS Word 97", "rtf": "Rich Text Format", "odt": "writer8"}
_RESAVE = "откройте его в Word и сохраните как .docx"
_REFUSED = {
    "encrypted": "документ защищён паролем: снимите пароль (в Word: Файл → Сведения → Защита документа → "
                 "Зашифровать с использованием пароля, очистить поле) и сохраните документ как .docx",
    "pdf": "это PDF, а не документ Word: PDF с текстовым слоем читает импорт (xl-roadmap import ДОКУМЕНТ.pdf)",
    "xlsx": "это книга Excel (.xlsx), а не документ Word — откройте её как книгу Excel",
    "xls": "это книга Excel 97–2003 (.xls), а не документ Word — откройте её как книгу Excel",
    "ods": "это книга OpenDocument (.ods), а не документ — откройте её как книгу Excel",
    "unknown": f"файл повреждён или это не документ (читаются .docx, .doc, .rtf и .odt); {_RESAVE}",
}


def document_format(path: Path | str) -> str:
    """"docx", "doc", "rtf", "odt", "encrypted", "pdf", "xlsx", "xls", "ods" or "unknown", from the content."""
    path = Path(path)
    require_file(path)
    with open(path, "rb") as fh:
        head = fh.read(1024)
        if head[:8] == _OLE_MAGIC:
            return _ole_format(fh)
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):
        return "rtf"
    if b"%PDF-" in head:  # PDF readers accept the marker anywhere in the first kilobyte
        return "pdf"
    return _zip_format(path) if head[:2] == b"PK" else "unknown"


def as_docx(path: Path | str, workdir: Path, *, timeout: float = 120) -> Path:
    """A .docx with the content of ``path``: ``path`` itself when it is one, else a conversion in ``workdir``."""
    path = Path(path)
    fmt = document_format(path)
    if fmt == "docx":
        return path
    if fmt not in _IN_FILTERS:
        raise ReadError(path, _REFUSED[fmt])
    soffice = find_soffice()
    if soffice is None:
        raise ReadError(path, "для чтения файлов .doc/.rtf/.odt нужен LibreOffice; сохраните документ в Word как .docx")
    Path(workdir).mkdir(parents=True, exist_ok=True)
    # a folder per call with a fresh profile: a profile in use (say, the user's open LibreOffice) takes the job
    job = Path(tempfile.mkdtemp(prefix="convert-", dir=workdir)).resolve()
    # an ASCII name with the sniffed extension: the input may be misnamed, a Cyrillic name mangled on the way
    source = job / f"document.{fmt}"
    shutil.copyfile(path, source)
    with open(source, "rb") as fh:  # Word 6.0/95 files (nFib below 0xC1) need LibreOffice's older filter
        old_word = fmt == "doc" and 0 < _fib(fh, _ole_root_streams(fh)["WordDocument"])[0] < 0xC1
    in_filter = "MS Word 95" if old_word else _IN_FILTERS[fmt]
    cmd = [soffice, "--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
           f"-env:UserInstallation={(job / 'profile').as_uri()}", f"--infilter={in_filter}",
           "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(job / "out"), str(source)]
    try:
        finished = _run(cmd, timeout)
    finally:
        source.unlink(missing_ok=True)  # the copy may be confidential; only the result stays
        shutil.rmtree(job / "profile", ignore_errors=True)
    result = job / "out" / "document.docx"
    if not finished:
        raise ReadError(path, f"LibreOffice не преобразовал документ (.{fmt}) в .docx за {timeout:g} с и был "
                              f"остановлен: файл слишком большой или повреждён; {_RESAVE}")
    # LibreOffice exits with 0 even when it could not load the file ("source file could not be loaded")
    if not result.is_file() or result.stat().st_size == 0:
        raise ReadError(path, f"LibreOffice не смог преобразовать документ (.{fmt}) в .docx — "
                              f"вероятно, файл повреждён; {_RESAVE}")
    return result


def find_soffice() -> str | None:
    """LibreOffice: $XL_ROADMAP_SOFFICE when set (a name or a path), else PATH, else the Windows install folder
    (its installer does not add soffice to PATH)."""
    if os.environ.get("XL_ROADMAP_SOFFICE"):
        return shutil.which(os.environ["XL_ROADMAP_SOFFICE"])
    folders = [os.environ.get(v, "") for v in ("ProgramFiles", "ProgramFiles(x86)")] if os.name == "nt" else []
    return shutil.which("soffice") or shutil.which("libreoffice") or next(
        (str(exe) for f in folders if f and (exe := Path(f) / "LibreOffice/program/soffice.exe").is_file()), None)


def _run(cmd: list[str], timeout: float) -> bool:
    """Run LibreOffice; False when it had to be killed. soffice is a launcher that starts soffice.bin, so the
    whole process group (tree on Windows) goes, or a hung soffice.bin would outlive us holding the files."""
    posix = os.name != "nt"
    flags = {"start_new_session": True} if posix else {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            **flags)
    try:
        proc.wait(timeout=timeout)
        return True
    except subprocess.TimeoutExpired:
        if posix:  # the group exists: its leader, our child, is not reaped yet
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(proc.pid)], capture_output=True, check=False)
        proc.kill()
        proc.wait()
        return False


def _zip_format(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            mimetype = zf.open("mimetype").read(100).decode("ascii", "replace").strip() if "mimetype" in names else ""
            manifest = zf.open("META-INF/manifest.xml").read(1 << 20) if "META-INF/manifest.xml" in names else b""
    except Exception:  # noqa: BLE001 (BadZipFile, truncated or encrypted members …: not a document we read)
        return "unknown"
    if "word/document.xml" in names or "xl/workbook.xml" in names:
        return "docx" if "word/document.xml" in names else "xlsx"
    if mimetype.startswith(_ODF) and b"encryption-data" in manifest:  # a password-protected ODF file
        return "encrypted"
    return {_ODF + "text": "odt", _ODF + "spreadsheet": "ods"}.get(mimetype, "unknown")


def _ole_format(fh) -> str:
    """By the streams at the root: a Word document pasted into a workbook lives in a storage of its own."""
    try:
        streams = _ole_root_streams(fh)
        _, encrypted = _fib(fh, streams["WordDocument"]) if "WordDocument" in streams else (0, False)
    except (struct.error, ValueError, IndexError, OSError):  # truncated or inconsistent
        return "unknown"
    if "EncryptedPackage" in streams or encrypted:  # an encrypted .docx is wrapped in OLE (MS-OFFCRYPTO)
        return "encrypted"
    return "doc" if "WordDocument" in streams else "xls" if {"Workbook", "Book"} & streams.keys() else "unknown"


def _ole_root_streams(fh) -> dict[str, tuple[int, int, int]]:
    """Name → (first sector, sector size, length) of the streams at the root of a compound file (MS-CFB)."""
    fh.seek(0)
    header = fh.read(512)
    shift = struct.unpack_from("<H", header, 30)[0]
    if shift not in (9, 12):  # 512- or 4096-byte sectors
        raise ValueError("sector size")
    size = 1 << shift
    limit = os.fstat(fh.fileno()).st_size // size + 1  # bounds every chain: a damaged file may loop

    def sector(number: int) -> tuple[int, ...]:
        fh.seek((number + 1) << shift)
        return struct.unpack(f"<{size // 4}I", fh.read(size))  # struct.error when truncated

    fat_sectors = [n for n in struct.unpack_from("<109I", header, 76) if n < _END]
    difat, hops = struct.unpack_from("<I", header, 68)[0], 0
    while difat < _END and (hops := hops + 1) <= limit:  # more FAT sectors than the header lists (over 7 MB)
        *more, difat = sector(difat)
        fat_sectors += [n for n in more if n < _END]
    fat = [n for s in fat_sectors[:limit] for n in sector(s)]
    directory, current = [], struct.unpack_from("<I", header, 48)[0]
    while current < _END and len(directory) < limit * size // 128:
        fh.seek((current + 1) << shift)
        block = fh.read(size)
        directory += [block[i:i + 128] for i in range(0, len(block) - 127, 128)]
        current = fat[current]
    streams, pending, seen = {}, [*struct.unpack_from("<I", directory[0], 76)], set()  # entry 0: the root
    while pending:  # the root's children form a binary tree through their left/right sibling ids
        i = pending.pop()
        if i < len(directory) and i not in seen:
            seen.add(i)
            entry = directory[i]
            pending += struct.unpack_from("<II", entry, 68)
            if entry[66] == 2:  # a stream (1 is a storage)
                name = entry[:64].decode("utf-16-le", "replace").split("\0")[0]
                streams[name] = (*struct.unpack_from("<I", entry, 116), size, *struct.unpack_from("<I", entry, 120))
    return streams


def _fib(fh, stream: tuple[int, int, int]) -> tuple[int, bool]:
    """(nFib, fEncrypted) of the FibBase opening a WordDocument stream (MS-DOC); (0, False) when there is none.
    Word writes the stream above the 4 KB mini-stream cutoff, so it starts in a regular sector."""
    first, sector_size, length = stream
    fh.seek((first + 1) * sector_size)
    base = fh.read(12)
    if length < 4096 or len(base) < 12 or base[:2] != b"\xec\xa5":  # wIdent
        return 0, False
    return struct.unpack_from("<H", base, 2)[0], bool(struct.unpack_from("<H", base, 10)[0] & 0x0100)

