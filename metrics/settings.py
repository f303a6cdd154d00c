"""The settings a director can change, each with a documented default.

``Settings.from_mapping`` accepts the names below (and ignores nothing: an unknown name is an
error); custom fields may be written as ``UF_CRM_1700000001`` or ``ufCrm_1700000001``.
"""

from __future__ import annotations

import json
import re
import zoneinfo
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from functools import cached_property
from typing import Any

from metrics.errors import SettingsError

ACTIVITY_KINDS = ("call", "chat", "meeting", "email", "todo")
DEFAULT_WEIGHTS = {"call": 1.0, "chat": 1.0, "meeting": 3.0, "email": 1.0, "todo": 1.0}


def uf_name(name: str) -> str:
    """A custom deal field in the ``crm.item.list`` spelling: ``UF_CRM_17`` -> ``ufCrm_17``."""
    text = name.strip()
    match = re.fullmatch(r"(?i)uf_?crm_?(.*)", text)
    if not match:
        return text
    tail = match.group(1)
    if text.upper().startswith("UF_CRM_"):
        return f"ufCrm_{tail}" if tail[:1].isdigit() else "ufCrm" + tail.title().replace("_", "")
    return text


def match_column(columns: list[str], name: str) -> str:
    """The deal column a configured field means (``UF_CRM_GP`` finds ``ufCrm_GP`` or
    ``ufCrmGp``); the name as given when no column matches."""
    if not name or name in columns:
        return name
    key = uf_name(name).replace("_", "").lower()
    raw = name.replace("_", "").lower()
    for column in columns:
        if column.replace("_", "").lower() in (key, raw):
            return column
    return name


def valid_zone(tz: str) -> bool:
    """An IANA zone name or a ``±hh:mm`` offset."""
    if re.fullmatch(r"[+-]\d{2}:?\d{2}", tz.strip()):
        return True
    try:
        zoneinfo.ZoneInfo(tz)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


def coerce(name: str, value: Any, default: Any) -> Any:
    """A setting's value as the type of its default; a value that does not fit is an error."""
    try:
        if isinstance(default, bool):
            if isinstance(value, str):
                return value.strip().lower() in {"1", "true", "yes", "y", "да", "д", "истина"}
            return bool(value)
        if isinstance(default, int | float):
            number = float(str(value).replace(",", ".").replace(" ", ""))
            return int(number) if isinstance(default, int) and number.is_integer() else number
        if isinstance(default, tuple):
            items = value.split(",") if isinstance(value, str) else list(value)
            return tuple(str(v).strip() for v in items if str(v).strip())
        if isinstance(default, dict):
            return {str(k).strip(): float(v) for k, v in dict(value).items()}
        return "" if value is None else str(value).strip()
    except (TypeError, ValueError):
        raise SettingsError(
            f'setting {name}: "{value}" is not a valid value (default {default!r})',
            f'настройка {name}: недопустимое значение "{value}" (по умолчанию {default!r})',
        ) from None


@dataclass(frozen=True)
class Settings:
    """What the metrics depend on besides the data; every field has a default."""

    forgotten_days_deals: int = 14  # an open deal untouched this long is forgotten
    forgotten_days_leads: int = 14  # same for leads (365 switches them off in practice)
    weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    activity_kinds: tuple[str, ...] = ACTIVITY_KINDS  # kinds that count for the index
    chats_with_calls: bool = True  # open-line chats counted as calls (weight of a call)
    task_start_grace_hours: float = 24.0  # planned start = created + grace when not planned
    gross_profit_field: str = ""  # deal field with the gross profit (roubles)
    city_field: str = ""  # deal field with the city
    source_field: str = "source_id"  # deal column with the source
    uf_fields: tuple[str, ...] = ()  # extra custom deal fields used as dimensions/measures
    base_currency: str = ""  # empty: the portal's base currency (BASE = Y)
    timezone: str = ""  # empty: the portal's time zone
    key_stage: str = ""  # the stage of the stuck-deals list (empty: first open stage)

    def __post_init__(self) -> None:
        unknown = [k for k in self.weights if k not in ACTIVITY_KINDS]
        bad_kinds = [k for k in self.activity_kinds if k not in ACTIVITY_KINDS]
        if unknown or bad_kinds:
            names = ", ".join(unknown + bad_kinds)
            kinds = ", ".join(ACTIVITY_KINDS)
            raise SettingsError(
                f"unknown activity kind {names}; use {kinds}",
                f"неизвестный вид активности {names}; допустимы {kinds}",
            )
        if self.forgotten_days_deals < 0 or self.forgotten_days_leads < 0:
            raise SettingsError(
                "forgotten days must be 0 or more", "дни для незабудки должны быть не меньше 0"
            )
        if self.timezone and not valid_zone(self.timezone):
            raise SettingsError(
                f'unknown time zone "{self.timezone}"; use e.g. Europe/Moscow or +03:00',
                f'неизвестный часовой пояс "{self.timezone}"; например Europe/Moscow или +03:00',
            )
        for name in ("gross_profit_field", "city_field"):
            object.__setattr__(self, name, uf_name(getattr(self, name)))
        object.__setattr__(self, "uf_fields", tuple(uf_name(f) for f in self.uf_fields))
        object.__setattr__(self, "weights", {**DEFAULT_WEIGHTS, **self.weights})

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any] | None) -> Settings:
        """Settings from a plain mapping (JSON, a settings sheet); unknown names are errors."""
        values = dict(values or {})
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise SettingsError(
                f"unknown setting {', '.join(unknown)}; known: {', '.join(sorted(known))}",
                f"неизвестная настройка {', '.join(unknown)}; есть: {', '.join(sorted(known))}",
            )
        defaults = cls()
        typed = {
            name: coerce(name, value, getattr(defaults, name)) for name, value in values.items()
        }
        return replace(defaults, **typed)

    @cached_property
    def cache_key(self) -> str:
        """Every setting as one stable text: equal settings share the cached models."""
        return json.dumps(self.to_mapping(), sort_keys=True, default=str)

    def to_mapping(self) -> dict[str, Any]:
        """A plain, JSON-ready mapping that ``from_mapping`` reads back."""
        data = asdict(self)
        data["activity_kinds"] = list(self.activity_kinds)
        data["uf_fields"] = list(self.uf_fields)
        return data

    def for_columns(self, columns: list[str]) -> Settings:
        """These settings with every configured field matched to an existing deal column."""
        return replace(
            self,
            gross_profit_field=match_column(columns, self.gross_profit_field),
            city_field=match_column(columns, self.city_field),
            uf_fields=tuple(match_column(columns, f) for f in self.uf_fields),
        )

    def activity_weight(self, kind: str) -> float:
        """The weight of one activity kind; chats take the call weight when counted as calls."""
        if kind == "chat" and self.chats_with_calls:
            return self.weights["call"]
        return self.weights[kind]
