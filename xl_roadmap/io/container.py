"""The zip container of an .xlsx or .docx, looked at before any parser inflates a member.

Two looks, the cheap one always:

- ``zip_members``: the declared sizes and compression ratios (nothing inflated) bound what a parser can be
  made to allocate — a «zip bomb» is refused in milliseconds with a Russian reason instead of costing
  gigabytes; and the first bytes of every XML part are inflated to refuse what OOXML never holds (a DTD —
  the door to «billion laughs» and external entities; an encoding other than UTF-8/UTF-16) and a shared-
  strings table that announces more strings than its part can hold (calamine reserves memory for them).
- ``check_inflation``: every member inflated in chunks, nothing kept, refused as soon as it yields more than
  its header declares (a lying header). It costs a full inflate (~15% of calamine's read of a school book),
  so the workbook reader runs it only where the parser does not stop at the declared size itself, and to
  name the member when calamine has failed; the document reader always runs it (a .docx is read once).

The parsers we use stop at the declared size too, but not equally soon. The Rust zip crate in python-calamine
≥ 0.9.1 fails with «File is larger than its declared uncompressed size» as soon as it gets there. CPython's
zipfile cuts the result to the declared size (ZipExtFile._read1 keeps ``_left``), but a ``read()`` without a
size first inflates up to ``ZipExtFile.MAX_N`` (a gigabyte) in one call: a lying member costs it 2 GB of memory
and seconds before it truncates. So what we read ourselves goes through ``read_member``, which never inflates
more than one byte past the declared size, and openpyxl — which reads every member with ``ZipFile.read`` — only
gets a file that ``check_inflation`` has passed. tests/io/test_hostile_inputs.py proves each on real files.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from xl_roadmap.io.read_error import ReadError
from xl_roadmap.io.source import Source, mapped, open_binary
from xl_roadmap.io.zip_records import data_start

_MB = 1024 * 1024
# members this small compress beyond any ratio (repeated markup) and are harmless
_RATIO_FROM_BYTES = _MB


@dataclass(frozen=True)
class Limits:
    member_bytes: int
    total_bytes: int
    ratio: int
    what: str                  # «документ Word», «книга Excel»: the message names what the file should be
    what_accusative: str       # … and after «не похоже на»: «книгу Excel»


# a district roll-up of 1,000 schools holds sheets of ~400 MB (ratio ~12); our books compress 8–20 times
WORKBOOK_LIMITS = Limits(member_bytes=1024 * _MB, total_bytes=2048 * _MB, ratio=100, what="книга Excel",
                        what_accusative="книгу Excel")
DOCUMENT_LIMITS = Limits(member_bytes=200 * _MB, total_bytes=400 * _MB, ratio=200, what="документ Word",
                        what_accusative="документ Word")
# «all attachments» as a mail service gives them: a workbook's limits (its members are books, read in memory)
ATTACHMENTS_LIMITS = Limits(member_bytes=WORKBOOK_LIMITS.member_bytes, total_bytes=WORKBOOK_LIMITS.total_bytes,
                            ratio=WORKBOOK_LIMITS.ratio, what="архив вложений", what_accusative="архив вложений")


def zip_members(path: Source, limits: Limits) -> set[str]:
    """The member names of a zip container (a file, or one held in memory) within ``limits``, its XML parts'
    prologs checked; ReadError (Russian) otherwise. Damaged archives raise ``zipfile.BadZipFile`` for the caller
    to word."""
    with open_binary(path) as fh, zipfile.ZipFile(fh) as zf:
        members = zf.infolist()
        check_declared(path, members, limits)
        # the heads are sliced from a map of the file: this runs for every part of every book read, and a
        # read call per part would cost more than the inflating
        with mapped(path, fh) as whole:
            for info in members:
                if _is_xml(info.filename) and not info.flag_bits & _ENCRYPTED:
                    _check_prolog(path, info, _head(whole, info),
                                  lambda info=info: _inflated(zf, fh, info, info.file_size, _PROLOG_CHUNK))
    return {info.filename for info in members}


def check_inflation(path: Source, limits: Limits) -> None:
    """Inflate every member in chunks and refuse one that yields more than its header declares (the declared
    sizes are what ``zip_members`` judged); nothing is kept, so memory stays flat whatever the file holds."""
    with open_binary(path) as fh, zipfile.ZipFile(fh) as zf:
        for info in zf.infolist():
            if info.flag_bits & _ENCRYPTED:   # neither parser reads these: calamine fails, zipfile asks a password
                continue
            produced = 0
            for chunk in _inflated(zf, fh, info, info.file_size + 1):
                produced += len(chunk)
            if produced > info.file_size:
                raise _lying(path, info, limits)


def read_member(path: Source, zf: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits) -> bytes:
    """A member's bytes, CRC-checked, never inflating more than one byte past what its header declares; a member
    that yields more is refused by name. Every member we read ourselves comes through here or ``member_pieces``:
    CPython's ``ZipFile.read`` inflates up to a gigabyte in one call before cutting the result to the declared
    size (2 GB of memory and seconds for a sheet whose header says 133 bytes)."""
    pieces = list(member_pieces(path, zf, info, limits))
    return pieces[0] if len(pieces) == 1 else b"".join(pieces)


def member_pieces(path: Source, zf: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits,
                  chunk: int | None = None) -> Iterator[bytes]:
    """:func:`read_member` in pieces of at most ``chunk`` bytes, for a part read as a stream; the ReadError of a
    lying member comes before the piece that passes the declared size. ``zf.fp`` is read directly, so nothing
    else may read ``zf`` until the pieces are done (zipfile's own reads seek first)."""
    crc, produced = 0, 0
    for piece in _inflated(zf, zf.fp, info, info.file_size + 1, chunk or _CHUNK):
        produced += len(piece)
        if produced > info.file_size:
            raise _lying(path, info, limits)
        crc = zlib.crc32(piece, crc)
        yield piece
    if produced < info.file_size:
        raise zipfile.BadZipFile(f"{info.filename} is cut short")
    if info.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) and crc != info.CRC:
        raise zipfile.BadZipFile(f"Bad CRC-32 for file {info.filename!r}")


def _lying(path: Source, info: zipfile.ZipInfo, limits: Limits) -> ReadError:
    return ReadError(path, f"файл отклонён: часть «{info.filename}» распаковывается в больший объём, чем заявлено "
                           f"в архиве ({_size(info.file_size)}) — так устроены «zip-бомбы», а не {limits.what}")


# ---------------------------------------------------------------------------------------------- declared sizes

def check_declared(path: Source, members: list[zipfile.ZipInfo], limits: Limits) -> None:
    """The declared sizes and ratios of ``members`` within ``limits`` (nothing inflated); ReadError otherwise."""
    total = 0
    for info in members:
        total += info.file_size
        if info.file_size > limits.member_bytes:
            raise ReadError(path, f"файл отклонён: часть «{info.filename}» распаковывается в "
                                  f"{info.file_size // _MB} МБ (больше {limits.member_bytes // _MB} МБ) — "
                                  f"это не похоже на {limits.what_accusative}")
        if info.file_size > _RATIO_FROM_BYTES and info.file_size > limits.ratio * max(info.compress_size, 1):
            raise ReadError(path, f"файл отклонён: часть «{info.filename}» сжата в "
                                  f"{info.file_size // max(info.compress_size, 1)} раз (больше {limits.ratio}) — "
                                  f"так устроены «zip-бомбы», а не {limits.what}")
    if total > limits.total_bytes:
        raise ReadError(path, f"файл отклонён: в распакованном виде он занимает {total // _MB} МБ "
                              f"(больше {limits.total_bytes // _MB} МБ)")


def _size(n: int) -> str:
    return f"{n // _MB} МБ" if n >= 10 * _MB else f"{n // 1024} КБ" if n >= 10 * 1024 else f"{n} байт"


# ---------------------------------------------------------------------------------------------- inflating

_CHUNK = 64 * 1024
_PROLOG_CHUNK = 1024            # a prolog and a root start tag fit in the first piece of almost every part
_ENCRYPTED = 0x1
_LOCAL_HEADER = struct.Struct("<4s22xHH")     # signature … file name length, extra field length


def _head(whole: bytes, info: zipfile.ZipInfo) -> bytes:
    """The first bytes of a member (up to _PROLOG_CHUNK of them), in one slice and one inflate; b"" for
    methods Excel and Word never write (the streaming path reads those through zipfile)."""
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return b""
    start = data_start(whole, info)
    # a dynamic block's code tables come first, so the piece taken is larger than what it inflates to
    raw = whole[start:start + min(info.compress_size, 2 * _PROLOG_CHUNK)]
    limit = min(_PROLOG_CHUNK, info.file_size)
    if info.compress_type == zipfile.ZIP_STORED:
        return raw[:limit]
    return zlib.decompressobj(-zlib.MAX_WBITS).decompress(raw, limit)


def _inflated(zf: zipfile.ZipFile, fh: BinaryIO, info: zipfile.ZipInfo, limit: int,
              chunk: int = _CHUNK) -> Iterator[bytes]:
    """The member's bytes in chunks, at most ``limit`` of them, inflated from the compressed bytes the
    central directory points at — the same bytes calamine's and zipfile's readers inflate. Methods other
    than stored and deflated (which Excel and Word never write) go through zipfile, which stops at the
    declared size by itself."""
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        with zf.open(info) as member:
            yield from iter(lambda: member.read(chunk), b"")
        return
    fh.seek(info.header_offset)
    signature, name_length, extra_length = _LOCAL_HEADER.unpack(fh.read(_LOCAL_HEADER.size))
    if signature != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"bad local header of {info.filename}")
    fh.seek(info.header_offset + _LOCAL_HEADER.size + name_length + extra_length)
    left = info.compress_size
    inflate = zlib.decompressobj(-zlib.MAX_WBITS) if info.compress_type == zipfile.ZIP_DEFLATED else None
    while left > 0 and limit > 0:
        raw = fh.read(min(chunk, left))
        if not raw:
            break
        left -= len(raw)
        while raw and limit > 0:
            # max_length keeps each piece small: a bomb's kilobyte never becomes a gigabyte in memory
            out = inflate.decompress(raw, min(chunk, limit)) if inflate else raw[:limit]
            raw = inflate.unconsumed_tail if inflate else b""
            limit -= len(out)
            if out:
                yield out
            if inflate and inflate.eof:
                return


# ---------------------------------------------------------------------------------------------- XML prologs

def _is_xml(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels", ".vml"))


_PROLOG_MAX = _MB               # an honest prolog is a line; comments longer than this are not a document
_UTF32 = (b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00", b"\x00\x00\x00<", b"<\x00\x00\x00")
_OOXML_ENCODINGS = {b"utf-8", b"utf8", b"utf-16", b"utf16", b"utf-16le", b"utf-16be"}
_ENCODING = re.compile(rb"""encoding\s*=\s*["']([^"']*)["']""")
_UNIQUE_COUNT = re.compile(rb"""\buniqueCount\s*=\s*["']\s*\+?(\d+)""")
# an empty «<si/>» is the shortest entry a shared-strings table can hold
_SHORTEST_STRING = 5


def _check_prolog(path: Source, info: zipfile.ZipInfo, head: bytes, stream: Callable[[], Iterator[bytes]]) -> None:
    """Everything before the root element, and its start tag: OPC (ECMA-376 part 2, §8.1.4, M1.14 and M1.17)
    forbids a DTD and any encoding but UTF-8 and UTF-16, so a part that has them is not Office's — and a
    DTD is what entity expansion («billion laughs») and external entities need. Only the first bytes of
    a part are inflated for this: its head, and the rest only while the prolog goes on (a long comment)."""
    verdict = _prolog_verdict(head, complete=len(head) >= info.file_size)
    if verdict is None:
        data = b""
        for chunk in stream():
            data += chunk
            verdict = _prolog_verdict(data)
            if verdict is not None:
                break
            if len(data) > _PROLOG_MAX:
                verdict = "prolog", _size(_PROLOG_MAX)
                break
        else:
            verdict = _prolog_verdict(data, complete=True)
    if not verdict:
        return
    kind, detail = verdict
    if kind == "dtd":
        raise ReadError(path, f"файл отклонён: часть «{info.filename}» содержит объявление DTD ({detail}) — "
                              f"в файлах Office его не бывает, а через него атакуют программы чтения XML "
                              f"(«миллиард смешков», внешние сущности)")
    if kind == "prolog":
        raise ReadError(path, f"файл отклонён: в части «{info.filename}» до первого элемента XML больше "
                              f"{detail} — так файлы Office не устроены")
    if kind == "encoding":
        raise ReadError(path, f"файл отклонён: часть «{info.filename}» записана в кодировке «{detail}», а в "
                              f"файлах Office допускаются только UTF-8 и UTF-16")
    if kind == "strings" and int(detail) * _SHORTEST_STRING > max(info.file_size, 1):
        raise ReadError(path, f"файл отклонён: часть «{info.filename}» объявляет {detail} строк, а "
                              f"поместиться в ней могут не больше {info.file_size // _SHORTEST_STRING} — "
                              f"под такое число программа чтения попыталась бы занять всю память")


def _prolog_verdict(data: bytes, complete: bool = False):
    """None: more bytes needed; "": the prolog is clean; else (kind, detail) of what is wrong. Works on the
    bytes (UTF-16 is turned into UTF-8 first): markup is ASCII, and this runs for every part of every book."""
    if data.startswith(_UTF32):
        return "encoding", "UTF-32"
    if data.startswith((b"\xff\xfe", b"<\x00")):
        data = data[:len(data) // 2 * 2].decode("utf-16-le", "replace").lstrip("\ufeff").encode()
    elif data.startswith((b"\xfe\xff", b"\x00<")):
        data = data[:len(data) // 2 * 2].decode("utf-16-be", "replace").lstrip("\ufeff").encode()
    plain = _PLAIN.match(data)        # what Excel, Word and LibreOffice write: a declaration, the root
    if plain:
        return _declaration_verdict(plain.group(1) or b"") or _root_verdict(plain.group(2), plain.group(3))
    at = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    while True:
        while at < len(data) and data[at] in b" \t\r\n":
            at += 1
        rest = data[at:at + 9]
        if at >= len(data) or not rest.startswith(b"<"):
            return "" if complete or at < len(data) else None
        if rest.startswith((b"<!DOCTYPE", b"<!ENTITY")):
            return "dtd", "<!ENTITY …>" if rest.startswith(b"<!ENTITY") else "<!DOCTYPE …>"
        if len(rest) < 9 and not complete and b"<!DOCTYPE".startswith(rest):
            return None
        close = b"-->" if rest.startswith(b"<!--") else b"?>" if rest.startswith(b"<?") else b">"
        end = data.find(close, at)
        if end < 0:
            return "" if complete else None
        tag = data[at:end]
        if close == b"?>" and tag.startswith(b"<?xml"):
            verdict = _declaration_verdict(tag)
            if verdict:
                return verdict
        elif close == b">":
            root = _ROOT.match(data, at)
            if root is None:
                return "" if complete else None
            return _root_verdict(root.group(1), root.group(2))
        at = end + len(close)


# a start tag whose quoted values may hold «>» (so nothing can hide an attribute behind one)
_START_TAG = rb"""<([A-Za-z_][^\s/>]*)((?:[^>"']|"[^"]*"|'[^']*')*)>"""
_ROOT = re.compile(_START_TAG)
_PLAIN = re.compile(rb"(?:\xef\xbb\xbf)?[ \t\r\n]*(?:<\?xml([^>]*)\?>)?[ \t\r\n]*" + _START_TAG)


def _declaration_verdict(declaration: bytes):
    found = _ENCODING.search(declaration)
    if found and found.group(1).strip().lower() not in _OOXML_ENCODINGS:
        return "encoding", found.group(1).decode("ascii", "replace")
    return ""


def _root_verdict(name: bytes, attributes: bytes):
    # the root element: a shared-strings table says here how many strings calamine is to make room for
    if name.rsplit(b":", 1)[-1] == b"sst":
        count = _UNIQUE_COUNT.search(attributes)
        if count:
            return "strings", count.group(1).decode()
    return ""
