"""An Outlook letter (.msg): an OLE compound file ([MS-OXMSG]) read with olefile (BSD). The letter's properties
— sender, subject, date — are in its property stream («__properties_version1.0», fixed-size values such as
times) and in one stream per text property («__substg1.0_0037001F»: the subject in UTF-16); each attachment is a
storage «__attach_version1.0_#XXXXXXXX» holding its data («__substg1.0_37010102») and its long file name
(«__substg1.0_3707001F»). An attached Outlook letter is a storage of its own («__substg1.0_3701000D»): its
attachments are the letter's too, one level down. Every stream is read in memory, never larger than the file
itself (a longer one would need sectors used twice) nor, all together, than an archive of attachments may hold."""

from __future__ import annotations

import struct
from datetime import UTC, datetime, timedelta

from xl_roadmap.io.container import ATTACHMENTS_LIMITS
from xl_roadmap.io.mail.enclosure import Attachment, Letter
from xl_roadmap.io.read_error import ReadError
from xl_roadmap.io.source import Source, head, open_binary, size

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PROPERTIES = "__properties_version1.0"
_ATTACHMENT = "__attach_version1.0_#"
_EMBEDDED = "__substg1.0_3701000D"          # PidTagAttachDataObject: an attached message (a storage)
_ATTACH_DATA = 0x3701                       # PidTagAttachDataBinary, PtypBinary: an attached file's bytes
_ATTACH_NAMES = (0x3707, 0x3704, 0x3001)    # long file name, 8.3 file name, display name
_SUBJECT = 0x0037
_SENDER_NAMES = (0x0C1A, 0x0042)            # sender, sent representing
_SENDER_ADDRESSES = (0x5D01, 0x0C1F, 0x0065)  # SMTP address, sender's address, sent representing's
_DATES = (0x0039, 0x0E06)                   # client submit time (the letter's Date), delivery time
_CODEPAGES = (0x3FFD, 0x3FDE)               # message code page, internet code page (for 8-bit strings)
_PT_LONG, _PT_SYSTIME = 0x0003, 0x0040
_HEADER = {"top": 32, "embedded": 24}       # the property stream's header before its 16-byte entries
_MAX_DEPTH = 2
NOT_A_LETTER = ("это не письмо Outlook (.msg): файл не составной документ Office — сохраните письмо из Outlook "
                "ещё раз («Файл → Сохранить как → Формат Outlook»)")


def read_outlook(source: Source) -> tuple[Letter, list[Attachment]]:
    """The letter and its attached files; ReadError (Russian, naming the file) for a file that is no Outlook
    letter or is damaged."""
    import olefile  # only when a letter is read

    if head(source, 8) != OLE_MAGIC:
        raise ReadError(source, NOT_A_LETTER)
    total = size(source)
    if total > ATTACHMENTS_LIMITS.total_bytes:
        raise ReadError(source, f"файл отклонён: письмо больше {ATTACHMENTS_LIMITS.total_bytes // (1 << 20)} МБ")
    with open_binary(source) as fh:
        try:
            ole = olefile.OleFileIO(fh)
        except Exception as exc:  # noqa: BLE001 (olefile's errors for a damaged compound file)
            raise ReadError(source, f"письмо Outlook (.msg) повреждено ({exc}) — сохраните его из Outlook "
                                    f"ещё раз") from None
        try:
            reader = _Reader(source, ole, total)
            if not ole.exists(_PROPERTIES):
                raise ReadError(source, "это не письмо Outlook (.msg): в составном файле нет свойств письма")
            letter = reader.letter((), _HEADER["top"])
            return letter, reader.attachments((), 0)
        except ReadError:
            raise
        except Exception as exc:  # noqa: BLE001 (a stream olefile cannot follow: the file is damaged)
            raise ReadError(source, f"письмо Outlook (.msg) повреждено ({type(exc).__name__}: {exc}) — сохраните "
                                    f"его из Outlook ещё раз") from None
        finally:
            ole.close()


class _Reader:
    def __init__(self, source: Source, ole, file_size: int):
        self.source, self.ole, self.file_size = source, ole, file_size
        self.read_bytes = 0
        self.storages = [tuple(p) for p in ole.listdir(streams=False, storages=True)]

    # -- streams
    def stream(self, path: tuple[str, ...]) -> bytes | None:
        import olefile

        name = "/".join(path)
        if not self.ole.exists(name) or self.ole.get_type(name) != olefile.STGTY_STREAM:
            return None
        length = self.ole.get_size(name)
        if length > self.file_size:
            raise ReadError(self.source, f"письмо Outlook (.msg) повреждено: часть «{path[-1]}» объявлена "
                                         f"длиннее самого файла — сохраните письмо из Outlook ещё раз")
        self.read_bytes += length
        if self.read_bytes > ATTACHMENTS_LIMITS.total_bytes:
            raise ReadError(self.source, f"файл отклонён: вложения письма вместе больше "
                                         f"{ATTACHMENTS_LIMITS.total_bytes // (1 << 20)} МБ")
        with self.ole.openstream(name) as stream:
            return stream.read()

    def fixed(self, prefix: tuple[str, ...], header: int) -> dict[tuple[int, int], bytes]:
        """(property id, type) → its 8-byte value, from the property stream's 16-byte entries."""
        data = self.stream((*prefix, _PROPERTIES)) or b""
        out = {}
        for at in range(header, len(data) - 15, 16):
            tag = struct.unpack_from("<I", data, at)[0]
            out[(tag >> 16, tag & 0xFFFF)] = data[at + 8:at + 16]
        return out

    def text(self, prefix: tuple[str, ...], prop: int, codepage: str) -> str:
        unicode = self.stream((*prefix, f"__substg1.0_{prop:04X}001F"))
        if unicode is not None:
            return unicode.decode("utf-16-le", "replace").rstrip("\0").strip()
        eight_bit = self.stream((*prefix, f"__substg1.0_{prop:04X}001E"))
        if eight_bit is not None:
            return eight_bit.decode(codepage, "replace").rstrip("\0").strip()
        return ""

    # -- the letter
    def letter(self, prefix: tuple[str, ...], header: int) -> Letter:
        fixed = self.fixed(prefix, header)
        codepage = _codepage(fixed)
        name = next((t for p in _SENDER_NAMES if (t := self.text(prefix, p, codepage))), "")
        address = next((t for p in _SENDER_ADDRESSES if "@" in (t := self.text(prefix, p, codepage))), "")
        sender = f"{name} <{address}>" if name and address and name != address else name or address
        sent_at = next((when for p in _DATES if (when := _filetime(fixed.get((p, _PT_SYSTIME)))) is not None), None)
        return Letter(sender=sender, subject=self.text(prefix, _SUBJECT, codepage), sent_at=sent_at)

    def attachments(self, prefix: tuple[str, ...], depth: int) -> list[Attachment]:
        fixed = self.fixed(prefix, _HEADER["top"] if not prefix else _HEADER["embedded"])
        codepage = _codepage(fixed)
        out: list[Attachment] = []
        storages = sorted(p for p in self.storages if len(p) == len(prefix) + 1 and p[:len(prefix)] == prefix
                          and p[-1].lower().startswith(_ATTACHMENT.lower()))
        for k, storage in enumerate(storages, start=1):
            name = next((t for p in _ATTACH_NAMES if (t := self.text(storage, p, codepage))), "") or f"вложение {k}"
            embedded = (*storage, _EMBEDDED)
            if embedded in self.storages:
                if depth < _MAX_DEPTH:
                    out.extend(self.attachments(embedded, depth + 1))
                continue
            data = self.stream((*storage, f"__substg1.0_{_ATTACH_DATA:04X}0102"))
            out.append(Attachment(name, data) if data is not None else
                       Attachment(name, None, f"вложение «{name}» письма — не файл (ссылка или объект), его не "
                                              f"прочитать: приложите книгу к письму файлом"))
        return out


def _codepage(fixed: dict[tuple[int, int], bytes]) -> str:
    for prop in _CODEPAGES:
        value = fixed.get((prop, _PT_LONG))
        if value is not None:
            number = struct.unpack_from("<I", value)[0]
            if number != 1200 and _known(f"cp{number}"):
                return f"cp{number}"
    return "cp1251"


def _known(codec: str) -> bool:
    import codecs

    try:
        codecs.lookup(codec)
    except LookupError:
        return False
    return True


def _filetime(value: bytes | None) -> datetime | None:
    """A FILETIME (100-nanosecond steps since 1601-01-01 UTC) → an aware datetime; None for none or nonsense."""
    if value is None:
        return None
    ticks = struct.unpack_from("<Q", value)[0]
    if not ticks:
        return None
    try:
        when = datetime(1601, 1, 1, tzinfo=UTC) + timedelta(microseconds=ticks // 10)
    except OverflowError:
        return None
    return when if when.year >= 1990 else None
