"""Real mail for tests: an archive of attachments as Windows' archivers write it (Russian names in cp866, the
UTF-8 flag unset — zipfile itself would write them as UTF-8 with the flag, so the records are written here with
the product's own zip records, io.zip_records) and saved letters made by the standard ``email`` package
(attachments in base64, Russian names RFC 2231-encoded — or RFC 2047 encoded words, as some programs write them)."""

from __future__ import annotations

import base64
import io
import zlib
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, parseaddr
from pathlib import Path

from xl_roadmap.io.zip_records import Entry, local_header, write_central_directory

XLSX_TYPE = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
UTF8_FLAG = 0x800


def dos_zip(path: Path, members: dict[str, bytes], *, encoding: str = "cp866", utf8_flag: bool = False,
            date_time: tuple[int, int, int, int, int, int] = (2025, 2, 3, 10, 15, 0)) -> Path:
    """An archive whose member names are the bytes of ``encoding`` (cp866: as Windows' archiver writes Russian
    names), with bit 11 set only when ``utf8_flag``; members deflated."""
    out = io.BytesIO()
    entries = []
    y, mo, d, h, mi, s = date_time
    for name, data in members.items():
        packer = zlib.compressobj(6, zlib.DEFLATED, -15)
        packed = packer.compress(data) + packer.flush()
        entry = Entry(name.encode(encoding), UTF8_FLAG if utf8_flag else 0, 8, (h << 11) | (mi << 5) | (s // 2),
                      ((y - 1980) << 9) | (mo << 5) | d, zlib.crc32(data), len(packed), len(data), out.tell())
        out.write(local_header(entry))
        out.write(packed)
        entries.append(entry)
    write_central_directory(out, entries)
    path.write_bytes(out.getvalue())
    return path


def letter(path: Path, attachments: list[tuple[str, bytes]], *, sender: str, subject: str, sent_at: datetime,
           text: str = "Добрый день! Направляем дорожную карту.") -> Path:
    """A saved letter (.eml) with ``attachments`` in base64, their names RFC 2231-encoded (what ``email`` writes
    for a Russian name)."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "Управление образования <uo@example.ru>"
    message["Subject"] = subject
    message["Date"] = format_datetime(sent_at)
    message.set_content(text)
    for name, data in attachments:
        maintype, subtype = XLSX_TYPE if name.lower().endswith((".xlsx", ".xlsm")) else ("application",
                                                                                         "octet-stream")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    path.write_bytes(message.as_bytes())
    return path


def letter_with_encoded_words(path: Path, name: str, data: bytes, *, sender: str, subject: str,
                              sent_at: datetime) -> Path:
    """A letter written as some mail programs write it: the attachment's name in RFC 2047 encoded words inside
    the quoted parameter («filename="=?UTF-8?B?…?="»), not RFC 2231."""
    boundary = "----=_Part_0_1"
    encoded = "=?UTF-8?B?" + base64.b64encode(name.encode("utf-8")).decode("ascii") + "?="
    subject_words = "=?UTF-8?B?" + base64.b64encode(subject.encode("utf-8")).decode("ascii") + "?="
    body = base64.encodebytes(data).decode("ascii")
    text = (f"From: {formataddr(parseaddr(sender), charset='utf-8')}\r\nSubject: {subject_words}\r\n"
            f"Date: {format_datetime(sent_at)}\r\nMIME-Version: 1.0\r\n"
            f"Content-Type: multipart/mixed; boundary=\"{boundary}\"\r\n\r\n"
            f"--{boundary}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nKniga vo vlozhenii.\r\n"
            f"--{boundary}\r\nContent-Type: application/vnd.ms-excel; name=\"{encoded}\"\r\n"
            f"Content-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=\"{encoded}\"\r\n\r\n"
            f"{body}\r\n--{boundary}--\r\n")
    path.write_bytes(text.encode("ascii"))
    return path


def break_base64(path: Path) -> Path:
    """The letter with its attachment's base64 spoilt past repair (a character that is no base64 at all, and one
    too many), as a letter cut or garbled on its way is."""
    raw = path.read_bytes()
    head, sep, rest = raw.partition(b"Content-Transfer-Encoding: base64")
    assert sep, "the letter has a base64 part"
    start = rest.index(b"\n\n") + 2 if b"\n\n" in rest[:400] else rest.index(b"\r\n\r\n") + 4
    spoilt = rest[:start] + b"UEsD!" + rest[start + 4:start + 200] + b"*A" + rest[start + 200:]
    path.write_bytes(head + sep + spoilt)
    return path
