"""The plan model: what a plan value is keyed by, and the canonical names of its parts.

A plan value is keyed by :class:`PlanKey` ``(version, month, measure, scope_id)``:

- ``version``: ``budget`` (the default), ``forecast`` or any named version
  (lower-case latin letters, digits, ``_`` and ``-``, up to 32 characters);
- ``month``: ``YYYY-MM``;
- ``measure``: ``revenue`` (won sum), ``won_count`` or ``gross_profit``;
- ``scope_id``: ``all``, ``dept:<id>``, ``user:<id>``, ``pipeline:<id>``,
  ``pipeline:<id>/dept:<id>`` or ``pipeline:<id>/user:<id>``.

Values are non-negative floats; a change whose value is ``None`` removes the key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

MEASURES = ("revenue", "won_count", "gross_profit")
DEFAULT_VERSION = "budget"
KNOWN_VERSIONS = ("budget", "forecast")
MEASURE_LABELS = {
    "revenue": ("Revenue (won sum)", "Выручка (сумма выигранных)"),
    "won_count": ("Won deals", "Выиграно сделок"),
    "gross_profit": ("Gross profit", "Валовая прибыль"),
}
VERSION_LABELS = {"budget": ("Budget", "Бюджет"), "forecast": ("Forecast", "Прогноз")}

_VERSION_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")
_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
_SIMPLE_SCOPE_RE = re.compile(r"^(dept|user|pipeline):([1-9]\d{0,9}|0)$")
_PIPE_SCOPE_RE = re.compile(r"^pipeline:(\d{1,10})/(dept|user):([1-9]\d{0,9})$")


class PlanKey(NamedTuple):
    """The address of one plan value."""

    version: str
    month: str
    measure: str
    scope_id: str

    def text(self) -> str:
        """``budget 2024-03 revenue dept:3``: how the key is shown in messages and history."""
        return f"{self.version} {self.month} {self.measure} {self.scope_id}"


@dataclass(frozen=True)
class Change:
    """One requested change: set ``key`` to ``value`` (``None`` removes it); ``cell`` is where
    it was typed (``Plans!D7``), used to point at problems and conflicts."""

    key: PlanKey
    value: float | None
    cell: str | None = None


@dataclass(frozen=True)
class CommissionRule:
    """A commission rule of one employee for one month (see ``COMMISSION_COLUMNS``).

    ``kind`` ``ladder``: ``rate`` applies to the whole monthly fact once it reaches
    ``threshold``; ``grade``: a flat ``rate`` (threshold 0). Rates are fractions (0.05 = 5 %).
    """

    user_id: int
    month: str
    kind: str
    threshold: float
    rate: float


def is_version(text: str) -> bool:
    """True for a valid version name."""
    return bool(_VERSION_RE.match(text))


def is_month(text: str) -> bool:
    """True for ``YYYY-MM`` with a real month between 2000 and 2100."""
    match = _MONTH_RE.match(text)
    if not match:
        return False
    year, month = int(match.group(1)), int(match.group(2))
    return 2000 <= year <= 2100 and 1 <= month <= 12


def is_scope_id(text: str) -> bool:
    """True for a canonical plan scope id."""
    return text == "all" or bool(_SIMPLE_SCOPE_RE.match(text) or _PIPE_SCOPE_RE.match(text))


def scope_parts(scope_id: str) -> tuple[int | None, str, int | None]:
    """Split a scope id into ``(pipeline_id, kind, id)``; kind is all/dept/user/pipeline.

    >>> scope_parts("pipeline:2/user:7")
    (2, 'user', 7)
    >>> scope_parts("dept:3")
    (None, 'dept', 3)
    """
    if scope_id == "all":
        return None, "all", None
    match = _PIPE_SCOPE_RE.match(scope_id)
    if match:
        return int(match.group(1)), match.group(2), int(match.group(3))
    match = _SIMPLE_SCOPE_RE.match(scope_id)
    if not match:
        raise ValueError(f"not a plan scope id: {scope_id!r}")
    kind, ident = match.group(1), int(match.group(2))
    if kind == "pipeline":
        return ident, "pipeline", ident
    return None, kind, ident


def month_add(month: str, delta: int) -> str:
    """The month ``delta`` months after ``month`` (negative goes back)."""
    year, mon = int(month[:4]), int(month[5:7])
    index = year * 12 + (mon - 1) + delta
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def month_range(first: str, last: str) -> list[str]:
    """Every month from ``first`` to ``last``, both included."""
    months = []
    current = first
    while current <= last:
        months.append(current)
        current = month_add(current, 1)
    return months
