"""The error tree: ApiError.from_payload, and the fail-at-once answers over the wire."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scripted_portal import CODE, FakeClock, Reply, error, portal

from b24sync.client import Client
from b24sync.errors import (
    ApiError,
    AuthError,
    B24Error,
    BadRequestError,
    BatchRejectedError,
    MethodNotFoundError,
    OperationTimeLimitError,
    OverloadError,
    PermissionDeniedError,
    PortalDeletedError,
    RateLimitError,
    RestUnavailableError,
    ScopeError,
    ServerError,
    TokenExpiredError,
    scope_of,
)


@pytest.mark.parametrize(
    ("status", "code", "expected"),
    [
        (503, "QUERY_LIMIT_EXCEEDED", RateLimitError),
        (429, "OPERATION_TIME_LIMIT", OperationTimeLimitError),
        (503, "OVERLOAD_LIMIT", OverloadError),
        (500, "INTERNAL_SERVER_ERROR", ServerError),
        (500, "ERROR_UNEXPECTED_ANSWER", ServerError),
        (502, "", ServerError),
        (504, None, ServerError),
        (503, "", ServerError),
        (401, "NO_AUTH_FOUND", AuthError),
        (401, "invalid_token", AuthError),
        (401, "expired_token", TokenExpiredError),
        (401, "", AuthError),
        (403, "insufficient_scope", ScopeError),
        (403, "ACCESS_DENIED", RestUnavailableError),
        (403, "INVALID_CREDENTIALS", PermissionDeniedError),
        (403, "user_access_error", PermissionDeniedError),
        (403, "allowed_only_intranet_user", PermissionDeniedError),
        (404, "ERROR_METHOD_NOT_FOUND", MethodNotFoundError),
        (400, "ERROR_BATCH_LENGTH_EXCEEDED", BatchRejectedError),
        (405, "ERROR_BATCH_METHOD_NOT_ALLOWED", BatchRejectedError),
        (400, "INVALID_ARG_VALUE", BadRequestError),
        (400, "NOT_FOUND", BadRequestError),
        (500, "PORTAL_DELETED", PortalDeletedError),
        (400, 0, BadRequestError),  # numeric codes happen (crm.stagehistory.list doc)
        (400, "0", BadRequestError),  # tasks.task.list
        (None, "insufficient_scope", ScopeError),  # inside a batch: by code alone
        (None, "OPERATION_TIME_LIMIT", OperationTimeLimitError),
        (None, "QUERY_LIMIT_EXCEEDED", RateLimitError),
    ],
)
def test_from_payload_branches_on_status_then_code(
    status: int | None, code: object, expected: type[ApiError]
) -> None:
    err = ApiError.from_payload(status, {"error": code, "error_description": "x"}, method="m")
    assert type(err) is expected
    assert err.status == status and err.code == ("" if code is None else str(code))
    assert isinstance(err, B24Error)
    assert "\n" not in err.en and "\n" not in err.ru and err.ru != err.en


def test_retryable_flags() -> None:
    assert RateLimitError.retryable and OperationTimeLimitError.retryable
    assert ServerError.retryable
    for klass in (OverloadError, AuthError, ScopeError, RestUnavailableError, BadRequestError):
        assert not klass.retryable


def test_empty_code_with_access_denied_text() -> None:
    # crm.deal.list answers {"error": "", "error_description": "Access denied."} with 400
    err = ApiError.from_payload(400, {"error": "", "error_description": "Access denied."})
    assert isinstance(err, PermissionDeniedError)


def test_non_json_error_body() -> None:
    err = ApiError.from_payload(502, None, method="crm.item.list")
    assert isinstance(err, ServerError) and "502" in err.en


def test_scope_of_methods() -> None:
    expected = {
        "crm.item.list": "crm",
        "tasks.task.list": "task",
        "user.get": "user",
        "department.get": "department",
        "sonet_group.get": "sonet_group",
        "voximplant.statistic.get": "telephony",
        "server.time": None,
    }
    assert {m: scope_of(m) for m in expected} == expected


def fail_once(status: int, code: str, method: str = "crm.item.list") -> tuple[B24Error, int]:
    clock = FakeClock()
    with (
        portal(lambda seen: error(status, code, f"desc for {CODE}")) as server,
        Client(server.url, clock=clock.time, sleep=clock.sleep) as client,
    ):
        with pytest.raises(B24Error) as info:
            client.call(method, {"entityTypeId": 2})
        made = client.requests_made
    assert clock.sleeps == []  # no retry, no waiting
    err = info.value
    for text in (err.en, err.ru, str(err), repr(err)):
        assert CODE not in text and server.url not in text and "\n" not in text
    return err, made


def test_401_says_create_a_new_webhook() -> None:
    err, made = fail_once(401, "NO_AUTH_FOUND")
    assert isinstance(err, AuthError) and made == 1
    assert "webhook is wrong or expired" in err.en and "b24xl connect" in err.en
    assert "b24xl connect" in err.ru and "вебхук" in err.ru.lower()


def test_403_scope_names_the_scope() -> None:
    err, made = fail_once(403, "insufficient_scope", method="tasks.task.list")
    assert isinstance(err, ScopeError) and made == 1
    assert err.scope == "task"
    assert "'task'" in err.en and "tasks.task.list" in err.en and "«task»" in err.ru


def test_403_access_denied_is_the_plan() -> None:
    err, _ = fail_once(403, "ACCESS_DENIED")
    assert isinstance(err, RestUnavailableError)
    assert "commercial plan" in err.en and "коммерческий" in err.ru


def test_503_overload_is_not_retried() -> None:
    err, made = fail_once(503, "OVERLOAD_LIMIT")
    assert isinstance(err, OverloadError) and made == 1
    assert "contact Bitrix24 support" in err.en and "техподдержк" in err.ru


def test_404_method_not_found() -> None:
    err, made = fail_once(404, "ERROR_METHOD_NOT_FOUND", method="crm.itme.list")
    assert isinstance(err, MethodNotFoundError) and made == 1
    assert "crm.itme.list" in err.en


def test_server_description_is_kept_but_scrubbed() -> None:
    err, _ = fail_once(400, "INVALID_ARG_VALUE")
    assert isinstance(err, BadRequestError)
    assert "INVALID_ARG_VALUE" in err.en and "desc for ***" in err.en


def test_200_with_error_body_is_an_error() -> None:
    with (
        portal(lambda seen: Reply(200, {"error": "NOT_FOUND", "error_description": "x"})) as s,
        Client(s.url) as client,
        pytest.raises(BadRequestError),
    ):
        client.call("crm.item.list", {"entityTypeId": 99})


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)


@settings(max_examples=200, deadline=None)
@given(
    status=st.none() | st.integers(100, 599),
    payload=JSONISH | st.fixed_dictionaries({"error": JSONISH, "error_description": JSONISH}),
    method=st.none() | st.sampled_from(["crm.item.list", "tasks.task.list", "x"]),
)
def test_from_payload_always_gives_one_line_in_both_languages(
    status: int | None, payload: object, method: str | None
) -> None:
    err = ApiError.from_payload(status, payload, method=method)
    assert isinstance(err, ApiError)
    for text in (err.en, err.ru):
        assert text and "\n" not in text and "\r" not in text
