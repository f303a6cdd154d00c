"""Worksheet values in and out: how a director's arguments are read and results shown.

In: text or cell references arrive as ``str``, numbers as ``float`` (a whole number between
1900 and 2200 is a year, anything else an Excel date serial), dates as ``datetime``, empty
cells as ``None`` (the argument's default). Out: numbers, ``None`` for an empty value (an
empty cell), a 2-D list for tables, and ``#B24: <message>`` for an error: never a traceback.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import pandas as pd

from addin.errors import USER_ERRORS, AddinError, describe
from addin.logs import log_error

ERROR_PREFIX = "#B24: "
F = TypeVar("F", bound=Callable[..., Any])


def scope_arg(value: Any) -> str:
    """A scope as typed: empty means the whole company."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return "all"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def period_arg(value: Any) -> Any:
    """A period as typed: text, an Excel date (datetime) or serial, or a year as a number."""
    if isinstance(value, float) and value.is_integer() and 1900 <= value <= 2200:
        return str(int(value))
    if isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2200:
        return str(value)
    if isinstance(value, str):
        return value.strip()
    return value


def choice_arg(value: Any, default: str, choices: Mapping[str, str], what: tuple[str, str]) -> str:
    """One of ``choices`` (aliases in Latin or Cyrillic, any case) or the default when empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    key = str(value).strip().lower().replace("ё", "е")
    if key in choices:
        return choices[key]
    options = ", ".join(dict.fromkeys(choices))
    raise AddinError(
        f'unknown {what[0]} "{value}"; use one of: {options}',
        f'неизвестный {what[1]} "{value}"; допустимо: {options}',
    )


def days_arg(value: Any) -> int | None:
    """A whole number of days, or ``None`` for the setting's default."""
    if value is None or value == "":
        return None
    try:
        days = float(value)
    except (TypeError, ValueError):
        days = -1.0
    if days < 0 or not days.is_integer():
        raise AddinError(
            f'days must be a whole number of 0 or more, not "{value}"',
            f'число дней должно быть целым и не меньше 0, а не "{value}"',
        )
    return int(days)


def params_arg(value: Any) -> dict[str, str]:
    """Parameters as ``"days=30; group=Продажи"`` or a two-column range of names and values."""
    if value is None or value == "":
        return {}
    if isinstance(value, list):
        rows = value if value and isinstance(value[0], list) else [value]
        pairs = [(str(r[0]).strip(), r[1]) for r in rows if len(r) >= 2 and r[0] not in (None, "")]
        return {k: period_arg(v) if not isinstance(v, str) else v.strip() for k, v in pairs}
    out: dict[str, str] = {}
    for part in str(value).replace("\n", ";").split(";"):
        if not part.strip():
            continue
        name, sep, val = part.partition("=")
        if not sep or not name.strip():
            raise AddinError(
                f'cannot read the parameter "{part.strip()}"; write name=value; name=value',
                f'не понимаю параметр "{part.strip()}"; пишите имя=значение; имя=значение',
            )
        out[name.strip()] = val.strip()
    return out


def cell_value(value: Any) -> Any:
    """A Python result as a cell: NaN and missing become an empty cell; numpy -> Python."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.tz_convert(None).to_pydatetime() if value.tzinfo else value.to_pydatetime()
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dt.datetime) and value.tzinfo:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def table_cells(frame: pd.DataFrame) -> list[list[Any]]:
    """A frame as a spilling 2-D block: the header row, then one row per record."""
    rows = [[cell_value(v) for v in row] for row in frame.itertuples(index=False, name=None)]
    return [[str(c) for c in frame.columns], *rows]


def error_text(exc: BaseException) -> str:
    """``#B24: <one line>`` for a cell; an unexpected error is logged with its traceback."""
    if isinstance(exc, USER_ERRORS):
        return ERROR_PREFIX + describe(exc)
    log_error("worksheet function", exc)
    internal = AddinError(
        f"internal error ({exc.__class__.__name__}); details are in the add-in log",
        f"внутренняя ошибка ({exc.__class__.__name__}); подробности в журнале надстройки",
    )
    return ERROR_PREFIX + describe(internal)


def in_cell(func: F) -> F:
    """Run a worksheet function so that any error becomes ``#B24: ...`` text in its cell."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except Exception as exc:
            return error_text(exc)

    return wrapper  # type: ignore[return-value]
