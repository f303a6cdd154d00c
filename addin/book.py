"""The small book interface the ribbon actions use, with two implementations.

:class:`XlwingsBook` drives the live workbook through xlwings (Windows/macOS, the BSD part
only); :class:`OpenpyxlBook` keeps a workbook file in openpyxl and records the status bar,
messages and answers, so every action is tested on Linux without Excel.
"""

from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, Protocol

from openpyxl import Workbook, load_workbook

from addin.errors import AddinError


class Book(Protocol):
    """What an action may do with the workbook and with the director."""

    @property
    def path(self) -> Path | None: ...

    def sheet_names(self) -> list[str]: ...

    def active_sheet(self) -> str: ...

    def activate(self, sheet: str) -> None: ...

    def read(self, sheet: str, address: str) -> Any: ...

    def write(self, sheet: str, address: str, value: Any) -> None: ...

    def add_sheet(self, name: str, *, hidden: bool = False) -> None: ...

    def status(self, text: str | None) -> None: ...

    def message(self, text: str) -> None: ...

    def ask(self, prompt: str, default: str = "") -> str | None: ...

    def edit_file(self) -> AbstractContextManager[Path]: ...

    def open_workbook(self, path: Path) -> None: ...

    def recalculate(self) -> None: ...


def _cell_block(value: Any) -> list[list[Any]]:
    if isinstance(value, list):
        return [row if isinstance(row, list) else [row] for row in value]
    return [[value]]


def _require_path(path: Path | None) -> Path:
    if path is None:
        raise AddinError(
            "save this workbook to a file first, then press the button again",
            "сначала сохраните эту книгу в файл, затем нажмите кнопку ещё раз",
        )
    return path


class OpenpyxlBook:
    """A workbook file handled with openpyxl; the director's side is recorded in lists."""

    def __init__(self, path: str | os.PathLike[str] | None = None, answers: Iterable[Any] = ()):
        self._path = Path(path) if path else None
        self.wb: Workbook = (
            load_workbook(self._path) if self._path and self._path.exists() else Workbook()
        )
        self.statuses: list[str | None] = []
        self.messages: list[str] = []
        self.prompts: list[str] = []
        self.answers: deque[Any] = deque(answers)
        self.recalculations = 0
        self.saves = 0
        self.opened: list[Path] = []

    @property
    def path(self) -> Path | None:
        return self._path

    def sheet_names(self) -> list[str]:
        return list(self.wb.sheetnames)

    def active_sheet(self) -> str:
        return str(self.wb.active.title)

    def activate(self, sheet: str) -> None:
        self.wb.active = self.wb.sheetnames.index(sheet)

    def read(self, sheet: str, address: str) -> Any:
        cells = self.wb[sheet][address]
        if isinstance(cells, tuple):
            return [[c.value for c in row] for row in cells]
        return cells.value

    def write(self, sheet: str, address: str, value: Any) -> None:
        ws = self.wb[sheet]
        top = ws[address.split(":")[0]]
        for r, row in enumerate(_cell_block(value)):
            for c, item in enumerate(row):
                ws.cell(top.row + r, top.column + c, item)

    def add_sheet(self, name: str, *, hidden: bool = False) -> None:
        ws = self.wb.create_sheet(name)
        if hidden:
            ws.sheet_state = "hidden"

    def status(self, text: str | None) -> None:
        self.statuses.append(text)

    def message(self, text: str) -> None:
        self.messages.append(text)

    def ask(self, prompt: str, default: str = "") -> str | None:
        self.prompts.append(prompt)
        return self.answers.popleft() if self.answers else None

    @contextmanager
    def edit_file(self) -> Iterator[Path]:
        """Save the workbook, let the caller rewrite the file, then read it again."""
        path = _require_path(self._path)
        self.wb.save(path)
        self.saves += 1
        yield path
        self.wb = load_workbook(path)

    def open_workbook(self, path: Path) -> None:
        self.opened.append(path)

    def recalculate(self) -> None:
        self.recalculations += 1


class XlwingsBook:
    """The live workbook in Excel, through xlwings' free (BSD) API."""

    TITLE = "B24"

    def __init__(self, book: Any) -> None:
        self._book = book

    @classmethod
    def caller(cls) -> XlwingsBook:
        """The workbook active when the ribbon button was pressed (xlwings' ``Book.caller``:
        with ``Use UDF Server`` the add-in's RunPython hands Python the ActiveWorkbook)."""
        import xlwings as xw

        return cls(xw.Book.caller())

    @property
    def path(self) -> Path | None:
        full = self._book.fullname
        return Path(full) if full and os.path.isabs(full) else None

    def sheet_names(self) -> list[str]:
        return [s.name for s in self._book.sheets]

    def active_sheet(self) -> str:
        return str(self._book.sheets.active.name)

    def activate(self, sheet: str) -> None:
        self._book.sheets[sheet].activate()

    def read(self, sheet: str, address: str) -> Any:
        return self._book.sheets[sheet].range(address).value

    def write(self, sheet: str, address: str, value: Any) -> None:
        self._book.sheets[sheet].range(address).value = value

    def add_sheet(self, name: str, *, hidden: bool = False) -> None:
        sheet = self._book.sheets.add(name, after=self._book.sheets[-1])
        if hidden:
            sheet.visible = False

    def status(self, text: str | None) -> None:
        self._book.app.status_bar = text if text else False

    def message(self, text: str) -> None:
        self._book.app.alert(text, self.TITLE)

    def ask(self, prompt: str, default: str = "") -> str | None:
        answer = self._book.app.api.InputBox(prompt, self.TITLE, default)
        return answer if isinstance(answer, str) else None

    @contextmanager
    def edit_file(self) -> Iterator[Path]:
        """Save and close the workbook (Excel locks open files), yield its path, reopen it."""
        path = _require_path(self.path)
        app = self._book.app
        self._book.save()
        self._book.close()
        try:
            yield path
        finally:
            self._book = app.books.open(str(path))
            self.allow_outlining()

    def open_workbook(self, path: Path) -> None:
        self._book = self._book.app.books.open(str(path))
        self.allow_outlining()

    def allow_outlining(self) -> None:
        """Let the director expand and collapse row groups on protected sheets (the Plans grid).

        The file keeps a sheet's protection but not ``EnableOutlining``, which Excel honours
        only under ``UserInterfaceOnly`` protection set while the workbook is open: both are set
        again on every protected sheet (the product protects without a password), keeping
        column widths and row heights adjustable as the file had them.
        """
        for sheet in self._book.sheets:
            api = sheet.api
            if not api.ProtectContents:
                continue
            try:
                api.Protect(
                    UserInterfaceOnly=True, AllowFormattingColumns=True, AllowFormattingRows=True
                )
                api.EnableOutlining = True
            except Exception as exc:  # a sheet the director protected with a password
                logging.getLogger("b24xl.addin").info(
                    "outline buttons stay off on a protected sheet (%s)", type(exc).__name__
                )

    def recalculate(self) -> None:
        api = self._book.app.api
        if hasattr(api, "CalculateFull"):
            api.CalculateFull()
        else:
            self._book.app.calculate()
