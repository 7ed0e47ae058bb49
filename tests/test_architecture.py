"""The architecture holds: the import-linter contracts of pyproject.toml (layers, no cycles, libraries only in
their layer), module sizes, and what lies loose at the package root."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "xl_roadmap"
LINT = Path(sys.executable).with_name("lint-imports")


def _lint(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT), "--no-logo", "--no-cache", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300)


def test_the_contracts_of_pyproject_are_kept():
    run = _lint()
    assert run.returncode == 0, run.stdout + run.stderr
    assert "BROKEN" not in run.stdout and run.stdout.count("KEPT") >= 7, run.stdout


def test_a_broken_contract_fails_the_linter(tmp_path):
    """The linter sees imports of the standard library too (the pure layers may not open zip files): a contract
    broken on purpose must fail, or the real ones above prove nothing."""
    config = tmp_path / "broken.toml"
    config.write_text('[tool.importlinter]\nroot_package = "xl_roadmap"\ninclude_external_packages = true\n\n'
                      '[[tool.importlinter.contracts]]\nname = "core without re"\ntype = "forbidden"\n'
                      'source_modules = ["xl_roadmap.core"]\nforbidden_modules = ["re"]\n\n'
                      '[[tool.importlinter.contracts]]\nname = "rules above rollup"\ntype = "layers"\n'
                      'layers = ["xl_roadmap.rules", "xl_roadmap.rollup"]\n', encoding="utf-8")
    run = _lint(str(config))
    assert run.returncode != 0
    assert run.stdout.count("BROKEN") == 2, run.stdout


def test_no_module_over_500_lines_and_at_most_three_loose_at_the_root():
    sizes = {p.relative_to(PACKAGE).as_posix(): len(p.read_text(encoding="utf-8").splitlines())
             for p in PACKAGE.rglob("*.py")}
    assert {name: n for name, n in sizes.items() if n > 500} == {}
    loose = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(loose) <= 3, loose


def test_every_layer_folder_says_what_it_is_for():
    for folder in ("spec", "core", "rules", "rollup", "io", "app", "cli", "excel", "analysis"):
        init = PACKAGE / folder / "__init__.py"
        assert init.is_file(), folder
        assert init.read_text(encoding="utf-8").lstrip().startswith('"""'), f"{folder}/__init__.py: no docstring"
