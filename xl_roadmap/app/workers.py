"""How many processes read a district's books: one policy for every use case that reads many files."""

from __future__ import annotations

import os

from xl_roadmap.spec import Spec, default_spec

MAX_WORKERS = 4          # reading is cheap; beyond four workers the writer (one process) is the limit
PARALLEL_FROM = 16       # fewer files are read in this process: starting workers would cost more


def worker_count(requested: int | None) -> int:
    return requested if requested is not None else min(os.cpu_count() or 1, MAX_WORKERS)


def use_pool(workers: int, n_files: int, spec: Spec) -> bool:
    """Workers only for long runs with the packaged spec (a worker process loads the default spec itself)."""
    return workers > 1 and n_files >= PARALLEL_FROM and spec is default_spec()
