"""Use cases ``xl-roadmap excel install`` and ``excel doctor``: the user's machine made ready for the add-in.

Three things make the ribbon work: xlwings' user configuration names THIS Python (the one xl-roadmap is
installed in) and our worksheet functions' module; the add-in file lies in Excel's add-ins folder; Excel opens
it at start (on Windows we register it; elsewhere the user ticks it once). Installing is idempotent: what is
already right is left as it is, and the report says so. Paths come from the environment (``USERPROFILE`` /
``APPDATA`` on Windows, ``HOME`` on macOS), so the tests install into a temporary home.

Excel for Linux does not exist: there the Windows layout is shown and written (for a dry run, or to prepare
a folder), and nothing is registered.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from xl_roadmap.app.templates import ADDIN_NAME, addin_bytes, addin_xlwings_version
from xl_roadmap.io.addin_files import (
    AddinMissing,
    file_state,
    put_file,
    read_addin,
    register,
    registered_versions,
    registry_available,
    xlwings_applescript,
)
from xl_roadmap.io.atomic import OutputError
from xl_roadmap.io.xlwings_conf import (
    conf_encoding,
    conf_newline,
    read_conf,
    unencodable,
    write_conf,
)

WINDOWS, MACOS = "windows", "macos"
UDF_MODULE = "xl_roadmap.excel.udfs"
UDF_KEY = "UDF MODULES"          # spelled with a space: xlwings.bas reads GetConfig("UDF MODULES")

# what a step does (or would do)
CREATE, UPDATE, SAME, MANUAL, MISSING = "создать", "обновить", "без изменений", "вручную", "нет файла"

MANUAL_STEPS = {
    WINDOWS: "Excel → Файл → Параметры → Надстройки → Управление: «Надстройки Excel» → Перейти… → Обзор… → "
             "выберите «{path}» → ОК (один раз).",
    MACOS: "Excel → Сервис → Надстройки Excel… → Обзор… → выберите «{path}» → ОК (один раз).",
}


OS_NAMES = {WINDOWS: "Windows", MACOS: "macOS"}


def current_os() -> str:
    return MACOS if sys.platform == "darwin" else WINDOWS


def native(os_name: str) -> bool:
    """Whether this machine is the one whose Excel the layout is for."""
    return sys.platform == ("darwin" if os_name == MACOS else "win32")


@dataclass(frozen=True)
class Layout:
    os_name: str
    conf: Path                       # xlwings' user configuration
    addins: Path                     # Excel's add-ins folder
    scripts: Path | None = None      # macOS: where Excel's sandbox lets AppleScripts run (RunPython needs one)

    @property
    def addin(self) -> Path:
        return self.addins / ADDIN_NAME

    @property
    def interpreter_key(self) -> str:
        return "INTERPRETER_MAC" if self.os_name == MACOS else "INTERPRETER_WIN"


def _first_existing(base: Path, *names: str) -> Path:
    """Finder shows «User Content» for a folder that may be called «User Content.localized»."""
    for name in names:
        if (base / name).exists():
            return base / name
    return base / names[-1]


def layout(os_name: str | None = None, env: Mapping[str, str] | None = None) -> Layout:
    env = os.environ if env is None else env
    os_name = os_name or current_os()
    if os_name == MACOS:
        home = Path(env.get("HOME") or Path.home())
        # xlwings' own choice on macOS (xlwings.USER_CONFIG_FILE): inside Excel's sandbox
        conf = home / "Library/Containers/com.microsoft.Excel/Data/xlwings.conf"
        office = home / "Library/Group Containers/UBF8T346G9.Office"
        content = _first_existing(office, "User Content.localized", "User Content")
        addins = _first_existing(content, "Add-Ins.localized", "Add-Ins")
        return Layout(MACOS, conf, addins, home / "Library/Application Scripts/com.microsoft.Excel")
    # xlwings.bas reads Environ("USERPROFILE") & "\.xlwings\xlwings.conf"
    home = Path(env.get("USERPROFILE") or env.get("HOME") or Path.home())
    appdata = Path(env.get("APPDATA") or home / "AppData" / "Roaming")
    return Layout(WINDOWS, home / ".xlwings" / "xlwings.conf", appdata / "Microsoft" / "AddIns")


@dataclass
class Step:
    what: str
    path: Path
    change: str
    detail: str = ""


@dataclass
class InstallReport:
    layout: Layout
    python: str
    dry_run: bool
    steps: list[Step] = field(default_factory=list)
    remaining: list[str] = field(default_factory=list)       # what only the user can do, said exactly
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(s.change in (CREATE, UPDATE) for s in self.steps)


def _conf_values(lay: Layout, python: str) -> dict[str, str]:
    return {lay.interpreter_key: python, UDF_KEY: UDF_MODULE}


def _packaged_addin(addin: bytes | None) -> bytes:
    return addin if addin is not None else addin_bytes()


def install(*, dry_run: bool = False, os_name: str | None = None, env: Mapping[str, str] | None = None,
            python: str | None = None, addin: bytes | None = None) -> InstallReport:
    """Configure xlwings, put the add-in in place and register it (Windows). ``dry_run`` writes nothing.
    Raises AddinMissing when the add-in is not built (before anything is written) and OutputError when a
    file cannot be written."""
    lay = layout(os_name, env)
    python = python or sys.executable
    report = InstallReport(layout=lay, python=python, dry_run=dry_run)
    if not native(lay.os_name):
        report.notes.append(f"На этой машине ({sys.platform}) нет Excel для {OS_NAMES[lay.os_name]}: папки — "
                            f"как их видит Excel для {OS_NAMES[lay.os_name]}, в Excel ничего не регистрируется.")
    try:
        data = _packaged_addin(addin)
    except AddinMissing as exc:
        if not dry_run:
            raise
        data = None
        report.notes.append(f"Внимание: {exc}.")

    encoding = conf_encoding(lay.os_name == WINDOWS)
    if unencodable(python, encoding):
        raise OutputError(f"Путь к Python «{python}» содержит знаки, которых нет в кодировке {encoding}, а VBA "
                          f"читает xlwings.conf в ней: установите Python в папку с латинскими буквами "
                          f"(например C:\\Python311) и повторите.")
    conf = read_conf(lay.conf, encoding)
    wanted = conf.with_values(_conf_values(lay, python), conf_newline(lay.os_name == WINDOWS))
    change = SAME if wanted.lines == conf.lines else (UPDATE if conf.exists else CREATE)
    detail = ", ".join(f"{k} = {v}" for k, v in _conf_values(lay, python).items())
    old = conf.get(lay.interpreter_key)
    if old and old != python:
        detail += f" (было {lay.interpreter_key} = {old})"
    report.steps.append(Step("Настройка xlwings", lay.conf, change, detail))

    if data is None:
        report.steps.append(Step("Надстройка", lay.addin, MISSING, "надстройка пакета не собрана"))
    else:
        state = file_state(lay.addin, data)
        report.steps.append(Step("Надстройка", lay.addin, {"absent": CREATE, "different": UPDATE}.get(state, SAME),
                                 "прежняя заменена (функции листа подключите заново: «Подключить функции»)"
                                 if state == "different" else ""))
    script = xlwings_applescript() if lay.os_name == MACOS else None
    if lay.os_name == MACOS:
        if script is None:
            report.notes.append("Внимание: в пакете xlwings нет AppleScript для RunPython — переустановите xlwings.")
        else:
            target = lay.scripts / script[0]
            state = file_state(target, script[1])
            report.steps.append(Step("AppleScript для RunPython", target,
                                     {"absent": CREATE, "different": UPDATE}.get(state, SAME)))

    if lay.os_name == WINDOWS and registry_available():
        done = registered_versions(lay.addin)
        report.steps.append(Step("Регистрация в Excel", lay.addin, SAME if done else CREATE,
                                 f"Excel {', '.join(done)}" if done else
                                 "HKCU\\Software\\Microsoft\\Office\\<версия>\\Excel\\Options, значение OPENn"))
    else:
        report.remaining.append(MANUAL_STEPS[lay.os_name].format(path=lay.addin))

    if dry_run:
        return report
    if change != SAME:
        write_conf(lay.conf, wanted, encoding)
    if data is not None and file_state(lay.addin, data) != "same":
        put_file(lay.addin, data)
    if script is not None and file_state(lay.scripts / script[0], script[1]) != "same":
        put_file(lay.scripts / script[0], script[1])
    if lay.os_name == WINDOWS and registry_available():
        added, _ = register(lay.addin)
        if not added and not registered_versions(lay.addin):
            report.remaining.append("Excel ещё ни разу не запускался под этим пользователем, зарегистрировать "
                                    "надстройку негде: запустите и закройте Excel, затем повторите "
                                    "xl-roadmap excel install — или " + MANUAL_STEPS[WINDOWS].format(path=lay.addin))
    return report


# -- doctor ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Check:
    what: str
    ok: bool
    detail: str


def xlwings_version() -> str | None:
    try:
        return metadata.version("xlwings")
    except metadata.PackageNotFoundError:
        return None


def doctor(*, os_name: str | None = None, env: Mapping[str, str] | None = None, python: str | None = None,
           addin: bytes | None = None) -> list[Check]:
    """What the add-in needs on this machine, each with what is wrong and how to fix it."""
    lay = layout(os_name, env)
    python = python or sys.executable
    fix = "выполните xl-roadmap excel install"
    checks = [Check("Python", Path(python).exists(), python)]
    version = xlwings_version()
    checks.append(Check("Пакет xlwings", version is not None,
                        f"версия {version}" if version else "не установлен: pip install xl-roadmap"))
    try:     # the version the INSTALLED add-in's VBA was built for (an older install may lag the package)
        wanted = addin_xlwings_version(read_addin(lay.addin)) if lay.addin.exists() else None
    except AddinMissing:
        wanted = None
    if wanted and version and wanted != version:
        # the add-in's VBA calls xlwings64-<its version>.dll / xlwings-<its version>.applescript
        checks.append(Check("Версия xlwings", False, f"надстройка собрана для xlwings {wanted}, установлен "
                                                     f"{version}: pip install xlwings=={wanted}"))

    conf = read_conf(lay.conf, conf_encoding(lay.os_name == WINDOWS))
    interpreter, modules = conf.get(lay.interpreter_key), conf.get(UDF_KEY) or ""
    if not conf.exists:
        checks.append(Check("Настройка xlwings", False, f"нет файла {lay.conf}: {fix}"))
    elif interpreter != python:
        checks.append(Check("Настройка xlwings", False, f"{lay.conf}: {lay.interpreter_key} = "
                                                        f"{interpreter or 'не указан'}, а нужен {python}: {fix}"))
    elif UDF_MODULE not in modules.split(";"):
        checks.append(Check("Настройка xlwings", False, f"{lay.conf}: в «{UDF_KEY}» нет {UDF_MODULE}: {fix}"))
    else:
        checks.append(Check("Настройка xlwings", True, str(lay.conf)))

    try:
        packaged = _packaged_addin(addin)
    except AddinMissing:
        packaged = None
    state = file_state(lay.addin, packaged) if packaged is not None else (
        "same" if lay.addin.exists() else "absent")
    checks.append(Check("Надстройка", state == "same", {
        "absent": f"нет файла {lay.addin}: {fix}",
        "different": f"{lay.addin} не та, что в этой версии xl-roadmap (прежняя версия?): {fix}",
        "same": str(lay.addin) + ("" if packaged is not None else " (сравнить не с чем: надстройка пакета не собрана)"),
    }[state]))
    if lay.os_name == MACOS:
        script = xlwings_applescript()
        name = script[0] if script else "xlwings-<версия>.applescript"
        present = script is not None and file_state(lay.scripts / name, script[1]) == "same"
        checks.append(Check("AppleScript для RunPython", present,
                            str(lay.scripts / name) if present else f"нет {lay.scripts / name}: {fix}"))
    if lay.os_name == WINDOWS and registry_available():
        done = registered_versions(lay.addin)
        checks.append(Check("Регистрация в Excel", bool(done), f"Excel {', '.join(done)}" if done else
                            f"Excel не открывает надстройку при запуске: {fix} или "
                            + MANUAL_STEPS[WINDOWS].format(path=lay.addin)))
    return checks
