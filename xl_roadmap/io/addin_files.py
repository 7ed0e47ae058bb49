"""The add-in's file on the user's machine: put in place (atomically, only when it differs) and, on Windows,
registered in Excel's own list of add-ins to open at start.

Excel keeps the add-ins it opens at start as values ``OPEN``, ``OPEN1``, ``OPEN2`` … of
``HKCU\\Software\\Microsoft\\Office\\<version>\\Excel\\Options`` (``/R "path"``: read-only). It rewrites that key
when it closes, so an Excel left running while we register may drop our value: install with Excel closed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from xl_roadmap.io.atomic import OutputError, atomic_output
from xl_roadmap.io.os_errors import os_reason


class AddinMissing(Exception):
    """The built add-in file is not there (a checkout where the build has not run)."""


def read_addin(path: Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise AddinMissing(f"надстройка не собрана: нет файла «{path}» (соберите её: xl-roadmap build-templates)") \
            from None
    except OSError as exc:
        raise AddinMissing(f"надстройка «{path}» не прочитана: {os_reason(exc)}") from None


def file_state(path: Path, data: bytes) -> str:
    """"absent", "same" or "different": what is at ``path`` compared with ``data``."""
    try:
        current = Path(path).read_bytes()
    except FileNotFoundError:
        return "absent"
    except OSError:
        return "different"
    return "same" if current == data else "different"


def put_file(path: Path, data: bytes) -> None:
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"Папка «{path.parent}» не создана: {os_reason(exc)}.") from None
    with atomic_output(path) as tmp:
        tmp.write_bytes(data)


# -- Windows registry ------------------------------------------------------------------------------------

OFFICE_KEY = r"Software\Microsoft\Office"


def registry_available() -> bool:
    return sys.platform == "win32"


def _excel_versions(winreg) -> list[str]:
    """Office versions («16.0», «15.0» …) that have an Excel key for this user: Excel has run at least once."""
    found = []
    with winreg.OpenKey(winreg.HKEY_CURRENT_USER, OFFICE_KEY) as office:
        i = 0
        while True:
            try:
                name = winreg.EnumKey(office, i)
            except OSError:
                break
            i += 1
            if name.replace(".", "").isdigit():
                try:
                    winreg.OpenKey(office, name + r"\Excel").Close()
                    found.append(name)
                except OSError:
                    pass
    return sorted(found, key=lambda v: float(v), reverse=True)


def _open_values(winreg, key) -> dict[str, str]:
    values, i = {}, 0
    while True:
        try:
            name, value, _ = winreg.EnumValue(key, i)
        except OSError:
            return values
        i += 1
        if name.upper().startswith("OPEN") and isinstance(value, str):
            values[name.upper()] = value


def registered_versions(path: Path) -> list[str]:
    """The Office versions whose Excel opens ``path`` at start (Windows only; [] elsewhere)."""
    if not registry_available():
        return []
    import winreg

    out = []
    try:
        versions = _excel_versions(winreg)
    except OSError:
        return []
    for version in versions:
        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, rf"{OFFICE_KEY}\{version}\Excel\Options") as key:
                if any(str(path).lower() in v.lower() for v in _open_values(winreg, key).values()):
                    out.append(version)
        except OSError:
            continue
    return out


def register(path: Path) -> tuple[list[str], list[str]]:
    """Add ``/R "path"`` as the first free OPENn value for every Excel version of this user; returns (versions
    registered now, versions that already had it). Nothing is done outside Windows."""
    if not registry_available():
        return [], []
    import winreg

    try:
        versions = _excel_versions(winreg)
    except OSError:
        return [], []
    done = registered_versions(path)
    added = []
    for version in versions:
        if version in done:
            continue
        try:
            with winreg.CreateKeyEx(winreg.HKEY_CURRENT_USER, rf"{OFFICE_KEY}\{version}\Excel\Options", 0,
                                    winreg.KEY_READ | winreg.KEY_SET_VALUE) as key:
                taken = _open_values(winreg, key)
                name = next(n for n in ["OPEN"] + [f"OPEN{i}" for i in range(1, 100)] if n not in taken)
                winreg.SetValueEx(key, name, 0, winreg.REG_SZ, f'/R "{path}"')
                added.append(version)
        except OSError as exc:
            raise OutputError(f"Надстройка не зарегистрирована в Excel {version}: {os_reason(exc)}.") from None
    return added, done


# -- macOS: RunPython goes through an AppleScript that xlwings ships --------------------------------------

def xlwings_applescript() -> tuple[str, bytes] | None:
    """(file name, bytes) of the AppleScript of the installed xlwings (``xlwings runpython install`` copies the
    same file); None when xlwings is not installed or ships none."""
    from importlib import metadata

    try:
        dist = metadata.distribution("xlwings")
    except metadata.PackageNotFoundError:
        return None
    name = f"xlwings-{dist.version}.applescript"
    try:
        return name, Path(str(dist.locate_file(f"xlwings/{name}"))).read_bytes()
    except OSError:
        return None
