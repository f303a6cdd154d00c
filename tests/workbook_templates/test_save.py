"""Saving goes through a temp file; a locked or unwritable target is one clear line."""

from __future__ import annotations

import os

import pytest
from openpyxl import Workbook, load_workbook

from workbook_templates.errors import TargetError
from workbook_templates.save import excel_lock, neutral_properties, save_atomic


def _book(value: str) -> Workbook:
    wb = Workbook()
    wb.active["A1"] = value
    return wb


def test_save_replaces_the_file_and_leaves_no_temp(tmp_path):
    target = tmp_path / "r.xlsx"
    save_atomic(_book("one"), target)
    save_atomic(_book("two"), target)
    assert load_workbook(target).active["A1"].value == "two"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.xlsx"]


def test_a_new_report_is_an_ordinary_file_and_a_replaced_one_keeps_its_mode(tmp_path):
    old_umask = os.umask(0o022)
    try:
        fresh = tmp_path / "fresh.xlsx"
        save_atomic(_book("one"), fresh)
        assert fresh.stat().st_mode & 0o777 == 0o644  # 0o666 without the umask's 0o022
        fresh.chmod(0o640)
        save_atomic(_book("two"), fresh)
        assert fresh.stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(old_umask)


def test_a_folder_that_cannot_exist_is_named(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(TargetError) as err:
        save_atomic(_book("x"), blocker / "r.xlsx")
    assert str(blocker / "r.xlsx") in err.value.en
    assert "\n" not in err.value.en + err.value.ru


def test_a_failed_save_leaves_the_previous_file(tmp_path, monkeypatch):
    target = tmp_path / "r.xlsx"
    save_atomic(_book("one"), target)
    broken = _book("two")

    def explode(path):
        with open(path, "wb") as fh:
            fh.write(b"half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(broken, "save", explode)
    with pytest.raises(TargetError) as err:
        save_atomic(broken, target)
    assert "No space left on device" in err.value.en
    assert load_workbook(target).active["A1"].value == "one"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.xlsx"]


def test_a_workbook_open_in_excel_is_refused(tmp_path):
    target = tmp_path / "r.xlsx"
    save_atomic(_book("one"), target)
    excel_lock(target).write_text("owner")
    with pytest.raises(TargetError) as err:
        save_atomic(_book("two"), target)
    assert str(target) in err.value.en and "закройте её в Excel" in err.value.ru
    assert load_workbook(target).active["A1"].value == "one"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_folder_is_named(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(TargetError) as err:
            save_atomic(_book("x"), folder / "r.xlsx")
        assert str(folder / "r.xlsx") in err.value.en
        assert "\n" not in err.value.en + err.value.ru
    finally:
        folder.chmod(0o700)


def test_neutral_properties_name_no_person(tmp_path):
    wb = _book("x")
    wb.properties.creator = "Иван Петров"
    neutral_properties(wb, "Отчёт")
    target = save_atomic(wb, tmp_path / "p.xlsx")
    props = load_workbook(target).properties
    assert (props.creator, props.lastModifiedBy, props.title) == ("b24xl", "b24xl", "Отчёт")
