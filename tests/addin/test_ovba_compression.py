"""MS-OVBA compression round trips, checked against oletools' independent decompressor."""

from __future__ import annotations

import os
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from oletools import olevba

from addin.xlam.build import xlwings_dir
from addin.xlam.ovba_compression import CompressionError, compress, decompress


def both(data: bytes) -> tuple[bytes, bytes]:
    container = compress(data)
    return decompress(container), bytes(olevba.decompress_stream(bytearray(container)))


@given(st.binary(max_size=10_000))
@settings(max_examples=60, deadline=None)
def test_round_trip_any_bytes(data: bytes) -> None:
    ours, theirs = both(data)
    assert ours == data
    assert theirs == data


@given(
    st.lists(
        st.sampled_from([b"Dim x ", b"As Long\r\n", b"End Sub", b"\x00", b"zz"]), max_size=3000
    )
)
@settings(max_examples=25, deadline=None)
def test_round_trip_repetitive_text(parts: list[bytes]) -> None:
    data = b"".join(parts)
    ours, theirs = both(data)
    assert ours == theirs == data


@pytest.mark.parametrize("size", [0, 1, 3, 4095, 4096, 4097, 8192, 3641, 46_000, 120_000])
def test_round_trip_sizes_random_and_long(size: int) -> None:
    rnd = random.Random(size)
    data = bytes(rnd.getrandbits(8) for _ in range(size))
    ours, theirs = both(data)
    assert ours == theirs == data


def test_the_xlwings_module_over_45_kb() -> None:
    data = (xlwings_dir() / "xlwings_custom_addin.bas").read_bytes()
    assert len(data) > 45_000
    container = compress(data)
    assert bytes(olevba.decompress_stream(bytearray(container))) == data
    # real compression: VBA text shrinks to well under half
    assert len(container) < len(data) / 2


def test_chunk_headers_are_valid() -> None:
    """Every chunk header carries signature 0b011 and a size that walks to the end exactly."""
    container = compress(os.urandom(5000) + b"A" * 9000)
    pos, chunks = 1, 0
    while pos < len(container):
        header = int.from_bytes(container[pos : pos + 2], "little")
        assert (header >> 12) & 0b111 == 0b011
        size = (header & 0x0FFF) + 3
        if not header & 0x8000:
            assert size == 4098  # a raw chunk always holds 4096 bytes
        pos += size
        chunks += 1
    assert pos == len(container)
    assert chunks == 4  # 14000 bytes = 3 full chunks of 4096 + 1712


def test_a_raw_chunk_is_used_for_incompressible_full_chunks() -> None:
    data = random.Random(1).randbytes(4096)
    container = compress(data)
    assert len(container) == 1 + 2 + 4096
    assert int.from_bytes(container[1:3], "little") & 0x8000 == 0


def test_a_container_built_by_hand() -> None:
    """ "abcabcabc": literals a, b, c then one copy token (offset 3, length 6).

    At position 3 of the chunk the offset takes max(4, bits(3 - 1)) = 4 bits, so the token is
    ((3 - 1) << 12) | (6 - 3) = 0x2003; the flag byte marks token 3: 0b00001000. The chunk is
    2 header + 1 flag + 3 literals + 2 token = 8 bytes: header (8 - 3) | 0x3000 | 0x8000.
    """
    expected = bytes([0x01, 0x05, 0xB0, 0x08, 0x61, 0x62, 0x63, 0x03, 0x20])
    assert compress(b"abcabcabc") == expected
    assert decompress(expected) == b"abcabcabc"
    assert bytes(olevba.decompress_stream(bytearray(expected))) == b"abcabcabc"


def test_bad_containers_are_refused() -> None:
    with pytest.raises(CompressionError):
        decompress(b"\x02abc")
    with pytest.raises(CompressionError):
        decompress(b"\x01\x00\x00")


@given(
    seed=st.integers(0, 2**32 - 1),
    size=st.integers(45_000, 70_000),
    share_random=st.floats(0.0, 1.0),
)
@settings(max_examples=8, deadline=None)
def test_round_trip_long_inputs_over_45_kb(seed: int, size: int, share_random: float) -> None:
    """Long modules (where two PyPI packages garbled their output): random bytes mixed with
    repeated VBA text, in proportions hypothesis chooses."""
    rnd = random.Random(seed)
    text = (xlwings_dir() / "xlwings_custom_addin.bas").read_bytes()
    parts, total = [], 0
    while total < size:
        n = rnd.randint(1, 3000)
        if rnd.random() < share_random:
            piece = rnd.randbytes(n)
        else:
            start = rnd.randrange(len(text) - n)
            piece = text[start : start + n]
        parts.append(piece)
        total += n
    data = b"".join(parts)[:size]
    ours, theirs = both(data)
    assert ours == data
    assert theirs == data
