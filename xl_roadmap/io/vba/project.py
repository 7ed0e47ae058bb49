"""Compile the macro sources (the repository's top-level ``macros/*.bas``, shipped in the wheel as ``xl_roadmap/macros``)
into a ``vbaProject.bin`` at build time
(no binary is committed), together with xlwings' standalone VBA modules (``xlwings.bas``, which defines
``RunPython``, and ``Dictionary.cls``, its dictionary class), taken from the installed xlwings package: a workbook
or add-in built here needs no reference to the xlwings add-in (Tools > References) to call Python.

ms-ovba writes the MS-OVBA streams and ms-cfb the compound-file container. Three of their quirks are handled here:

* they write their intermediate files into the *current directory*, so the build runs in a private temporary folder
  (``os.chdir`` under a lock);
* the PROJECT stream's CMG/DPB/GC values are "encrypted" with a random seed byte (MS-OVBA 2.4.3): a private,
  fixed-seed random generator makes the output reproducible — same sources, same bytes;
* ms-ovba-compression 1.0.1 does not cap copy-token lengths (``maxLength`` is computed as
  ``0xFFFF << bit_count + 3`` instead of ``(0xFFFF >> bit_count) + 3``, MS-OVBA 2.4.1.3.19.1), so a long repeated
  run late in a chunk overflows into the offset bits and the stream decompresses to garbage. The ``dir`` stream of a
  project with several sheet modules hits this (olevba then reads module names like "She7t6"). The build patches
  the formula for its duration.

ms-ovba knows standard and document modules only; a class module is a standard one whose MODULETYPE record in the
``dir`` stream is 0x0022 (MS-OVBA 2.3.4.2.3.2.8) and whose PROJECT stream line is ``Class=`` (2.3.1.7); its
source is stored without the ``VERSION 1.0 CLASS`` / ``BEGIN … END`` header of an exported ``.cls`` file and with
the ``VB_Base`` line of a VBA class, as Office itself stores it.

The module sources are written by this module in their final form (CRLF, code page 1252), bypassing ms-ovba's own
``normalize_file`` which reads with the locale's encoding and appends to existing files. ms-ovba declares code page
1252 in the ``dir`` stream, so the .bas files must be UTF-8 text whose characters exist in cp1252: Cyrillic text in
VBA has to be built with ``ChrW(...)``.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import random
import re
import shutil
import tempfile
import threading
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parents[2]


def _macros_dir() -> Path:
    """The VBA sources: inside the installed package (setup.py maps ``macros/`` there when the wheel is built),
    else the checkout's top-level ``macros/`` (an editable install or PYTHONPATH, where nothing was copied)."""
    packaged = _PACKAGE_DIR / "macros"
    return packaged if packaged.is_dir() else _PACKAGE_DIR.parent / "macros"


MACROS_DIR = _macros_dir()
CODEPAGE = "cp1252"  # ms-ovba hard-codes PROJECTCODEPAGE = 1252 in the dir stream
PROJECT_ID = "{6C0F8E1A-5B2D-4C47-9E31-2A7D4B8C9F10}"
_CRYPTO_SEED = 20240807
_WORKBOOK_GUID = uuid.UUID("00020819-0000-0000-C000-000000000046")  # Excel Workbook document
_WORKSHEET_GUID = uuid.UUID("00020820-0000-0000-C000-000000000046")  # Excel Worksheet document
_STDOLE_GUID = uuid.UUID("00020430-0000-0000-C000-000000000046")
# the Office library defines IRibbonControl, the type of a ribbon callback's argument; VBA loads the newest 2.x
# installed (as ms-ovba's own command line references it)
_OFFICE_GUID = uuid.UUID("2DF8D04C-5BFA-101B-BDE5-00AA0044DE52")
_CLASS_BASE = 'Attribute VB_Base = "0{FCFB3D2A-A0FA-1068-A738-08002B3371B5}"'   # a VBA class module
# an exported class module starts with this block; the project stores the text from its Attribute lines on
_CLS_HEADER_RE = re.compile(r"\AVERSION\s+1\.0\s+CLASS\s*\nBEGIN\s*\n(?:.*\n)*?END\s*\n", re.IGNORECASE)
_BUILD_LOCK = threading.RLock()
_NAME_RE = re.compile(r'^Attribute\s+VB_Name\s*=\s*"([^"]+)"\s*$', re.IGNORECASE | re.MULTILINE)
_IDENT_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,30}$")

# What Excel itself stores for an empty sheet or workbook module (the VBA_Base GUID names the host object).
_DOC_MODULE = (
    'Attribute VB_Name = "{name}"\n'
    'Attribute VB_Base = "0{{{guid}}}"\n'
    "Attribute VB_GlobalNameSpace = False\n"
    "Attribute VB_Creatable = False\n"
    "Attribute VB_PredeclaredId = True\n"
    "Attribute VB_Exposed = True\n"
    "Attribute VB_TemplateDerived = False\n"
    "Attribute VB_Customizable = True\n"
)


class VbaBuildError(Exception):
    """The VBA project cannot be built from the macro sources."""


def macro_sources(macros_dir: Path | None = None, names: Sequence[str] | None = None) -> list[Path]:
    """The ``*.bas`` files to compile, sorted by name; only the modules ``names`` when given."""
    directory = Path(macros_dir) if macros_dir is not None else MACROS_DIR
    if not directory.is_dir():
        raise VbaBuildError(
            f"Папка с исходным кодом макросов не найдена: {directory}. Переустановите xl-roadmap "
            f"(pip install --force-reinstall xl-roadmap) или укажите папку macros_dir")
    sources = sorted(directory.glob("*.bas"))
    if not sources:
        raise VbaBuildError(f"В папке {directory} нет файлов .bas")
    if names is None:
        return sources
    by_name = {source.stem: source for source in sources}
    missing = [name for name in names if name not in by_name]
    if missing:
        raise VbaBuildError(f"В папке {directory} нет модулей {missing} (.bas)")
    return sorted(by_name[name] for name in names)


def xlwings_modules() -> tuple[Path, ...]:
    """xlwings' standalone VBA modules in the installed package: ``xlwings.bas`` (``RunPython``; the same file
    ``xlwings quickstart --standalone`` embeds) and ``Dictionary.cls``, which ``xlwings.bas`` names as a type (so
    it must exist for the module to compile). Found without importing xlwings (only the Excel door imports it)."""
    found = importlib.util.find_spec("xlwings")
    locations = list(found.submodule_search_locations or ()) if found is not None else []
    if not locations:
        raise VbaBuildError("Пакет xlwings не установлен: модуль RunPython (xlwings.bas) взять неоткуда. "
                            "Установите xl-roadmap заново (pip install xl-roadmap)")
    package = Path(locations[0])
    modules = (package / "xlwings.bas", package / "addin" / "Dictionary.cls")
    missing = [str(path) for path in modules if not path.is_file()]
    if missing:
        raise VbaBuildError(f"В пакете xlwings ({package}) нет файлов {missing}: эта версия xlwings не подходит")
    return modules


def xlwings_vba_version(module: Path | None = None) -> str | None:
    """The xlwings version ``xlwings.bas`` declares (its ``'Version:`` line): its RunPython calls that version's
    DLL (Windows) or AppleScript (macOS), so it must match the installed Python package."""
    path = Path(module) if module is not None else xlwings_modules()[0]
    match = re.search(r"^'Version:\s*(\S+)\s*$", path.read_text(encoding="utf-8", errors="replace"), re.MULTILINE)
    return match.group(1) if match else None


def module_code(source: Path) -> bytes:
    """The module text as stored in the VBA project: CRLF line ends, code page 1252, final line end."""
    raw = Path(source).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise VbaBuildError(f"{source}: файл макросов должен быть в кодировке UTF-8 ({exc})") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if source.suffix.lower() == ".cls":
        text = _class_text(text, source)
    lines = text.split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    match = _NAME_RE.search("\n".join(lines))
    if match is None:
        raise VbaBuildError(f'{source}: нет строки Attribute VB_Name = "{source.stem}"')
    if match.group(1) != source.stem:
        raise VbaBuildError(f"{source}: VB_Name «{match.group(1)}» не совпадает с именем файла «{source.stem}»")
    if not _IDENT_RE.match(source.stem):
        raise VbaBuildError(f"{source}: «{source.stem}» не годится как имя модуля VBA (латиница, цифры, _; до 31)")
    try:
        return ("\r\n".join(lines) + "\r\n").encode(CODEPAGE)
    except UnicodeEncodeError as exc:
        bad = exc.object[exc.start:exc.end]
        raise VbaBuildError(
            f"{source}: символы «{bad}» не входят в кодовую страницу 1252 проекта VBA; кириллицу в коде VBA "
            f"собирайте через ChrW(...)") from None


def _class_text(text: str, source: Path) -> str:
    """A class module as the project stores it: without the export header, with ``VB_Base`` after ``VB_Name``
    and the ``VB_TemplateDerived``/``VB_Customizable`` attributes Office adds after ``VB_Exposed``."""
    header = _CLS_HEADER_RE.match(text)
    if header is None:
        raise VbaBuildError(f"{source}: модуль класса должен начинаться с VERSION 1.0 CLASS / BEGIN … END")
    lines = text[header.end():].split("\n")
    out: list[str] = []
    for line in lines:
        out.append(line)
        if _NAME_RE.match(line):
            out.append(_CLASS_BASE)
        elif re.match(r"^Attribute\s+VB_Exposed\s*=", line, re.IGNORECASE):
            out += ["Attribute VB_TemplateDerived = False", "Attribute VB_Customizable = False"]
    return "\n".join(out)


def _fixed_copytoken_help(difference: int) -> dict:
    """MS-OVBA 2.4.1.3.19.1 CopyToken Help, with the maximum length the library gets wrong."""
    bit_count = 4
    while (1 << bit_count) < difference:
        bit_count += 1
    length_mask = 0xFFFF >> bit_count
    return {"lengthMask": length_mask, "offsetMask": ~length_mask & 0xFFFF, "bitCount": bit_count,
            "maxLength": length_mask + 3}


@contextlib.contextmanager
def _library_fixed(directory: Path) -> Iterator[None]:
    """Run ms-ovba inside ``directory`` with the compression fix and a fixed-seed crypto generator."""
    import ms_ovba_crypto.ms_ovba_crypto as crypto
    from ms_ovba_compression.ms_ovba import MsOvba

    with _BUILD_LOCK:
        previous_dir = os.getcwd()
        previous_help = MsOvba.__dict__["copytoken_help"]
        previous_random = crypto.random
        os.chdir(directory)
        MsOvba.copytoken_help = staticmethod(_fixed_copytoken_help)
        crypto.random = random.Random(_CRYPTO_SEED)  # the module only calls random.randint
        try:
            yield
        finally:
            crypto.random = previous_random
            MsOvba.copytoken_help = previous_help
            os.chdir(previous_dir)


def document_module_names(sheet_count: int) -> list[str]:
    return ["ThisWorkbook"] + [f"Sheet{i}" for i in range(1, sheet_count + 1)]


def build_vba_project(out_dir: Path, sheet_count: int = 8, macros_dir: Path | None = None, *,
                      modules: Sequence[str] | None = None, runtime: Sequence[Path] | None = None) -> Path:
    """Write ``out_dir/vbaProject.bin``: document modules ThisWorkbook and Sheet1…Sheet{sheet_count}, one standard
    module per ``*.bas`` in ``macros_dir`` (default: :data:`MACROS_DIR`, the top-level ``macros/``; only the modules named in
    ``modules`` when given) and the modules that define ``RunPython``: ``runtime``, default xlwings' own
    (:func:`xlwings_modules`); a test passes a recording stub instead, ``()`` leaves them out. Deterministic.

    Use it with XlsxWriter: ``wb.set_vba_name("ThisWorkbook")``, ``ws.set_vba_name(f"Sheet{i}")`` for the sheets
    i = 1…N in order, then ``wb.add_vba_project(path)`` (the file must exist until the workbook is closed).
    """
    if isinstance(sheet_count, bool) or not isinstance(sheet_count, int) or sheet_count < 0:
        raise ValueError(f"sheet_count must be a non-negative int, not {sheet_count!r}")
    sources = macro_sources(macros_dir, modules)
    sources += [Path(path) for path in (xlwings_modules() if runtime is None else runtime)]
    codes: dict[str, bytes] = {}
    for source in sources:
        if source.stem.lower() in {name.lower() for name in codes}:
            raise VbaBuildError(f"Модуль {source.stem} задан дважды ({source})")
        codes[source.stem] = module_code(source)
    classes = {source.stem for source in sources if source.suffix.lower() == ".cls"}
    clash = {name.lower() for name in codes} & {name.lower() for name in document_module_names(sheet_count)}
    if clash:
        raise VbaBuildError(f"Имена модулей {sorted(clash)} совпадают с модулями листов или книги")

    from ms_dtyp.filetime import Filetime
    from ms_ovba.Models.Entities.doc_module import DocModule
    from ms_ovba.Models.Entities.reference import Reference
    from ms_ovba.Models.Entities.reference_registered import ReferenceRegistered
    from ms_ovba.Models.Entities.std_module import StdModule
    from ms_ovba.Models.Fields.libid_reference import LibidReference
    from ms_ovba.vbaProject import VbaProject
    from ms_ovba.Views.project_ole_file import ProjectOleFile

    class ClassModule(StdModule):
        """A class module: ``Class=`` in the PROJECT stream, MODULETYPE 0x0022 in the dir stream."""

        def __init__(self, name: str) -> None:
            super().__init__(name)
            self.type = "Class"

        def pack(self, endien: str, cp_name: str) -> bytes:
            # ms-ovba writes 0x0022 for type "Document" only; the record is otherwise the same
            self.type = "Document"
            try:
                return super().pack(endien, cp_name)
            finally:
                self.type = "Class"

    out_dir = Path(out_dir)
    with tempfile.TemporaryDirectory(prefix="xlr-vba-") as tmp:
        work = Path(tmp).resolve()
        project = VbaProject()
        project.project_id = PROJECT_ID
        project.default_date = Filetime.from_msfiletime(0)

        def add(module, code: bytes) -> None:
            path = work / module.name
            # ms-ovba compresses "<path>.new" into "<path>.bin": write the final text ourselves
            Path(f"{path}.new").write_bytes(code)
            module.add_file(str(path))
            project.add_module(module)

        for name in document_module_names(sheet_count):
            guid = _WORKBOOK_GUID if name == "ThisWorkbook" else _WORKSHEET_GUID
            text = _DOC_MODULE.format(name=name, guid=str(guid).upper()).replace("\n", "\r\n")
            module = DocModule(name)
            module.add_guid(guid)
            add(module, text.encode(CODEPAGE))
        for name, code in codes.items():
            add(ClassModule(name) if name in classes else StdModule(name), code)
        stdole = LibidReference(_STDOLE_GUID, "2.0", "0", "C:\\Windows\\System32\\stdole2.tlb", "OLE Automation")
        project.add_reference(Reference(ReferenceRegistered(stdole), "stdole"))
        office = LibidReference(_OFFICE_GUID, "2.0", "0",
                                "C:\\Program Files\\Common Files\\Microsoft Shared\\OFFICE16\\MSO.DLL",
                                "Microsoft Office 16.0 Object Library")
        project.add_reference(Reference(ReferenceRegistered(office), "Office"))

        with _library_fixed(work):
            ProjectOleFile.write_file(project)
        out_dir.mkdir(parents=True, exist_ok=True)
        target = out_dir / "vbaProject.bin"
        shutil.copyfile(work / "vbaProject.bin", target)
    return target
