"""Benchmark: b24xl's sync client against fast-bitrix24 and b24pysdk on the same portal.

    pip install -e '.[bench]'
    python bench/sync.py [--scale 1]

One portal emulator serves the demo portal (no server-side rate limit, so a client without
pacing, b24pysdk, is not refused); every client reads the same 12 lists (leads, deals, both
stage histories, activities, tasks and the six reference lists) with its best list method:

* b24xl: ``sync_store`` into a fresh SQLite store (fetch AND save), then a second sync with
  nothing changed (one batch);
* fast-bitrix24: ``Bitrix.get_all`` (offset pages chained in batches);
* b24pysdk: ``call_list_fast`` (``start=-1`` + ``>ID`` chained in batches) for the big lists,
  ``call_list`` for the reference lists. b24pysdk only speaks https, so its URL builder is
  pointed at the loopback emulator's http address here (bench only).

The "refresh" row re-reads what changed since the first read: b24xl's incremental sync; the
libraries have no incremental sync, so they issue the same ``>=updatedTime``/``>ID`` filters one
list call per entity. HTTP requests are counted by the emulator; times are wall seconds, and
every line prints its ratio to b24xl measured in the same run.
"""

from __future__ import annotations

import argparse
import importlib
import tempfile
import time
import warnings
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from b24sync.client import Client
from b24sync.demo import demo_snapshot
from b24sync.emulator import PortalEmulator
from b24sync.entities import ENTITIES, Entity
from b24sync.sync import sync_store


def refresh_filter(entity: Entity, source: dict[str, Any]) -> dict[str, Any]:
    """The filter a library would use to re-read what changed (mirrors b24xl's cursor)."""
    if entity.kind == "changes" and entity.cursor:
        return {f">={entity.cursor}": "2026-11-30T17:50:00+03:00"}  # demo as_of - 10 min
    if entity.kind == "append":
        records = source[entity.method][entity.snapshot_type]
        return {">ID": max(int(r["ID"]) for r in records)}
    return {}


def fetch_b24xl(url: str, source: dict[str, Any], refresh: bool) -> int:
    """b24xl's client alone (no store): fast export of each list, like the libraries."""
    total = 0
    with Client(url) as client:
        for entity in ENTITIES:
            params = dict(entity.base_params())
            if refresh and entity.kind != "reference":
                params["filter"] = refresh_filter(entity, source)
            for page in (
                client.export(
                    entity.method,
                    params,
                    id_key=entity.id_key if entity.kind != "reference" else "ID",
                    row_id=entity.row_id,
                    rows_path=entity.rows_path,
                )
                if entity.kind != "reference"
                else [_reference(client, entity)]
            ):
                total += len(page)
    return total


def _reference(client: Client, entity: Entity) -> list[Any]:
    answer = client.call(entity.method, entity.base_params())
    result = answer["result"]
    return result if isinstance(result, list) else next(iter(result.values()))


def fetch_fast_bitrix24(url: str, source: dict[str, Any], refresh: bool) -> int:
    from fast_bitrix24 import Bitrix

    bitrix = Bitrix(url, verbose=False)
    total = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for entity in ENTITIES:
            params = dict(entity.base_params())
            if refresh and entity.kind != "reference":
                params["filter"] = refresh_filter(entity, source)
            total += len(bitrix.get_all(entity.method, params=params))
    return total


def fetch_b24pysdk(url: str, source: dict[str, Any], refresh: bool) -> int:
    from b24pysdk import BitrixWebhook

    caller = importlib.import_module("b24pysdk.api.callers.call_method")
    caller._MethodCaller._base_url = property(lambda self: f"http://{self._domain}/rest")
    origin, _, rest = url.removeprefix("http://").partition("/rest/")
    token = BitrixWebhook(domain=origin, webhook_token=rest.strip("/"))
    total = 0
    for entity in ENTITIES:
        params = dict(entity.base_params())
        if entity.kind == "reference":
            answer = token.call_list(entity.method, params)
        else:
            if refresh:
                params["filter"] = refresh_filter(entity, source)
            answer = token.call_list_fast(entity.method, params)
        result = answer["result"]
        total += sum(1 for _ in result) if not isinstance(result, dict) else _rows(result)
    return total


def _rows(result: dict[str, Any]) -> int:
    for key in ("items", "tasks", "categories"):
        if key in result:
            return len(result[key])
    return len(result)


def measure(emu: PortalEmulator, run: Callable[[], Any]) -> tuple[int, float, Any]:
    before, started = emu.request_count, time.perf_counter()
    value = run()
    return emu.request_count - before, time.perf_counter() - started, value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1)
    args = parser.parse_args()
    source = demo_snapshot(args.scale)
    rows = sum(
        len(v) if isinstance(v, list) else sum(len(x) for x in v.values())
        for k, v in source.items()
        if k != "portal"
    )
    print(f"demo portal scale {args.scale}: {rows:,} records in {len(ENTITIES)} lists")
    results: dict[tuple[str, str], tuple[int, float]] = {}
    with PortalEmulator(source, limit=None) as emu, tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "bench.sqlite"
        # warm-up: the emulator builds its column indexes on the first filtered query
        fetch_b24xl(emu.url, source, True)
        with Client(emu.url) as client:
            for scenario in ("full", "refresh"):
                n, s, _ = measure(emu, partial(sync_store, store, client, portal=source["portal"]))
                results[("b24xl", scenario)] = (n, s)
        libraries = (
            ("b24xl client", fetch_b24xl),
            ("fast-bitrix24", fetch_fast_bitrix24),
            ("b24pysdk", fetch_b24pysdk),
        )
        for name, fetch in libraries:
            for scenario in ("full", "refresh"):
                refresh = scenario == "refresh"
                n, s, _ = measure(emu, partial(fetch, emu.url, source, refresh))
                results[(name, scenario)] = (n, s)
    print(f"{'scenario':<9}{'client':<15}{'requests':>9}{'x b24xl':>9}{'seconds':>9}{'x b24xl':>9}")
    for scenario in ("full", "refresh"):
        base_n, base_s = results[("b24xl", scenario)]
        for name in ("b24xl", "b24xl client", "fast-bitrix24", "b24pysdk"):
            n, s = results[(name, scenario)]
            print(
                f"{scenario:<9}{name:<15}{n:>9}{n / max(base_n, 1):>9.2f}{s:>9.2f}"
                f"{s / max(base_s, 1e-9):>9.2f}"
            )
    print("b24xl = the sync (fetch + save into SQLite, one opening batch, incremental refresh);")
    print("b24xl client = its client alone, reading list by list like the libraries.")


if __name__ == "__main__":
    main()
