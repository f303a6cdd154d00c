"""The client on the wire: POST JSON, one session, redirects, batch, the exception map."""

from __future__ import annotations

import inspect

import pytest
import requests
from scripted_portal import CODE, FakeClock, Reply, Seen, ok, portal

from b24sync import client as client_module
from b24sync.client import EXCEPTION_MAP, Client, is_read_method
from b24sync.errors import NetworkError, ResponseTimeout, TransportError, WebhookError


def test_post_json_body_to_method_url() -> None:
    with (
        portal(lambda seen: ok({"items": [{"id": 1, "title": "Сделка"}]}, total=1)) as server,
        Client(server.url) as client,
    ):
        payload = client.call("crm.item.list", {"entityTypeId": 2, "filter": {">id": 0}})
    assert payload["result"]["items"][0]["title"] == "Сделка"
    assert payload["total"] == 1
    (seen,) = server.seen
    assert seen.path == f"/rest/1/{CODE}/crm.item.list.json"
    assert seen.body == {"entityTypeId": 2, "filter": {">id": 0}}
    assert seen.headers["Content-Type"] == "application/json"
    assert seen.headers["User-Agent"].startswith("b24xl/")
    assert client.requests_made == 1


def test_one_keep_alive_connection_for_many_calls() -> None:
    ports: set[int] = set()

    def script(seen: Seen) -> Reply:
        return ok("2026-01-01T00:00:00+03:00")

    with portal(script) as server, Client(server.url) as client:
        for _ in range(5):
            client.call("server.time")
        # the server saw five requests; requests' pool kept one connection open
        pool = client._session.get_adapter(server.url).poolmanager  # type: ignore[attr-defined]
        conns = [p for p in pool.pools._container.values()]
        ports.update(c.num_connections for c in conns)
    assert len(server.seen) == 5 and ports == {1}


def test_timeouts_are_connect_and_read() -> None:
    source = inspect.getsource(Client._post_once)
    assert "allow_redirects=False" in source
    assert Client("https://a.bitrix24.ru/rest/1/x/").timeout == 60.0


def test_redirect_is_followed_by_a_repost_and_remembered() -> None:
    with portal(lambda seen: ok({"moved": True})) as new:
        target = new.url.split("/rest/")[0]

        def old_script(seen: Seen) -> Reply:
            return Reply(302, {}, {"Location": f"{target}{seen.path}"})

        with portal(old_script) as old, Client(old.url) as client:
            first = client.call("crm.item.list", {"entityTypeId": 2})
            second = client.call("user.get", {"ID": 1})
            assert client.portal == target
    assert first["result"] == {"moved": True} and second["result"] == {"moved": True}
    assert len(old.seen) == 1  # the new address is remembered
    assert [s.body for s in new.seen] == [{"entityTypeId": 2}, {"ID": 1}]
    assert [s.method for s in new.seen] == ["crm.item.list", "user.get"]
    assert client.requests_made == 3  # the 302 counts as an HTTP request


def test_batch_sends_cmd_and_raises_per_command_errors() -> None:
    answer = {
        "result": {
            "result": {"a": {"items": [{"id": 1}]}},
            "result_error": {"b": {"error": "insufficient_scope", "error_description": ""}},
            "result_total": [],
            "result_next": [],
            "result_time": {"a": {"operating": 0.5, "operating_reset_at": 1_700_000_600}},
        },
        "time": {},
    }
    with portal(lambda seen: Reply(200, answer)) as server, Client(server.url) as client:
        result = client.batch(
            {"a": ("crm.item.list", {"entityTypeId": 2}), "b": ("tasks.task.list", {})},
            raise_errors=False,
        )
        assert client.operating.reset_at("crm.item.list") == 1_700_000_600
        try:
            client.batch({"a": ("crm.item.list", {}), "b": ("tasks.task.list", {})}, halt=True)
        except Exception as exc:
            raised = exc
    assert result.result["a"]["items"] == [{"id": 1}]
    assert result.errors["b"].scope == "task"  # type: ignore[attr-defined]
    assert "'task'" in raised.en and raised.command == "b"  # type: ignore[attr-defined]
    first = server.seen[0].body
    assert first == {
        "halt": 0,
        "cmd": {"a": "crm.item.list?entityTypeId=2", "b": "tasks.task.list"},
    }
    assert server.seen[1].body["halt"] == 1


# requests' errors for a request that cannot even be built: one generic TransportError.
NOT_SENT = {
    "RequestException", "HTTPError", "URLRequired", "MissingSchema", "InvalidSchema",
    "InvalidURL", "InvalidHeader", "InvalidProxyURL", "StreamConsumedError", "RetryError",
    "UnrewindableBodyError",
}  # fmt: skip


def test_every_requests_exception_is_mapped() -> None:
    classes = [
        obj
        for obj in vars(requests.exceptions).values()
        if inspect.isclass(obj) and issubclass(obj, requests.exceptions.RequestException)
    ]
    for cls in classes:
        target = next(t for source, t in EXCEPTION_MAP if issubclass(cls, source))
        # a new requests exception must be placed in the map, not fall through silently
        assert (target is TransportError) == (cls.__name__ in NOT_SENT), cls
        text = "https://p.bitrix24.ru/rest/1/s3cr3t/x.json failed"
        exc = cls(text, text, 0) if issubclass(cls, ValueError) else cls(text)
        ours = client_module._translate(exc, 60.0)
        assert isinstance(ours, target)
        assert "s3cr3t" not in ours.en and "s3cr3t" not in ours.ru
    timeout = client_module._translate(requests.exceptions.ReadTimeout("x"), 60.0)
    assert isinstance(timeout, ResponseTimeout) and timeout.retryable
    connect = client_module._translate(requests.exceptions.ConnectTimeout("x"), 60.0)
    assert isinstance(connect, NetworkError)


def test_read_methods() -> None:
    assert is_read_method("crm.item.list") and is_read_method("user.get")
    assert is_read_method("server.time") and is_read_method("crm.item.fields")
    assert not is_read_method("crm.item.add") and not is_read_method("crm.item.update")


def test_fake_clock_paces_requests() -> None:
    clock = FakeClock()
    with (
        portal(lambda seen: ok(1)) as server,
        Client(server.url, rate_limit=(2, 1.0), clock=clock.time, sleep=clock.sleep) as c,
    ):
        for _ in range(4):
            c.call("server.time")
    assert clock.sleeps == [1.0, 1.0]  # burst of 2, then one per second
    assert len(server.seen) == 4


class TokenAuth:
    """An OAuth-like Auth: the token travels in the body (the seam the client keeps open)."""

    def __init__(self, origin: str, token: str) -> None:
        self.origin = origin
        self.token = token

    def method_url(self, method: str) -> str:
        return f"{self.origin}/rest/{method}.json"

    def sign(self, body: dict) -> dict:
        return {**body, "auth": self.token}

    def moved_to(self, location: str) -> TokenAuth:
        return TokenAuth(location.split("/rest/")[0], self.token)

    def secrets(self) -> tuple[str, ...]:
        return (self.token,)


def test_any_auth_plugs_in_and_its_secrets_are_scrubbed() -> None:
    def script(seen: Seen) -> Reply:
        if seen.method == "user.get":
            return ok([{"ID": "1"}])
        return Reply(400, {"error": "INVALID_ARG_VALUE", "error_description": "bad tok-123"})

    with portal(script) as server:
        auth = TokenAuth(server.url.split("/rest/")[0], "tok-123")
        with Client(auth) as client:
            assert client.call("user.get", {"ID": 1})["result"] == [{"ID": "1"}]
            try:
                client.call("crm.item.list", {})
            except Exception as exc:
                failure = exc
    assert server.seen[0].path == "/rest/user.get.json"
    assert server.seen[0].body == {"ID": 1, "auth": "tok-123"}
    assert "tok-123" not in str(failure) and "bad ***" in str(failure)


def test_batch_empty_sections_and_numeric_keys_over_the_wire() -> None:
    answer = {
        "result": {
            "result": [{"items": []}, [{"ID": "1"}]],  # numeric keys: a JSON list
            "result_error": [],
            "result_total": [],
            "result_next": [],
            "result_time": [],
        },
        "time": {"duration": 0.01},
    }
    with portal(lambda seen: Reply(200, answer)) as server, Client(server.url) as client:
        result = client.batch({"0": ("crm.item.list", {"entityTypeId": 2}), "1": ("user.get", {})})
    assert result.result == {"0": {"items": []}, "1": [{"ID": "1"}]}
    assert (result.errors, result.total, result.next, result.time) == ({}, {}, {}, {})


def test_a_malformed_webhook_fails_before_any_request() -> None:
    with pytest.raises(WebhookError) as info:
        Client("https://portal.bitrix24.ru/rest/one/s3cr3t/")
    assert "USER_ID" in info.value.en and "s3cr3t" not in info.value.en
