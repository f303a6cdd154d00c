"""Matching names the way a director types them: case, ё/е, spaces, Latin transliteration."""

from __future__ import annotations

import difflib
import re

TRANSLIT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "c", "ч": "ch", "ш": "sh",
    "щ": "sch", "ъ": "", "ы": "i", "ь": "", "э": "e", "ю": "iu", "я": "ia",
}  # fmt: skip
# spellings of one Cyrillic letter in common Latin schemes, reduced to the one above
LATIN_VARIANTS = (
    ("shch", "sch"), ("kh", "h"), ("ts", "c"), ("tz", "c"), ("x", "ks"), ("w", "v"),
    ("yo", "e"), ("ye", "e"), ("yu", "iu"), ("ju", "iu"), ("ya", "ia"), ("ja", "ia"),
    ("y", "i"), ("j", "i"), ("q", "k"),
)  # fmt: skip


def norm(text: object) -> str:
    """Lower case, ё -> е, quotes dropped, runs of spaces collapsed."""
    value = str(text).strip().strip("\"'«»").lower().replace("ё", "е")
    return " ".join(value.split())


def is_latin(text: str) -> bool:
    """True when the text has letters and all of them are Latin."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all("a" <= c <= "z" for c in letters)


def latin_key(text: str) -> str:
    """A loose Latin spelling: Cyrillic transliterated, scheme variants reduced, doubles cut."""
    value = "".join(TRANSLIT.get(c, c) for c in norm(text))
    for variant, reduced in LATIN_VARIANTS:
        value = value.replace(variant, reduced)
    value = re.sub(r"[^a-z0-9 ]", "", value)
    return re.sub(r"(.)\1+", r"\1", value)


def closest(text: str, names: list[str], n: int = 3) -> list[str]:
    """The names most similar to ``text`` (by their normalised and Latin spellings)."""
    typed = norm(text)
    scored = []
    for name in set(names):
        ratio = max(
            difflib.SequenceMatcher(None, typed, norm(name)).ratio(),
            difflib.SequenceMatcher(None, latin_key(typed), latin_key(name)).ratio(),
        )
        if ratio >= 0.6:
            scored.append((-ratio, name))
    return [name for _, name in sorted(scored)[:n]]
