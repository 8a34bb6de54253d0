"""Where the command line gets its secrets: a file, the environment, or a hidden prompt.

Order for a passphrase: ``--passphrase-file`` (explicit on the command line) wins over
``SOCIALDESK_PASSPHRASE`` (inherited from the shell), which wins over a ``getpass`` prompt.
A prompt is only offered on a terminal: a script that gave no passphrase gets a clear
usage error (exit 2) instead of hanging on an invisible question.

Secrets are never echoed, logged or put in an error message.
"""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from socialdesk.domain.errors import SocialDeskError
from socialdesk.i18n import N_, _
from socialdesk.services.vault import MIN_PASSPHRASE_LENGTH, validate_new_passphrase

PASSPHRASE_ENV = "SOCIALDESK_PASSPHRASE"
NEW_PASSPHRASE_ENV = "SOCIALDESK_NEW_PASSPHRASE"


class UsageError(SocialDeskError):
    """Bad input on the command line: no terminal to ask on, unreadable file, mismatch."""

    exit_code = 2


class Interrupted(SocialDeskError):
    exit_code = 130
    message = N_("Interrupted; nothing was changed.")


def stdin_is_terminal() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError):  # closed or replaced stream
        return False


def _ask(prompt: str) -> str:
    if not stdin_is_terminal():
        raise UsageError(
            N_(
                "No passphrase given and no terminal to ask for one: set {env} or use "
                "--passphrase-file."
            ),
            env=PASSPHRASE_ENV,
        )
    try:
        return getpass.getpass(prompt)
    except EOFError:
        raise UsageError(N_("No passphrase was entered.")) from None
    except KeyboardInterrupt:
        raise Interrupted() from None


def read_secret_file(path: Path) -> str:
    """The first line of ``path`` without its line ending (spaces are kept: they may be
    part of the passphrase). A UTF-8 byte-order mark, as Notepad writes, is ignored."""
    try:
        with open(path, encoding="utf-8-sig") as handle:
            line = handle.readline()
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
        raise UsageError(
            N_("Cannot read the file {path}: {reason}."), path=str(path), reason=reason
        ) from None
    secret = line.rstrip("\r\n")
    if not secret:
        raise UsageError(N_("The file {path} is empty."), path=str(path))
    return secret


def existing_passphrase(passphrase_file: Path | None, vault_path: Path) -> str:
    """The passphrase that opens an existing vault (asked once)."""
    if passphrase_file is not None:
        return read_secret_file(passphrase_file)
    from_env = os.environ.get(PASSPHRASE_ENV)
    if from_env:
        return from_env
    return _ask(_("Passphrase for {path}: ", path=str(vault_path)))


def new_passphrase(passphrase_file: Path | None, *, env: str = PASSPHRASE_ENV) -> str:
    """A new passphrase, checked for length; asked twice on a terminal.

    Raises WeakPassphrase (exit 2) before any costly key derivation.
    """
    if passphrase_file is not None:
        passphrase = read_secret_file(passphrase_file)
    elif os.environ.get(env):
        passphrase = os.environ[env]
    else:
        passphrase = _ask(
            _("New passphrase (at least {minimum} characters): ", minimum=MIN_PASSPHRASE_LENGTH)
        )
        validate_new_passphrase(passphrase)
        if _ask(_("Repeat the new passphrase: ")) != passphrase:
            raise UsageError(N_("The two passphrases differ; nothing was changed."))
    validate_new_passphrase(passphrase)
    return passphrase


def recovery_key_text(path: Path) -> str:
    """The recovery key written in ``path`` (spaces, dashes and line breaks allowed)."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
        raise UsageError(
            N_("Cannot read the file {path}: {reason}."), path=str(path), reason=reason
        ) from None
    if not text.strip():
        raise UsageError(N_("The file {path} is empty."), path=str(path))
    return text
