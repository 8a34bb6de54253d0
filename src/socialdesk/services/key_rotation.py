"""Database-key rotation: a new random key for the database, every way to unlock kept.

Steps, each safe against a kill (see vault/keyfile.py for how unlock finishes or cleans
an interrupted change):

1. write ``<vault>.keys.next``: the new key wrapped for the same passphrase (new salt),
   for a new recovery key, for the device secret if the keyring gives it, and — only in
   this file — a bridge slot wrapping the new key under the old one;
2. ``PRAGMA rekey`` with the new raw key: SQLCipher re-encrypts every page in one
   transaction (all or nothing);
3. seal the tamper-evidence record with the new key;
4. swap: rewrite ``.next`` without the bridge, rename it over the keys file, fsync.

The old recovery key cannot be re-wrapped (it is never stored), so a rotation always
gives a new one, shown once. The passphrase is asked for: its slot needs it.
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Callable
from dataclasses import dataclass

from socialdesk.domain.enums import AuditAction
from socialdesk.domain.errors import WrongPassphrase
from socialdesk.services import tamper
from socialdesk.services.audit import record_event
from socialdesk.services.vault import Vault, _load_keyslots, _unwrap_passphrase
from socialdesk.vault.kdf import KdfParams, calibrate
from socialdesk.vault.keyfile import swap_next, write_next
from socialdesk.vault.keyring_store import DeviceKeyStore
from socialdesk.vault.keyslots import DEVICE
from socialdesk.vault.recovery import format_recovery_key, new_recovery_key

KEY_BYTES = 32
# Test hook: called with the name of each step just before it runs (fault injection).
Hook = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class KeyRotation:
    recovery_key: str  # the new one, to show once
    device_kept: bool  # the "remember on this device" slot was re-wrapped
    device_dropped: bool  # it existed but the keyring did not answer: it was removed


def rotate_database_key(
    vault: Vault,
    passphrase: str,
    *,
    store: DeviceKeyStore | None = None,
    kdf_params: KdfParams | None = None,
    hook: Hook | None = None,
) -> KeyRotation:
    step = hook or (lambda _name: None)
    slots = _load_keyslots(vault.path)
    old_key = vault.raw_key()
    if not hmac.compare_digest(_unwrap_passphrase(slots, passphrase, vault.path), old_key):
        raise WrongPassphrase()  # a keys file that no longer matches: never build on it
    new_key = os.urandom(KEY_BYTES)
    recovery = new_recovery_key()

    device_secret: bytes | None = None
    account = slots.device_account()
    if account is not None and store is not None:
        try:
            device_secret = store.get_secret(account)
            slots.unwrap_device(device_secret)  # the keyring's secret still fits
        except Exception:
            device_secret = None

    following = slots.copy()
    following.set_passphrase(new_key, passphrase, kdf_params or calibrate())
    following.set_recovery(new_key, recovery)
    if device_secret is not None and account is not None:
        following.set_device(new_key, device_secret, account)
    else:
        following.remove(DEVICE)
    following.set_bridge(new_key, old_key)

    step("write_next")
    write_next(vault.path, following)
    step("rekey")
    _rekey(vault, new_key)
    step("seal_head")
    tamper.rekey_head(vault.head_file, old_key, new_key)
    step("swap")
    swap_next(vault.path)
    step("done")
    with vault.uow() as uow:
        record_event(
            uow,
            AuditAction.KEY_ROTATE,
            details={"device": "kept" if device_secret else ("dropped" if account else "none")},
        )
    return KeyRotation(
        recovery_key=format_recovery_key(recovery),
        device_kept=device_secret is not None,
        device_dropped=account is not None and device_secret is None,
    )


def _rekey(vault: Vault, new_key: bytes) -> None:
    engine = vault.engine
    engine.dispose()  # no pooled connection may keep the old key
    with engine.connect() as connection:
        raw = connection.connection.dbapi_connection
        assert raw is not None
        cursor = raw.cursor()
        try:
            # Outside any transaction (the driver's autocommit mode): SQLCipher runs its
            # own, re-encrypting every page.
            cursor.execute("PRAGMA rekey = \"x'" + new_key.hex() + "'\"")
        finally:
            cursor.close()
    vault._key.replace(new_key)
    engine.dispose()
