"""The emulator's method registry: every REST method it answers is registered here.

A method is a function ``handler(ctx, params) -> dict`` registered with the
:func:`method` decorator. ``params`` are the call's parameters (a JSON body, form fields or
a parsed batch query string; values from query strings arrive as strings, so coerce with
:func:`as_int`). The handler returns the response body *without* the ``time`` block
(``{"result": ..., "total": ..., "next": ...}``) or raises :class:`ApiError`.

``ctx`` is a :class:`CallContext`: ``ctx.data`` is the live :class:`~.tables.PortalData`
(tables of records exactly as methods return them), ``ctx.now()`` the emulator clock in the
portal's time zone, ``ctx.stamp()`` that moment as a Bitrix24 datetime string,
``ctx.data.next_id(key)`` a fresh id. The server holds one lock around every call, so a
handler may read and write the data freely.

Other areas add methods from their own modules, e.g. write methods for smart processes::

    from b24sync.emulator.registry import method, ApiError, as_int

    @method("crm.type.add", scope="crm", write=True)
    def crm_type_add(ctx, params):
        ...
        return {"result": {"type": {...}}}

A module is picked up when it is imported before the emulator serves; every module of the
``b24sync.emulator`` package whose name ends with ``_methods`` is imported automatically.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from b24sync.emulator.tables import PortalData

Handler = Callable[["CallContext", dict[str, Any]], dict[str, Any]]


class ApiError(Exception):
    """A Bitrix24 error answer: HTTP status, ``error`` code and ``error_description``."""

    def __init__(
        self, status: int, code: str, description: str = "", extra: dict[str, Any] | None = None
    ) -> None:
        super().__init__(f"{status} {code}: {description}")
        self.status = status
        self.code = code
        self.description = description
        self.extra = extra or {}

    def body(self) -> dict[str, Any]:
        """The JSON body Bitrix24 sends for this error (``extra`` keys such as ``time``)."""
        return {"error": self.code, "error_description": self.description, **self.extra}


@dataclass(frozen=True)
class MethodSpec:
    """One registered method: its name, handler, required scope and whether it writes."""

    name: str
    handler: Handler
    scope: str | None
    write: bool = False


REGISTRY: dict[str, MethodSpec] = {}


def method(name: str, *, scope: str | None, write: bool = False) -> Callable[[Handler], Handler]:
    """Register ``handler`` as the REST method ``name`` (lower case) needing ``scope``."""

    def decorate(handler: Handler) -> Handler:
        REGISTRY[name.lower()] = MethodSpec(name.lower(), handler, scope, write)
        return handler

    return decorate


def lookup(name: str) -> MethodSpec:
    """The spec of ``name`` or a 404 ERROR_METHOD_NOT_FOUND."""
    load_builtin_methods()
    spec = REGISTRY.get(name.lower())
    if spec is None:
        raise ApiError(404, "ERROR_METHOD_NOT_FOUND", "Method not found!")
    return spec


_LOADED = False


def load_builtin_methods() -> None:
    """Import the built-in methods and every ``*_methods`` module of this package once."""
    global _LOADED
    if _LOADED:
        return
    _LOADED = True
    package = importlib.import_module("b24sync.emulator")
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.endswith("_methods"):
            importlib.import_module(f"b24sync.emulator.{info.name}")


@dataclass
class CallContext:
    """What a handler may use: the portal data, the clock and the name of the call."""

    data: PortalData
    clock: Callable[[], datetime]
    method: str

    def now(self) -> datetime:
        """The emulator's current moment, aware, in the portal's time zone."""
        return self.clock().astimezone(self.data.tz)

    def stamp(self) -> str:
        """``now()`` as Bitrix24 writes datetimes: ``YYYY-MM-DDThh:mm:ss+hh:mm``."""
        return self.now().replace(microsecond=0).isoformat()


def as_int(value: Any, name: str, default: int | None = None) -> int:
    """``value`` as an int (query strings send ``"-1"``) or a 400 naming the parameter."""
    if value is None or value == "":
        if default is None:
            raise ApiError(400, "INVALID_ARG_VALUE", f"Parameter '{name}' is required")
        return default
    try:
        return int(str(value).strip())
    except ValueError:
        raise ApiError(400, "INVALID_ARG_VALUE", f"Parameter '{name}' must be an integer") from None


def get_ci(params: Mapping[str, Any], *names: str) -> Any:
    """The first parameter among ``names`` present, matched case-insensitively."""
    lowered = {str(k).lower(): v for k, v in params.items()}
    for name in names:
        if name.lower() in lowered:
            return lowered[name.lower()]
    return None
