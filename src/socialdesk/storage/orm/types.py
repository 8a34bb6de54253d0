"""Column types shared by every model.

- :class:`UTCDateTime`: instants are timezone-aware in Python and UTC in the database.
  A naive datetime is refused at bind time (it is a bug: we cannot know its zone).
- :func:`enum_type`: a domain :class:`~enum.StrEnum` stored as its plain string value in
  a ``VARCHAR`` with a CHECK constraint (no native database enum, so the same schema
  runs on PostgreSQL and adding a value is an ordinary migration).
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import DateTime, Dialect, Enum
from sqlalchemy.types import TypeDecorator

ENUM_LENGTH = 32
"""Every enum column is ``VARCHAR(32)``: room for new values without a type change."""


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """An aware datetime stored in UTC; read back as an aware UTC datetime.

    SQLite has no time zones: the value is stored as UTC text without offset. PostgreSQL
    gets ``timestamp with time zone``.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"UTCDateTime expects a datetime, got {type(value).__name__}")
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime refused (give it a time zone): {value!r}")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def enum_type(enum_class: type[StrEnum], **kw: Any) -> Enum:
    """A non-native Enum persisting the member *values* (``"home_visit"``), not names.

    ``name=None`` leaves the CHECK constraint unnamed here so the metadata naming
    convention names it after its table and column (``ck_appointment_kind``); with the
    default name every column of the same enum would share one constraint name.
    """
    return Enum(
        enum_class,
        name=None,
        native_enum=False,
        create_constraint=True,
        length=ENUM_LENGTH,
        validate_strings=True,
        values_callable=_enum_values,
        **kw,
    )


def _enum_values(enum_class: type[StrEnum]) -> list[str]:
    return [member.value for member in enum_class]
