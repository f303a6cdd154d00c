"""Periods as a director types them, turned into half-open ``[start, end)`` local days.

Accepted forms: ``2024-03`` (month), ``2024-Q1`` / ``Q1 2024`` / ``1 кв. 2024`` (quarter),
``2024-W10`` (ISO week), ``2024`` (year), ``2024-03-01..2024-03-15`` (days, both included),
``март 2024`` / ``March 2024`` (month), and an Excel date (serial number, date or datetime,
also an ISO date string) standing for its month. Boundaries are local midnights in the
portal's time zone; :meth:`Period.bounds` gives them as UTC instants.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Any

import pandas as pd

from metrics.errors import PeriodError

KINDS = ("day", "week", "month", "quarter", "year", "range")
MONTHS = {
    "январ": 1, "феврал": 2, "март": 3, "апрел": 4, "ма": 5, "июн": 6, "июл": 7, "август": 8,
    "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
EXCEL_EPOCH = dt.date(1899, 12, 30)
FORMS_EN = (
    "2024-03, 2024-Q1, Q1 2024, 1 кв. 2024, 2024-W10, 2024, март 2024, "
    "2024-03-01..2024-03-15 or an Excel date"
)
FORMS_RU = (
    "2024-03, 2024-Q1, Q1 2024, 1 кв. 2024, 2024-W10, 2024, март 2024, "
    "2024-03-01..2024-03-15 или дата Excel"
)


@dataclass(frozen=True, order=True)
class Period:
    """A period of local days ``[start, end)``; ``kind`` says how it steps to its neighbours."""

    start: dt.date
    end: dt.date
    kind: str

    @property
    def label(self) -> str:
        """The canonical text of the period (``2024-03``, ``2024-Q1``, ``2024-W10``, ...)."""
        s = self.start
        if self.kind == "month":
            return f"{s.year}-{s.month:02d}"
        if self.kind == "quarter":
            return f"{s.year}-Q{(s.month - 1) // 3 + 1}"
        if self.kind == "week":
            year, week, _ = s.isocalendar()
            return f"{year}-W{week:02d}"
        if self.kind == "year":
            return str(s.year)
        if self.kind == "day":
            return s.isoformat()
        return f"{s.isoformat()}..{(self.end - dt.timedelta(days=1)).isoformat()}"

    def bounds(self, tz: str) -> tuple[pd.Timestamp, pd.Timestamp]:
        """Start and end as UTC instants: local midnights in ``tz`` (IANA name or ±hh:mm)."""
        return local_midnight(self.start, tz), local_midnight(self.end, tz)

    def shift(self, steps: int) -> Period:
        """The period ``steps`` periods of the same kind later (negative: earlier)."""
        if self.kind in ("month", "quarter", "year"):
            months = {"month": 1, "quarter": 3, "year": 12}[self.kind] * steps
            return Period(add_months(self.start, months), add_months(self.end, months), self.kind)
        days = {"day": 1, "week": 7}.get(self.kind, (self.end - self.start).days) * steps
        delta = dt.timedelta(days=days)
        return Period(self.start + delta, self.end + delta, self.kind)

    def previous(self) -> Period:
        """The period of the same kind just before (MoM, QoQ, WoW)."""
        return self.shift(-1)

    def year_ago(self) -> Period:
        """The same period one year earlier (YoY); weeks keep their ISO number."""
        if self.kind == "week":
            year, week, _ = self.start.isocalendar()
            return parse_period(f"{year - 1}-W{min(week, weeks_in(year - 1)):02d}")
        return Period(add_months(self.start, -12), add_months(self.end, -12), self.kind)

    def months(self) -> list[Period]:
        """The calendar months that start inside this period (a month: itself)."""
        out, cursor = [], dt.date(self.start.year, self.start.month, 1)
        if cursor < self.start:
            cursor = add_months(cursor, 1)
        while cursor < self.end:
            out.append(Period(cursor, add_months(cursor, 1), "month"))
            cursor = add_months(cursor, 1)
        return out

    def split(self, kind: str) -> list[Period]:
        """Consecutive periods of ``kind`` (day/week/month) that cover this period's start."""
        first = {"day": day_period, "week": week_of, "month": month_of}[kind](self.start)
        out = [first]
        while out[-1].end < self.end:
            out.append(out[-1].shift(1))
        return out


def add_months(day: dt.date, months: int) -> dt.date:
    """The first-of-month arithmetic periods need (days are kept when they exist)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def weeks_in(year: int) -> int:
    """Number of ISO weeks in ``year``."""
    return dt.date(year, 12, 28).isocalendar()[1]


@functools.lru_cache(maxsize=4096)
def local_midnight(day: dt.date, tz: str) -> pd.Timestamp:
    """Midnight of ``day`` in ``tz`` as a UTC instant."""
    naive = pd.Timestamp(day.year, day.month, day.day)
    offset = re.fullmatch(r"([+-])(\d{2}):?(\d{2})", tz.strip())
    if offset:
        sign = 1 if offset.group(1) == "+" else -1
        minutes = sign * (int(offset.group(2)) * 60 + int(offset.group(3)))
        return (naive - pd.Timedelta(minutes=minutes)).tz_localize("UTC")
    return naive.tz_localize(tz or "UTC").tz_convert("UTC")


def zone(tz: str) -> dt.tzinfo | str:
    """A zone pandas understands: an IANA name as is, ``±hh:mm`` as a fixed offset."""
    offset = re.fullmatch(r"([+-])(\d{2}):?(\d{2})", tz.strip())
    if not offset:
        return tz or "UTC"
    sign = 1 if offset.group(1) == "+" else -1
    minutes = sign * (int(offset.group(2)) * 60 + int(offset.group(3)))
    return dt.timezone(dt.timedelta(minutes=minutes))


def local_day(moment_ns: int, tz: str) -> dt.date:
    """The local calendar day of an instant."""
    return pd.Timestamp(moment_ns, tz="UTC").tz_convert(zone(tz)).date()


def day_period(day: dt.date) -> Period:
    return Period(day, day + dt.timedelta(days=1), "day")


def month_of(day: dt.date) -> Period:
    start = dt.date(day.year, day.month, 1)
    return Period(start, add_months(start, 1), "month")


def week_of(day: dt.date) -> Period:
    start = day - dt.timedelta(days=day.weekday())
    return Period(start, start + dt.timedelta(days=7), "week")


def quarter(year: int, number: int) -> Period:
    if not 1 <= number <= 4:
        raise ValueError(number)
    start = dt.date(year, 3 * number - 2, 1)
    return Period(start, add_months(start, 3), "quarter")


def parse_period(value: Any) -> Period:
    """Any accepted form of a period -> :class:`Period`; anything else is a :class:`PeriodError`."""
    if isinstance(value, Period):
        return value
    try:
        period = _parse(value)
    except (ValueError, OverflowError, TypeError):
        period = None
    if period is None:
        shown = str(value)[:40]
        raise PeriodError(
            f'cannot read the period "{shown}"; use {FORMS_EN}',
            f'не понимаю период "{shown}"; используйте {FORMS_RU}',
        )
    return period


def _parse(value: Any) -> Period | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        if 1 <= value < 2958466:  # Excel serial day numbers (1900 date system)
            return month_of(EXCEL_EPOCH + dt.timedelta(days=int(value)))
        return None
    if isinstance(value, dt.datetime | pd.Timestamp):
        return month_of(value.date())
    if isinstance(value, dt.date):
        return month_of(value)
    return _parse_text(str(value))


def _parse_text(raw: str) -> Period | None:
    text = " ".join(raw.strip().lower().replace("ё", "е").split())
    if ".." in text:
        first, last = (part.strip() for part in text.split("..", 1))
        a, b = parse_day(first), parse_day(last)
        return Period(a, b + dt.timedelta(days=1), "range") if a and b and a <= b else None
    if m := re.fullmatch(r"(\d{4})", text):
        return Period(dt.date(int(text), 1, 1), dt.date(int(text) + 1, 1, 1), "year")
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})", text) or re.fullmatch(r"(\d{1,2})[./](\d{4})", text):
        year, month = (int(m.group(1)), int(m.group(2)))
        if year < 100:
            year, month = month, year
        return month_of(dt.date(year, month, 1))
    if m := re.fullmatch(r"(\d{4})-?w(\d{1,2})", text):
        year, week = int(m.group(1)), int(m.group(2))
        if not 1 <= week <= weeks_in(year):
            return None
        return week_of(dt.date.fromisocalendar(year, week, 1))
    if q := parse_quarter(text):
        return q
    if m := re.fullmatch(r"([a-zа-я]+)\.? (\d{4})(?: г\.?| года?)?", text):
        number = month_number(m.group(1))
        return month_of(dt.date(int(m.group(2)), number, 1)) if number else None
    day = parse_day(text)
    return month_of(day) if day else None


def parse_quarter(text: str) -> Period | None:
    """``2024-Q1``, ``Q1 2024``, ``1 кв. 2024``, ``I квартал 2024``, ``2024 Q1``."""
    patterns = (
        r"(?P<y>\d{4})[- ]?q(?P<q>[1-4])",
        r"q(?P<q>[1-4])[- ]?(?P<y>\d{4})",
        r"(?P<q>[1-4]|i{1,3}|iv)[- ]?(?:кв\.?|квартал|q)[- ]?(?P<y>\d{4})(?: г\.?| года?)?",
    )
    for pattern in patterns:
        if m := re.fullmatch(pattern, text):
            number = m.group("q")
            return quarter(int(m.group("y")), ROMAN.get(number) or int(number))
    return None


def month_number(word: str) -> int | None:
    """Russian or English month name (any case or inflection) -> 1..12."""
    if word in ("май", "мая", "мае"):
        return 5
    for stem, number in MONTHS.items():
        if stem != "ма" and word.startswith(stem):
            return number
    return None


def parse_day(text: str) -> dt.date | None:
    """``2024-03-05``, ``2024-03-05T10:00...``, ``05.03.2024`` -> a date."""
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:[t ].*)?", text):
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if m := re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text):
        return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    return None
