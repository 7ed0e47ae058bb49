"""How many processes read a district's books: one policy for every use case that reads many files."""

from __future__ import annotations

import gc
import os
from concurrent.futures import ProcessPoolExecutor

from xl_roadmap.spec import Spec, default_spec

MAX_WORKERS = 4          # reading is cheap; beyond four workers the writer (one process) is the limit
PARALLEL_FROM = 16       # fewer files are read in this process: starting workers would cost more


def worker_count(requested: int | None) -> int:
    return requested if requested is not None else min(os.cpu_count() or 1, MAX_WORKERS)


def use_pool(workers: int, n_files: int, spec: Spec) -> bool:
    """Workers only for long runs with the packaged spec (a worker process loads the default spec itself)."""
    return workers > 1 and n_files >= PARALLEL_FROM and spec is default_spec()


def reading_pool(workers: int) -> ProcessPoolExecutor:
    """The worker processes that read a district's books."""
    return ProcessPoolExecutor(max_workers=workers, initializer=_fewer_collections)


def _fewer_collections() -> None:
    # a worker makes millions of short-lived objects (cells, rows, findings), almost none of them in a cycle:
    # with the default threshold (700) the cyclic collector would run thousands of times per book for nothing
    # (~3% of the read). What the process holds since its start is left out of collections altogether.
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)

