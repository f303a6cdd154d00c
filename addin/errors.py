"""The product's user-facing errors, gathered in one place for the CLI and the ribbon.

Each layer keeps its own error tree (``b24sync.errors``, ``metrics.errors``,
``workbook_templates.errors``, ``addin.errors``); every user-facing error there carries two
one-line messages, ``en`` and ``ru``. :func:`describe` picks the language the director reads:
``B24XL_LANG`` (``ru`` by default, ``en`` on request).
"""

from __future__ import annotations

import os

from b24sync.errors import B24Error
from metrics.errors import MetricsError
from workbook_templates.errors import WorkbookError


class AddinError(Exception):
    """An error of the Excel face (add-in build, install, ribbon) a director can act on."""

    def __init__(self, en: str, ru: str) -> None:
        super().__init__(en)
        self.en = en
        self.ru = ru


USER_ERRORS: tuple[type[Exception], ...] = (AddinError, B24Error, MetricsError, WorkbookError)


def language() -> str:
    """The language of messages: ``B24XL_LANG`` if it is ``en``, else Russian."""
    return "en" if os.environ.get("B24XL_LANG", "ru").lower().startswith("en") else "ru"


def describe(exc: BaseException, lang: str | None = None) -> str:
    """One line for a director: the message in the chosen language, never a traceback."""
    lang = lang or language()
    text = getattr(exc, lang, None) or str(exc)
    return " ".join(str(text).split())
