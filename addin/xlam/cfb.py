"""A small MS-CFB (compound file) version 3 writer, enough for ``xl/vbaProject.bin``.

Layout written (512-byte sectors): the header, then the FAT sectors, the directory sectors,
the mini FAT sectors, the mini stream (streams under 4096 bytes, in 64-byte mini sectors) and
the regular streams, each a contiguous chain. The directory is a binary search tree per
storage, every node black (MS-CFB 2.6.4 allows this), siblings ordered by name length, then
by the upper-cased names compared code point by code point. Timestamps and CLSIDs are zero,
so the same streams always give the same bytes. Read it back with olefile.
"""

from __future__ import annotations

import struct
from collections.abc import Mapping
from dataclasses import dataclass, field

SECTOR = 512
MINI_SECTOR = 64
MINI_CUTOFF = 4096
FREESECT = 0xFFFFFFFF
ENDOFCHAIN = 0xFFFFFFFE
FATSECT = 0xFFFFFFFD
NOSTREAM = 0xFFFFFFFF
_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_PER_SECTOR = SECTOR // 4
_MAX_FAT_SECTORS = 109  # the header's DIFAT array; no DIFAT sectors are written


class CfbError(ValueError):
    """The streams cannot be stored in a compound file (bad name, too large)."""


@dataclass
class _Entry:
    name: str
    kind: int  # 1 storage, 2 stream, 5 root
    data: bytes = b""
    children: dict[str, _Entry] = field(default_factory=dict)
    sid: int = 0
    left: int = NOSTREAM
    right: int = NOSTREAM
    child: int = NOSTREAM
    start: int = ENDOFCHAIN


def sort_key(name: str) -> tuple[int, list[int]]:
    """MS-CFB sibling order: shorter names first, then upper-cased code points."""
    return len(name.encode("utf-16-le")) // 2, [ord(c) for c in name.upper()]


def _tree(paths: Mapping[str, bytes]) -> _Entry:
    root = _Entry("Root Entry", 5)
    for path, data in paths.items():
        parts = path.split("/")
        node = root
        for part in parts[:-1]:
            node = node.children.setdefault(part, _Entry(part, 1))
            if node.kind != 1:
                raise CfbError(f"{path}: {part} is a stream, not a storage")
        if not parts[-1] or len(parts[-1]) > 31 or any(c in parts[-1] for c in "/\\:!"):
            raise CfbError(f"invalid stream name {path!r}")
        if parts[-1] in node.children:
            raise CfbError(f"{path}: a storage of that name already exists")
        node.children[parts[-1]] = _Entry(parts[-1], 2, bytes(data))
    return root


def _flatten(root: _Entry) -> list[_Entry]:
    """Entries in directory order (root first) with ids and tree links assigned."""
    entries = [root]

    def number(node: _Entry) -> None:
        for child in sorted(node.children.values(), key=lambda e: sort_key(e.name)):
            child.sid = len(entries)
            entries.append(child)
        for child in node.children.values():
            number(child)

    def balance(siblings: list[_Entry]) -> int:
        if not siblings:
            return NOSTREAM
        mid = len(siblings) // 2
        node = siblings[mid]
        node.left = balance(siblings[:mid])
        node.right = balance(siblings[mid + 1 :])
        return node.sid

    number(root)
    for node in entries:
        node.child = balance(sorted(node.children.values(), key=lambda e: sort_key(e.name)))
    return entries


def _dir_entry(entry: _Entry | None, size: int = 0) -> bytes:
    if entry is None:
        return (
            b"\0" * 64
            + struct.pack("<HBBIII", 0, 0, 0, NOSTREAM, NOSTREAM, NOSTREAM)
            + (b"\0" * 48)
        )
    name = entry.name.encode("utf-16-le") + b"\0\0"
    return (
        name.ljust(64, b"\0")
        + struct.pack("<HBBIII", len(name), entry.kind, 1, entry.left, entry.right, entry.child)
        + b"\0" * 16  # CLSID
        + struct.pack("<IQQIQ", 0, 0, 0, entry.start, size)
    )


def _pad(data: bytes, unit: int) -> bytes:
    return data + b"\0" * (-len(data) % unit)


def _chain(fat: list[int], start: int, count: int) -> None:
    for i in range(count):
        fat[start + i] = start + i + 1 if i < count - 1 else ENDOFCHAIN


def write_cfb(streams: Mapping[str, bytes]) -> bytes:
    """A compound file holding ``streams`` (``"VBA/dir"`` style paths; storages implied)."""
    entries = _flatten(_tree(streams))
    small = [e for e in entries if e.kind == 2 and 0 < len(e.data) < MINI_CUTOFF]
    large = [e for e in entries if e.kind == 2 and len(e.data) >= MINI_CUTOFF]

    mini_fat: list[int] = []
    mini_stream = bytearray()
    for e in small:
        e.start = len(mini_fat)
        n = -(-len(e.data) // MINI_SECTOR)
        mini_fat += [e.start + i + 1 for i in range(n - 1)] + [ENDOFCHAIN]
        mini_stream += _pad(e.data, MINI_SECTOR)

    dir_sectors = -(-len(entries) // (SECTOR // 128))
    minifat_sectors = -(-len(mini_fat) // _PER_SECTOR)
    ministream_sectors = -(-len(mini_stream) // SECTOR)
    data_sectors = sum(-(-len(e.data) // SECTOR) for e in large)
    others = dir_sectors + minifat_sectors + ministream_sectors + data_sectors
    fat_sectors = 1
    while fat_sectors * _PER_SECTOR < fat_sectors + others:
        fat_sectors += 1
    if fat_sectors > _MAX_FAT_SECTORS:
        raise CfbError("the VBA project is too large for this writer (about 6.8 MB)")

    fat = [FREESECT] * (fat_sectors * _PER_SECTOR)
    fat[:fat_sectors] = [FATSECT] * fat_sectors
    next_sector = fat_sectors

    def place(count: int) -> int:
        nonlocal next_sector
        start = next_sector if count else ENDOFCHAIN
        _chain(fat, next_sector, count)
        next_sector += count
        return start

    dir_start = place(dir_sectors)
    minifat_start = place(minifat_sectors)
    entries[0].start = place(ministream_sectors)
    for e in large:
        e.start = place(-(-len(e.data) // SECTOR))

    header = _header(fat_sectors, dir_start, minifat_start, minifat_sectors)
    sizes = {id(e): len(e.data) for e in entries}
    sizes[id(entries[0])] = len(mini_stream)
    directory = b"".join(_dir_entry(e, sizes[id(e)]) for e in entries)
    directory += _dir_entry(None) * (dir_sectors * 4 - len(entries))
    parts = [
        header,
        b"".join(struct.pack("<I", v) for v in fat),
        directory,
        _pad(b"".join(struct.pack("<I", v) for v in mini_fat), SECTOR) if mini_fat else b"",
        _pad(bytes(mini_stream), SECTOR),
        *(_pad(e.data, SECTOR) for e in large),
    ]
    return b"".join(parts)


def _header(fat_sectors: int, dir_start: int, minifat_start: int, minifat_sectors: int) -> bytes:
    difat = list(range(fat_sectors)) + [FREESECT] * (_MAX_FAT_SECTORS - fat_sectors)
    head = (
        _MAGIC
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack(
            "<IIIIIIIII",
            0,  # directory sectors (always 0 in version 3)
            fat_sectors,
            dir_start,
            0,  # transaction signature
            MINI_CUTOFF,
            minifat_start,
            minifat_sectors,
            ENDOFCHAIN,  # first DIFAT sector: none
            0,
        )
        + b"".join(struct.pack("<I", v) for v in difat)
    )
    assert len(head) == SECTOR
    return head
