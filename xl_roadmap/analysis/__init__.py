"""The pandas door: the archive of consolidations as DataFrames, for whoever analyses a district in Python.

    import xl_roadmap
    frames = xl_roadmap.archive_frames("xl-roadmap-архив.sqlite")
    frames.indicators.query("code == 'П2'").pivot_table(index="period", values="value")

Like the other doors it reads files only through a use case (app.history.archive_tables).
"""

from xl_roadmap.analysis.frames import Frames, archive_frames

__all__ = ["Frames", "archive_frames"]
