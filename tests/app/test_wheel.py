"""The package as a user gets it from ``pip install xl-roadmap``: a wheel in a fresh venv, no repository.

Every other test runs against the editable install of the repository, where a data file that
``[tool.setuptools.package-data]`` forgets, or a module reading something at the repository root, still
works. Here the wheel is built, checked for its data files, installed with its declared dependencies into
a new venv, and its console script is run from a folder outside the repository with the repository off
``sys.path``. It needs the package index (PyPI) for the build backend and the dependencies; without it the
tests fail with pip's message rather than skip, because a skipped packaging test proves nothing.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PACKAGE = "xl_roadmap"

# distribution name (normalised as PEP 503 does) → the module it is imported as
IMPORT_NAMES = {
    "xlwings": "xlwings",
    "openpyxl": "openpyxl",
    "jsonschema": "jsonschema",
    "click": "click",
    "xlsxwriter": "xlsxwriter",
    "python-calamine": "python_calamine",
    "pandas": "pandas",
    "rapidfuzz": "rapidfuzz",
    "ms-ovba": "ms_ovba",
    "python-docx": "docx",
    "olefile": "olefile",
    "pdfplumber": "pdfplumber",
}

# what pip may do: fetch the build backend, then resolve and install the dependencies (~1-3 min cold)
BUILD_TIMEOUT = 300
VENV_TIMEOUT = 180
INSTALL_TIMEOUT = 600
RUN_TIMEOUT = 300

# left out of the build copy: local state, not sources (a stale egg-info or build/ could leak into the wheel)
_NOT_SOURCES = {".venv", ".git", "build", "dist", "demo_out", "bench_out"}


@dataclass(frozen=True)
class Installed:
    wheel: Path
    venv: Path
    env: dict[str, str]

    @property
    def bin(self) -> Path:
        return self.venv / ("Scripts" if os.name == "nt" else "bin")

    def exe(self, name: str) -> str:
        return str(self.bin / (name + (".exe" if os.name == "nt" else "")))


def _run(cmd: list[str], *, timeout: int, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", errors="replace",
                          timeout=timeout, **kw)


def _explain(r: subprocess.CompletedProcess) -> str:
    return f"$ {' '.join(map(str, r.args))}\nrc={r.returncode}\n--- stdout\n{r.stdout[-4000:]}\n" \
           f"--- stderr\n{r.stderr[-4000:]}"


def _ignore_local_state(directory: str, names: list[str]) -> set[str]:
    top = Path(directory).resolve() == REPO
    return {n for n in names
            if n in {"__pycache__", ".pytest_cache", ".hypothesis", ".ruff_cache"} or n.endswith(".egg-info")
            or (top and n in _NOT_SOURCES)}


def _clean_env(venv_bin: Path) -> dict[str, str]:
    """The user's environment: no repository on PYTHONPATH, no dev venv on PATH, no user site-packages."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP", "PYTHONSAFEPATH"}}
    dev_bin = str(Path(sys.executable).parent)
    path = [p for p in env.get("PATH", "").split(os.pathsep) if p and p != dev_bin and not p.startswith(str(REPO))]
    env["PATH"] = os.pathsep.join([str(venv_bin), *path])
    env["PYTHONNOUSERSITE"] = "1"
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Installed:
    """Build the wheel once and install it (with its dependencies) into a fresh venv, for the whole module."""
    base = tmp_path_factory.mktemp("wheel")
    # Build from a copy: an in-tree setuptools build writes build/ and *.egg-info into the source folder,
    # and the repository is shared with people working in it.
    src = base / "src"
    shutil.copytree(REPO, src, ignore=_ignore_local_state)
    dist = base / "dist"
    # With build isolation, not --no-build-isolation: the dev venv's setuptools (65) is older than
    # [build-system] requires (>=68) and has no bdist_wheel without the `wheel` package; an isolated build
    # uses exactly the declared backend, as a release build (or `pip install` from an sdist) would.
    r = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check", "-q",
              "-w", str(dist), str(src)], timeout=BUILD_TIMEOUT, cwd=base)
    if r.returncode != 0:
        pytest.fail("building the wheel failed (is the package index reachable for the build backend "
                    f"setuptools>=68?)\n{_explain(r)}", pytrace=False)
    wheels = sorted(dist.glob("xl_roadmap-*.whl"))
    assert len(wheels) == 1, f"expected one wheel in {dist}: {list(dist.iterdir())}"

    venv = base / "venv"
    r = _run([sys.executable, "-m", "venv", str(venv)], timeout=VENV_TIMEOUT, cwd=base)
    assert r.returncode == 0, _explain(r)
    inst = Installed(wheels[0], venv, _clean_env(venv / ("Scripts" if os.name == "nt" else "bin")))
    r = _run([inst.exe("python"), "-m", "pip", "install", "--disable-pip-version-check", "-q", str(inst.wheel)],
             timeout=INSTALL_TIMEOUT, cwd=base, env=inst.env)
    if r.returncode != 0:
        pytest.fail(f"installing the wheel with its dependencies failed (is PyPI reachable?)\n{_explain(r)}",
                    pytrace=False)
    return inst


@pytest.fixture
def outside(tmp_path) -> Path:
    """A working folder outside the repository, so nothing can be found relative to the current folder."""
    assert not tmp_path.resolve().is_relative_to(REPO)
    return tmp_path


def _xl_roadmap(installed: Installed, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    r = _run([installed.exe("xl-roadmap"), *args], timeout=RUN_TIMEOUT, cwd=cwd, env=installed.env)
    assert "Traceback" not in r.stderr, _explain(r)
    return r


def _installed_package_dir(installed: Installed) -> Path:
    r = _run([installed.exe("python"), "-c", "import xl_roadmap, sys; print(xl_roadmap.__file__)"],
             timeout=RUN_TIMEOUT, cwd=installed.venv.parent, env=installed.env)
    assert r.returncode == 0, _explain(r)
    return Path(r.stdout.strip()).resolve().parent


def test_wheel_holds_the_run_time_data_and_nothing_of_the_repository(installed):
    with zipfile.ZipFile(installed.wheel) as z:
        names = set(z.namelist())
    spec_json = {n for n in names if re.fullmatch(r"xl_roadmap/spec/[^/]+\.json", n)}
    expected_spec = {f"xl_roadmap/spec/{stem}.json" for stem in
                     ("catalogue", "catalogue.schema", "rules", "rules.schema", "workbook", "workbook.schema",
                      "word_import", "word_import.schema")}
    assert spec_json == expected_spec, f"spec JSON in the wheel: {sorted(spec_json)}"
    # and every spec file the repository has: a new one must be packaged too
    assert {f"xl_roadmap/spec/{p.name}" for p in (REPO / PACKAGE / "spec").glob("*.json")} <= spec_json
    assert "xl_roadmap/app/demo/content.json" in names
    # the VBA sources: the repository's top-level macros/, every one of them, mapped into the package (setup.py)
    sources = sorted((REPO / "macros").glob("*.bas"))
    assert {"XlRoadmap.bas", "XlRoadmapRibbon.bas"} <= {p.name for p in sources}
    with zipfile.ZipFile(installed.wheel) as z:
        for source in sources:
            assert z.read(f"xl_roadmap/macros/{source.name}") == source.read_bytes(), source.name
    top = {n.split("/", 1)[0] for n in names}
    assert not {"macros", "tests"} & top, f"repository folders in the wheel: {sorted(top)}"
    # only the package and its metadata at the top of site-packages (no benchmarks/, scripts/, ...)
    assert {t for t in top if not t.endswith(".dist-info")} == {PACKAGE}, sorted(top)


def test_installed_package_is_the_wheels_copy(installed):
    """Guards the other tests: they would prove nothing if the repository's copy were imported."""
    pkg = _installed_package_dir(installed)
    assert pkg.is_relative_to(installed.venv.resolve()), pkg
    assert not pkg.is_relative_to(REPO), pkg


def test_macro_template_from_the_installed_script(installed, outside):
    r = _xl_roadmap(installed, outside, "template", "school", "--macros", "-o", "школа.xlsm")
    assert r.returncode == 0, _explain(r)
    book = outside / "школа.xlsm"
    assert book.is_file(), _explain(r)
    with zipfile.ZipFile(book) as z:
        assert "xl/vbaProject.bin" in z.namelist()


def test_addin_from_the_installed_package(installed, outside):
    """What ``excel install`` copies into Excel: the add-in built by the installed package, its RunPython taken
    from the installed xlwings (no repository, no committed copy)."""
    code = ("from pathlib import Path; from xl_roadmap.app.templates import addin_bytes; "
            "Path('xl-roadmap.xlam').write_bytes(addin_bytes())")
    r = _run([installed.exe("python"), "-c", code], timeout=RUN_TIMEOUT, cwd=outside, env=installed.env)
    assert r.returncode == 0, _explain(r)
    with zipfile.ZipFile(outside / "xl-roadmap.xlam") as z:
        names = set(z.namelist())
        types = z.read("[Content_Types].xml").decode("utf-8")
    assert "customUI/customUI.xml" in names and "application/vnd.ms-excel.addin.macroEnabled.main+xml" in types
    from tests.support.vba_read import project_stream

    modules = project_stream(outside / "xl-roadmap.xlam").splitlines()
    assert {"Module=XlRoadmapRibbon", "Module=xlwings", "Class=Dictionary"} <= set(modules), modules


def test_demo_from_the_installed_script(installed, outside):
    """The README's first command: content.json, the spec and the writers all from the installed package."""
    r = _xl_roadmap(installed, outside, "demo", "--schools", "2", "--out", "demo", "--as-of", "2025-03-15")
    assert r.returncode == 0, _explain(r)
    assert (outside / "demo" / "свод_района.xlsx").is_file(), _explain(r)
    schools = sorted((outside / "demo" / "schools").glob("*.xlsx"))
    assert len(schools) == 2, schools
    for book in [outside / "demo" / "свод_района.xlsx", *schools]:
        assert zipfile.is_zipfile(book), book


def _imported_top_modules(package_dir: Path) -> set[str]:
    """Top-level names of absolute imports (``import X.y``, ``from X.y import z``) in the package's modules.
    Parsed, not grepped, so an import named in a docstring or comment does not count."""
    found: set[str] = set()
    for path in package_dir.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.Import):
                found.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return found


def test_every_declared_dependency_is_used(installed):
    """A dependency every user downloads must be imported by the package: an unused one is a cost for nothing
    (and a sign that the code moved on without pyproject.toml)."""
    with open(REPO / "pyproject.toml", "rb") as f:
        declared = tomllib.load(f)["project"]["dependencies"]
    names = [re.sub(r"[-_.]+", "-", re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", d).group(1)).lower()
             for d in declared]
    unknown = [n for n in names if n not in IMPORT_NAMES]
    assert not unknown, f"add the import name of {unknown} to IMPORT_NAMES in {Path(__file__).name}"
    imported = _imported_top_modules(_installed_package_dir(installed))
    unused = [n for n in names if IMPORT_NAMES[n] not in imported]
    assert not unused, f"declared in [project] dependencies but never imported by {PACKAGE}: {unused}"


def test_the_installed_spec_is_trusted_by_its_stamp(installed, outside):
    """spec/schemas.sha256 travels in the wheel: the installed package loads its spec without importing
    jsonschema (without the stamp every click would check the spec anew)."""
    code = "import sys; from xl_roadmap.spec import default_spec; default_spec(); print('jsonschema' in sys.modules)"
    r = _run([installed.exe("python"), "-c", code], timeout=RUN_TIMEOUT, cwd=outside, env=installed.env)
    assert r.returncode == 0 and r.stdout.strip() == "False", _explain(r)
