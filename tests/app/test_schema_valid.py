"""Every kind of book we write is valid Open XML, as Excel's own SDK would judge it.

Excel repairs a file that breaks the schema («We found a problem with some content…») or refuses it; LibreOffice
and our readers forgive it, so no other test would notice. openxml-audit ports the Open XML SDK's validation
(the schemas, customUI of the ribbon included, and its semantic checks) to Python. Each kind is written here the
way a user gets it — templates and the add-in as committed (tests/app/test_templates.py proves them current),
the rest through the commands — and must have no error at all; a planted error proves the check sees one.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openxml_audit import OpenXmlValidator, ValidationSeverity

from tests.app.test_import_document import _plan_docx
from tests.support.cli import invoke
from tests.support.district import AS_OF, clean_plan, write_plan

TEMPLATES = Path(__file__).resolve().parents[2] / "workbook_templates"
DISTRICT = ("--signatory", "Иванова А.А., начальник", "--contact", "8 (800) 000-00-00")


def _errors(path: Path) -> list[str]:
    """The validator's errors; its warnings are advice (a report copy keeps the inline strings of the book it
    copies, which Excel moves to a shared-strings table when it next saves the copy) and are not counted."""
    result = OpenXmlValidator(max_errors=200).validate(path)
    return [f"{e.part_uri}: {e.description}" for e in result.errors if e.severity == ValidationSeverity.ERROR]


def _district(root: Path, code: str, schools: int, seed: int, *archive: str) -> Path:
    inbox = root / code / "книги"
    inbox.mkdir(parents=True)
    for i in range(schools):
        plan = clean_plan(i, seed=seed)
        plan.content.organisation["org_code"] = f"{code}-{plan.org['code']}"
        write_plan(plan, inbox / f"{code}-{i}.xlsx")
    out = root / code / f"свод {code}.xlsx"
    done = invoke("consolidate", str(inbox), "-o", str(out), "--as-of", AS_OF.isoformat(), "--org-name",
                  f"УО {code}", "--org-code", code, *DISTRICT, *archive)
    assert done.exit_code == 0 and out.is_file(), done.output
    return out


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("schema")
    first = _district(root, "A", 2, 21)
    second = _district(root, "B", 2, 22, "--no-archive")
    region = root / "регион.xlsx"
    done = invoke("consolidate", str(first), str(second), "-o", str(region), "--as-of", AS_OF.isoformat(),
                  "--org-name", "Министерство образования", "--org-code", "R", *DISTRICT, "--no-archive")
    assert done.exit_code == 0, done.output
    school = next((root / "A" / "книги").glob("*.xlsx"))
    report = root / "отчёт.xlsx"
    assert invoke("validate", str(school), "--as-of", AS_OF.isoformat(), "--report", str(report)).exit_code in (0, 1)
    trends = root / "тренды.xlsx"
    done = invoke("history", "--archive", str(first.parent / "xl-roadmap-архив.sqlite"), "-o", str(trends))
    assert done.exit_code == 0, done.output
    plan = root / "план.xlsx"
    assert invoke("import", str(_plan_docx(root / "приказ.docx")), "-o", str(plan), "--as-of",
                  AS_OF.isoformat()).exit_code in (0, 1)
    return {"district roll-up": first, "region roll-up": region, "report copy": report, "trend book": trends,
            "imported plan": plan}


@pytest.mark.parametrize("name", ["school.xlsx", "school.xlsm", "district.xlsx", "district.xlsm",
                                  "xl-roadmap.xlam"])
def test_templates_and_the_addin_are_valid(name):
    assert _errors(TEMPLATES / name) == []


@pytest.mark.parametrize("kind", ["district roll-up", "region roll-up", "report copy", "trend book",
                                  "imported plan"])
def test_written_books_are_valid(books, kind):
    assert books[kind].is_file()
    assert _errors(books[kind]) == []


def _planted(source: Path, target: Path, part: str, change) -> Path:
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            dst.writestr(info, change(data) if info.filename == part else data)
    return target


def test_a_planted_error_is_found_in_a_sheet_and_in_the_ribbon(books, tmp_path):
    sheet = _planted(books["district roll-up"], tmp_path / "свод.xlsx", "xl/worksheets/sheet1.xml",
                     lambda xml: xml.replace(b"<sheetData>", b"<sheetData><bogus/>", 1))
    assert any("sheet1.xml" in e and "bogus" in e for e in _errors(sheet))
    ribbon = _planted(TEMPLATES / "xl-roadmap.xlam", tmp_path / "addin.xlam", "customUI/customUI.xml",
                      lambda xml: xml.replace(b'size="large"', b'size="huge"', 1))
    assert any("customUI.xml" in e and "huge" in e for e in _errors(ribbon))
