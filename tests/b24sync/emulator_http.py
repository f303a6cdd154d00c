"""Tiny HTTP helpers for the emulator tests (one connection per request, stdlib only)."""

from __future__ import annotations

import http.client
import json
from typing import Any
from urllib.parse import urlencode, urlsplit

DROPPED = -1  # status reported when the connection was cut mid-answer


def request(
    url: str, method: str, params: Any = None, *, form: bool = False, get: bool = False
) -> tuple[int, Any, dict[str, str]]:
    """``(status, parsed JSON body or None, headers)``; status DROPPED for a cut answer."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)
    path = parts.path + method
    try:
        if get:
            conn.request("GET", f"{path}?{urlencode(params or {})}")
        elif form:
            body = urlencode(params or {})
            headers = {"Content-Type": "application/x-www-form-urlencoded"}
            conn.request("POST", path, body=body, headers=headers)
        else:
            body = json.dumps(params or {})
            conn.request("POST", path, body=body, headers={"Content-Type": "application/json"})
        response = conn.getresponse()
        raw = response.read()
        headers = dict(response.getheaders())
    except (http.client.IncompleteRead, http.client.RemoteDisconnected, ConnectionError):
        return DROPPED, None, {}
    finally:
        conn.close()
    return response.status, (json.loads(raw) if raw else None), headers


def call(url: str, method: str, params: Any = None) -> dict[str, Any]:
    """A successful call's body (asserts HTTP 200)."""
    status, body, _ = request(url, method, params)
    assert status == 200, (status, body)
    return body
