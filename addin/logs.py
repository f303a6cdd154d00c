"""The add-in's log file: full details of what a director saw as one line.

A message box or a ``#B24:`` cell carries one line; the traceback behind it goes here
(``B24XL_LOG`` overrides the path). Secrets never reach the log: messages are the product's
own one-line errors, and tracebacks are written without local variables.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import platformdirs

_LOGGER = logging.getLogger("b24xl.addin")


def log_path() -> Path:
    """``B24XL_LOG`` or ``addin.log`` in the user's log directory."""
    env = os.environ.get("B24XL_LOG")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_log_dir("b24xl", appauthor=False)) / "addin.log"


def logger() -> logging.Logger:
    """The add-in logger, writing to :func:`log_path` (attached on first use)."""
    path = log_path()
    if not any(getattr(h, "baseFilename", None) == str(path) for h in _LOGGER.handlers):
        for handler in list(_LOGGER.handlers):
            _LOGGER.removeHandler(handler)
            handler.close()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handler = logging.FileHandler(path, encoding="utf-8", delay=True)
        except OSError:
            return _LOGGER
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        _LOGGER.addHandler(handler)
        _LOGGER.setLevel(logging.INFO)
        _LOGGER.propagate = False
    return _LOGGER


def log_error(where: str, exc: BaseException) -> None:
    """Record ``exc`` (with its traceback) under ``where``."""
    logger().error("%s: %s", where, exc.__class__.__name__, exc_info=exc)
