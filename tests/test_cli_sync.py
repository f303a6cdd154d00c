"""``b24xl sync`` and ``b24xl connect`` from the command line: output, errors, SIGKILL."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from addin.cli import main
from b24sync import secrets
from b24sync.emulator import PortalEmulator
from b24sync.store import export_snapshot

sys.path.insert(0, str(Path(__file__).parent / "b24sync"))
from sync_portal import by_id, small_snapshot

B24XL = [sys.executable, "-c", "import sys; from addin.cli import main; sys.exit(main())"]


@pytest.fixture
def snapshot_file(tmp_path) -> Path:
    path = tmp_path / "portal.json"
    path.write_text(json.dumps(small_snapshot(), ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def private_config(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv(secrets.ENV_VAR, raising=False)
    monkeypatch.setattr(secrets, "_keyring", lambda: None)
    monkeypatch.setenv("B24XL_LANG", "en")


def rows_equal(store: Path, snap: dict) -> bool:
    got = export_snapshot(store)
    return (
        by_id(got["crm.item.list"]["2"], "id") == by_id(snap["crm.item.list"]["2"], "id")
        and by_id(got["crm.item.list"]["1"], "id") == by_id(snap["crm.item.list"]["1"], "id")
        and by_id(got["crm.stagehistory.list"]["2"], "ID")
        == by_id(snap["crm.stagehistory.list"]["2"], "ID")
        and by_id(got["crm.activity.list"], "ID") == by_id(snap["crm.activity.list"], "ID")
        and by_id(got["tasks.task.list"], "id") == by_id(snap["tasks.task.list"], "id")
        and got["crm.status.list"] == snap["crm.status.list"]
        and got["user.get"] == snap["user.get"]
        and got["portal"] == snap["portal"]
    )


def test_json_summary_of_a_snapshot_sync(snapshot_file, tmp_path, capsys) -> None:
    store = tmp_path / "s.sqlite"
    assert main(["sync", "--snapshot", str(snapshot_file), "--store", str(store), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert set(summary) == {"requests", "rows", "seconds"}
    assert summary["rows"]["deals"] == 130 and summary["rows"]["statuses"] == 60
    assert rows_equal(store, small_snapshot())


def test_the_webhook_never_appears_in_output(tmp_path, capsys, monkeypatch) -> None:
    store = tmp_path / "s.sqlite"
    with PortalEmulator(small_snapshot(), limit=None) as emu:
        assert main(["connect", emu.url]) == 0
        assert main(["sync", "--store", str(store)]) == 0  # uses the stored webhook
        wrong = emu.url.replace(emu.code, "wrongcode1")
        assert main(["sync", "--webhook", wrong, "--store", str(store)]) == 2
        out = capsys.readouterr()
        text = out.out + out.err
        assert emu.code not in text and "wrongcode1" not in text
        assert "b24xl connect" in text  # the 401 message names the fix
        assert len(out.err.strip().splitlines()) == 1


def test_connect_refuses_a_missing_scope_and_stores_nothing(capsys) -> None:
    scopes = ["crm", "task", "department", "sonet_group"]  # no "user"
    with PortalEmulator(small_snapshot(), limit=None, scopes=scopes) as emu:
        assert main(["connect", emu.url]) == 2
    err = capsys.readouterr().err
    assert "user" in err and len(err.strip().splitlines()) == 1
    with pytest.raises(secrets.NotConnectedError):
        secrets.load_webhook()


@pytest.mark.parametrize(
    "url",
    ["not a url", "https://demo.bitrix24.ru/rest/abc/code/", "http://demo.bitrix24.ru/rest/1/x/"],
)
def test_a_malformed_webhook_is_one_line_and_exit_2(url, tmp_path, capsys) -> None:
    store = tmp_path / "s.sqlite"
    assert main(["sync", "--webhook", url, "--store", str(store)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "/rest/1/CODE/" in err
    assert not store.exists()


def test_an_unwritable_store_is_one_line_and_exit_2(snapshot_file, tmp_path, capsys) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkey_store = blocker / "s.sqlite"
    assert main(["sync", "--snapshot", str(snapshot_file), "--store", str(monkey_store)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "--store" in err


def test_overload_is_one_line_and_exit_2(tmp_path, capsys) -> None:
    with PortalEmulator(small_snapshot(), limit=None, overload=True) as emu:
        assert main(["sync", "--webhook", emu.url, "--store", str(tmp_path / "s.sqlite")]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and emu.code not in err
    assert not (tmp_path / "s.sqlite").exists()


@pytest.mark.slow
def test_sigkill_at_random_moments_then_rerun_ends_identical(snapshot_file, tmp_path) -> None:
    """Kill ``b24xl sync`` (SIGKILL) at random moments, several times per store, then rerun.

    ``--limit 3/4`` paces the ~10 requests of a full sync over ~2 s, so the kills land before,
    during and after the pages are saved. Each store must end equal to the snapshot.
    """
    rng = random.Random(20240601)
    env = {**os.environ, "B24XL_LANG": "en"}
    snap = small_snapshot()
    killed = 0
    for store_no in range(4):
        store = tmp_path / f"k{store_no}.sqlite"
        command = [*B24XL, "sync", "--snapshot", str(snapshot_file), "--store", str(store)]
        command += ["--limit", "3/4", "--json"]
        for _ in range(3):
            proc = subprocess.Popen(
                command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
            )
            time.sleep(rng.uniform(0.4, 2.8))
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                killed += 1
            proc.communicate()
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        assert rows_equal(store, snap)
    assert killed >= 6  # most runs were really cut short
