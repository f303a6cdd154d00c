"""Bitrix24 list filters: ``{"<op><field>": value}`` with ``=``, ``!``, ``>``, ``>=``, ``<``,
``<=``, ``@`` (in), ``!@`` (not in); a plain key means equality.

Values are compared the way the portal's database does: datetimes as instants (whatever
their offsets; a bare date is local midnight in the portal's zone), numbers and numeric ids
as numbers (``"15"`` equals ``15``), ``Y``/``N``/``true``/``false`` as flags, the rest as
strings. A list-valued field (``UF_DEPARTMENT``, ``ufCrmTask``) equals a value it contains.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

import numpy as np

# longest prefixes first so that ">=" is not read as ">"
OPERATORS = ("!@", "!=", ">=", "<=", "=", "!", ">", "<", "@")

Norm = float | str | tuple[Any, ...] | None


def split_key(key: str) -> tuple[str, str]:
    """``">=updatedTime"`` -> ``(">=", "updatedTime")``; a plain key is ``"="``."""
    for op in OPERATORS:
        if key.startswith(op):
            return ("!" if op == "!=" else op), key[len(op) :]
    return "=", key


def normalize(value: Any, tz: tzinfo) -> Norm:
    """A comparable form of an API value (see the module doc)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        return _normalize_str(value, tz)
    if isinstance(value, list | tuple):
        return tuple(normalize(v, tz) for v in value)
    return None


def _normalize_str(value: str, tz: tzinfo) -> Norm:
    text = value.strip()
    if not text:
        return None
    if text in ("Y", "N"):
        return 1.0 if text == "Y" else 0.0
    if text in ("true", "false"):
        return 1.0 if text == "true" else 0.0
    first = text[0]
    if len(text) >= 10 and text[4] == "-" and text[7] == "-" and first.isdigit():
        try:
            moment = datetime.fromisoformat(text.replace(" ", "T", 1))
        except ValueError:
            return text
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=tz)
        return moment.timestamp()
    if first.isdigit() or (first in "+-." and len(text) > 1):
        try:
            return float(text)
        except ValueError:
            pass
    return text


@dataclass(frozen=True)
class Condition:
    """One filter condition on a column: ``column <op> value`` (value(s) normalised)."""

    column: str
    op: str
    value: Norm
    values: tuple[Norm, ...] = ()

    def mask(self, column: np.ndarray | list[Norm]) -> np.ndarray:
        """A boolean mask over ``column`` (a float array with NaN, or a list of values)."""
        if isinstance(column, np.ndarray):
            return self._numeric_mask(column)
        return np.fromiter((self.test(v) for v in column), dtype=bool, count=len(column))

    def _numeric_mask(self, column: np.ndarray) -> np.ndarray:
        op, value = self.op, self.value
        if op in ("@", "!@"):
            numbers = [v for v in self.values if isinstance(v, float)]
            hit = np.isin(column, numbers) if numbers else np.zeros(len(column), bool)
            if None in self.values:
                hit |= np.isnan(column)
            return hit if op == "@" else ~hit
        if value is None:
            empty = np.isnan(column)
            return empty if op == "=" else ~empty
        if not isinstance(value, float):
            return np.full(len(column), op == "!")
        with np.errstate(invalid="ignore"):
            if op == "=":
                return column == value
            if op == "!":
                return ~(column == value)
            if op == ">":
                return column > value
            if op == ">=":
                return column >= value
            if op == "<":
                return column < value
            return column <= value

    def test(self, actual: Norm) -> bool:
        """Whether one normalised record value satisfies the condition."""
        op = self.op
        if op in ("@", "!@"):
            hit = _any_in(actual, self.values)
            return hit if op == "@" else not hit
        if op == "=":
            return _equal(actual, self.value)
        if op == "!":
            return not _equal(actual, self.value)
        if actual is None or self.value is None:
            return False
        return any(_order(item, op, self.value) for item in _items(actual))


def _items(actual: Norm) -> Iterable[Norm]:
    return actual if isinstance(actual, tuple) else (actual,)


def _equal(actual: Norm, expected: Norm) -> bool:
    if expected is None:
        return actual is None or actual == ()
    return any(item == expected for item in _items(actual))


def _any_in(actual: Norm, values: tuple[Norm, ...]) -> bool:
    return any(item in values for item in _items(actual))


def _order(actual: Norm, op: str, value: Norm) -> bool:
    if type(actual) is not type(value):
        return False
    try:
        if op == ">":
            return actual > value  # type: ignore[operator]
        if op == ">=":
            return actual >= value  # type: ignore[operator]
        if op == "<":
            return actual < value  # type: ignore[operator]
        return actual <= value  # type: ignore[operator]
    except TypeError:
        return False


def make_condition(column: str, op: str, raw: Any, tz: tzinfo) -> Condition:
    """A :class:`Condition` from a filter entry (``raw`` as the client sent it)."""
    if op in ("@", "!@"):
        items = raw if isinstance(raw, list | tuple) else _split_list(raw)
        return Condition(column, op, None, tuple(normalize(v, tz) for v in items))
    if isinstance(raw, list | tuple):  # {"ID": [1, 2]} means "in" on Bitrix24
        values = tuple(normalize(v, tz) for v in raw)
        return Condition(column, "@" if op == "=" else "!@" if op == "!" else op, None, values)
    return Condition(column, op, normalize(raw, tz))


def _split_list(raw: Any) -> list[Any]:
    if isinstance(raw, dict):  # a PHP-style query string gives {"0": a, "1": b}
        return list(raw.values())
    if isinstance(raw, str):
        return [part for part in raw.split(",") if part != ""]
    return [raw]
