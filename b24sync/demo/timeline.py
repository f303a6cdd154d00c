"""Time helpers of the demo generator: instants are int Unix seconds; Moscow is UTC+3
all year (no DST since 2014), so formatting uses a fixed offset and stays exact and fast.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

DAY = 86_400
HOUR = 3_600
MSK = 3 * HOUR
# relative weight of new business per calendar month (January holidays, summer dip,
# autumn peak) and per weekday (Mon..Sun)
SEASON = (0.62, 0.88, 1.08, 1.1, 0.92, 1.0, 0.86, 0.82, 1.1, 1.2, 1.22, 1.14)
WEEKDAY = (1.0, 1.05, 1.05, 1.0, 0.9, 0.25, 0.12)
MONTHS = 24

_DAY_TEXT: dict[tuple[int, int], str] = {}


def parse(text: str) -> int:
    """An ISO datetime (with offset) as Unix seconds."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError(f"as_of needs an offset, e.g. 2026-11-30T18:00:00+03:00: {text!r}")
    return int(moment.timestamp())


def fmt(ts: int, offset: int = MSK) -> str:
    """Unix seconds as Bitrix24 writes them: ``2025-03-04T10:15:00+03:00`` (or ``+00:00``)."""
    local = ts + offset
    day, rest = divmod(local, DAY)
    key = (day, offset)
    head = _DAY_TEXT.get(key)
    if head is None:
        stamp = (datetime(1970, 1, 1) + timedelta(days=day)).strftime("%Y-%m-%d")
        head = _DAY_TEXT[key] = stamp
    hours, rest = divmod(rest, HOUR)
    minutes, seconds = divmod(rest, 60)
    tail = "+03:00" if offset == MSK else "+00:00"
    return f"{head}T{hours:02d}:{minutes:02d}:{seconds:02d}{tail}"


def office(ts: int) -> int:
    """``ts`` moved into the working day (09:00-19:00 Moscow) of the same date."""
    local = ts + MSK
    seconds = local % DAY
    if 9 * HOUR <= seconds < 19 * HOUR:
        return ts
    return local - seconds - MSK + 9 * HOUR + seconds % (10 * HOUR)


def day_start(ts: int) -> int:
    """The Moscow midnight at or before ``ts``."""
    return (ts + MSK) // DAY * DAY - MSK


def local_date(ts: int) -> date:
    """The Moscow calendar day of ``ts``."""
    return (datetime.fromtimestamp(ts, UTC) + timedelta(seconds=MSK)).date()


def midnight(day: date) -> int:
    """Unix seconds of a Moscow midnight."""
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp()) - MSK


def month_windows(as_of: int) -> list[tuple[int, int, int]]:
    """``(start, end, month number 1..12)`` of the last 24 months, the last one up to as_of."""
    last = local_date(as_of)
    year, month = last.year, last.month
    windows = []
    for back in range(MONTHS - 1, -1, -1):
        y, m = divmod((year * 12 + month - 1) - back, 12)
        start = midnight(date(y, m + 1, 1))
        ny, nm = divmod(y * 12 + m + 1, 12)
        end = min(midnight(date(ny, nm + 1, 1)), as_of)
        windows.append((start, end, m + 1))
    return windows


def creation_times(rng: random.Random, total: int, as_of: int) -> list[int]:
    """``total`` business moments over 24 months with seasonality and growth, ascending."""
    windows = month_windows(as_of)
    weights = []
    for index, (start, end, month) in enumerate(windows):
        growth = 1.0 + 0.12 * index / len(windows)
        weights.append(SEASON[month - 1] * growth * (end - start) / (30 * DAY))
    scale = total / sum(weights)
    out: list[int] = []
    for (start, end, _), weight in zip(windows, weights, strict=True):
        days = [(d, WEEKDAY[local_date(d).weekday()]) for d in range(start, end, DAY)]
        if not days:
            continue
        picks = rng.choices([d for d, _ in days], [w for _, w in days], k=round(weight * scale))
        for day in picks:
            moment = day + 9 * HOUR + int(rng.random() * 10 * HOUR)
            out.append(min(moment, as_of - 60))
    out.sort()
    return out
