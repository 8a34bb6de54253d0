"""``socialdesk <command>``: the vault commands for scripts and terminals (no Qt here).

Every command works on the vault given by ``--vault`` (default: the app's own vault),
prints translated text, and returns an exit code instead of calling ``sys.exit``:

    0 ok · 1 other error (no vault, vault exists…) · 2 usage or bad input ·
    3 wrong passphrase or recovery key · 4 damaged vault, not a vault, keys file missing ·
    5 too many failed unlocks: wait (the time is printed)

Errors are one line on stderr, ``socialdesk: error: <message>``, never a traceback: a
traceback may quote SQL parameters, that is case data. ``SOCIALDESK_DEBUG=1`` re-raises.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from socialdesk import __version__
from socialdesk.cli import (
    agenda_commands,
    clients_commands,
    commands,
    invoices_commands,
    report_commands,
    retention_commands,
    security_commands,
    today_commands,
)
from socialdesk.cli.secrets import NEW_PASSPHRASE_ENV, PASSPHRASE_ENV
from socialdesk.domain.errors import DamagedVault, SocialDeskError
from socialdesk.i18n import (
    SUPPORTED_LANGUAGES,
    _,
    current_language,
    set_language,
    system_language,
)
from socialdesk.vault.keyslots import KeysFileError

PROG = "socialdesk"
HANDLERS = {
    **commands.HANDLERS,
    "clients": clients_commands.cmd_clients,
    "agenda": agenda_commands.cmd_agenda,
    "today": today_commands.cmd_today,
    "invoices": invoices_commands.cmd_invoices,
    **security_commands.HANDLERS,
    "report": report_commands.cmd_report,
    "retention": retention_commands.cmd_retention,
}
COMMANDS: frozenset[str] = frozenset(HANDLERS)
DEBUG_ENV = "SOCIALDESK_DEBUG"


def main(argv: Sequence[str]) -> int:
    """Run one command and return its exit code (never calls ``sys.exit``)."""
    args = list(argv)
    previous = current_language()
    try:
        set_language(_language_in(args) or system_language())
        parser = build_parser()
        try:
            options = parser.parse_args(args)
        except SystemExit as exc:  # --help, --version and usage errors
            return _status(exc)
        if options.command is None:
            parser.print_usage(sys.stderr)
            _error(_("a command is required: {commands}", commands=", ".join(sorted(COMMANDS))))
            return 2
        return _run(options)
    finally:
        set_language(previous)


def _run(options: argparse.Namespace) -> int:
    try:
        return HANDLERS[options.command](options)
    except SocialDeskError as exc:
        _error(str(exc))
        return exc.exit_code
    except KeyboardInterrupt:
        _error(_("Interrupted; nothing was changed."))
        return 130
    except Exception as exc:
        if os.environ.get(DEBUG_ENV):
            raise
        if isinstance(exc, KeysFileError):  # a tampered slot, met while unwrapping
            _error(_("The keys file of this vault is damaged. Restore it from a backup."))
            return 4
        if commands.is_damaged_database(exc):
            _error(str(DamagedVault()))
            return DamagedVault.exit_code
        if isinstance(exc, FileExistsError):
            where = exc.filename or (exc.args[0] if exc.args else "?")
            _error(_("{path} already exists; it was left untouched.", path=str(where)))
            return 1
        if isinstance(exc, OSError):
            _error(
                _(
                    "Cannot use {path}: {reason}.",
                    path=str(exc.filename or "?"),
                    reason=exc.strerror or type(exc).__name__,
                )
            )
            return 1
        _error(
            _(
                "An unexpected error occurred ({kind}). Set {env}=1 to see the details.",
                kind=type(exc).__name__,
                env=DEBUG_ENV,
            )
        )
        return 1


def _error(message: str) -> None:
    print(f"{PROG}: error: {message}", file=sys.stderr)


def _status(exc: SystemExit) -> int:
    if exc.code is None:
        return 0
    return exc.code if isinstance(exc.code, int) else 2


def _language_in(args: Sequence[str]) -> str | None:
    """``--language`` must be known before the parser is built: its help is translated."""
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--language" and index + 1 < len(args):
            value = args[index + 1]
        elif arg.startswith("--language="):
            value = arg.partition("=")[2]
        else:
            continue
        return value if value in SUPPORTED_LANGUAGES else None
    return None


# ---- parser ---------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description=_(
            "Encrypted vault commands of SocialDesk. Without a command, the window opens."
        ),
        epilog=_(
            "Passphrase: --passphrase-file FILE (first line), else the {env} environment "
            "variable, else a prompt. Exit codes: 0 ok, 1 error, 2 usage or bad input, "
            "3 wrong passphrase or recovery key, 4 damaged vault, not a vault or keys file "
            "missing, 5 too many failed unlocks: wait (the time is printed).",
            env=PASSPHRASE_ENV,
        ),
        allow_abbrev=False,
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    # Accepted before the command too (``socialdesk --vault X check``), as the GUI takes it.
    parser.add_argument(
        "--vault", type=commands.user_path, metavar="PATH", default=None, help=_vault_help()
    )
    parser.add_argument(
        "--language", choices=SUPPORTED_LANGUAGES, default=None, help=_language_help()
    )

    common = argparse.ArgumentParser(add_help=False)
    # SUPPRESS: a value given before the command is not overwritten by a default here.
    common.add_argument(
        "--vault",
        type=commands.user_path,
        metavar="PATH",
        default=argparse.SUPPRESS,
        help=_vault_help(),
    )
    common.add_argument(
        "--language", choices=SUPPORTED_LANGUAGES, default=argparse.SUPPRESS, help=_language_help()
    )

    passphrase = argparse.ArgumentParser(add_help=False)
    passphrase.add_argument(
        "--passphrase-file",
        type=commands.user_path,
        metavar="FILE",
        help=_("read the passphrase from the first line of FILE"),
    )

    unlock = argparse.ArgumentParser(add_help=False)
    how = unlock.add_mutually_exclusive_group()
    how.add_argument(
        "--passphrase-file",
        type=commands.user_path,
        metavar="FILE",
        help=_("read the passphrase from the first line of FILE"),
    )
    how.add_argument(
        "--recovery-key-file",
        type=commands.user_path,
        metavar="FILE",
        help=_("unlock with the recovery key written in FILE instead of the passphrase"),
    )

    sub = parser.add_subparsers(dest="command", metavar="<command>", title=_("available commands"))

    def add(
        name: str, help_text: str, parents: list[argparse.ArgumentParser]
    ) -> argparse.ArgumentParser:
        return sub.add_parser(
            name,
            help=help_text,
            description=help_text,
            parents=[common, *parents],
            allow_abbrev=False,
        )

    add("init", _("create a new encrypted vault and show its recovery key once"), [passphrase])

    demo = add("demo", _("create a new vault filled with invented demo data"), [passphrase])
    demo.add_argument(
        "--size",
        choices=("small", "large"),
        default="small",
        help=_("amount of demo data (default: small)"),
    )
    demo.add_argument(
        "--seed", type=int, default=7, help=_("random seed, for a reproducible vault (default: 7)")
    )

    add("check", _("verify the vault: encryption, integrity, schema, record counts"), [unlock])

    backup = add("backup", _("write an encrypted copy of the vault and its keys file"), [unlock])
    backup.add_argument(
        "--to",
        type=commands.user_path,
        metavar="DIR",
        default=None,
        help=_("folder for the copy (default: the backups folder beside the vault)"),
    )
    backup.add_argument(
        "--verify",
        type=commands.user_path,
        metavar="FILE",
        default=None,
        help=_(
            "check the backup FILE instead (opens it with its passphrase or recovery key: "
            "integrity, schema, record counts); exit 4 if it is damaged"
        ),
    )

    restore = add("restore", _("check a backup, then copy it in place of the vault"), [unlock])
    restore.add_argument(
        "file", type=commands.user_path, metavar="FILE", help=_("the backup (.sdvault) to restore")
    )
    restore.add_argument(
        "--force",
        action="store_true",
        help=_("replace an existing vault; the old one is kept aside, not deleted"),
    )

    passwd = add("passwd", _("change the passphrase (the recovery key stays valid)"), [passphrase])
    passwd.add_argument(
        "--new-passphrase-file",
        type=commands.user_path,
        metavar="FILE",
        help=_(
            "read the new passphrase from FILE (else {env}, else a prompt)", env=NEW_PASSPHRASE_ENV
        ),
    )

    clients_commands.add_clients_parser(sub, common=common, unlock=unlock)
    agenda_commands.add_agenda_parser(sub, common=common, unlock=unlock)
    today_commands.add_today_parser(sub, common=common, unlock=unlock)
    retention_commands.add_retention_parser(sub, common=common, unlock=unlock)
    invoices_commands.add_invoices_parser(sub, common=common, unlock=unlock)
    security_commands.add_security_parsers(sub, common=common, passphrase=passphrase)
    report_commands.add_report_parser(sub, common=common, unlock=unlock)
    return parser


def _vault_help() -> str:
    return _("the vault file (default: the vault of the app)")


def _language_help() -> str:
    return _("language of the messages (default: the system language)")
