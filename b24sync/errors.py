"""Errors of the sync layer. (The client's full tree is documented in ``b24sync.client``.)

Every error carries a one-line message in English (``en``) and Russian (``ru``); no message
ever contains a webhook URL or token.
"""

from __future__ import annotations


class B24Error(Exception):
    """Base of every b24sync error a director can act on."""

    def __init__(self, en: str, ru: str) -> None:
        super().__init__(en)
        self.en = en
        self.ru = ru


class StoreError(B24Error):
    """The local store cannot be opened, written or is busy."""
