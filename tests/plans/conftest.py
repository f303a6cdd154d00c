"""Fixtures of the plan tests: the same contract runs against every store implementation."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from b24sync.plans.local import LocalPlanStore
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


def _portal_factory(tmp_path: Path) -> Iterator[StoreFactory]:
    from tests.plans.portal_support import portal_factory

    yield from portal_factory(tmp_path)


FACTORIES = {"local": _local_factory, "portal": _portal_factory}


@pytest.fixture(params=sorted(FACTORIES))
def open_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StoreFactory]:
    """A factory of stores sharing one backing store: each call is another director."""
    yield from FACTORIES[request.param](tmp_path)
