"""Checking what a director typed before anything is written.

Every problem is collected (with its cell address) and reported at once in
:class:`PlanValidationError`; the caller writes nothing until the list is empty.

Accepted numbers (:func:`parse_amount`):

- numbers from Excel as they are; an empty cell means "no plan" (removes a plan);
- text with spaces, non-breaking or thin spaces or apostrophes as thousands separators:
  ``1 200 000``, ``1'200'000``;
- a decimal comma or point: ``1200000,50``, ``1200000.50``; with a point as the decimal
  separator, commas may group thousands: ``1,200,000.50``;
- a single comma followed by exactly three digits (``1,200``) is ambiguous (1.2 or 1200?) and
  refused with a hint;
- multipliers after the number: ``тыс``/``тыс.``/``т``/``k`` = 1 000, ``млн``/``m``/``mln`` =
  1 000 000, ``млрд``/``bn`` = 1 000 000 000 (``1,2 млн``, ``500 тыс``, ``1.2m``);
- a currency mark at the end is ignored: ``₽``, ``руб``, ``руб.``, ``р.``, ``rub``, ``RUB``;
- refused: negative numbers, percentages, anything else (with the cell address).

Accepted months (:func:`parse_month`): ``2024-03``, ``2024-3``, ``03.2024``, ``3.2024``,
``2024.03``, and an Excel date or datetime (its month).
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from b24sync.plans.model import MEASURES, Change, PlanKey, is_month, is_scope_id, is_version
from b24sync.plans.store import PlanError

_MULTIPLIERS = {
    "тыс": 1e3, "тыс.": 1e3, "т": 1e3, "т.": 1e3, "k": 1e3, "к": 1e3,
    "млн": 1e6, "млн.": 1e6, "m": 1e6, "mln": 1e6, "м": 1e6,
    "млрд": 1e9, "млрд.": 1e9, "bn": 1e9, "b": 1e9,
}  # fmt: skip
_CURRENCY = ("₽", "руб.", "руб", "р.", "rub", "rur")
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']+")
_NUMBER = re.compile(r"^([+-]?)(\d[\d.,]*)\s*([a-zа-яё.]*)$")


@dataclass(frozen=True)
class Problem:
    """One thing to fix: where (``cell``, may be None) and what, in English and Russian."""

    cell: str | None
    en: str
    ru: str


class PlanValidationError(PlanError):
    """Plans refused: every problem found, each with its cell; nothing was written."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        head_en = f"{len(problems)} problem(s) in the plans, nothing saved: "
        head_ru = f"ошибок в планах: {len(problems)}, ничего не сохранено: "
        super().__init__(
            head_en + "; ".join(_with_cell(p.cell, p.en) for p in problems),
            head_ru + "; ".join(_with_cell(p.cell, p.ru) for p in problems),
        )


def _with_cell(cell: str | None, text: str) -> str:
    return f"{cell}: {text}" if cell else text


class ValueProblem(ValueError):
    """A value that cannot be read; carries the two messages."""

    def __init__(self, en: str, ru: str) -> None:
        super().__init__(en)
        self.en, self.ru = en, ru


def parse_amount(raw: object) -> float | None:
    """A plan value from a cell or an argument; None for empty. Raises :class:`ValueProblem`."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        raise ValueProblem(f"{raw} is not a number", f"{raw} — не число")
    if isinstance(raw, int | float):
        return _non_negative(float(raw), str(raw))
    text = str(raw).strip()
    number = _parse_text(text)
    return _non_negative(number, text)


def _non_negative(value: float, shown: str) -> float:
    if math.isnan(value) or math.isinf(value):
        raise ValueProblem(f"{shown!r} is not a number", f"«{shown}» — не число")
    if value < 0:
        raise ValueProblem(
            f"{shown} is negative: a plan is 0 or more", f"{shown} — отрицательное: план от 0"
        )
    return value


def _parse_text(text: str) -> float:
    lowered = _SPACES.sub(" ", text.lower()).strip()
    for mark in _CURRENCY:
        if lowered.endswith(mark):
            lowered = lowered[: -len(mark)].strip()
            break
    compact = lowered.replace(" ", "")
    match = _NUMBER.match(compact)
    bad = ValueProblem(
        f"{text!r} is not a number (write e.g. 1200000, 1 200 000, 1,2 млн or 500 тыс)",
        f"«{text}» — не число (пишите, например, 1200000, 1 200 000, 1,2 млн или 500 тыс)",
    )
    if not match or (match.group(3) and match.group(3) not in _MULTIPLIERS):
        raise bad
    sign, digits, suffix = match.groups()
    value = _digits(digits, text)
    value *= _MULTIPLIERS.get(suffix, 1.0)
    return -value if sign == "-" else value


def _digits(digits: str, text: str) -> float:
    if "." in digits and "," in digits:
        if digits.rfind(",") > digits.rfind("."):
            raise ValueProblem(
                f"{text!r}: write the decimal part after a comma or a point, not both",
                f"«{text}»: дробную часть отделяйте запятой или точкой, не обеими",
            )
        digits = digits.replace(",", "")
    elif digits.count(",") == 1 and re.fullmatch(r"\d{1,3},\d{3}", digits):
        raise ValueProblem(
            f"{text!r} is ambiguous: write {digits.replace(',', '')} or {digits.rstrip('0')}",
            f"«{text}» неоднозначно: напишите {digits.replace(',', '')} или {digits.rstrip('0')}",
        )
    elif digits.count(",") > 1:
        digits = digits.replace(",", "")
    else:
        digits = digits.replace(",", ".")
    try:
        return float(digits)
    except ValueError:
        raise ValueProblem(f"{text!r} is not a number", f"«{text}» — не число") from None


def parse_month(raw: object) -> str:
    """``YYYY-MM`` from a cell or an argument; raises :class:`ValueProblem`."""
    if isinstance(raw, datetime | date):
        return f"{raw.year:04d}-{raw.month:02d}"
    text = str(raw or "").strip()
    match = re.fullmatch(r"(\d{4})[-.](\d{1,2})", text) or None
    if match:
        month = f"{match.group(1)}-{int(match.group(2)):02d}"
    else:
        match = re.fullmatch(r"(\d{1,2})\.(\d{4})", text)
        month = f"{match.group(2)}-{int(match.group(1)):02d}" if match else text
    if not is_month(month):
        raise ValueProblem(
            f"{text!r} is not a month: write YYYY-MM, e.g. 2024-03",
            f"«{text}» — не месяц: пишите ГГГГ-ММ, например 2024-03",
        )
    return month


class ScopeCatalog:
    """Known plan scopes: canonical id -> label; resolves what a director typed."""

    def __init__(self, labels: Mapping[str, str]) -> None:
        self.labels = dict(labels)
        self._by_text = {label.strip().lower(): sid for sid, label in labels.items()}
        self._by_text.update({sid.lower(): sid for sid in labels})

    def resolve(self, text: str) -> str:
        """The scope id for an id or a label; raises :class:`ValueProblem` with a suggestion."""
        key = " ".join(str(text).split()).lower()
        if key in self._by_text:
            return self._by_text[key]
        candidates = list(self._by_text)
        close = difflib.get_close_matches(key, candidates, n=1, cutoff=0.6)
        if close:
            sid = self._by_text[close[0]]
            hint = f"{self.labels[sid]} ({sid})" if self.labels.get(sid) else sid
            raise ValueProblem(
                f"unknown scope {text!r}: did you mean {hint}?",
                f"неизвестный разрез «{text}»: может быть, {hint}?",
            )
        raise ValueProblem(
            f"unknown scope {text!r}: use a department, employee or pipeline name or an id "
            "like dept:3, user:7, pipeline:1",
            f"неизвестный разрез «{text}»: укажите отдел, сотрудника или воронку либо код "
            "вида dept:3, user:7, pipeline:1",
        )


@dataclass(frozen=True)
class Entry:
    """One plan value as typed: where, for which scope and month, and the raw value."""

    cell: str | None
    scope: str
    month: object
    raw: object
    measure: str
    version: str


def validate_entries(
    entries: Iterable[Entry],
    catalog: ScopeCatalog | None,
    locked: Iterable[str] = (),
) -> list[Change]:
    """Turn typed entries into changes, or raise with EVERY problem (cell by cell).

    ``catalog`` None accepts any canonical scope id; ``locked`` lists the months (YYYY-MM)
    that refuse changes.
    """
    locked_months, problems, changes = set(locked), [], []
    seen: dict[PlanKey, str | None] = {}
    for entry in entries:
        try:
            key, value = _entry_change(entry, catalog)
        except ValueProblem as exc:
            problems.append(Problem(entry.cell, exc.en, exc.ru))
            continue
        if key in seen:
            where = seen[key] or "?"
            problems.append(
                Problem(
                    entry.cell,
                    f"{key.text()} is already given in {where}: keep one row",
                    f"{key.text()} уже указан в {where}: оставьте одну строку",
                )
            )
            continue
        seen[key] = entry.cell
        if key.month in locked_months:
            problems.append(
                Problem(
                    entry.cell,
                    f"month {key.month} is locked: leave it unchanged or ask for an unlock",
                    f"месяц {key.month} закрыт: не меняйте его или попросите открыть",
                )
            )
            continue
        changes.append(Change(key, value, entry.cell))
    if problems:
        raise PlanValidationError(problems)
    return changes


def _entry_change(entry: Entry, catalog: ScopeCatalog | None) -> tuple[PlanKey, float | None]:
    check_measure_version(entry.measure, entry.version)
    scope = catalog.resolve(entry.scope) if catalog else _canonical_scope(entry.scope)
    month = parse_month(entry.month)
    return PlanKey(entry.version, month, entry.measure, scope), parse_amount(entry.raw)


def _canonical_scope(text: str) -> str:
    scope = str(text).strip()
    if not is_scope_id(scope):
        raise ValueProblem(
            f"unknown scope {text!r}: use all, dept:<id>, user:<id>, pipeline:<id>, "
            "pipeline:<id>/dept:<id> or pipeline:<id>/user:<id>",
            f"неизвестный разрез «{text}»: используйте all, dept:<id>, user:<id>, "
            "pipeline:<id>, pipeline:<id>/dept:<id> или pipeline:<id>/user:<id>",
        )
    return scope


def check_measure_version(measure: str, version: str) -> None:
    """Raise :class:`ValueProblem` for an unknown measure or a malformed version name."""
    if measure not in MEASURES:
        close = difflib.get_close_matches(measure, MEASURES, n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        hint_ru = f" (может быть, {close[0]}?)" if close else ""
        raise ValueProblem(
            f"unknown measure {measure!r}{hint}: use {', '.join(MEASURES)}",
            f"неизвестный показатель «{measure}»{hint_ru}: используйте {', '.join(MEASURES)}",
        )
    if not is_version(version):
        raise ValueProblem(
            f"bad version name {version!r}: latin letters, digits, _ and -, up to 32",
            f"неверное имя версии «{version}»: латинские буквы, цифры, _ и -, до 32 знаков",
        )


def check_changes(changes: Sequence[Change]) -> None:
    """The store's own guard: keys well-formed, values >= 0, no key twice (all at once)."""
    problems, seen = [], set()
    for change in changes:
        try:
            check_measure_version(change.key.measure, change.key.version)
            _canonical_scope(change.key.scope_id)
            if not is_month(change.key.month):
                raise ValueProblem(
                    f"{change.key.month!r} is not a month (YYYY-MM)",
                    f"«{change.key.month}» — не месяц (ГГГГ-ММ)",
                )
            if change.value is not None:
                _non_negative(float(change.value), str(change.value))
        except ValueProblem as exc:
            problems.append(Problem(change.cell, exc.en, exc.ru))
        if change.key in seen:
            problems.append(
                Problem(
                    change.cell,
                    f"{change.key.text()} is given twice: keep one value",
                    f"{change.key.text()} указан дважды: оставьте одно значение",
                )
            )
        seen.add(change.key)
    if problems:
        raise PlanValidationError(problems)
