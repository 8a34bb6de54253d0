"""The agenda: appointments, their participants, and recurrence series.

Instants are UTC (``UTCDateTime``); the practitioner's zone (profile) is for display.
Occurrences of a series are stored as ordinary appointments up to
``recurrence_series.materialized_until``; an occurrence moved or edited on its own keeps
its original start in ``series_occurrence`` (an RFC 5545 ``RECURRENCE-ID``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from socialdesk.domain.enums import (
    AppointmentKind,
    AppointmentStatus,
    AttendanceStatus,
    GroupBillingMode,
)
from socialdesk.storage.orm.base import Base, Timestamps
from socialdesk.storage.orm.types import enum_type

DEFAULT_TIMEZONE = "Europe/Paris"


class RecurrenceSeries(Base, Timestamps):
    """An RFC 5545 recurrence rule (``FREQ=WEEKLY;BYDAY=TU``) and its bounds."""

    __tablename__ = "recurrence_series"
    __table_args__ = (
        CheckConstraint("count IS NULL OR count > 0", name="ck_recurrence_series_count"),
        CheckConstraint("duration_minutes >= 0", name="ck_recurrence_series_duration"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    rrule: Mapped[str] = mapped_column(Text)
    dtstart: Mapped[datetime]
    until: Mapped[datetime | None]
    count: Mapped[int | None]
    # Wall-clock zone of the rule: a weekly 10:00 stays 10:00 across DST changes.
    timezone: Mapped[str] = mapped_column(String(64), default=DEFAULT_TIMEZONE)
    duration_minutes: Mapped[int] = mapped_column(default=60)
    materialized_until: Mapped[datetime | None]


class Appointment(Base, Timestamps):
    __tablename__ = "appointment"
    __table_args__ = (
        UniqueConstraint("series_id", "series_occurrence"),
        CheckConstraint("ends_at >= starts_at", name="ck_appointment_ends_after_start"),
        CheckConstraint(
            "travel_minutes IS NULL OR travel_minutes >= 0", name="ck_appointment_travel_minutes"
        ),
        CheckConstraint(
            "travel_km_milli IS NULL OR travel_km_milli >= 0", name="ck_appointment_travel_km"
        ),
        CheckConstraint(
            "reminder_minutes IS NULL OR reminder_minutes >= 0", name="ck_appointment_reminder"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime]
    kind: Mapped[AppointmentKind] = mapped_column(
        enum_type(AppointmentKind), default=AppointmentKind.OFFICE
    )
    status: Mapped[AppointmentStatus] = mapped_column(
        enum_type(AppointmentStatus), default=AppointmentStatus.PLANNED, index=True
    )
    title: Mapped[str | None] = mapped_column(String(200))
    place: Mapped[str | None] = mapped_column(String(300))
    service_id: Mapped[int | None] = mapped_column(
        ForeignKey("service.id", ondelete="RESTRICT"), index=True
    )
    travel_minutes: Mapped[int | None]
    travel_km_milli: Mapped[int | None]  # thousandths of a km
    note_short: Mapped[str | None]
    reminder_minutes: Mapped[int | None]
    series_id: Mapped[int | None] = mapped_column(
        ForeignKey("recurrence_series.id", ondelete="SET NULL"), index=True
    )
    series_occurrence: Mapped[datetime | None]  # original start within the series
    is_group: Mapped[bool] = mapped_column(default=False)
    billing_mode: Mapped[GroupBillingMode] = mapped_column(
        enum_type(GroupBillingMode), default=GroupBillingMode.PER_PERSON
    )
    payer_organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id", ondelete="RESTRICT"), index=True
    )
    cancelled_at: Mapped[datetime | None]  # tells a late cancellation from an early one
    cancellation_reason: Mapped[str | None]

    participants: Mapped[list[AppointmentParticipant]] = relationship(
        back_populates="appointment", cascade="all, delete-orphan", passive_deletes=True
    )
    series: Mapped[RecurrenceSeries | None] = relationship()


class AppointmentParticipant(Base, Timestamps):
    """A client taking part in an appointment (several for a group session)."""

    __tablename__ = "appointment_participant"
    __table_args__ = (UniqueConstraint("appointment_id", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    appointment_id: Mapped[int] = mapped_column(ForeignKey("appointment.id", ondelete="CASCADE"))
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id", ondelete="CASCADE"), index=True)
    attendance: Mapped[AttendanceStatus] = mapped_column(
        enum_type(AttendanceStatus), default=AttendanceStatus.EXPECTED
    )

    appointment: Mapped[Appointment] = relationship(back_populates="participants")
