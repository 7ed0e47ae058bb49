"""What a killed run leaves: its temporaries beside the output. The next run removes its own stale ones — our
name pattern, untouched for a while — and nothing else: not a fresh temporary of a run still writing, not
Excel's or LibreOffice's lock files, not a user's file that merely looks alike."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.support.district import clean_plan, write_plan
from xl_roadmap.io.atomic import STALE_SECONDS, TEMP_PREFIX

DAY = 24 * 3600


def _aged(path: Path, seconds: float) -> Path:
    path.write_bytes(b"PK\x03\x04 half-written")
    old = time.time() - seconds
    os.utime(path, (old, old))
    return path


def test_a_run_killed_half_way_leaves_debris_that_the_next_run_removes(tmp_path):
    inbox = tmp_path / "книги"
    inbox.mkdir()
    for i in range(3):
        write_plan(clean_plan(i), inbox / f"ОО-{i}.xlsx")
    out = tmp_path / "свод.xlsx"
    # a real run killed with SIGKILL while it writes: whatever it leaves is what a power cut leaves
    run = subprocess.Popen([sys.executable, "-m", "xl_roadmap.cli", "consolidate", str(inbox), "-o", str(out),
                            "--no-archive", "--as-of", "2025-03-15"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while not list(tmp_path.glob(TEMP_PREFIX + "*")) and run.poll() is None and time.time() < deadline:
        time.sleep(0.01)
    if run.poll() is None:
        run.send_signal(signal.SIGKILL)
    run.wait()
    left = list(tmp_path.glob(TEMP_PREFIX + "*"))
    for p in left:                                     # …and the power came back a day later
        os.utime(p, (time.time() - DAY, time.time() - DAY))
    stale = [_aged(tmp_path / f"{TEMP_PREFIX}свод-a1b2c3d4.xlsx", DAY),
             _aged(tmp_path / ".~свод-zz99yy88.xlsx", DAY)]                  # an older version's name
    kept = [_aged(tmp_path / f"{TEMP_PREFIX}свод-fresh123.xlsx", 5),          # a run still writing it
            _aged(tmp_path / ".~lock.свод.xlsx#", DAY),                        # LibreOffice's lock
            _aged(tmp_path / "~$свод.xlsx", DAY),                              # Excel's lock
            _aged(tmp_path / f"{TEMP_PREFIX}другой-a1b2c3d4.xlsx", DAY),       # another output's
            _aged(tmp_path / ".~свод-мой-файл.xlsx", DAY)]                     # a user's own file
    r = subprocess.run([sys.executable, "-m", "xl_roadmap.cli", "consolidate", str(inbox), "-o", str(out),
                        "--no-archive", "--as-of", "2025-03-15"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and out.exists(), r.stderr
    assert not any(p.exists() for p in stale + left) and all(p.exists() for p in kept)
    assert STALE_SECONDS >= 60                 # a run that writes for a minute never loses its temporary
