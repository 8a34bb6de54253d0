"""Indicators agreed with a funder ("100 persons accompanied in 2026") and manual values.

Values are integers in the indicator's unit (persons, appointments, minutes for
``hours_of_service``…). A computed indicator (``source`` other than ``manual``) is counted
from the data over its period; a manual one sums its ``indicator_value`` rows.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from socialdesk.domain.enums import IndicatorSource
from socialdesk.storage.orm.base import Base, Timestamps
from socialdesk.storage.orm.types import enum_type


class Indicator(Base, Timestamps):
    __tablename__ = "indicator"
    __table_args__ = (
        Index(None, "period_start", "period_end"),
        CheckConstraint("period_end >= period_start", name="ck_indicator_period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None]
    source: Mapped[IndicatorSource] = mapped_column(
        enum_type(IndicatorSource), default=IndicatorSource.MANUAL
    )
    period_start: Mapped[date]
    period_end: Mapped[date]
    target_value: Mapped[int | None]
    unit_label: Mapped[str | None] = mapped_column(String(40))
    funder_organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id", ondelete="RESTRICT"), index=True
    )
    active: Mapped[bool] = mapped_column(default=True)

    values: Mapped[list[IndicatorValue]] = relationship(
        back_populates="indicator",
        order_by="IndicatorValue.value_date",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class IndicatorValue(Base, Timestamps):
    """A value entered by hand for a manual indicator."""

    __tablename__ = "indicator_value"
    __table_args__ = (Index(None, "indicator_id", "value_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"))
    value_date: Mapped[date]
    value: Mapped[int]
    note: Mapped[str | None]

    indicator: Mapped[Indicator] = relationship(back_populates="values")
