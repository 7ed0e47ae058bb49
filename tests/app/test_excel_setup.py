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
    assert not check.ok and "pip install xlwings==0.0.1" in check.detail
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
