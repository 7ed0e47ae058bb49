"""A saved letter (.eml, RFC 5322 with MIME) read by the standard ``email`` package: the sender, the subject, the
date, and every attached file decoded in memory. Names come out as mail programs write them — RFC 2231
(«filename*=utf-8''…») or RFC 2047 encoded words — and an attached letter's attachments are the letter's too (its
parts are walked). An attachment whose base64 does not decode is said so, by name: it is not guessed at.

The parser keeps headers as text (the compat32 policy) and only the few read are decoded: the structured headers of
``email.policy.default`` cost more than the rest of the parse (a district's thousand letters are read each time)."""

from __future__ import annotations

import email
import email.errors
import email.header
import email.utils
from datetime import UTC, datetime
from email.message import Message

from xl_roadmap.io.container import ATTACHMENTS_LIMITS
from xl_roadmap.io.mail.enclosure import Attachment, Letter
from xl_roadmap.io.read_error import ReadError
from xl_roadmap.io.source import Source, read_bytes, size

# what base64 decoding reports when the text is not base64 (a padding left out alone is harmless)
_BROKEN = (email.errors.InvalidBase64CharactersDefect, email.errors.InvalidBase64LengthDefect)
_HEADERS = ("from", "date", "subject", "to", "message-id", "content-type", "mime-version", "received")


def read_letter(source: Source) -> tuple[Letter, list[Attachment]]:
    """The letter and its attached files; ReadError (Russian, naming the file) for a file that is no letter."""
    if size(source) > ATTACHMENTS_LIMITS.total_bytes:
        raise ReadError(source, f"файл отклонён: письмо больше {ATTACHMENTS_LIMITS.total_bytes // (1 << 20)} МБ")
    try:
        message = email.message_from_bytes(read_bytes(source))
        if not any(key.lower() in _HEADERS for key in message.keys()):
            raise ReadError(source, "это не сохранённое письмо (.eml): в файле нет заголовков письма (От, Тема, "
                                    "Дата) — сохраните письмо из почтовой программы ещё раз")
        letter = Letter(sender=_header(message, "From"), subject=_header(message, "Subject"), sent_at=_date(message))
        return letter, [attachment for part in message.walk() if (attachment := _attached(part)) is not None]
    except ReadError:
        raise
    except (RecursionError, MemoryError, ValueError, LookupError, TypeError) as exc:
        # parts nested thousands deep, a charset no codec has: the letter is not read, and said so
        raise ReadError(source, f"письмо не разбирается ({type(exc).__name__}) — сохраните его из почтовой "
                                f"программы ещё раз") from None


def _attached(part: Message) -> Attachment | None:
    if part.is_multipart():
        return None
    try:
        name = part.get_filename()        # RFC 2231 is decoded here; RFC 2047 words are left as they are
        name = _decoded(name) if name else None
    except Exception:  # noqa: BLE001 (a malformed parameter: the part is not taken as a file)
        name = None
    if not name:
        return None                      # the letter's text, or an inline part without a file name
    seen = len(part.defects)
    data = part.get_payload(decode=True)
    if any(isinstance(d, _BROKEN) for d in part.defects[seen:]) or not isinstance(data, bytes):
        return Attachment(name, None, f"вложение «{name}» повреждено: его кодировка (base64) нарушена — письмо "
                                      f"сохранено не полностью или испорчено; попросите прислать его заново")
    return Attachment(name, data)


def _decoded(text: str) -> str:
    """A header's text with its RFC 2047 encoded words decoded («=?UTF-8?B?…?=» → the words), whitespace single."""
    try:
        text = str(email.header.make_header(email.header.decode_header(text)))
    except (LookupError, UnicodeError, ValueError, email.errors.HeaderParseError):
        pass                      # an unknown charset or broken words: the text as it stands
    return " ".join(text.split())


def _header(message: Message, name: str) -> str:
    try:
        value = message.get(name)
        return _decoded(str(value)) if value is not None else ""
    except Exception:  # noqa: BLE001 (a header the parser cannot make sense of is left out, not fatal)
        return ""


def _date(message: Message) -> datetime | None:
    try:
        when = email.utils.parsedate_to_datetime(str(message.get("Date")))
    except Exception:  # noqa: BLE001 (no date, or one that is no date: the letter has none)
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)    # «-0000»: UTC, the zone unknown
