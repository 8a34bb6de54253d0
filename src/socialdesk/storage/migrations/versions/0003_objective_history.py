"""History of an accompaniment plan's objectives; indexes for the Today page.

Revision ID: 0003
Revises: 0002
Create Date: 2027-01-15

Objects created:

- ``objective_event``: one row per change of an objective (title, description, social
  issue, target date, status) or of its actions and evaluations, with the value before
  and after as text; deleted with its objective (``ON DELETE CASCADE``). Objectives
  created before this revision simply have no history before it;
- ``ix_case_note_unsigned``: the notes not signed yet, by date (partial index ``WHERE
  signed_at IS NULL``): Today counts and lists them without visiting the signed ones
  (on the large demo: 630 ms → a few ms);
- ``ix_invoice_status_due_date`` becomes covering
  (``ix_invoice_status_due_date_kind_total_gross_cents_paid_cents``): Today sums what
  overdue invoices still owe without reading the invoice rows and their JSON snapshots
  (on the large demo: 105 ms → a few ms). A partial index was tried first: SQLite's
  planner preferred the old index to it.

Partial indexes exist on PostgreSQL too (same ``WHERE`` clause).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

UNSIGNED_NOTE = "signed_at IS NULL"
INVOICE_DUE_COVERING = ["status", "due_date", "kind", "total_gross_cents", "paid_cents"]

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "objective_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("objective_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column("old", sa.Text(), nullable=True),
        sa.Column("new", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["objective_id"],
            ["objective.id"],
            name=op.f("fk_objective_event_objective_id"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_objective_event")),
    )
    op.create_index(
        op.f("ix_objective_event_objective_id_at"),
        "objective_event",
        ["objective_id", "at"],
        unique=False,
    )
    op.create_index(
        "ix_case_note_unsigned",
        "case_note",
        ["note_date"],
        unique=False,
        sqlite_where=sa.text(UNSIGNED_NOTE),
        postgresql_where=sa.text(UNSIGNED_NOTE),
    )
    op.drop_index(op.f("ix_invoice_status_due_date"), table_name="invoice")
    op.create_index(
        op.f("ix_invoice_status_due_date_kind_total_gross_cents_paid_cents"),
        "invoice",
        INVOICE_DUE_COVERING,
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(
        op.f("ix_invoice_status_due_date_kind_total_gross_cents_paid_cents"), table_name="invoice"
    )
    op.create_index(
        op.f("ix_invoice_status_due_date"), "invoice", ["status", "due_date"], unique=False
    )
    op.drop_index("ix_case_note_unsigned", table_name="case_note")
    op.drop_index(op.f("ix_objective_event_objective_id_at"), table_name="objective_event")
    op.drop_table("objective_event")
