"""A one-line progress display for a sync, drawn only on a terminal.

The fast export sends no totals (``start=-1``), so the line counts rows per entity as pages
arrive instead of drawing a percentage: ``sync: deals 12,500 rows | 3.2 s``. Off a terminal
(pipes, logs, ``--json``) it stays silent.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

WORDS = {
    "en": ("sync", "rows"),
    "ru": ("синхронизация", "строк"),
}


class ProgressLine:
    """Callable ``(entity, rows)`` for :func:`b24sync.sync.sync`; :meth:`close` ends the line."""

    def __init__(
        self, stream: TextIO | None = None, *, lang: str = "ru", enabled: bool | None = None
    ) -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.words = WORDS.get(lang, WORDS["en"])
        self.started = time.monotonic()
        self.width = 0

    def __call__(self, entity: str, rows: int) -> None:
        if not self.enabled:
            return
        elapsed = time.monotonic() - self.started
        text = f"{self.words[0]}: {entity} {rows:,} {self.words[1]} | {elapsed:.1f} s"
        self.stream.write("\r" + text.ljust(self.width))
        self.stream.flush()
        self.width = len(text)

    def close(self) -> None:
        """Clear the line (the summary is printed after)."""
        if self.enabled and self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0
