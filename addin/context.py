"""What the worksheet functions compute from: the store's frames, cached per store revision.

Excel recalculates hundreds of ``B24_`` cells at once, so the frames are read from the store
once and kept in memory. Before each call a cheap check (size and modification time of the
store file and of its write-ahead log) says whether the store may have changed; only then is
the store's revision read: a new revision reloads the frames, the same revision keeps them
(the plans, small, are read again: saving plans changes the file, not the data revision).
The metric settings are those of the workbook's Settings sheet at the last refresh, kept
beside the store as ``<store>.settings.json`` (``b24xl metric --settings`` reads the same file).

The store is ``B24XL_STORE`` when set, else the default store (the user data directory).
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from addin.errors import AddinError
from b24sync.db import default_store_path
from metrics.frames import PortalFrames

Fingerprint = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Context:
    """One loaded store: its frames (with their revision), settings and plans."""

    path: Path
    frames: PortalFrames
    settings: Any = None
    plans: Any = None
    memo: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)


Loader = Callable[[Path, "Context | None"], Context]


def store_path() -> Path:
    """The store the functions read: ``B24XL_STORE`` or the default store."""
    return default_store_path()


def settings_path(store: Path) -> Path:
    """The metric settings the last refresh read from the workbook's Settings sheet."""
    return store.with_name(store.name + ".settings.json")


def load_settings(store: Path) -> dict[str, Any] | None:
    """The saved metric settings (None: the defaults)."""
    try:
        data = json.loads(settings_path(store).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        raise AddinError(
            f"the settings file {settings_path(store).name} is damaged: press Refresh all",
            f"файл настроек {settings_path(store).name} повреждён: нажмите «Обновить всё»",
        ) from None
    return data if isinstance(data, dict) else None


def save_settings(store: Path, values: dict[str, Any]) -> Path:
    """Write the metric settings beside the store (temp file, then rename)."""
    target = settings_path(store)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(json.dumps(values, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, target)
    return target


def fingerprint(path: Path) -> Fingerprint:
    """(mtime, size) of the store file, its write-ahead log and the settings file."""
    out = []
    for candidate in (path, path.with_name(path.name + "-wal"), settings_path(path)):
        try:
            st = candidate.stat()
            out.append((st.st_mtime_ns, st.st_size))
        except OSError:
            out.append((0, -1))
    return tuple(out)


def store_revision(path: Path) -> str:
    """The store's data revision (changes whenever its synced data changes)."""
    from b24sync.store import Store

    with Store(path, create=False) as store:
        return store.revision()


def plans_of(path: Path) -> tuple[Any, Any]:
    """``(plan frame, commission frame)`` kept in the store file (as the metrics take them)."""
    from b24sync.plans import load_plan_frames

    return load_plan_frames(path)


def load_context(path: Path, previous: Context | None = None) -> Context:
    """Read the store at ``path``; the frames of ``previous`` are kept if still current."""
    from b24sync.store import load_frames

    if not path.exists():
        raise AddinError(
            f"no data yet: the store {path.name} does not exist; press Refresh all",
            f"данных ещё нет: хранилище {path.name} не найдено; нажмите «Обновить всё»",
        )
    frames = None
    revision = previous.frames.revision if previous is not None else ""
    if previous is not None and revision and store_revision(path) == revision:
        frames = previous.frames
    return Context(
        path=path,
        frames=frames or load_frames(path),
        settings=load_settings(path),
        plans=plans_of(path),
    )


class ContextCache:
    """The last loaded :class:`Context` per store path, reloaded only when the store changed."""

    def __init__(self, loader: Loader = load_context) -> None:
        self._loader = loader
        self._lock = threading.Lock()
        self._entries: dict[Path, tuple[Fingerprint, Context]] = {}

    def get(self, path: Path | None = None) -> Context:
        """The context of ``path`` (default :func:`store_path`), reloading when it changed."""
        path = Path(path or store_path())
        with self._lock:
            entry = self._entries.get(path)
            before = fingerprint(path)
            if entry is not None and entry[0] == before:
                return entry[1]
            context = self._loader(path, entry[1] if entry else None)
            # reading may itself touch the file (the plan tables' first migration)
            self._entries[path] = (fingerprint(path), context)
            return context

    def clear(self) -> None:
        """Forget every loaded store (the next call reloads)."""
        with self._lock:
            self._entries.clear()


CACHE = ContextCache()


def current(path: str | os.PathLike[str] | None = None) -> Context:
    """The shared cache's context for ``path`` (or the configured store)."""
    return CACHE.get(Path(path) if path else None)
