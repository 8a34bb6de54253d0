"""Alembic environment for the vault: runs on the connection ``schema.upgrade`` gives it.

There is no ``alembic.ini`` and no URL: the database is encrypted and only the app holds
the key, so :mod:`socialdesk.storage.schema` opens the connection (SQLite foreign keys
off, one transaction) and passes it in ``config.attributes["connection"]``.
``render_as_batch`` makes autogenerate write SQLite-safe batch operations.
"""

from __future__ import annotations

from typing import Any

from alembic import context

from socialdesk.storage.orm import Base, UTCDateTime
from socialdesk.storage.search import is_search_object

config = context.config
target_metadata = Base.metadata


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    """Write our custom column type as its plain SQLAlchemy equivalent.

    Migrations must not import application types that may change after they are written.
    """
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def include_name(name: str | None, type_: str, parent_names: Any) -> bool:
    """Leave the full-text search objects (FTS5 tables, their shadow tables, the view
    they read; migration 0002) out of autogenerate: they are not models."""
    return not (type_ == "table" and is_search_object(name))


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError(
            "SocialDesk migrations run through socialdesk.storage.schema.upgrade(engine), "
            "which provides the (encrypted) connection."
        )
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        render_item=render_item,
        include_name=include_name,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("Offline (SQL script) migrations are not supported for the vault.")
run_migrations_online()
