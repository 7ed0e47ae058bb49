"""«Импорт» of an order published as PDF: the three seed roadmaps of the Word fixtures printed to PDF by
LibreOffice and imported, action by action against the import of the same .docx; a scan refused with the
reason and the file named; a table over many pages imported whole."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from tests.support import word_fixtures as wf
from tests.support.cli import run_cli, sha
from tests.support.pdf_fixtures import as_printed, scanned, to_pdf
from xl_roadmap.app.import_document import import_document
from xl_roadmap.io.pdf_document import SCAN

SEEDS = ("kalininsky", "strezhevoy", "botlikh")
KEYS = ("no", "deadline", "responsible")
SHARE = 0.95


@pytest.fixture(scope="module")
def imported(tmp_path_factory, lo_profile):
    """Per seed: the import of its .docx and of the PDF LibreOffice prints from that same .docx."""
    folder = tmp_path_factory.mktemp("seeds")
    sources = []
    for name in SEEDS:
        seed = getattr(wf, name)(folder)
        sources.append(as_printed(seed.path, folder / f"{name}.docx"))
    pdfs = to_pdf(sources, folder / "pdf", lo_profile)
    out = {}
    for name, source, pdf in zip(SEEDS, sources, pdfs):
        out[name] = (import_document(source, folder / f"{name}.docx.xlsx"),
                     import_document(pdf, folder / f"{name}.pdf.xlsx"), pdf)
    return out


def _shown(text: str) -> str:
    """What a PDF shows of a text: not whether a line ended a paragraph or wrapped, nor doubled spaces, nor a
    space before a comma where the line broke."""
    return re.sub(r"\s+([,.;:!?)»])", r"\1", " ".join(str(text).split()))


@pytest.mark.parametrize("name", SEEDS)
def test_the_pdf_gives_the_actions_of_the_docx(imported, name):
    word, pdf, _ = imported[name]
    assert word.output is not None and pdf.output is not None, (word.reason, pdf.reason)
    want = Counter(tuple(a[k] for k in KEYS) for a in word.plan.actions)
    got = Counter(tuple(a[k] for k in KEYS) for a in pdf.plan.actions)
    same = sum((want & got).values())
    share = same / len(word.plan.actions)
    print(f"{name}: {same} of {len(word.plan.actions)} actions with the number, deadline and responsible of "
          f"the .docx ({share:.1%}); {len(pdf.plan.actions)} from the PDF")
    assert share >= SHARE
    assert abs(len(pdf.plan.actions) - len(word.plan.actions)) <= len(word.plan.actions) * (1 - SHARE)
    shown = sum((Counter(tuple(_shown(a[k]) for k in (*KEYS, "action", "section")) for a in word.plan.actions) &
                 Counter(tuple(_shown(a[k]) for k in (*KEYS, "action", "section")) for a in pdf.plan.actions))
                .values())
    assert shown >= 0.5 * len(word.plan.actions)      # the action's long text too, mostly


def test_the_organisation_is_read_from_the_pdf_prose(imported):
    word, pdf, _ = imported["kalininsky"]
    for field in ("doc_kind", "doc_number", "doc_date", "period"):
        assert pdf.plan.organisation.get(field) == word.plan.organisation.get(field), field


def test_a_scan_is_refused_naming_the_file(imported, tmp_path):
    scan = scanned(imported["strezhevoy"][2], tmp_path / "приказ (скан).pdf")
    before = sha(scan)
    out = tmp_path / "план.xlsx"
    r = run_cli("import", str(scan), "-o", str(out))
    assert r.returncode == 2, r.stdout + r.stderr
    assert SCAN in r.stderr and "приказ (скан).pdf" in r.stderr and "Traceback" not in r.stderr + r.stdout
    assert not out.exists() and sha(scan) == before


def test_a_long_table_over_pages_imports_whole(tmp_path, lo_profile):
    import docx

    source = wf.long_table_docx(tmp_path / "long.docx", rows=200)
    document = docx.Document(str(source))
    document.tables[0].style = "Table Grid"           # a PDF's tables are found by their borders
    document.save(source)
    [pdf] = to_pdf([source], tmp_path / "pdf", lo_profile)
    r = run_cli("import", str(pdf), "-o", str(tmp_path / "long.xlsx"), "--json")
    assert r.returncode in (0, 1), r.stdout + r.stderr
    import json

    result = json.loads(r.stdout)
    assert result["actions"] == 200
    outcome = import_document(pdf, tmp_path / "again.xlsx")
    assert [a["no"] for a in outcome.plan.actions] == [str(k) for k in range(1, 201)]
    assert not [r for r in outcome.plan.repairs if r.kind in ("table-joined", "header-repeated")]


def test_a_table_without_borders_is_said_to_be_one(tmp_path, lo_profile):
    """A PDF's tables are found by their borders: a plan printed without them is refused saying so."""
    source = wf.long_table_docx(tmp_path / "без границ.docx", rows=20)       # python-docx's plain table: no borders
    [pdf] = to_pdf([source], tmp_path / "pdf", lo_profile)
    outcome = import_document(pdf, tmp_path / "plan.xlsx")
    assert outcome.output is None and "линиям границ ячеек" in outcome.reason
    assert "нет таблиц" in outcome.reason
