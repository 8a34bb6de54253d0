"""Accompaniment plans (objectives, actions, evaluations), démarches and tasks."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from socialdesk.domain.enums import Country, DemarcheStatus, ObjectiveStatus, TaskStatus
from socialdesk.storage.orm.base import Base, Timestamps
from socialdesk.storage.orm.types import enum_type, utcnow


class Objective(Base, Timestamps):
    __tablename__ = "objective"
    __table_args__ = (Index(None, "client_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None]
    social_issue_type_id: Mapped[int | None] = mapped_column(
        ForeignKey("social_issue_type.id", ondelete="RESTRICT"), index=True
    )
    target_date: Mapped[date | None] = mapped_column(index=True)
    status: Mapped[ObjectiveStatus] = mapped_column(
        enum_type(ObjectiveStatus), default=ObjectiveStatus.OPEN
    )
    closed_date: Mapped[date | None]
    position: Mapped[int] = mapped_column(default=0)

    actions: Mapped[list[ObjectiveAction]] = relationship(
        back_populates="objective",
        order_by="ObjectiveAction.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    evaluations: Mapped[list[Evaluation]] = relationship(
        back_populates="objective",
        order_by="Evaluation.evaluation_date",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    events: Mapped[list[ObjectiveEvent]] = relationship(
        back_populates="objective",
        order_by="ObjectiveEvent.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class ObjectiveAction(Base, Timestamps):
    """A step towards an objective."""

    __tablename__ = "objective_action"

    id: Mapped[int] = mapped_column(primary_key=True)
    objective_id: Mapped[int] = mapped_column(
        ForeignKey("objective.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str]
    due_date: Mapped[date | None]
    done_at: Mapped[datetime | None]
    position: Mapped[int] = mapped_column(default=0)

    objective: Mapped[Objective] = relationship(back_populates="actions")


class Evaluation(Base, Timestamps):
    """A dated assessment of an objective; progress in percent (the UI may offer steps)."""

    __tablename__ = "evaluation"
    __table_args__ = (
        Index(None, "objective_id", "evaluation_date"),
        CheckConstraint(
            "progress_percent IS NULL OR (progress_percent >= 0 AND progress_percent <= 100)",
            name="ck_evaluation_progress_range",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    objective_id: Mapped[int] = mapped_column(ForeignKey("objective.id", ondelete="CASCADE"))
    evaluation_date: Mapped[date]
    progress_percent: Mapped[int | None]
    comment: Mapped[str | None]

    objective: Mapped[Objective] = relationship(back_populates="evaluations")


class ObjectiveEvent(Base):
    """One change in an objective's history (migration 0003): which field, the value
    before and after as text. Written by ``services.plans`` only; deleted with the
    objective."""

    __tablename__ = "objective_event"
    __table_args__ = (Index(None, "objective_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    objective_id: Mapped[int] = mapped_column(ForeignKey("objective.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    field: Mapped[str] = mapped_column(String(40))
    old: Mapped[str | None]
    new: Mapped[str | None]

    objective: Mapped[Objective] = relationship(back_populates="events")


class DemarcheKind(Base, Timestamps):
    """Configurable kinds of procedures (RSA, APL, housing application…), per country."""

    __tablename__ = "demarche_kind"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    label: Mapped[str] = mapped_column(String(200))
    country: Mapped[Country | None] = mapped_column(enum_type(Country))  # None: any
    active: Mapped[bool] = mapped_column(default=True)
    sort_order: Mapped[int] = mapped_column(default=0)


class Demarche(Base, Timestamps):
    """An administrative procedure / access to a right, followed to its outcome."""

    __tablename__ = "demarche"
    __table_args__ = (
        Index(None, "status", "next_action_date"),
        CheckConstraint(
            "benefit_monthly_cents IS NULL OR benefit_monthly_cents >= 0",
            name="ck_demarche_benefit",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id", ondelete="CASCADE"), index=True)
    kind_id: Mapped[int] = mapped_column(
        ForeignKey("demarche_kind.id", ondelete="RESTRICT"), index=True
    )
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id", ondelete="RESTRICT"), index=True
    )
    reference: Mapped[str | None] = mapped_column(String(100))  # file number at the org
    status: Mapped[DemarcheStatus] = mapped_column(
        enum_type(DemarcheStatus), default=DemarcheStatus.TO_PREPARE
    )
    submitted_date: Mapped[date | None]
    next_action_date: Mapped[date | None] = mapped_column(index=True)
    next_action: Mapped[str | None]
    deadline: Mapped[date | None] = mapped_column(index=True)
    decision_date: Mapped[date | None]
    outcome: Mapped[str | None]
    benefit_monthly_cents: Mapped[int | None]
    notes: Mapped[str | None]

    kind: Mapped[DemarcheKind] = relationship()
    documents: Mapped[list[DemarcheDocument]] = relationship(
        back_populates="demarche",
        order_by="DemarcheDocument.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class DemarcheDocument(Base, Timestamps):
    """One line of a démarche's checklist of documents to gather."""

    __tablename__ = "demarche_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    demarche_id: Mapped[int] = mapped_column(
        ForeignKey("demarche.id", ondelete="CASCADE"), index=True
    )
    label: Mapped[str] = mapped_column(String(200))
    received: Mapped[bool] = mapped_column(default=False)
    received_date: Mapped[date | None]
    position: Mapped[int] = mapped_column(default=0)

    demarche: Mapped[Demarche] = relationship(back_populates="documents")


class Task(Base, Timestamps):
    """A to-do, for a client, a démarche, or the practitioner alone."""

    __tablename__ = "task"
    __table_args__ = (Index(None, "status", "due_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int | None] = mapped_column(
        ForeignKey("client.id", ondelete="CASCADE"), index=True
    )
    demarche_id: Mapped[int | None] = mapped_column(
        ForeignKey("demarche.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    notes: Mapped[str | None]
    due_date: Mapped[date | None]
    status: Mapped[TaskStatus] = mapped_column(enum_type(TaskStatus), default=TaskStatus.OPEN)
    done_at: Mapped[datetime | None]
