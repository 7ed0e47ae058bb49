"""Where pip put the DLLs of the installed xlwings (``xlwings64-<version>.dll``, ``xlwings32-…``).

xlwings ships them as wheel data, installed into the scheme's data folder: the Python's own folder for an
ordinary install or a venv, but ``%APPDATA%\\Python`` for ``pip install --user`` and the package's
``LocalCache\\local-packages`` for Python from the Microsoft Store. The VBA looks only beside the interpreter
and one folder up (xlwings.bas, XLPyLoadDLL), so the worksheet functions cannot load a DLL left elsewhere.
The distribution's file list says where they are, whatever the scheme was.
"""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

_DLL = re.compile(r"xlwings(32|64)-[^/\\]+\.dll", re.IGNORECASE)


def xlwings_dlls() -> tuple[Path, ...]:
    """The installed xlwings' DLLs that exist, by their absolute paths; () without xlwings or off Windows."""
    try:
        dist = metadata.distribution("xlwings")
    except metadata.PackageNotFoundError:
        return ()
    found = []
    for file in dist.files or ():
        if _DLL.fullmatch(Path(str(file)).name):
            path = Path(str(dist.locate_file(file))).resolve()
            if path.is_file():
                found.append(path)
    return tuple(sorted(found))
