"""MS-OVBA 2.4.1 compression: the container format of VBA module source and the ``dir`` stream.

A *CompressedContainer* is the signature byte ``0x01`` followed by chunks; each chunk holds
up to 4096 bytes of the decompressed data. A chunk starts with a 2-byte little-endian header:
bits 0-11 = chunk size - 3, bits 12-14 = ``0b011``, bit 15 = 1 when the chunk is compressed.
A compressed chunk is a run of token sequences: one flag byte (bit *i*, least significant
first, set when token *i* is a copy token) then up to eight tokens, each a literal byte or a
2-byte copy token ``(offset - 1) << (16 - bits) | (length - 3)``, where ``bits`` depends on
how far into the chunk the token sits (at least 4, enough to address the start of the chunk).
A raw chunk (flag 0) carries exactly 4096 literal bytes.

:func:`compress` finds back-references greedily (a small hash chain over 3-byte prefixes) and
falls back to a raw chunk when a full 4096-byte chunk does not shrink. A final, partial chunk
cannot be stored raw (it would be padded to 4096 bytes), so if it does not fit compressed it
is split in two halves, each of which always fits (only incompressible data gets there).
"""

from __future__ import annotations

CHUNK = 4096
MAX_CHUNK_DATA = 4096  # compressed chunk data limit (chunk size - 2)
_SIGNATURE = 0x01
_HEADER_SIG = 0b011 << 12
_MAX_CANDIDATES = 24


class CompressionError(ValueError):
    """The bytes are not a valid MS-OVBA compressed container."""


def _copy_token_help(position_in_chunk: int) -> tuple[int, int]:
    """(bit count of the offset, maximum match length) at this decompressed position."""
    bit_count = max(4, (position_in_chunk - 1).bit_length())
    return bit_count, (0xFFFF >> bit_count) + 3


def _longest_match(chunk: bytes, pos: int, heads: dict[bytes, list[int]]) -> tuple[int, int]:
    """Best (offset, length) for ``chunk[pos:]`` among earlier positions with the same prefix."""
    if pos + 3 > len(chunk):
        return 0, 0
    _, max_len = _copy_token_help(pos)
    limit = min(max_len, len(chunk) - pos)
    best_len, best_off = 0, 0
    for start in reversed(heads.get(chunk[pos : pos + 3], ())[-_MAX_CANDIDATES:]):
        length = 0
        while length < limit and chunk[start + length] == chunk[pos + length]:
            length += 1
        if length > best_len:
            best_len, best_off = length, pos - start
            if length == limit:
                break
    return (best_off, best_len) if best_len >= 3 else (0, 0)


def _remember(chunk: bytes, start: int, stop: int, heads: dict[bytes, list[int]]) -> None:
    for i in range(start, min(stop, len(chunk) - 2)):
        heads.setdefault(chunk[i : i + 3], []).append(i)


def _compress_tokens(chunk: bytes) -> bytes:
    """The token sequences of one compressed chunk (without its header)."""
    out = bytearray()
    heads: dict[bytes, list[int]] = {}
    pos = 0
    while pos < len(chunk):
        flag_at = len(out)
        out.append(0)
        flags = 0
        for bit in range(8):
            if pos >= len(chunk):
                break
            offset, length = _longest_match(chunk, pos, heads)
            if length:
                bit_count, _ = _copy_token_help(pos)
                token = ((offset - 1) << (16 - bit_count)) | (length - 3)
                out += token.to_bytes(2, "little")
                flags |= 1 << bit
            else:
                out.append(chunk[pos])
                length = 1
            _remember(chunk, pos, pos + length, heads)
            pos += length
        out[flag_at] = flags
    return bytes(out)


def _chunk(data: bytes, compressed: bool) -> bytes:
    size = len(data) + 2
    header = (size - 3) | _HEADER_SIG | (0x8000 if compressed else 0)
    return header.to_bytes(2, "little") + data


def _compress_piece(piece: bytes) -> list[bytes]:
    """One or more chunks encoding ``piece`` (at most 4096 bytes)."""
    tokens = _compress_tokens(piece)
    if len(tokens) <= MAX_CHUNK_DATA:
        return [_chunk(tokens, True)]
    if len(piece) == CHUNK:
        return [_chunk(piece, False)]
    half = len(piece) // 2
    return _compress_piece(piece[:half]) + _compress_piece(piece[half:])


def compress(data: bytes) -> bytes:
    """Compress ``data`` into an MS-OVBA CompressedContainer."""
    out = [bytes([_SIGNATURE])]
    for start in range(0, len(data), CHUNK):
        out += _compress_piece(data[start : start + CHUNK])
    return b"".join(out)


def _decompress_chunk(body: bytes, out: bytearray) -> None:
    chunk_start = len(out)
    i = 0
    while i < len(body):
        flags = body[i]
        i += 1
        for bit in range(8):
            if i >= len(body):
                break
            if not flags & (1 << bit):
                out.append(body[i])
                i += 1
                continue
            if i + 2 > len(body):
                raise CompressionError("truncated copy token")
            token = int.from_bytes(body[i : i + 2], "little")
            i += 2
            bit_count, _ = _copy_token_help(len(out) - chunk_start)
            length = (token & (0xFFFF >> bit_count)) + 3
            offset = (token >> (16 - bit_count)) + 1
            src = len(out) - offset
            if src < chunk_start:
                raise CompressionError("copy token points before its chunk")
            for k in range(length):
                out.append(out[src + k])


def decompress(container: bytes) -> bytes:
    """Decompress an MS-OVBA CompressedContainer (raises :class:`CompressionError`)."""
    if not container or container[0] != _SIGNATURE:
        raise CompressionError("not a compressed container (signature byte is not 0x01)")
    out = bytearray()
    pos = 1
    while pos < len(container):
        if pos + 2 > len(container):
            raise CompressionError("truncated chunk header")
        header = int.from_bytes(container[pos : pos + 2], "little")
        if header & 0x7000 != _HEADER_SIG:
            raise CompressionError(f"bad chunk signature at byte {pos}")
        size = (header & 0x0FFF) + 3
        body = container[pos + 2 : pos + size]
        if header & 0x8000:
            _decompress_chunk(body, out)
        else:
            out += container[pos + 2 : pos + 2 + CHUNK]
            size = 2 + CHUNK
        pos += size
    return bytes(out)
