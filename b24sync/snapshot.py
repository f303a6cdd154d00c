"""Portal snapshot files: one JSON object in the fixed snapshot format of issue A.

Keys are method names, values the records exactly as the method returns them (methods with
``entityTypeId`` keyed by it), and ``portal`` holds ``domain`` and ``timezone``. Written
atomically; read with a one-line error when the file is not a snapshot.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from b24sync.errors import B24Error


class SnapshotFileError(B24Error):
    """A file cannot be read as a portal snapshot."""


def read_snapshot(path: str) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or exc.__class__.__name__
        raise SnapshotFileError(
            f"cannot read the snapshot {path} ({reason}): pass a portal snapshot JSON file",
            f"не удаётся прочитать снимок {path} ({reason}): укажите JSON-файл снимка портала",
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("portal"), dict):
        raise SnapshotFileError(
            f"{path} is not a portal snapshot (no 'portal' object): export one with "
            "`b24xl portal` or pass --demo",
            f"{path} не снимок портала (нет объекта 'portal'): используйте `b24xl portal` "
            "или --demo",
        )
    return data


def write_snapshot(snapshot: dict[str, Any], path: str | os.PathLike[str]) -> None:
    """Write a snapshot as UTF-8 JSON, atomically (a temp file renamed over ``path``)."""
    target = Path(path)
    handle, temp = tempfile.mkstemp(prefix=".snapshot-", suffix=".json", dir=target.parent or ".")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(snapshot, out, ensure_ascii=False, separators=(",", ":"))
        os.chmod(temp, 0o644)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
