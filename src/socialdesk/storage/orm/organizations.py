"""Organizations (payers and partners of the network), their people, and referrals.

Organizations referenced by business records (invoices, démarches, referrals…) cannot be
deleted (``RESTRICT``): they are deactivated (``active = false``) instead.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from socialdesk.domain.enums import OrganizationKind, OrganizationRole, ReferralOutcome
from socialdesk.storage.orm.base import Base, Timestamps
from socialdesk.storage.orm.types import enum_type


class Organization(Base, Timestamps):
    __tablename__ = "organization"
    __table_args__ = (Index(None, "active", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    role: Mapped[OrganizationRole] = mapped_column(
        enum_type(OrganizationRole), default=OrganizationRole.PARTNER
    )
    kind: Mapped[OrganizationKind] = mapped_column(
        enum_type(OrganizationKind), default=OrganizationKind.OTHER
    )
    domains: Mapped[str | None]  # fields of intervention, free text
    address_line1: Mapped[str | None] = mapped_column(String(200))
    address_line2: Mapped[str | None] = mapped_column(String(200))
    postal_code: Mapped[str | None] = mapped_column(String(20))
    city: Mapped[str | None] = mapped_column(String(100))
    country: Mapped[str | None] = mapped_column(String(2))
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))
    website: Mapped[str | None] = mapped_column(String(300))
    opening_hours: Mapped[str | None]
    vat_number: Mapped[str | None] = mapped_column(String(20))
    legal_id: Mapped[str | None] = mapped_column(String(40))  # SIRET, BCE, CUI…
    notes: Mapped[str | None]
    active: Mapped[bool] = mapped_column(default=True)

    contacts: Mapped[list[OrganizationContact]] = relationship(
        back_populates="organization", cascade="all, delete-orphan", passive_deletes=True
    )


class OrganizationContact(Base, Timestamps):
    """A person working at an organization."""

    __tablename__ = "organization_contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str | None] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))
    notes: Mapped[str | None]
    active: Mapped[bool] = mapped_column(default=True)

    organization: Mapped[Organization] = relationship(back_populates="contacts")


class Referral(Base, Timestamps):
    """An orientation of a client towards a partner, and what came of it."""

    __tablename__ = "referral"
    __table_args__ = (Index(None, "client_id", "referral_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id", ondelete="CASCADE"))
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="RESTRICT"), index=True
    )
    organization_contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization_contact.id", ondelete="SET NULL"), index=True
    )
    referral_date: Mapped[date]
    reason: Mapped[str | None]
    outcome: Mapped[ReferralOutcome] = mapped_column(
        enum_type(ReferralOutcome), default=ReferralOutcome.PENDING
    )
    outcome_date: Mapped[date | None]
    notes: Mapped[str | None]

    organization: Mapped[Organization] = relationship()
