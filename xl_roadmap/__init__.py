"""xl-roadmap: roadmaps (дорожные карты) of Russian education authorities, kept in Excel."""

__version__ = "0.1.0"


def archive_frames(path):
    """The archive of consolidations as pandas DataFrames (see :func:`xl_roadmap.analysis.archive_frames`).
    Imported on call: pandas stays out of every process that only consolidates."""
    from xl_roadmap.analysis import archive_frames as frames

    return frames(path)
