"""The SQLCipher engine: key first, an immediate read, then the pragmas.

We use ``sqlite+pysqlite`` with ``module=sqlcipher3`` and set the key in a connect event,
never in the URL (the ``sqlite+pysqlcipher`` dialect wants it there). The key is a raw
32-byte SQLCipher key (``x'…'``) so opening costs no KDF: the passphrase KDF runs once,
when the keys file is unwrapped.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import NullPool

from socialdesk.domain.errors import DamagedVault, NotAVault
from socialdesk.vault.lock import KeyHolder

SQLITE_HEADER = b"SQLite format 3\x00"
# Working set of list pages and indexes; negative = KiB (SQLite convention). 64 MiB.
CACHE_SIZE_KIB = 64 * 1024
BUSY_TIMEOUT_MS = 10_000

PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA secure_delete=ON",
    "PRAGMA trusted_schema=OFF",
    "PRAGMA temp_store=MEMORY",
    f"PRAGMA cache_size=-{CACHE_SIZE_KIB}",
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
)


def is_plaintext_sqlite(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(16) == SQLITE_HEADER
    except FileNotFoundError:
        return False


def _configure(dbapi_connection: Any, key: KeyHolder) -> None:
    cursor = dbapi_connection.cursor()
    try:
        # SQLCipher logs HMAC failures to stderr; we report them ourselves, translated.
        cursor.execute("PRAGMA cipher_log_level = NONE")
        cursor.execute(f'PRAGMA key = "{key.sqlcipher_pragma_value()}"')
        # Wait for another writer before the first read, too: a lock is not damage.
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        try:
            # A wrong key or a damaged first page must fail here, before any other pragma.
            cursor.execute("SELECT count(*) FROM sqlite_schema").fetchone()
        except sqlcipher3.OperationalError:
            raise  # "database is locked" after the timeout: reported as such, not as damage
        except sqlcipher3.DatabaseError as exc:
            raise DamagedVault() from exc
        for pragma in PRAGMAS:
            cursor.execute(pragma)
    finally:
        cursor.close()


def create_vault_engine(path: Path, key: KeyHolder | bytes, *, pool: bool = True) -> Engine:
    """Engine on the encrypted database at ``path`` (created empty if it does not exist).

    Refuses a plaintext SQLite file: a vault is never opened or created in clear.
    """
    path = Path(path)
    if is_plaintext_sqlite(path):
        raise NotAVault(path=str(path))
    holder = key if isinstance(key, KeyHolder) else KeyHolder(key)
    engine = create_engine(
        f"sqlite+pysqlite:///{path}",
        module=sqlcipher3,
        # Bound parameters are case data: keep them out of error messages and logs.
        hide_parameters=True,
        # One background worker does the writing; NullPool in tools that must not keep
        # file handles (backup, check), a small pool otherwise.
        **({} if pool else {"poolclass": NullPool}),
    )
    _install_listeners(engine, holder)
    return engine


def _install_listeners(engine: Engine, holder: KeyHolder) -> None:
    @event.listens_for(engine, "connect", insert=True)
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take over transaction control from the driver so BEGIN is explicit (SQLAlchemy
        # docs, "Serializable isolation / Savepoints / Transactional DDL" for pysqlite).
        dbapi_connection.isolation_level = None
        _configure(dbapi_connection, holder)

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")


def create_plain_engine(path: Path) -> Engine:
    """Same settings on an unencrypted SQLite file — only for the benchmark baseline."""
    import sqlite3

    engine = create_engine(f"sqlite+pysqlite:///{path}", module=sqlite3, hide_parameters=True)

    @event.listens_for(engine, "connect", insert=True)
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in PRAGMAS:
            if "secure_delete" in pragma:
                continue
            cursor.execute(pragma)
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")

    return engine
