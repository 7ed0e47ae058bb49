"""The one error an input file raises: a Russian reason for the user, naming the file."""

from __future__ import annotations

from pathlib import Path


class ReadError(Exception):
    """The file cannot be read (as a workbook, a document …); ``reason`` is a Russian explanation for the user."""

    def __init__(self, path: Path | str, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")
