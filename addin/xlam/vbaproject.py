"""The VBA project inside ``xl/vbaProject.bin`` (MS-OVBA), read from a template and rewritten.

Reading: olefile opens the compound file; the ``VBA/dir`` stream (compressed) is a sequence
of records ``id (u16), size (u32), data`` (MS-OVBA 2.3.4.2; only PROJECTVERSION, id 0x0009,
carries 2 bytes more than its size says). Everything before PROJECTMODULES (information and
references) is carried over as is; each module's source is decompressed from its stream at
the module's text offset.

Writing: every module is stored at text offset 0 with no performance cache, ``_VBA_PROJECT``
is the 7 bytes a writer must produce (version 0xFFFF: Office compiles from source), and the
``dir``, ``PROJECT`` and ``PROJECTwm`` streams list exactly the modules of the project.
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass, field
from typing import Literal

import olefile

from addin.errors import AddinError
from addin.xlam.cfb import write_cfb
from addin.xlam.ovba_compression import compress, decompress

ModuleKind = Literal["module", "class", "document"]
VBA_PROJECT_STREAM = bytes.fromhex("CC61FFFF000000")
_PROJECTVERSION = 0x0009
_PROJECTCODEPAGE = 0x0003
_PROJECTNAME = 0x0004
_PROJECTMODULES = 0x000F
_MODULENAME = 0x0019
_MODULEOFFSET = 0x0031
_MODULE_TERMINATOR = 0x002B
_DIR_TERMINATOR = 0x0010
Record = tuple[int, bytes]
_KINDS: dict[str, ModuleKind] = {"Document": "document", "Class": "class", "Module": "module"}


@dataclass
class Module:
    """One VBA module: its name, kind and source text (lines end with CRLF)."""

    name: str
    kind: ModuleKind
    source: str
    records: list[Record] = field(default_factory=list)  # dir records kept from the template


def parse_records(data: bytes) -> list[Record]:
    """The ``dir`` stream's records, in order."""
    records: list[Record] = []
    pos = 0
    while pos + 6 <= len(data):
        rid, size = struct.unpack_from("<HI", data, pos)
        if rid == _PROJECTVERSION:
            size += 2
        records.append((rid, data[pos + 6 : pos + 6 + size]))
        pos += 6 + size
        if rid == _DIR_TERMINATOR:
            break
    return records


def _record(rid: int, data: bytes) -> bytes:
    size = len(data) - 2 if rid == _PROJECTVERSION else len(data)
    return struct.pack("<HI", rid, size) + data


def _new_module_records(name: str, kind: ModuleKind, codepage: str) -> list[Record]:
    mbcs, wide = name.encode(codepage), name.encode("utf-16-le")
    return [
        (0x0019, mbcs),
        (0x0047, wide),
        (0x001A, mbcs),
        (0x0032, wide),
        (0x001C, b""),
        (0x0048, b""),
        (_MODULEOFFSET, b"\0\0\0\0"),
        (0x001E, b"\0\0\0\0"),
        (0x002C, b"\xff\xff"),
        (0x0021 if kind == "module" else 0x0022, b""),
        (_MODULE_TERMINATOR, b""),
    ]


def _crlf(text: str) -> str:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\r\n".join(lines)


@dataclass
class VbaProject:
    """A VBA project: header records, modules in order, and the ``PROJECT`` stream's lines."""

    info: list[Record]
    modules: list[Module]
    project_lines: list[str]
    codepage: str = "cp1252"

    @classmethod
    def read(cls, data: bytes) -> VbaProject:
        """Read a ``vbaProject.bin`` (bytes) with olefile."""
        ole = olefile.OleFileIO(io.BytesIO(data))
        records = parse_records(decompress(ole.openstream("VBA/dir").read()))
        split = next(i for i, (rid, _) in enumerate(records) if rid == _PROJECTMODULES)
        info = records[:split]
        codepage = "cp" + str(struct.unpack("<H", dict(info)[_PROJECTCODEPAGE])[0])
        project_text = ole.openstream("PROJECT").read().decode(codepage)
        kinds: dict[str, ModuleKind] = {}
        for line in project_text.splitlines():
            key, _, value = line.partition("=")
            if key in ("Document", "Class", "Module"):
                kinds[value.split("/")[0]] = _KINDS[key]
        modules = []
        for group in _module_groups(records[split + 2 :]):
            fields = dict(group)
            name = fields[_MODULENAME].decode(codepage)
            offset = struct.unpack("<I", fields[_MODULEOFFSET])[0]
            stream = fields[0x001A].decode(codepage)
            text = decompress(ole.openstream(f"VBA/{stream}").read()[offset:]).decode(codepage)
            modules.append(Module(name, kinds.get(name, "module"), _crlf(text), group))
        return cls(info, modules, project_text.splitlines(), codepage)

    def module(self, name: str) -> Module:
        """The module called ``name`` (KeyError when absent)."""
        for module in self.modules:
            if module.name == name:
                return module
        raise KeyError(name)

    def set_module(self, name: str, source: str, kind: ModuleKind = "module") -> None:
        """Replace the source of module ``name``, or add it at the end."""
        _check_source(name, source)
        try:
            self.module(name).source = _crlf(source)
        except KeyError:
            records = _new_module_records(name, kind, self.codepage)
            self.modules.append(Module(name, kind, _crlf(source), records))

    def remove_module(self, name: str) -> None:
        """Drop module ``name`` from the project."""
        self.modules.remove(self.module(name))

    @property
    def name(self) -> str:
        """The VBA project's name."""
        return dict(self.info)[_PROJECTNAME].decode(self.codepage)

    def rename(self, name: str) -> None:
        """Set the VBA project's name (an identifier: letters, digits, underscore)."""
        if not name.isidentifier() or not name.isascii():
            raise ValueError(f"invalid VBA project name {name!r}")
        self.info = [(r, name.encode() if r == _PROJECTNAME else d) for r, d in self.info]

    def streams(self) -> dict[str, bytes]:
        """Every stream of the compound file, by path."""
        out = {
            "PROJECT": self._project_stream(),
            "PROJECTwm": self._projectwm_stream(),
            "VBA/_VBA_PROJECT": VBA_PROJECT_STREAM,
            "VBA/dir": compress(self._dir_stream()),
        }
        for module in self.modules:
            out[f"VBA/{module.name}"] = compress(module.source.encode(self.codepage))
        return out

    def to_bytes(self) -> bytes:
        """The compound file ``vbaProject.bin``."""
        return write_cfb(self.streams())

    def _dir_stream(self) -> bytes:
        parts = [_record(rid, data) for rid, data in self.info]
        parts.append(_record(_PROJECTMODULES, struct.pack("<H", len(self.modules))))
        parts.append(_record(0x0013, b"\xff\xff"))
        for module in self.modules:
            for rid, data in module.records:
                body = b"\0\0\0\0" if rid == _MODULEOFFSET else data
                parts.append(_record(rid, body))
        parts.append(_record(_DIR_TERMINATOR, b""))
        return b"".join(parts)

    def _project_stream(self) -> bytes:
        """``PROJECT``: the template's lines with the module list, name and workspace redone."""
        lines: list[str] = []
        in_sections = False
        for line in self.project_lines:
            key = line.partition("=")[0]
            in_sections = in_sections or line.startswith("[")
            if line == "[Workspace]":
                lines += [line, *(f"{m.name}=0, 0, 0, 0, C" for m in self.modules)]
                break
            if in_sections:
                lines.append(line)
            elif key in ("Document", "Class", "Module", "Package", "BaseClass"):
                if not any(_is_module_line(x) for x in lines):
                    lines += [_project_line(m) for m in self.modules]
            elif key == "Name":
                lines.append(f'Name="{self.name}"')
            else:
                lines.append(line)
        return ("\r\n".join(lines) + "\r\n").encode(self.codepage)

    def _projectwm_stream(self) -> bytes:
        parts = [
            m.name.encode(self.codepage) + b"\0" + m.name.encode("utf-16-le") + b"\0\0"
            for m in self.modules
        ]
        return b"".join(parts) + b"\0\0"


def _is_module_line(line: str) -> bool:
    return line.partition("=")[0] in ("Document", "Class", "Module")


def _project_line(module: Module) -> str:
    if module.kind == "document":
        return f"Document={module.name}/&H00000000"
    return f"{'Class' if module.kind == 'class' else 'Module'}={module.name}"


def _module_groups(records: list[Record]) -> list[list[Record]]:
    groups: list[list[Record]] = []
    current: list[Record] = []
    for rid, data in records:
        if rid == _DIR_TERMINATOR:
            break
        current.append((rid, data))
        if rid == _MODULE_TERMINATOR:
            groups.append(current)
            current = []
    return groups


def _check_source(name: str, source: str) -> None:
    if not source.isascii():
        bad = next(c for c in source if not c.isascii())
        raise AddinError(
            f"VBA module {name} contains the non-ASCII character {bad!r}: keep VBA source "
            "ASCII and put Russian text in the ribbon XML",
            f"модуль VBA {name} содержит не-ASCII символ {bad!r}: исходный код VBA должен "
            "быть в ASCII, русский текст - в XML ленты",
        )
    if not source.startswith(f'Attribute VB_Name = "{name}"'):
        raise AddinError(
            f'VBA module {name} must start with Attribute VB_Name = "{name}"',
            f'модуль VBA {name} должен начинаться с Attribute VB_Name = "{name}"',
        )
