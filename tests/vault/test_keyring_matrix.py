"""'Remember on this device' against fake keyring backends: only a trusted store is used,
a hanging one falls back within the timeout, and nothing ever makes a new database key."""

from __future__ import annotations

import hashlib
import threading
import time
from pathlib import Path

import pytest
from keyring.backends import fail, null

from socialdesk.domain.errors import DeviceKeyUnavailable, InsecureKeyring
from socialdesk.services.vault import (
    Vault,
    forget_on_device,
    remember_on_device,
    unlock_with_device,
    unlock_with_passphrase,
)
from socialdesk.vault.keyring_store import DeviceKeyStore, is_trusted_os_store
from socialdesk.vault.keyslots import keys_path_for
from tests.conftest import PASSPHRASE, MemoryKeyring


class PlaintextKeyring(MemoryKeyring):
    """Stands for keyrings.alt's plaintext file store: must be refused."""


class HangingKeyring(MemoryKeyring):
    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def get_password(self, service: str, username: str) -> str | None:
        self.release.wait(30)
        return super().get_password(service, username)


def _trusting(backend: MemoryKeyring, timeout: float = 5.0) -> DeviceKeyStore:
    return DeviceKeyStore(backend, trusted=lambda _b: True, timeout=timeout)


def _keys_digest(vault: Vault) -> str:
    return hashlib.sha256(keys_path_for(vault.path).read_bytes()).hexdigest()


def test_keyring_working_store_remembers_the_vault(vault: Vault) -> None:
    backend = MemoryKeyring()
    store = _trusting(backend)
    remember_on_device(vault, store)
    assert len(backend.items) == 1
    vault.lock()
    reopened = unlock_with_device(vault.path, store)
    assert not reopened.locked
    forget_on_device(reopened, store)
    reopened.lock()
    assert backend.items == {}
    with pytest.raises(DeviceKeyUnavailable):
        unlock_with_device(vault.path, store)


@pytest.mark.parametrize("backend", [PlaintextKeyring(), null.Keyring(), fail.Keyring()])
def test_keyring_untrusted_backends_are_refused_with_nothing_written(
    vault: Vault, backend: object
) -> None:
    store = DeviceKeyStore(backend)  # the app's own trust rule
    before = _keys_digest(vault)
    assert not store.is_available()
    with pytest.raises(InsecureKeyring):
        remember_on_device(vault, store)
    assert _keys_digest(vault) == before
    if isinstance(backend, MemoryKeyring):
        assert backend.items == {}


def test_keyring_trust_rule_accepts_only_os_stores() -> None:
    from keyring.backends import SecretService, Windows, kwallet, macOS

    assert is_trusted_os_store(SecretService.Keyring())
    assert is_trusted_os_store(kwallet.DBusKeyring())
    assert is_trusted_os_store(Windows.WinVaultKeyring())
    assert is_trusted_os_store(macOS.Keyring())
    assert not is_trusted_os_store(MemoryKeyring())
    assert not is_trusted_os_store(null.Keyring())


def test_keyring_hanging_backend_falls_back_to_passphrase_within_timeout(vault: Vault) -> None:
    backend = HangingKeyring()
    store = _trusting(backend)
    backend.release.set()  # let the remember step through
    remember_on_device(vault, store)
    vault.lock()
    backend.release.clear()
    started = time.perf_counter()
    with pytest.raises(DeviceKeyUnavailable):
        unlock_with_device(vault.path, store)
    assert time.perf_counter() - started < 6.0
    backend.release.set()
    unlock_with_passphrase(vault.path, PASSPHRASE).lock()


def test_keyring_changed_or_missing_secret_never_makes_a_new_key(vault: Vault) -> None:
    backend = MemoryKeyring()
    store = _trusting(backend)
    remember_on_device(vault, store)
    vault.lock()
    before = _keys_digest(vault)
    db_before = hashlib.sha256(Path(vault.path).read_bytes()).hexdigest()
    (account,) = [user for (_svc, user) in backend.items]
    backend.items[("SocialDesk", account)] = "QUJDRA=="  # replaced by something else
    with pytest.raises(DeviceKeyUnavailable):
        unlock_with_device(vault.path, store)
    backend.items.clear()
    with pytest.raises(DeviceKeyUnavailable):
        unlock_with_device(vault.path, store)
    assert _keys_digest(vault) == before
    assert hashlib.sha256(Path(vault.path).read_bytes()).hexdigest() == db_before
    unlock_with_passphrase(vault.path, PASSPHRASE).lock()
