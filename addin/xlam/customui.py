"""The ribbon (``customUI/customUI.xml``) built from its bilingual source in ``src/``.

The source gives each text attribute twice (``label_ru``/``label_en`` and so on); the build
keeps one language under the attribute names Office reads. Office's 2006 customUI schema
limits ids to letters, digits and underscores and a label to 1024 characters.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from importlib import resources

from addin.errors import AddinError

NS = "http://schemas.microsoft.com/office/2006/01/customui"
LANGUAGES = ("ru", "en")
_TEXT_ATTRS = ("label", "screentip", "supertip")
_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def source() -> str:
    """The bilingual ribbon source shipped with the package."""
    return resources.files("addin.xlam").joinpath("src/customUI.xml").read_text("utf-8")


def build(lang: str = "ru", text: str | None = None) -> bytes:
    """``customUI.xml`` in ``lang`` (UTF-8 bytes)."""
    if lang not in LANGUAGES:
        raise AddinError(
            f'unknown ribbon language "{lang}"; use ru or en',
            f'неизвестный язык ленты "{lang}"; используйте ru или en',
        )
    ET.register_namespace("", NS)
    root = ET.fromstring(text if text is not None else source())
    for element in root.iter():
        for attr in _TEXT_ATTRS:
            chosen = element.attrib.pop(f"{attr}_{lang}", None)
            for other in LANGUAGES:
                element.attrib.pop(f"{attr}_{other}", None)
            if chosen is not None:
                element.set(attr, chosen)
        if "id" in element.attrib and not _ID.fullmatch(element.attrib["id"]):
            raise AddinError(
                f'ribbon id "{element.attrib["id"]}" is not a valid identifier',
                f'идентификатор ленты "{element.attrib["id"]}" недопустим',
            )
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + body).encode()


def on_actions(xml: bytes) -> dict[str, str]:
    """Each control id with the macro its ``onAction`` names."""
    root = ET.fromstring(xml)
    return {e.attrib["id"]: e.attrib["onAction"] for e in root.iter() if "onAction" in e.attrib}
