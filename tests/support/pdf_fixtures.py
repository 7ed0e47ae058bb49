"""PDFs for the import's tests, made the way people make them: a Word document saved as PDF (LibreOffice
headless), and a scan (pages as pictures, no text).

Two things are set on a copy of the Word fixture before LibreOffice prints it, so that the PDF shows what
Word shows and the .docx and the PDF can be compared action by action:

* ``as_printed``: the page turned to landscape A4 and the tables widened with it, as roadmap annexes are
  printed — python-docx's default is portrait Letter with equal columns, ten 43-pt columns for Kalininsky's
  plan, where LibreOffice sets a list's number and the text after its tab over the next column;
* the automatic lists' start values moved from the ``w:num``'s ``startOverride`` into a level definition of
  their own: LibreOffice ignores an override of a level the list never shows and prints «1.1.» where Word
  (and ``read_docx``) shows «8.1.».
"""

from __future__ import annotations

import copy
import shutil
import subprocess
import tempfile
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Mm

from tests.support.libreoffice import soffice

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def as_printed(source: Path, target: Path) -> Path:
    """A copy of the .docx on landscape A4 with its tables widened in proportion and its lists' starts made
    explicit (see the module's docstring)."""
    document = docx.Document(str(source))
    section = document.sections[0]
    old_width = section.page_width - section.left_margin - section.right_margin
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(20))
    factor = (section.page_width - section.left_margin - section.right_margin) / old_width
    for tbl in document.element.body.iter(_W + "tbl"):
        for width in [*tbl.iter(_W + "gridCol"), *tbl.iter(_W + "tcW")]:
            value = width.get(qn("w:w"))
            if value and value.isdigit():
                width.set(qn("w:w"), str(round(int(value) * factor)))
    _explicit_starts(document)
    document.save(str(target))
    return target


def _explicit_starts(document) -> None:
    """Each ``w:num`` whose lvlOverride sets a start gets its own copy of the abstract list with that start."""
    try:
        numbering = document.part.numbering_part.element
    except Exception:  # noqa: BLE001 (no lists)
        return
    abstracts = {a.get(qn("w:abstractNumId")): a for a in numbering.iterchildren(_W + "abstractNum")}
    next_id = max((int(k) for k in abstracts if k.isdigit()), default=0) + 1
    for num in list(numbering.iterchildren(_W + "num")):
        overrides = [o for o in num.iterchildren(_W + "lvlOverride") if o.find(_W + "startOverride") is not None]
        ref = num.find(_W + "abstractNumId")
        if not overrides or ref is None or ref.get(qn("w:val")) not in abstracts:
            continue
        clone = copy.deepcopy(abstracts[ref.get(qn("w:val"))])
        clone.set(qn("w:abstractNumId"), str(next_id))
        for override in overrides:
            start = override.find(_W + "startOverride").get(qn("w:val"))
            for lvl in clone.iterchildren(_W + "lvl"):
                if lvl.get(qn("w:ilvl")) == override.get(qn("w:ilvl")):
                    lvl.find(_W + "start").set(qn("w:val"), start)
            num.remove(override)
        first_num = numbering.find(_W + "num")
        first_num.addprevious(clone)          # abstractNum elements come before the num elements
        ref.set(qn("w:val"), str(next_id))
        next_id += 1


def to_pdf(sources: list[Path], outdir: Path, profile: Path, options: str = "") -> list[Path]:
    """LibreOffice headless prints each document to ``outdir/<stem>.pdf``, all in one run, with a profile of its
    own (``lo_profile``: a LibreOffice the user has open would take the job); ``options``: the PDF export
    filter's, as JSON (a password)."""
    outdir.mkdir(parents=True, exist_ok=True)
    cmd = [soffice(), f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
           "--convert-to", f"pdf:writer_pdf_Export{':' + options if options else ''}", "--outdir", str(outdir),
           *map(str, sources)]
    proc = subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=900)
    out = [outdir / (source.stem + ".pdf") for source in sources]
    if proc.returncode != 0 or not all(p.exists() for p in out):
        raise RuntimeError(f"LibreOffice did not print {sources}: rc={proc.returncode}\n{proc.stdout}\n{proc.stderr}")
    return out


def scanned(pdf: Path, target: Path, dpi: int = 60) -> Path:
    """The PDF as a scanner gives it: every page a picture (pdftoppm), saved as an image-only PDF (Pillow)."""
    from PIL import Image

    with tempfile.TemporaryDirectory(prefix="scan-") as folder:
        subprocess.run([shutil.which("pdftoppm") or "pdftoppm", "-r", str(dpi), "-png", str(pdf),
                        str(Path(folder) / "page")], check=True, capture_output=True, timeout=300)
        pages = [Image.open(p).convert("RGB") for p in sorted(Path(folder).glob("page*.png"))]
        pages[0].save(target, "PDF", resolution=float(dpi), save_all=True, append_images=pages[1:])
    return target
