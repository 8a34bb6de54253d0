"""Vault-level settings (stored encrypted with the data), one JSON value per key.

App-level, non-sensitive settings (language, last vault path) live outside the vault in
the config dir; anything that describes the practice lives here.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from socialdesk.storage.orm.base import Base
from socialdesk.storage.orm.types import utcnow


class AppSetting(Base):
    __tablename__ = "app_setting"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    value: Mapped[str] = mapped_column(Text)  # JSON
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
