"""Inbound webhook URLs, and the seam for other kinds of authentication.

An inbound webhook looks like ``https://PORTAL/rest/USER_ID/CODE/``; the code is a secret,
so a :class:`Webhook`'s ``repr`` and ``str`` show ``***`` in its place and no error message
repeats the URL. Plain ``http`` is accepted only for the loopback address (the local portal
emulator).

:class:`Auth` is what :class:`b24sync.client.Client` needs from any authentication: the URL
of a method, the body to send, and how to follow the portal to a new address. A webhook is the
only implementation; an OAuth application would add its token to the body and refresh it on
``expired_token``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urlsplit

from b24sync.errors import WebhookError

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
_USER_ID = re.compile(r"[0-9]{1,10}")
_CODE = re.compile(r"[A-Za-z0-9_-]{1,128}")
_METHOD_FILE = re.compile(r"[A-Za-z0-9_.]+\.json")
_HOST = re.compile(r"[A-Za-z0-9.-]+|\[[0-9A-Fa-f:]+\]")

_EXAMPLE = "https://PORTAL.bitrix24.ru/rest/1/CODE/"


class Auth(Protocol):
    """What the client needs from an authentication method."""

    @property
    def origin(self) -> str:
        """``scheme://host[:port]`` of the portal (not secret)."""
        ...

    def method_url(self, method: str) -> str:
        """The URL to POST ``method`` to (may hold a secret: never log it)."""
        ...

    def sign(self, body: dict[str, Any]) -> dict[str, Any]:
        """The body to send (an OAuth token would be added here)."""
        ...

    def moved_to(self, location: str) -> Auth:
        """The same credentials at the portal's new address (from a 302 ``Location``)."""
        ...

    def secrets(self) -> tuple[str, ...]:
        """Strings that must never appear in a message (scrubbed by the client)."""
        ...


def _fail(what_en: str, what_ru: str) -> WebhookError:
    return WebhookError(
        f"The webhook URL is malformed: {what_en}; copy it from Bitrix24 "
        f"(Developer resources -> Inbound webhook), it looks like {_EXAMPLE}",
        f"Неверный адрес вебхука: {what_ru}; скопируйте его из Битрикс24 "
        f"(Разработчикам -> Входящий вебхук), он выглядит как {_EXAMPLE}",
    )


def _check_origin(scheme: str, host: str) -> None:
    if scheme == "http" and host in LOOPBACK_HOSTS:
        return
    if scheme != "https":
        raise _fail("it must start with https://", "он должен начинаться с https://")
    if not host or not _HOST.fullmatch(host) or "." not in host.strip("[]"):
        raise _fail(
            "the portal address is missing or invalid", "не указан или неверен адрес портала"
        )


@dataclass(frozen=True)
class Webhook:
    """A parsed inbound webhook. ``code`` is secret and is left out of ``repr``/``str``."""

    origin: str
    user_id: int
    code: str = field(repr=False)

    @property
    def host(self) -> str:
        return urlsplit(self.origin).hostname or ""

    @property
    def base_url(self) -> str:
        """``origin/rest/USER_ID/CODE/`` (secret: never log or print it)."""
        return f"{self.origin}/rest/{self.user_id}/{self.code}/"

    def method_url(self, method: str) -> str:
        return f"{self.base_url}{method}.json"

    def sign(self, body: dict[str, Any]) -> dict[str, Any]:
        return body

    def moved_to(self, location: str) -> Webhook:
        """The webhook on the portal's new host; the path is kept, only the origin changes."""
        parts = urlsplit(location.strip())
        scheme = (parts.scheme or "").lower()
        host = (parts.hostname or "").lower()
        if not scheme:
            return self  # a relative Location stays on the same portal
        _check_origin(scheme, host)
        netloc = parts.netloc.rsplit("@", 1)[-1].lower()
        return Webhook(f"{scheme}://{netloc}", self.user_id, self.code)

    def secrets(self) -> tuple[str, ...]:
        return (self.code, self.base_url)

    def __str__(self) -> str:
        return f"{self.origin}/rest/{self.user_id}/***/"

    def __repr__(self) -> str:
        return f"Webhook('{self}')"


def parse_webhook(url: str) -> Webhook:
    """Validate ``https://PORTAL/rest/USER_ID/CODE/`` (a trailing ``method.json`` is dropped).

    Raises :class:`WebhookError` with a one-line message that never repeats the URL.
    """
    if not isinstance(url, str) or not url.strip():
        raise _fail("it is empty", "он пуст")
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise _fail("the address cannot be parsed", "адрес не разбирается") from None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    _check_origin(scheme, host)
    if parts.username or parts.password:
        raise _fail("it must not contain a user name or password", "в нём не должно быть логина")
    if parts.query or parts.fragment:
        raise _fail("it must end after CODE/ (no ? or #)", "после CODE/ ничего не должно быть")
    segments = [s for s in parts.path.split("/") if s]
    if segments and _METHOD_FILE.fullmatch(segments[-1]):
        segments = segments[:-1]
    if len(segments) != 3 or segments[0] != "rest":
        raise _fail("the path must be /rest/USER_ID/CODE/", "путь должен быть /rest/USER_ID/CODE/")
    if not _USER_ID.fullmatch(segments[1]):
        raise _fail("USER_ID must be a number", "USER_ID должен быть числом")
    if not _CODE.fullmatch(segments[2]):
        raise _fail("CODE must be letters and digits", "CODE должен состоять из букв и цифр")
    netloc = host if ":" not in host else f"[{host}]"
    origin = f"{scheme}://{netloc}" + (f":{port}" if port else "")
    return Webhook(origin, int(segments[1]), segments[2])
