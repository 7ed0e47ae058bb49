"""What an input that came by e-mail holds: a saved letter (.eml, .msg) or an archive of attachments (.zip) →
its books, each held in memory under a name a person recognises, with the letter it came in; what holds no book
is passed over with its reason, what cannot be read is named with its reason — never a traceback.

A letter in an archive and an archive in a letter are opened too (one level down): the books in them belong to
the outer letter, the one the district received. Anything nested deeper is passed over with a word.

An archive of a thousand schools' books is read in parts (``units``): each part names a few of its members, so
the readers' processes share it as they share a folder of files.
"""

from __future__ import annotations

from pathlib import Path

from xl_roadmap.io.inputs import BOOKS, MAIL
from xl_roadmap.io.mail.archive import Archive
from xl_roadmap.io.mail.enclosure import ARROW, Attachment, Enclosure, Letter, own_name
from xl_roadmap.io.read_error import ReadError
from xl_roadmap.io.source import HeldFile, Source, file_date, not_a_regular_file

_MEMBERS_PER_UNIT = 8          # an archive's members read by one call: its directory is read once for them
_MAX_DEPTH = 1                 # containers inside the input: a letter in an archive, an archive in a letter
_LOCK_PREFIXES = ("~$", ".~")
_LISTED = 5                    # what a letter or an archive without a book holds, named in its reason


def units(path: Path | str) -> list[tuple[str, ...]]:
    """The parts an input is read in: for an archive, groups of its members that are books or letters; ``()``:
    the input whole (a letter; an archive that cannot be opened or holds no book — reading it says why)."""
    path = Path(path)
    if path.suffix.lower() != ".zip" or not_a_regular_file(path):
        return [()]
    try:
        with Archive(path) as archive:
            wanted = [name for name in archive.names if _kind(archive.own_name(name))]
    except (ReadError, OSError):
        return [()]
    if not wanted:
        return [()]
    return [tuple(wanted[k:k + _MEMBERS_PER_UNIT]) for k in range(0, len(wanted), _MEMBERS_PER_UNIT)]


def enclosures(path: Path | str, members: tuple[str, ...] = ()) -> list[Enclosure]:
    """What the input ``path`` (or, of an archive, the ``members`` named) holds."""
    path = Path(path)
    strange = not_a_regular_file(path)           # a pipe or a device would be read for ever
    if strange:
        return [Enclosure(str(path), error=strange)]
    try:
        if members:
            with Archive(path) as archive:
                return [found for name in members for found in _member(archive, name, None, 0)]
        return _container(path, None, 0)
    except ReadError as exc:
        return [Enclosure(str(path), error=exc.reason)]
    except OSError as exc:
        return [Enclosure(str(path), error=f"файл не открывается ({exc.strerror or type(exc).__name__})")]
    except Exception as exc:  # noqa: BLE001 (a letter no parser expected, or a bug: it costs this input, not the run)
        return [Enclosure(str(path), error=f"файл не обработан ({type(exc).__name__}: {exc}) — сообщите "
                                           f"разработчикам xl-roadmap и приложите этот файл")]


def _kind(name: str) -> str:
    """"book", "mail" (a letter or an archive) or "" (anything else: a scan, a document, a lock file)."""
    if name.startswith(_LOCK_PREFIXES):
        return ""
    suffix = Path(name).suffix.lower()
    return "book" if suffix in BOOKS else "mail" if suffix in MAIL else ""


def _container(source: Source, letter: Letter | None, depth: int) -> list[Enclosure]:
    suffix = source.suffix.lower()
    if suffix == ".zip":
        with Archive(source) as archive:
            found = [e for name in archive.names if _kind(archive.own_name(name))
                     for e in _member(archive, name, letter, depth)]
            if not found:
                found = [Enclosure(str(source), letter, skipped=_archive_without_book(archive.names))]
            return found
    if suffix == ".msg":
        from xl_roadmap.io.mail.msg import read_outlook

        own, attached = read_outlook(source)
    else:
        from xl_roadmap.io.mail.eml import read_letter

        own, attached = read_letter(source)
    letter = letter or own          # a letter inside a letter: the outer one is what the district received
    found = [e for a in _unique(attached) for e in _attachment(source, a, letter, depth)]
    if not any(e.book or e.error for e in found):
        found.append(Enclosure(str(source), letter, skipped=_letter_without_book(own, [a.name for a in attached])))
    return found


def _member(archive: Archive, name: str, letter: Letter | None, depth: int) -> list[Enclosure]:
    display = f"{archive.source}{ARROW}{name}"
    kind = _kind(archive.own_name(name))
    try:
        data = archive.read(name)
    except ReadError as exc:
        return [Enclosure(display, letter, error=exc.reason)]
    held = HeldFile(display, archive.own_name(name), data, archive.modified(name) or file_date(archive.source))
    return _held(held, kind, letter, depth)


def _attachment(letter_source: Source, attachment: Attachment, letter: Letter,
                depth: int) -> list[Enclosure]:
    name = own_name(attachment.name)
    kind = _kind(name)
    if not kind:
        return []
    display = f"{letter_source}{ARROW}{name}"
    if attachment.data is None:
        return [Enclosure(display, letter, error=attachment.problem)]
    # an attachment carries no date of its own: the letter's file date stands for it
    return _held(HeldFile(display, name, attachment.data, file_date(letter_source)), kind, letter, depth)


def _held(held: HeldFile, kind: str, letter: Letter | None, depth: int) -> list[Enclosure]:
    if kind == "book":
        return [Enclosure(held.display, letter, book=held)]
    if depth >= _MAX_DEPTH:
        # not «skipped»: books may be inside, unread — the roll-up lists it as not read and exits with 1
        return [Enclosure(held.display, letter, error="вложенные друг в друга архивы и письма читаются на один "
                                                     "уровень — распакуйте этот файл и приложите книги к письму")]
    try:
        return _container(held, letter, depth + 1)
    except ReadError as exc:
        return [Enclosure(held.display, letter, error=exc.reason)]


def _unique(attached: list[Attachment]) -> list[Attachment]:
    """Two attachments of one name in a letter are both read, told apart by a number."""
    seen: dict[str, int] = {}
    out = []
    for a in attached:
        name = own_name(a.name)
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:
            stem, dot, ext = name.rpartition(".")
            name = f"{stem} ({seen[name]}).{ext}" if dot else f"{name} ({seen[name]})"
        out.append(Attachment(name, a.data, a.problem, a.modified))
    return out


def _listing(names: list[str]) -> str:
    return ", ".join(names[:_LISTED]) + (f" и ещё {len(names) - _LISTED}" if len(names) > _LISTED else "")


def _archive_without_book(names: list[str]) -> str:
    return "в архиве нет книги Excel и писем с книгами " + (f"(в нём: {_listing(names)})" if names else "(архив пуст)")


def _letter_without_book(letter: Letter, names: list[str]) -> str:
    return (f"{letter.named()} — в нём нет книги Excel " +
            (f"(вложения: {_listing(names)})" if names else "(вложений нет)"))
