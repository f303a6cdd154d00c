"""The ``b24xl`` command line.

Every module in :mod:`addin.commands` registers its sub-commands; this module only builds the
parser, runs the chosen command and turns the product's own errors into one line on stderr
with a non-zero exit code (never a traceback).
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from addin import commands
from addin.errors import USER_ERRORS, describe

EXIT_USER_ERROR = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="b24xl",
        description="Bitrix24 reports and plans for Excel / Отчёты и планы Битрикс24 в Excel",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code = args.handler(args)
    except USER_ERRORS as exc:
        print(f"b24xl: {describe(exc)}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("b24xl: interrupted / прервано", file=sys.stderr)
        return 130
    return int(code or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
