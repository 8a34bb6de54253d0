"""Audit action ``key_rotate``: the database key of the vault was replaced.

Revision ID: 0004
Revises: 0003
Create Date: 2027-02-01

Only the CHECK constraint ``ck_audit_event_action`` changes. SQLite cannot alter a
constraint, so ``audit_event`` is rebuilt (batch mode: create, copy, drop, rename). The
rows are copied column by column, unchanged — they are hash-chained, and the chain is
verified after the copy, inside the migration's transaction, so a copy that altered a
byte would roll everything back. The table keeps ``AUTOINCREMENT`` (its ids are never
reused) and its three indexes. There are no triggers on this table.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ACTIONS_0001 = (
    "'vault_create', 'unlock', 'unlock_failed', 'lock', 'export', 'print', 'erase', "
    "'pseudonymize', 'backup', 'restore', 'migrate', 'passphrase_change', "
    "'recovery_key_reset', 'device_remember', 'device_forget', 'note_sign', 'note_amend', "
    "'invoice_issue', 'credit_note_issue', 'attachment_open', 'import', 'client_merge'"
)
_ACTIONS_0004 = _ACTIONS_0001 + ", 'key_rotate'"


def _audit_event(actions: str) -> sa.Table:
    """``audit_event`` as created by 0001, with the given list of actions."""
    return sa.Table(
        "audit_event",
        sa.MetaData(),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("object_type", sa.String(length=40), nullable=True),
        sa.Column("object_id", sa.Integer(), nullable=True),
        sa.Column("details", sa.Text(), nullable=True),
        sa.Column("prev_hash", sa.String(length=64), nullable=True),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.CheckConstraint(f"action IN ({actions})", name="ck_audit_event_action"),
        sa.PrimaryKeyConstraint("id", name="pk_audit_event"),
        sa.Index("ix_audit_event_action", "action"),
        sa.Index("ix_audit_event_at", "at"),
        sa.Index("ix_audit_event_object_type_object_id", "object_type", "object_id"),
        sqlite_autoincrement=True,
    )


def _rows() -> list[tuple[object, ...]]:
    return list(op.get_bind().exec_driver_sql("SELECT * FROM audit_event ORDER BY id"))


def _rebuild(actions: str) -> None:
    before = _rows()
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table(
            "audit_event", recreate="always", copy_from=_audit_event(actions)
        ):
            pass
    else:
        op.drop_constraint("ck_audit_event_action", "audit_event", type_="check")
        op.create_check_constraint("ck_audit_event_action", "audit_event", f"action IN ({actions})")
    if _rows() != before:  # the audit chain must survive byte for byte
        raise RuntimeError("audit_event rows changed while rebuilding the table")


def upgrade() -> None:
    _rebuild(_ACTIONS_0004)


def downgrade() -> None:
    op.execute("DELETE FROM audit_event WHERE action = 'key_rotate'")
    _rebuild(_ACTIONS_0001)
