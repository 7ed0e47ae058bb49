"""Benchmark of «Свести»: our ingest and consolidation against reading/writing floors measured in the same run.

    python benchmarks/consolidate.py [--n 1000] [--dir DIR] [--as-of 2025-03-15]

(a) openpyxl reads every cell of every file; (b) python-calamine reads the same files — the floor for
reading; (w) XlsxWriter (constant memory) writes the cells our roll-up holds — the floor for writing;
(i) our ingest: read + validate + aggregate, no output; (c) our full consolidation with the roll-up written.
Targets: i/b ≤ 1.2, c/b ≤ 2.0, c/(b+w) ≤ 1.0, peak RSS ≤ 300 MB at N = 1000 and not growing with N; the roll-up
≤ 10 MB, ≤ 120 KB of sheet XML per accepted school, opened by LibreOffice headless in ≤ 10 s (its start-up, measured
on an empty book in the same run, subtracted).
Region case (``--region``, on by default): 2,000 schools in 40 district roll-ups of 50 — the N generated books,
each used in 2,000 / N districts — consolidated into one region roll-up: its time, peak memory, size, and its
longest sheet against Excel's 1,048,576 rows.
Mail case (``--mail``, on by default; ``--mail-only`` runs it alone): the N books delivered as N saved letters
(.eml, each book attached in base64) against the same books as files — the full consolidation of each, in fresh
processes, three times in turn (the fastest run of each counts): target mail/files ≤ 1.3.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def own_peak_mb() -> float:
    """This process's peak memory. Linux keeps ru_maxrss across exec, so a process spawned by a big parent would
    report the parent's size from before its exec: the kernel's own high-water mark (VmHWM) of this process's
    memory is read instead where there is one."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def generate(directory: Path, n: int, as_of: date) -> list[Path]:
    from xl_roadmap.app.demo.run import write_district

    existing = sorted(directory.glob("*.xlsx"))
    if len(existing) >= n:
        return existing[:n]
    paths, _, _ = write_district(directory, schools=n, seed=7, as_of=as_of, mistakes_every=10)
    return paths


def timed(fn):
    t0 = time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, result


def read_openpyxl(paths):
    import openpyxl

    cells = 0
    for p in paths:
        wb = openpyxl.load_workbook(p, read_only=True, data_only=True)
        for ws in wb.worksheets:
            for row in ws.iter_rows(values_only=True):
                cells += len(row)
        wb.close()
    return cells


def read_calamine(paths):
    from python_calamine import CalamineWorkbook

    cells = 0
    for p in paths:
        book = CalamineWorkbook.from_path(str(p))
        for name in book.sheet_names:
            for row in book.get_sheet_by_name(name).to_python(skip_empty_area=False):
                cells += len(row)
        book.close()
    return cells


def rollup_cells(content) -> list[tuple[str, list[list]]]:
    """The roll-up's cells as (sheet, rows) — what the writing floor must write."""
    from xl_roadmap.spec import default_spec

    spec = default_spec()
    out = []
    for sheet_id, rows in (("indicators", content.indicators), ("roadmap", content.actions),
                           ("evidence", content.evidence)):
        cols = [c.id for c in spec.sheet(sheet_id).columns]
        out.append((sheet_id, [[r.get(c) for c in cols] for r in rows]))
    for extra in content.extra_sheets:
        out.append((extra.name, extra.rows))
    return out


def write_floor(sheets, path: Path) -> int:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False})
    date_fmt = wb.add_format({"num_format": "DD.MM.YYYY"})
    cells = 0
    for name, rows in sheets:
        ws = wb.add_worksheet(name[:31])
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if v is None or v == "":
                    continue
                if isinstance(v, date):
                    ws.write_datetime(r, c, v, date_fmt)
                elif isinstance(v, (int, float)):
                    ws.write_number(r, c, v)
                else:
                    ws.write_string(r, c, str(v))
                cells += 1
    wb.close()
    return cells


def _run_c(paths: list[str], out: str, as_of: str, queue) -> None:
    """(c) in a fresh process: its time, and the peak memory of the process and of its worker processes."""
    sys.path.insert(0, str(ROOT))
    from xl_roadmap.app.consolidate_file import consolidate_to_file

    t0 = time.perf_counter()
    consolidate_to_file([Path(p) for p in paths], Path(out), {}, as_of=date.fromisoformat(as_of))
    elapsed = time.perf_counter() - t0
    own = own_peak_mb()
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    queue.put((elapsed, own, workers))


def measure_c(paths: list[Path], out: Path, as_of: date) -> tuple[float, float, float]:
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_run_c, args=([str(p) for p in paths], str(out), as_of.isoformat(), queue))
    proc.start()
    result = queue.get()
    proc.join()
    return result


def sheet_xml_sizes(path: Path) -> dict[str, int]:
    """Uncompressed size of each worksheet part, by sheet name, and of the shared-strings part."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as z:
        book = z.read("xl/workbook.xml").decode("utf-8")
        rels = z.read("xl/_rels/workbook.xml.rels").decode("utf-8")
        targets = dict(re.findall(r'<Relationship Id="([^"]+)"[^>]*Target="([^"]+)"', rels))
        targets.update({k: v for v, k in re.findall(r'Target="([^"]+)"[^>]*Id="([^"]+)"', rels)})
        sizes = {}
        for name, rid in re.findall(r'<sheet name="([^"]+)" sheetId="\d+" r:id="([^"]+)"', book):
            part = targets[rid].lstrip("/")
            part = part if part.startswith("xl/") else "xl/" + part
            sizes[name] = z.getinfo(part).file_size
        if "xl/sharedStrings.xml" in z.namelist():      # the sheets' texts, written once each
            sizes["(общие строки)"] = z.getinfo("xl/sharedStrings.xml").file_size
        return sizes


def longest_sheet(path: Path) -> tuple[str, int]:
    """The sheet with the most rows and its row count (from the worksheets' dimension)."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    try:
        counts = {name: book.get_sheet_by_name(name).total_height for name in book.sheet_names}
    finally:
        book.close()
    name = max(counts, key=counts.get)
    return name, counts[name]


def libreoffice_open_seconds(path: Path, work: Path) -> float | None:
    """Seconds LibreOffice headless needs to open ``path`` (loading it fully to convert its first sheet), less
    its start-up on an empty book; None when LibreOffice is not installed."""
    import shutil
    import subprocess

    import xlsxwriter

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        return None
    empty = work / "empty.xlsx"
    xlsxwriter.Workbook(str(empty)).close()
    profile = (work / "lo_profile").as_uri()

    def run(src: Path) -> float:
        t0 = time.perf_counter()
        subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--calc",
                        "--convert-to", "csv", "--outdir", str(work / "lo_out"), str(src)],
                       capture_output=True, timeout=600, check=True)
        return time.perf_counter() - t0

    run(empty)                       # the first start creates the profile
    return run(path) - run(empty)


def _run_region(paths: list[str], work: str, as_of: str, districts: int, per_district: int, queue) -> None:
    """The region case in a fresh process: district roll-ups, then the region's; times and peak memory."""
    sys.path.insert(0, str(ROOT))
    from xl_roadmap.app.consolidate_file import consolidate_to_file

    day = date.fromisoformat(as_of)
    root = Path(work)
    rollups = []
    t0 = time.perf_counter()
    for k in range(districts):
        start = (k * per_district) % len(paths)
        chunk = [Path(p) for p in (paths + paths)[start:start + per_district]]
        out = root / f"district_{k:02d}.xlsx"
        consolidate_to_file(chunk, out, {"org_code": f"R-{k + 1:02d}", "org_name": f"Управление образования {k + 1}",
                                         "signatory": "Начальник управления", "contact": "т. 00-00-00"}, as_of=day)
        rollups.append(out)
    t_districts = time.perf_counter() - t0
    rss_districts = own_peak_mb()
    region = root / "region.xlsx"
    t0 = time.perf_counter()
    result = consolidate_to_file(rollups, region, {"org_code": "RG", "org_name": "Министерство образования",
                                                   "signatory": "Министр", "contact": "т. 00-00-01"}, as_of=day)
    t_region = time.perf_counter() - t0
    own = own_peak_mb()
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    queue.put((t_districts, t_region, rss_districts, own, workers, len(result.used), str(region)))


def region_case(paths: list[Path], work: Path, as_of: date, schools: int = 2000, districts: int = 40) -> None:
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    (work / "region").mkdir(exist_ok=True)
    proc = ctx.Process(target=_run_region, args=([str(p) for p in paths], str(work / "region"), as_of.isoformat(),
                                                 districts, schools // districts, queue))
    proc.start()
    t_districts, t_region, rss_districts, own, workers, used, region = queue.get()
    proc.join()
    region = Path(region)
    sheet, rows = longest_sheet(region)
    print(f"регион: {schools} ОО в {districts} сводах районов ({used} принято): своды районов {t_districts:.1f} с, "
          f"свод региона {t_region:.1f} с; пиковая память {max(own, rss_districts):.0f} МБ (рабочие {workers:.0f}); "
          f"файл {region.stat().st_size / 1e6:.1f} МБ; самый длинный лист «{sheet}» — {rows} строк "
          f"из 1 048 576 ({rows / 1048576:.1%})")


def write_letters(paths: list[Path], folder: Path) -> list[Path]:
    """Each school's book as it came by e-mail: a saved letter (.eml) with the book attached in base64, its name
    RFC 2231-encoded — what the standard ``email`` package writes."""
    from datetime import datetime, timedelta, timezone
    from email.message import EmailMessage
    from email.utils import format_datetime

    folder.mkdir(parents=True, exist_ok=True)
    sent = datetime(2025, 2, 3, 9, 0, tzinfo=timezone(timedelta(hours=3)))
    letters = []
    for k, path in enumerate(paths):
        message = EmailMessage()
        message["From"] = f"Школа № {k + 1} <school{k + 1}@example.ru>"
        message["To"] = "Управление образования <uo@example.ru>"
        message["Subject"] = f"Дорожная карта школы № {k + 1}"
        message["Date"] = format_datetime(sent + timedelta(minutes=k))
        message.set_content("Добрый день! Направляем дорожную карту.")
        message.add_attachment(path.read_bytes(), maintype="application",
                               subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet", filename=path.name)
        out = folder / f"письмо {k + 1:04d}.eml"
        out.write_bytes(message.as_bytes())
        letters.append(out)
    return letters


def mail_case(paths: list[Path], work: Path, as_of: date) -> float:
    """The district delivered by mail (N .eml) against the same books as files: the ratio of the full
    consolidations' times, each the fastest of three runs in fresh processes, in turn (other work on the machine
    then weighs on both alike)."""
    letters = write_letters(paths, work / "letters")
    files, mail = [], []
    for run in range(3):
        files.append(measure_c(paths, work / f"rollup_files_{run}.xlsx", as_of)[0])
        mail.append(measure_c(letters, work / f"rollup_mail_{run}.xlsx", as_of)[0])
    ratio = min(mail) / min(files)
    size = sum(p.stat().st_size for p in letters) / len(letters) / 1024
    print(f"почта: {len(letters)} писем .eml ({size:.1f} КБ в среднем) — свод за {min(mail):.1f} с, те же книги "
          f"файлами — {min(files):.1f} с: почта/файлы = {ratio:.2f} (цель ≤ 1.3)", flush=True)
    return ratio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--dir", type=Path, default=None, help="folder to keep the generated workbooks in")
    parser.add_argument("--as-of", default="2025-03-15")
    parser.add_argument("--region", action=argparse.BooleanOptionalAction, default=True,
                        help="also the region case: 2,000 schools in 40 district roll-ups")
    parser.add_argument("--mail", action=argparse.BooleanOptionalAction, default=True,
                        help="also the mail case: the N books as N saved letters (.eml) against the same files")
    parser.add_argument("--mail-only", action="store_true", help="only the mail case")
    args = parser.parse_args()
    as_of = date.fromisoformat(args.as_of)
    from xl_roadmap.app.consolidate import consolidate
    from xl_roadmap.rollup.book import rollup_content

    work = Path(tempfile.mkdtemp(prefix="xlr-bench-"))
    directory = args.dir or (work / "schools")
    directory.mkdir(parents=True, exist_ok=True)
    t_gen, paths = timed(lambda: generate(directory, args.n, as_of))
    n = len(paths)
    size = sum(p.stat().st_size for p in paths) / n / 1024
    print(f"{n} школьных книг ({size:.1f} КБ в среднем), сгенерированы за {t_gen:.1f} с", flush=True)
    if args.mail_only:
        mail_case(paths, work, as_of)
        return
    # (c) first, each in a fresh process: its memory is not mixed with the floors' (which hold all cells)
    quarter = paths[: max(n // 4, 1)]
    _, rss_quarter, workers_quarter = measure_c(quarter, work / "rollup_quarter.xlsx", as_of)
    t_c, rss_c, workers_c = measure_c(paths, work / "rollup.xlsx", as_of)
    t_a, cells_a = timed(lambda: read_openpyxl(paths))
    t_b, cells_b = timed(lambda: read_calamine(paths))
    t_i, _ = timed(lambda: consolidate(paths, as_of=as_of, keep_rows=False))
    sheets = rollup_cells(rollup_content(consolidate(paths, as_of=as_of), {}))
    t_w, cells_w = timed(lambda: write_floor(sheets, work / "floor.xlsx"))
    per = lambda t: t / n * 1000  # noqa: E731
    print(f"(a) openpyxl, чтение всех ячеек:     {per(t_a):8.2f} мс/файл  ({cells_a} ячеек)")
    print(f"(b) calamine, чтение всех ячеек:     {per(t_b):8.2f} мс/файл  ({cells_b} ячеек)")
    print(f"(w) XlsxWriter, запись ячеек свода:  {per(t_w):8.2f} мс/файл  ({cells_w} ячеек)")
    print(f"(i) наш приём: чтение+проверка+свод: {per(t_i):8.2f} мс/файл")
    print(f"(c) наш полный свод с записью:       {per(t_c):8.2f} мс/файл")
    print(f"i/b = {t_i / t_b:.2f} (цель ≤ 1.2)   c/b = {t_c / t_b:.2f} (цель ≤ 2.0)   "
          f"c/(b+w) = {t_c / (t_b + t_w):.2f} (цель ≤ 1.0)   a/c = {t_a / t_c:.2f}")
    rollup = work / "rollup.xlsx"
    sizes = sheet_xml_sizes(rollup)
    used = len(consolidate(paths, as_of=as_of, keep_rows=False).used)
    biggest = sorted(sizes.items(), key=lambda kv: -kv[1])[:3]
    print(f"свод: {rollup.stat().st_size / 1e6:.1f} МБ (цель ≤ 10), XML листов {sum(sizes.values()) / used / 1024:.0f} КБ "
          f"на принятую ОО (цель ≤ 120; принято {used}); больше всего: "
          + ", ".join(f"«{name}» {size / 1e6:.1f} МБ" for name, size in biggest))
    lo = libreoffice_open_seconds(rollup, work)
    print("LibreOffice headless открывает свод за " + (f"{lo:.1f} с (цель ≤ 10)" if lo is not None
                                                       else "— (LibreOffice не установлен)"))
    print(f"пиковая память свода (c), МБ (цель ≤ 300 и без роста с N): основной процесс {rss_c:.0f} "
          f"при N = {n}, {rss_quarter:.0f} при N = {len(quarter)}; рабочий процесс {workers_c:.0f} "
          f"и {workers_quarter:.0f}")
    if args.mail:
        mail_case(paths, work, as_of)
    if args.region:
        region_case(paths, work, as_of)


if __name__ == "__main__":
    main()
