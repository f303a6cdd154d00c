"""Fixtures of the metrics tests: the small hand-built portal as frames."""

from __future__ import annotations

import pytest
from metrics_fixture import SETTINGS, T, snapshot

from b24sync.frames import frames_from_snapshot
from metrics.frames import PortalFrames


@pytest.fixture(scope="session")
def small() -> PortalFrames:
    """The hand-built portal of ``metrics_fixture`` as frames."""
    return frames_from_snapshot(snapshot(), revision="small-1")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "covers: metric ids a test checks")


__all__ = ["SETTINGS", "T"]
