"""Outputs are new files that appear whole or not at all; inputs are never opened for writing."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
import time
from pathlib import Path
from typing import Iterator

from xl_roadmap.io.os_errors import os_reason


class OutputError(Exception):
    """The output file cannot be written (folder missing, no permission, file open in Excel …)."""


TEMP_PREFIX = ".~xlr-"          # only we name files so: what a killed run leaves is told from anyone's files
# a temporary being written is modified all the time; one untouched this long belongs to a run that died
STALE_SECONDS = 15 * 60
_RANDOM = r"[a-z0-9_]{8}"        # what tempfile.mkstemp puts between prefix and suffix


def _stale_names(path: Path) -> re.Pattern:
    stem, suffix = re.escape(path.stem), re.escape(path.suffix)
    # «.~xlr-свод-abcd1234.xlsx», and «.~свод-abcd1234.xlsx» of versions before the prefix
    return re.compile(rf"^(?:{re.escape(TEMP_PREFIX)}|\.~){stem}-{_RANDOM}{suffix}$")


def remove_stale_temporaries(path: Path) -> list[Path]:
    """Remove what a run killed half-way (kill -9, a power cut) left beside ``path``: our temporaries of this
    output, untouched for STALE_SECONDS. Anything else — Excel's and LibreOffice's lock files, a user's files,
    another run's temporary still being written — is left alone. Returns what was removed."""
    pattern, now, removed = _stale_names(path), time.time(), []
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return removed
    for entry in entries:
        if not pattern.match(entry.name):
            continue
        try:
            untouched = now - entry.stat(follow_symlinks=False).st_mtime
            if entry.is_file(follow_symlinks=False) and untouched > STALE_SECONDS:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue                  # gone already, or not ours to remove: the write goes on
    return removed


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path`` in one rename.

    The new file gets the permissions a newly made file gets (or those of the file it replaces), not the
    owner-only ones of a temporary file: colleagues on a shared folder must be able to open a roll-up.
    """
    path = Path(path)
    if not path.parent.exists():
        raise OutputError(f"Папка «{path.parent}» не существует — создайте её или укажите другой путь.")
    remove_stale_temporaries(path)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=TEMP_PREFIX + path.stem + "-", suffix=path.suffix, dir=path.parent)
    except OSError as exc:
        raise OutputError(f"В папку «{path.parent}» нельзя записать файл: {os_reason(exc)}. Укажите другую "
                          f"папку.") from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.chmod(tmp, _mode_for(path))
        os.replace(tmp, path)
    except OSError as exc:
        if exc.errno not in _WRITE_FAILURES and not (exc.filename and same_file(exc.filename, tmp)):
            raise
        raise OutputError(f"Файл «{path}» не записан: {os_reason(exc)}.") from None
    finally:
        if tmp.exists():
            tmp.unlink()


def make_folder(path: Path) -> Path:
    """A folder for outputs (made with its parents when missing); OutputError in Russian when it cannot be."""
    path = Path(path)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError(f"Папка «{path}» не создана: на её месте файл. Укажите другую папку.") from None
    except OSError as exc:
        raise OutputError(f"Папка «{path}» не создана: {os_reason(exc)}. Укажите другую папку.") from None
    return path


_WRITE_FAILURES = {errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOSPC, errno.EBUSY, getattr(errno, "EDQUOT", -1)}


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def same_file(a: Path | str, b: Path | str) -> bool:
    """Whether two paths name one file (links and, on Windows, letter case included)."""
    try:
        return os.path.samefile(a, b)
    except OSError:           # one of them does not exist (yet)
        return Path(a).resolve() == Path(b).resolve()
