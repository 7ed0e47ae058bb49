"""``archive_frames(path)``: every table of the archive as a pandas DataFrame, with periods in time order."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from xl_roadmap.app.history import archive_tables, period_order


@dataclass(frozen=True)
class Frames:
    """The archive as DataFrames. ``submissions``: one row per book (SHA-256, file, organisation, period,
    status…); ``indicators``: one row per indicator row of every summed book (with its organisation, its book's
    period and when it was received); ``deadlines``: actions per deadline state per book; ``consolidations``
    and ``inputs``: which consolidation saw which book. The ``period`` columns are ordered categoricals: sorting
    and plotting follow time, not the alphabet — one category list for all of them, so they compare."""
    submissions: pd.DataFrame
    indicators: pd.DataFrame
    deadlines: pd.DataFrame
    consolidations: pd.DataFrame
    inputs: pd.DataFrame


PERIOD_COLUMNS = ("period", "book_period")


def _ordered(frame: pd.DataFrame, periods: list[str]) -> pd.DataFrame:
    for col in PERIOD_COLUMNS:
        if col in frame.columns:
            frame[col] = pd.Categorical(frame[col], categories=periods, ordered=True)
    return frame


def archive_frames(path: str | Path) -> Frames:
    """The archive at ``path`` (as ``xl-roadmap consolidate`` keeps it) as DataFrames. Raises
    ``xl_roadmap.app.errors.ArchiveError`` (a Russian message) when it is not there, damaged or newer."""
    tables = {name: pd.DataFrame.from_records(rows, columns=columns)
              for name, (columns, rows) in archive_tables(Path(path)).items()}
    # one ordered category list for every period column of every frame: they compare and join with each other
    periods = period_order({v for frame in tables.values() for col in PERIOD_COLUMNS if col in frame.columns
                            for v in frame[col].dropna()})
    return Frames(**{name: _ordered(frame, periods) for name, frame in tables.items()})
