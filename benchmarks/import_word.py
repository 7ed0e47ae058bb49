"""Benchmark of «Импорт из Word»: our import of one long roadmap document against floors measured in the same run.

    python benchmarks/import_word.py [--rows 3000] [--no-pdf]

(r) python-docx opens the document and reads every cell's text (``cell.text`` over ``table.rows``) — the floor
for reading; (w) XlsxWriter writes the same number of rows × columns of text — the floor for writing;
(i) our whole import: read (merges, numbering), interpret (headers, rows, indicators matched to the catalogue),
write the workbook with its «Импорт» sheet, read it back and validate it.
Target: i/(r+w) ≤ 3 (the import reads its output back and validates it, which the floors do not).

The same document as PDF (LibreOffice prints the .docx once, which takes about a minute for 3000 rows):
(p) pdfplumber alone extracts every page's words and ruling lines (``page.extract_words()``, ``page.lines``) —
the floor; (P) our whole import of the PDF (tables from the lines, paragraphs from the words, then as above).
Target: P/p ≤ 3. (R) our reading alone (``read_pdf``) is printed too.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

HEADER = ("№", "Наименование показателя", "Мероприятие", "Срок", "Ответственный", "Отчётная документация")


def build(path: Path, rows: int) -> Path:
    import docx

    d = docx.Document()
    d.add_paragraph("УПРАВЛЕНИЕ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ КАЛИНИНСКОГО МУНИЦИПАЛЬНОГО ОКРУГА")
    d.add_paragraph("ПРИКАЗ")
    d.add_paragraph("от 20.05.2024 года № 279-09")
    t = d.add_table(rows=rows + 1, cols=len(HEADER))
    t.style = "Table Grid"         # borders: a PDF printed from it has the ruling lines its tables are found by
    for c, h in zip(t.rows[0].cells, HEADER):
        c.text = h
    names = ("(П18) Достижение минимального уровня подготовки (Отчетный период- 2023-83,6%-36- место)",
             "Доля обучающихся, принявших участие в социально-психологическом тестировании", "")
    for i in range(1, rows + 1):
        cells = t.rows[i].cells
        for c, v in zip(cells, (f"{i}.", names[i % 3], f"Мероприятие {i}: анализ результатов и семинар",
                                "в течение 2024-2025 учебного года", "Руководители ОО, ИМО", "справка")):
            c.text = v
    d.add_paragraph("Начальник управления образования")
    d.save(path)
    return path


def floor_read(path: Path) -> float:
    import docx

    t0 = time.perf_counter()
    document = docx.Document(str(path))
    n = sum(len(cell.text) for table in document.tables for row in table.rows for cell in row.cells)
    assert n
    return time.perf_counter() - t0


def floor_write(out: Path, rows: int) -> float:
    import xlsxwriter

    t0 = time.perf_counter()
    wb = xlsxwriter.Workbook(str(out), {"constant_memory": True})
    ws = wb.add_worksheet()
    for r in range(rows):
        for c in range(len(HEADER)):
            ws.write_string(r, c, f"Мероприятие {r}: анализ результатов и семинар")
    wb.close()
    return time.perf_counter() - t0


def to_pdf(source: Path, folder: Path) -> Path:
    """LibreOffice headless prints the .docx (a profile of its own in ``folder``)."""
    import shutil
    import subprocess

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice (soffice) is needed for the PDF line; run with --no-pdf without it")
    subprocess.run([soffice, f"-env:UserInstallation={(folder / 'lo-profile').as_uri()}", "--headless",
                    "--norestore", "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(folder), str(source)],
                   check=True, capture_output=True, timeout=1800)
    return folder / (source.stem + ".pdf")


def floor_pdf(path: Path) -> float:
    import pdfplumber

    t0 = time.perf_counter()
    words = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            words += len(page.extract_words())
            _ = page.lines
            page.close()
    assert words
    return time.perf_counter() - t0


def bench_pdf(source: Path, folder: Path, rows: int) -> None:
    from xl_roadmap.app.import_document import import_document
    from xl_roadmap.io.pdf_document import read_pdf

    t0 = time.perf_counter()
    pdf = to_pdf(source, folder)
    print(f"PDF printed by LibreOffice in {time.perf_counter() - t0:.0f} s")
    p = min(floor_pdf(pdf) for _ in range(2))
    t0 = time.perf_counter()
    document = read_pdf(pdf)
    r = time.perf_counter() - t0
    t0 = time.perf_counter()
    outcome = import_document(pdf, folder / "plan-pdf.xlsx")
    i = time.perf_counter() - t0
    assert outcome.output is not None, outcome.reason
    print(f"PDF: tables {len(document.tables)}, rows {sum(len(t.rows) for t in document.tables)}, "
          f"actions {len(outcome.plan.actions)} of {rows}")
    print(f"(p) pdfplumber words+lines {p:7.2f} s")
    print(f"(R) our PDF reading     {r:7.2f} s   R/p = {r / p:.2f}")
    print(f"(P) our import of PDF   {i:7.2f} s")
    print(f"P/p = {i / p:.2f}   (target ≤ 3)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=3000)
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF line (it needs LibreOffice)")
    args = parser.parse_args()
    from xl_roadmap.app.import_document import import_document

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        src = build(folder / "plan.docx", args.rows)
        r = min(floor_read(src) for _ in range(2))
        w = min(floor_write(folder / f"floor{i}.xlsx", args.rows) for i in range(2))
        t0 = time.perf_counter()
        outcome = import_document(src, folder / "plan.xlsx")
        i = time.perf_counter() - t0
        assert outcome.output is not None, outcome.reason
        print(f"rows {args.rows}: actions {len(outcome.plan.actions)}, repairs {len(outcome.plan.repairs)}")
        print(f"(r) python-docx read   {r:7.2f} s")
        print(f"(w) XlsxWriter write   {w:7.2f} s")
        print(f"(i) our import         {i:7.2f} s")
        print(f"i/(r+w) = {i / (r + w):.2f}   (target ≤ 3)")
        if not args.no_pdf:
            bench_pdf(src, folder, args.rows)


if __name__ == "__main__":
    main()
