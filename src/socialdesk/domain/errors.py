"""Errors the user can meet, each with a clear, translatable message.

Services raise these; the GUI shows ``str(error)`` in a dialog and the CLI prints it and
exits with ``exit_code``. Messages are English ids translated through :mod:`socialdesk.i18n`
at the moment they are shown, so switching language never leaves stale text behind.
"""

from __future__ import annotations

from collections.abc import Mapping

from socialdesk.i18n import _


class SocialDeskError(Exception):
    """Base class: a message id, its parameters, and the CLI exit code."""

    exit_code = 1
    message = "An unexpected error occurred."

    def __init__(self, message: str | None = None, /, **params: object) -> None:
        if message is not None:
            self.message = message
        self.params = params
        super().__init__(self.message)

    def __str__(self) -> str:
        return _(self.message, **self.params)


class VaultError(SocialDeskError):
    """Anything about opening, creating or changing the encrypted vault."""


class WrongPassphrase(VaultError):
    exit_code = 3
    message = "Incorrect passphrase."


class WrongRecoveryKey(VaultError):
    exit_code = 3
    message = "This recovery key does not open this vault."


class InvalidRecoveryKey(VaultError):
    exit_code = 2
    message = "This is not a recovery key: it has 13 groups of 4 letters and digits."


class DamagedVault(VaultError):
    exit_code = 4
    message = (
        "The vault key is correct but the database cannot be read: the file is damaged. "
        "Restore it from a backup; nothing was changed."
    )


class NotAVault(VaultError):
    exit_code = 4
    message = "{path} is not a SocialDesk vault."


class VaultNotFound(VaultError):
    message = "No vault at {path}."


class KeysFileMissing(VaultError):
    exit_code = 4
    message = "The keys file of this vault is missing ({path}). Restore it from a backup."


class VaultExists(VaultError):
    message = "A vault already exists at {path}; it was left untouched."


class DiskFull(VaultError):
    message = (
        "The disk is full: this change was not saved. Everything saved before is safe. "
        "Free some space, then try again."
    )


class DriveError(VaultError):
    message = (
        "The drive reported an input/output error: this change was not saved. Everything "
        "saved before is safe. Check the drive and make a backup."
    )


class VaultLocked(VaultError):
    message = "The vault is locked. Unlock it to continue."


class WeakPassphrase(VaultError):
    exit_code = 2
    message = "The passphrase must have at least {minimum} characters."


class DeviceKeyUnavailable(VaultError):
    message = "This device does not remember the vault key. Enter your passphrase."


class InsecureKeyring(VaultError):
    message = (
        "This system has no secure password store (keyring); the key cannot be remembered "
        "on this device."
    )


class ValidationError(SocialDeskError):
    """Bad input: one message per field, nothing saved."""

    exit_code = 2
    message = "Some fields are not valid."

    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__()
        self.errors = dict(errors)

    def __str__(self) -> str:
        lines = [_(self.message)]
        lines += [f"• {_(msg)}" for msg in self.errors.values()]
        return "\n".join(lines)


class NotFound(SocialDeskError):
    message = "{what} not found."
