"""Benchmark of the archive of consolidations (not a test: it prints its measures and whether targets are met).

    python benchmarks/archive.py [--n 1000] [--periods 10] [--dir DIR] [--as-of 2025-03-15] [--skip-consolidate]

(r) recording: the same N books consolidated into a roll-up without the archive and with it, each in a fresh
    process, in the same run, alternately (the first of each pair warms the disk cache for both) — target: with
    ≤ 1.10 × without.
(h) history: a synthetic archive of P periods × N schools filled through the real recording API
    (rollup.archive_record → io.archive.store.record), each school's book holding its own and the previous
    period's rows of every school indicator of the catalogue, as real books do — target: ``archive_history``
    answers in ≤ 1 s.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _run(paths: list[str], out: str, as_of: str, archive: str | None, queue) -> None:
    """One consolidation in a fresh process: its time and, with the archive, the archive's own part of it
    (reading the growth values before, recording after) — the same steps as app.archive.consolidate_recorded."""
    sys.path.insert(0, str(ROOT))
    from xl_roadmap.app.archive import ArchiveSession
    from xl_roadmap.app.consolidate_file import consolidate_to_file

    t0 = time.perf_counter()
    session = ArchiveSession(Path(archive)) if archive else None
    previous = session.previous() if session else None
    t1 = time.perf_counter()
    result = consolidate_to_file([Path(p) for p in paths], Path(out), {}, as_of=date.fromisoformat(as_of),
                                 previous=previous)
    t2 = time.perf_counter()
    outcome = session.record(result, Path(out), {}) if session else None
    t3 = time.perf_counter()
    queue.put((t3 - t0, outcome.to_dict() if outcome else None, (t1 - t0) + (t3 - t2)))


def timed_consolidation(paths: list[Path], out: Path, as_of: date, archive: Path | None):
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_run, args=([str(p) for p in paths], str(out), as_of.isoformat(),
                                          str(archive) if archive else None, queue))
    proc.start()
    result = queue.get()
    proc.join()
    return result


def bench_recording(n: int, directory: Path, as_of: date) -> None:
    from xl_roadmap.app.demo.run import write_district

    directory.mkdir(parents=True, exist_ok=True)
    existing = sorted(directory.glob("*.xlsx"))
    paths = existing[:n] if len(existing) >= n else write_district(directory, schools=n, seed=7, as_of=as_of,
                                                                     mistakes_every=10)[0]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        without, with_, own = [], [], []
        for k in range(2):
            without.append(timed_consolidation(paths, work / f"без-{k}.xlsx", as_of, None)[0])
            archive = work / f"архив-{k}.sqlite"          # a new archive each time: every book is recorded
            seconds, outcome, archive_part = timed_consolidation(paths, work / f"с-{k}.xlsx", as_of, archive)
            with_.append(seconds)
            own.append(archive_part)
            assert outcome["problem"] is None and outcome["recorded"] > 0, outcome
        a, b = min(without), min(with_)
        print(f"(r) {len(paths)} books: without archive {a:.1f} s, with archive {b:.1f} s "
              f"(recorded {outcome['recorded']}): ratio {b / a:.3f} — target ≤ 1.10: {'OK' if b / a <= 1.10 else 'MISSED'}")
        print(f"(r) the archive's own part of that (growth values read, consolidation recorded): {min(own):.2f} s = "
              f"{min(own) / a:.1%} of the consolidation without it")


def synthetic_archive(path: Path, n: int, periods: int) -> int:
    """P yearly periods × N schools recorded as P consolidations through the real recording API."""
    from xl_roadmap.core import indicators as ind
    from xl_roadmap.io.archive import open_archive, store
    from xl_roadmap.rollup.archive_record import IndicatorRecord, Recording, SubmissionRecord
    from xl_roadmap.spec import default_spec
    from xl_roadmap.spec.vocabulary import BookStatus

    spec = default_spec()
    edition = spec.edition()
    entries = [e for e in edition.indicators if e.source_level == "school"]
    rng = random.Random(7)
    conn = open_archive(path, spec)
    rows = 0
    for p in range(periods):
        year = 2015 + p
        books = []
        for s in range(n):
            figures = []
            for k, period in enumerate((str(year - 1), str(year))):
                for j, e in enumerate(entries):
                    den = float(rng.randint(100, 900))
                    num = float(rng.randint(10, int(den)))
                    value = ind.compute_value(e.kind, e.multiplier, num, den)
                    figures.append(IndicatorRecord(k * len(entries) + j, e.code, period, num, den, value, e.norm,
                                                   ind.status(value, e.norm, e.direction), ""))
            code = f"ОО-{s:04d}"
            books.append(SubmissionRecord(
                sha256=f"{p:04d}{s:060d}", file_name=f"{code}.xlsx", org_code=code, org_key=code,
                org_name=f"Школа {s}", org_kind="", level=0, period=str(year), template_version="1.2",
                edition=edition.id, received_at=f"{year}-03-01T10:00:00+00:00", status=BookStatus.ACCEPTED,
                reason="", used=True, actions=40, evidence=30, done=10, done_without_evidence=1,
                deadlines=(("в срок", 30), ("выполнено", 10)), indicators=tuple(figures)))
            rows += len(figures)
        store.record(conn, Recording(made_at=f"{year}-03-15T10:00:00+00:00", output=f"свод {year}.xlsx",
                                     period=str(year), level_kind="УО", as_of=f"{year}-03-15", edition=edition.id,
                                     parameters={}, submissions=tuple(books), unrecorded=0))
    conn.close()
    return rows


def bench_history(n: int, periods: int) -> None:
    from xl_roadmap.app.history import archive_history

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "архив.sqlite"
        t0 = time.perf_counter()
        rows = synthetic_archive(path, n, periods)
        filled = time.perf_counter() - t0
        print(f"(h) synthetic archive: {periods} periods × {n} schools, {rows:,} indicator rows recorded in "
              f"{filled:.1f} s ({path.stat().st_size / 2**20:.0f} MB)")
        best = min(_time(lambda: archive_history(path)) for _ in range(3))
        h = archive_history(path)
        print(f"(h) history: {len(h.periods)} periods, {len(h.rows)} indicator rows, {h.submissions} books in "
              f"{best:.2f} s — target ≤ 1 s: {'OK' if best <= 1.0 else 'MISSED'}")


def _time(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--periods", type=int, default=10)
    ap.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "xl-roadmap-bench")
    ap.add_argument("--as-of", default="2025-03-15")
    ap.add_argument("--skip-consolidate", action="store_true", help="only (h)")
    args = ap.parse_args()
    bench_history(args.n, args.periods)
    if not args.skip_consolidate:
        bench_recording(args.n, args.dir, date.fromisoformat(args.as_of))


if __name__ == "__main__":
    main()
