"""The vault's schema version: which Alembic revision it is at, and upgrading it.

The app calls :func:`needs_upgrade` after unlocking; if true it makes an encrypted backup
and then calls :func:`upgrade`. Migrations live in ``storage/migrations`` and run on a
connection of the app's own (encrypted) engine; there is no ``alembic.ini``.

SQLite foreign keys are switched off while migrating: Alembic's batch mode recreates a
table (copy, drop, rename) and, with foreign keys on, the drop would run the ``ON DELETE
CASCADE`` actions of every child table. Integrity is checked with ``PRAGMA
foreign_key_check`` before the single migration transaction commits.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, inspect, text

from socialdesk.domain.errors import VaultError

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

# The revision this version of SocialDesk writes. Checked against Alembic's own head by
# a test, so unlocking an up-to-date vault never has to import Alembic (≈0.5 s of
# startup, measured by the bench).
HEAD_REVISION = "0004"

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class SchemaTooNew(VaultError):
    exit_code = 4
    message = (
        "This vault was last opened by a newer version of SocialDesk (schema {revision}). "
        "Update SocialDesk to open it; nothing was changed."
    )


class MigrationFailed(VaultError):
    exit_code = 4
    message = "The vault could not be upgraded ({reason}); nothing was changed."


def _config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@cache
def _script() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config())


def head_revision() -> str:
    """The revision this version of SocialDesk expects (the single Alembic head)."""
    heads = _script().get_heads()
    if len(heads) != 1:
        raise RuntimeError(f"migrations must have exactly one head, found {heads}")
    return heads[0]


def current_revision(connection: Connection) -> str | None:
    """The revision the database is at; ``None`` for an empty (new) database."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    rows = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    if len(rows) > 1:
        raise MigrationFailed(reason="several schema revisions recorded")
    return str(rows[0]) if rows else None


def needs_upgrade(engine: Engine) -> bool:
    """True when the database is older than this version of SocialDesk (or empty).

    Raises :class:`SchemaTooNew` when a newer SocialDesk wrote it.
    """
    with engine.connect() as connection:
        current = current_revision(connection)
    if current == HEAD_REVISION:
        return False
    _refuse_unknown(current)
    return current != head_revision()


def upgrade(engine: Engine) -> None:
    """Bring the database to the head revision, all-or-nothing, in one transaction."""
    from alembic import command

    with engine.connect() as connection:
        current = current_revision(connection)
        connection.rollback()
        _refuse_unknown(current)
        if current == head_revision():
            return
        is_sqlite = engine.dialect.name == "sqlite"
        raw = connection.connection.dbapi_connection
        previous_fk = _sqlite_foreign_keys(raw, enabled=False) if is_sqlite else None
        try:
            with connection.begin():
                command.upgrade(_config(connection), "head")
                if is_sqlite:
                    _check_foreign_keys(connection)
        finally:
            if previous_fk is not None:
                try:
                    _sqlite_foreign_keys(raw, enabled=previous_fk)
                except Exception:
                    # Never hand a pooled connection back with foreign keys off.
                    connection.invalidate()
                    raise


def _refuse_unknown(current: str | None) -> None:
    from alembic.util import CommandError

    if current is None:
        return
    try:
        known = _script().get_revision(current) is not None
    except CommandError:
        known = False
    if not known:
        raise SchemaTooNew(revision=current)


def _sqlite_foreign_keys(raw: Any, *, enabled: bool) -> bool:
    """Set ``PRAGMA foreign_keys`` on the DBAPI connection; return the previous value.

    The pragma is a no-op inside a transaction, so it goes to the driver connection
    directly, before SQLAlchemy begins one, and the result is verified.
    """
    previous = bool(raw.execute("PRAGMA foreign_keys").fetchone()[0])
    raw.execute(f"PRAGMA foreign_keys={'ON' if enabled else 'OFF'}")
    if bool(raw.execute("PRAGMA foreign_keys").fetchone()[0]) != enabled:
        raise MigrationFailed(reason="foreign keys could not be switched for the migration")
    return previous


def _check_foreign_keys(connection: Connection) -> None:
    violations = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if violations:
        tables = sorted({str(row[0]) for row in violations})
        raise MigrationFailed(reason="foreign key violations in " + ", ".join(tables))
