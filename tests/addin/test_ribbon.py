"""Ribbon actions against an openpyxl-backed book (no Excel), the portal behind the emulator."""

from __future__ import annotations

from pathlib import Path

import pytest
from addin_portal import snapshot, sync_snapshot
from openpyxl import load_workbook

from addin import ribbon
from addin.book import OpenpyxlBook
from b24sync import secrets
from b24sync.emulator import PortalEmulator


@pytest.fixture
def private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private config dir (the webhook file), no keyring, and a store of our own."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv(secrets.ENV_VAR, raising=False)
    monkeypatch.setattr(secrets, "_keyring", lambda: None)
    store = tmp_path / "store.sqlite"
    monkeypatch.setenv("B24XL_STORE", str(store))
    return store


@pytest.fixture
def emulator():
    with PortalEmulator(snapshot(), limit=None) as emu:
        yield emu


def report(tmp_path: Path, store: Path) -> Path:
    """A report workbook as `b24xl refresh` writes it (the director's starting point)."""
    from addin.refresh import RefreshOptions, refresh_file
    from b24sync.store import load_frames

    sync_snapshot(snapshot(), store)
    return refresh_file(load_frames(store), tmp_path / "report.xlsx", RefreshOptions(lang="ru"))


def test_connect_checks_and_stores_the_webhook(private: Path, emulator, private_log: Path) -> None:
    book = OpenpyxlBook(answers=[emulator.url])
    ribbon.dispatch("connect_portal", book)
    assert book.messages == ["Портал 127.0.0.1 подключён."]
    assert secrets.load_webhook() == emulator.url
    shown = " ".join(book.messages + book.prompts + [s or "" for s in book.statuses])
    assert emulator.url not in shown
    assert not private_log.exists() or emulator.url not in private_log.read_text()


def test_connect_cancelled_does_nothing(private: Path) -> None:
    book = OpenpyxlBook(answers=[None])
    ribbon.dispatch("connect_portal", book)
    assert book.messages == []
    with pytest.raises(secrets.NotConnectedError):
        secrets.load_webhook()


def test_connect_with_a_wrong_url_is_one_line(private: Path) -> None:
    book = OpenpyxlBook(answers=["https://example.com/not-a-webhook"])
    ribbon.dispatch("connect_portal", book)
    assert len(book.messages) == 1 and "\n" not in book.messages[0]
    assert book.statuses[-1] is None  # the status bar is given back to Excel


def test_refresh_all_syncs_fills_and_bumps(
    tmp_path: Path, private: Path, emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = report(tmp_path, tmp_path / "first.sqlite")
    secrets.save_webhook(emulator.url)
    book = OpenpyxlBook(path)
    book.wb.create_sheet("Мой лист")["A1"] = "своё"  # the director's own sheet survives
    ribbon.dispatch("refresh_all", book)
    # a first sync into an empty store: 2 users + 3 departments + 1 pipeline + 3 stages
    # + 6 deals + 1 currency = 16 rows
    assert book.messages == ["Обновлено: загружено строк: 16."]
    assert book.read("_b24xl", "B1") == 1 and book.recalculations == 1
    saved = load_workbook(path)
    assert saved["Мой лист"]["A1"].value == "своё"
    assert book.wb["_b24xl"].sheet_state == "hidden"  # in the live book
    ribbon.dispatch("refresh_sheet", book)
    assert book.read("_b24xl", "B1") == 2


def test_refresh_without_connection_is_one_line(tmp_path: Path, private: Path) -> None:
    book = OpenpyxlBook(tmp_path / "x.xlsx")
    ribbon.dispatch("refresh_all", book)
    assert len(book.messages) == 1 and "вебхук" in book.messages[0].lower()


def test_catalog_and_settings(tmp_path: Path, private: Path) -> None:
    book = OpenpyxlBook(report(tmp_path, private))
    ribbon.dispatch("metric_catalog", book)
    assert book.active_sheet() == "Каталог метрик"  # the report's own catalog sheet
    ribbon.dispatch("settings", book)
    assert book.active_sheet() == "Настройки" and book.messages == []


def test_catalog_in_any_workbook(private: Path) -> None:
    book = OpenpyxlBook()
    ribbon.dispatch("metric_catalog", book)
    assert book.active_sheet() == "Каталог метрик"
    header = book.read("Каталог метрик", "A1:F1")[0]
    assert header[0] == "Показатель" and header[5] == "Функция"
    column = [r[0] for r in book.read("Каталог метрик", "A2:A200") if r[0]]
    assert "conversion_overall" in column and "won_count" in column
    example = book.read("Каталог метрик", "F2")
    assert example.startswith("B24_METRIC(") and not example.startswith("=")


def test_settings_in_a_book_without_reports(private: Path) -> None:
    book = OpenpyxlBook()
    ribbon.dispatch("settings", book)
    assert book.messages == [
        "в этой книге нет листа «Настройки»: нажмите «Обновить всё», чтобы создать отчёт"
    ]


def test_refresh_in_a_blank_workbook_creates_a_report_beside_it(
    tmp_path: Path, private: Path, emulator
) -> None:
    secrets.save_webhook(emulator.url)
    blank = tmp_path / "Книга1.xlsx"
    book = OpenpyxlBook(blank)
    book.wb.save(blank)
    ribbon.dispatch("refresh_all", book)
    created = tmp_path / "b24xl-127.0.0.1.xlsx"  # named after the portal the webhook reaches
    assert book.opened == [created]
    assert book.messages == [f"Обновлено: загружено строк: 16. Новый отчёт: {created}"]
    assert "Настройки" in load_workbook(created).sheetnames
    assert load_workbook(blank).sheetnames == ["Sheet"]  # the director's book is untouched


def test_per_manager_files(tmp_path: Path, private: Path) -> None:
    sync_snapshot(snapshot(), private)
    folder = tmp_path / "managers"
    book = OpenpyxlBook(tmp_path / "r.xlsx", answers=[str(folder)])
    ribbon.dispatch("manager_files", book)
    assert sorted(p.suffix for p in folder.iterdir()) == [".xlsx", ".xlsx"]  # two managers
    assert book.messages == [f"Записано файлов: 2 в {folder}"]


def test_unknown_button_and_unexpected_errors(
    monkeypatch: pytest.MonkeyPatch, private_log: Path
) -> None:
    book = OpenpyxlBook()
    ribbon.dispatch("no_such_button", book)
    assert book.messages == ['неизвестная кнопка ленты "no_such_button": пересоберите надстройку']

    def broken(book: object) -> None:
        raise KeyError("secret-looking detail")

    monkeypatch.setitem(ribbon.ACTIONS, "settings", broken)
    ribbon.dispatch("settings", book)
    assert book.messages[-1] == (
        "Что-то пошло не так (KeyError); подробности в журнале надстройки."
    )
    assert "secret-looking detail" in private_log.read_text()


def test_every_ribbon_button_has_an_action() -> None:
    from addin.xlam import customui

    ids = set(customui.on_actions(customui.build("ru")))
    assert ids == set(ribbon.ACTIONS)


def test_load_then_save_plans(tmp_path: Path, private: Path) -> None:
    """Load fills the Plans grid; typing a plan and saving stores it; B24_PLAN then sees it."""
    import datetime as dt

    from addin import context, udfs

    book = OpenpyxlBook(report(tmp_path, private))
    ribbon.dispatch("load_plans", book)
    assert book.messages[-1].startswith("Планы загружены: ревизия 0")
    sheet = book.wb["Планы"]
    year = dt.date.today().year
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "all")
    col = next(
        c for c in range(1, sheet.max_column + 1)
        if sheet.cell(6, c).value == f"{year}-03"
    )  # fmt: skip
    sheet.cell(row, col).value = 500_000
    ribbon.dispatch("save_plans", book)
    assert book.messages[-1] == "Сохранено значений: 1, ревизия 1"
    context.CACHE.clear()
    assert udfs.B24_PLAN("all", f"{year}-03") == 500_000
    assert book.read("_b24xl", "B1") == 2  # each plans button bumps the refresh id


def test_the_workbook_settings_reach_the_functions(
    tmp_path: Path, private: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Refresh keeps the Settings sheet's metric settings beside the store for the UDFs."""
    from addin import context, udfs
    from addin.cli import main

    book = OpenpyxlBook(report(tmp_path, private))
    context.CACHE.clear()
    # open deals 3 and 6 were last touched in March 2024: forgotten after 14 idle days
    assert udfs.B24_FORGOTTEN("all") == 2
    sheet = book.wb["Настройки"]
    row = next(r for r in range(6, 26) if sheet.cell(r, 2).value == "forgotten_days_deals")
    sheet.cell(row, 3).value = 100_000  # no deal has been idle for 270 years
    ribbon.dispatch("refresh_sheet", book)
    assert book.messages == []
    saved = context.load_settings(private)
    assert saved is not None and saved["forgotten_days_deals"] == 100_000
    assert udfs.B24_FORGOTTEN("all") == 0
    # `b24xl metric` with the same settings file says the same
    argv = ["metric", "forgotten_deals", "--scope", "all", "--store", str(private)]
    assert main([*argv, "--settings", str(context.settings_path(private))]) == 0
    assert capsys.readouterr().out.strip() == "0"
