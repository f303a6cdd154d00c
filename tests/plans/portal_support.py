"""The portal store against the emulator: one emulated portal per test, a store per call."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from b24sync.client import Client
from b24sync.emulator.core import PortalEmulator
from b24sync.plans.portal import PortalPlanStore
from b24sync.plans.store import PlanStore

SNAPSHOT = {"portal": {"domain": "demo.bitrix24.ru", "timezone": "Europe/Moscow"}}


def portal_factory(tmp_path: Path) -> Iterator[Callable[[], PlanStore]]:
    """A factory of portal stores (each with its own client) on one emulated portal."""
    del tmp_path
    emulator = PortalEmulator(SNAPSHOT, limit=None)
    url = emulator.start()
    clients: list[Client] = []

    def make() -> PlanStore:
        client = Client(url, rate_limit=(10_000, 10_000.0))
        clients.append(client)
        return PortalPlanStore(client)

    make.emulator = emulator  # type: ignore[attr-defined]
    try:
        yield make
    finally:
        for client in clients:
            client.close()
        emulator.stop()
