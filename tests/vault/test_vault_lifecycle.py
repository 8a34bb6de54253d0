"""The vault end to end on real encrypted files: create, unlock three ways, wrong secrets,
damaged and foreign files, passphrase change, backup and restore."""

from __future__ import annotations

import hashlib
import sqlite3
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from socialdesk.domain.errors import (
    DamagedVault,
    InvalidRecoveryKey,
    KeysFileMissing,
    NotAVault,
    VaultExists,
    VaultLocked,
    VaultNotFound,
    WeakPassphrase,
    WrongPassphrase,
    WrongRecoveryKey,
)
from socialdesk.services import vault as vault_service
from socialdesk.services.vault import (
    backup_vault,
    change_passphrase,
    check_vault,
    create_vault,
    restore_backup,
    unlock_with_passphrase,
    unlock_with_recovery_key,
    vault_files,
)
from socialdesk.storage import schema
from socialdesk.vault.keyslots import keys_path_for
from tests.conftest import CHEAP_KDF, PASSPHRASE


def _digest(paths: list[Path]) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


def _write_marker(vault: vault_service.Vault, marker: str) -> None:
    with vault.uow() as uow:
        uow.session.execute(
            text(
                "INSERT INTO app_setting (key, value, updated_at) VALUES (:k, :v, '2026-01-01 00:00:00.000000')"
            ),
            {"k": "test.marker", "v": f'"{marker}"'},
        )


def _read_marker(vault: vault_service.Vault) -> str:
    with vault.uow() as uow:
        return str(
            uow.session.execute(
                text("SELECT value FROM app_setting WHERE key='test.marker'")
            ).scalar_one()
        )


def test_create_vault_makes_an_encrypted_migrated_private_database(vault_path: Path) -> None:
    vault, recovery = create_vault(vault_path, PASSPHRASE, kdf_params=CHEAP_KDF)
    try:
        assert len(recovery.split("-")) == 13
        assert vault_path.read_bytes()[:16] != b"SQLite format 3\x00"
        assert (vault_path.stat().st_mode & 0o777) == 0o600
        assert (keys_path_for(vault_path).stat().st_mode & 0o777) == 0o600
        with vault.engine.connect() as connection:
            assert schema.current_revision(connection) == schema.head_revision()
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2
    finally:
        vault.lock()
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(vault_path).execute("SELECT * FROM sqlite_schema").fetchall()


def test_create_refuses_an_existing_vault_and_a_short_passphrase(
    vault: vault_service.Vault,
) -> None:
    before = _digest(vault_files(vault.path))
    with pytest.raises(VaultExists):
        create_vault(vault.path, PASSPHRASE, kdf_params=CHEAP_KDF)
    assert _digest(vault_files(vault.path)) == before
    with pytest.raises(WeakPassphrase):
        create_vault(vault.path.with_name("other.sdvault"), "short", kdf_params=CHEAP_KDF)
    assert not vault.path.with_name("other.sdvault").exists()


def test_wrong_passphrase_is_refused_quickly_and_leaves_files_byte_identical(
    vault: vault_service.Vault,
) -> None:
    _write_marker(vault, "kept")
    vault.lock()
    before = _digest(vault_files(vault.path))
    started = time.perf_counter()
    with pytest.raises(WrongPassphrase) as caught:
        unlock_with_passphrase(vault.path, "not the right passphrase")
    assert time.perf_counter() - started < 1.5
    assert str(caught.value) == "Incorrect passphrase."
    assert _digest(vault_files(vault.path)) == before


def test_recovery_key_opens_the_vault_and_bad_recovery_keys_are_refused(vault_path: Path) -> None:
    vault, recovery = create_vault(vault_path, PASSPHRASE, kdf_params=CHEAP_KDF)
    _write_marker(vault, "recovered")
    vault.lock()
    reopened = unlock_with_recovery_key(vault_path, recovery.lower().replace("-", " "))
    assert _read_marker(reopened) == '"recovered"'
    reopened.lock()
    with pytest.raises(InvalidRecoveryKey):
        unlock_with_recovery_key(vault_path, "AAAA-BBBB")
    other_vault, other_recovery = create_vault(
        vault_path.with_name("b.sdvault"), PASSPHRASE, kdf_params=CHEAP_KDF
    )
    other_vault.lock()
    with pytest.raises(WrongRecoveryKey):
        unlock_with_recovery_key(vault_path, other_recovery)


def test_passphrase_change_rewrites_only_its_slot_and_keeps_the_data(
    vault: vault_service.Vault,
) -> None:
    _write_marker(vault, "still here")
    vault.lock()
    db_before = _digest([vault.path])
    change_passphrase(vault.path, PASSPHRASE, "a brand new passphrase", kdf_params=CHEAP_KDF)
    assert _digest([vault.path]) == db_before
    with pytest.raises(WrongPassphrase):
        unlock_with_passphrase(vault.path, PASSPHRASE)
    reopened = unlock_with_passphrase(vault.path, "a brand new passphrase")
    assert _read_marker(reopened) == '"still here"'
    reopened.lock()
    with pytest.raises(WrongPassphrase):
        change_passphrase(
            vault.path, "wrong old passphrase", "whatever long enough", kdf_params=CHEAP_KDF
        )
    with pytest.raises(WeakPassphrase):
        change_passphrase(vault.path, "a brand new passphrase", "short", kdf_params=CHEAP_KDF)


def test_a_plaintext_sqlite_file_is_refused_and_never_opened(tmp_path: Path) -> None:
    plain = tmp_path / "plain.sdvault"
    connection = sqlite3.connect(plain)
    connection.execute("CREATE TABLE t (x)")
    connection.commit()
    connection.close()
    keys_path_for(plain).write_text("{}")
    before = _digest([plain])
    with pytest.raises(NotAVault):
        unlock_with_passphrase(plain, PASSPHRASE)
    assert _digest([plain]) == before
    assert not plain.with_name("plain.sdvault-wal").exists()


def test_missing_files_give_clear_errors(vault: vault_service.Vault, tmp_path: Path) -> None:
    vault.lock()
    with pytest.raises(VaultNotFound):
        unlock_with_passphrase(tmp_path / "nowhere.sdvault", PASSPHRASE)
    keys_path_for(vault.path).rename(tmp_path / "aside.keys")
    with pytest.raises(KeysFileMissing):
        unlock_with_passphrase(vault.path, PASSPHRASE)
    (tmp_path / "aside.keys").rename(keys_path_for(vault.path))
    keys_path_for(vault.path).write_text('{"format": "something else"}')
    with pytest.raises(NotAVault):
        unlock_with_passphrase(vault.path, PASSPHRASE)


def test_a_damaged_database_with_a_good_key_is_reported_damaged_not_recreated(
    vault: vault_service.Vault,
) -> None:
    _write_marker(vault, "x")
    vault.lock()
    # Checkpoint happened at dispose; damage the first page (salt + header area).
    data = bytearray(vault.path.read_bytes())
    data[0:64] = bytes(64)
    vault.path.write_bytes(bytes(data))
    size = vault.path.stat().st_size
    with pytest.raises(DamagedVault):
        unlock_with_passphrase(vault.path, PASSPHRASE)
    assert vault.path.stat().st_size == size


def test_locked_vault_refuses_work_and_forgets_its_key(vault: vault_service.Vault) -> None:
    vault.lock()
    assert vault.locked
    with pytest.raises(VaultLocked):
        vault.uow()
    with pytest.raises(VaultLocked):
        vault.raw_key()


def test_backup_opens_with_the_same_passphrase_and_recovery_key_and_restores(
    vault_path: Path, tmp_path: Path
) -> None:
    vault, recovery = create_vault(vault_path, PASSPHRASE, kdf_params=CHEAP_KDF)
    _write_marker(vault, "backed up")
    files = backup_vault(vault, tmp_path / "backups")
    vault.lock()
    assert files.database.read_bytes()[:16] != b"SQLite format 3\x00"
    copy = unlock_with_passphrase(files.database, PASSPHRASE)
    assert _read_marker(copy) == '"backed up"'
    assert check_vault(copy).ok
    copy.lock()
    copy = unlock_with_recovery_key(files.database, recovery)
    copy.lock()

    target = tmp_path / "restored" / "socialdesk.sdvault"
    assert restore_backup(files.database, target, PASSPHRASE) is None
    restored = unlock_with_passphrase(target, PASSPHRASE)
    assert _read_marker(restored) == '"backed up"'
    restored.lock()

    before = _digest(vault_files(target))
    with pytest.raises(VaultExists):
        restore_backup(files.database, target, PASSPHRASE)
    assert _digest(vault_files(target)) == before
    with pytest.raises(WrongPassphrase):
        restore_backup(files.database, target, "wrong passphrase!!", force=True)
    kept = restore_backup(files.database, target, PASSPHRASE, force=True)
    assert kept is not None and kept.exists()


def test_check_reports_a_healthy_vault(vault: vault_service.Vault) -> None:
    report = check_vault(vault)
    assert report.ok, report.problems
    assert report.cipher_version.startswith("4.")
    assert "client" in report.counts


def test_forgotten_passphrase_is_reset_after_a_recovery_key_unlock(vault_path: Path) -> None:
    vault, recovery = create_vault(vault_path, PASSPHRASE, kdf_params=CHEAP_KDF)
    _write_marker(vault, "kept")
    vault.lock()
    opened = unlock_with_recovery_key(vault_path, recovery)
    with pytest.raises(WeakPassphrase):
        vault_service.reset_passphrase(opened, "short", kdf_params=CHEAP_KDF)
    vault_service.reset_passphrase(opened, "remembered this time", kdf_params=CHEAP_KDF)
    opened.lock()
    with pytest.raises(WrongPassphrase):
        unlock_with_passphrase(vault_path, PASSPHRASE)
    reopened = unlock_with_passphrase(vault_path, "remembered this time")
    assert _read_marker(reopened) == '"kept"'
    reopened.lock()
    unlock_with_recovery_key(vault_path, recovery).lock()  # the recovery key still works
