"""What VBA a macro-enabled book carries: the source of its modules, read back from ``xl/vbaProject.bin``.

A book built here embeds xlwings' standalone module (``RunPython``) of the xlwings installed on the building
machine, and that module calls its own version's DLL (Windows) or AppleScript (macOS): on a machine with
another xlwings the buttons of such a book fail. ``excel doctor`` reads the version from the module itself, so
it also knows books built by an older xl-roadmap, or edited in Excel.

The project is a compound file (olefile reads it); its ``dir`` stream names each module's stream and where the
source starts in it (MS-OVBA 2.3.4.2), and both are in the MS-OVBA compression (2.4.1), decompressed here.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from pathlib import Path

from xl_roadmap.io.os_errors import os_reason
from xl_roadmap.io.read_error import ReadError

VBA_PART = "xl/vbaProject.bin"
# a VBA project is some hundred kilobytes; a member that claims more is not one we need to read for a version
_MAX_PROJECT = 64 * 1024 * 1024
_VERSION_RE = re.compile(r'^\s*(?:Public\s+)?Const\s+XLWINGS_VERSION\s+As\s+String\s*=\s*"([^"]+)"',
                         re.IGNORECASE | re.MULTILINE)

# dir stream record ids (MS-OVBA 2.3.4.2)
_CODEPAGE, _VERSION, _MODULE_NAME, _STREAM_NAME, _OFFSET, _END = 0x0003, 0x0009, 0x0019, 0x001A, 0x0031, 0x0010


def decompress(data: bytes) -> bytes:
    """MS-OVBA 2.4.1.3.1: a CompressedContainer → its bytes. A last raw chunk may be shorter than 4096 bytes
    (Excel never writes one; some tools do), and is taken as it is."""
    if not data or data[0] != 0x01:
        raise ValueError("not an MS-OVBA compressed container")
    out = bytearray()
    pos = 1
    while pos + 2 <= len(data):
        header = int.from_bytes(data[pos:pos + 2], "little")
        end = min(pos + (header & 0x0FFF) + 3, len(data))
        pos += 2
        start = len(out)
        if not header & 0x8000:
            out += data[pos:pos + 4096]
            pos += 4096
            continue
        while pos < end:
            flags = data[pos]
            pos += 1
            for bit in range(8):
                if pos >= end:
                    break
                if not flags >> bit & 1:
                    out.append(data[pos])
                    pos += 1
                    continue
                if pos + 2 > end:
                    raise ValueError("a copy token cut short")
                token = int.from_bytes(data[pos:pos + 2], "little")
                pos += 2
                done = len(out) - start
                bit_count = max(4, (done - 1).bit_length())
                offset = (token >> (16 - bit_count)) + 1
                length = (token & (0xFFFF >> bit_count)) + 3
                if offset > done:
                    raise ValueError("a copy token points before its chunk")
                for _ in range(length):     # a copy may overlap what it writes (runs)
                    out.append(out[-offset])
        pos = end
    return bytes(out)


def _modules(directory: bytes) -> tuple[str, list[tuple[str, str, int]]]:
    """(code page, [(module name, stream name, source offset)]) from the decompressed ``dir`` stream."""
    codepage, modules = "cp1252", []
    name = stream = None
    pos = 0
    while pos + 6 <= len(directory):
        rid, size = struct.unpack_from("<HI", directory, pos)
        if rid == _VERSION:          # its size field says 4, but VersionMajor and VersionMinor follow: 6 bytes
            pos += 12
            continue
        body = directory[pos + 6:pos + 6 + size]
        pos += 6 + size
        if rid == _CODEPAGE and len(body) == 2:
            codepage = f"cp{struct.unpack('<H', body)[0]}"
        elif rid == _MODULE_NAME:
            name, stream = body.decode(codepage, errors="replace"), None
        elif rid == _STREAM_NAME:
            stream = body.decode(codepage, errors="replace")
        elif rid == _OFFSET and name and stream and len(body) == 4:
            modules.append((name, stream, struct.unpack("<I", body)[0]))
        elif rid == _END:
            break
    return codepage, modules


def module_sources(book: Path) -> dict[str, str]:
    """Module name → VBA source of a book's project; {} for a book without one (.xlsx). Raises ReadError."""
    import olefile

    book = Path(book)
    try:
        with zipfile.ZipFile(book) as z:
            if VBA_PART not in z.namelist():
                return {}
            if z.getinfo(VBA_PART).file_size > _MAX_PROJECT:
                raise ReadError(book, f"проект VBA больше {_MAX_PROJECT // (1024 * 1024)} МБ")
            data = z.read(VBA_PART)
    except (zipfile.BadZipFile, EOFError):
        raise ReadError(book, "не книга Excel (файл повреждён или другого формата)") from None
    except OSError as exc:
        raise ReadError(book, f"не прочитана: {os_reason(exc)}") from None
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            codepage, modules = _modules(decompress(ole.openstream("VBA/dir").read()))
            return {name: decompress(ole.openstream(f"VBA/{stream}").read()[offset:]).decode(codepage,
                                                                                             errors="replace")
                    for name, stream, offset in modules}
    except (OSError, ValueError, LookupError, struct.error):
        raise ReadError(book, "проект VBA повреждён, его модули не прочитаны") from None


def xlwings_module_version(book: Path) -> str | None:
    """The version of xlwings' module (``XLWINGS_VERSION``) a book carries; None when it carries none."""
    for name, source in module_sources(book).items():
        if name.lower() == "xlwings" and (found := _VERSION_RE.search(source)):
            return found.group(1)
    return None
