"""Case notes, their revisions, and attachments (stored encrypted inside the vault).

Signed notes are locked by database triggers (migration 0001, SQLite):

- Signing sets ``signed_at``/``signed_by`` and writes revision 1 (the signed text) with
  ``current_revision = 1`` (CHECK: a signed note has a revision).
- Amending a signed note = insert a ``case_note_revision`` row numbered above
  ``current_revision``, then update ``body``, ``title`` and ``current_revision`` together
  to match that row. With the ORM, flush the new revision before changing the note (the
  unit of work writes a parent's UPDATE before its children's INSERTs). Any other change of ``body``/``title``/``current_revision`` and any
  change of ``signed_at``/``signed_by``/``client_id`` on a signed note is refused.
- A signed note cannot be deleted, except by erasing its whole client file (the client
  row is gone when the cascade reaches the note).
- Revisions are never updated, and deleted only with their note.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from socialdesk.storage.orm.base import Base, Timestamps
from socialdesk.storage.orm.types import utcnow


class NoteType(Base, Timestamps):
    """Configurable note types (interview, phone call, synthesis…) with a body template."""

    __tablename__ = "note_type"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    label: Mapped[str] = mapped_column(String(200))
    template: Mapped[str | None]
    active: Mapped[bool] = mapped_column(default=True)
    sort_order: Mapped[int] = mapped_column(default=0)


class CaseNote(Base, Timestamps):
    __tablename__ = "case_note"
    __table_args__ = (
        Index(None, "client_id", "note_date"),
        # The notes left unsigned (Today), without visiting the signed ones (migration 0003).
        Index(
            "ix_case_note_unsigned",
            "note_date",
            sqlite_where=text("signed_at IS NULL"),
            postgresql_where=text("signed_at IS NULL"),
        ),
        CheckConstraint("current_revision >= 0", name="ck_case_note_revision_positive"),
        CheckConstraint(
            "signed_at IS NULL OR (signed_by IS NOT NULL AND current_revision >= 1 "
            "AND NOT is_draft)",
            name="ck_case_note_signed",
        ),
        # Ids are never reused: a stale id must not reach another row.
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id", ondelete="CASCADE"))
    appointment_id: Mapped[int | None] = mapped_column(
        ForeignKey("appointment.id", ondelete="SET NULL"), index=True
    )
    note_date: Mapped[date] = mapped_column(index=True)
    note_type_id: Mapped[int | None] = mapped_column(
        ForeignKey("note_type.id", ondelete="RESTRICT"), index=True
    )
    title: Mapped[str | None] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    is_private: Mapped[bool] = mapped_column(default=False)
    is_draft: Mapped[bool] = mapped_column(default=False)
    signed_at: Mapped[datetime | None]
    signed_by: Mapped[str | None] = mapped_column(String(200))
    current_revision: Mapped[int] = mapped_column(default=0)

    note_type: Mapped[NoteType | None] = relationship()
    # The database deletes revisions with the note; the ORM must never try to.
    revisions: Mapped[list[CaseNoteRevision]] = relationship(
        back_populates="note",
        order_by="CaseNoteRevision.revision",
        cascade="save-update, merge",
        passive_deletes="all",
    )


class CaseNoteRevision(Base):
    """An immutable version of a signed note (revision 1 is the text as signed)."""

    __tablename__ = "case_note_revision"
    __table_args__ = (
        UniqueConstraint("note_id", "revision"),
        CheckConstraint("revision >= 1", name="ck_case_note_revision_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("case_note.id", ondelete="CASCADE"))
    revision: Mapped[int]
    title: Mapped[str | None] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    reason: Mapped[str | None]
    author: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    note: Mapped[CaseNote] = relationship(back_populates="revisions")


class Attachment(Base, Timestamps):
    """A file's metadata; its bytes are in ``attachment_blob`` so lists never load them."""

    __tablename__ = "attachment"
    # Ids are never reused: a stale id must not reach another row.
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int | None] = mapped_column(
        ForeignKey("client.id", ondelete="CASCADE"), index=True
    )
    note_id: Mapped[int | None] = mapped_column(
        ForeignKey("case_note.id", ondelete="CASCADE"), index=True
    )
    demarche_id: Mapped[int | None] = mapped_column(
        ForeignKey("demarche.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(255))
    mime: Mapped[str | None] = mapped_column(String(100))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    description: Mapped[str | None]

    # lazy="raise": reading the bytes is always an explicit query.
    blob: Mapped[AttachmentBlob] = relationship(
        back_populates="attachment",
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="raise",
        uselist=False,
    )


class AttachmentBlob(Base):
    __tablename__ = "attachment_blob"

    id: Mapped[int] = mapped_column(primary_key=True)
    attachment_id: Mapped[int] = mapped_column(
        ForeignKey("attachment.id", ondelete="CASCADE"), unique=True
    )
    data: Mapped[bytes]

    attachment: Mapped[Attachment] = relationship(back_populates="blob")
