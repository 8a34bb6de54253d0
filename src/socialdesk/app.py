"""Entry point of the ``socialdesk`` command.

``socialdesk`` alone (or with ``--vault``/``--demo``) opens the GUI; ``socialdesk <command>``
runs the command-line interface, which never imports Qt.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path


def _gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="socialdesk", add_help=False)
    parser.add_argument("--vault", type=Path, default=None)
    parser.add_argument("--demo", action="store_true")
    parser.add_argument("--language", choices=("en", "fr"), default=None)
    return parser


def _is_cli(args: Sequence[str]) -> bool:
    if any(a in ("-h", "--help", "--version") for a in args):
        return True
    skip_next = False
    for arg in args:
        if skip_next:
            skip_next = False
            continue
        if arg in ("--vault", "--language"):
            skip_next = True
            continue
        if not arg.startswith("-"):
            # A known command, or an unknown word the CLI will report as unknown.
            return True
    return False


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    from socialdesk.config.hygiene import harden_process

    harden_process(gui=not _is_cli(args))  # no core dumps, umask 077, private temp folder
    if _is_cli(args):
        from socialdesk.cli.main import main as cli_main

        return cli_main(args)
    options, unknown = _gui_parser().parse_known_args(args)
    if unknown:
        from socialdesk.cli.main import main as cli_main

        return cli_main(args)
    from socialdesk.config.logs import setup_logging
    from socialdesk.ui.app import run_gui

    setup_logging()
    return run_gui(vault_path=options.vault, demo=options.demo, language=options.language)


if __name__ == "__main__":
    raise SystemExit(main())
