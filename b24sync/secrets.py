"""Where the inbound webhook is kept between runs (stored once by ``b24xl connect``).

Order of lookup: the ``B24XL_WEBHOOK`` environment variable (for scripts and CI), the OS
keyring (Windows Credential Manager, macOS Keychain, Secret Service) where one is available,
else the file ``webhook`` in the user's config directory, created readable by the user alone
(mode 0600, in a 0700 directory), written to a temp file and renamed.

The URL is a secret: nothing here prints, logs or puts it into an error message.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Any

import platformdirs

from b24sync.errors import B24Error

ENV_VAR = "B24XL_WEBHOOK"
SERVICE = "b24xl"
ACCOUNT = "webhook"


class SecretStoreError(B24Error):
    """The webhook cannot be saved or read."""


class NotConnectedError(B24Error):
    """No webhook has been stored yet."""

    def __init__(self) -> None:
        super().__init__(
            "no Bitrix24 webhook is stored: run `b24xl connect URL` or pass --webhook",
            "вебхук Битрикс24 не сохранён: выполните `b24xl connect URL` или укажите --webhook",
        )


def secret_file() -> Path:
    """The fallback file: ``<user config dir>/b24xl/webhook``."""
    return Path(platformdirs.user_config_dir("b24xl", appauthor=False)) / "webhook"


def _keyring() -> Any:
    """The OS keyring backend, or ``None`` where there is none (headless Linux, CI)."""
    try:
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
    except Exception:
        return None
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 0) <= 0:
        return None
    return backend


def save_webhook(url: str) -> str:
    """Store ``url``; returns where (``"keyring"`` or ``"file"``), never the URL itself."""
    backend = _keyring()
    if backend is not None:
        try:
            backend.set_password(SERVICE, ACCOUNT, url)
        except Exception:
            backend = None  # a locked or broken keyring: fall back to the private file
        else:
            with contextlib.suppress(OSError):
                secret_file().unlink()
            return "keyring"
    _write_private(secret_file(), url)
    return "file"


def _write_private(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".webhook-")
        try:
            os.chmod(tmp, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except OSError as exc:
        raise SecretStoreError(
            f"cannot save the webhook in {path.parent} ({exc.strerror}): make the folder "
            f"writable or set {ENV_VAR} instead",
            f"не удаётся сохранить вебхук в {path.parent} ({exc.strerror}): разрешите запись "
            f"в папку или задайте {ENV_VAR}",
        ) from None


def load_webhook() -> str:
    """The stored webhook (env override first); :class:`NotConnectedError` if there is none."""
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return env
    backend = _keyring()
    if backend is not None:
        try:
            value = backend.get_password(SERVICE, ACCOUNT)
        except Exception:
            value = None
        if value:
            return str(value)
    try:
        value = secret_file().read_text(encoding="utf-8").strip()
    except OSError:
        value = ""
    if not value:
        raise NotConnectedError()
    return value


def forget_webhook() -> None:
    """Remove the stored webhook from the keyring and the file (missing ones are fine)."""
    backend = _keyring()
    if backend is not None:
        with contextlib.suppress(Exception):
            backend.delete_password(SERVICE, ACCOUNT)
    with contextlib.suppress(OSError):
        secret_file().unlink()
