"""Fixtures of the plan tests: the same contract runs against every store implementation."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from b24sync.client import Client
from b24sync.emulator.core import PortalEmulator
from b24sync.plans.local import LocalPlanStore
from b24sync.plans.portal import PortalPlanStore
from b24sync.plans.store import PlanStore

StoreFactory = Callable[[], PlanStore]


def _local_factory(tmp_path: Path) -> Iterator[StoreFactory]:
    path = tmp_path / "store.sqlite"
    opened: list[LocalPlanStore] = []

    def make() -> PlanStore:
        store = LocalPlanStore(path)
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()


SNAPSHOT = {"portal": {"domain": "demo.bitrix24.ru", "timezone": "Europe/Moscow"}}


def _portal_factory(tmp_path: Path) -> Iterator[StoreFactory]:
    """Portal stores (each with its own client, i.e. another director) on one emulated
    portal served over HTTP on 127.0.0.1."""
    del tmp_path
    emulator = PortalEmulator(SNAPSHOT, limit=None)
    url = emulator.start()
    clients: list[Client] = []

    def make() -> PlanStore:
        client = Client(url, rate_limit=(10_000, 10_000.0))
        clients.append(client)
        return PortalPlanStore(client)

    try:
        yield make
    finally:
        for client in clients:
            client.close()
        emulator.stop()


FACTORIES = {"local": _local_factory, "portal": _portal_factory}


@pytest.fixture(params=sorted(FACTORIES))
def open_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StoreFactory]:
    """A factory of stores sharing one backing store: each call is another director."""
    yield from FACTORIES[request.param](tmp_path)
