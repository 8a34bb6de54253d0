"""History of an accompaniment plan's objectives.

Revision ID: 0003
Revises: 0002
Create Date: 2027-01-15

Objects created:

- ``objective_event``: one row per change of an objective (title, description, social
  issue, target date, status) or of its actions and evaluations, with the value before
  and after as text; deleted with its objective (``ON DELETE CASCADE``). Objectives
  created before this revision simply have no history before it.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

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


def downgrade() -> None:
    op.drop_index(op.f("ix_objective_event_objective_id_at"), table_name="objective_event")
    op.drop_table("objective_event")
