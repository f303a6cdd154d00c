"""LibreOffice, an independent reader, opens the built add-in and lists the same modules.

Runs Debian's /usr/bin/python3 (python3-uno) on ``lo_vba_dump.py`` as a subprocess with a
private profile and a free port. Skipped when LibreOffice or python3-uno is absent, unless
``B24XL_REQUIRE_LIBREOFFICE=1`` (then it fails).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from addin.xlam.vbaproject import VbaProject

SYSTEM_PYTHON = "/usr/bin/python3"
SCRIPT = Path(__file__).with_name("lo_vba_dump.py")
# LibreOffice's Basic shows a module without its Attribute lines, with its own header
LO_HEADER = ("Rem Attribute VBA_ModuleType=", "Option VBASupport 1", "Option ClassModule")


def libreoffice_missing() -> str | None:
    if not shutil.which("soffice"):
        return "soffice is not installed"
    probe = subprocess.run(
        [SYSTEM_PYTHON, "-c", "import uno"], capture_output=True, check=False
    ) if os.path.exists(SYSTEM_PYTHON) else None  # fmt: skip
    if probe is None or probe.returncode != 0:
        return "python3-uno is not installed"
    return None


def normalise(text: str, header: tuple[str, ...]) -> list[str]:
    lines = [ln for ln in text.replace("\r\n", "\n").split("\n") if not ln.startswith(header)]
    while lines and not lines[-1]:
        lines.pop()
    return lines


@pytest.mark.libreoffice
def test_libreoffice_lists_the_same_modules_and_source(built_addin: Path) -> None:
    reason = libreoffice_missing()
    if reason:
        if os.environ.get("B24XL_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail(f"LibreOffice is required: {reason}")
        pytest.skip(reason)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    done = subprocess.run(
        [SYSTEM_PYTHON, str(SCRIPT), str(built_addin)],
        capture_output=True, text=True, timeout=240, env=env, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout)

    with zipfile.ZipFile(built_addin) as z:
        project = VbaProject.read(z.read("xl/vbaProject.bin"))
    assert set(seen) == {m.name for m in project.modules}
    for module in project.modules:
        ours = normalise(module.source, ("Attribute ",))
        theirs = normalise(seen[module.name], LO_HEADER)
        assert theirs == ours, module.name
    assert "Sub OnAction(control As IRibbonControl)" in seen["RibbonB24"]
    assert "Function B24_CONVERSION(scope, period, Optional kind)" in seen["xlwings_udfs"]
