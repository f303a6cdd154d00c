"""Spreading an annual figure into months: evenly or by last year's seasonality.

Both ways round each month to ``decimals`` places with the largest-remainder method, so the
months always add up exactly to the annual figure (at that precision).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from b24sync.plans.model import month_add


def spread_even(total: float, months: Sequence[str], decimals: int = 0) -> dict[str, float]:
    """``total`` split into equal parts over ``months``."""
    if not months:
        return {}
    return _apportion(total, dict.fromkeys(months, 1.0), decimals)


def spread_seasonal(
    total: float,
    months: Sequence[str],
    last_year_fact: Mapping[str, float],
    decimals: int = 0,
) -> tuple[dict[str, float], bool]:
    """``total`` split in proportion to the fact of the same months a year earlier.

    ``last_year_fact`` maps ``YYYY-MM`` to the fact; a month missing from it counts as 0.
    Returns ``(values, seasonal)``; when last year's fact over those months is 0 (nothing to
    learn from), the split is even and ``seasonal`` is False.
    """
    weights = {m: max(float(last_year_fact.get(month_add(m, -12), 0.0)), 0.0) for m in months}
    if not months or sum(weights.values()) <= 0:
        return spread_even(total, months, decimals), False
    return _apportion(total, weights, decimals), True


def _apportion(total: float, weights: Mapping[str, float], decimals: int) -> dict[str, float]:
    scale = 10**decimals
    units = round(total * scale)
    weight_sum = sum(weights.values())
    exact = {m: units * w / weight_sum for m, w in weights.items()}
    floors = {m: math.floor(v) for m, v in exact.items()}
    left = units - sum(floors.values())
    by_remainder = sorted(weights, key=lambda m: (-(exact[m] - floors[m]), m))
    for month in by_remainder[:left]:
        floors[month] += 1
    return {m: floors[m] / scale for m in weights}
