"""Run VBA Subs of a workbook in LibreOffice's VBA engine, through UNO (tests only).

This script runs under the system python (``/usr/bin/python3``): Debian's ``python3-uno`` is importable there and
nowhere else, so it imports nothing of the project. tests/support/libreoffice.run_vba starts it as a subprocess.

    uno_vba.py WORKBOOK PROFILE_DIR PORT CALLS_JSON

CALLS_JSON: ``{"column": 100, "calls": [{"module": "XlRoadmap", "sub": "XlRoadmapValidate"}]}`` — every Sub
(without arguments: UNO cannot pass Basic's Nothing, so a ribbon callback is called by a VBA driver Sub that
passes it) runs in turn. After each Sub the
non-empty cells of ``column`` (1-based) of the first sheet — where the recording stub of RunPython writes — are
read and cleared. Prints JSON: ``{"modules": [...], "results": [{"sub", "recorded", "error"}]}``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException
from com.sun.star.lang import DisposedException, IllegalArgumentException
from com.sun.star.script.provider import ScriptFrameworkErrorException
from com.sun.star.uno import RuntimeException as UnoRuntimeException

CONNECT_SECONDS = 90     # soffice's first start in a fresh profile is slow on a busy machine


def _prop(name, value):
    prop = PropertyValue()
    prop.Name, prop.Value = name, value
    return prop


def _connect(port: int, proc: subprocess.Popen):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    url = f"uno:socket,host=127.0.0.1,port={port};urp;StarOffice.ComponentContext"
    deadline = time.monotonic() + CONNECT_SECONDS
    while True:
        try:
            return resolver.resolve(url)
        except NoConnectException:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"LibreOffice did not accept a connection on port {port} (rc={proc.poll()})")
            time.sleep(0.5)


def _recorded(sheet, column: int) -> list[str]:
    out = []
    row = 0
    while True:
        cell = sheet.getCellByPosition(column - 1, row)
        if cell.getString() == "":
            return out
        out.append(cell.getString())
        cell.setString("")
        row += 1


def main(book: str, profile: str, port: int, calls_json: str) -> dict:
    spec = json.loads(calls_json)
    proc = subprocess.Popen(
        ["soffice", "--headless", "--norestore", "--invisible", "--nologo", "--nodefault",
         f"-env:UserInstallation={uno.systemPathToFileUrl(profile)}",
         f"--accept=socket,host=127.0.0.1,port={port};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    desktop = None
    try:
        ctx = _connect(port, proc)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        # MacroExecutionMode 4: ALWAYS_EXECUTE_NO_WARN
        props = [_prop("Hidden", True), _prop("MacroExecutionMode", 4)]
        if book.lower().endswith(".xlam"):
            # LibreOffice's type detection knows no add-in; its .xlsm filter reads the same package
            props.append(_prop("FilterName", "Calc MS Excel 2007 VBA XML"))
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(book), "_blank", 0, tuple(props))
        if doc is None:
            raise RuntimeError(f"LibreOffice did not open {book}")
        libraries = doc.BasicLibraries
        modules = list(libraries.getByName("VBAProject").getElementNames()) if libraries.hasByName("VBAProject") else []
        provider = doc.getScriptProvider()
        sheet = doc.Sheets.getByIndex(0)
        if sheet.isProtected():
            sheet.unprotect("")    # our templates protect sheets without a password; the stub writes here
        results = []
        for call in spec["calls"]:
            uri = (f"vnd.sun.star.script:VBAProject.{call['module']}.{call['sub']}"
                   f"?language=Basic&location=document")
            error = None
            try:
                provider.getScript(uri).invoke((), (), ())
            except (ScriptFrameworkErrorException, IllegalArgumentException, UnoRuntimeException) as exc:
                # no such Sub, or the call cannot be made: reported, the test names the Sub
                error = f"{type(exc).__name__}: {getattr(exc, 'Message', exc)}"
            results.append({"sub": call["sub"], "recorded": _recorded(sheet, spec["column"]), "error": error})
        doc.close(True)
        return {"modules": modules, "results": results}
    finally:
        if desktop is not None:
            try:
                desktop.terminate()
            except DisposedException:
                desktop = None        # the bridge went down with soffice: nothing left to stop
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=30)


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]), ensure_ascii=False))
