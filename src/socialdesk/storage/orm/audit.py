"""What happened and what left the vault: the audit log and the log of reports produced.

Neither ever holds note contents or other case text: ``details`` is a small JSON object
of ids, counts, file names and formats.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from socialdesk.domain.enums import AuditAction, ReportAudience, ReportKind
from socialdesk.storage.orm.base import Base
from socialdesk.storage.orm.types import enum_type, utcnow


class AuditEvent(Base):
    """One sensitive action, chained to the previous event by hash (tamper evidence)."""

    __tablename__ = "audit_event"
    __table_args__ = (Index(None, "object_type", "object_id"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    action: Mapped[AuditAction] = mapped_column(enum_type(AuditAction), index=True)
    object_type: Mapped[str | None] = mapped_column(String(40))  # "client", "invoice"…
    object_id: Mapped[int | None]
    details: Mapped[str | None] = mapped_column(Text)  # JSON, never note contents
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class ReportLog(Base):
    """A report produced (client summary, activity or funder report, accountant pack)."""

    __tablename__ = "report_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int | None] = mapped_column(
        ForeignKey("client.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[ReportKind] = mapped_column(enum_type(ReportKind))
    audience: Mapped[ReportAudience] = mapped_column(enum_type(ReportAudience))
    period_start: Mapped[date | None]
    period_end: Mapped[date | None]
    sections: Mapped[str | None] = mapped_column(Text)  # JSON list of section codes
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
