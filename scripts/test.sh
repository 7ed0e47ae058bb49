#!/usr/bin/env bash
# Set up everything the tests need (venv, packages, LibreOffice) and run them.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-libreoffice.sh
bash scripts/setup.sh test
# xlwings' remote engine needs a licence key; "noncommercial" is permitted for noncommercial use
# (PolyForm Noncommercial 1.0.0: educational and government institutions).
export XLWINGS_LICENSE_KEY=${XLWINGS_LICENSE_KEY:-noncommercial}
export XL_ROADMAP_REQUIRE_LO=1
# both cores: files are distributed whole (--dist loadfile), so a module's expensive fixtures (a district of
# schools, a wheel in a fresh venv) are built once, on one worker
exec .venv/bin/python -m pytest -q -n 2 --dist loadfile "$@"
