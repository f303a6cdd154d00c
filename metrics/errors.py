"""Errors of the metrics layer: unknown metric, scope, period or parameter.

Every error carries a one-line message in English (``en``) and Russian (``ru``).
"""

from __future__ import annotations


class MetricsError(Exception):
    """Base of every error a director can cause by what he typed."""

    def __init__(self, en: str, ru: str) -> None:
        super().__init__(en)
        self.en = en
        self.ru = ru
