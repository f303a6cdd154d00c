"""Installing the add-in: Excel's XLSTART folder, the interpreter, the xlwings version check.

Excel opens every file in XLSTART at start. The add-in is rebuilt for this machine with the
interpreter of the running environment written into its config sheet, then copied there.
The add-in's VBA declares ``xlwings64-<version>.dll``; the DLL of the environment's xlwings
must be that very version, so a mismatch is refused with the fix.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import zipfile
from pathlib import Path

import xlwings

from addin.errors import AddinError
from addin.xlam.vbaproject import VbaProject

ADDIN_FILE = "b24xl.xlam"


def built_for(path: Path) -> str:
    """The xlwings version an add-in file was built for (from its ``xlwings`` VBA module)."""
    try:
        with zipfile.ZipFile(path) as z:
            project = VbaProject.read(z.read("xl/vbaProject.bin"))
        source = project.module("xlwings").source
    except (OSError, KeyError, zipfile.BadZipFile) as exc:
        raise AddinError(
            f"{path} is not a b24xl add-in ({exc.__class__.__name__}): build it with "
            "`b24xl addin build`",
            f"{path} - не надстройка b24xl ({exc.__class__.__name__}): соберите её командой "
            "`b24xl addin build`",
        ) from None
    found = re.search(r'"xlwings64-([0-9.]+)\.dll"', source)
    if not found:
        raise AddinError(
            f"{path}: its xlwings module names no xlwings DLL; rebuild the add-in",
            f"{path}: модуль xlwings не называет DLL xlwings; пересоберите надстройку",
        )
    return found.group(1)


def check_version(path: Path, installed: str = xlwings.__version__) -> str:
    """Refuse an add-in built for another xlwings than the environment's."""
    wanted = built_for(path)
    if wanted != installed:
        raise AddinError(
            f"the add-in was built for xlwings {wanted} but this environment has {installed}: "
            f"run `pip install xlwings=={wanted}` or rebuild the add-in here",
            f"надстройка собрана для xlwings {wanted}, а в этом окружении {installed}: "
            f"выполните `pip install xlwings=={wanted}` или пересоберите надстройку здесь",
        )
    return wanted


def xlstart_dir(platform: str = sys.platform, env: dict[str, str] | None = None) -> Path:
    """Excel's per-user start-up folder on Windows or macOS."""
    env = dict(os.environ if env is None else env)
    if platform == "win32":
        appdata = env.get("APPDATA")
        if not appdata:
            raise AddinError(
                "APPDATA is not set: cannot find Excel's XLSTART folder",
                "переменная APPDATA не задана: не найти папку XLSTART Excel",
            )
        return Path(appdata) / "Microsoft" / "Excel" / "XLSTART"
    if platform == "darwin":
        home = Path(env.get("HOME", str(Path.home())))
        return home / "Library/Group Containers/UBF8T346G9.Office/User Content/Startup/Excel"
    raise AddinError(
        "Excel for Windows or macOS is needed to install the add-in; on this system "
        "use `b24xl refresh` to write the report workbooks",
        "для установки надстройки нужен Excel для Windows или macOS; в этой системе "
        "отчёты пишет `b24xl refresh`",
    )


def interpreter(platform: str = sys.platform) -> str:
    """The Python Excel should start: ``pythonw.exe`` beside ``python.exe`` on Windows."""
    exe = Path(sys.executable)
    if platform == "win32":
        windowless = exe.with_name("pythonw.exe")
        return str(windowless if windowless.exists() else exe)
    return str(exe)


def install(built: Path, platform: str = sys.platform, target_dir: Path | None = None) -> Path:
    """Copy the built add-in into XLSTART (after the version check); returns where."""
    check_version(built)
    folder = target_dir or xlstart_dir(platform)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / ADDIN_FILE
    tmp = folder / f".{ADDIN_FILE}.tmp"
    shutil.copyfile(built, tmp)
    os.replace(tmp, target)
    return target
