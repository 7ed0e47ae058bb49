"""Benchmark of «Импорт из Word»: our import of one long roadmap document against floors measured in the same run.

    python benchmarks/import_word.py [--rows 3000]

(r) python-docx opens the document and reads every cell's text (``cell.text`` over ``table.rows``) — the floor
for reading; (w) XlsxWriter writes the same number of rows × columns of text — the floor for writing;
(i) our whole import: read (merges, numbering), interpret (headers, rows, indicators matched to the catalogue),
write the workbook with its «Импорт» sheet, read it back and validate it.
Target: i/(r+w) ≤ 3 (the import reads its output back and validates it, which the floors do not).
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=3000)
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


if __name__ == "__main__":
    main()
