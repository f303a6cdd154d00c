"""The B24 ribbon: one VBA callback passes the pressed button's id to :func:`dispatch`.

Each action is a few lines: tell the director what is happening (status bar), call
:mod:`addin.app`, report the result. Any error becomes one line in a message box (the
details go to the add-in log), never a traceback. New buttons need only an entry in
``ACTIONS`` and in the ribbon XML; no VBA changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from addin import app
from addin.book import Book
from addin.errors import USER_ERRORS, AddinError, describe, language
from addin.logs import log_error

Action = Callable[[Book], None]


def say(en: str, ru: str) -> str:
    """The text in the director's language."""
    return en if language() == "en" else ru


def refresh_all(book: Book) -> None:
    book.status(say("Downloading changes from Bitrix24...", "Загрузка изменений из Битрикс24..."))
    rows = app.sync_portal()
    book.status(say("Filling the report sheets...", "Заполнение листов отчётов..."))
    done = say(f"Refreshed: {rows} rows downloaded.", f"Обновлено: загружено строк: {rows}.")
    if not app.is_report(book):
        path = app.new_report(book)
        book.message(done + " " + say(f"New report: {path}", f"Новый отчёт: {path}"))
        return
    app.fill_book(book)
    app.bump_refresh_id(book)
    book.message(done)


def refresh_sheet(book: Book) -> None:
    book.status(say("Recalculating from local data...", "Пересчёт из загруженных данных..."))
    if not app.is_report(book):
        path = app.new_report(book)
        book.message(say(f"New report: {path}", f"Новый отчёт: {path}"))
        return
    app.fill_book(book)
    app.bump_refresh_id(book)


def connect_portal(book: Book) -> None:
    url = book.ask(
        say(
            "Inbound webhook URL (Bitrix24: Developer resources > Other > Inbound webhook):",
            "Адрес входящего вебхука (Битрикс24: Разработчикам > Другое > Входящий вебхук):",
        )
    )
    if not url or not url.strip():
        return
    book.status(say("Checking the webhook...", "Проверка вебхука..."))
    host = app.connect_portal(url)
    book.message(say(f"Connected to {host}.", f"Портал {host} подключён."))


def load_plans(book: Book) -> None:
    from addin.plans import GridRequest, load_plans_action

    book.status(say("Loading plans...", "Загрузка планов..."))
    request = GridRequest(year=dt.date.today().year, lang=language())
    load_plans_action(book, request)  # reports the result itself
    app.bump_refresh_id(book)


def save_plans(book: Book) -> None:
    from addin.plans import save_plans_action

    book.status(say("Checking and saving plans...", "Проверка и сохранение планов..."))
    save_plans_action(book, lang=language())  # reports the result (or every problem) itself
    app.bump_refresh_id(book)


def manager_files(book: Book) -> None:
    default = str((book.path.parent if book.path else Path.home()) / "managers")
    folder = book.ask(
        say("Folder for the managers' files:", "Папка для файлов менеджеров:"), default
    )
    if not folder or not folder.strip():
        return
    book.status(say("Writing one file per manager...", "Запись файлов по менеджерам..."))
    written = app.per_manager_files(Path(folder.strip()).expanduser())
    book.message(
        say(
            f"{len(written)} files written to {folder}",
            f"Записано файлов: {len(written)} в {folder}",
        )
    )


def metric_catalog(book: Book) -> None:
    sheet = app.sheet_name("catalog")
    if sheet not in book.sheet_names():  # a report has it; any other workbook gets one
        book.add_sheet(sheet)
        book.write(sheet, "A1", app.catalog_block(language()))
    book.activate(sheet)


def settings(book: Book) -> None:
    for lang in ("ru", "en"):
        if app.sheet_name("settings", lang) in book.sheet_names():
            book.activate(app.sheet_name("settings", lang))
            return
    raise AddinError(
        "this workbook has no Settings sheet: press Refresh all to create a report",
        "в этой книге нет листа «Настройки»: нажмите «Обновить всё», чтобы создать отчёт",
    )


ACTIONS: dict[str, Action] = {
    "refresh_all": refresh_all,
    "refresh_sheet": refresh_sheet,
    "connect_portal": connect_portal,
    "load_plans": load_plans,
    "save_plans": save_plans,
    "manager_files": manager_files,
    "metric_catalog": metric_catalog,
    "settings": settings,
}


def dispatch(action_id: str, book: Book | None = None) -> None:
    """Run the action of ribbon button ``action_id`` on ``book`` (the active workbook)."""
    if book is None:
        from addin.book import XlwingsBook

        book = XlwingsBook.caller()
    try:
        action = ACTIONS.get(action_id)
        if action is None:
            raise AddinError(
                f'unknown ribbon button "{action_id}": rebuild the add-in',
                f'неизвестная кнопка ленты "{action_id}": пересоберите надстройку',
            )
        action(book)
    except Exception as exc:
        book.message(message_for(exc))
    finally:
        book.status(None)


def message_for(exc: BaseException) -> str:
    """One line a director understands; unexpected errors are logged in full."""
    if isinstance(exc, USER_ERRORS):
        return describe(exc)
    log_error("ribbon", exc)
    return say(
        f"Something went wrong ({exc.__class__.__name__}); details are in the add-in log.",
        f"Что-то пошло не так ({exc.__class__.__name__}); подробности в журнале надстройки.",
    )
