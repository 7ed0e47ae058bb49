"""Print every kind of book we write to PNG pages through LibreOffice, to look at what a clerk would print.

    PYTHONPATH=. .venv/bin/python scripts/render-pages.py [--out ПАПКА] [--dpi 50] [--max-pages 40]

Writes into ПАПКА (default ``render_out``): the blank school and district templates, a school's book with its
«Проверка» report copy (``validate --report``), a district roll-up of a few demo schools, a trend book of two
periods (``history -o``) and a plan imported from Word; then each book → PDF (``soffice --headless
--convert-to pdf``: every visible sheet, with its print areas, page breaks and print titles) → PNG per page
(``pdftoppm``), into ``ПАПКА/png/<книга>/``. LibreOffice, Writer and pdftoppm come from
``scripts/install-libreoffice.sh``. The books are written through the commands a user runs, so the pages show
what they produce; the Word document is the test suite's seed (tests/support/word_fixtures.py).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

AS_OF = date(2025, 3, 1)
PERIODS = ("2023-2024", "2024-2025")
ORG = ("--org-name", "Управление образования", "--org-code", "УО-01", "--signatory", "Начальник",
       "--contact", "т. 2-00-00", "--municipality", "Демонстрационный МР", "--region", "Демонстрационная область")


def cli(*args: str) -> None:
    proc = subprocess.run([sys.executable, "-m", "xl_roadmap.cli", *args], cwd=ROOT, capture_output=True,
                          text=True, env=_env())
    if proc.returncode == 2:
        raise SystemExit(f"xl-roadmap {' '.join(args)}: код 2\n{proc.stdout}\n{proc.stderr}")


def _env() -> dict:
    import os

    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def make_books(out: Path) -> list[Path]:
    from tests.support.word_fixtures import kalininsky
    from xl_roadmap.app.demo.run import write_district

    books = out / "books"
    if books.exists():
        shutil.rmtree(books)
    books.mkdir(parents=True)
    for kind in ("school", "district"):
        cli("template", kind, "-o", str(books / f"шаблон_{kind}.xlsx"))
    rollups = books / "своды"
    rollups.mkdir()
    for year, period in enumerate(PERIODS):
        schools = books / f"школы_{period}"
        write_district(schools, schools=5, seed=7 + year, as_of=AS_OF, period=period, mistakes_every=2)
        cli("consolidate", str(schools), "-o", str(rollups / f"свод_{period}.xlsx"), "--period", period,
            "--as-of", AS_OF.isoformat(), *ORG)
    last = books / f"школы_{PERIODS[-1]}"
    school = sorted(last.glob("*.xlsx"))[1]          # the second of every two has planted mistakes
    cli("validate", str(school), "--as-of", AS_OF.isoformat(), "--report", str(books / "отчёт_проверки.xlsx"))
    shutil.copy(rollups / f"свод_{PERIODS[-1]}.xlsx", books / "свод_района.xlsx")
    cli("history", "--archive", str(rollups / "xl-roadmap-архив.sqlite"), "-o", str(books / "тренды.xlsx"))
    with tempfile.TemporaryDirectory() as tmp:
        document = kalininsky(Path(tmp)).path
        cli("import", str(document), "-o", str(books / "импорт_из_word.xlsx"))
    return sorted(books.glob("*.xlsx"))


def render(book: Path, png_root: Path, dpi: int, max_pages: int, profile: Path) -> int:
    pdf_dir = png_root.parent / "pdf"
    pdf_dir.mkdir(parents=True, exist_ok=True)
    subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", str(pdf_dir), str(book)], check=True, capture_output=True,
                   timeout=300)
    pdf = pdf_dir / (book.stem + ".pdf")
    target = png_root / book.stem
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-l", str(max_pages), str(pdf), str(target / "стр")],
                   check=True)
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "render_out")
    parser.add_argument("--dpi", type=int, default=50)
    parser.add_argument("--max-pages", type=int, default=40)
    args = parser.parse_args()
    out = args.out.resolve()
    books = make_books(out)
    with tempfile.TemporaryDirectory(prefix="xlr-render-") as profile:
        for book in books:
            pages = render(book, out / "png", args.dpi, args.max_pages, Path(profile))
            print(f"{book.name}: страниц {pages} → {out / 'png' / book.stem}/")


if __name__ == "__main__":
    main()
