"""``socialdesk rotate-key`` and ``socialdesk acknowledge-warning``: the vault's key and
its tamper evidence, from a terminal.

``rotate-key`` needs the passphrase (its slot is re-wrapped for the new key) and always
prints a new recovery key: the old one cannot be carried over, it is never stored.
"""

from __future__ import annotations

import argparse

from socialdesk.cli.commands import _say, _show_recovery_key, vault_path
from socialdesk.cli.secrets import existing_passphrase
from socialdesk.i18n import _
from socialdesk.services.key_rotation import rotate_database_key
from socialdesk.services.tamper import standing_warning
from socialdesk.services.vault import (
    acknowledge_tamper_warning,
    read_keyslots,
    unlock_with_passphrase,
)
from socialdesk.vault.keyring_store import DeviceKeyStore


def add_security_parsers(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    *,
    common: argparse.ArgumentParser,
    passphrase: argparse.ArgumentParser,
) -> None:
    text = _(
        "replace the database key by a new random one; the passphrase stays, a new "
        "recovery key is shown once"
    )
    sub.add_parser(
        "rotate-key",
        help=text,
        description=text,
        parents=[common, passphrase],
        allow_abbrev=False,
    )
    text = _("stop repeating a tamper-evidence warning, once you have checked the vault")
    sub.add_parser(
        "acknowledge-warning",
        help=text,
        description=text,
        parents=[common, passphrase],
        allow_abbrev=False,
    )


def cmd_rotate_key(options: argparse.Namespace) -> int:
    path = vault_path(options)
    read_keyslots(path)  # not found / not a vault: before the prompt
    secret = existing_passphrase(options.passphrase_file, path)
    vault = unlock_with_passphrase(path, secret)
    try:
        _print_notices(vault.notices)
        rotation = rotate_database_key(vault, secret, store=DeviceKeyStore())  # calibrated
    finally:
        vault.lock()
    _say(_("The database key was replaced; the vault was re-encrypted with the new key."))
    _say(_("Your passphrase is unchanged. The old recovery key no longer opens the vault."))
    if rotation.device_dropped:
        _say(
            _(
                "This computer no longer remembers the key (the system keyring did not "
                "answer); turn it on again in Settings → Security if you want it."
            )
        )
    _show_recovery_key(rotation.recovery_key)
    return 0


def cmd_acknowledge_warning(options: argparse.Namespace) -> int:
    path = vault_path(options)
    read_keyslots(path)
    vault = unlock_with_passphrase(path, existing_passphrase(options.passphrase_file, path))
    try:
        warning = standing_warning(vault.head_file, vault.raw_key())
        if warning is None:
            _say(_("There is no tamper-evidence warning to acknowledge."))
            return 0
        _say(str(warning))
        acknowledge_tamper_warning(vault)
    finally:
        vault.lock()
    _say(_("Warning acknowledged: it will not be shown again."))
    return 0


def _print_notices(notices: list[object]) -> None:
    for notice in notices:
        _say(str(notice))


HANDLERS = {
    "rotate-key": cmd_rotate_key,
    "acknowledge-warning": cmd_acknowledge_warning,
}
