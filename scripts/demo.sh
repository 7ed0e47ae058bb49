#!/usr/bin/env bash
# Set up xl-roadmap and run the demo district: generate school workbooks, validate them, consolidate.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/xl-roadmap demo --out "${1:-demo_out}"
