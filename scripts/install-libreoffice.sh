#!/usr/bin/env bash
# LibreOffice headless: Calc recalculates our formulas in the tests, Writer converts .doc/.rtf/.odt for the
# Word import. Installed from Debian if either is missing.
set -euo pipefail
has_writer() { [ -e /usr/lib/libreoffice/program/libswlo.so ] || [ -e /usr/lib/libreoffice/program/swriter ] \
  || dpkg -s libreoffice-writer-nogui >/dev/null 2>&1 || dpkg -s libreoffice-writer >/dev/null 2>&1; }
if command -v soffice >/dev/null 2>&1 && has_writer; then
  exit 0
fi
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "Устанавливаю LibreOffice Calc и Writer (libreoffice-calc-nogui, libreoffice-writer-nogui)…" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
  libreoffice-calc-nogui libreoffice-writer-nogui >/dev/null
command -v soffice >/dev/null
has_writer
