"""``xl-roadmap excel install`` / ``excel doctor`` (app/excel_setup.py) into a temporary home: a dry run writes
nothing, installing twice changes nothing the second time, the user's own xlwings settings stay, and
xlwings' own parser reads back what we wrote. No Excel here: the registry step is Windows-only and is not
exercised (see the module's docstring)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from xl_roadmap.app import excel_setup, templates
from xl_roadmap.app.errors import AddinMissing, OutputError
from xl_roadmap.app.excel_setup import CREATE, SAME, UPDATE, doctor, install, layout

# a stand-in for the built add-in (h-addin's xl-roadmap.xlam): any real bytes, copied as they are
ADDIN = (Path(__file__).resolve().parents[2] / "workbook_templates" / "xl-roadmap.xlam").read_bytes()
USER_CONF = b'"LICENSE_KEY","noncommercial"\r\n"INTERPRETER_WIN","C:\\Old\\python.exe"\r\n"SHOW CONSOLE","True"\r\n'


def _env(home: Path) -> dict[str, str]:
    return {"HOME": str(home), "USERPROFILE": str(home), "APPDATA": str(home / "AppData" / "Roaming")}


def _tree(root: Path) -> dict[str, bytes | None]:
    return {str(p.relative_to(root)): (p.read_bytes() if p.is_file() else None) for p in sorted(root.rglob("*"))}


def _cli(home: Path, *args: str):
    from xl_roadmap.cli.commands import main

    env = {**_env(home), "USERPROFILE": None}          # as on Linux: only HOME (and the test's APPDATA)
    return CliRunner().invoke(main, ["excel", *args], prog_name="xl-roadmap", env=env, catch_exceptions=False)


def _xlwings_reads(conf: Path, monkeypatch) -> dict[str, str]:
    """The file as xlwings' own reader sees it (keys lower-cased)."""
    import xlwings
    from xlwings.utils import read_user_config

    monkeypatch.setattr(xlwings, "USER_CONFIG_FILE", str(conf))
    return read_user_config()


def test_dry_run_names_the_interpreter_and_writes_nothing(tmp_path):
    home = tmp_path / "home"
    (home / ".xlwings").mkdir(parents=True)
    (home / ".xlwings" / "xlwings.conf").write_bytes(USER_CONF)
    before = _tree(tmp_path)
    result = _cli(home, "install", "--dry-run")
    assert result.exit_code == 0, result.output
    assert f"Python: {sys.executable}" in result.output
    assert f"INTERPRETER_WIN = {sys.executable}" in result.output and "UDF MODULES = xl_roadmap.excel.udfs" in result.output
    assert "было INTERPRETER_WIN = C:\\Old\\python.exe" in result.output
    assert str(home / "AppData" / "Roaming" / "Microsoft" / "AddIns" / "xl-roadmap.xlam") in result.output
    assert "Пробный запуск (--dry-run): ничего не записано." in result.output
    assert _tree(tmp_path) == before


def test_install_twice_changes_nothing_the_second_time_and_keeps_the_users_keys(tmp_path, monkeypatch):
    home = tmp_path / "home"
    conf = home / ".xlwings" / "xlwings.conf"
    conf.parent.mkdir(parents=True)
    conf.write_bytes(USER_CONF)
    first = install(os_name="windows", env=_env(home), addin=ADDIN)
    assert [(s.what, s.change) for s in first.steps] == [("Настройка xlwings", UPDATE), ("Надстройка", CREATE)]
    lay = layout("windows", _env(home))
    assert lay.addin == home / "AppData" / "Roaming" / "Microsoft" / "AddIns" / "xl-roadmap.xlam"
    assert lay.addin.read_bytes() == ADDIN
    assert _xlwings_reads(conf, monkeypatch) == {
        "license_key": "noncommercial", "interpreter_win": sys.executable, "show console": "True",
        "udf modules": "xl_roadmap.excel.udfs"}
    # the user's lines as they were, ours in their place, with the file's CRLF line ends
    assert conf.read_bytes() == (b'"LICENSE_KEY","noncommercial"\r\n"INTERPRETER_WIN","' + sys.executable.encode()
                                 + b'"\r\n"SHOW CONSOLE","True"\r\n"UDF MODULES","xl_roadmap.excel.udfs"\r\n')
    if sys.platform != "win32":
        assert any("Надстройки Excel» → Перейти… → Обзор…" in r and str(lay.addin) in r for r in first.remaining)
    after_first = _tree(home)

    second = install(os_name="windows", env=_env(home), addin=ADDIN)
    assert not second.changed and {s.change for s in second.steps} == {SAME}
    assert _tree(home) == after_first


def test_a_changed_addin_is_replaced_and_said_so(tmp_path):
    home = tmp_path / "home"
    install(os_name="windows", env=_env(home), addin=b"an older add-in")
    report = install(os_name="windows", env=_env(home), addin=ADDIN)
    step = next(s for s in report.steps if s.what == "Надстройка")
    assert step.change == UPDATE and "«Подключить функции»" in step.detail
    assert layout("windows", _env(home)).addin.read_bytes() == ADDIN


def test_a_cyrillic_python_path_is_written_in_the_ansi_code_page_vba_reads(tmp_path):
    home = tmp_path / "home"
    python = "C:\\Users\\Иван\\AppData\\Local\\Programs\\Python\\Python311\\python.exe"
    install(os_name="windows", env=_env(home), addin=ADDIN, python=python)
    data = (home / ".xlwings" / "xlwings.conf").read_bytes()
    encoding = "mbcs" if sys.platform == "win32" else "cp1251"
    # CRLF, as xlwings' own «xlwings config create» writes it on Windows (VBA's Input # reads lines)
    assert data == f'"INTERPRETER_WIN","{python}"\r\n"UDF MODULES","xl_roadmap.excel.udfs"\r\n'.encode(encoding)
    assert python.encode("utf-8") not in data


def test_a_python_path_vba_cannot_read_is_refused_before_anything_is_written(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    with pytest.raises(OutputError, match="латинскими буквами"):
        install(os_name="windows", env=_env(home), addin=ADDIN, python="C:\\用户\\python.exe")
    assert _tree(home) == {}


def test_macos_layout_puts_the_conf_in_excels_sandbox_and_the_runpython_applescript(tmp_path, monkeypatch):
    home = tmp_path / "home"
    report = install(os_name="macos", env={"HOME": str(home)}, addin=ADDIN)
    conf = home / "Library/Containers/com.microsoft.Excel/Data/xlwings.conf"
    assert _xlwings_reads(conf, monkeypatch)["interpreter_mac"] == sys.executable
    script = next(s for s in report.steps if s.what == "AppleScript для RunPython")
    import xlwings

    shipped = Path(xlwings.__file__).parent / f"xlwings-{xlwings.__version__}.applescript"
    assert script.path.read_bytes() == shipped.read_bytes()
    assert any("Сервис → Надстройки Excel…" in r for r in report.remaining)
    assert not install(os_name="macos", env={"HOME": str(home)}, addin=ADDIN).changed


def test_doctor_on_an_empty_home_says_what_is_missing(tmp_path):
    result = _cli(tmp_path / "empty", "doctor")
    assert result.exit_code == 1
    assert "✗ Настройка xlwings: нет файла" in result.output and "✗ Надстройка: нет файла" in result.output
    assert f"✓ Python: {sys.executable}" in result.output and "✓ Пакет xlwings: версия" in result.output
    assert "выполните xl-roadmap excel install" in result.output


def test_doctor_after_install_finds_everything_and_a_foreign_interpreter(tmp_path):
    home = tmp_path / "home"
    install(os_name="windows", env=_env(home), addin=ADDIN)
    checks = doctor(os_name="windows", env=_env(home), addin=ADDIN)
    registry = [c for c in checks if c.what == "Регистрация в Excel"]      # Windows only
    assert all(c.ok for c in checks if c not in registry), checks
    other = doctor(os_name="windows", env=_env(home), addin=ADDIN, python="C:\\Other\\python.exe")
    conf = next(c for c in other if c.what == "Настройка xlwings")
    assert not conf.ok and "а нужен C:\\Other\\python.exe" in conf.detail
    changed = doctor(os_name="windows", env=_env(home), addin=b"a newer add-in")
    assert not next(c for c in changed if c.what == "Надстройка").ok


def test_install_from_the_command_line_twice(tmp_path):
    """With the add-in built, the second run says nothing changed; without it, nothing is written at all."""
    home = tmp_path / "home"
    home.mkdir()
    try:
        excel_setup.addin_bytes()
        built = True
    except AddinMissing:
        built = False
    first = _cli(home, "install")
    if not built:
        assert first.exit_code == 2 and "надстройка не собрана" in first.output
        assert _tree(home) == {}
        return
    assert first.exit_code == 0 and "Готово" in first.output
    second = _cli(home, "install")
    assert second.exit_code == 0 and "Всё уже установлено: ничего не изменено." in second.output


def test_doctor_names_an_xlwings_other_than_the_one_the_addin_was_built_for(tmp_path):
    home = tmp_path / "home"
    built = templates.addin_xlwings_version(ADDIN)
    assert built                                             # the committed add-in says which xlwings it carries
    older = _with_member(ADDIN, "docProps/custom.xml", lambda xml: xml.replace(built.encode(), b"0.0.1"))
    install(os_name="windows", env=_env(home), addin=older)   # an add-in installed by an older xl-roadmap
    check = next(c for c in doctor(os_name="windows", env=_env(home), addin=older) if c.what == "Версия xlwings")
    # xlwings is pinned: the remedy is the add-in rebuilt for the installed xlwings, not another xlwings
    assert not check.ok and "собрана для xlwings 0.0.1" in check.detail and "excel install" in check.detail
    install(os_name="windows", env=_env(home), addin=ADDIN)
    assert not [c for c in doctor(os_name="windows", env=_env(home), addin=ADDIN) if c.what == "Версия xlwings"]


def _with_member(data: bytes, name: str, change) -> bytes:
    """A copy of a zip file's bytes with one member's content changed."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            dst.writestr(info, change(content) if info.filename == name else content)
    return out.getvalue()


# -- the registry values Excel reads (io/addin_files.py), decided without Windows ------------------------------

ADDIN_PATH = "C:\\Users\\Иван\\AppData\\Roaming\\Microsoft\\AddIns\\xl-roadmap.xlam"


@pytest.mark.parametrize("values, change", [
    ({}, ("OPEN", f'"{ADDIN_PATH}"')),
    ({"OPEN": '/R "C:\\Other\\analys.xlam"'}, ("OPEN1", f'"{ADDIN_PATH}"')),
    # an older install's read-only value is rewritten in place, never doubled (Excel would open it twice)
    ({"OPEN": '"C:\\a.xlam"', "OPEN2": f'/R "{ADDIN_PATH}"'}, ("OPEN2", f'"{ADDIN_PATH}"')),
    ({"OPEN": f'/R "{ADDIN_PATH.upper()}"'}, ("OPEN", f'"{ADDIN_PATH}"')),
    ({"OPEN": '"C:\\a.xlam"', "OPEN1": f'"{ADDIN_PATH}"'}, None),
])
def test_the_addin_is_registered_read_write_and_an_older_read_only_value_is_rewritten(values, change):
    from xl_roadmap.io.addin_files import open_change, open_path

    assert open_change(values, ADDIN_PATH) == change
    assert open_path(f'/R "{ADDIN_PATH}"') == open_path(f'"{ADDIN_PATH}"') == ADDIN_PATH


def test_registration_step_says_what_changes():
    from xl_roadmap.app.excel_setup import registration_change

    path = Path(ADDIN_PATH)
    assert registration_change({"16.0": None}, path)[0] == CREATE
    change, detail = registration_change({"16.0": f'/R "{path}"', "15.0": f'"{path}"'}, path)
    assert change == UPDATE and "только для чтения" in detail
    assert registration_change({"16.0": f'"{path}"'}, path) == (SAME, "Excel 16.0")


# -- a saved add-in, a running Excel ------------------------------------------------------------------------

def _saved_by_excel(addin: bytes) -> bytes:
    """What Excel leaves after «Подключить функции» saved the add-in: other bytes, its custom properties kept."""
    return _with_member(addin, "xl/worksheets/sheet1.xml", lambda xml: xml.replace(b"</sheetData>",
                                                                                    b"</sheetData>", 1) + b" ")


def test_an_addin_excel_saved_with_the_users_functions_is_kept_a_new_build_replaces_it(tmp_path):
    home = tmp_path / "home"
    install(os_name="windows", env=_env(home), addin=ADDIN)
    lay = layout("windows", _env(home))
    saved = _saved_by_excel(ADDIN)
    assert saved != ADDIN and templates.addin_build(saved) == templates.addin_build(ADDIN) is not None
    lay.addin.write_bytes(saved)
    again = install(os_name="windows", env=_env(home), addin=ADDIN)
    step = next(s for s in again.steps if s.what == "Надстройка")
    assert step.change == SAME and "сохранена в Excel" in step.detail
    assert lay.addin.read_bytes() == saved
    assert next(c for c in doctor(os_name="windows", env=_env(home), addin=ADDIN) if c.what == "Надстройка").ok
    newer = _with_member(ADDIN, "docProps/custom.xml",
                         lambda xml: xml.replace(templates.addin_build(ADDIN).encode(), b"0" * 32))
    replaced = install(os_name="windows", env=_env(home), addin=newer)
    assert next(s for s in replaced.steps if s.what == "Надстройка").change == UPDATE
    assert lay.addin.read_bytes() == newer


def test_nothing_is_installed_while_excel_runs_and_a_dry_run_says_so(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    with pytest.raises(OutputError, match="Excel запущен"):
        install(os_name="windows", env=_env(home), addin=ADDIN, excel_running=True)
    assert _tree(home) == {}
    dry = install(os_name="windows", env=_env(home), addin=ADDIN, excel_running=True, dry_run=True)
    assert any("Excel запущен" in n for n in dry.notes) and _tree(home) == {}
    # no registry on macOS: the add-in is read when Excel starts, so a note is enough
    mac = install(os_name="macos", env={"HOME": str(home)}, addin=ADDIN, excel_running=True)
    assert any("Excel запущен" in n for n in mac.notes) and mac.changed


def test_excel_is_found_in_tasklists_output():
    from xl_roadmap.io.excel_process import excel_in_tasklist

    assert excel_in_tasklist('"EXCEL.EXE","9120","Console","1","212 340 K"\r\n')
    assert not excel_in_tasklist("INFO: No tasks are running which match the specified criteria.\r\n")
    assert not excel_in_tasklist('"excelsior.exe","1","Console","1","1 K"\r\n')


# -- which Python the VBA starts, and where it finds xlwings' DLL -------------------------------------------

DLLS = ("xlwings32-0.37.8.dll", "xlwings64-0.37.8.dll")


def _dlls(folder: Path) -> tuple[Path, ...]:
    folder.mkdir(parents=True, exist_ok=True)
    for name in DLLS:
        (folder / name).write_bytes(name.encode())
    return tuple(folder / name for name in DLLS)


def test_pip_user_dlls_are_copied_beside_the_interpreter_where_the_vba_looks(tmp_path):
    """``pip install --user`` puts the DLLs in %APPDATA%\\Python, the VBA looks beside python.exe and one up."""
    from xl_roadmap.app.excel_setup import ThisPython

    home = tmp_path / "home"
    python_dir = tmp_path / "Programs" / "Python311"
    python_dir.mkdir(parents=True)
    (python_dir / "python.exe").write_bytes(b"")
    this = ThisPython(str(python_dir / "python.exe"), str(python_dir), _dlls(home / "AppData" / "Roaming" / "Python"))
    report = install(os_name="windows", env=_env(home), addin=ADDIN, python=this)
    steps = [s for s in report.steps if s.what == "Библиотека xlwings для функций листа"]
    assert sorted(s.path.name for s in steps) == list(DLLS) and {s.change for s in steps} == {CREATE}
    assert all((python_dir / name).read_bytes() == name.encode() for name in DLLS)
    dll = next(c for c in doctor(os_name="windows", env=_env(home), addin=ADDIN, python=this)
               if c.what == "Библиотека xlwings для функций листа")
    assert dll.ok, dll
    assert not [s for s in install(os_name="windows", env=_env(home), addin=ADDIN, python=this).steps
                if s.what == "Библиотека xlwings для функций листа"]


def test_a_venvs_dlls_are_found_one_folder_up_and_nothing_is_copied(tmp_path):
    from xl_roadmap.app.excel_setup import ThisPython

    venv = tmp_path / "venv"
    (venv / "Scripts").mkdir(parents=True)
    this = ThisPython(str(venv / "Scripts" / "python.exe"), "C:\\Python311", _dlls(venv))
    report = install(os_name="windows", env=_env(tmp_path / "home"), addin=ADDIN, python=this)
    assert not [s for s in report.steps if s.what == "Библиотека xlwings для функций листа"]
    assert not [r for r in report.remaining if "Функции листа" in r]


STORE_PACKAGE = "C:\\Program Files\\WindowsApps\\PythonSoftwareFoundation.Python.3.11_3.11.2544.0_x64__qbz5n2kfra8p0"
STORE_ALIAS = "\\Microsoft\\WindowsApps\\PythonSoftwareFoundation.Python.3.11_qbz5n2kfra8p0\\python.exe"


@pytest.mark.parametrize("executable", [f"{STORE_PACKAGE}\\python.exe", "C:\\Users\\ivan\\AppData\\Local" + STORE_ALIAS])
def test_a_store_python_is_named_by_its_alias_and_its_addin_kept_out_of_the_redirected_appdata(tmp_path, executable):
    from xl_roadmap.app.excel_setup import ThisPython

    home = tmp_path / "home"
    env = {**_env(home), "LOCALAPPDATA": "C:\\Users\\ivan\\AppData\\Local"}
    local = tmp_path / "LocalCache" / "local-packages"
    this = ThisPython(executable, STORE_PACKAGE, _dlls(local))
    report = install(os_name="windows", env=env, addin=ADDIN, python=this)
    alias = "C:\\Users\\ivan\\AppData\\Local" + STORE_ALIAS
    assert report.python == alias
    conf = (home / ".xlwings" / "xlwings.conf").read_bytes().decode("cp1251")
    assert f'"INTERPRETER_WIN","{alias}"' in conf
    # Windows writes a new file of a Store app under AppData into the app's private copy: Excel never sees it
    assert report.layout.addin == home / "xl-roadmap" / "xl-roadmap.xlam" and report.layout.addin.is_file()
    assert not (home / "AppData").exists()
    assert not [s for s in report.steps if s.what == "Регистрация в Excel"]      # the registry is a private copy too
    assert any("Обзор…" in r and str(report.layout.addin) in r for r in report.remaining)
    assert any("Microsoft Store" in n for n in report.notes)
    assert any("python.org" in r and any(name in r for name in DLLS) for r in report.remaining)
    checks = {c.what: c for c in doctor(os_name="windows", env=env, addin=ADDIN, python=this)}
    assert checks["Настройка xlwings"].ok and checks["Надстройка"].ok
    assert not checks["Python из Microsoft Store"].ok and "Обзор…" in checks["Python из Microsoft Store"].detail


# -- xlwings pinned, and a book whose module is another version ----------------------------------------------

def test_xlwings_is_pinned_to_the_version_the_committed_books_carry():
    import tomllib
    from importlib import metadata

    from xl_roadmap.io.vba.embedded import xlwings_module_version

    root = Path(__file__).resolve().parents[2]
    with open(root / "pyproject.toml", "rb") as f:
        pins = [d for d in tomllib.load(f)["project"]["dependencies"] if d.startswith("xlwings")]
    assert len(pins) == 1 and pins[0].startswith("xlwings=="), pins
    version = pins[0].removeprefix("xlwings==")
    assert metadata.version("xlwings") == version
    for name in ("school.xlsm", "district.xlsm", "xl-roadmap.xlam"):
        assert xlwings_module_version(root / "workbook_templates" / name) == version, name


def test_doctor_reads_a_books_xlwings_module_and_its_remedy_gives_a_book_with_the_installed_one(tmp_path):
    import importlib.util

    from xl_roadmap.app.upgrade import upgrade_file
    from xl_roadmap.io.vba.embedded import xlwings_module_version

    package = Path(importlib.util.find_spec("xlwings").submodule_search_locations[0])
    installed = excel_setup.xlwings_version()
    older = tmp_path / "runtime" / "xlwings.bas"
    older.parent.mkdir()
    older.write_text((package / "xlwings.bas").read_text(encoding="utf-8").replace(installed, "0.30.1"),
                     encoding="utf-8")
    book = templates.build_kind(tmp_path / "школа.xlsm", "school", True, runtime=[older,
                                package / "addin" / "Dictionary.cls"], org_name="МОУ СОШ № 1", org_code="ОО-01")
    assert xlwings_module_version(book) == "0.30.1"
    home = tmp_path / "home"
    checks = {c.what: c for c in doctor(os_name="windows", env=_env(home), addin=ADDIN,
                                        books=[book, Path(__file__).parents[2] / "workbook_templates" / "school.xlsm"])}
    stale = checks["Книга «школа.xlsm»"]
    assert not stale.ok and f"модуль xlwings 0.30.1, а установлен xlwings {installed}" in stale.detail
    assert "xl-roadmap upgrade" in stale.detail and checks["Книга «school.xlsm»"].ok
    # the remedy it names: a copy of this book of the current template, with the installed xlwings' module
    fresh = tmp_path / f"школа (xlwings {installed}).xlsm"
    outcome = upgrade_file(book, fresh)
    assert outcome.output == str(fresh) and outcome.modules == ("0.30.1", installed), outcome.lines()
    assert xlwings_module_version(fresh) == installed
    assert "модуль xlwings 0.30.1" in outcome.lines()[0]
    assert next(c for c in doctor(os_name="windows", env=_env(home), addin=ADDIN, books=[fresh])
                if c.what.startswith("Книга")).ok


def test_a_book_with_a_damaged_vba_project_is_named_not_a_crash(tmp_path):
    book = tmp_path / "битая.xlsm"
    book.write_bytes(_with_member((Path(__file__).parents[2] / "workbook_templates" / "school.xlsm").read_bytes(),
                                  "xl/vbaProject.bin", lambda data: data[:512] + b"\0" * 2048))
    check = next(c for c in doctor(os_name="windows", env=_env(tmp_path / "home"), addin=ADDIN, books=[book])
                 if c.what.startswith("Книга"))
    assert not check.ok and "не прочитана" in check.detail
