"""Outputs are new files that appear whole or not at all; inputs are never opened for writing."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Iterator


class OutputError(Exception):
    """The output file cannot be written (folder missing, no permission, file open in Excel …)."""


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path`` in one rename."""
    path = Path(path)
    if not path.parent.exists():
        raise OutputError(f"Папка «{path.parent}» не существует — создайте её или укажите другой путь.")
    fd, tmp_name = tempfile.mkstemp(prefix=".~" + path.stem + "-", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.replace(tmp, path)
    except PermissionError as exc:
        raise OutputError(f"Нет доступа к «{path}»: файл открыт в другой программе или папка защищена "
                          f"от записи ({exc.strerror}).") from None
    finally:
        if tmp.exists():
            tmp.unlink()


def same_file(a: Path | str, b: Path | str) -> bool:
    """Whether two paths name one file (links and, on Windows, letter case included)."""
    try:
        return os.path.samefile(a, b)
    except OSError:           # one of them does not exist (yet)
        return Path(a).resolve() == Path(b).resolve()
