"""Errors of the workbook layer (template problems, unwritable targets).

Every error carries a one-line message in English (``en``) and Russian (``ru``).
"""

from __future__ import annotations


class WorkbookError(Exception):
    """Base of every workbook error a director can act on."""

    def __init__(self, en: str, ru: str) -> None:
        super().__init__(en)
        self.en = en
        self.ru = ru
