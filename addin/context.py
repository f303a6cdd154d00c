"""What the worksheet functions compute from: the store's frames, cached per store revision.

Excel recalculates hundreds of ``B24_`` cells at once, so the frames are read from the store
once and kept in memory. Before each call a cheap check (the size and modification time of
the store file and its write-ahead log) says whether the store may have changed; only then is
the store's revision read, and only a new revision reloads the frames.

The store is ``B24XL_STORE`` when set, else the store of the settings (the user data dir).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from addin.errors import AddinError
from b24sync.db import default_store_path
from metrics.frames import PortalFrames


@dataclass(frozen=True)
class Context:
    """One loaded store: its frames (with revision), settings and plans."""

    path: Path
    frames: PortalFrames
    settings: Any = None
    plans: Any = None


Loader = Callable[[Path], Context]
Revision = Callable[[Path], str]


def store_path() -> Path:
    """The store the functions read: ``B24XL_STORE`` or the default store of the settings."""
    return default_store_path()


def _fingerprint(path: Path) -> tuple[tuple[int, int], ...]:
    out = []
    for candidate in (path, path.with_name(path.name + "-wal")):
        try:
            st = candidate.stat()
            out.append((st.st_mtime_ns, st.st_size))
        except OSError:
            out.append((0, -1))
    return tuple(out)


def load_context(path: Path) -> Context:
    """Read the store at ``path`` into a :class:`Context` (the sync engineer's loader)."""
    from b24sync.store import load_frames

    if not path.exists():
        raise AddinError(
            f"no data yet: the store {path.name} does not exist; press Refresh all",
            f"данных ещё нет: хранилище {path.name} не найдено; нажмите «Обновить всё»",
        )
    return Context(path=path, frames=load_frames(path))


def store_revision(path: Path) -> str:
    """The store's revision string (changes whenever its data changes)."""
    from b24sync.store import Store

    with Store(path, create=False) as store:
        return store.revision()


class ContextCache:
    """The last loaded :class:`Context` per store path, reloaded only when the store changes."""

    def __init__(self, loader: Loader = load_context, revision: Revision = store_revision) -> None:
        self._loader = loader
        self._revision = revision
        self._lock = threading.Lock()
        self._entries: dict[Path, tuple[tuple[tuple[int, int], ...], Context]] = {}
        self.loads = 0

    def get(self, path: Path | None = None) -> Context:
        """The context of ``path`` (default :func:`store_path`), loading it when it changed."""
        path = Path(path or store_path())
        fingerprint = _fingerprint(path)
        with self._lock:
            entry = self._entries.get(path)
            if entry is not None and entry[0] == fingerprint:
                return entry[1]
            if entry is not None and self._same_revision(path, entry[1]):
                self._entries[path] = (fingerprint, entry[1])
                return entry[1]
            context = self._loader(path)
            self.loads += 1
            self._entries[path] = (fingerprint, context)
            return context

    def _same_revision(self, path: Path, context: Context) -> bool:
        try:
            return bool(context.frames.revision) and self._revision(path) == context.frames.revision
        except Exception:  # a store being rewritten: reload below, which reports clearly
            return False

    def clear(self) -> None:
        """Forget every loaded store (the next call reloads)."""
        with self._lock:
            self._entries.clear()


CACHE = ContextCache()


def current(path: str | os.PathLike[str] | None = None) -> Context:
    """The shared cache's context for ``path`` (or the configured store)."""
    return CACHE.get(Path(path) if path else None)
