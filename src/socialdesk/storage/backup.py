"""Encrypted copies of the vault: VACUUM INTO keeps SQLCipher's encryption and key.

Measured on SQLCipher 4.12: ``VACUUM INTO`` from a keyed connection writes a copy
encrypted with the same key, so a backup is that copy plus a copy of the keys file; it
opens with the same passphrase and recovery key.

A backup is complete only under its final name. The copy is written under a temporary
``.partial`` name, fsynced, then VERIFIED — attached to the live connection (SQLCipher
gives an attached database without a KEY clause the main database's key) and put through
``cipher_integrity_check`` and ``integrity_check`` — and only then renamed: keys file
first, database last. A kill at any point leaves at worst a ``.partial`` file or a keys
file without its database; both are removed by :func:`remove_stale_partials` at the next
backup into that folder. Every write to the backup folder that fails (disk full, file-size
limit, drive pulled out) is reported as :class:`BackupFailed`; the live vault is only read.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import sqlcipher3
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from socialdesk.domain.errors import DamagedVault, VaultError
from socialdesk.i18n import N_
from socialdesk.vault.atomic import fsync_dir
from socialdesk.vault.keyslots import KEYS_SUFFIX, keys_path_for
from socialdesk.vault.lock import KeyHolder

PARTIAL_SUFFIX = ".partial"
#: ``socialdesk-20261122-140312[-label].sdvault`` (time in UTC).
BACKUP_NAME = re.compile(r"^socialdesk-(\d{8}-\d{6})(?:-([a-z0-9-]+))?\.sdvault$")
_ATTACHED = "backup_check"


class BackupFailed(VaultError):
    """The copy could not be written or did not verify; the vault itself is untouched."""

    message = N_("The backup could not be written in {folder}: {reason}. The vault is untouched.")


@dataclass(frozen=True, slots=True)
class BackupFiles:
    database: Path
    keys: Path


def backup_name(now: datetime, label: str = "") -> str:
    stamp = (
        now.astimezone(UTC).strftime("%Y%m%d-%H%M%S")
        if now.tzinfo
        else now.strftime("%Y%m%d-%H%M%S")
    )
    suffix = f"-{label}" if label else ""
    return f"socialdesk-{stamp}{suffix}.sdvault"


def parse_backup_name(name: str) -> tuple[datetime, str] | None:
    """(time in UTC, label) of a backup's file name, or None for any other file."""
    match = BACKUP_NAME.match(name)
    if match is None:
        return None
    try:
        taken = datetime.strptime(match.group(1), "%Y%m%d-%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        return None
    return taken, match.group(2) or ""


def remove_stale_partials(folder: Path) -> list[Path]:
    """Remove what an interrupted backup left in ``folder``: ``.partial`` files and keys
    files whose database never got its final name. Returns what was removed."""
    removed: list[Path] = []
    try:
        entries = list(Path(folder).iterdir())
    except (FileNotFoundError, NotADirectoryError):
        return removed
    for entry in entries:
        name = entry.name
        if not name.startswith("socialdesk-"):
            continue
        stale = name.endswith(PARTIAL_SUFFIX) or (
            name.endswith(KEYS_SUFFIX)
            and BACKUP_NAME.match(name[: -len(KEYS_SUFFIX)]) is not None
            and not entry.with_name(name[: -len(KEYS_SUFFIX)]).exists()
        )
        if stale and entry.is_file():
            entry.unlink(missing_ok=True)
            removed.append(entry)
    return removed


def _no_room(folder: Path, needed: int) -> bool:
    """Whether ``needed`` bytes cannot fit in ``folder``: too little free space, or a
    file-size limit on this process (SQLite reports both as a mere "disk I/O error")."""
    try:
        import resource

        soft, _hard = resource.getrlimit(resource.RLIMIT_FSIZE)
        if soft != resource.RLIM_INFINITY and soft < needed:
            return True
    except (ImportError, ValueError, OSError):
        pass
    try:
        return shutil.disk_usage(folder).free < needed
    except OSError:
        return False


def failure_reason(exc: BaseException, folder: Path | None = None, needed: int = 0) -> str:
    """An English message id for why writing a copy failed (translated on display)."""
    number = getattr(exc, "errno", None)
    text_ = str(getattr(exc, "orig", exc)).lower()
    if number in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT) or "full" in text_:
        return N_("the disk is full")
    if "i/o error" in text_ or number == errno.EIO:
        if folder is not None and _no_room(folder, needed):
            return N_("the disk is full")
        return N_("the drive reported an input/output error")
    if number in (errno.EACCES, errno.EPERM, errno.EROFS) or "readonly" in text_:
        return N_("writing there is not allowed")
    if number in (errno.ENOENT, errno.ENODEV, errno.EIO, errno.ENXIO):
        return N_("the folder is not available")
    return N_("the copy could not be written")


def vacuum_into(engine: Engine, source_keys: Path, destination: Path) -> BackupFiles:
    """Write an encrypted, compacted, verified copy of the database and its keys file."""
    destination = Path(destination)
    if destination.exists() or keys_path_for(destination).exists():
        raise FileExistsError(destination)
    partial = destination.with_name(destination.name + PARTIAL_SUFFIX)
    keys_dest = keys_path_for(destination)
    keys_partial = keys_dest.with_name(keys_dest.name + PARTIAL_SUFFIX)
    try:
        destination.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        remove_stale_partials(destination.parent)
        with engine.connect() as connection:
            # VACUUM cannot run inside a transaction: use the raw DBAPI connection.
            raw = connection.connection.dbapi_connection
            assert raw is not None
            # VACUUM rebuilds indexes from the tables, so it can succeed on a vault with
            # a damaged index page and hide the damage: check every page's HMAC first.
            if raw.execute("PRAGMA cipher_integrity_check").fetchall():
                raise DamagedVault()
            raw.execute("VACUUM INTO ?", (str(partial),))
            os.chmod(partial, 0o600)
            _fsync_file(partial)
            if _attached_problems(raw, partial):
                raise DamagedVault()
        shutil.copyfile(source_keys, keys_partial)
        os.chmod(keys_partial, 0o600)
        _fsync_file(keys_partial)
        # Keys first, database last: a database under its final name is a whole backup.
        os.replace(keys_partial, keys_dest)
        os.replace(partial, destination)
        fsync_dir(destination.parent)
    except BaseException as exc:
        # A half-written copy must never be left looking like a backup.
        for leftover in (partial, keys_partial):
            _quiet_unlink(leftover)
        if not destination.exists():
            _quiet_unlink(keys_dest)
        if isinstance(exc, DamagedVault) or not isinstance(
            exc, OSError | sqlcipher3.Error | DBAPIError
        ):
            raise
        # The copy is about the size of the database and its WAL together.
        live = engine.url.database or ""
        needed = sum(
            os.stat(name).st_size for name in (live, live + "-wal") if os.path.exists(name)
        )
        reason = failure_reason(exc, destination.parent, needed)
        raise BackupFailed(folder=str(destination.parent), reason=reason) from exc
    return BackupFiles(destination, keys_dest)


def _attached_problems(raw: Any, copy: Path) -> list[str]:
    """Check ``copy`` with the key of the live connection (ATTACH without KEY)."""
    raw.execute(f"ATTACH DATABASE ? AS {_ATTACHED}", (str(copy),))
    try:
        problems = [str(r[0]) for r in raw.execute(f"PRAGMA {_ATTACHED}.cipher_integrity_check")]
        rows = [str(r[0]) for r in raw.execute(f"PRAGMA {_ATTACHED}.integrity_check")]
        if rows != ["ok"]:
            problems.extend(rows)
        return problems
    except (sqlcipher3.DatabaseError, MemoryError) as exc:
        if isinstance(exc, sqlcipher3.OperationalError) and "full" in str(exc).lower():
            raise
        return [f"database error: {exc!r}"]
    finally:
        raw.execute(f"DETACH DATABASE {_ATTACHED}")


def _quiet_unlink(path: Path) -> None:
    with suppress(OSError):
        path.unlink(missing_ok=True)


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


@contextmanager
def read_only_engine(path: Path, key: KeyHolder) -> Iterator[Engine]:
    """An engine on ``path`` that cannot change a byte of it (``mode=ro``, query_only):
    for verifying a backup in place. A wrong key or unreadable first page raises
    :class:`DamagedVault` at the first connection."""
    uri = "file:" + quote(str(Path(path).resolve())) + "?mode=ro"

    def connect() -> Any:
        return sqlcipher3.connect(uri, uri=True, check_same_thread=False)

    engine = create_engine(
        "sqlite+pysqlite://",
        module=sqlcipher3,
        creator=connect,
        poolclass=NullPool,
        hide_parameters=True,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA cipher_log_level = NONE")
            cursor.execute(f'PRAGMA key = "{key.sqlcipher_pragma_value()}"')
            try:
                cursor.execute("SELECT count(*) FROM sqlite_schema").fetchone()
            except sqlcipher3.DatabaseError as exc:
                raise DamagedVault() from exc
            cursor.execute("PRAGMA query_only = ON")
        finally:
            cursor.close()

    try:
        yield engine
    finally:
        engine.dispose()


def integrity_problems(engine: Engine) -> list[str]:
    """Cipher page HMACs and SQLite structure; an empty list means healthy."""
    problems: list[str] = []
    try:
        with engine.connect() as connection:
            for row in connection.exec_driver_sql("PRAGMA cipher_integrity_check"):
                problems.append(str(row[0]))
            rows = [str(r[0]) for r in connection.execute(text("PRAGMA integrity_check"))]
            if rows != ["ok"]:
                problems.extend(rows)
            if not problems:
                # On damaged pages this pragma errors out instead of reporting.
                fk = list(connection.exec_driver_sql("PRAGMA foreign_key_check"))
                problems.extend(f"foreign key: {tuple(r)}" for r in fk)
    except (DBAPIError, MemoryError) as exc:
        # SQLCipher reports some HMAC failures as SQLITE_NOMEM (Python: MemoryError).
        problems.append(f"database error: {getattr(exc, 'orig', exc)!r}")
    return problems
