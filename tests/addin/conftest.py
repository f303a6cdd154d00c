"""Shared helpers for the add-in tests: oletools imported quietly, one built add-in."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

# oletools.olevba triggers a pyparsing deprecation warning on import (warnings are errors
# here): import it once, quietly, before the test modules import it.
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import oletools.olevba  # noqa: F401


@pytest.fixture(scope="session")
def built_addin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One add-in built in Russian for the whole session."""
    from addin.xlam.build import build

    return build(tmp_path_factory.mktemp("xlam") / "b24xl.xlam", "ru")


@pytest.fixture(autouse=True)
def private_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The add-in log of each test goes to its own temporary directory."""
    path = tmp_path / "addin.log"
    monkeypatch.setenv("B24XL_LOG", str(path))
    monkeypatch.setenv("B24XL_LANG", "ru")
    return path


@pytest.fixture(scope="session")
def portal_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hand-computed portal of ``portal.py`` synced into a store (read-only in tests)."""
    from addin_portal import snapshot, sync_snapshot

    return sync_snapshot(snapshot(), tmp_path_factory.mktemp("store") / "store.sqlite")


@pytest.fixture
def store_env(portal_store: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``B24XL_STORE`` pointing at the portal store, with a fresh UDF cache."""
    from addin import context

    monkeypatch.setenv("B24XL_STORE", str(portal_store))
    context.CACHE.clear()
    return portal_store
