"""``b24xl addin build`` and ``b24xl addin install``: the Excel add-in (.xlam).

``build -o b24xl.xlam [--lang ru|en]`` writes the add-in from the sources in the repository
(byte-for-byte the same on every run). ``install`` (Windows/macOS) builds it with this
environment's Python as the interpreter and copies it into Excel's XLSTART folder; on other
systems it says Excel is needed and exits non-zero.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

from addin.errors import language


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "addin",
        help="build or install the Excel add-in / собрать или установить надстройку Excel",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="addin_command", required=True, metavar="ACTION")
    build = sub.add_parser("build", help="write b24xl.xlam / собрать b24xl.xlam")
    build.add_argument("-o", "--output", default="b24xl.xlam", help="the .xlam to write")
    build.add_argument("--lang", choices=("ru", "en"), default="ru", help="ribbon language")
    build.set_defaults(handler=run_build)
    install = sub.add_parser("install", help="install into Excel / установить в Excel")
    install.add_argument("--lang", choices=("ru", "en"), default="ru", help="ribbon language")
    install.set_defaults(handler=run_install)


def run_build(args: argparse.Namespace) -> int:
    from addin.xlam.build import build

    path = build(args.output, args.lang)
    print(("written: " if language() == "en" else "записано: ") + str(path))
    return 0


def run_install(args: argparse.Namespace) -> int:
    from addin.xlam.build import Config, build
    from addin.xlam.install import install, interpreter, xlstart_dir

    folder = xlstart_dir()  # refuses systems without Excel first
    python = interpreter()
    config = Config(
        interpreter_win=python if sys.platform == "win32" else "",
        interpreter_mac=python if sys.platform == "darwin" else "",
    )
    with tempfile.TemporaryDirectory() as tmp:
        built = build(Path(tmp) / "b24xl.xlam", args.lang, config)
        target = install(built, target_dir=folder)
    if language() == "en":
        print(f"installed: {target}\nrestart Excel; the B24 tab appears on the ribbon")
    else:
        print(f"установлено: {target}\nперезапустите Excel: на ленте появится вкладка B24")
    return 0
