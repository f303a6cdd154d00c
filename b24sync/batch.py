"""The ``batch`` method: building up to 50 commands and reading their answers.

Request (JSON body)::

    {"halt": 0, "cmd": {"u": "user.current",
                        "d": "department.get?ID=$result[u][UF_DEPARTMENT][0]"}}

Each command is ``method?query`` with a PHP ``http_build_query`` style query string
(``filter[>id]=10&select[0]=id``); ``$result[cmd][path...]`` refers to an earlier command's
result. Answer (always HTTP 200)::

    {"result": {"result": {"u": {...}, "d": [...]}, "result_error": [],
                "result_total": {"d": 1}, "result_next": [], "result_time": {"u": {...}}},
     "time": {...}}

Every ``result_*`` section is a JSON array ``[]`` when empty and an object when filled (PHP
arrays); with numeric command keys a filled section may also be a list. :func:`parse_batch`
turns all of them into dicts keyed by command name, and per-command errors into
:class:`~b24sync.errors.ApiError` instances.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from b24sync.errors import ApiError, BrokenResponseError

MAX_COMMANDS = 50

Command = tuple[str, Mapping[str, Any] | None] | str


def _flatten(value: Any, prefix: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, Mapping):
        for key, item in value.items():
            yield from _flatten(item, f"{prefix}[{key}]" if prefix else str(key))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _flatten(item, f"{prefix}[{index}]")
    elif isinstance(value, bool):
        yield prefix, "Y" if value else "N"
    elif value is None:
        yield prefix, ""
    else:
        yield prefix, str(value)


def php_query(params: Mapping[str, Any]) -> str:
    """A PHP ``http_build_query`` string: ``{"filter": {">id": 5}}`` -> ``filter%5B%3Eid%5D=5``.

    Booleans become ``Y``/``N``, ``None`` an empty value; empty lists and dicts vanish (as in
    PHP). ``$result[...]`` references are percent-encoded too; Bitrix24 decodes them first.
    """
    return urlencode(list(_flatten(params, "")))


def build_command(method: str, params: Mapping[str, Any] | None = None) -> str:
    """``method?query`` for one batch command (just ``method`` without parameters)."""
    query = php_query(params or {})
    return f"{method}?{query}" if query else method


def result_ref(command: str, *path: str | int) -> str:
    """A reference to an earlier command's result: ``$result[cmd0][items][49][id]``."""
    return f"$result[{command}]" + "".join(f"[{part}]" for part in path)


def check_key(key: str) -> str:
    """A command key usable in ``$result[key]``: non-empty, no brackets, ``&`` or ``=``."""
    if not key or any(ch in key for ch in "[]&=?$ "):
        raise ValueError(f"unusable batch command key {key!r}")
    return key


def build_cmd(commands: Mapping[str, Command]) -> dict[str, str]:
    """The ``cmd`` object of a batch request; at most 50 commands."""
    if not 1 <= len(commands) <= MAX_COMMANDS:
        raise ValueError(f"a batch takes 1..{MAX_COMMANDS} commands, got {len(commands)}")
    cmd: dict[str, str] = {}
    for key, command in commands.items():
        if isinstance(command, str):
            cmd[check_key(key)] = command
        else:
            method, params = command
            cmd[check_key(key)] = build_command(method, params)
    return cmd


def command_method(command: Command) -> str:
    """The method a command calls."""
    return command.split("?", 1)[0] if isinstance(command, str) else command[0]


def normalise_section(section: Any, keys: Sequence[str]) -> dict[str, Any]:
    """A ``result_*`` section as a dict: ``[]`` -> ``{}``, a list -> ``{key: item}``.

    A PHP array with keys 0..n-1 arrives as a JSON list; position ``i`` is command key ``i``.
    """
    if section is None:
        return {}
    if isinstance(section, Mapping):
        return {str(key): value for key, value in section.items()}
    if isinstance(section, list):
        numeric = all(key.isdigit() for key in keys)
        if section and not numeric:
            raise BrokenResponseError("batch result is a list for named commands")
        return {str(index): value for index, value in enumerate(section)}
    raise BrokenResponseError("batch result section is not an object")


@dataclass
class BatchResult:
    """One batch answer, normalised; ``result[key]`` is the ``result`` field of that call."""

    result: dict[str, Any]
    errors: dict[str, ApiError] = field(default_factory=dict)
    total: dict[str, Any] = field(default_factory=dict)
    next: dict[str, Any] = field(default_factory=dict)
    time: dict[str, Any] = field(default_factory=dict)
    batch_time: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Any:
        """The result of one command; raises that command's error if it failed."""
        if key in self.errors:
            raise self.errors[key]
        return self.result[key]

    def raise_for_errors(self, order: Sequence[str] | None = None) -> None:
        """Raise the first per-command error (in ``order``, default: as answered)."""
        for key in order or list(self.errors):
            if key in self.errors:
                raise self.errors[key]


def parse_batch(payload: Mapping[str, Any], commands: Mapping[str, Command]) -> BatchResult:
    """A :class:`BatchResult` from a batch answer (see the module docstring for the shape)."""
    body = payload.get("result")
    if isinstance(body, list) and not body:
        body = {}
    if not isinstance(body, Mapping):
        raise BrokenResponseError("batch answer has no result object")
    keys = list(commands)
    sections = {
        name: normalise_section(body.get(name), keys)
        for name in ("result", "result_error", "result_total", "result_next", "result_time")
    }
    errors = {
        key: ApiError.from_payload(
            None,
            error,
            method=command_method(commands[key]) if key in commands else None,
            command=key,
        )
        for key, error in sections["result_error"].items()
    }
    time_block = payload.get("time")
    return BatchResult(
        result=sections["result"],
        errors=errors,
        total=sections["result_total"],
        next=sections["result_next"],
        time=sections["result_time"],
        batch_time=dict(time_block) if isinstance(time_block, Mapping) else {},
    )
