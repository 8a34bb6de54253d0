"""The persons accompanied (clients), their social issues, household, contacts, consents.

A client's own records (status history, household, contacts, consents, issues) are
deleted with the client by the database (``ON DELETE CASCADE``); erasing a client is an
audited service action. Invoices and billable items keep a client (``RESTRICT``): a
client who was billed is pseudonymized, not deleted.
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from socialdesk.domain.enums import (
    ClientStatus,
    ConsentMethod,
    ConsentScope,
    ContactKind,
    Gender,
    PayerKind,
)
from socialdesk.storage.orm.base import Base, Timestamps
from socialdesk.storage.orm.types import enum_type, utcnow

if TYPE_CHECKING:
    from socialdesk.storage.orm.organizations import Organization


class SocialIssueType(Base, Timestamps):
    """Configurable typology: housing, income, debt, health, employment, family, rights…"""

    __tablename__ = "social_issue_type"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    label: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)
    sort_order: Mapped[int] = mapped_column(default=0)


class Client(Base, Timestamps):
    """A person accompanied, known in exports by a pseudonymous file number."""

    __tablename__ = "client"
    __table_args__ = (
        Index(None, "status", "name_sort_key"),
        CheckConstraint(
            "(default_payer_kind = 'organization' AND default_payer_organization_id IS NOT NULL)"
            " OR (default_payer_kind = 'person' AND default_payer_organization_id IS NULL)",
            name="ck_client_default_payer",
        ),
        CheckConstraint(
            "closed_date IS NULL OR closed_date >= intake_date",
            name="ck_client_closed_after_intake",
        ),
        # Ids are never reused: a stale id must not reach another row.
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    file_number: Mapped[str] = mapped_column(String(30), unique=True)  # "D-2026-0001"
    civility: Mapped[str | None] = mapped_column(String(20))
    first_name: Mapped[str | None] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    birth_name: Mapped[str | None] = mapped_column(String(100))
    # Lower-case, accent-free "last first" kept by a flush hook; lists sort on it.
    name_sort_key: Mapped[str] = mapped_column(String(201), default="", index=True)
    birth_date: Mapped[date | None]
    gender: Mapped[Gender | None] = mapped_column(enum_type(Gender))
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))
    address_line1: Mapped[str | None] = mapped_column(String(200))
    address_line2: Mapped[str | None] = mapped_column(String(200))
    postal_code: Mapped[str | None] = mapped_column(String(20))
    city: Mapped[str | None] = mapped_column(String(100))
    country: Mapped[str | None] = mapped_column(String(2))  # ISO 3166-1 alpha-2
    status: Mapped[ClientStatus] = mapped_column(
        enum_type(ClientStatus), default=ClientStatus.INTAKE
    )
    intake_date: Mapped[date] = mapped_column(default=date.today)
    closed_date: Mapped[date | None]
    closing_reason: Mapped[str | None]
    referral_source: Mapped[str | None] = mapped_column(String(200))
    referred_by_organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id", ondelete="SET NULL"), index=True
    )
    default_payer_kind: Mapped[PayerKind] = mapped_column(
        enum_type(PayerKind), default=PayerKind.PERSON
    )
    default_payer_organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id", ondelete="RESTRICT"), index=True
    )
    situation_housing: Mapped[str | None]
    situation_resources: Mapped[str | None]
    situation_health: Mapped[str | None]
    situation_employment: Mapped[str | None]
    situation_family: Mapped[str | None]
    situation_administrative: Mapped[str | None]
    last_contact_at: Mapped[datetime | None] = mapped_column(index=True)
    retention_until: Mapped[date | None] = mapped_column(index=True)
    pseudonymized_at: Mapped[datetime | None]

    default_payer_organization: Mapped[Organization | None] = relationship(
        foreign_keys=[default_payer_organization_id]
    )
    status_changes: Mapped[list[ClientStatusChange]] = relationship(
        back_populates="client",
        order_by="ClientStatusChange.changed_at",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    household_members: Mapped[list[HouseholdMember]] = relationship(
        back_populates="client",
        order_by="HouseholdMember.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    contacts: Mapped[list[ClientContact]] = relationship(
        back_populates="client", cascade="all, delete-orphan", passive_deletes=True
    )
    consents: Mapped[list[Consent]] = relationship(
        back_populates="client", cascade="all, delete-orphan", passive_deletes=True
    )
    social_issues: Mapped[list[ClientSocialIssue]] = relationship(
        back_populates="client", cascade="all, delete-orphan", passive_deletes=True
    )


def name_sort_key(last_name: str | None, first_name: str | None) -> str:
    """``"Ștefan", "Élise"`` → ``"stefan elise"``: case- and accent-insensitive order."""
    text = f"{last_name or ''} {first_name or ''}".strip()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))[:201]


@event.listens_for(Client, "before_insert")
@event.listens_for(Client, "before_update")
def _keep_name_sort_key(_mapper: Any, _connection: Any, client: Client) -> None:
    client.name_sort_key = name_sort_key(client.last_name, client.first_name)


class ClientSocialIssue(Base):
    """A social issue of a client (one row per issue; ``is_primary`` marks the main one)."""

    __tablename__ = "client_social_issue"
    __table_args__ = (UniqueConstraint("client_id", "social_issue_type_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id", ondelete="CASCADE"))
    social_issue_type_id: Mapped[int] = mapped_column(
        ForeignKey("social_issue_type.id", ondelete="RESTRICT"), index=True
    )
    is_primary: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    client: Mapped[Client] = relationship(back_populates="social_issues")
    social_issue_type: Mapped[SocialIssueType] = relationship()


class ClientStatusChange(Base):
    """History of status changes; ``from_status`` is empty for the first status."""

    __tablename__ = "client_status_change"
    __table_args__ = (Index(None, "client_id", "changed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id", ondelete="CASCADE"))
    from_status: Mapped[ClientStatus | None] = mapped_column(enum_type(ClientStatus))
    to_status: Mapped[ClientStatus] = mapped_column(enum_type(ClientStatus))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    reason: Mapped[str | None]

    client: Mapped[Client] = relationship(back_populates="status_changes")


class HouseholdMember(Base, Timestamps):
    __tablename__ = "household_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    relation: Mapped[str | None] = mapped_column(String(60))  # spouse, child, parent…
    birth_year: Mapped[int | None]
    notes: Mapped[str | None]
    position: Mapped[int] = mapped_column(default=0)

    client: Mapped[Client] = relationship(back_populates="household_members")


class ClientContact(Base, Timestamps):
    """A relative, a professional (doctor, lawyer, guardian…) or a partner's worker."""

    __tablename__ = "client_contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ContactKind] = mapped_column(enum_type(ContactKind))
    name: Mapped[str] = mapped_column(String(200))
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id", ondelete="SET NULL"), index=True
    )
    role: Mapped[str | None] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))
    notes: Mapped[str | None]

    client: Mapped[Client] = relationship(back_populates="contacts")


class Consent(Base, Timestamps):
    """A GDPR consent record: what, when, how; withdrawal keeps the record."""

    __tablename__ = "consent"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id", ondelete="CASCADE"), index=True)
    consent_date: Mapped[date]
    scope: Mapped[ConsentScope] = mapped_column(enum_type(ConsentScope))
    how_obtained: Mapped[ConsentMethod] = mapped_column(enum_type(ConsentMethod))
    withdrawn_at: Mapped[datetime | None]
    document_attachment_id: Mapped[int | None] = mapped_column(
        ForeignKey("attachment.id", ondelete="SET NULL"), index=True
    )
    notes: Mapped[str | None]

    client: Mapped[Client] = relationship(back_populates="consents")
