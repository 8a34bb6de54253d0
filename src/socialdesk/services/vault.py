"""Use cases of the vault itself: create, unlock (three ways), lock, change passphrase,
remember on this device, back up, restore and check.

A :class:`Vault` is an unlocked database: its engine and the key that opened it. Locking
disposes the engine and zeroes the key. Wrong secrets are detected on the keys file alone,
before the database file is opened, so a failed unlock never touches the database.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from socialdesk.domain.enums import AuditAction
from socialdesk.domain.errors import (
    DamagedVault,
    DeviceKeyUnavailable,
    InsecureKeyring,
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
from socialdesk.services.audit import record_event
from socialdesk.storage.backup import BackupFiles, backup_name, integrity_problems, vacuum_into
from socialdesk.storage.engine import create_vault_engine, is_plaintext_sqlite
from socialdesk.storage.stats import has_user_tables, record_counts
from socialdesk.storage.uow import UnitOfWork, session_factory
from socialdesk.vault.atomic import fsync_dir
from socialdesk.vault.kdf import KdfParams, calibrate
from socialdesk.vault.keyring_store import DeviceKeyStore, KeyringUnavailable
from socialdesk.vault.keyslots import (
    KeysFileError,
    Keyslots,
    SlotUnwrapError,
    keys_path_for,
)
from socialdesk.vault.lock import KeyHolder
from socialdesk.vault.recovery import format_recovery_key, new_recovery_key, parse_recovery_key

MIN_PASSPHRASE_LENGTH = 12
_SIDE_FILES = ("-wal", "-shm")


@dataclass
class Vault:
    """An unlocked vault. Every database operation goes through :meth:`uow`."""

    path: Path
    vault_id: str
    engine: Engine
    _key: KeyHolder = field(repr=False)
    _sessions: sessionmaker[Session] = field(repr=False)

    @property
    def keys_path(self) -> Path:
        return keys_path_for(self.path)

    @property
    def locked(self) -> bool:
        return self._key.locked

    def uow(self) -> UnitOfWork:
        if self._key.locked:
            raise VaultLocked()
        return UnitOfWork(self._sessions)

    def lock(self) -> None:
        """Close every connection and zero the key. Idempotent."""
        if not self._key.locked:
            # Keep the planner's statistics fresh (cheap; SQLite's advice for closing).
            with contextlib.suppress(Exception), self.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA optimize")
        self.engine.dispose()
        self._key.wipe()

    def raw_key(self) -> bytes:
        return self._key.raw()


def validate_new_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise WeakPassphrase(minimum=MIN_PASSPHRASE_LENGTH)


def vault_files(path: Path) -> list[Path]:
    """The database, its WAL/SHM side files and its keys file (those that exist)."""
    path = Path(path)
    candidates = [path, keys_path_for(path)] + [path.with_name(path.name + s) for s in _SIDE_FILES]
    return [p for p in candidates if p.exists()]


def vault_exists(path: Path) -> bool:
    return Path(path).exists() or keys_path_for(Path(path)).exists()


# ---- create ---------------------------------------------------------------------------
def create_vault(
    path: Path,
    passphrase: str,
    *,
    kdf_params: KdfParams | None = None,
    seed_defaults: bool = True,
) -> tuple[Vault, str]:
    """Create a new vault and return it unlocked with its recovery key (shown once).

    A new vault starts with the usual note types and social-issue typology in the
    current language (``seed_defaults``). ``kdf_params`` is for tests only; the app and
    CLI always pass ``None`` (calibrated).
    """
    path = Path(path)
    validate_new_passphrase(passphrase)
    if vault_exists(path):
        raise VaultExists(path=str(path))
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    db_key = os.urandom(32)
    recovery = new_recovery_key()
    slots = Keyslots.new()
    slots.set_passphrase(db_key, passphrase, kdf_params or calibrate())
    slots.set_recovery(db_key, recovery)
    keys_path = keys_path_for(path)
    slots.save(keys_path)
    try:
        # Create the database file private before SQLite writes a byte; SQLite gives its
        # -wal and -shm files the same permissions.
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        vault = _open_database(
            path,
            slots.vault_id,
            KeyHolder(db_key),
            backup_dir=None,
            method="create",
            fresh=True,
            seed_defaults=seed_defaults,
        )
    except BaseException:
        for leftover in vault_files(path):
            leftover.unlink()
        raise
    return vault, format_recovery_key(recovery)


# ---- unlock ---------------------------------------------------------------------------
def _load_keyslots(path: Path) -> Keyslots:
    path = Path(path)
    keys_path = keys_path_for(path)
    if not path.exists():
        raise VaultNotFound(path=str(path))
    if is_plaintext_sqlite(path):
        raise NotAVault(path=str(path))
    if not keys_path.exists():
        raise KeysFileMissing(path=str(keys_path))
    try:
        return Keyslots.load(keys_path)
    except (KeysFileError, FileNotFoundError) as exc:
        raise NotAVault(path=str(keys_path)) from exc


def _unwrap_passphrase(slots: Keyslots, passphrase: str, path: Path) -> bytes:
    try:
        return slots.unwrap_passphrase(passphrase)
    except SlotUnwrapError:
        raise WrongPassphrase() from None
    except KeysFileError as exc:
        raise NotAVault(path=str(keys_path_for(Path(path)))) from exc


def read_keyslots(path: Path) -> Keyslots:
    """The keys file of the vault at ``path``, validated (for the UI's unlock options)."""
    return _load_keyslots(path)


def unlock_with_passphrase(path: Path, passphrase: str, *, backup_dir: Path | None = None) -> Vault:
    slots = _load_keyslots(path)
    key = _unwrap_passphrase(slots, passphrase, path)
    return _open_database(
        Path(path), slots.vault_id, KeyHolder(key), backup_dir=backup_dir, method="passphrase"
    )


def unlock_with_recovery_key(
    path: Path, recovery_text: str, *, backup_dir: Path | None = None
) -> Vault:
    try:
        recovery = parse_recovery_key(recovery_text)
    except ValueError:
        raise InvalidRecoveryKey() from None
    slots = _load_keyslots(path)
    try:
        key = slots.unwrap_recovery(recovery)
    except SlotUnwrapError:
        raise WrongRecoveryKey() from None
    except KeysFileError as exc:
        raise NotAVault(path=str(keys_path_for(Path(path)))) from exc
    return _open_database(
        Path(path), slots.vault_id, KeyHolder(key), backup_dir=backup_dir, method="recovery_key"
    )


def unlock_with_device(
    path: Path, store: DeviceKeyStore, *, backup_dir: Path | None = None
) -> Vault:
    """Open with the secret remembered in the OS keyring; any failure means "ask for the
    passphrase" (DeviceKeyUnavailable), never a new key."""
    slots = _load_keyslots(path)
    account = slots.device_account()
    if account is None:
        raise DeviceKeyUnavailable()
    try:
        secret = store.get_secret(account)
        key = slots.unwrap_device(secret)
    except (KeyringUnavailable, SlotUnwrapError):
        raise DeviceKeyUnavailable() from None
    return _open_database(
        Path(path), slots.vault_id, KeyHolder(key), backup_dir=backup_dir, method="device"
    )


def has_device_slot(path: Path) -> bool:
    try:
        return _load_keyslots(path).device_account() is not None
    except Exception:
        return False


def _open_database(
    path: Path,
    vault_id: str,
    key: KeyHolder,
    *,
    backup_dir: Path | None,
    method: str,
    fresh: bool = False,
    seed_defaults: bool = False,
) -> Vault:
    from socialdesk.storage import schema

    engine = create_vault_engine(path, key)
    migrated: dict[str, str | None] | None = None
    try:
        with engine.connect() as connection:
            # The connect event has read sqlite_schema: a damaged file failed there.
            before = schema.current_revision(connection)
        if schema.needs_upgrade(engine):
            backup_file: str | None = None
            if not fresh and has_user_tables(engine):
                # Never migrate without a copy to go back to.
                target_dir = backup_dir or path.parent / "backups"
                name = backup_name(datetime.now(UTC), "pre-migration")
                backup_file = vacuum_into(
                    engine, keys_path_for(path), Path(target_dir) / name
                ).database.name
            schema.upgrade(engine)
            migrated = {"from": before, "to": schema.head_revision(), "backup": backup_file}
        vault = Vault(
            path=path, vault_id=vault_id, engine=engine, _key=key, _sessions=session_factory(engine)
        )
        with vault.uow() as uow:
            if fresh and seed_defaults:
                from socialdesk.services.defaults import seed_new_vault

                seed_new_vault(uow)
            if fresh:
                record_event(uow, AuditAction.VAULT_CREATE)
            elif migrated:
                record_event(uow, AuditAction.MIGRATE, details=migrated)
            record_event(uow, AuditAction.UNLOCK, details={"method": method})
    except BaseException:
        engine.dispose()
        key.wipe()
        raise
    return vault


# ---- key management -------------------------------------------------------------------
def change_passphrase(
    path: Path, old: str, new: str, *, kdf_params: KdfParams | None = None
) -> None:
    """Rewrite only the passphrase slot; the database and other slots are not touched."""
    validate_new_passphrase(new)
    slots = _load_keyslots(path)
    key = _unwrap_passphrase(slots, old, path)
    slots.set_passphrase(key, new, kdf_params or calibrate())
    slots.save(keys_path_for(Path(path)))


def reset_passphrase(vault: Vault, new: str, *, kdf_params: KdfParams | None = None) -> None:
    """Set a new passphrase on an unlocked vault without the old one — for the person who
    forgot it and opened the vault with the recovery key. Only the passphrase slot is
    rewritten."""
    validate_new_passphrase(new)
    slots = _load_keyslots(vault.path)
    slots.set_passphrase(vault.raw_key(), new, kdf_params or calibrate())
    slots.save(vault.keys_path)
    with vault.uow() as uow:
        record_event(uow, AuditAction.PASSPHRASE_CHANGE, details={"method": "reset"})


def regenerate_recovery_key(vault: Vault) -> str:
    """Replace the recovery slot; the old recovery key stops working. Shown once."""
    slots = _load_keyslots(vault.path)
    recovery = new_recovery_key()
    slots.set_recovery(vault.raw_key(), recovery)
    slots.save(vault.keys_path)
    with vault.uow() as uow:
        record_event(uow, AuditAction.RECOVERY_KEY_RESET)
    return format_recovery_key(recovery)


def remember_on_device(vault: Vault, store: DeviceKeyStore) -> None:
    """Add the device slot; refused with nothing written if the keyring is not a real OS
    store or does not answer."""
    if not store.is_available():
        raise InsecureKeyring()
    slots = _load_keyslots(vault.path)
    account = f"vault-{slots.vault_id}"
    try:
        secret = store.new_secret(account)
    except KeyringUnavailable:
        raise InsecureKeyring() from None
    slots.set_device(vault.raw_key(), secret, account)
    slots.save(vault.keys_path)
    with vault.uow() as uow:
        record_event(uow, AuditAction.DEVICE_REMEMBER)


def forget_on_device(vault: Vault, store: DeviceKeyStore) -> None:
    slots = _load_keyslots(vault.path)
    account = slots.device_account()
    slots.remove("device")
    slots.save(vault.keys_path)
    with vault.uow() as uow:
        record_event(uow, AuditAction.DEVICE_FORGET)
    if account is not None:
        with contextlib.suppress(KeyringUnavailable):
            store.delete_secret(account)


# ---- backup, restore, check -----------------------------------------------------------
@dataclass(frozen=True, slots=True)
class CheckReport:
    problems: tuple[str, ...]
    schema_revision: str | None
    head_revision: str
    cipher_version: str
    counts: dict[str, int]

    @property
    def ok(self) -> bool:
        return not self.problems and self.schema_revision == self.head_revision


def check_vault(vault: Vault) -> CheckReport:
    from socialdesk.storage import schema

    problems = list(integrity_problems(vault.engine))
    revision: str | None = None
    cipher = ""
    counts: dict[str, int] = {}
    try:
        with vault.engine.connect() as connection:
            cipher = str(connection.exec_driver_sql("PRAGMA cipher_version").scalar())
            revision = schema.current_revision(connection)
        counts = record_counts(vault.engine)
    except (DBAPIError, MemoryError) as exc:
        # SQLCipher reports some HMAC failures as SQLITE_NOMEM, which Python maps to
        # MemoryError: on a vault that unlocked fine, that means a damaged page.
        problems.append(f"database error: {getattr(exc, 'orig', exc)!r}")
    return CheckReport(
        problems=tuple(problems),
        schema_revision=revision,
        head_revision=schema.head_revision(),
        cipher_version=cipher,
        counts=counts,
    )


def backup_vault(
    vault: Vault, directory: Path, *, now: Callable[[], datetime] | None = None
) -> BackupFiles:
    stamp = (now or (lambda: datetime.now(UTC)))()
    files = vacuum_into(vault.engine, vault.keys_path, Path(directory) / backup_name(stamp))
    with vault.uow() as uow:
        record_event(uow, AuditAction.BACKUP, details={"file": files.database.name})
    return files


def restore_backup(
    backup: Path, destination: Path, passphrase: str, *, force: bool = False
) -> Path | None:
    """Copy ``backup`` next to ``destination``, verify the copy opens with ``passphrase``
    and is healthy, then put it in place. The backup file itself is only read. An existing
    vault at ``destination`` is refused unless ``force``; then it is kept aside (returned
    path) rather than deleted."""
    backup = Path(backup)
    destination = Path(destination)
    slots = _load_keyslots(backup)
    key = KeyHolder(_unwrap_passphrase(slots, passphrase, backup))
    if vault_exists(destination) and not force:
        key.wipe()
        raise VaultExists(path=str(destination))
    destination.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    staged = destination.with_name(destination.name + ".restoring")
    staged_keys = keys_path_for(staged)
    try:
        for source, target in ((backup, staged), (keys_path_for(backup), staged_keys)):
            shutil.copyfile(source, target)
            os.chmod(target, 0o600)
            with open(target, "rb+") as handle:
                os.fsync(handle.fileno())
        engine = create_vault_engine(staged, key)
        try:
            if integrity_problems(engine):
                raise DamagedVault()
        finally:
            engine.dispose()
        kept_aside: Path | None = None
        if vault_exists(destination):
            stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
            kept_aside = destination.with_name(f"{destination.name}.before-restore-{stamp}")
            for item in vault_files(destination):
                item.rename(
                    kept_aside.with_name(kept_aside.name + item.name[len(destination.name) :])
                )
        os.replace(staged_keys, keys_path_for(destination))
        os.replace(staged, destination)
        fsync_dir(destination.parent)
    finally:
        key.wipe()
        for leftover in [staged, staged_keys] + [
            staged.with_name(staged.name + s) for s in _SIDE_FILES
        ]:
            leftover.unlink(missing_ok=True)
    return kept_aside
