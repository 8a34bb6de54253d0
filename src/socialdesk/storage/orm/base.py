"""Declarative base: naming convention, type map and the timestamp mixin.

Every constraint and index gets a deterministic name from the naming convention, so
Alembic batch migrations on SQLite (which recreate tables) can find and drop them, and
the same names exist on PostgreSQL. Keep every generated name under 63 characters
(PostgreSQL's identifier limit); a schema test checks it.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, LargeBinary, MetaData, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from socialdesk.storage.orm.types import UTCDateTime, utcnow

NAMING_CONVENTION = {
    "pk": "pk_%(table_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s",
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    # Enum columns get ck_<table>_<column>; explicit CheckConstraints carry a full
    # "ck_<table>_<what>" name, which the convention leaves as is (no constraint_name).
    "ck": "ck_%(table_name)s_%(column_0_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        datetime: UTCDateTime(),
        date: Date(),
        bytes: LargeBinary(),
        str: Text(),
    }


class Timestamps:
    """``created_at`` / ``updated_at``, set by the ORM (UTC, aware)."""

    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
