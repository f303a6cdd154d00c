"""What the ribbon buttons do, in terms of the other layers (no Excel here).

Each function takes plain values or a :class:`addin.book.Book` and calls the application:
the sync (:mod:`b24sync`), the metrics (:mod:`metrics`) and the workbook fill
(:mod:`addin.refresh`, :mod:`workbook_templates`). :mod:`addin.ribbon` wraps them in status
messages and turns errors into one line for the director.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from addin.book import Book
from addin.context import plans_of, save_settings, store_path
from addin.errors import language

REFRESH_SHEET = "_b24xl"
REFRESH_CELL = "B1"


def sync_portal(store: Path | None = None) -> int:
    """Bring the store up to date from the connected portal; the number of rows changed."""
    from addin.commands.sync import DEFAULT_LIMIT
    from b24sync.client import Client
    from b24sync.secrets import load_webhook
    from b24sync.sync import sync_store
    from b24sync.webhook import parse_webhook

    url = load_webhook()
    with Client(url, rate_limit=DEFAULT_LIMIT) as client:
        result = sync_store(
            store or store_path(), client, portal={"domain": parse_webhook(url).host}
        )
    return sum(result.rows.values())


def connect_portal(url: str) -> str:
    """Check the webhook with one request, store it; the portal's host (not secret)."""
    from addin.commands.connect import check_webhook
    from b24sync.secrets import save_webhook

    host = check_webhook(url.strip())
    save_webhook(url.strip())
    return host


def fill_book(book: Book, store: Path | None = None) -> str:
    """Fill every product sheet of the workbook from the store; the period filled."""
    from addin.refresh import RefreshOptions, refresh_file
    from b24sync.store import load_frames

    store = store or store_path()
    frames = load_frames(store)
    options = RefreshOptions(lang=language(), plans=plans_of(store))
    with book.edit_file() as path:
        refresh_file(frames, path, options)
        remember_settings(path, store)
    return frames.portal.domain


def remember_settings(workbook: Path, store: Path) -> Path:
    """Keep the workbook's metric settings beside the store, for the B24_ functions."""
    from openpyxl import load_workbook

    from addin.report_settings import from_sheet
    from workbook_templates.settings_sheet import read_settings

    chosen = from_sheet(read_settings(load_workbook(workbook, read_only=False)))
    return save_settings(store, chosen.metrics.to_mapping())


def sheet_name(key: str, lang: str | None = None) -> str:
    """The product's name of sheet ``key`` (manifest) in the director's language."""
    from workbook_templates.manifest import SHEETS

    sheet = next(s for s in SHEETS if s.key == key)
    return sheet.name(lang or language())


def is_report(book: Book) -> bool:
    """True when the workbook is a b24xl report (it has the product's Settings sheet)."""
    names = set(book.sheet_names())
    return any(sheet_name("settings", lang) in names for lang in ("ru", "en"))


def new_report(book: Book, store: Path | None = None) -> Path:
    """Write a new report beside the workbook (or in the home folder) and open it."""
    from addin.refresh import RefreshOptions, refresh_file
    from b24sync.store import load_frames

    store = store or store_path()
    folder = book.path.parent if book.path else Path.home()
    frames = load_frames(store)
    target = folder / f"b24xl-{frames.portal.domain or 'report'}.xlsx"
    path = refresh_file(frames, target, RefreshOptions(lang=language(), plans=plans_of(store)))
    remember_settings(path, store)
    book.open_workbook(path)
    return path


def per_manager_files(folder: Path, store: Path | None = None) -> list[Path]:
    """One workbook per active manager in ``folder`` (only that manager's data in each)."""
    from addin.refresh import RefreshOptions, refresh_per_manager
    from b24sync.store import load_frames

    store = store or store_path()
    options = RefreshOptions(lang=language(), plans=plans_of(store))
    return refresh_per_manager(load_frames(store), folder, options)


def bump_refresh_id(book: Book) -> int:
    """Increase the refresh id in the hidden ``_b24xl`` sheet, so dependent cells recalc."""
    if REFRESH_SHEET not in book.sheet_names():
        book.add_sheet(REFRESH_SHEET, hidden=True)
        book.write(REFRESH_SHEET, "A1", "refresh id")
    current = book.read(REFRESH_SHEET, REFRESH_CELL)
    value = int(current) + 1 if isinstance(current, int | float) else 1
    book.write(REFRESH_SHEET, REFRESH_CELL, value)
    book.recalculate()
    return value


def catalog_block(lang: str) -> list[list[Any]]:
    """The metric catalog as a block of cells: a header row, then one row per metric."""
    from workbook_templates.catalog import catalog_rows

    rows = catalog_rows(lang)
    header = {
        "ru": ["Показатель", "Название", "Единица", "Что показывает", "Как считается", "Функция"],
        "en": ["Metric", "Name", "Unit", "What it shows", "How it is computed", "Function"],
    }[lang]
    sep = ";" if lang == "ru" else ","  # the list separator of Excel in that language
    body = [
        [r["metric"], r["label"], r["unit"], r["description"], r["formula"],
         f'B24_METRIC("{r["metric"]}"{sep} "all"{sep} "2024-03")']
        for r in rows
    ]  # fmt: skip
    return [header, *body]
