"""A tiny scripted Bitrix24 stand-in on 127.0.0.1 for the client's tests, plus a fake clock.

Each test hands the server a function ``(Seen) -> Reply``; the server records every request
(path, JSON body) so tests can assert what went over the wire. Replies can be JSON with any
status, a redirect, a connection dropped mid-answer, a connection closed without an answer,
a slow answer, or a non-JSON body.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

CODE = "s3cr3tc0de"


@dataclass
class Seen:
    """One request as the server saw it."""

    path: str
    body: Any
    headers: dict[str, str]
    port: int

    @property
    def method(self) -> str:
        """The REST method from ``/rest/1/CODE/method.json``."""
        return self.path.rsplit("/", 1)[-1].removesuffix(".json")


@dataclass
class Reply:
    status: int = 200
    payload: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    kind: str = "json"  # json | drop | close | slow | raw
    raw: bytes = b""
    delay: float = 0.0


def ok(result: Any, **extra: Any) -> Reply:
    return Reply(200, {"result": result, **extra, "time": extra.get("time", {"duration": 0.01})})


def error(status: int, code: Any, description: str = "", **extra: Any) -> Reply:
    return Reply(status, {"error": code, "error_description": description, **extra})


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_POST(self) -> None:
        server: Portal = self.server.owner  # type: ignore[attr-defined]
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode("utf-8", "replace")
        seen = Seen(self.path, body, dict(self.headers), server.port)
        with server.lock:
            server.seen.append(seen)
        reply = server.script(seen)
        try:
            self._send(reply)
        except OSError:  # the client gave up (a timeout test): nothing to answer
            self.close_connection = True

    def _send(self, reply: Reply) -> None:
        if reply.kind == "close":
            self.close_connection = True
            self.connection.close()
            return
        if reply.kind == "slow":
            time.sleep(reply.delay)
        data = reply.raw if reply.kind in ("raw", "drop") else json.dumps(reply.payload).encode()
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Type", "application/json")
        if reply.kind == "drop":
            self.send_header("Content-Length", str(len(data) + 500))
            self.end_headers()
            self.wfile.write(data)
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(2)
            return
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class Portal:
    """A scripted portal; ``url`` is its webhook base URL."""

    def __init__(self, script: Callable[[Seen], Reply]) -> None:
        self.script = script
        self.seen: list[Seen] = []
        self.lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.owner = self  # type: ignore[attr-defined]
        self.port = self.httpd.server_port
        self.url = f"http://127.0.0.1:{self.port}/rest/1/{CODE}/"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def __enter__(self) -> Portal:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@contextmanager
def portal(script: Callable[[Seen], Reply]) -> Iterator[Portal]:
    with Portal(script) as running:
        yield running


def sequence(*replies: Reply) -> Callable[[Seen], Reply]:
    """A script answering with ``replies`` in turn (the last one repeats)."""
    queue = list(replies)

    def script(seen: Seen) -> Reply:
        return queue.pop(0) if len(queue) > 1 else queue[0]

    return script


class FakeClock:
    """``time``/``sleep`` that only move when told: ``sleep`` advances and is recorded."""

    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self.now = start
        self.sleeps: list[float] = []

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
