"""The Bitrix24 REST client: the one module that talks HTTP (``requests``).

``POST {portal}/rest/{user}/{code}/{method}.json`` with a JSON body over one keep-alive
session; a 302 (the portal changed its domain) is followed by a re-POST to the new host,
which is remembered. Every failure is translated here, in :func:`_mapped_errors` and
:meth:`Client._exchange`, into the tree documented in :mod:`b24sync.errors`.

Retries cover only what can succeed later, each within bounds:

* 503 ``QUERY_LIMIT_EXCEEDED``: back off exponentially with jitter (1 s .. 30 s);
* 429 ``OPERATION_TIME_LIMIT``: wait until the method's ``operating_reset_at`` (capped);
* 500/502/504, connection errors, timeouts, a connection dropped mid-answer, invalid JSON:
  back off 0.5 s .. 30 s, for reading methods only (a write might have happened).

Everything else fails at once with a one-line message that says what to do. A client-side
leaky bucket (:class:`b24sync.pacing.LeakyBucket`) paces every HTTP request, so the portal
rarely has to refuse; ``requests_made`` counts HTTP requests, retries and redirects included.

>>> with Client("https://portal.bitrix24.ru/rest/1/secret/") as client:  # doctest: +SKIP
...     client.call("server.time")["result"]
...     for page in client.export("crm.item.list", {"entityTypeId": 2}): ...
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import requests

from b24sync.batch import MAX_COMMANDS, BatchResult, Command, build_cmd, command_method, parse_batch
from b24sync.errors import (
    ApiError,
    B24Error,
    BrokenResponseError,
    NetworkError,
    OperationTimeLimitError,
    RateLimitError,
    RedirectError,
    ResponseTimeout,
    TLSError,
    TransportError,
)
from b24sync.pacing import Backoff, Clock, LeakyBucket, OperatingTracker, Sleep
from b24sync.paging import IdPaginator, Paginator, Row
from b24sync.webhook import Auth, parse_webhook

USER_AGENT = "b24xl/0.1 (+requests)"
MAX_REDIRECTS = 5
CONNECT_TIMEOUT = 10.0
_READ_SUFFIXES = ("list", "get", "fields", "current", "time", "info")

# requests' exceptions -> ours, most specific first; tests check none is left unmapped.
EXCEPTION_MAP: tuple[tuple[type[Exception], type[TransportError]], ...] = (
    (requests.exceptions.SSLError, TLSError),
    (requests.exceptions.ConnectTimeout, NetworkError),
    (requests.exceptions.Timeout, ResponseTimeout),
    (requests.exceptions.InvalidJSONError, BrokenResponseError),
    (requests.exceptions.ChunkedEncodingError, BrokenResponseError),
    (requests.exceptions.ContentDecodingError, BrokenResponseError),
    (requests.exceptions.TooManyRedirects, RedirectError),
    (requests.exceptions.ConnectionError, NetworkError),
    (requests.exceptions.RequestException, TransportError),
)


def _translate(exc: Exception, timeout: float) -> TransportError:
    """Our error for a requests error; never carries the URL that requests puts in its text."""
    for source, target in EXCEPTION_MAP:
        if isinstance(exc, source):
            if target is ResponseTimeout:
                return ResponseTimeout(timeout)
            if target is BrokenResponseError:
                return BrokenResponseError("the connection broke mid-answer or the body is bad")
            if target is RedirectError:
                return RedirectError("too many redirects")
            if target is TransportError:
                return TransportError(
                    f"The request could not be sent ({type(exc).__name__})",
                    f"Запрос не удалось отправить ({type(exc).__name__})",
                )
            if target is NetworkError and isinstance(exc, requests.exceptions.ConnectTimeout):
                return NetworkError("connection timed out")
            return target()  # type: ignore[call-arg]
    raise exc


@contextmanager
def _mapped_errors(timeout: float) -> Iterator[None]:
    """Translate requests' exceptions into the b24sync tree (``from None``: no URL leaks)."""
    try:
        yield
    except requests.exceptions.RequestException as exc:
        raise _translate(exc, timeout) from None


def is_read_method(method: str) -> bool:
    """Reading methods may be retried after a failure that might have reached the server."""
    return method.rsplit(".", 1)[-1].lower().startswith(_READ_SUFFIXES)


class Client:
    """A paced, retrying client for one portal (see the module docstring).

    ``rate_limit`` = (burst, per second) of the client-side bucket; ``timeout`` = read timeout
    in seconds; ``max_retries`` bounds the retries of one request; ``max_wait`` caps any single
    wait; ``clock``/``sleep``/``rng`` are injectable for tests. Not thread-safe: one client per
    thread (the portal's limit is per portal anyway).
    """

    def __init__(
        self,
        webhook_url: str | Auth,
        rate_limit: tuple[float, float] = (50, 2.0),
        timeout: float = 60.0,
        max_retries: int = 8,
        clock: Clock | None = None,
        sleep: Sleep | None = None,
        *,
        max_wait: float = 600.0,
        rng: random.Random | None = None,
        session: requests.Session | None = None,
    ) -> None:
        self._auth: Auth = (
            parse_webhook(webhook_url) if isinstance(webhook_url, str) else webhook_url
        )
        self._clock = clock or time.time
        self._sleep = sleep or time.sleep
        capacity, rate = rate_limit
        self.bucket = LeakyBucket(capacity, rate, clock=self._clock, sleep=self._sleep)
        self.timeout = float(timeout)
        self.max_retries = max(0, int(max_retries))
        self.max_wait = float(max_wait)
        rng = rng or random.Random()
        self._rate_backoff = Backoff(1.0, 30.0, rng)
        self._fault_backoff = Backoff(0.5, 30.0, rng)
        self._blocked_backoff = Backoff(5.0, 60.0, rng)  # a 429 with no reset time known
        self.operating = OperatingTracker()
        self.requests_made = 0
        self.retries = 0
        self.waited = 0.0
        self._session = session or requests.Session()
        self._session.headers.update(
            {"Content-Type": "application/json", "Accept": "application/json"}
        )
        self._session.headers["User-Agent"] = USER_AGENT

    # -- lifecycle -------------------------------------------------------------------------

    @property
    def portal(self) -> str:
        """The portal's origin (``https://host``); changes when the portal moved. Not secret."""
        return self._auth.origin

    def __repr__(self) -> str:
        return f"Client({self.portal!r}, requests_made={self.requests_made})"

    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the wire --------------------------------------------------------------------------

    def _post_once(self, method: str, body: Mapping[str, Any]) -> requests.Response:
        self.bucket.acquire()
        self.requests_made += 1
        data = json.dumps(self._auth.sign(dict(body)), ensure_ascii=False).encode("utf-8")
        with _mapped_errors(self.timeout):
            return self._session.post(
                self._auth.method_url(method),
                data=data,
                timeout=(min(CONNECT_TIMEOUT, self.timeout), self.timeout),
                allow_redirects=False,
            )

    def _exchange(self, method: str, body: Mapping[str, Any]) -> dict[str, Any]:
        """One request (plus redirects): the answer as a dict, or a raised error."""
        for _hop in range(MAX_REDIRECTS + 1):
            response = self._post_once(method, body)
            if response.status_code not in (301, 302, 303, 307, 308):
                return self._payload(method, response)
            location = response.headers.get("Location")
            if not location:
                raise RedirectError("no Location")
            self._auth = self._auth.moved_to(location)
        raise RedirectError("too many redirects")

    def _payload(self, method: str, response: requests.Response) -> dict[str, Any]:
        status = response.status_code
        try:
            payload = json.loads(response.content)
        except ValueError:
            payload = None
        if isinstance(payload, dict):  # a 429 may carry its own operating_reset_at
            self.operating.record(method, payload.get("time"))
        if isinstance(payload, dict) and ("error" in payload and "result" not in payload):
            raise ApiError.from_payload(status, payload, method=method)
        if status >= 400:
            raise ApiError.from_payload(status, payload or {}, method=method)
        if not isinstance(payload, dict):
            raise BrokenResponseError("not a JSON object")
        return payload

    # -- retries ---------------------------------------------------------------------------

    def retry_delay(self, exc: B24Error, method: str, attempt: int) -> float:
        """Seconds to wait before retry ``attempt`` after ``exc`` (capped at ``max_wait``)."""
        if isinstance(exc, RateLimitError):
            self.bucket.fill()
            delay = self._rate_backoff.delay(attempt)
        elif isinstance(exc, OperationTimeLimitError):
            reset_at = self.operating.reset_at(method)
            if reset_at is not None:
                delay = max(1.0, reset_at - self._clock() + 1.0)
            else:
                delay = self._blocked_backoff.delay(attempt)
        else:
            delay = self._fault_backoff.delay(attempt)
        return min(delay, self.max_wait)

    def _wait_before_retry(self, exc: B24Error, method: str, attempt: int) -> None:
        if attempt > self.max_retries:
            raise exc
        delay = self.retry_delay(exc, method, attempt)
        self.retries += 1
        self.waited += delay
        self._sleep(delay)

    def _send(self, method: str, body: Mapping[str, Any], *, reading: bool) -> dict[str, Any]:
        """``_exchange`` with the retry policy of the module docstring."""
        attempt = 0
        while True:
            try:
                return self._exchange(method, body)
            except B24Error as exc:
                # 503 QUERY_LIMIT_EXCEEDED and 429 mean the method did not run: safe to resend.
                unexecuted = isinstance(exc, RateLimitError | OperationTimeLimitError)
                if not exc.retryable or not (reading or unexecuted):
                    raise self._scrub(exc) from None
                attempt += 1
                self._wait_before_retry(self._scrub(exc), method, attempt)

    def _scrub(self, exc: B24Error) -> B24Error:
        """Remove any secret from messages (defence in depth: server texts are included)."""
        for secret in self._auth.secrets():
            if secret:
                exc.en = exc.en.replace(secret, "***")
                exc.ru = exc.ru.replace(secret, "***")
        exc.args = (exc.en,)
        return exc

    # -- public API ------------------------------------------------------------------------

    def call(self, method: str, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Call one method; the whole answer: ``result``, ``total``, ``next``, ``time``."""
        return self._send(method, dict(params or {}), reading=is_read_method(method))

    def batch(
        self,
        commands: Mapping[str, Command],
        halt: bool = False,
        *,
        raise_errors: bool = True,
    ) -> BatchResult:
        """Up to 50 commands ``{key: (method, params)}`` (or ``{key: "method?query"}``) in one
        request. Per-command errors are raised (the first in command order) unless
        ``raise_errors`` is false; then they are in ``BatchResult.errors``."""
        body = {"halt": 1 if halt else 0, "cmd": build_cmd(commands)}
        reading = all(is_read_method(command_method(c)) for c in commands.values())
        result = parse_batch(self._send("batch", body, reading=reading), commands)
        for key, block in result.time.items():
            if key in commands:
                self.operating.record(command_method(commands[key]), block)
        for error in result.errors.values():
            self._scrub(error)
        if raise_errors:
            result.raise_for_errors(list(commands))
        return result

    def paginate(self, method: str, paginator: Paginator) -> Iterator[list[Row]]:
        """Pages of ``method`` one request each, driven by any :class:`Paginator`."""
        while paginator.has_next:
            payload = self.call(method, paginator.next_params())
            rows = paginator.rows(payload.get("result"))
            paginator.update(rows, payload)
            if rows:
                yield rows

    def export(
        self,
        method: str,
        params: Mapping[str, Any] | None = None,
        *,
        id_key: str = "id",
        row_id: str | None = None,
        rows_path: str = "items",
        filter_key: str | None = "filter",
        order_key: str | None = "order",
        after: Any = None,
        pages_per_request: int = MAX_COMMANDS,
        probe: bool = True,
    ) -> Iterator[list[Row]]:
        """Every row of a big list, page by page (fast export, see :mod:`b24sync.paging`).

        With ``probe`` the first page is one plain call (a short list costs one request;
        pass ``probe=False`` when the list is known to be long); then up to
        ``pages_per_request`` pages are chained in each ``batch``. A retryable per-command
        error ends the batch (``halt``), waits as the retry policy says and resumes after the
        last id received, so no row is lost or repeated.
        """
        pager = IdPaginator(
            params,
            id_key=id_key,
            row_id=row_id,
            rows_path=rows_path,
            filter_key=filter_key,
            order_key=order_key,
            after=after,
        )
        if probe:
            yield from self._probe(method, pager)
        failures = 0
        while pager.has_next:
            commands = pager.chain(method, pages_per_request)
            result = self.batch(commands, halt=True, raise_errors=False)
            progressed = False
            for key in commands:
                if key in result.errors:
                    error = result.errors[key]
                    if not error.retryable:
                        raise error
                    if not progressed:
                        failures += 1
                        self._wait_before_retry(error, method, failures)
                    break
                if key not in result.result:
                    if not progressed:
                        raise BrokenResponseError("the batch answered no page")
                    break
                rows = pager.rows(result.result[key])
                pager.update(rows)
                progressed, failures = True, 0
                if rows:
                    yield rows
                if not pager.has_next:
                    break

    def _probe(self, method: str, pager: IdPaginator) -> Iterator[list[Row]]:
        """The first page of an export, as one plain call."""
        payload = self.call(method, pager.next_params())
        rows = pager.rows(payload.get("result"))
        pager.update(rows, payload)
        if rows:
            yield rows
