"""``b24xl connect URL``: check an inbound webhook with one request and store it.

The check is one ``batch`` that calls ``server.time`` and one cheap list method of every scope
the sync reads (``crm``, ``task``, ``user``, ``department``, ``sonet_group``), so a wrong code
(401) or a missing scope (403, named) is reported before anything is stored. The URL is kept
in the OS keyring or a private file (see :mod:`b24sync.secrets`) and never printed.
"""

from __future__ import annotations

import argparse
from typing import Any

from addin.errors import language
from b24sync.client import Client
from b24sync.secrets import save_webhook
from b24sync.webhook import parse_webhook

PROBES: dict[str, tuple[str, dict[str, Any] | None]] = {
    "time": ("server.time", None),
    "crm": ("crm.category.list", {"entityTypeId": 2}),
    "task": ("tasks.task.list", {"select": ["ID"], "filter": {"ID": 0}}),
    "user": ("user.get", {"FILTER": {"ID": 0}}),
    "department": ("department.get", {"ID": 0}),
    "sonet_group": ("sonet_group.get", {"FILTER": {"ID": 0}}),
}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "connect",
        help="check and store the inbound webhook / проверить и сохранить вебхук",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("url", metavar="URL", help="https://PORTAL/rest/USER_ID/CODE/")
    parser.set_defaults(handler=run)


def check_webhook(url: str) -> str:
    """One request proving the webhook works with every scope the sync needs; its host."""
    webhook = parse_webhook(url)
    with Client(webhook, max_retries=2) as client:
        client.batch(PROBES)
    return webhook.host


def run(args: argparse.Namespace) -> int:
    host = check_webhook(args.url)
    where = save_webhook(args.url.strip())
    places = {
        "en": {"keyring": "the system keyring", "file": "a file readable only by you"},
        "ru": {"keyring": "системное хранилище паролей", "file": "файл, доступный только вам"},
    }
    lang = language()
    if lang == "en":
        print(f"connected to {host}; the webhook is stored in {places['en'][where]}")
    else:
        print(f"подключено к {host}; вебхук сохранён: {places['ru'][where]}")
    return 0
