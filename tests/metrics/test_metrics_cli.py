"""``b24xl metric``: the hand-built portal synced into a store through the emulator, then
single values printed alone; bad input is one line on stderr with exit code 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from metrics_fixture import SETTINGS, T, snapshot

from addin.cli import main


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("metric_cli")
    snap, db, settings = folder / "small.json", folder / "store.db", folder / "settings.json"
    snap.write_text(json.dumps(snapshot(), ensure_ascii=False), encoding="utf-8")
    settings.write_text(json.dumps(SETTINGS), encoding="utf-8")
    assert main(["sync", "--snapshot", str(snap), "--store", str(db)]) == 0
    return db, settings


def run(
    store: tuple[Path, Path], capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    capsys.readouterr()
    db, settings = store
    code = main(["metric", *args, "--store", str(db), "--settings", str(settings), "--as-of", T])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_values_alone(store: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert run(store, capsys, "won_sum", "--period", "2024-03") == (0, "240000\n", "")
    assert run(store, capsys, "conversion_overall", "--period", "2024-03")[1] == "0.5\n"
    assert run(store, capsys, "created", "--scope", "Sochi", "--period", "2024-03")[1] == "1\n"
    # an empty ratio prints an empty line
    assert run(store, capsys, "avg_check", "--scope", "Москва", "--period", "2024-03")[:2] == (
        0,
        "\n",
    )
    params = ("--param", "days=5")
    assert run(store, capsys, "forgotten_deals", *params)[1] == "2\n"


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("nope",), "nope"),
        (("created", "--scope", "Сочьи"), '"Сочи"'),
        (("created", "--period", "2024-13"), "2024-13"),
        (("created", "--param", "x=1"), "x"),
        (("created", "--param", "x"), "x"),
    ],
)
def test_bad_input(
    store: tuple[Path, Path], capsys: pytest.CaptureFixture[str], args: tuple[str, ...], needle: str
) -> None:
    code, out, err = run(store, capsys, *args)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and needle in err and "Traceback" not in err
