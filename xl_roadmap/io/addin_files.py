"""The add-in's file on the user's machine: put in place (atomically, only when it differs) and, on Windows,
registered in Excel's own list of add-ins to open at start.

Excel keeps the add-ins it opens at start as values ``OPEN``, ``OPEN1``, ``OPEN2`` … of
``HKCU\\Software\\Microsoft\\Office\\<version>\\Excel\\Options``: ``"path"`` opens it as any book, ``/R "path"``
read-only. Ours is registered without ``/R``, as Excel itself writes an add-in ticked in its dialog: «Подключить
функции» saves the add-in (the worksheet functions go into its VBA project), and a read-only add-in cannot be
saved. An older install's ``/R`` value is rewritten in place. Excel rewrites the key when it closes, so an Excel
left running while we register may drop our value: ``excel install`` refuses to run while Excel does.
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


def open_value(path: Path | str) -> str:
    """The OPENn value that opens ``path`` at start, read-write."""
    return f'"{path}"'


def open_path(value: str) -> str:
    """The file an OPENn value names: its switches (``/R``, ``/F`` …) and quotes taken off."""
    text = value.strip()
    while text.startswith("/"):
        text = text.split(None, 1)[1] if " " in text else ""
    return text.strip().strip('"')


def open_change(values: dict[str, str], path: Path | str) -> tuple[str, str] | None:
    """What to write so that Excel opens ``path`` read-write at start, given the OPENn values it has: (value
    name, value), or None when one is already right. A value naming ``path`` otherwise (an older install's
    ``/R``) is rewritten, not doubled: Excel would open the add-in twice."""
    wanted = open_value(path)
    ours = sorted((n for n, v in values.items() if open_path(v).lower() == str(path).lower()),
                  key=lambda n: (len(n), n))
    if any(values[n] == wanted for n in ours):
        return None
    if ours:
        return ours[0], wanted
    name = next(n for n in ["OPEN"] + [f"OPEN{i}" for i in range(1, 1000)] if n not in values)
    return name, wanted


def registrations(path: Path) -> dict[str, str | None]:
    """Office version → the OPENn value that names ``path`` (None when none does), for every Excel this user
    has run (Windows only; {} elsewhere)."""
    if not registry_available():
        return {}
    import winreg

    out: dict[str, str | None] = {}
    try:
        versions = _excel_versions(winreg)
    except OSError:
        return {}
    for version in versions:
        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, rf"{OFFICE_KEY}\{version}\Excel\Options") as key:
                values = _open_values(winreg, key)
        except OSError:
            values = {}
        change = open_change(values, path)
        named = [v for v in values.values() if open_path(v).lower() == str(path).lower()]
        out[version] = open_value(path) if change is None else (named[0] if named else None)
    return out


def register(path: Path) -> list[str]:
    """Make every Excel of this user open ``path`` read-write at start (:func:`open_change`); returns the
    versions changed now. Nothing is done outside Windows."""
    if not registry_available():
        return []
    import winreg

    try:
        versions = _excel_versions(winreg)
    except OSError:
        return []
    changed = []
    for version in versions:
        try:
            with winreg.CreateKeyEx(winreg.HKEY_CURRENT_USER, rf"{OFFICE_KEY}\{version}\Excel\Options", 0,
                                    winreg.KEY_READ | winreg.KEY_SET_VALUE) as key:
                change = open_change(_open_values(winreg, key), path)
                if change is not None:
                    winreg.SetValueEx(key, change[0], 0, winreg.REG_SZ, change[1])
                    changed.append(version)
        except OSError as exc:
            raise OutputError(f"Надстройка не зарегистрирована в Excel {version}: {os_reason(exc)}.") from None
    return changed


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
