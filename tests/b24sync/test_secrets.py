"""The stored webhook: keyring when there is one, else a private file; env override."""

from __future__ import annotations

import stat

import pytest

from b24sync import secrets

URL = "https://demo.bitrix24.ru/rest/1/s3cretc0de/"


class FakeKeyring:
    priority = 1

    def __init__(self) -> None:
        self.items: dict[tuple[str, str], str] = {}

    def set_password(self, service: str, account: str, value: str) -> None:
        self.items[(service, account)] = value

    def get_password(self, service: str, account: str) -> str | None:
        return self.items.get((service, account))

    def delete_password(self, service: str, account: str) -> None:
        self.items.pop((service, account), None)


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv(secrets.ENV_VAR, raising=False)
    monkeypatch.setattr(secrets, "_keyring", lambda: None)


def test_without_a_keyring_the_file_is_private(capsys) -> None:
    assert secrets.save_webhook(URL) == "file"
    path = secrets.secret_file()
    assert path.read_text(encoding="utf-8") == URL
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) & 0o077 == 0
    assert secrets.load_webhook() == URL
    out = capsys.readouterr()
    assert URL not in out.out + out.err


def test_the_keyring_is_used_where_there_is_one(monkeypatch) -> None:
    ring = FakeKeyring()
    monkeypatch.setattr(secrets, "_keyring", lambda: ring)
    assert secrets.save_webhook(URL) == "keyring"
    assert ring.items == {("b24xl", "webhook"): URL}
    assert not secrets.secret_file().exists()
    assert secrets.load_webhook() == URL
    secrets.forget_webhook()
    assert ring.items == {}


def test_env_overrides_the_stored_one(monkeypatch) -> None:
    secrets.save_webhook(URL)
    other = "https://other.bitrix24.ru/rest/7/abc/"
    monkeypatch.setenv(secrets.ENV_VAR, other)
    assert secrets.load_webhook() == other


def test_nothing_stored_says_how_to_connect() -> None:
    with pytest.raises(secrets.NotConnectedError) as info:
        secrets.load_webhook()
    assert "b24xl connect" in info.value.en and "b24xl connect" in info.value.ru


def test_an_unwritable_config_dir_is_a_one_line_error(tmp_path, monkeypatch) -> None:
    blocker = tmp_path / "blocked"
    blocker.write_text("a file where the folder should be")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(blocker))
    with pytest.raises(secrets.SecretStoreError) as info:
        secrets.save_webhook(URL)
    assert "\n" not in info.value.en and URL not in info.value.en + info.value.ru
    assert "s3cretc0de" not in str(info.value)


def test_forget_removes_the_file() -> None:
    secrets.save_webhook(URL)
    secrets.forget_webhook()
    with pytest.raises(secrets.NotConnectedError):
        secrets.load_webhook()
