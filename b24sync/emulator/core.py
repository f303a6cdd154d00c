"""The :class:`PortalEmulator`: a Bitrix24 portal on 127.0.0.1 serving a snapshot."""

from __future__ import annotations

import secrets
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

from b24sync.emulator.batch import run_batch
from b24sync.emulator.faults import FaultInjector
from b24sync.emulator.limits import LeakyBucket, OperatingMeter
from b24sync.emulator.mutations import Mutations
from b24sync.emulator.registry import ApiError, CallContext, lookup
from b24sync.emulator.server import EmulatorHTTPServer, serve_in_thread
from b24sync.emulator.tables import PortalData

NO_AUTH = ApiError(401, "NO_AUTH_FOUND", "Wrong authorization data")
INTERNAL = ApiError(500, "INTERNAL_SERVER_ERROR", "Internal server error")
OVERLOAD = ApiError(503, "OVERLOAD_LIMIT", "REST API is blocked due to overload.")
SCOPE_TEXT = "The request requires higher privileges than provided by the webhook token"


class PortalEmulator:
    """A local Bitrix24 portal serving ``snapshot`` (the issue-A snapshot format).

    ``limit=(X, Y)``: leaky bucket of burst X draining Y per second (None: unlimited);
    ``operating_limit_s``: per-method execution budget over ten minutes (None: unlimited);
    ``fault_rate``: share of requests failing retryably (seeded by ``seed``); ``scopes``:
    the webhook's scopes (None: all); ``overload``: every call 503 OVERLOAD_LIMIT;
    ``redirect_to``: answer 302 to that base (a domain change); ``clock``: the portal's
    "now" (aware datetime; wall clock by default) for ``server.time``, ``time`` blocks and
    mutations. Use as a context manager or ``start()``/``stop()``.
    """

    def __init__(
        self,
        snapshot: Mapping[str, Any],
        *,
        user_id: int = 1,
        code: str | None = None,
        limit: tuple[int, float] | None = (50, 2.0),
        operating_limit_s: float | None = None,
        fault_rate: float = 0.0,
        seed: int = 0,
        scopes: Iterable[str] | None = None,
        overload: bool = False,
        redirect_to: str | None = None,
        clock: Callable[[], datetime] | None = None,
        slow_s: float = 0.3,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.data = PortalData(snapshot)
        self.user_id = str(user_id)
        self.code = code or secrets.token_hex(8)
        self.bucket = LeakyBucket(*limit) if limit else None
        self.meter = OperatingMeter(operating_limit_s)
        self.faults = FaultInjector(fault_rate, seed, slow_s)
        self.scopes = set(scopes) if scopes is not None else None
        self.overload = overload
        self.redirect_to = redirect_to
        self.clock: Callable[[], datetime] = clock or (lambda: datetime.now(UTC))
        self.lock = threading.RLock()
        self.request_count = 0
        self.mutations = Mutations(self)
        self._host, self._port = host, port
        self._server: EmulatorHTTPServer | None = None

    def __repr__(self) -> str:  # never shows the webhook code
        state = "serving" if self._server else "stopped"
        return f"<PortalEmulator {self.data.portal['domain']} {state}>"

    # ---- lifecycle -------------------------------------------------------------------------
    def start(self) -> str:
        """Start serving in a background thread; the webhook base URL."""
        if self._server is None:
            self._server = serve_in_thread(self, self._host, self._port)
        return self.url

    @property
    def url(self) -> str:
        """``http://127.0.0.1:<port>/rest/<user>/<code>/`` (a secret: do not log it)."""
        if self._server is None:
            raise RuntimeError("the emulator is not serving; call start() first")
        host, port = self._server.server_address[:2]
        host = host.decode() if isinstance(host, bytes) else host
        return f"http://{host}:{port}/rest/{self.user_id}/{self.code}/"

    def stop(self) -> None:
        """Stop serving and free the port."""
        if self._server is not None:
            self._server.stopping = True
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> PortalEmulator:
        self.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def snapshot(self) -> dict[str, Any]:
        """The current data in the snapshot format (a copy)."""
        with self.lock:
            return self.data.snapshot()

    # ---- requests --------------------------------------------------------------------------
    def note_request(self) -> None:
        """Count one HTTP request (every request, refused ones included)."""
        with self.lock:
            self.request_count += 1

    def handle(
        self, user: str, code: str, name: str, params: dict[str, Any], t0: float
    ) -> tuple[str | None, int, dict[str, Any]]:
        """One HTTP call: ``(fault kind or None, status, body)``."""
        wall = self.clock().timestamp()
        if user != self.user_id or not secrets.compare_digest(code, self.code):
            return None, NO_AUTH.status, NO_AUTH.body()
        if self.overload:
            return None, OVERLOAD.status, OVERLOAD.body()
        fault = self.faults.draw()
        if fault == "503":
            return fault, 503, ApiError(503, "QUERY_LIMIT_EXCEEDED", "Too many requests").body()
        if fault == "500":
            return fault, 500, INTERNAL.body()
        if fault == "slow":
            time.sleep(self.faults.slow_s)
        try:
            with self.lock:
                if self.bucket is not None:
                    self.bucket.admit()
                if fault == "drop" and _writes(name, params):
                    return fault, 500, {"error": "INTERNAL_SERVER_ERROR"}  # cut before writing
                body, _ = self._call(name, params, wall, t0)
        except ApiError as exc:
            return fault, exc.status, exc.body()
        except Exception:  # a bug in a handler: answer like the portal does, keep serving
            traceback.print_exc(file=sys.stderr)
            return fault, INTERNAL.status, INTERNAL.body()
        return fault, 200, body

    def call(self, name: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        """Call a method in-process (no HTTP, no bucket, no faults); raises :class:`ApiError`."""
        with self.lock:
            wall, t0 = self.clock().timestamp(), time.perf_counter()
            body, _ = self._call(name, dict(params or {}), wall, t0)
        return body

    def _call(
        self, name: str, params: dict[str, Any], wall: float, t0: float
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        if name.lower() == "batch":
            body = run_batch(params, lambda n, p: self._dispatch(n, p, self.clock().timestamp()))
            body["time"] = self._time_block(wall, t0, time.perf_counter() - t0, None)
            return body, body["time"]
        return self._dispatch(name, params, wall, t0)

    def _dispatch(
        self, name: str, params: dict[str, Any], wall: float, t0: float | None = None
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """Run one method with its checks; the answer body (with ``time``) and the block."""
        t0 = time.perf_counter() if t0 is None else t0
        spec = lookup(name)
        if spec.scope and self.scopes is not None and spec.scope not in self.scopes:
            raise ApiError(403, "insufficient_scope", SCOPE_TEXT)
        self.meter.check(spec.name)
        began = time.perf_counter()
        body = spec.handler(CallContext(self.data, self.clock, spec.name), params)
        processing = time.perf_counter() - began
        self.meter.charge(spec.name, processing)
        block = self._time_block(wall, t0, processing, spec.name)
        return {**body, "time": block}, block

    def _time_block(
        self, wall: float, t0: float, processing: float, method: str | None
    ) -> dict[str, Any]:
        duration = time.perf_counter() - t0
        tz = self.data.tz
        block: dict[str, Any] = {
            "start": wall,
            "finish": wall + duration,
            "duration": duration,
            "processing": processing,
            "date_start": _iso(wall, tz),
            "date_finish": _iso(wall + duration, tz),
        }
        if method is not None:
            operating, reset_at = self.meter.status(method)
            block["operating_reset_at"] = reset_at
            block["operating"] = operating
        return block


def _writes(name: str, params: dict[str, Any]) -> bool:
    """Whether the call (or a command of the batch) is a write method."""
    if name.lower() != "batch":
        try:
            return lookup(name).write
        except ApiError:
            return False
    cmd = next((v for k, v in params.items() if str(k).lower() == "cmd"), None)
    commands = cmd.values() if isinstance(cmd, dict) else cmd if isinstance(cmd, list) else []
    names = [str(c).partition("?")[0].strip().strip("/").removesuffix(".json") for c in commands]
    return any(_writes(n, {}) for n in names if n.lower() != "batch")


def _iso(moment: float, tz: Any) -> str:
    return datetime.fromtimestamp(moment, tz).replace(microsecond=0).isoformat()
