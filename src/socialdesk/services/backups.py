"""Backups the practitioner does not have to think about: when, where, how many, and
how to come back from one.

- **When**: at the first unlock of each day (:func:`backup_if_due`; the GUI splits it into
  :func:`plan_if_due` and :func:`finish_backup` on the worker around :func:`copy_backup` on
  a thread of its own, see ``ui/backup_status.py``), on request (:func:`back_up_now`), and
  before every migration (the unlock itself, ``services.vault._open_database``). All write
  through :func:`socialdesk.storage.backup.vacuum_into`: a copy verified with the key
  under a temporary name, renamed only once complete.
- **Where**: the folder chosen in Settings (kept in the vault's settings), else the
  ``backups`` folder beside the vault. A chosen folder that is missing (the USB drive is
  not plugged in) or refuses the copy gets a clear warning, and the backup is written to
  the default folder instead: a backup is never skipped for want of a drive.
- **How many**: rotation keeps the newest backup of each of the last 7 days, 4 weeks and
  12 months (configurable; :func:`backups_to_keep` is a pure function). Backups taken
  before a migration are never rotated away: they are the way back to the old version.
- **Status** for Today and Settings: last backup, where, how many kept, last problem.
- **Restore**: see :mod:`socialdesk.services.backup_restore` (verify read-only, then
  put a verified copy in place, the current vault kept aside).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, select, text
from sqlalchemy.exc import DBAPIError

from socialdesk.domain.changes import Changes
from socialdesk.domain.enums import AuditAction
from socialdesk.domain.errors import (
    SocialDeskError,
    ValidationError,
    VaultError,
    VaultLocked,
)
from socialdesk.i18n import N_, _
from socialdesk.services.audit import record_event
from socialdesk.services.vault import Vault
from socialdesk.storage.backup import (
    BackupFailed,
    BackupFiles,
    backup_name,
    parse_backup_name,
    vacuum_into,
)
from socialdesk.storage.engine import create_vault_engine
from socialdesk.storage.orm import AppSetting
from socialdesk.storage.uow import UnitOfWork
from socialdesk.vault.atomic import fsync_dir
from socialdesk.vault.keyslots import keys_path_for
from socialdesk.vault.lock import KeyHolder

log = logging.getLogger(__name__)

POLICY_KEY = "backup.policy"
STATUS_KEY = "backup.status"
PRE_MIGRATION = "pre-migration"
#: Today warns when the last backup is older than this.
STALE_AFTER = timedelta(days=7)
MAX_KEEP = 400

#: Changes published after a backup: Today and Settings redraw the status.
BACKUP_CHANGES = Changes(settings=True)


class BackupFolderMissing(VaultError):
    message = N_(
        "The backup folder {folder} is not available (is the USB drive plugged in?). "
        "The backup was written to {fallback} instead."
    )


class BackupFolderRefused(VaultError):
    message = N_(
        "The backup could not be written in {folder} ({reason}). It was written to "
        "{fallback} instead."
    )


@dataclass(frozen=True, slots=True)
class Notice:
    """A message kept in the vault's settings as its English id and parameters, so it is
    translated when shown, in the language of the moment."""

    message: str
    params: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        params = {k: (_(v) if k == "reason" else v) for k, v in self.params.items()}
        return _(self.message, **params)

    @classmethod
    def of(cls, error: SocialDeskError) -> Notice:
        return cls(error.message, {k: str(v) for k, v in error.params.items()})


# ---- policy ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class BackupPolicy:
    """``folder`` None: the ``backups`` folder beside the vault."""

    folder: str | None = None
    daily: int = 7
    weekly: int = 4
    monthly: int = 12


def default_backup_dir(vault_path: Path) -> Path:
    return Path(vault_path).parent / "backups"


def policy_errors(policy: BackupPolicy) -> dict[str, str]:
    errors: dict[str, str] = {}
    for name in ("daily", "weekly", "monthly"):
        value = getattr(policy, name)
        if not isinstance(value, int) or not 0 <= value <= MAX_KEEP:
            errors[name] = N_("Enter a number of backups from 0 to 400.")
    if not errors and policy.daily + policy.weekly + policy.monthly < 1:
        errors["daily"] = N_("Keep at least one backup.")
    if policy.folder is not None and not Path(policy.folder).is_absolute():
        errors["folder"] = N_("Choose a folder by its full path.")
    return errors


def _read_json(uow: UnitOfWork, key: str) -> dict[str, Any]:
    setting = uow.session.scalar(select(AppSetting).where(AppSetting.key == key))
    try:
        value = json.loads(setting.value) if setting is not None else {}
    except ValueError:
        value = {}
    return value if isinstance(value, dict) else {}


def _write_json(uow: UnitOfWork, key: str, value: dict[str, Any]) -> None:
    setting = uow.session.scalar(select(AppSetting).where(AppSetting.key == key))
    if setting is None:
        uow.session.add(AppSetting(key=key, value=json.dumps(value)))
    else:
        setting.value = json.dumps(value)
    uow.session.flush()


def get_policy(uow: UnitOfWork) -> BackupPolicy:
    """The saved policy; an unreadable value falls back to the defaults."""
    saved = _read_json(uow, POLICY_KEY)
    default = BackupPolicy()
    folder = saved.get("folder")
    policy = BackupPolicy(
        folder=folder if isinstance(folder, str) and folder else None,
        **{
            name: saved[name] if isinstance(saved.get(name), int) else getattr(default, name)
            for name in ("daily", "weekly", "monthly")
        },
    )
    return policy if not policy_errors(policy) else default


def save_policy(uow: UnitOfWork, policy: BackupPolicy) -> tuple[BackupPolicy, Changes]:
    """ValidationError per field; nothing is written then."""
    folder = (policy.folder or "").strip() or None
    clean = BackupPolicy(folder, policy.daily, policy.weekly, policy.monthly)
    errors = policy_errors(clean)
    if errors:
        raise ValidationError(errors)
    _write_json(
        uow,
        POLICY_KEY,
        {
            "folder": clean.folder,
            "daily": clean.daily,
            "weekly": clean.weekly,
            "monthly": clean.monthly,
        },
    )
    return get_policy(uow), BACKUP_CHANGES


def target_folder(vault_path: Path, policy: BackupPolicy) -> tuple[Path, bool]:
    """(folder to write to, whether the chosen folder is missing). A chosen folder is
    never created: a missing one is usually a drive that is not plugged in, and creating
    it would write the backup onto the computer's own disk under the drive's mount point."""
    default = default_backup_dir(vault_path)
    if policy.folder is None:
        return default, False
    chosen = Path(policy.folder)
    if chosen.is_dir():
        return chosen, False
    return default, True


def pre_migration_folder(engine: Engine, vault_path: Path) -> Path:
    """Where the copy taken before a schema upgrade goes: the chosen folder when it is
    there, else the default one. Read with plain SQL (``app_setting`` exists in every
    schema), because the schema is about to change."""
    try:
        with engine.connect() as connection:
            raw = connection.execute(
                text("SELECT value FROM app_setting WHERE key = :key"), {"key": POLICY_KEY}
            ).scalar()
        saved = json.loads(raw) if raw else {}
        folder = saved.get("folder") if isinstance(saved, dict) else None
    except (DBAPIError, ValueError):
        folder = None
    chosen = folder if isinstance(folder, str) and folder else None
    return target_folder(vault_path, BackupPolicy(folder=chosen))[0]


# ---- rotation (pure) ------------------------------------------------------------------
def _day(moment: datetime) -> object:
    return moment.date()


def _week(moment: datetime) -> object:
    iso = moment.isocalendar()
    return (iso[0], iso[1])


def _month(moment: datetime) -> object:
    return (moment.year, moment.month)


def backups_to_keep(
    times: Iterable[datetime], *, daily: int, weekly: int, monthly: int
) -> set[datetime]:
    """Which backup times rotation keeps: the newest backup of each of the ``daily`` most
    recent days that have one, likewise for ISO weeks and months, and always the newest
    backup of all. Buckets are taken in the zone of each datetime (pass local times)."""
    ordered = sorted(set(times), reverse=True)
    if not ordered:
        return set()
    keep = {ordered[0]}
    for count, bucket in ((daily, _day), (weekly, _week), (monthly, _month)):
        seen: set[object] = set()
        for moment in ordered:
            if len(seen) >= count:
                break
            key = bucket(moment)
            if key not in seen:
                seen.add(key)
                keep.add(moment)
    return keep


# ---- listing --------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class BackupEntry:
    path: Path
    taken_at: datetime  # UTC
    label: str
    size: int  # database and keys file, bytes

    @property
    def folder(self) -> Path:
        return self.path.parent


def list_backups(folders: Iterable[Path]) -> list[BackupEntry]:
    """Complete backups (database under its final name and its keys file) in ``folders``,
    newest first. A missing folder lists nothing."""
    entries: dict[Path, BackupEntry] = {}
    for folder in folders:
        try:
            children = list(Path(folder).iterdir())
        except OSError:
            continue
        for child in children:
            parsed = parse_backup_name(child.name)
            keys = keys_path_for(child)
            if parsed is None or not child.is_file() or not keys.is_file():
                continue
            try:
                size = child.stat().st_size + keys.stat().st_size
            except OSError:
                continue
            resolved = child.resolve()
            entries[resolved] = BackupEntry(child, parsed[0], parsed[1], size)
    return sorted(entries.values(), key=lambda e: (e.taken_at, e.path.name), reverse=True)


def delete_backup(entry: BackupEntry) -> None:
    # Database first: a keys file left alone by a crash here is removed as stale later.
    entry.path.unlink(missing_ok=True)
    keys_path_for(entry.path).unlink(missing_ok=True)


def rotate(folder: Path, policy: BackupPolicy, *, zone: tzinfo | None = None) -> list[Path]:
    """Delete the backups in ``folder`` that :func:`backups_to_keep` does not keep (never
    one taken before a migration). Returns the deleted databases."""
    entries = [e for e in list_backups([folder]) if e.label != PRE_MIGRATION]
    local = {e.path: e.taken_at.astimezone(zone) for e in entries}
    keep = backups_to_keep(
        local.values(), daily=policy.daily, weekly=policy.weekly, monthly=policy.monthly
    )
    deleted: list[Path] = []
    for entry in entries:
        if local[entry.path] not in keep:
            delete_backup(entry)
            deleted.append(entry.path)
    if deleted:
        fsync_dir(folder)
    return deleted


# ---- taking a backup ------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class BackupOutcome:
    """``files`` None when no backup could be written at all (``error`` says why)."""

    files: BackupFiles | None
    folder: Path
    warning: Notice | None = None
    error: Notice | None = None
    deleted: tuple[Path, ...] = ()


def _read_policy(vault: Vault) -> BackupPolicy:
    with vault.uow() as uow:
        return get_policy(uow)


def _record_status(vault: Vault, now: datetime, outcome: BackupOutcome) -> None:
    with vault.uow() as uow:
        status = _read_json(uow, STATUS_KEY)
        if outcome.files is not None:
            status["last_at"] = now.astimezone(UTC).isoformat()
            status["last_file"] = str(outcome.files.database)
        problem = outcome.error or outcome.warning
        status["problem"] = (
            {"message": problem.message, "params": problem.params} if problem else None
        )
        status["problem_at"] = now.astimezone(UTC).isoformat() if problem else None
        _write_json(uow, STATUS_KEY, status)


@dataclass(frozen=True, slots=True)
class BackupPlan:
    """Where a backup goes, decided on the worker before the copy is made."""

    policy: BackupPolicy
    folder: Path
    default: Path
    warning: Notice | None
    now: datetime
    label: str = ""


def plan_backup(vault: Vault, now: datetime | None = None, *, label: str = "") -> BackupPlan:
    now = now or datetime.now(UTC)
    policy = _read_policy(vault)
    default = default_backup_dir(vault.path)
    folder, missing = target_folder(vault.path, policy)
    warning = (
        Notice.of(BackupFolderMissing(folder=str(policy.folder), fallback=str(default)))
        if missing
        else None
    )
    return BackupPlan(policy, folder, default, warning, now, label)


@contextmanager
def copy_engine(vault: Vault) -> Iterator[Engine]:
    """A connection of its own, for a copy made beside the database worker (WAL lets it
    read while the worker writes). It has its own copy of the key, wiped at the end, and
    stops what it is doing as soon as the vault is locked."""
    key = KeyHolder(vault.raw_key())
    engine = create_vault_engine(vault.path, key, pool=False)

    @event.listens_for(engine, "connect")
    def _stop_when_locked(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.set_progress_handler(lambda: 1 if vault.locked else 0, 1000)

    try:
        yield engine
    finally:
        engine.dispose()
        key.wipe()


def copy_backup(vault: Vault, plan: BackupPlan, *, engine: Engine | None = None) -> BackupOutcome:
    """The slow part: the verified copy, in the chosen folder or else the default one.
    Writes nothing in the vault. Raises VaultLocked when the vault was locked meanwhile
    (the half-made copy is removed), DamagedVault when the vault itself is damaged."""
    source = engine if engine is not None else vault.engine
    folder, warning = plan.folder, plan.warning
    files: BackupFiles | None = None
    error: Notice | None = None
    try:
        files = _write(source, vault, folder, plan)
    except BackupFailed as exc:
        if vault.locked:
            raise VaultLocked() from exc
        if folder == plan.default:
            error = Notice.of(exc)
        else:
            warning = Notice.of(
                BackupFolderRefused(
                    folder=str(folder), reason=str(exc.params["reason"]), fallback=str(plan.default)
                )
            )
            folder = plan.default
            try:
                files = _write(source, vault, folder, plan)
            except BackupFailed as second:
                if vault.locked:
                    raise VaultLocked() from second
                error = Notice.of(second)
    return BackupOutcome(files, folder, warning, error)


def finish_backup(
    vault: Vault, plan: BackupPlan, outcome: BackupOutcome, *, zone: tzinfo | None = None
) -> BackupOutcome:
    """After the copy (on the worker): the audit event, rotation, the recorded status."""
    deleted: tuple[Path, ...] = ()
    if outcome.files is not None:
        with vault.uow() as uow:
            record_event(uow, AuditAction.BACKUP, details={"file": outcome.files.database.name})
        try:
            deleted = tuple(rotate(outcome.folder, plan.policy, zone=zone))
        except OSError:
            log.warning("Rotation of the backups failed", exc_info=True)
    done = BackupOutcome(outcome.files, outcome.folder, outcome.warning, outcome.error, deleted)
    _record_status(vault, plan.now, done)
    return done


def back_up_now(
    vault: Vault, now: datetime | None = None, *, label: str = "", zone: tzinfo | None = None
) -> BackupOutcome:
    """Write a backup to the chosen folder, else the default one, rotate that folder, and
    record the status in the vault. A damaged vault raises DamagedVault (never a copy of
    damage); a folder that cannot take the copy is reported in the outcome, not raised."""
    plan = plan_backup(vault, now, label=label)
    return finish_backup(vault, plan, copy_backup(vault, plan), zone=zone)


def _write(engine: Engine, vault: Vault, folder: Path, plan: BackupPlan) -> BackupFiles:
    def write(stamp: datetime) -> BackupFiles:
        return vacuum_into(engine, vault.keys_path, folder / backup_name(stamp, plan.label))

    try:
        return write(plan.now)
    except FileExistsError:
        # Two backups in the same second ("Back up now" twice): the next second's name.
        return write(plan.now + timedelta(seconds=1))


def is_due(vault_path: Path, policy: BackupPolicy, now: datetime, zone: tzinfo | None) -> bool:
    """No backup yet on this (local) day in the folder the backup would go to."""
    folder, _missing = target_folder(vault_path, policy)
    today = now.astimezone(zone).date()
    return not any(
        entry.taken_at.astimezone(zone).date() == today and entry.label != PRE_MIGRATION
        for entry in list_backups([folder])
    )


def plan_if_due(
    vault: Vault, now: datetime | None = None, *, zone: tzinfo | None = None
) -> BackupPlan | None:
    """The plan of the first-unlock-of-the-day backup; None when today's exists already."""
    plan = plan_backup(vault, now)
    return plan if is_due(vault.path, plan.policy, plan.now, zone) else None


def backup_if_due(
    vault: Vault, now: datetime | None = None, *, zone: tzinfo | None = None
) -> BackupOutcome | None:
    """The first-unlock-of-the-day backup: None when today's backup exists already."""
    plan = plan_if_due(vault, now, zone=zone)
    if plan is None:
        return None
    return finish_backup(vault, plan, copy_backup(vault, plan), zone=zone)


# ---- status ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class BackupStatus:
    last_at: datetime | None
    last_file: Path | None
    folder: Path  # where the next backup goes
    chosen_folder: Path | None
    folder_missing: bool
    kept: int  # complete backups in ``folder``
    problem: Notice | None
    policy: BackupPolicy

    def is_stale(self, now: datetime) -> bool:
        return self.last_at is None or now - self.last_at > STALE_AFTER

    def needs_attention(self, now: datetime) -> bool:
        return self.folder_missing or self.problem is not None or self.is_stale(now)


def backup_status(uow: UnitOfWork, vault_path: Path) -> tuple[BackupStatus, Changes]:
    policy = get_policy(uow)
    saved = _read_json(uow, STATUS_KEY)
    folder, missing = target_folder(vault_path, policy)
    entries = list_backups([folder])
    last_at: datetime | None = None
    last_file: Path | None = None
    try:
        last_at = datetime.fromisoformat(str(saved["last_at"]))
        last_file = Path(str(saved["last_file"]))
    except (KeyError, ValueError):
        pass
    newest = next((e for e in entries), None)
    if newest is not None and (last_at is None or newest.taken_at > last_at):
        last_at, last_file = newest.taken_at, newest.path
    problem: Notice | None = None
    raw = saved.get("problem")
    if isinstance(raw, dict) and isinstance(raw.get("message"), str):
        params = raw.get("params")
        problem = (
            Notice(raw["message"], {str(k): str(v) for k, v in params.items()})
            if isinstance(params, dict)
            else Notice(raw["message"])
        )
    status = BackupStatus(
        last_at=last_at,
        last_file=last_file,
        folder=folder,
        chosen_folder=Path(policy.folder) if policy.folder else None,
        folder_missing=missing,
        kept=len(entries),
        problem=problem,
        policy=policy,
    )
    return status, Changes()


def backup_folders(vault_path: Path, policy: BackupPolicy) -> list[Path]:
    """Where backups of this vault may be: the chosen folder and the default one."""
    folders = [default_backup_dir(vault_path)]
    if policy.folder:
        folders.insert(0, Path(policy.folder))
    return folders
