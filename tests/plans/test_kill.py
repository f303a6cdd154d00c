"""A save killed with SIGKILL in the middle leaves the store with all of it or none."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from b24sync.plans.local import LocalPlanStore

CHILD = textwrap.dedent(
    """
    import sys, time
    from b24sync.plans import local
    from b24sync.plans.model import Change, PlanKey

    store = local.LocalPlanStore(sys.argv[1])
    mode = sys.argv[2]
    original = local.LocalPlanStore._write

    def write(self, changes, revision):
        original(self, changes[: len(changes) // 2], revision)
        if mode == "mid":
            print("HALF", flush=True)  # half of the rows are written, not committed
            time.sleep(600)
        original(self, changes[len(changes) // 2 :], revision)

    local.LocalPlanStore._write = write
    changes = [Change(PlanKey("budget", "2024-03", "revenue", f"user:{i}"), float(i))
               for i in range(1, 2001)]
    store.save(changes, 0, "anna")
    print("SAVED", flush=True)
    time.sleep(600)
    """
)


def run_and_kill(path: Path, mode: str) -> str:
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), mode],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    return line


@pytest.mark.parametrize(("mode", "expected_rows"), [("mid", 0), ("after", 2000)])
def test_killed_save_is_all_or_nothing(tmp_path, mode, expected_rows):
    path = tmp_path / "store.sqlite"
    LocalPlanStore(path).close()  # tables exist before the child starts
    line = run_and_kill(path, mode)
    assert line == ("HALF" if mode == "mid" else "SAVED")
    store = LocalPlanStore(path)
    try:
        snapshot = store.load()
        assert len(snapshot.values) == expected_rows
        assert len(store.history()) == expected_rows
        assert snapshot.revision == (0 if mode == "mid" else 1)
        if expected_rows:  # user:i has value i
            assert sum(snapshot.values.values()) == sum(range(1, 2001))
    finally:
        store.close()
