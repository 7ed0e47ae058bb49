"""xlwings' user configuration file (``xlwings.conf``): one ``"KEY","VALUE"`` line per setting.

xlwings' VBA reads it with ``Input #`` (``GetConfigFromFile`` in xlwings.bas: keys compared without regard to
case) and Python with a regular expression over quoted strings. We change only the lines of the keys we
set and keep every other line of the user byte for byte, so a second run is a no-op.

VBA's ``Input #`` on Windows reads the file in the ANSI code page, not UTF-8: a path with Cyrillic letters
(«C:\\Users\\Иван\\…») written as UTF-8 would reach Excel garbled. So on Windows the file is written in the
ANSI code page (``mbcs``; cp1251, the Russian one, when preparing a Windows layout on another system), with
the CRLF line ends xlwings' own ``xlwings config create`` gives it there.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from xl_roadmap.io.atomic import OutputError, atomic_output
from xl_roadmap.io.os_errors import os_reason

_QUOTED = re.compile(r'"([^"]*)"')


def conf_newline(windows: bool) -> str:
    return "\r\n" if windows else "\n"


def conf_encoding(windows: bool) -> str:
    if not windows:
        return "utf-8"
    try:
        return codecs.lookup("mbcs").name      # exists on Windows only: the machine's ANSI code page
    except LookupError:
        return "cp1251"


@dataclass(frozen=True)
class ConfFile:
    lines: tuple[str, ...]            # as read, line ends kept
    exists: bool

    def get(self, key: str) -> str | None:
        for line in self.lines:
            found = _QUOTED.findall(line)
            if len(found) >= 2 and found[0].strip().lower() == key.lower():
                return found[1]
        return None

    def with_values(self, values: dict[str, str], newline: str = "\n") -> ConfFile:
        """The file with each key set (its first line replaced, or a line appended); other lines as they were.
        New lines end as the file's first line does, else with ``newline``."""
        lines = list(self.lines)
        if lines and lines[0].endswith(("\r\n", "\n")):
            newline = "\r\n" if lines[0].endswith("\r\n") else "\n"
        for key, value in values.items():
            line = f'"{key}","{value}"{newline}'
            for i, old in enumerate(lines):
                found = _QUOTED.findall(old)
                if len(found) >= 2 and found[0].strip().lower() == key.lower():
                    if found[1] != value:
                        lines[i] = line
                    break
            else:
                if lines and not lines[-1].endswith("\n"):
                    lines[-1] += newline
                lines.append(line)
        return ConfFile(lines=tuple(lines), exists=True)


def read_conf(path: Path, encoding: str) -> ConfFile:
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return ConfFile(lines=(), exists=False)
    except OSError as exc:
        raise OutputError(f"Файл настроек xlwings «{path}» не прочитан: {os_reason(exc)}.") from None
    # surrogateescape: bytes that are not text in this encoding go back out unchanged
    text = data.decode(encoding, errors="surrogateescape")
    return ConfFile(lines=tuple(text.splitlines(keepends=True)), exists=True)


def unencodable(value: str, encoding: str) -> bool:
    try:
        value.encode(encoding)
    except UnicodeEncodeError:
        return True
    return False


def write_conf(path: Path, conf: ConfFile, encoding: str) -> None:
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"Папка «{path.parent}» не создана: {os_reason(exc)}.") from None
    data = "".join(conf.lines).encode(encoding, errors="surrogateescape")
    with atomic_output(path) as tmp:
        tmp.write_bytes(data)
