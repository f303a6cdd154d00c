"""The xlwings side of the book interface, driven through a stand-in of xlwings' objects.

Only the calls :class:`addin.book.XlwingsBook` makes are imitated (their names and meaning are
xlwings' documented API: ``sheets[...]``, ``range(...).value``, ``app.status_bar``,
``app.alert``, ``app.api.InputBox``, ``app.books.open``), so a renamed call fails here.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from addin.book import XlwingsBook
from addin.errors import AddinError


class FakeRange:
    def __init__(self, cells: dict[str, Any], address: str) -> None:
        self.cells, self.address = cells, address

    @property
    def value(self) -> Any:
        return self.cells.get(self.address)

    @value.setter
    def value(self, value: Any) -> None:
        self.cells[self.address] = value


class FakeSheetApi:
    """The COM sheet: protection as Excel reports and sets it."""

    def __init__(self, protected: bool = False, password: str = "") -> None:
        self.ProtectContents, self.password = protected, password
        self.EnableOutlining = False
        self.protect_calls: list[dict[str, Any]] = []

    def Protect(self, **options: Any) -> None:
        if self.password:  # Excel refuses to re-protect without the password
            raise RuntimeError("com_error: the password you supplied is not correct")
        self.protect_calls.append(options)


class FakeSheet:
    def __init__(self, name: str) -> None:
        self.name = name
        self.cells: dict[str, Any] = {}
        self.visible, self.active = True, False
        self.api = FakeSheetApi()

    def range(self, address: str) -> FakeRange:
        return FakeRange(self.cells, address)

    def activate(self) -> None:
        self.active = True


class FakeSheets(list):
    @property
    def active(self) -> FakeSheet:
        return next(s for s in self if s.active)

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return next(s for s in self if s.name == key)
        return super().__getitem__(key)

    def add(self, name: str, after: FakeSheet) -> FakeSheet:
        sheet = FakeSheet(name)
        self.insert(self.index(after) + 1, sheet)
        return sheet


class FakeApi:
    def __init__(self, answer: Any) -> None:
        self.answer, self.full = answer, 0

    def InputBox(self, prompt: str, title: str, default: str) -> Any:
        self.asked = (prompt, title, default)
        return self.answer

    def CalculateFull(self) -> None:
        self.full += 1


def fake_book(tmp_path: Path, answer: Any = "x") -> SimpleNamespace:
    first = FakeSheet("Лист1")
    first.active = True
    app = SimpleNamespace(status_bar=None, alerts=[], api=FakeApi(answer), opened=[])
    app.alert = lambda text, title: app.alerts.append((title, text))
    book = SimpleNamespace(
        sheets=FakeSheets([first]), app=app, fullname=str(tmp_path / "r.xlsx"), events=[]
    )
    book.save = lambda: book.events.append("save")
    book.close = lambda: book.events.append("close")

    def open_book(path: str) -> SimpleNamespace:
        app.opened.append(path)
        return book

    app.books = SimpleNamespace(open=open_book)
    return book


def test_reading_writing_sheets_and_talking(tmp_path: Path) -> None:
    raw = fake_book(tmp_path, answer="https://x.bitrix24.ru/rest/1/abc/")
    book = XlwingsBook(raw)
    assert book.sheet_names() == ["Лист1"] and book.active_sheet() == "Лист1"
    book.add_sheet("_b24xl", hidden=True)
    assert raw.sheets["_b24xl"].visible is False
    book.write("_b24xl", "B1", 3)
    assert book.read("_b24xl", "B1") == 3
    book.status("Загрузка...")
    assert raw.app.status_bar == "Загрузка..."
    book.status(None)
    assert raw.app.status_bar is False  # hands the status bar back to Excel
    book.message("Готово")
    assert raw.app.alerts == [("B24", "Готово")]
    assert book.ask("URL?", "d") == "https://x.bitrix24.ru/rest/1/abc/"
    assert raw.app.api.asked == ("URL?", "B24", "d")
    book.recalculate()
    assert raw.app.api.full == 1


def test_cancelled_input_box_is_none(tmp_path: Path) -> None:
    assert XlwingsBook(fake_book(tmp_path, answer=False)).ask("URL?") is None


def test_edit_file_saves_closes_and_reopens(tmp_path: Path) -> None:
    raw = fake_book(tmp_path)
    book = XlwingsBook(raw)
    with book.edit_file() as path:
        assert path == tmp_path / "r.xlsx"
        assert raw.events == ["save", "close"]  # Excel's lock is released before the fill
    assert raw.app.opened == [str(tmp_path / "r.xlsx")]


def test_an_unsaved_workbook_must_be_saved_first(tmp_path: Path) -> None:
    raw = fake_book(tmp_path)
    raw.fullname = "Книга1"  # Excel's name for a workbook never saved
    with pytest.raises(AddinError) as err, XlwingsBook(raw).edit_file():
        pass
    assert "save" in err.value.en


def test_reopened_workbook_lets_protected_sheets_expand_and_collapse(tmp_path: Path) -> None:
    raw = fake_book(tmp_path)
    plans = raw.sheets.add("Планы", after=raw.sheets[0])
    plans.api = FakeSheetApi(protected=True)
    own = raw.sheets.add("Мой лист", after=plans)
    own.api = FakeSheetApi(protected=True, password="secret")
    with XlwingsBook(raw).edit_file():
        pass
    assert plans.api.protect_calls == [
        {"UserInterfaceOnly": True, "AllowFormattingColumns": True, "AllowFormattingRows": True}
    ]
    assert plans.api.EnableOutlining is True
    assert raw.sheets["Лист1"].api.protect_calls == []  # unprotected: left alone
    assert own.api.EnableOutlining is False  # the director's password: left alone, no error
