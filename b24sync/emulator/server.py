"""The HTTP face of the emulator: ``/rest/<user>/<code>/<method>[.json]`` on 127.0.0.1.

One request goes through: (302 to a new base when a domain change is simulated) -> webhook
check (401 NO_AUTH_FOUND) -> 503 OVERLOAD_LIMIT when overloaded -> an injected fault ->
the leaky bucket (503 QUERY_LIMIT_EXCEEDED) -> the method (404 ERROR_METHOD_NOT_FOUND,
403 insufficient_scope, 429 OPERATION_TIME_LIMIT) -> JSON with the ``time`` block.
Parameters come from a JSON body, a form body or the query string (PHP-style brackets).
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from b24sync.emulator.batch import parse_php_query
from b24sync.emulator.registry import ApiError

if TYPE_CHECKING:
    from b24sync.emulator.core import PortalEmulator


class EmulatorHTTPServer(ThreadingHTTPServer):
    """A threading server that knows its :class:`PortalEmulator`."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], emulator: PortalEmulator) -> None:
        super().__init__(address, Handler)
        self.emulator = emulator
        self.stopping = False  # set on stop: open keep-alive connections get cut, not served


class Handler(BaseHTTPRequestHandler):
    """Turns HTTP requests into emulator calls; quiet (never logs webhook paths)."""

    protocol_version = "HTTP/1.1"
    # headers and body go out in two writes; without TCP_NODELAY the second one waits for the
    # client's delayed ACK (about 40 ms a request on loopback)
    disable_nagle_algorithm = True
    server: EmulatorHTTPServer

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the default access log: the path holds the webhook code."""

    def do_GET(self) -> None:
        self._serve(b"")

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self._serve(self.rfile.read(length) if length else b"")

    def _serve(self, raw_body: bytes) -> None:
        emulator = self.server.emulator
        if self.server.stopping:
            self.close_connection = True
            return
        started = time.perf_counter()
        emulator.note_request()
        parts = urlsplit(self.path)
        segments = [s for s in parts.path.split("/") if s]
        if len(segments) != 4 or segments[0] != "rest":
            self._send(404, {"error": "NOT_FOUND", "error_description": "Not found"})
            return
        _, user, code, name = segments
        name = name.removesuffix(".json")
        if emulator.redirect_to:
            self._redirect(f"{emulator.redirect_to.rstrip('/')}/{segments[3]}")
            return
        try:
            params = self._params(raw_body, parts.query)
        except ValueError:
            self._send(400, {"error": "INVALID_REQUEST", "error_description": "Bad request body"})
            return
        fault, status, body = emulator.handle(user, code, name, params, started)
        if fault == "drop":
            self._drop(status, body)
            return
        self._send(status, body)

    def _params(self, raw_body: bytes, query: str) -> dict[str, Any]:
        params: dict[str, Any] = parse_php_query(query) if query else {}
        if not raw_body:
            return params
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        text = raw_body.decode("utf-8")
        if kind == "application/x-www-form-urlencoded" or (
            kind != "application/json" and not text.lstrip().startswith("{")
        ):
            params.update(parse_php_query(text))
            return params
        loaded = json.loads(text)
        if not isinstance(loaded, dict):
            raise ValueError("the JSON body must be an object")
        params.update(loaded)
        return params

    def _encode(self, body: dict[str, Any]) -> bytes:
        return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    def _send(self, status: int, body: dict[str, Any]) -> None:
        data = self._encode(body)
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _drop(self, status: int, body: dict[str, Any]) -> None:
        """Send the headers and half the body, then cut the connection."""
        data = self._encode(body)
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data[: len(data) // 2])
        self.wfile.flush()
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)


def serve_in_thread(emulator: PortalEmulator, host: str, port: int) -> EmulatorHTTPServer:
    """Bind ``host:port`` (0 = a free port) and serve in a daemon thread."""
    server = EmulatorHTTPServer((host, port), emulator)
    thread = threading.Thread(target=server.serve_forever, name="b24-emulator", daemon=True)
    thread.start()
    return server


__all__ = ["ApiError", "EmulatorHTTPServer", "serve_in_thread"]
