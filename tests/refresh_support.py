"""One demo store per test module, built through the emulator as ``refresh --demo`` does."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

from addin.cli import main
from addin.commands.refresh import build_demo_store, last_full_month
from b24sync.demo import DEMO_SETTINGS
from b24sync.store import load_frames


@contextmanager
def store_env(folder: Path):
    """Point B24XL_STORE into ``folder`` (the demo store lands beside it as demo.sqlite)."""
    old = os.environ.get("B24XL_STORE")
    os.environ["B24XL_STORE"] = str(folder / "store.sqlite")
    try:
        yield folder / "demo.sqlite"
    finally:
        if old is None:
            os.environ.pop("B24XL_STORE", None)
        else:
            os.environ["B24XL_STORE"] = old


class Demo:
    """The demo store, its frames and the period its workbooks show."""

    def __init__(self, folder: Path, build: bool = True) -> None:
        self.folder = folder
        self.store = folder / "demo.sqlite"
        if build:
            build_demo_store(self.store)
        self.frames = load_frames(self.store)
        self.period = last_full_month(self.frames)
        self.settings = dict(DEMO_SETTINGS)

    def refresh(self, *args: str) -> int:
        """``b24xl refresh --store DEMO --period P ...`` (the demo's settings via the sheet)."""
        return main(["refresh", "--store", str(self.store), "--period", self.period, *args])


_SHARED: dict[str, Path] = {}


def shared_demo_folder(tmp_path_factory) -> Path:
    """One ``b24xl refresh --demo`` per test session: its folder holds ``demo.sqlite`` and
    ``reports.xlsx`` (the demo store is synced once, however many modules use it)."""
    if "folder" not in _SHARED:
        folder = tmp_path_factory.mktemp("demo")
        with store_env(folder):
            assert main(["refresh", "--demo", "-o", str(folder / "reports.xlsx")]) == 0
        _SHARED["folder"] = folder
    return _SHARED["folder"]
