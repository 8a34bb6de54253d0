"""Encrypted copies of the vault: VACUUM INTO keeps SQLCipher's encryption and key.

Measured on SQLCipher 4.12: ``VACUUM INTO`` from a keyed connection writes a copy
encrypted with the same key, so a backup is that copy plus a copy of the keys file; it
opens with the same passphrase and recovery key. The copy is written under a temporary
name, fsynced, then renamed, so a half-written backup never looks complete.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from socialdesk.domain.errors import DamagedVault
from socialdesk.vault.atomic import fsync_dir
from socialdesk.vault.keyslots import keys_path_for


@dataclass(frozen=True, slots=True)
class BackupFiles:
    database: Path
    keys: Path


def backup_name(now: datetime, label: str = "") -> str:
    stamp = now.strftime("%Y%m%d-%H%M%S")
    suffix = f"-{label}" if label else ""
    return f"socialdesk-{stamp}{suffix}.sdvault"


def vacuum_into(engine: Engine, source_keys: Path, destination: Path) -> BackupFiles:
    """Write an encrypted, compacted copy of the database and its keys file."""
    destination = Path(destination)
    if destination.exists() or keys_path_for(destination).exists():
        raise FileExistsError(destination)
    destination.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    partial = destination.with_name(destination.name + ".partial")
    if partial.exists():
        partial.unlink()
    keys_dest = keys_path_for(destination)
    keys_partial = keys_dest.with_name(keys_dest.name + ".partial")
    try:
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
        shutil.copyfile(source_keys, keys_partial)
        os.chmod(keys_partial, 0o600)
        _fsync_file(keys_partial)
        os.replace(keys_partial, keys_dest)
        os.replace(partial, destination)
    except BaseException:
        # A half-written copy must never be left looking like a backup.
        for leftover in (partial, keys_partial):
            leftover.unlink(missing_ok=True)
        raise
    fsync_dir(destination.parent)
    return BackupFiles(destination, keys_dest)


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


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
