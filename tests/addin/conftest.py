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
