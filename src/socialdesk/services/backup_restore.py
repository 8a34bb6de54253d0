"""Coming back from a backup: check it without changing a byte, then put it in place of
the vault, which is kept aside (never deleted).

:func:`verify_backup` opens a backup read-only with its passphrase or recovery key and
checks page HMACs, structure, schema revision and record counts. :func:`restore_files`
copies the backup beside the vault, verifies the copy, keeps the current vault aside under
a dated name and renames the copy in place; :func:`restore_from_backup` also locks the
open vault just before the swap and opens the restored one (the restore wizard's last
step). The CLI's ``restore`` goes through :func:`restore_files` too.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from socialdesk.domain.errors import DamagedVault, VaultError
from socialdesk.i18n import N_, _
from socialdesk.services import vault as vault_service
from socialdesk.services.vault import Vault, unwrap_key, vault_exists, vault_files
from socialdesk.storage.backup import integrity_problems, parse_backup_name, read_only_engine
from socialdesk.storage.stats import record_counts
from socialdesk.vault.atomic import fsync_dir
from socialdesk.vault.keyslots import keys_path_for
from socialdesk.vault.lock import KeyHolder

log = logging.getLogger(__name__)

#: The tables whose counts the restore wizard and ``backup --verify`` show.
SHOWN_COUNTS: tuple[tuple[str, str], ...] = (
    ("client", N_("Clients")),
    ("case_note", N_("Notes")),
    ("appointment", N_("Appointments")),
    ("invoice", N_("Invoices")),
)


class BackupSchemaTooNew(VaultError):
    exit_code = 4
    message = N_(
        "This backup was made by a newer version of SocialDesk (schema {revision}). "
        "Update SocialDesk to restore it; nothing was changed."
    )


class SameFile(VaultError):
    exit_code = 2
    message = N_("The backup and the vault are the same file.")


# ---- verifying and restoring ----------------------------------------------------------
SCHEMA_CURRENT, SCHEMA_OLDER, SCHEMA_NEWER = "current", "older", "newer"


@dataclass(frozen=True, slots=True)
class BackupReport:
    path: Path
    taken_at: datetime | None
    size: int
    problems: tuple[str, ...]
    schema_revision: str | None
    head_revision: str
    schema_state: str
    counts: dict[str, int]

    @property
    def ok(self) -> bool:
        return not self.problems and self.schema_state != SCHEMA_NEWER

    def shown_counts(self) -> list[tuple[str, int]]:
        """(translated label, count) of the tables people recognise."""
        return [(_(label), self.counts.get(table, 0)) for table, label in SHOWN_COUNTS]


def _inspect(path: Path, key: KeyHolder) -> BackupReport:
    from sqlalchemy.exc import DBAPIError

    from socialdesk.storage import schema

    problems: list[str] = []
    revision: str | None = None
    state = SCHEMA_CURRENT
    counts: dict[str, int] = {}
    try:
        with read_only_engine(path, key) as engine:
            problems.extend(integrity_problems(engine))
            if not problems:
                with engine.connect() as connection:
                    revision = schema.current_revision(connection)
                try:
                    if schema.needs_upgrade(engine):
                        state = SCHEMA_OLDER
                except schema.SchemaTooNew:
                    state = SCHEMA_NEWER
                if revision is None:
                    problems.append("no schema revision: not a SocialDesk vault")
                else:
                    counts = record_counts(engine)
    except DamagedVault:
        problems.append("the database cannot be read")
    except (DBAPIError, MemoryError) as exc:
        problems.append(f"database error: {getattr(exc, 'orig', exc)!r}")
    parsed = parse_backup_name(Path(path).name)
    try:
        size = Path(path).stat().st_size + keys_path_for(Path(path)).stat().st_size
    except OSError:
        size = 0
    return BackupReport(
        path=Path(path),
        taken_at=parsed[0] if parsed else None,
        size=size,
        problems=tuple(problems),
        schema_revision=revision,
        head_revision=schema.head_revision(),
        schema_state=state,
        counts=counts,
    )


def verify_backup(
    path: Path, *, passphrase: str | None = None, recovery_key: str | None = None
) -> BackupReport:
    """Open ``path`` read-only with its passphrase or recovery key and check it: page
    HMACs, structure, schema revision, record counts. The file is not changed. A wrong
    secret raises (WrongPassphrase, WrongRecoveryKey…); damage is reported, not raised."""
    key = unwrap_key(Path(path), passphrase=passphrase, recovery_key=recovery_key)
    try:
        return _inspect(Path(path), key)
    finally:
        key.wipe()


@dataclass(frozen=True, slots=True)
class RestoreOutcome:
    kept_aside: Path | None
    report: BackupReport


def _move_aside(destination: Path, now: datetime) -> tuple[Path | None, list[tuple[Path, Path]]]:
    """Rename the vault at ``destination`` and the files beside it to a dated name."""
    stamp = now.astimezone(UTC).strftime("%Y%m%d-%H%M%S")
    aside = destination.with_name(f"{destination.name}.before-restore-{stamp}")
    security: Callable[[Path], list[Path]] = getattr(vault_service, "security_files", lambda _p: [])
    moved: list[tuple[Path, Path]] = []
    for item in [*vault_files(destination), *security(destination)]:
        target = aside.with_name(aside.name + item.name[len(destination.name) :])
        item.rename(target)
        moved.append((item, target))
    return (aside if moved else None), moved


def _fresh_head_file(destination: Path, key: KeyHolder) -> None:
    """The restored vault is an older state on purpose: record its own chain heads so the
    next unlock does not take the restore for a rollback attack."""
    try:
        from socialdesk.services import tamper
    except ImportError:  # a build without tamper evidence
        return
    from socialdesk.storage.engine import create_vault_engine
    from socialdesk.storage.uow import session_factory

    vault_id = vault_service.read_keyslots(destination).vault_id
    engine = create_vault_engine(destination, KeyHolder(key.raw()), pool=False)
    try:
        with session_factory(engine)() as session:
            tamper.acknowledge(session, tamper.HeadFile(destination, vault_id), key.raw())
    finally:
        engine.dispose()


def restore_files(
    backup: Path,
    destination: Path,
    key: KeyHolder,
    *,
    force: bool,
    before_swap: Callable[[], None] | None = None,
    now: datetime | None = None,
) -> RestoreOutcome:
    """Copy ``backup`` beside ``destination``, verify the copy with ``key``, then keep any
    vault at ``destination`` aside and rename the copy in place. Nothing at
    ``destination`` changes before the copy is verified. ``before_swap`` runs just before
    the swap (the GUI locks the open vault there)."""
    backup, destination = Path(backup), Path(destination)
    if backup.resolve() == destination.resolve():
        raise SameFile()
    if vault_exists(destination) and not force:
        from socialdesk.domain.errors import VaultExists

        raise VaultExists(path=str(destination))
    destination.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    staged = destination.with_name(destination.name + ".restoring")
    staged_keys = keys_path_for(staged)
    leftovers = [
        staged,
        staged_keys,
        *(staged.with_name(staged.name + s) for s in ("-wal", "-shm")),
    ]
    for leftover in leftovers:  # of an interrupted restore
        leftover.unlink(missing_ok=True)
    try:
        for source, target in ((backup, staged), (keys_path_for(backup), staged_keys)):
            shutil.copyfile(source, target)
            os.chmod(target, 0o600)
            with open(target, "rb+") as handle:
                os.fsync(handle.fileno())
        report = _inspect(staged, key)
        if report.problems:
            raise DamagedVault()
        if report.schema_state == SCHEMA_NEWER:
            raise BackupSchemaTooNew(revision=str(report.schema_revision))
        if before_swap is not None:
            before_swap()
        kept_aside, moved = _move_aside(destination, now or datetime.now(UTC))
        try:
            os.replace(staged_keys, keys_path_for(destination))
            os.replace(staged, destination)
            fsync_dir(destination.parent)
        except BaseException:
            for original, aside in reversed(moved):
                if aside.exists():
                    os.replace(aside, original)
            raise
    finally:
        for leftover in leftovers:
            leftover.unlink(missing_ok=True)
    try:
        _fresh_head_file(destination, key)
    except Exception:  # the restore is done; a warning at unlock is the worst case
        log.warning("Could not record the chain heads of the restored vault", exc_info=True)
    return RestoreOutcome(kept_aside, report)


def restore_from_backup(
    backup: Path,
    destination: Path,
    *,
    passphrase: str | None = None,
    recovery_key: str | None = None,
    current: Vault | None = None,
    now: datetime | None = None,
) -> tuple[Vault, RestoreOutcome]:
    """The restore wizard's last step: verify and put the backup in place of the vault at
    ``destination`` (kept aside, never deleted), lock ``current`` (the open vault, if
    any) just before the swap, and open the restored vault with the same secret."""
    key = unwrap_key(Path(backup), passphrase=passphrase, recovery_key=recovery_key)
    try:
        outcome = restore_files(
            backup,
            destination,
            key,
            force=True,
            before_swap=current.lock if current is not None else None,
            now=now,
        )
    finally:
        key.wipe()
    if recovery_key is not None:
        vault = vault_service.unlock_with_recovery_key(destination, recovery_key)
    else:
        vault = vault_service.unlock_with_passphrase(destination, passphrase or "")
    return vault, outcome
