"""Batch command building (PHP query strings) and answer normalisation."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from b24sync.batch import (
    BatchResult,
    build_cmd,
    build_command,
    normalise_section,
    parse_batch,
    php_query,
    result_ref,
)
from b24sync.errors import (
    ApiError,
    BrokenResponseError,
    OperationTimeLimitError,
    ScopeError,
)


def decode(query: str) -> dict[str, Any]:
    """An independent PHP ``parse_str``: ``a[b][0]=x`` -> {"a": {"b": {"0": "x"}}}."""
    out: dict[str, Any] = {}
    for name, value in parse_qsl(query, keep_blank_values=True, strict_parsing=True):
        head, rest = name.split("[", 1) if "[" in name else (name, "")
        parts = [head, *re.findall(r"([^\[\]]*)\]", rest)]
        node = out
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return out


def as_php(value: Any) -> Any:
    """What PHP sees: lists become index-keyed maps, scalars strings, bools Y/N."""
    if isinstance(value, dict):
        return {str(k): as_php(v) for k, v in value.items()}
    if isinstance(value, list):
        return {str(i): as_php(v) for i, v in enumerate(value)}
    if isinstance(value, bool):
        return "Y" if value else "N"
    return "" if value is None else str(value)


def test_php_query_matches_the_documented_form() -> None:
    query = php_query({"filter": {">id": 10}, "select": ["id", "title"], "start": -1})
    assert query == "filter%5B%3Eid%5D=10&select%5B0%5D=id&select%5B1%5D=title&start=-1"


def test_booleans_none_and_empties() -> None:
    assert decode(php_query({"a": True, "b": False, "c": None})) == {"a": "Y", "b": "N", "c": ""}
    assert php_query({"select": [], "filter": {}}) == ""


def test_cyrillic_and_reserved_characters_survive() -> None:
    params = {"filter": {"=ufCrm_1700000002": "Сочи & Адлер=1"}, "order": {"id": "ASC"}}
    assert decode(php_query(params)) == as_php(params)


KEYS = st.text(
    alphabet=st.characters(blacklist_characters="[]", blacklist_categories=("Cs", "Cc")),
    min_size=1,
    max_size=8,
)
SCALARS = st.one_of(
    st.integers(-(10**9), 10**9),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12),
    st.booleans(),
    st.none(),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=4),
        st.dictionaries(KEYS, inner, min_size=1, max_size=4),
    ),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(KEYS, VALUES, min_size=1, max_size=5))
def test_php_query_round_trips_through_parse_qsl(params: dict[str, Any]) -> None:
    assert decode(php_query(params)) == as_php(params)


def test_build_command_and_references() -> None:
    ref = result_ref("p0", "items", 49, "id")
    assert ref == "$result[p0][items][49][id]"
    cmd = build_command("crm.item.list", {"entityTypeId": 2, "filter": {">id": ref}})
    method, query = cmd.split("?", 1)
    assert method == "crm.item.list"
    assert decode(query) == {"entityTypeId": "2", "filter": {">id": "$result[p0][items][49][id]"}}
    assert build_command("server.time") == "server.time"


def test_build_cmd_limits_and_keys() -> None:
    assert build_cmd({"a": ("user.get", {"ID": 1}), "b": "server.time"}) == {
        "a": "user.get?ID=1",
        "b": "server.time",
    }
    with pytest.raises(ValueError, match=r"1\.\.50"):
        build_cmd({f"c{i}": ("server.time", None) for i in range(51)})
    with pytest.raises(ValueError, match=r"1\.\.50"):
        build_cmd({})
    with pytest.raises(ValueError, match="key"):
        build_cmd({"a[0]": ("server.time", None)})


def test_normalise_section_handles_the_php_quirks() -> None:
    assert normalise_section([], ["a"]) == {}
    assert normalise_section(None, ["a"]) == {}
    assert normalise_section({"a": 1}, ["a"]) == {"a": 1}
    assert normalise_section(["x", "y"], ["0", "1"]) == {"0": "x", "1": "y"}
    with pytest.raises(BrokenResponseError):
        normalise_section(["x"], ["named"])


DOC_OK = {  # the documented example (API doc §5), trimmed
    "result": {
        "result": {
            "get_user": {"ID": "1", "NAME": "John", "UF_DEPARTMENT": [1]},
            "get_department": [{"ID": "1", "NAME": "DEMO", "SORT": 500}],
        },
        "result_error": [],
        "result_total": {"get_department": 1},
        "result_next": [],
        "result_time": {"get_user": {"duration": 0.0032}},
    },
    "time": {"duration": 0.0501},
}
DOC_ERR = {
    "result": {
        "result": [],
        "result_error": {
            "get_user": {"error": "insufficient_scope", "error_description": ""},
            "get_department": {"error": "insufficient_scope", "error_description": ""},
        },
        "result_total": [],
        "result_next": [],
        "result_time": [],
    },
    "time": {"duration": 0.01},
}
COMMANDS = {
    "get_user": ("user.current", None),
    "get_department": ("department.get", {"ID": "$result[get_user][UF_DEPARTMENT][0]"}),
}


def test_parse_documented_success() -> None:
    result = parse_batch(DOC_OK, COMMANDS)
    assert result["get_user"]["NAME"] == "John"
    assert result.total == {"get_department": 1}
    assert result.next == {} and result.errors == {}
    assert result.batch_time == {"duration": 0.0501}
    result.raise_for_errors()


def test_parse_documented_errors() -> None:
    result = parse_batch(DOC_ERR, COMMANDS)
    assert result.result == {} and result.total == {} and result.time == {}
    assert set(result.errors) == {"get_user", "get_department"}
    err = result.errors["get_department"]
    assert isinstance(err, ScopeError)
    assert (err.command, err.method, err.scope) == (
        "get_department",
        "department.get",
        "department",
    )
    assert "'department'" in err.en and "«department»" in err.ru
    with pytest.raises(ScopeError) as info:
        result.raise_for_errors(list(COMMANDS))
    assert info.value.command == "get_user"
    with pytest.raises(ScopeError):
        result["get_department"]


def test_numeric_keys_list_result_and_retryable_command_error() -> None:
    payload = {
        "result": {
            "result": [{"items": []}],
            "result_error": {"1": {"error": "OPERATION_TIME_LIMIT", "error_description": "x"}},
        },
    }
    result = parse_batch(payload, {"0": ("crm.item.list", {}), "1": ("crm.item.list", {})})
    assert result.result == {"0": {"items": []}}
    assert isinstance(result.errors["1"], OperationTimeLimitError)
    assert result.errors["1"].retryable


def test_empty_batch_answer_is_empty_and_broken_one_is_reported() -> None:
    assert parse_batch({"result": []}, COMMANDS) == BatchResult(result={})
    with pytest.raises(BrokenResponseError):
        parse_batch({"result": "nope"}, COMMANDS)


def test_string_error_entry_is_classified() -> None:
    result = parse_batch({"result": {"result_error": {"a": "NO_AUTH_FOUND"}}}, {"a": "x.list"})
    assert isinstance(result.errors["a"], ApiError)
    assert result.errors["a"].code == "NO_AUTH_FOUND"
