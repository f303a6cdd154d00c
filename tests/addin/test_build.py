"""The built add-in, read with independent tools: zipfile, olevba (oletools), ElementTree."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
import xlwings
from oletools import olevba

from addin.xlam import customui
from addin.xlam.build import CONF_SHEET, Config, build, build_bytes, zip_bytes

SSML = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
EXPECTED_MODULES = {
    "ThisWorkbook", "Dictionary", "Sheet2", "xlwings", "RibbonB24", "xlwings_udfs", "B24Help",
}  # fmt: skip


def modules_by_olevba(path: Path) -> dict[str, str]:
    parser = olevba.VBA_Parser(str(path))
    try:
        return {
            Path(filename).stem: code.replace("\r\n", "\n")
            for _, _, filename, code in parser.extract_macros()
        }
    finally:
        parser.close()


def test_olevba_reads_every_module(built_addin: Path) -> None:
    modules = modules_by_olevba(built_addin)
    assert set(modules) == EXPECTED_MODULES
    assert (
        'RunPython "import addin.ribbon as r; r.dispatch(\'" & control.Id & "\')"'
        in (modules["RibbonB24"])
    )
    assert 'Public Const PROJECT_NAME As String = "b24xl"' in modules["xlwings"]
    assert "Private Sub Workbook_Open()\n    RegisterHelp\nEnd Sub" in modules["ThisWorkbook"]
    assert re.search(r"^Public Sub RegisterHelp\(\)$", modules["B24Help"], re.M)
    snapshot = (Path(__file__).parent / "snapshots" / "xlwings_udfs.bas").read_text()
    assert modules["xlwings_udfs"].strip() == snapshot.strip()


def test_xlwings_module_names_the_installed_dll(built_addin: Path) -> None:
    source = modules_by_olevba(built_addin)["xlwings"]
    dll = f"xlwings64-{xlwings.__version__}.dll"
    assert xlwings.__version__ == "0.37.8"
    assert f'Lib "{dll}"' in source
    assert set(re.findall(r"xlwings64-[\d.]+\.dll", source)) == {dll}


def test_every_on_action_names_an_existing_sub(built_addin: Path) -> None:
    with zipfile.ZipFile(built_addin) as z:
        xml = z.read("customUI/customUI.xml")
        rels = z.read("_rels/.rels").decode()
    assert 'Target="customUI/customUI.xml"' in rels
    actions = customui.on_actions(xml)
    modules = modules_by_olevba(built_addin)
    for control, macro in actions.items():
        module, _, sub = macro.partition(".")
        pattern = rf"^Sub {re.escape(sub)}\(control As IRibbonControl\)"
        assert re.search(pattern, modules[module], re.M), f"{control}: {macro} is missing"


def test_ribbon_has_the_buttons_in_both_languages() -> None:
    wanted = {
        "refresh_all", "refresh_sheet", "connect_portal", "load_plans", "save_plans",
        "manager_files", "metric_catalog", "settings",
    }  # fmt: skip
    labels = {}
    for lang in ("ru", "en"):
        root = ET.fromstring(customui.build(lang))
        tab = root.find(".//{*}tab")
        assert tab is not None and tab.attrib["label"] == "B24"
        buttons = {b.attrib["id"]: b.attrib for b in root.findall(".//{*}button")}
        assert set(buttons) == wanted
        for attrs in buttons.values():
            assert attrs["imageMso"] and attrs["screentip"] and attrs["supertip"]
            assert not any(k.endswith(("_ru", "_en")) for k in attrs)
        labels[lang] = buttons["refresh_all"]["label"]
    assert labels == {"ru": "Обновить всё", "en": "Refresh all"}


def test_config_sheet(built_addin: Path) -> None:
    with zipfile.ZipFile(built_addin) as z:
        workbook = ET.fromstring(z.read("xl/workbook.xml"))
        sheet = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
        strings = [t.text or "" for t in ET.fromstring(z.read("xl/sharedStrings.xml")).iter()
                   if t.tag == SSML + "t"]  # fmt: skip
    assert [s.attrib["name"] for s in workbook.iter(SSML + "sheet")] == [CONF_SHEET]
    assert CONF_SHEET == "b24xl.conf"
    values: dict[str, object] = {}
    for row in sheet.iter(SSML + "row"):
        cells = {c.attrib["r"][0]: c for c in row.iter(SSML + "c")}
        key = strings[int(cells["A"].findtext(SSML + "v") or "")]
        b = cells.get("B")
        v = b.findtext(SSML + "v") if b is not None else None
        if b is not None and b.attrib.get("t") == "s":
            values[key] = strings[int(v or "")]
        elif b is not None and b.attrib.get("t") == "b":
            values[key] = v == "1"
        else:
            values[key] = None
    assert values["UDF Modules"] == "addin.udfs"
    assert values["Use UDF Server"] is True
    assert values["Interpreter_Win"] is None  # filled by `b24xl addin install`
    # keys must be contiguous from A1: xlwings reads A1 to A1.End(xlDown)
    assert next(iter(values)) == "Interpreter_Win" and len(values) == 9


def test_interpreter_is_written_when_given() -> None:
    parts = build_bytes("en", Config(interpreter_win=r"C:\venv\Scripts\pythonw.exe"))
    assert rb"C:\venv\Scripts\pythonw.exe" in parts["xl/sharedStrings.xml"]


def test_build_is_byte_for_byte_reproducible(tmp_path: Path, built_addin: Path) -> None:
    again = build(tmp_path / "again.xlam", "ru")
    assert again.read_bytes() == built_addin.read_bytes()
    with zipfile.ZipFile(again) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert zip_bytes(build_bytes("en")) != built_addin.read_bytes()  # the language matters


def test_unwritable_target_is_one_line_error(tmp_path: Path) -> None:
    from addin.errors import AddinError

    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(AddinError) as err:
        build(blocker / "sub" / "b24xl.xlam")
    assert "-o" in err.value.en and "\n" not in err.value.ru
