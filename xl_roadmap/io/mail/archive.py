"""A mail service's archive of all attachments (.zip), read in place: its members come out in memory, each
within the limits a workbook has (io.container: declared sizes and ratios judged before anything is inflated, a
member that yields more than its header says refused as it is read), and none is ever written to disk.

Names: Windows' own archiver and many others write Russian names in the DOS code page (cp866) without the UTF-8
flag (bit 11 of the general purpose flags). zipfile decodes such a name as cp437 — a one-to-one map of the bytes —
so the bytes are taken back and decoded as cp866. An Info-ZIP Unicode Path field (0x7075), when its check sum
matches, is the name itself; a name that is valid UTF-8 made of Cyrillic and Latin letters is UTF-8 written
without the flag (macOS' archiver does so): cp866 text is never such (its letters would need the box-drawing
characters as lead bytes).
"""

from __future__ import annotations

import struct
import time
import zipfile
import zlib
from typing import BinaryIO

from xl_roadmap.io.container import ATTACHMENTS_LIMITS, check_declared, read_member
from xl_roadmap.io.read_error import ReadError
from xl_roadmap.io.source import Source, open_binary

_UTF8_FLAG = 0x800
_ENCRYPTED = 0x1
_UNICODE_PATH = 0x7075
_FOLDER = " › "          # a member in a folder of the archive: «Входящие › Школа 5.xlsx»
DAMAGED = "архив повреждён или скачан не полностью (.zip не читается)"


def member_name(info: zipfile.ZipInfo) -> str:
    """A member's name as its archiver meant it (see the module's note)."""
    if info.flag_bits & _UTF8_FLAG:
        return info.filename
    raw = info.orig_filename.encode("cp437")
    if raw.isascii():
        return info.filename
    unicode_path = _unicode_path(info.extra, raw)
    if unicode_path is not None:
        return unicode_path
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp866")
    return text if all(_utf8_letter(ch) for ch in text if not ch.isascii()) else raw.decode("cp866")


def _utf8_letter(ch: str) -> bool:
    code = ord(ch)
    return 0x400 <= code <= 0x4FF or 0xA0 <= code <= 0x17F or 0x2000 <= code <= 0x206F or ch == "№"


def _unicode_path(extra: bytes, raw: bytes) -> str | None:
    """The Info-ZIP Unicode Path extra field (APPNOTE 4.6.9): version 1, the CRC-32 of the header's name, the
    name in UTF-8 — used only when the check sum says it belongs to this very name."""
    at = 0
    while at + 4 <= len(extra):
        kind, length = struct.unpack_from("<HH", extra, at)
        body = extra[at + 4:at + 4 + length]
        if kind == _UNICODE_PATH and len(body) > 5 and body[0] == 1 and \
                struct.unpack_from("<I", body, 1)[0] == zlib.crc32(raw):
            try:
                return body[5:].decode("utf-8")
            except UnicodeDecodeError:
                return None
        at += 4 + length
    return None


def _posix_time(date_time: tuple[int, ...]) -> float:
    """A member's DOS date and time (local time, as archivers write it) → POSIX time; 0 for an impossible one."""
    try:
        return time.mktime((*date_time, 0, 0, -1))
    except (OverflowError, ValueError):
        return 0.0


class Archive:
    """An archive of attachments opened for reading (a context manager). ``names``: its files as the archive
    shows them (folders joined by «›»), in its order."""

    def __init__(self, source: Source):
        self.source = source
        self._fh: BinaryIO = open_binary(source)
        try:
            self._zf = zipfile.ZipFile(self._fh)
            members = [info for info in self._zf.infolist() if not info.is_dir()]
        except Exception:  # noqa: BLE001 (zipfile's errors, and struct's on a cut directory: a damaged archive)
            self._fh.close()
            raise ReadError(source, DAMAGED) from None
        self._members: dict[str, zipfile.ZipInfo] = {}
        for info in members:
            shown = _FOLDER.join(part for part in member_name(info).replace("\\", "/").split("/") if part)
            name, n = shown, 1
            while name in self._members:       # two members of one name: both kept, told apart
                n += 1
                name = f"{shown} ({n})"
            # messages of the limits below (and of a lying member) name it as the user sees it
            info.filename = name
            self._members[name] = info
        try:
            check_declared(source, members, ATTACHMENTS_LIMITS)
        except ReadError:
            self.close()
            raise

    def __enter__(self) -> "Archive":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._zf.close()
        self._fh.close()

    @property
    def names(self) -> list[str]:
        return list(self._members)

    def own_name(self, name: str) -> str:
        return name.rsplit(_FOLDER, 1)[-1]

    def modified(self, name: str) -> float:
        return _posix_time(self._members[name].date_time)

    def read(self, name: str) -> bytes:
        """A member's bytes, CRC-checked, never inflated past its declared size; ReadError (Russian, naming the
        archive and the member) for a member that cannot be read."""
        info = self._members[name]
        if info.flag_bits & _ENCRYPTED:
            raise ReadError(self.source, f"файл «{name}» в архиве защищён паролем — пришлите архив без пароля")
        try:
            return read_member(self.source, self._zf, info, ATTACHMENTS_LIMITS)
        except ReadError:
            raise
        except NotImplementedError:
            raise ReadError(self.source, f"файл «{name}» сжат в архиве способом, который не читается (метод "
                                         f"{info.compress_type}) — пересохраните архив обычным ZIP") from None
        except Exception as exc:  # noqa: BLE001 (CRC, a cut member, zlib: the member is damaged)
            raise ReadError(self.source, f"файл «{name}» в архиве повреждён ({type(exc).__name__}) — архив "
                                         f"скачан не полностью или испорчен") from None
