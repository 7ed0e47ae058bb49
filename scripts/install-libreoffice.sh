#!/usr/bin/env bash
# LibreOffice headless: Calc recalculates our formulas in the tests, Writer converts .doc/.rtf/.odt for the
# Word import, and python3-uno lets a test drive Calc's VBA engine (our macros run there, an engine we did not
# write). pdftoppm (poppler-utils) turns the PDFs of scripts/render-pages.py into PNG pages to look at, and
# Carlito, a font with Calibri's metrics, lets LibreOffice lay our Calibri text out as Excel does (a wider
# fallback font makes every wrapped line look too long). Installed from Debian if any is missing. The UNO
# client runs under the system python (/usr/bin/python3), the only one where Debian's `import uno` works.
set -euo pipefail
has_writer() { [ -e /usr/lib/libreoffice/program/libswlo.so ] || [ -e /usr/lib/libreoffice/program/swriter ] \
  || dpkg -s libreoffice-writer-nogui >/dev/null 2>&1 || dpkg -s libreoffice-writer >/dev/null 2>&1; }
has_uno() { [ -x /usr/bin/python3 ] && /usr/bin/python3 -c "import uno" >/dev/null 2>&1; }
if command -v soffice >/dev/null 2>&1 && has_writer && has_uno && command -v pdftoppm >/dev/null 2>&1 \
  && fc-list 2>/dev/null | grep -qi carlito; then
  exit 0
fi
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "Устанавливаю LibreOffice Calc, Writer, UNO для Python, pdftoppm и шрифт Carlito (libreoffice-calc-nogui, libreoffice-writer-nogui, python3-uno, poppler-utils, fonts-crosextra-carlito)…" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
  libreoffice-calc-nogui libreoffice-writer-nogui python3-uno poppler-utils fonts-crosextra-carlito >/dev/null
command -v soffice >/dev/null
command -v pdftoppm >/dev/null
has_writer
has_uno
