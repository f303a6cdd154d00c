"""Print the VBA modules LibreOffice reads from an Excel file, as JSON {module: source}.

Runs under Debian's /usr/bin/python3 (python3-uno), not the project venv:
    /usr/bin/python3 lo_vba_dump.py FILE.xlam
It starts a private headless soffice (own profile, free port), opens FILE with the filter
"Calc MS Excel 2007 VBA XML", walks doc.BasicLibraries and stops soffice again.
"""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import uno
from com.sun.star.beans import PropertyValue


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def connect(port, proc, timeout=90.0):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    url = f"uno:socket,host=127.0.0.1,port={port};urp;StarOffice.ComponentContext"
    deadline = time.monotonic() + timeout
    while True:
        try:
            return resolver.resolve(url)
        except Exception:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def dump(path, ctx):
    smgr = ctx.ServiceManager
    desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    url = uno.systemPathToFileUrl(str(Path(path).resolve()))
    doc = desktop.loadComponentFromURL(
        url,
        "_blank",
        0,
        (prop("Hidden", True), prop("FilterName", "Calc MS Excel 2007 VBA XML")),
    )
    if doc is None:
        raise SystemExit("LibreOffice did not open the file")
    out = {}
    libs = doc.BasicLibraries
    for lib_name in libs.getElementNames():
        libs.loadLibrary(lib_name)
        lib = libs.getByName(lib_name)
        for module in lib.getElementNames():
            out[module] = lib.getByName(module)
    doc.close(True)
    return out


def main():
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="b24xl-lo-") as profile:
        proc = subprocess.Popen(
            [
                "soffice",
                "--headless",
                "--invisible",
                "--norestore",
                "--nologo",
                "--nodefault",
                "--nolockcheck",
                f"-env:UserInstallation={Path(profile).as_uri()}",
                f"--accept=socket,host=127.0.0.1,port={port};urp;",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            ctx = connect(port, proc)
            result = dump(sys.argv[1], ctx)
            try:
                desktop = ctx.ServiceManager.createInstanceWithContext(
                    "com.sun.star.frame.Desktop", ctx
                )
                desktop.terminate()
            except Exception:
                pass
        finally:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    os.environ.setdefault("SAL_USE_VCLPLUGIN", "svp")
    main()
