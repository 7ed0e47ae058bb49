"""Compile ``macros/*.bas`` into a ``vbaProject.bin`` at build time (no binary is committed).

ms-ovba writes the MS-OVBA streams and the MS-CFB container; it works in the current directory and beside its
input files, so the build runs in a private temporary folder. Dates and ids are fixed, so the same sources give
the same bytes and the committed .xlsm templates can be compared with freshly built ones.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import tempfile
import threading
import uuid
from pathlib import Path

MACROS_DIR = Path(__file__).resolve().parents[2] / "macros"
PROJECT_ID = "{6C0F8E1A-5B2D-4C47-9E31-2A7D4B8C9F10}"
_WORKSHEET_GUID = uuid.UUID("0002082000000000C000000000000046")
_WORKBOOK_GUID = uuid.UUID("0002081900000000C000000000000046")
_CHDIR_LOCK = threading.Lock()

_DOC_MODULE = (
    'VERSION 1.0 CLASS\nBEGIN\n  MultiUse = -1  \'True\nEND\nAttribute VB_Name = "{name}"\n'
    "Attribute VB_GlobalNameSpace = False\nAttribute VB_Creatable = False\nAttribute VB_PredeclaredId = True\n"
    "Attribute VB_Exposed = True\nAttribute VB_TemplateDerived = False\nAttribute VB_Customizable = True\n"
)


class VbaBuildError(Exception):
    pass


@contextlib.contextmanager
def _inside(directory: Path):
    with _CHDIR_LOCK:
        previous = os.getcwd()
        os.chdir(directory)
        try:
            yield
        finally:
            os.chdir(previous)


def macro_sources(macros_dir: Path | None = None) -> list[Path]:
    directory = Path(macros_dir) if macros_dir else MACROS_DIR
    if not directory.is_dir():
        raise VbaBuildError(f"Папка с исходным кодом макросов не найдена: {directory} (нужен исходный код проекта)")
    sources = sorted(directory.glob("*.bas"))
    if not sources:
        raise VbaBuildError(f"В папке {directory} нет файлов .bas")
    return sources


def build_vba_project(out_dir: Path, sheet_count: int = 1, macros_dir: Path | None = None) -> Path:
    """Write ``vbaProject.bin`` (ThisWorkbook, Sheet1…SheetN, one module per .bas) into ``out_dir``."""
    from ms_dtyp.filetime import Filetime
    from ms_ovba.Models.Entities.doc_module import DocModule
    from ms_ovba.Models.Entities.reference import Reference
    from ms_ovba.Models.Entities.reference_registered import ReferenceRegistered
    from ms_ovba.Models.Entities.std_module import StdModule
    from ms_ovba.Models.Fields.libid_reference import LibidReference
    from ms_ovba.vbaProject import VbaProject
    from ms_ovba.Views.project_ole_file import ProjectOleFile

    sources = macro_sources(macros_dir)
    out_dir = Path(out_dir)
    with tempfile.TemporaryDirectory(prefix="xlr-vba-") as tmp:
        work = Path(tmp)
        project = VbaProject()
        project.project_id = PROJECT_ID
        project.default_date = Filetime.from_msfiletime(0)
        docs = [("ThisWorkbook", _WORKBOOK_GUID)] + [(f"Sheet{i}", _WORKSHEET_GUID) for i in range(1, sheet_count + 1)]
        for name, guid in docs:
            path = work / f"{name}.cls"
            path.write_bytes(_DOC_MODULE.format(name=name).replace("\n", "\r\n").encode("cp1252"))
            module = DocModule(name)
            module.add_file(str(path))
            module.add_guid(guid)
            module.normalize_file()
            project.add_module(module)
        for source in sources:
            copy = work / source.name
            shutil.copyfile(source, copy)
            module = StdModule(source.stem)
            module.add_file(str(copy))
            module.normalize_file()
            project.add_module(module)
        stdole = LibidReference(uuid.UUID("0002043000000000C000000000000046"), "2.0", "0",
                                "C:\\Windows\\System32\\stdole2.tlb", "OLE Automation")
        project.add_reference(Reference(ReferenceRegistered(stdole), "stdole"))
        # MS-OVBA "encrypts" CMG/DPB/GC with a random seed byte: a fixed seed keeps builds reproducible
        state = random.getstate()
        random.seed(20240807)
        try:
            with _inside(work):
                ProjectOleFile.write_file(project)
        finally:
            random.setstate(state)
        out_dir.mkdir(parents=True, exist_ok=True)
        target = out_dir / "vbaProject.bin"
        shutil.copyfile(work / "vbaProject.bin", target)
    return target
