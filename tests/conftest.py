"""Test environment: headless Qt, private HOME/XDG folders, a fake in-memory keyring,
and real temporary encrypted vaults with cheap KDF parameters (passed explicitly; the app
and the CLI always calibrate)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

# Must be set before anything imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LANG", "en_US.UTF-8")

import keyring  # noqa: E402
import pytest  # noqa: E402
from keyring.backend import KeyringBackend  # noqa: E402

from socialdesk.vault.kdf import KdfParams  # noqa: E402

# pytest-qt waits 5 s by default. On a shared 2-core CI machine under load a database job
# can take longer than that, and a wait that succeeds returns at once anyway: the default
# becomes 30 s. A test that passes its own timeout (to see that something does NOT
# happen, say) keeps it.
PATIENCE_MS = 30_000


def _patient_defaults() -> None:
    from pytestqt.qtbot import QtBot

    wait_until, wait_signal = QtBot.waitUntil, QtBot.waitSignal

    def patient_wait_until(self, callback, *, timeout=PATIENCE_MS):  # type: ignore[no-untyped-def]
        return wait_until(self, callback, timeout=timeout)

    def patient_wait_signal(self, signal, *, timeout=PATIENCE_MS, **kwargs):  # type: ignore[no-untyped-def]
        return wait_signal(self, signal, timeout=timeout, **kwargs)

    QtBot.waitUntil = patient_wait_until  # type: ignore[method-assign]
    QtBot.waitSignal = patient_wait_signal  # type: ignore[method-assign]


_patient_defaults()

# Argon2id at the smallest sane cost: tests test the logic, the bench measures the cost.
CHEAP_KDF = KdfParams(time_cost=1, memory_kib=1024, parallelism=1)
PASSPHRASE = "correct horse battery staple"


class MemoryKeyring(KeyringBackend):
    """A keyring that lives in memory. It is not a trusted OS store, so the app refuses to
    remember keys in it unless a test says otherwise."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.items.pop((service, username), None)


@pytest.fixture(autouse=True)
def private_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Every test gets its own HOME and XDG folders and an in-memory keyring."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    for var, sub in (
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_CACHE_HOME", ".cache"),
        ("XDG_STATE_HOME", ".local/state"),
        ("XDG_RUNTIME_DIR", "run"),
    ):
        (home / sub).mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(var, str(home / sub))
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    yield home
    keyring.set_keyring(previous)


@pytest.fixture
def cheap_kdf() -> KdfParams:
    return CHEAP_KDF


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    return tmp_path / "vaults" / "test.sdvault"


@pytest.fixture
def vault(vault_path: Path):  # type: ignore[no-untyped-def]
    """A new, unlocked, migrated encrypted vault; locked again after the test."""
    from socialdesk.services.vault import create_vault

    # No default note types / typology: tests set up the reference data they need.
    opened, _recovery = create_vault(
        vault_path, PASSPHRASE, kdf_params=CHEAP_KDF, seed_defaults=False
    )
    yield opened
    opened.lock()
