"""Reading xlwings' template VBA project and writing it back per MS-OVBA."""

from __future__ import annotations

import io
import struct
import zipfile

import olefile
import pytest

from addin.errors import AddinError
from addin.xlam.build import template_path, xlwings_dir
from addin.xlam.ovba_compression import decompress
from addin.xlam.vbaproject import VBA_PROJECT_STREAM, VbaProject, parse_records


def template_bin() -> bytes:
    with zipfile.ZipFile(template_path()) as z:
        return z.read("xl/vbaProject.bin")


def test_reads_every_template_module() -> None:
    project = VbaProject.read(template_bin())
    kinds = {m.name: m.kind for m in project.modules}
    assert kinds == {
        "ThisWorkbook": "document",
        "Dictionary": "class",
        "RibbonMyAddin": "module",
        "Sheet2": "document",
        "xlwings": "module",
    }
    # the template's xlwings module is the package's .bas text (stored there with LF ends;
    # read back with CRLF, as the .bas file has them)
    bas = (xlwings_dir() / "xlwings_custom_addin.bas").read_bytes().decode("ascii")
    assert project.module("xlwings").source == bas
    assert project.module("RibbonMyAddin").source.startswith('Attribute VB_Name = "RibbonMyAddin"')
    assert project.name == "MyAddin"


def test_rewrite_lists_modules_everywhere_and_reads_back() -> None:
    project = VbaProject.read(template_bin())
    project.rename("B24XL")
    project.remove_module("RibbonMyAddin")
    project.set_module("Extra", 'Attribute VB_Name = "Extra"\nSub Hello()\nEnd Sub\n')
    data = project.to_bytes()

    again = VbaProject.read(data)
    assert [m.name for m in again.modules] == [
        "ThisWorkbook", "Dictionary", "Sheet2", "xlwings", "Extra",
    ]  # fmt: skip
    assert (
        again.module("Extra").source == 'Attribute VB_Name = "Extra"\r\nSub Hello()\r\nEnd Sub\r\n'
    )
    assert again.name == "B24XL"

    ole = olefile.OleFileIO(io.BytesIO(data))
    assert (
        ole.openstream("VBA/_VBA_PROJECT").read()
        == VBA_PROJECT_STREAM
        == bytes([0xCC, 0x61, 0xFF, 0xFF, 0x00, 0x00, 0x00])
    )
    records = parse_records(decompress(ole.openstream("VBA/dir").read()))
    offsets = [struct.unpack("<I", d)[0] for rid, d in records if rid == 0x0031]
    assert offsets == [0, 0, 0, 0, 0]  # every module at text offset 0: no p-code
    count = next(d for rid, d in records if rid == 0x000F)
    assert struct.unpack("<H", count)[0] == 5
    assert records[-1] == (0x0010, b"")

    project_text = ole.openstream("PROJECT").read().decode("cp1252")
    lines = project_text.split("\r\n")
    assert "Module=Extra" in lines and "Module=RibbonMyAddin" not in lines
    assert "Document=ThisWorkbook/&H00000000" in lines and "Class=Dictionary" in lines
    assert 'Name="B24XL"' in lines
    assert lines[lines.index("[Workspace]") + 5] == "Extra=0, 0, 0, 0, C"

    wm = ole.openstream("PROJECTwm").read()
    assert b"Extra\x00" + "Extra".encode("utf-16-le") + b"\x00\x00" in wm
    assert wm.endswith(b"\x00\x00") and b"RibbonMyAddin" not in wm


def test_references_survive() -> None:
    """The Office library reference (needed for IRibbonControl) is carried over."""
    project = VbaProject.read(template_bin())
    data = VbaProject.read(project.to_bytes())
    names = [d for rid, d in data.info if rid == 0x0016]
    assert b"Office" in names and b"MSForms" in names


def test_non_ascii_source_and_wrong_name_are_refused() -> None:
    project = VbaProject.read(template_bin())
    with pytest.raises(AddinError) as err:
        project.set_module("M", 'Attribute VB_Name = "M"\n\' Привет\n')
    assert "ASCII" in err.value.en
    with pytest.raises(AddinError):
        project.set_module("M", 'Attribute VB_Name = "N"\n')
