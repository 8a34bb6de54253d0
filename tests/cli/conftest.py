"""CLI test helpers: run ``main([...])`` in-process, real encrypted vaults with cheap KDF
parameters, and byte snapshots to prove a failed command touched nothing."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import text

from socialdesk.cli.main import main
from socialdesk.services import vault as vault_service
from socialdesk.services.vault import create_vault, unlock_with_passphrase, vault_files
from tests.conftest import CHEAP_KDF, PASSPHRASE

MARKER_ROWS = 300  # ~300 KiB of rows: enough pages to damage one in the middle


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str


@dataclass(frozen=True)
class StoredVault:
    """A locked vault on disk, with the secrets that open it."""

    path: Path
    recovery_key: str
    passphrase: str = PASSPHRASE


Run = Callable[..., Result]


@pytest.fixture(autouse=True)
def cli_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No secret or debug switch inherited from the shell; English unless a test says so."""
    for name in ("SOCIALDESK_PASSPHRASE", "SOCIALDESK_NEW_PASSPHRASE", "SOCIALDESK_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANGUAGE", "en")


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    def _run(*argv: str | Path) -> Result:
        capsys.readouterr()  # drop anything printed by the test's own set-up
        code = main([str(a) for a in argv])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return _run


@pytest.fixture
def passphrase_env(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("SOCIALDESK_PASSPHRASE", PASSPHRASE)
    return PASSPHRASE


@pytest.fixture
def cheap_calibration(monkeypatch: pytest.MonkeyPatch) -> None:
    """For tests about input and output, not about the cost of the key derivation."""
    monkeypatch.setattr(vault_service, "calibrate", lambda: CHEAP_KDF)


def write_markers(vault: vault_service.Vault) -> None:
    with vault.engine.begin() as connection:
        connection.exec_driver_sql(
            "CREATE TABLE cli_marker (id INTEGER PRIMARY KEY, label TEXT NOT NULL, padding BLOB)"
        )
        connection.execute(
            text("INSERT INTO cli_marker (label, padding) VALUES (:label, randomblob(1000))"),
            [{"label": f"marker {i}"} for i in range(MARKER_ROWS)],
        )


def read_markers(path: Path, passphrase: str = PASSPHRASE) -> list[str]:
    opened = unlock_with_passphrase(path, passphrase)
    try:
        with opened.engine.connect() as connection:
            return list(
                connection.execute(text("SELECT label FROM cli_marker ORDER BY id")).scalars()
            )
    finally:
        opened.lock()


EXPECTED_MARKERS = [f"marker {i}" for i in range(MARKER_ROWS)]


def make_vault(path: Path) -> StoredVault:
    opened, recovery_key = create_vault(path, PASSPHRASE, kdf_params=CHEAP_KDF)
    try:
        write_markers(opened)
    finally:
        opened.lock()
    return StoredVault(path=path, recovery_key=recovery_key)


@pytest.fixture
def stored_vault(vault_path: Path) -> Iterator[StoredVault]:
    yield make_vault(vault_path)


def snapshot(path: Path) -> dict[str, str]:
    """Digest of every file of the vault at ``path`` (database, keys, WAL/SHM)."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in vault_files(path)}


def folder_snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
