"""``b24xl portal snapshot`` and ``b24xl portal serve`` end to end."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from emulator_http import call

from addin.cli import main
from b24sync.demo import demo_snapshot

SMALL = {
    "portal": {"domain": "small.bitrix24.ru", "timezone": "Europe/Moscow"},
    "crm.item.list": {"2": [{"id": 1, "title": "Сделка"}]},
}


def test_snapshot_writes_the_demo_portal(tmp_path: Path, capsys) -> None:
    target = tmp_path / "demo.json"
    assert main(["portal", "snapshot", "--demo", "-o", str(target)]) == 0
    written = json.loads(target.read_text(encoding="utf-8"))
    assert json.dumps(written, sort_keys=True) == json.dumps(demo_snapshot(), sort_keys=True)
    assert str(target) in capsys.readouterr().out
    assert [p.name for p in tmp_path.iterdir()] == ["demo.json"]  # no temp file left


def test_snapshot_into_a_missing_folder_is_one_clear_line(tmp_path: Path, capsys) -> None:
    target = tmp_path / "nope" / "demo.json"
    assert main(["portal", "snapshot", "--demo", "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "-o FILE" in err
    assert not target.parent.exists()


def test_serve_prints_a_working_webhook_and_stops_on_sigterm(tmp_path: Path) -> None:
    source = tmp_path / "small.json"
    source.write_text(json.dumps(SMALL), encoding="utf-8")
    command = [sys.executable, "-m", "addin.cli", "portal", "serve", "--snapshot", str(source)]
    env = {**os.environ, "B24XL_LANG": "en"}
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env) as proc:
        assert proc.stdout is not None
        lines = [proc.stdout.readline() for _ in range(3)]
        assert lines[0].startswith("serving small.bitrix24.ru (1 deals")
        url = lines[1].split("webhook: ", 1)[1].strip()
        body = call(url, "crm.item.list", {"entityTypeId": 2})
        assert body["result"]["items"] == [{"id": 1, "title": "Сделка"}]
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
        assert "stopped" in proc.stdout.read()
