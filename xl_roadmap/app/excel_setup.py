"""Use cases ``xl-roadmap excel install`` and ``excel doctor``: the user's machine made ready for the add-in.

Three things make the ribbon work: xlwings' user configuration names THIS Python (the one xl-roadmap is
installed in) and our worksheet functions' module; the add-in file lies in Excel's add-ins folder; Excel opens
it at start (on Windows we register it; elsewhere the user ticks it once). Installing is idempotent: what is
already right is left as it is, and the report says so. Paths come from the environment (``USERPROFILE`` /
``APPDATA`` on Windows, ``HOME`` on macOS), so the tests install into a temporary home.

Excel for Linux does not exist: there the Windows layout is shown and written (for a dry run, or to prepare
a folder), and nothing is registered.

What holds on a school PC:
- the add-in is registered read-write («Подключить функции» saves it), and a saved add-in of the same build is
  kept, not «repaired» back (io/vba/addin.py names each build);
- nothing is registered while Excel runs: it writes its list of add-ins back when it closes;
- the Python that xlwings' VBA starts and the folders where it looks for xlwings' DLL are worked out for Python
  from python.org, a venv, ``pip install --user`` (the DLL lies in ``%APPDATA%\\Python``: copied beside the
  interpreter) and the Microsoft Store (Windows gives that Python private copies of AppData and of the
  registry, which Excel never reads: the add-in goes to the user's folder and is added in Excel's dialog once).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from xl_roadmap.app.templates import ADDIN_NAME, addin_build, addin_bytes, addin_xlwings_version
from xl_roadmap.io.addin_files import (
    AddinMissing,
    file_state,
    open_value,
    put_file,
    read_addin,
    register,
    registrations,
    registry_available,
    xlwings_applescript,
)
from xl_roadmap.io.atomic import OutputError
from xl_roadmap.io.excel_process import excel_running as _excel_running
from xl_roadmap.io.read_error import ReadError
from xl_roadmap.io.vba.embedded import xlwings_module_version
from xl_roadmap.io.xlwings_conf import (
    conf_encoding,
    conf_newline,
    read_conf,
    unencodable,
    write_conf,
)
from xl_roadmap.io.xlwings_dll import xlwings_dlls

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
EXCEL_RUNNING = ("Excel запущен. Закройте все окна Excel (если окон нет, а Excel работает — завершите EXCEL.EXE в "
                 "диспетчере задач) и повторите xl-roadmap excel install: Excel при закрытии записывает свой "
                 "список надстроек поверх нашего, а открытую надстройку нельзя заменить")
STORE_PYTHON = ("Python из Microsoft Store: Windows даёт ему личные копии папки AppData и реестра, которых Excel не "
                "видит. Поэтому надстройка положена в папку пользователя, и в Excel её нужно один раз добавить "
                "вручную (см. ниже)")
STORE_FUNCTIONS = ("Функции листа (кнопка «Подключить функции») с Python из Microsoft Store не заработают: библиотеку "
                   "xlwings ({dll}) VBA ищет в папке Python и на уровень выше ({folders}), а положить её туда этот "
                   "Python не может. Кнопки вкладки работают и так; для функций установите Python с python.org "
                   "(«для текущего пользователя»), в него — xl-roadmap, и повторите xl-roadmap excel install")

OS_NAMES = {WINDOWS: "Windows", MACOS: "macOS"}

# Python from the Microsoft Store runs from C:\Program Files\WindowsApps\<package>, which nothing else may start;
# its App Execution Alias (what «python» runs) is %LOCALAPPDATA%\Microsoft\WindowsApps\<family>\python.exe.
_STORE_PACKAGE = re.compile(r"[\\/]WindowsApps[\\/]PythonSoftwareFoundation\.Python\.(\d+\.\d+)_([^\\/]*)",
                            re.IGNORECASE)


def current_os() -> str:
    return MACOS if sys.platform == "darwin" else WINDOWS


def native(os_name: str) -> bool:
    """Whether this machine is the one whose Excel the layout is for."""
    return sys.platform == ("darwin" if os_name == MACOS else "win32")


@dataclass(frozen=True)
class ThisPython:
    """The Python that xlwings' VBA is to start: its path, the installation a venv was made from, and where
    pip put the installed xlwings' DLLs (``pip install --user`` and the Store put them away from it)."""

    executable: str
    base_prefix: str = ""
    dlls: tuple[Path, ...] = ()

    @classmethod
    def here(cls) -> ThisPython:
        return cls(sys.executable, sys.base_prefix, xlwings_dlls())

    @property
    def from_store(self) -> bool:
        return any(_STORE_PACKAGE.search(p) for p in (self.executable, self.base_prefix) if p)


def _python(python: ThisPython | str | None) -> ThisPython:
    if isinstance(python, ThisPython):
        return python
    return ThisPython.here() if python is None else ThisPython(python, dlls=xlwings_dlls())


def conf_interpreter(python: ThisPython, env: Mapping[str, str]) -> str:
    """The interpreter to name in xlwings.conf: the executable, except a Store Python seen at its package
    folder, which is named by its alias (the one path to it that Excel may start)."""
    found = _STORE_PACKAGE.search(python.executable)
    if not found:
        return python.executable
    publisher = found.group(2).rsplit("__", 1)[-1]          # «3.11.2544.0_x64__qbz5n2kfra8p0» → the publisher id
    local = env.get("LOCALAPPDATA") or str(Path(env.get("USERPROFILE") or Path.home()) / "AppData" / "Local")
    name = Path(python.executable.replace("\\", "/")).name
    family = f"PythonSoftwareFoundation.Python.{found.group(1)}_{publisher}"
    return f"{local}\\Microsoft\\WindowsApps\\{family}\\{name}"


def parent_folder(path: str) -> str:
    """xlwings.bas's ParentFolder: everything before the last separator."""
    return path[:max(path.rfind("\\"), path.rfind("/"), 0)]


def dll_folders(interpreter: str) -> tuple[str, str]:
    """Where xlwings' VBA loads its DLL from (XLPyLoadDLL): the interpreter's folder, then the one above it (a
    venv's Scripts\\python.exe → the venv, where pip put the DLL)."""
    folder = parent_folder(interpreter)
    return folder, parent_folder(folder)


@dataclass(frozen=True)
class Layout:
    os_name: str
    conf: Path                       # xlwings' user configuration
    addins: Path                     # Excel's add-ins folder (the user's own folder for a Store Python)
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


def layout(os_name: str | None = None, env: Mapping[str, str] | None = None, *, store: bool = False) -> Layout:
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
    # a file a Store Python creates under AppData lands in its private copy, out of Excel's sight
    addins = home / "xl-roadmap" if store else appdata / "Microsoft" / "AddIns"
    return Layout(WINDOWS, home / ".xlwings" / "xlwings.conf", addins)


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


def _conf_values(lay: Layout, interpreter: str) -> dict[str, str]:
    return {lay.interpreter_key: interpreter, UDF_KEY: UDF_MODULE}


def _packaged_addin(addin: bytes | None) -> bytes:
    return addin if addin is not None else addin_bytes()


def addin_state(path: Path, packaged: bytes) -> str:
    """"absent", "same", "saved" (the same build, saved by Excel: the user's worksheet functions are in it) or
    "different" (another build, or an unnamed old one)."""
    state = file_state(path, packaged)
    if state != "different":
        return state
    try:
        installed = read_addin(path)
    except AddinMissing:
        return "different"
    build = addin_build(packaged)
    same_build = build is not None and addin_build(installed) == build
    return "saved" if same_build and addin_xlwings_version(installed) == addin_xlwings_version(packaged) else \
        "different"


def registration_change(values: Mapping[str, str | None], path: Path) -> tuple[str, str]:
    """(change, detail) of registering ``path`` given each Excel version's value naming it
    (io.addin_files.registrations)."""
    wanted = open_value(path)
    if values and all(v == wanted for v in values.values()):
        return SAME, f"Excel {', '.join(values)}"
    old = sorted({v for v in values.values() if v is not None and v != wanted})
    if old:
        return UPDATE, f"было {', '.join(old)} — только для чтения: «Подключить функции» не смогла бы её сохранить"
    return CREATE, f"HKCU\\Software\\Microsoft\\Office\\<версия>\\Excel\\Options, значение OPENn = {wanted}"


def _dll_steps(python: ThisPython, interpreter: str) -> tuple[list[tuple[Path, Path]], list[str]]:
    """The DLL copies to make ((source, target)) so that the VBA finds xlwings' DLL, and what is left to say."""
    missing = [dll for dll in python.dlls
               if not any(Path(folder, dll.name).is_file() for folder in dll_folders(interpreter) if folder)]
    if not missing:
        return [], []
    folder = dll_folders(interpreter)[0]
    if python.from_store:
        return [], [STORE_FUNCTIONS.format(dll=missing[0].name, folders=" и ".join(dll_folders(interpreter)))]
    if not folder or not Path(folder).is_dir():
        return [], [(f"Функции листа не заработают: VBA ищет библиотеку xlwings {missing[0].name} в папке "
                     f"{folder or interpreter} — скопируйте туда {', '.join(str(d) for d in missing)}")]
    return [(dll, Path(folder) / dll.name) for dll in missing], []


def _this_machine(os_name: str | None, env: Mapping[str, str] | None, python: ThisPython | str | None):
    """(environment, this Python, the add-in's layout, the interpreter xlwings.conf names) — what install and
    doctor both look at."""
    env = os.environ if env is None else env
    this = _python(python)
    os_name = os_name or current_os()
    lay = layout(os_name, env, store=os_name == WINDOWS and this.from_store)
    interpreter = conf_interpreter(this, env) if os_name == WINDOWS else this.executable
    return env, this, lay, interpreter


def install(*, dry_run: bool = False, os_name: str | None = None, env: Mapping[str, str] | None = None,
            python: ThisPython | str | None = None, addin: bytes | None = None,
            excel_running: bool | None = None) -> InstallReport:
    """Configure xlwings, put the add-in in place and register it (Windows). ``dry_run`` writes nothing.
    ``excel_running`` None: asked of this machine when its Excel is the layout's. Raises AddinMissing when the
    add-in is not built and OutputError when Excel runs or a file cannot be written (before anything is
    written, except a file that fails midway)."""
    env, this, lay, interpreter = _this_machine(os_name, env, python)
    store = lay.os_name == WINDOWS and this.from_store
    report = InstallReport(layout=lay, python=interpreter, dry_run=dry_run)
    if not native(lay.os_name):
        report.notes.append(f"На этой машине ({sys.platform}) нет Excel для {OS_NAMES[lay.os_name]}: папки — "
                            f"как их видит Excel для {OS_NAMES[lay.os_name]}, в Excel ничего не регистрируется.")
    running = excel_running if excel_running is not None else (native(lay.os_name) and _excel_running())
    if running:
        if lay.os_name == WINDOWS and not dry_run:
            raise OutputError(EXCEL_RUNNING + ". Ничего не изменено.")
        report.notes.append(f"Внимание: {EXCEL_RUNNING}.")
    if store:
        report.notes.append(f"Внимание: {STORE_PYTHON}.")
    try:
        data = _packaged_addin(addin)
    except AddinMissing as exc:
        if not dry_run:
            raise
        data = None
        report.notes.append(f"Внимание: {exc}.")

    encoding = conf_encoding(lay.os_name == WINDOWS)
    if unencodable(interpreter, encoding):
        raise OutputError(f"Путь к Python «{interpreter}» содержит знаки, которых нет в кодировке {encoding}, а VBA "
                          f"читает xlwings.conf в ней: установите Python в папку с латинскими буквами "
                          f"(например C:\\Python311) и повторите.")
    conf = read_conf(lay.conf, encoding)
    wanted = conf.with_values(_conf_values(lay, interpreter), conf_newline(lay.os_name == WINDOWS))
    change = SAME if wanted.lines == conf.lines else (UPDATE if conf.exists else CREATE)
    detail = ", ".join(f"{k} = {v}" for k, v in _conf_values(lay, interpreter).items())
    old = conf.get(lay.interpreter_key)
    if old and old != interpreter:
        detail += f" (было {lay.interpreter_key} = {old})"
    report.steps.append(Step("Настройка xlwings", lay.conf, change, detail))

    if data is None:
        report.steps.append(Step("Надстройка", lay.addin, MISSING, "надстройка пакета не собрана"))
        state = None
    else:
        state = addin_state(lay.addin, data)
        report.steps.append(Step("Надстройка", lay.addin, {"absent": CREATE, "different": UPDATE}.get(state, SAME),
                                 {"different": "прежняя заменена (функции листа подключите заново: «Подключить "
                                               "функции»)",
                                  "saved": "сохранена в Excel (с подключёнными функциями листа) — оставлена как "
                                           "есть"}.get(state, "")))
    script = xlwings_applescript() if lay.os_name == MACOS else None
    if lay.os_name == MACOS:
        if script is None:
            report.notes.append("Внимание: в пакете xlwings нет AppleScript для RunPython — переустановите xlwings.")
        else:
            target = lay.scripts / script[0]
            report.steps.append(Step("AppleScript для RunPython", target,
                                     {"absent": CREATE, "different": UPDATE}.get(file_state(target, script[1]),
                                                                                  SAME)))
    copies: list[tuple[Path, Path]] = []
    if lay.os_name == WINDOWS:
        copies, left = _dll_steps(this, interpreter)
        report.remaining += left
        for source, target in copies:
            report.steps.append(Step("Библиотека xlwings для функций листа", target, CREATE,
                                     f"копия {source}: VBA ищет её рядом с Python"))

    registry = lay.os_name == WINDOWS and registry_available() and not store
    if registry:
        registered, said = registration_change(registrations(lay.addin), lay.addin)
        report.steps.append(Step("Регистрация в Excel", lay.addin, registered, said))
    else:
        report.remaining.append(MANUAL_STEPS[lay.os_name].format(path=lay.addin))

    if dry_run:
        return report
    if change != SAME:
        write_conf(lay.conf, wanted, encoding)
    if data is not None and state in ("absent", "different"):
        put_file(lay.addin, data)
    if script is not None and file_state(lay.scripts / script[0], script[1]) != "same":
        put_file(lay.scripts / script[0], script[1])
    for source, target in copies:
        try:
            put_file(target, source.read_bytes())
        except (OutputError, OSError) as exc:    # the buttons work without it: say what to do, finish the rest
            report.steps = [s for s in report.steps if s.path != target]
            report.remaining.append(f"Функции листа не заработают: {target} не записан ({exc}); скопируйте туда "
                                    f"{source} (с правами администратора, если Python установлен для всех)")
    if registry:
        register(lay.addin)
        if not registrations(lay.addin):
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


def book_check(book: Path, installed: str | None) -> Check:
    """Whether the buttons of a macro-enabled book can run with the installed xlwings: its embedded xlwings
    module calls the DLL (Windows) or AppleScript (macOS) of its own version, which only that version installs."""
    what = f"Книга «{Path(book).name}»"
    try:
        version = xlwings_module_version(book)
    except ReadError as exc:
        return Check(what, False, f"не прочитана: {exc.reason}")
    if version is None:
        return Check(what, True, "модуля xlwings нет (книга без макросов или без RunPython): проверять нечего")
    if installed is None or version == installed:
        return Check(what, installed is not None, f"модуль xlwings {version}" + (
            ", как у установленного" if installed else "; пакет xlwings не установлен: pip install xl-roadmap"))
    new = Path(book).with_name(f"{Path(book).stem} (xlwings {installed}).xlsm")
    return Check(what, False, f"модуль xlwings {version}, а установлен xlwings {installed}: кнопки на листах этой "
                              f"книги вызывают библиотеку xlwings {version} и с установленной не работают. Кнопки "
                              f"вкладки «Дорожная карта» работают и с ней; чтобы заработали и кнопки книги, сделайте "
                              f"её копию с модулем установленного xlwings: xl-roadmap upgrade «{book}» -o «{new}»")


def doctor(*, os_name: str | None = None, env: Mapping[str, str] | None = None,
           python: ThisPython | str | None = None, addin: bytes | None = None,
           books: Sequence[Path] = ()) -> list[Check]:
    """What the add-in needs on this machine, each with what is wrong and how to fix it; then each of
    ``books``: whether its buttons can run with the installed xlwings."""
    env, this, lay, interpreter = _this_machine(os_name, env, python)
    store = lay.os_name == WINDOWS and this.from_store
    fix = "выполните xl-roadmap excel install"
    checks = [Check("Python", Path(this.executable).exists(), this.executable)]
    version = xlwings_version()
    checks.append(Check("Пакет xlwings", version is not None,
                        f"версия {version}" if version else "не установлен: pip install xl-roadmap"))
    try:     # the version the INSTALLED add-in's VBA was built for (xlwings may have changed since the install)
        wanted = addin_xlwings_version(read_addin(lay.addin)) if lay.addin.exists() else None
    except AddinMissing:
        wanted = None
    if wanted and version and wanted != version:
        # the add-in's VBA calls xlwings64-<its version>.dll / xlwings-<its version>.applescript
        checks.append(Check("Версия xlwings", False, f"надстройка собрана для xlwings {wanted}, установлен "
                                                     f"{version}: {fix} (надстройка будет собрана заново)"))

    conf = read_conf(lay.conf, conf_encoding(lay.os_name == WINDOWS))
    configured, modules = conf.get(lay.interpreter_key), conf.get(UDF_KEY) or ""
    if not conf.exists:
        checks.append(Check("Настройка xlwings", False, f"нет файла {lay.conf}: {fix}"))
    elif configured != interpreter:
        checks.append(Check("Настройка xlwings", False, f"{lay.conf}: {lay.interpreter_key} = "
                                                        f"{configured or 'не указан'}, а нужен {interpreter}: {fix}"))
    elif UDF_MODULE not in modules.split(";"):
        checks.append(Check("Настройка xlwings", False, f"{lay.conf}: в «{UDF_KEY}» нет {UDF_MODULE}: {fix}"))
    else:
        checks.append(Check("Настройка xlwings", True, str(lay.conf)))

    try:
        packaged = _packaged_addin(addin)
    except AddinMissing:
        packaged = None
    state = addin_state(lay.addin, packaged) if packaged is not None else (
        "same" if lay.addin.exists() else "absent")
    checks.append(Check("Надстройка", state in ("same", "saved"), {
        "absent": f"нет файла {lay.addin}: {fix}",
        "different": f"{lay.addin} не та, что в этой версии xl-roadmap (прежняя версия?): {fix}",
        "saved": f"{lay.addin} (сохранена в Excel, с подключёнными функциями листа)",
        "same": str(lay.addin) + ("" if packaged is not None else " (сравнить не с чем: надстройка пакета не собрана)"),
    }[state]))
    if lay.os_name == MACOS:
        script = xlwings_applescript()
        name = script[0] if script else "xlwings-<версия>.applescript"
        present = script is not None and file_state(lay.scripts / name, script[1]) == "same"
        checks.append(Check("AppleScript для RunPython", present,
                            str(lay.scripts / name) if present else f"нет {lay.scripts / name}: {fix}"))
    if lay.os_name == WINDOWS and this.dlls:
        copies, left = _dll_steps(this, interpreter)
        if left or copies:
            checks.append(Check("Библиотека xlwings для функций листа", False,
                                left[0] if left else f"нет {copies[0][1]}: {fix}"))
        else:
            checks.append(Check("Библиотека xlwings для функций листа", True, " или ".join(dll_folders(interpreter))))
    if store:
        checks.append(Check("Python из Microsoft Store", False, STORE_PYTHON + ": "
                            + MANUAL_STEPS[WINDOWS].format(path=lay.addin)))
    elif lay.os_name == WINDOWS and registry_available():
        change, detail = registration_change(registrations(lay.addin), lay.addin)
        checks.append(Check("Регистрация в Excel", change == SAME, detail if change == SAME else
                            (f"Excel открывает надстройку только для чтения ({detail.split(' — ')[0]}): {fix}"
                             if change == UPDATE else f"Excel не открывает надстройку при запуске: {fix} или "
                             + MANUAL_STEPS[WINDOWS].format(path=lay.addin))))
    checks += [book_check(Path(book), version) for book in books]
    return checks
