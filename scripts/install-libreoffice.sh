#!/usr/bin/env bash
# LibreOffice Calc (headless) recalculates our formulas in the tests. Installed from Debian if missing.
set -euo pipefail
if command -v soffice >/dev/null 2>&1; then
  exit 0
fi
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "Устанавливаю LibreOffice Calc (libreoffice-calc-nogui)…" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui >/dev/null
command -v soffice >/dev/null
