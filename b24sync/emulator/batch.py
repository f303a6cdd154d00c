"""``batch``: up to 50 commands in one HTTP request (``settings/how-to-call-rest-api/batch.md``).

``cmd`` maps keys (or list positions) to ``"method?php-style-query"``; ``$result[key][path]``
in a value is replaced by that part of an earlier command's ``result`` (left as it is when
the path does not exist, as the portal does). The answer always has HTTP 200 and the PHP
quirk of the portal: each ``result_*`` section is ``[]`` when empty, an object otherwise (a
list when the keys are 0..n-1).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import parse_qsl

from b24sync.emulator.registry import ApiError

MAX_COMMANDS = 50
_KEY = re.compile(r"^([^\[\]]+)((?:\[[^\]]*\])*)$")
_PART = re.compile(r"\[([^\]]*)\]")
_REF = re.compile(r"\$result\[([^\]]+)\]((?:\[[^\]]*\])*)")

# call(method, params) -> (answer body, time block) or raises ApiError
Caller = Callable[[str, dict[str, Any]], tuple[dict[str, Any], dict[str, Any]]]


def parse_php_query(query: str, resolve: Callable[[str], str] | None = None) -> dict[str, Any]:
    """``"filter[>id]=10&select[0]=id"`` -> ``{"filter": {">id": "10"}, "select": ["id"]}``."""
    root: dict[str, Any] = {}
    for key, value in parse_qsl(query, keep_blank_values=True):
        if resolve is not None:
            value = resolve(value)
        match = _KEY.match(key)
        if not match:
            continue
        path = [match.group(1), *_PART.findall(match.group(2))]
        node = root
        for part in path[:-1]:
            if part == "":
                part = str(len(node))
            child = node.get(part)
            if not isinstance(child, dict):
                child = node[part] = {}
            node = child
        last = path[-1] if path[-1] != "" else str(len(node))
        node[last] = value
    out = _listify(root)
    return out if isinstance(out, dict) else {}


def _listify(node: Any) -> Any:
    if not isinstance(node, dict):
        return node
    out = {k: _listify(v) for k, v in node.items()}
    if out and list(out) == [str(i) for i in range(len(out))]:
        return list(out.values())
    return out


def php_array(items: Mapping[str, Any]) -> Any:
    """A PHP array as ``json_encode`` writes it: ``[]`` empty, a list for keys 0..n-1."""
    if not items:
        return []
    if list(items) == [str(i) for i in range(len(items))]:
        return list(items.values())
    return dict(items)


def _dig(results: Mapping[str, Any], key: str, path: str) -> Any:
    if key not in results:
        raise KeyError(key)
    value = results[key]
    for part in _PART.findall(path):
        if isinstance(value, list):
            value = value[int(part)]
        elif isinstance(value, dict):
            value = value[part]
        else:
            raise KeyError(part)
    return value


def _substitute(value: str, results: Mapping[str, Any]) -> str:
    def replace(match: re.Match[str]) -> str:
        try:
            found = _dig(results, match.group(1), match.group(2))
        except (KeyError, IndexError, ValueError):
            return match.group(0)
        if isinstance(found, dict | list):
            return match.group(0)
        if isinstance(found, bool):
            return "Y" if found else "N"
        return "" if found is None else str(found)

    return _REF.sub(replace, value) if "$result" in value else value


def _commands(params: Mapping[str, Any]) -> list[tuple[str, str]]:
    cmd = next((v for k, v in params.items() if str(k).lower() == "cmd"), None)
    if isinstance(cmd, list):
        pairs = [(str(i), c) for i, c in enumerate(cmd)]
    elif isinstance(cmd, Mapping):
        pairs = [(str(k), c) for k, c in cmd.items()]
    else:
        raise ApiError(400, "INVALID_ARG_VALUE", "Parameter 'cmd' must be an object or a list")
    if len(pairs) > MAX_COMMANDS:
        raise ApiError(400, "ERROR_BATCH_LENGTH_EXCEEDED", "Max batch length exceeded")
    return [(k, str(c)) for k, c in pairs]


def _halt(params: Mapping[str, Any]) -> bool:
    raw = next((v for k, v in params.items() if str(k).lower() == "halt"), 0)
    return str(raw).strip().lower() in ("1", "y", "true")


def run_batch(params: Mapping[str, Any], call: Caller) -> dict[str, Any]:
    """Run the commands in order through ``call``; the batch answer body (without ``time``)."""
    results: dict[str, Any] = {}
    errors: dict[str, Any] = {}
    totals: dict[str, Any] = {}
    nexts: dict[str, Any] = {}
    times: dict[str, Any] = {}
    halt = _halt(params)
    for key, command in _commands(params):
        name, _, query = command.partition("?")
        name = name.strip().strip("/").removesuffix(".json")
        try:
            if name.lower() == "batch":
                raise ApiError(405, "ERROR_BATCH_METHOD_NOT_ALLOWED", "Method is not allowed")
            sub = parse_php_query(query, lambda v: _substitute(v, results))
            body, timing = call(name, sub)
        except ApiError as exc:
            errors[key] = {"error": exc.code, "error_description": exc.description}
            if halt:
                break
            continue
        results[key] = body.get("result")
        times[key] = timing
        if "total" in body:
            totals[key] = body["total"]
        if "next" in body:
            nexts[key] = body["next"]
    return {
        "result": {
            "result": php_array(results),
            "result_error": php_array(errors),
            "result_total": php_array(totals),
            "result_next": php_array(nexts),
            "result_time": php_array(times),
        }
    }
