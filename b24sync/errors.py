"""Errors of the sync layer, one documented tree.

Every error carries a one-line message in English (``en``) and Russian (``ru``) that says
what is wrong and what to do; no message ever contains a webhook URL or its code.

The tree (``retryable`` classes are retried by :class:`b24sync.client.Client`, within bounds)::

    B24Error
    ├── StoreError                      the local store cannot be opened, written or is busy
    ├── WebhookError                    a malformed inbound webhook URL (before any request)
    ├── TransportError                  nothing usable came back over HTTP
    │   ├── NetworkError        retry   connection refused/reset, DNS, proxy
    │   ├── ResponseTimeout     retry   no answer within the read timeout
    │   ├── BrokenResponseError retry   connection dropped mid-answer, body is not JSON
    │   ├── TLSError                    the portal's certificate was rejected
    │   └── RedirectError               a 302 without a usable Location, or a redirect loop
    └── ApiError                        Bitrix24 answered with an ``error`` code
        ├── AuthError                   401: NO_AUTH_FOUND, invalid_token (webhook wrong/expired)
        │   └── TokenExpiredError       401 expired_token (OAuth; the seam, not implemented)
        ├── ScopeError                  403 insufficient_scope (``scope`` names the missing one)
        ├── RestUnavailableError        403 ACCESS_DENIED: the plan has no REST API
        ├── PermissionDeniedError       403 other codes: the webhook's user lacks rights
        ├── MethodNotFoundError         404 ERROR_METHOD_NOT_FOUND
        ├── BadRequestError             400 and method-level codes (INVALID_ARG_VALUE, ...)
        │   └── BatchRejectedError      ERROR_BATCH_LENGTH_EXCEEDED, ERROR_BATCH_METHOD_NOT_ALLOWED
        ├── RateLimitError      retry   503 QUERY_LIMIT_EXCEEDED (leaky bucket overflow)
        ├── OperationTimeLimitError retry 429 OPERATION_TIME_LIMIT (per-method time budget)
        ├── OverloadError               503 OVERLOAD_LIMIT: blocked by Bitrix24 support
        ├── ServerError         retry   500/502/504, INTERNAL_SERVER_ERROR, ERROR_UNEXPECTED_ANSWER
        └── PortalDeletedError          PORTAL_DELETED

:meth:`ApiError.from_payload` picks the class: it branches on the HTTP status first (the
``error`` code may be a string, a number or empty), then on the code; per-command errors of a
``batch`` (which always answers 200) are classified by code alone.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

ACTION_CONNECT_EN = "create a new inbound webhook in Bitrix24 and run `b24xl connect`"
ACTION_CONNECT_RU = "создайте новый входящий вебхук в Битрикс24 и выполните `b24xl connect`"
_LATER_EN = "try again later"
_LATER_RU = "повторите попытку позже"


class B24Error(Exception):
    """Base of every b24sync error a director can act on."""

    retryable: ClassVar[bool] = False

    def __init__(self, en: str, ru: str) -> None:
        super().__init__(en)
        self.en = en
        self.ru = ru


class StoreError(B24Error):
    """The local store cannot be opened, written or is busy."""


class WebhookError(B24Error):
    """The inbound webhook URL is malformed (raised before any request is made)."""


class TransportError(B24Error):
    """Nothing usable came back over HTTP (raised by the client's one exception mapper)."""


class NetworkError(TransportError):
    """The portal could not be reached: connection refused or reset, DNS, proxy."""

    retryable = True

    def __init__(self, what: str = "connection failed") -> None:  # ``what``: English detail
        super().__init__(
            f"Cannot reach the Bitrix24 portal ({what}): check the internet connection and "
            f"{_LATER_EN}",
            f"Нет связи с порталом Битрикс24: проверьте подключение к интернету и {_LATER_RU}",
        )


class ResponseTimeout(TransportError):
    """The portal did not answer within the read timeout."""

    retryable = True

    def __init__(self, seconds: float) -> None:
        super().__init__(
            f"The Bitrix24 portal did not answer within {seconds:g} s: {_LATER_EN}",
            f"Портал Битрикс24 не ответил за {seconds:g} с: {_LATER_RU}",
        )


class BrokenResponseError(TransportError):
    """The answer was cut off or is not what the method returns."""

    retryable = True

    def __init__(self, what: str) -> None:
        super().__init__(
            f"The Bitrix24 portal sent a broken answer ({what}): {_LATER_EN}",
            f"Портал Битрикс24 прислал испорченный ответ: {_LATER_RU}",
        )


class TLSError(TransportError):
    """The portal's TLS certificate was rejected."""

    def __init__(self) -> None:
        super().__init__(
            "The portal's security certificate was rejected: check its address and the clock",
            "Сертификат портала отклонён: проверьте адрес портала и часы компьютера",
        )


class RedirectError(TransportError):
    """A redirect could not be followed safely."""

    def __init__(self, what: str) -> None:
        super().__init__(
            f"The portal moved and its new address cannot be used ({what}): {ACTION_CONNECT_EN}",
            f"Портал переехал, его новый адрес использовать нельзя: {ACTION_CONNECT_RU}",
        )


def _one_line(text: Any, limit: int = 200) -> str:
    """A server-supplied description squeezed into one short line."""
    line = " ".join(("" if text is None else str(text)).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


# Bitrix24 scope ids by the first part of a method's name (``crm.item.list`` -> ``crm``).
_SCOPES = {
    "crm": "crm", "tasks": "task", "task": "task", "user": "user", "department": "department",
    "sonet_group": "sonet_group", "socialnetwork": "sonet_group", "voximplant": "telephony",
    "telephony": "telephony", "imopenlines": "imopenlines", "im": "im", "lists": "lists",
    "calendar": "calendar", "disk": "disk", "catalog": "catalog", "sale": "sale",
}  # fmt: skip


def scope_of(method: str | None) -> str | None:
    """The Bitrix24 scope a method belongs to, e.g. ``crm.item.list`` -> ``crm``."""
    return _SCOPES.get((method or "").lower().split(".", 1)[0])


class ApiError(B24Error):
    """Bitrix24 answered with an ``error`` code; see the module docstring for the tree.

    A subclass sets its message templates ``EN``/``RU``; they may use ``{where}`` (the method,
    and the batch command), ``{what}`` (code and server description) and ``{code}``.
    """

    EN: ClassVar[str] = (
        "Bitrix24 refused {where}: {what}; check the request and the webhook's rights"
    )
    RU: ClassVar[str] = "Битрикс24 отклонил {where}: {what}; проверьте запрос и права вебхука"

    def __init__(
        self,
        en: str,
        ru: str,
        *,
        status: int | None = None,
        code: str = "",
        description: str = "",
        method: str | None = None,
        command: str | None = None,
    ) -> None:
        super().__init__(en, ru)
        self.status = status
        self.code = code
        self.description = description
        self.method = method
        self.command = command

    @classmethod
    def texts(cls, where: str, code: str, description: str) -> tuple[str, str]:
        """The (en, ru) messages; ``where`` names the method (and batch command)."""
        what = f"{code} ({description})" if code and description else code or description
        fields = {"where": where, "what": what, "code": code or "HTTP " + description}
        return cls.EN.format(**fields), cls.RU.format(**fields)

    @classmethod
    def from_payload(
        cls,
        status: int | None,
        payload: Any,
        *,
        method: str | None = None,
        command: str | None = None,
    ) -> ApiError:
        """The error for an answer ``{"error": ..., "error_description": ...}``.

        ``status`` is the HTTP status, or ``None`` for a per-command error inside ``batch``.
        """
        body = payload if isinstance(payload, dict) else {"error": payload}
        code = _one_line(body.get("error"), 80)
        description = _one_line(body.get("error_description", ""))
        if not code and not description and status:
            description = str(status)
        klass = _pick_class(status, code, description)
        where = f"{method or 'the request'}" + (f" (batch command {command})" if command else "")
        en, ru = klass.texts(where, code, description)
        return klass(en, ru, status=status, code=code, description=description, method=method,
                     command=command)  # fmt: skip


class AuthError(ApiError):
    """401: the webhook is wrong, expired or deleted."""

    EN = "The webhook is wrong or expired (Bitrix24 refused {where}): " + ACTION_CONNECT_EN
    RU = "Вебхук неверен или истёк (Битрикс24 отклонил {where}): " + ACTION_CONNECT_RU


class TokenExpiredError(AuthError):
    """401 expired_token: an OAuth access token expired (the OAuth seam; not implemented)."""


class ScopeError(ApiError):
    """403 insufficient_scope: the webhook lacks a scope; ``scope`` names it when known."""

    EN = (
        "The webhook has no access to '{scope}' (needed by {where}): edit the inbound webhook "
        "in Bitrix24, tick '{scope}', save, and run the sync again"
    )
    RU = (
        "У вебхука нет права «{scope}» (нужно для {where}): откройте входящий вебхук в "
        "Битрикс24, отметьте «{scope}», сохраните и запустите синхронизацию снова"
    )

    @property
    def scope(self) -> str | None:
        return scope_of(self.method)

    @classmethod
    def texts(cls, where: str, code: str, description: str) -> tuple[str, str]:
        scope = scope_of(where.split(" ")[0])
        if scope:
            return cls.EN.format(scope=scope, where=where), cls.RU.format(scope=scope, where=where)
        return (
            f"The webhook lacks a permission needed by {where}: edit the inbound webhook in "
            "Bitrix24, tick the needed scope, save, and run the sync again",
            f"У вебхука не хватает права для {where}: откройте входящий вебхук в Битрикс24, "
            "отметьте нужное право, сохраните и запустите синхронизацию снова",
        )


class RestUnavailableError(ApiError):
    """403 ACCESS_DENIED: REST API is available only on commercial plans."""

    EN = (
        "This Bitrix24 plan has no REST API (ACCESS_DENIED): switch the portal to a commercial "
        "plan to use b24xl"
    )
    RU = (
        "На этом тарифе Битрикс24 нет REST API (ACCESS_DENIED): перейдите на коммерческий "
        "тариф, чтобы пользоваться b24xl"
    )


class PermissionDeniedError(ApiError):
    """403 (other codes): the user who created the webhook lacks rights."""

    EN = (
        "Access denied to {where} ({what}): create the webhook as a Bitrix24 administrator and "
        "run `b24xl connect`"
    )
    RU = (
        "Нет доступа к {where} ({what}): создайте вебхук от имени администратора Битрикс24 и "
        "выполните `b24xl connect`"
    )


class MethodNotFoundError(ApiError):
    """404 ERROR_METHOD_NOT_FOUND: a typo, or the module of the method is not installed."""

    EN = (
        "Bitrix24 does not know the method {where}: check that the portal has the module and "
        "that the webhook has its scope"
    )
    RU = (
        "Битрикс24 не знает метод {where}: проверьте, что на портале есть этот модуль и у "
        "вебхука есть его право"
    )


class BadRequestError(ApiError):
    """400 and method-level codes: the request itself is wrong."""


class BatchRejectedError(BadRequestError):
    """ERROR_BATCH_LENGTH_EXCEEDED or ERROR_BATCH_METHOD_NOT_ALLOWED."""


class RateLimitError(ApiError):
    """503 QUERY_LIMIT_EXCEEDED: the portal's leaky bucket overflowed; back off and retry."""

    retryable = True
    EN = (
        "Bitrix24 kept refusing {where} as too many requests (QUERY_LIMIT_EXCEEDED): stop "
        f"other integrations using this portal or {_LATER_EN}"
    )
    RU = (
        "Битрикс24 отклоняет {where}: слишком много запросов (QUERY_LIMIT_EXCEEDED); "
        f"остановите другие интеграции с этим порталом или {_LATER_RU}"
    )


class OperationTimeLimitError(ApiError):
    """429 OPERATION_TIME_LIMIT: the method used up its time budget; wait for the reset."""

    retryable = True
    EN = (
        "Bitrix24 blocked {where} for exceeding its operation time (OPERATION_TIME_LIMIT): "
        "the block lifts within 10 minutes, run the sync again then"
    )
    RU = (
        "Битрикс24 заблокировал {where} за превышение времени выполнения "
        "(OPERATION_TIME_LIMIT): блокировка снимается за 10 минут, запустите синхронизацию потом"
    )


class OverloadError(ApiError):
    """503 OVERLOAD_LIMIT: REST blocked by Bitrix24 support; never retried."""

    EN = (
        "Bitrix24 support has blocked the REST API of this portal (OVERLOAD_LIMIT): contact "
        "Bitrix24 support; do not retry until they lift the block"
    )
    RU = (
        "Техподдержка Битрикс24 заблокировала REST API портала (OVERLOAD_LIMIT): обратитесь "
        "в техподдержку Битрикс24 и не повторяйте запросы до снятия блокировки"
    )


class ServerError(ApiError):
    """500/502/504 and unknown 5xx: a transient failure on the portal's side."""

    retryable = True
    EN = "The Bitrix24 portal failed on {where} ({code}): " + _LATER_EN
    RU = "Портал Битрикс24 дал сбой на {where} ({code}): " + _LATER_RU


class PortalDeletedError(ApiError):
    """PORTAL_DELETED: the portal no longer exists."""

    EN = f"The Bitrix24 portal was deleted (PORTAL_DELETED): {ACTION_CONNECT_EN} for another one"
    RU = f"Портал Битрикс24 удалён (PORTAL_DELETED): {ACTION_CONNECT_RU} для другого портала"


_BY_CODE: dict[str, type[ApiError]] = {
    "QUERY_LIMIT_EXCEEDED": RateLimitError,
    "OPERATION_TIME_LIMIT": OperationTimeLimitError,
    "OVERLOAD_LIMIT": OverloadError,
    "INTERNAL_SERVER_ERROR": ServerError,
    "ERROR_UNEXPECTED_ANSWER": ServerError,
    "NO_AUTH_FOUND": AuthError,
    "INVALID_TOKEN": AuthError,
    "EXPIRED_TOKEN": TokenExpiredError,
    "AUTHORIZATION_ERROR": AuthError,
    "INSUFFICIENT_SCOPE": ScopeError,
    "ACCESS_DENIED": RestUnavailableError,
    "PAYMENT_REQUIRED": RestUnavailableError,
    "INVALID_CREDENTIALS": PermissionDeniedError,
    "USER_ACCESS_ERROR": PermissionDeniedError,
    "ALLOWED_ONLY_INTRANET_USER": PermissionDeniedError,
    "ERROR_METHOD_NOT_FOUND": MethodNotFoundError,
    "ERROR_BATCH_LENGTH_EXCEEDED": BatchRejectedError,
    "ERROR_BATCH_METHOD_NOT_ALLOWED": BatchRejectedError,
    "PORTAL_DELETED": PortalDeletedError,
}

_ACCESS_DENIED_TEXT = re.compile(r"access denied|доступ запрещ", re.IGNORECASE)


def _pick_class(status: int | None, code: str, description: str) -> type[ApiError]:
    """HTTP status first, then the code (compared case-insensitively)."""
    by_code = _BY_CODE.get(code.upper())
    if status == 401:
        return by_code if by_code and issubclass(by_code, AuthError) else AuthError
    if status == 403:
        if by_code in (ScopeError, RestUnavailableError):
            return by_code
        return PermissionDeniedError
    if status == 404:
        return by_code or MethodNotFoundError
    if status == 429:
        return OperationTimeLimitError
    if status == 503:
        return by_code if by_code in (OverloadError, RateLimitError) else ServerError
    if status is not None and status >= 500:
        return PortalDeletedError if by_code is PortalDeletedError else ServerError
    if by_code is not None:
        return by_code
    if not code and _ACCESS_DENIED_TEXT.search(description):
        return PermissionDeniedError
    return BadRequestError
