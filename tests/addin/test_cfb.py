"""The compound-file writer, read back by olefile (an independent reader)."""

from __future__ import annotations

import io
import random

import olefile
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from addin.xlam.cfb import MINI_CUTOFF, SECTOR, CfbError, sort_key, write_cfb


def read_back(data: bytes) -> dict[str, bytes]:
    ole = olefile.OleFileIO(io.BytesIO(data))
    return {"/".join(p): ole.openstream(p).read() for p in ole.listdir(streams=True)}


def test_mini_and_regular_streams_round_trip() -> None:
    rnd = random.Random(7)
    streams = {
        "PROJECT": b"ID=x\r\n" * 10,  # mini stream
        "PROJECTwm": b"",  # empty
        "VBA/_VBA_PROJECT": bytes.fromhex("CC61FFFF000000"),
        "VBA/dir": rnd.randbytes(MINI_CUTOFF - 1),  # the largest mini stream
        "VBA/xlwings": rnd.randbytes(MINI_CUTOFF),  # the smallest regular stream
        "VBA/big": rnd.randbytes(60_000),
    }
    data = write_cfb(streams)
    assert len(data) % SECTOR == 0
    assert read_back(data) == streams
    ole = olefile.OleFileIO(io.BytesIO(data))
    assert ole.get_type("VBA") == olefile.STGTY_STORAGE
    assert ole.get_size("VBA/big") == 60_000


def test_many_entries_and_nested_storages() -> None:
    rnd = random.Random(3)
    streams = {f"S{i % 7}/T{i % 3}/stream{i}": rnd.randbytes(i * 53) for i in range(150)}
    assert read_back(write_cfb(streams)) == streams


names = st.text(
    alphabet=st.characters(min_codepoint=48, max_codepoint=0x44F, blacklist_characters="/\\:!"),
    min_size=1,
    max_size=31,
)


@given(st.dictionaries(names, st.binary(max_size=9000), min_size=1, max_size=25))
@settings(max_examples=30, deadline=None)
def test_any_flat_set_of_streams(streams: dict[str, bytes]) -> None:
    upper = {k.upper() for k in streams}
    if len(upper) != len(streams):  # names are case-insensitive in a compound file
        return
    assert read_back(write_cfb(streams)) == streams


def test_same_streams_same_bytes() -> None:
    streams = {"b": b"2" * 5000, "a": b"1"}
    assert write_cfb(streams) == write_cfb(dict(reversed(list(streams.items()))))


def test_sibling_order_is_length_then_uppercase() -> None:
    # MS-CFB 2.6.4: shorter names sort first; equal lengths compare upper-cased
    names = ["dir", "xlwings", "_VBA_PROJECT", "ABC", "abd", "Sheet2"]
    ordered = sorted(names, key=sort_key)
    assert ordered == ["ABC", "abd", "dir", "Sheet2", "xlwings", "_VBA_PROJECT"]


def test_header_fields() -> None:
    data = write_cfb({"a": b"x" * 10})
    assert data[:8] == bytes.fromhex("D0CF11E0A1B11AE1")
    assert int.from_bytes(data[0x1A:0x1C], "little") == 3  # major version 3
    assert int.from_bytes(data[0x1E:0x20], "little") == 9  # 512-byte sectors
    assert int.from_bytes(data[0x38:0x3C], "little") == MINI_CUTOFF


def test_bad_names_are_refused() -> None:
    with pytest.raises(CfbError):
        write_cfb({"x" * 32: b""})
    with pytest.raises(CfbError):
        write_cfb({"a": b"1", "a/b": b"2"})
