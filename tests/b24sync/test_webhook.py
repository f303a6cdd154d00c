"""Inbound webhook URLs: parsing, validation, redaction, moving to a new host."""

from __future__ import annotations

import pytest

from b24sync.errors import B24Error, WebhookError
from b24sync.webhook import Webhook, parse_webhook

CODE = "k9x2m4p7q1w8e5r3"


def test_parses_the_three_parts() -> None:
    hook = parse_webhook(f"https://Example.Bitrix24.ru/rest/12/{CODE}/")
    assert hook.origin == "https://example.bitrix24.ru"
    assert hook.user_id == 12
    assert hook.code == CODE
    assert hook.base_url == f"https://example.bitrix24.ru/rest/12/{CODE}/"
    assert hook.method_url("crm.item.list") == (
        f"https://example.bitrix24.ru/rest/12/{CODE}/crm.item.list.json"
    )


@pytest.mark.parametrize(
    "url",
    [
        f"https://example.bitrix24.ru/rest/1/{CODE}",  # no trailing slash
        f"  https://example.bitrix24.ru/rest/1/{CODE}/  ",  # pasted with blanks
        f"https://example.bitrix24.ru/rest/1/{CODE}/profile.json",  # copied with a method
        f"https://example.bitrix24.ru:443/rest/1/{CODE}/",
    ],
)
def test_accepts_common_copies(url: str) -> None:
    hook = parse_webhook(url)
    assert (hook.user_id, hook.code) == (1, CODE)
    assert hook.host == "example.bitrix24.ru"


def test_http_only_for_loopback() -> None:
    hook = parse_webhook(f"http://127.0.0.1:8123/rest/1/{CODE}/")
    assert hook.origin == "http://127.0.0.1:8123"
    with pytest.raises(WebhookError, match="https://"):
        parse_webhook(f"http://example.bitrix24.ru/rest/1/{CODE}/")


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("", "empty"),
        (f"ftp://example.bitrix24.ru/rest/1/{CODE}/", "https://"),
        (f"https:///rest/1/{CODE}/", "portal address"),
        (f"https://example.bitrix24.ru/api/1/{CODE}/", "/rest/USER_ID/CODE/"),
        ("https://example.bitrix24.ru/rest/1/", "/rest/USER_ID/CODE/"),
        (f"https://example.bitrix24.ru/rest/admin/{CODE}/", "USER_ID must be a number"),
        ("https://example.bitrix24.ru/rest/1/a%20b/", "CODE must be letters"),
        (f"https://example.bitrix24.ru/rest/1/{CODE}/?x=1", "no ? or #"),
        (f"https://user:pw@example.bitrix24.ru/rest/1/{CODE}/", "user name"),
        (f"https://example.bitrix24.ru:99999/rest/1/{CODE}/", "cannot be parsed"),
    ],
)
def test_malformed_url_gives_one_line_without_the_code(url: str, fragment: str) -> None:
    with pytest.raises(WebhookError) as info:
        parse_webhook(url)
    err = info.value
    assert isinstance(err, B24Error)
    assert fragment in err.en
    for text in (err.en, err.ru):
        assert "\n" not in text
        assert CODE not in text
    assert "вебхук" in err.ru


def test_repr_and_str_hide_the_code() -> None:
    hook = parse_webhook(f"https://example.bitrix24.ru/rest/1/{CODE}/")
    for text in (repr(hook), str(hook), f"{hook}", repr([hook])):
        assert CODE not in text
    assert str(hook) == "https://example.bitrix24.ru/rest/1/***/"
    assert CODE in hook.secrets()


def test_moved_to_keeps_the_credentials_and_changes_the_host() -> None:
    hook = parse_webhook(f"https://old.bitrix24.ru/rest/7/{CODE}/")
    moved = hook.moved_to(f"https://new.bitrix24.ru/rest/7/{CODE}/crm.item.list.json")
    assert moved == Webhook("https://new.bitrix24.ru", 7, CODE)
    assert hook.moved_to("/rest/7/x/") is hook  # a relative Location: same portal


def test_moved_to_refuses_a_downgrade_to_plain_http() -> None:
    hook = parse_webhook(f"https://old.bitrix24.ru/rest/7/{CODE}/")
    with pytest.raises(WebhookError, match="https://"):
        hook.moved_to("http://evil.example.com/rest/7/")
