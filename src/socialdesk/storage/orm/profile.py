"""The practitioner's own identity: one row (``id = 1``) per vault."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from socialdesk.domain.enums import Country, DocumentLanguage, VatStatus
from socialdesk.storage.orm.base import Base
from socialdesk.storage.orm.types import enum_type, utcnow

PROFILE_ID = 1
DEFAULT_TIMEZONE = "Europe/Paris"
DEFAULT_PAYMENT_TERMS_DAYS = 30


class PractitionerProfile(Base):
    """Legal identity, legal ids, VAT status and invoicing defaults.

    Everything may be empty while the practitioner fills it in; the issue-time check of
    an invoice refuses one whose mandatory mentions are missing. The values are frozen
    into each invoice (``invoice.seller_snapshot``) when it is issued.
    """

    __tablename__ = "practitioner_profile"
    __table_args__ = (
        CheckConstraint(f"id = {PROFILE_ID}", name="ck_practitioner_profile_single_row"),
        CheckConstraint("payment_terms_days >= 0", name="ck_practitioner_profile_payment_terms"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, default=PROFILE_ID)
    display_name: Mapped[str | None] = mapped_column(String(200))
    legal_name: Mapped[str | None] = mapped_column(String(200))
    profession_title: Mapped[str | None] = mapped_column(String(200))
    address_line1: Mapped[str | None] = mapped_column(String(200))
    address_line2: Mapped[str | None] = mapped_column(String(200))
    postal_code: Mapped[str | None] = mapped_column(String(20))
    city: Mapped[str | None] = mapped_column(String(100))
    country: Mapped[Country] = mapped_column(enum_type(Country), default=Country.FR)
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    # Legal ids: France SIREN (9 digits) / SIRET (14); Belgium BCE/KBO; Romania CUI/CIF.
    siren: Mapped[str | None] = mapped_column(String(9))
    siret: Mapped[str | None] = mapped_column(String(14))
    bce_number: Mapped[str | None] = mapped_column(String(20))
    cui: Mapped[str | None] = mapped_column(String(20))
    vat_status: Mapped[VatStatus] = mapped_column(enum_type(VatStatus), default=VatStatus.FRANCHISE)
    vat_number: Mapped[str | None] = mapped_column(String(20))
    iban: Mapped[str | None] = mapped_column(String(34))
    bic: Mapped[str | None] = mapped_column(String(11))
    invoice_prefix: Mapped[str | None] = mapped_column(String(20))
    payment_terms_days: Mapped[int] = mapped_column(default=DEFAULT_PAYMENT_TERMS_DAYS)
    late_penalty_text: Mapped[str | None]
    document_language: Mapped[DocumentLanguage] = mapped_column(
        enum_type(DocumentLanguage), default=DocumentLanguage.FR
    )
    logo: Mapped[bytes | None]
    logo_mime: Mapped[str | None] = mapped_column(String(50))
    timezone: Mapped[str] = mapped_column(String(64), default=DEFAULT_TIMEZONE)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
