"""Check the packaged spec against its schemas and stamp it (xl_roadmap/spec/schemas.sha256), so that a start of
xl-roadmap trusts it without jsonschema. Run after editing any xl_roadmap/spec/*.json:

    .venv/bin/python scripts/stamp_spec.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from xl_roadmap.spec.schema_check import SPEC_DIR, STAMP, write_stamp  # noqa: E402

if __name__ == "__main__":
    problems = write_stamp()
    print("\n".join(problems) if problems else f"{SPEC_DIR / STAMP}: проверено и отмечено")
    sys.exit(1 if problems else 0)
