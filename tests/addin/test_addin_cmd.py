"""``b24xl addin build|install`` and the install checks."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from addin.cli import main
from addin.errors import AddinError
from addin.xlam.install import built_for, check_version, install, xlstart_dir


def test_build_command_writes_the_addin(tmp_path: Path, built_addin: Path) -> None:
    out = tmp_path / "b24xl.xlam"
    assert main(["addin", "build", "-o", str(out)]) == 0
    assert out.read_bytes() == built_addin.read_bytes()  # ru is the default


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="Excel may be present")
def test_install_without_excel_says_so_and_fails(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["addin", "install"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("b24xl: ") and "Excel" in err and err.count("\n") == 1


def test_version_the_addin_was_built_for(built_addin: Path) -> None:
    assert built_for(built_addin) == "0.37.8"
    assert check_version(built_addin, "0.37.8") == "0.37.8"
    with pytest.raises(AddinError) as err:
        check_version(built_addin, "0.38.0")
    assert "0.37.8" in err.value.en and "0.38.0" in err.value.en
    assert "pip install xlwings==0.37.8" in err.value.ru


def test_not_an_addin(tmp_path: Path) -> None:
    bogus = tmp_path / "x.xlam"
    bogus.write_bytes(b"not a zip")
    with pytest.raises(AddinError):
        built_for(bogus)


def test_xlstart_folders() -> None:
    win = xlstart_dir("win32", {"APPDATA": r"C:\Users\d\AppData\Roaming"})
    assert win == Path(r"C:\Users\d\AppData\Roaming") / "Microsoft" / "Excel" / "XLSTART"
    mac = xlstart_dir("darwin", {"HOME": "/Users/d"})
    assert str(mac).endswith("UBF8T346G9.Office/User Content/Startup/Excel")
    with pytest.raises(AddinError):
        xlstart_dir("win32", {})
    with pytest.raises(AddinError):
        xlstart_dir("linux", {})


def test_install_copies_after_the_version_check(tmp_path: Path, built_addin: Path) -> None:
    target = install(built_addin, target_dir=tmp_path / "XLSTART")
    assert target == tmp_path / "XLSTART" / "b24xl.xlam"
    assert target.read_bytes() == built_addin.read_bytes()
    assert [p.name for p in target.parent.iterdir()] == ["b24xl.xlam"]  # no temp file left
