"""Use cases of the vault itself: create, unlock (three ways), lock, change passphrase,
remember on this device, back up, restore and check.

A :class:`Vault` is an unlocked database: its engine and the key that opened it. Locking
disposes the engine and zeroes the key. Wrong secrets are detected on the keys file alone,
before the database file is opened, so a failed unlock never touches the database.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import sqlcipher3
from sqlalchemy import Engine, event
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
    VaultError,
    VaultExists,
    VaultLocked,
    VaultNotFound,
    WeakPassphrase,
    WrongPassphrase,
    WrongRecoveryKey,
)
from socialdesk.i18n import N_
from socialdesk.services import tamper
from socialdesk.services.audit import record_event
from socialdesk.storage.backup import BackupFiles, backup_name, integrity_problems, vacuum_into
from socialdesk.storage.engine import create_vault_engine, is_plaintext_sqlite
from socialdesk.storage.stats import has_user_tables, record_counts
from socialdesk.storage.uow import UnitOfWork, session_factory
from socialdesk.vault.kdf import KdfParams, calibrate
from socialdesk.vault.keyfile import (
    commit_keyslots,
    discard_next,
    load_next,
    remove_stray_temp_files,
    swap_next,
)
from socialdesk.vault.keyring_store import DeviceKeyStore, KeyringUnavailable
from socialdesk.vault.keyslots import (
    KeysFileError,
    Keyslots,
    SlotUnwrapError,
    keys_path_for,
    next_keys_path_for,
)
from socialdesk.vault.lock import KeyHolder
from socialdesk.vault.recovery import format_recovery_key, new_recovery_key, parse_recovery_key
from socialdesk.vault.throttle import Clock, UnlockThrottle, attempts_path_for

_log = logging.getLogger(__name__)

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
    # Warnings to show right after unlock (tamper evidence, a key change completed).
    notices: list[VaultError] = field(default_factory=list)

    @property
    def keys_path(self) -> Path:
        return keys_path_for(self.path)

    @property
    def head_file(self) -> tamper.HeadFile:
        return tamper.HeadFile(self.path, self.vault_id)

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


def security_files(path: Path) -> list[Path]:
    """The files SocialDesk keeps beside a vault besides :func:`vault_files`: the
    tamper-evidence record and the failed-unlock counter (those that exist)."""
    path = Path(path)
    return [p for p in (tamper.head_path_for(path), attempts_path_for(path)) if p.exists()]


class KeyRotationCompleted(VaultError):
    message = N_(
        "A change of the vault key that was interrupted has now been completed. Its new "
        "recovery key may never have been shown: make a new recovery key in Settings → "
        "Security and write it down."
    )


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
    # Leftovers of an earlier vault at this path must not speak for the new one.
    discard_next(path)
    attempts_path_for(path).unlink(missing_ok=True)
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
        for leftover in vault_files(path) + security_files(path):
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


def unlock_with_passphrase(
    path: Path,
    passphrase: str,
    *,
    backup_dir: Path | None = None,
    clock: Clock | None = None,
) -> Vault:
    """Open with the passphrase. After 5 failures in a row each attempt waits (UnlockDelayed,
    checked before any key derivation); ``clock`` is for tests."""
    return _unlock(
        Path(path),
        lambda slots: _unwrap_passphrase(slots, passphrase, path),
        WrongPassphrase,
        backup_dir=backup_dir,
        method="passphrase",
        throttle=UnlockThrottle(Path(path), clock),
    )


def unlock_with_recovery_key(
    path: Path,
    recovery_text: str,
    *,
    backup_dir: Path | None = None,
    clock: Clock | None = None,
) -> Vault:
    try:
        recovery = parse_recovery_key(recovery_text)
    except ValueError:
        raise InvalidRecoveryKey() from None

    def unwrap(slots: Keyslots) -> bytes:
        try:
            return slots.unwrap_recovery(recovery)
        except SlotUnwrapError:
            raise WrongRecoveryKey() from None
        except KeysFileError as exc:
            raise NotAVault(path=str(keys_path_for(Path(path)))) from exc

    return _unlock(
        Path(path),
        unwrap,
        WrongRecoveryKey,
        backup_dir=backup_dir,
        method="recovery_key",
        throttle=UnlockThrottle(Path(path), clock),
    )


def unlock_with_device(
    path: Path, store: DeviceKeyStore, *, backup_dir: Path | None = None
) -> Vault:
    """Open with the secret remembered in the OS keyring; any failure means "ask for the
    passphrase" (DeviceKeyUnavailable), never a new key. Not throttled: nobody guesses."""
    account = _load_keyslots(path).device_account()
    if account is None:
        raise DeviceKeyUnavailable()
    try:
        secret = store.get_secret(account)
    except KeyringUnavailable:
        raise DeviceKeyUnavailable() from None

    def unwrap(slots: Keyslots) -> bytes:
        try:
            return slots.unwrap_device(secret)
        except SlotUnwrapError:
            raise DeviceKeyUnavailable() from None

    return _unlock(Path(path), unwrap, DeviceKeyUnavailable, backup_dir=backup_dir, method="device")


def _unlock(
    path: Path,
    unwrap: Callable[[Keyslots], bytes],
    wrong: type[VaultError],
    *,
    backup_dir: Path | None,
    method: str,
    throttle: UnlockThrottle | None = None,
) -> Vault:
    """Unwrap the key with the current keys file and open the database; finish or clean
    an interrupted key change (``.next``, see vault/keyfile.py) on the way.

    - the secret opens the current file and its key opens the database: any ``.next`` is
      stale (a change that did not reach its swap) and is removed;
    - the secret opens the current file but its key no longer opens the database: a
      rotation was interrupted after its rekey; the ``.next`` key (by the same secret or
      through the rotation bridge) opens it, and the swap is completed;
    - the secret does not open the current file but opens ``.next``, whose key opens the
      database: a change interrupted before its swap; it is completed.
    """
    if throttle is not None:
        throttle.check()
    slots = _load_keyslots(path)
    pending = load_next(path, slots.vault_id)
    try:
        key = unwrap(slots)
    except wrong:
        if pending is not None:
            with contextlib.suppress(wrong, DamagedVault):
                vault = _open_database(
                    path,
                    slots.vault_id,
                    KeyHolder(unwrap(pending)),
                    backup_dir=backup_dir,
                    method=method,
                )
                _complete_swap(vault)
                _unlocked(throttle, path)
                return vault
        if throttle is not None:
            throttle.record_failure()
        raise
    try:
        vault = _open_database(
            path, slots.vault_id, KeyHolder(key), backup_dir=backup_dir, method=method
        )
    except DamagedVault:
        if pending is None:
            raise
        new_key = _pending_key(pending, unwrap, key)
        if new_key is None or new_key == key:
            raise
        vault = _open_database(
            path,
            slots.vault_id,
            KeyHolder(new_key),
            backup_dir=backup_dir,
            method=method,
            previous_key=key,
        )
        _complete_swap(vault)
        vault.notices.append(KeyRotationCompleted())
        _unlocked(throttle, path)
        return vault
    if pending is not None:
        discard_next(path)
    _unlocked(throttle, path)
    return vault


def _complete_swap(vault: Vault) -> None:
    try:
        swap_next(vault.path)
    except BaseException:
        vault.lock()  # never hand over a vault whose keys file could not be completed
        raise


def _pending_key(
    pending: Keyslots, unwrap: Callable[[Keyslots], bytes], old_key: bytes
) -> bytes | None:
    try:
        return unwrap(pending)
    except (VaultError, KeysFileError):
        pass
    try:
        return pending.unwrap_bridge(old_key)
    except (SlotUnwrapError, KeysFileError):
        return None


def _unlocked(throttle: UnlockThrottle | None, path: Path) -> None:
    if throttle is not None:
        throttle.reset()
    remove_stray_temp_files(path)


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
    previous_key: bytes | None = None,
) -> Vault:
    """``previous_key``: the key before an interrupted rotation this unlock completes (the
    tamper-evidence record may still be sealed with it)."""
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
                from socialdesk.services.backups import pre_migration_folder

                target_dir = backup_dir or pre_migration_folder(engine, path)
                name = backup_name(datetime.now(UTC), "pre-migration")
                backup_file = vacuum_into(
                    engine, keys_path_for(path), Path(target_dir) / name
                ).database.name
            schema.upgrade(engine)
            migrated = {"from": before, "to": schema.head_revision(), "backup": backup_file}
        vault = Vault(
            path=path, vault_id=vault_id, engine=engine, _key=key, _sessions=session_factory(engine)
        )
        _record_heads_after_commits(vault)
        with vault.uow() as uow:
            try:
                warning = tamper.check_at_unlock(
                    uow.session,
                    vault.head_file,
                    key.raw(),
                    fresh=fresh,
                    previous_key=previous_key,
                )
            except (DBAPIError, MemoryError) as exc:
                # The first read of the data itself: a malformed page is damage.
                if _is_damage(exc):
                    raise DamagedVault() from exc
                raise
            if warning is not None:
                vault.notices.append(warning)
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


def _is_damage(exc: BaseException) -> bool:
    """A page that fails its HMAC (SQLCipher then says SQLITE_NOMEM: MemoryError) or a
    malformed b-tree; not a busy database or a full disk."""
    if isinstance(exc, MemoryError):
        return True
    orig = getattr(exc, "orig", None)
    if not isinstance(orig, sqlcipher3.DatabaseError) or isinstance(
        orig, sqlcipher3.OperationalError
    ):
        return False
    text = str(orig).lower()
    return any(sign in text for sign in ("malformed", "not a database", "corrupt"))


def _record_heads_after_commits(vault: Vault) -> None:
    """After each commit that wrote audit events, update the tamper-evidence record."""

    def after_commit(session: Session) -> None:
        pending = session.info.pop(tamper.PENDING_KEY, None)
        if not pending or vault.locked:
            return
        try:
            tamper.record_heads_after_commit(vault.head_file, vault.raw_key(), pending)
        except OSError as exc:
            # The commit stands; the record stays one step behind (a prefix: no alarm).
            _log.warning("could not update the chain head record: %s", exc.strerror)

    event.listen(vault._sessions, "after_commit", after_commit)


# ---- key management -------------------------------------------------------------------
def change_passphrase(
    path: Path, old: str, new: str, *, kdf_params: KdfParams | None = None
) -> None:
    """Rewrite only the passphrase slot; the database and other slots are not touched."""
    validate_new_passphrase(new)
    path = Path(path)
    if next_keys_path_for(path).exists():
        # An earlier change was interrupted: finish or clean it first (an unlock does),
        # so this one never builds on a keys file whose key is no longer the database's.
        unlock_with_passphrase(path, old).lock()
    throttle = UnlockThrottle(path)
    throttle.check()
    slots = _load_keyslots(path)
    try:
        key = _unwrap_passphrase(slots, old, path)
    except WrongPassphrase:
        throttle.record_failure()
        raise
    throttle.reset()
    slots.set_passphrase(key, new, kdf_params or calibrate())
    commit_keyslots(path, slots)


def reset_passphrase(vault: Vault, new: str, *, kdf_params: KdfParams | None = None) -> None:
    """Set a new passphrase on an unlocked vault without the old one — for the person who
    forgot it and opened the vault with the recovery key. Only the passphrase slot is
    rewritten."""
    validate_new_passphrase(new)
    slots = _load_keyslots(vault.path)
    slots.set_passphrase(vault.raw_key(), new, kdf_params or calibrate())
    commit_keyslots(vault.path, slots)
    with vault.uow() as uow:
        record_event(uow, AuditAction.PASSPHRASE_CHANGE, details={"method": "reset"})


def regenerate_recovery_key(vault: Vault) -> str:
    """Replace the recovery slot; the old recovery key stops working. Shown once."""
    slots = _load_keyslots(vault.path)
    recovery = new_recovery_key()
    slots.set_recovery(vault.raw_key(), recovery)
    commit_keyslots(vault.path, slots)
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
    commit_keyslots(vault.path, slots)
    with vault.uow() as uow:
        record_event(uow, AuditAction.DEVICE_REMEMBER)


def forget_on_device(vault: Vault, store: DeviceKeyStore) -> None:
    slots = _load_keyslots(vault.path)
    account = slots.device_account()
    slots.remove("device")
    commit_keyslots(vault.path, slots)
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
        problems += chain_problems(vault)
    except (DBAPIError, MemoryError, DamagedVault) as exc:
        # SQLCipher reports some HMAC failures as SQLITE_NOMEM, which Python maps to
        # MemoryError: on a vault that unlocked fine, that means a damaged page. A unit of
        # work reports a malformed page as DamagedVault (the SQLite error is its cause).
        cause = exc.__cause__ if isinstance(exc, DamagedVault) else exc
        problems.append(f"database error: {getattr(cause, 'orig', cause)!r}")
    return CheckReport(
        problems=tuple(problems),
        schema_revision=revision,
        head_revision=schema.head_revision(),
        cipher_version=cipher,
        counts=counts,
    )


def chain_problems(vault: Vault) -> list[str]:
    """Breaks in the audit and invoice hash chains, and any tamper-evidence warning
    (translated, for ``check``)."""
    from socialdesk.i18n import _
    from socialdesk.services.audit import verify_chain
    from socialdesk.services.invoice_issue import verify_invoice_chain

    problems: list[str] = []
    with vault.uow() as uow:
        broken = verify_chain(uow)
        chain = verify_invoice_chain(uow)
    if broken is not None:
        problems.append(
            _(
                "The audit log was altered: event {id} does not follow from the one before.",
                id=broken,
            )
        )
    for link in chain.breaks:
        problems.append(
            _(
                "The invoice journal was altered at {number} ({reason}).",
                number=link.number or f"#{link.invoice_id}",
                reason=link.reason,
            )
        )
    warning = tamper.standing_warning(vault.head_file, vault.raw_key())
    if warning is not None:
        problems.append(str(warning))
    return problems


def _reset_head_record(path: Path, vault_id: str, key: KeyHolder) -> None:
    discard_next(path)
    engine = create_vault_engine(path, key, pool=False)
    try:
        with Session(engine) as session:
            heads = tamper.current_heads(session)
    finally:
        engine.dispose()
    tamper.HeadFile(path, vault_id).write(key.raw(), tamper.HeadRecord(heads, None))


def acknowledge_tamper_warning(vault: Vault) -> None:
    """The person has checked after a tamper warning: stop repeating it."""
    with vault.uow() as uow:
        tamper.acknowledge(uow.session, vault.head_file, vault.raw_key())


def backup_vault(
    vault: Vault,
    directory: Path,
    *,
    now: Callable[[], datetime] | None = None,
    label: str = "",
) -> BackupFiles:
    """A verified encrypted copy in ``directory`` (see storage.backup.vacuum_into)."""
    stamp = (now or (lambda: datetime.now(UTC)))()
    files = vacuum_into(vault.engine, vault.keys_path, Path(directory) / backup_name(stamp, label))
    with vault.uow() as uow:
        record_event(uow, AuditAction.BACKUP, details={"file": files.database.name})
    return files


def restore_backup(
    backup: Path,
    destination: Path,
    passphrase: str,
    *,
    force: bool = False,
    recovery_key: str | None = None,
) -> Path | None:
    """Copy ``backup`` next to ``destination``, verify the copy opens with ``passphrase``
    (or ``recovery_key``) and is healthy, then put it in place. The backup file itself is
    only read. An existing vault at ``destination`` is refused unless ``force``; then it is
    kept aside (returned path) rather than deleted. See services.backup_restore."""
    from socialdesk.services.backup_restore import restore_files

    key = unwrap_key(
        Path(backup),
        passphrase=None if recovery_key is not None else passphrase,
        recovery_key=recovery_key,
    )
    try:
        return restore_files(backup, destination, key, force=force).kept_aside
    finally:
        key.wipe()


# ---- secrets of a backup (used by services.backups) ----------------------------------
def unwrap_key(
    path: Path, *, passphrase: str | None = None, recovery_key: str | None = None
) -> KeyHolder:
    """The database key of the vault or backup at ``path``, from its passphrase or its
    recovery key, checked on the keys file alone (the database is not opened)."""
    slots = _load_keyslots(path)
    if recovery_key is not None:
        try:
            recovery = parse_recovery_key(recovery_key)
        except ValueError:
            raise InvalidRecoveryKey() from None
        try:
            return KeyHolder(slots.unwrap_recovery(recovery))
        except SlotUnwrapError:
            raise WrongRecoveryKey() from None
        except KeysFileError as exc:
            raise NotAVault(path=str(keys_path_for(Path(path)))) from exc
    return KeyHolder(_unwrap_passphrase(slots, passphrase or "", path))
