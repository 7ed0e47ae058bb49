"""Looking into an archive file directly (sqlite3), as a test checks what was recorded."""

from __future__ import annotations

import sqlite3
from pathlib import Path

TABLES = ("consolidation", "submission", "consolidation_input", "indicator_value", "deadline_state")


def counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        conn.close()


def dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()
