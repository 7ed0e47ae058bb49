"""Outputs are new files that appear whole or not at all; inputs are never opened for writing."""

from __future__ import annotations

import contextlib
import os
import tempfile
import zipfile
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


_PROTECTION = b'<workbookProtection lockStructure="1"/>'


def protect_workbook_structure(path: Path) -> None:
    """Lock the workbook structure (no password): sheets cannot be renamed, deleted or unhidden.

    XlsxWriter has no API for <workbookProtection>, so the finished package is re-zipped with the element
    inserted where the OOXML schema puts it (after <workbookPr>, before <bookViews>).
    """
    path = Path(path)
    patched = path.with_name(path.name + ".lock")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/workbook.xml" and b"<workbookProtection" not in data:
                data = data.replace(b"<bookViews>", _PROTECTION + b"<bookViews>", 1)
            dst.writestr(item, data)
    os.replace(patched, path)
