"""The function wizard help module: ASCII VBA whose hex texts decode to the Python help."""

from __future__ import annotations

import inspect
import re

import pytest

from addin import udfs
from addin.xlam.udf_help import LIMIT, generate, help_source, one_line, with_workbook_open


def blocks(source: str) -> dict[str, tuple[str, list[str]]]:
    """Per function: (description, argument descriptions), decoded independently of ``U``."""
    out: dict[str, tuple[str, list[str]]] = {}
    texts: dict[str, str] = {}
    for line in source.splitlines():
        assign = re.match(r'\s+(d|a\d) = (?:\1 & )?U\("([0-9A-F]*)"\)$', line)
        if assign:
            var, codes = assign.groups()
            piece = bytes.fromhex(codes).decode("utf-16-be")
            texts[var] = (texts.get(var, "") if " & U(" in line else "") + piece
            continue
        call = re.search(r"'!(B24_\w+)\", Description:=d, .*Array\(([a0-9, ]*)\)", line)
        if call:
            names = [n.strip() for n in call.group(2).split(",") if n.strip()]
            out[call.group(1)] = (texts["d"], [texts[n] for n in names])
    return out


def test_every_function_gets_its_docstring_and_argument_help() -> None:
    source = help_source()
    assert source.isascii()
    found = blocks(source)
    assert set(found) == {f.__name__ for f in udfs.FUNCTIONS}
    for func in udfs.FUNCTIONS:
        description, args = found[func.__name__]
        assert description == one_line(func.__doc__ or "")
        assert description.startswith(" ".join((func.__doc__ or "").split())[:40])
        params = list(inspect.signature(func).parameters)
        assert len(args) == len(params)
        for name, text in zip(params, args, strict=True):
            wanted = udfs.ARG_HELP.get(f"{func.__name__}.{name}", udfs.ARG_HELP.get(name))
            assert text == one_line(wanted or "")
    assert found["B24_WON"][1][2].startswith('"count"')  # the per-function override
    assert found["B24_PLAN"][1][2].startswith('"revenue"')


def test_texts_are_cut_to_excels_limit() -> None:
    assert one_line("a  b\n c") == "a b c"
    long = "слово " * 100
    cut = one_line(long)
    assert LIMIT - 4 <= len(cut) <= LIMIT and cut.endswith("...")


def test_lines_stay_within_vba_limits() -> None:
    assert max(len(line) for line in help_source().splitlines()) < 1023


def test_missing_argument_help_is_refused() -> None:
    def B24_X(nobody_documented_me):
        """Doc."""

    with pytest.raises(ValueError, match="nobody_documented_me"):
        generate([B24_X], {})


def test_workbook_open_is_added_once() -> None:
    base = 'Attribute VB_Name = "ThisWorkbook"\r\nAttribute VB_Exposed = True\r\n'
    text = with_workbook_open(base)
    assert text.endswith("Private Sub Workbook_Open()\r\n    RegisterHelp\r\nEnd Sub\r\n")
    with pytest.raises(ValueError):
        with_workbook_open(text)
