"""Service catalogue, packages (forfaits), billable items, invoices and payments.

Amounts are integer cents (``*_cents``), VAT rates basis points (``vat_rate_bp``, 2000 =
20 %), quantities thousandths of a unit (``*_milli``). Credit notes store positive
amounts; ``kind = 'credit_note'`` gives the sign.

An invoice is a draft until issued: issuing assigns ``sequence_number``/``number`` from
its series (gapless, in the same transaction), freezes seller and payer data as JSON
snapshots and chains the invoice by hash. From then on database triggers (migration
0001) refuse its deletion, any change of its frozen columns and any change to its lines;
only ``status``, ``paid_cents``, ``notes`` and ``updated_at`` may change.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from socialdesk.domain.enums import (
    Currency,
    InvoiceKind,
    InvoiceStatus,
    PackageStatus,
    PayerKind,
    PaymentMethod,
    ServiceUnit,
)
from socialdesk.storage.orm.base import Base, Timestamps
from socialdesk.storage.orm.types import enum_type

VAT_RATE_RANGE = "BETWEEN 0 AND 10000"


class Service(Base, Timestamps):
    """An entry of the service catalogue (interview hour, home visit, km, flat fee…)."""

    __tablename__ = "service"
    __table_args__ = (
        CheckConstraint("unit_price_cents >= 0", name="ck_service_price"),
        CheckConstraint(
            f"vat_rate_bp IS NULL OR vat_rate_bp {VAT_RATE_RANGE}", name="ck_service_vat_rate"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None]
    unit: Mapped[ServiceUnit] = mapped_column(enum_type(ServiceUnit))
    unit_price_cents: Mapped[int]
    vat_rate_bp: Mapped[int | None]  # None: the practitioner's VAT status decides
    vat_exemption_reason: Mapped[str | None]
    accounting_account: Mapped[str | None] = mapped_column(String(20))
    default_duration_minutes: Mapped[int | None]
    active: Mapped[bool] = mapped_column(default=True)
    sort_order: Mapped[int] = mapped_column(default=0)


class PackageDefinition(Base, Timestamps):
    """A package offer: so many units of a service, at a price, valid so many days."""

    __tablename__ = "package_definition"
    __table_args__ = (
        CheckConstraint("units_milli > 0", name="ck_package_definition_units"),
        CheckConstraint("price_cents >= 0", name="ck_package_definition_price"),
        CheckConstraint(
            "validity_days IS NULL OR validity_days > 0", name="ck_package_definition_validity"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    service_id: Mapped[int] = mapped_column(
        ForeignKey("service.id", ondelete="RESTRICT"), index=True
    )
    units_milli: Mapped[int]
    price_cents: Mapped[int]
    validity_days: Mapped[int | None]
    active: Mapped[bool] = mapped_column(default=True)


class ClientPackage(Base, Timestamps):
    """A package sold to a client; its terms are copied from the definition at sale."""

    __tablename__ = "client_package"
    __table_args__ = (
        CheckConstraint("units_total_milli > 0", name="ck_client_package_units"),
        CheckConstraint("price_cents >= 0", name="ck_client_package_price"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id", ondelete="RESTRICT"), index=True)
    definition_id: Mapped[int | None] = mapped_column(
        ForeignKey("package_definition.id", ondelete="RESTRICT"), index=True
    )
    service_id: Mapped[int] = mapped_column(
        ForeignKey("service.id", ondelete="RESTRICT"), index=True
    )
    payer_organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id", ondelete="RESTRICT"), index=True
    )
    sold_date: Mapped[date]
    valid_until: Mapped[date | None]
    units_total_milli: Mapped[int]
    price_cents: Mapped[int]
    status: Mapped[PackageStatus] = mapped_column(
        enum_type(PackageStatus), default=PackageStatus.OPEN, index=True
    )
    closed_reason: Mapped[str | None]
    invoice_line_id: Mapped[int | None] = mapped_column(
        ForeignKey("invoice_line.id", ondelete="SET NULL"), index=True
    )

    consumptions: Mapped[list[PackageConsumption]] = relationship(
        back_populates="client_package", cascade="all, delete-orphan", passive_deletes=True
    )


class PackageConsumption(Base, Timestamps):
    """Units taken from a package: by a done appointment, or by hand (with a reason).

    Negative units give units back (a correction).
    """

    __tablename__ = "package_consumption"
    __table_args__ = (
        UniqueConstraint("client_package_id", "appointment_id"),
        CheckConstraint("units_milli <> 0", name="ck_package_consumption_units"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_package_id: Mapped[int] = mapped_column(
        ForeignKey("client_package.id", ondelete="CASCADE")
    )
    appointment_id: Mapped[int | None] = mapped_column(
        ForeignKey("appointment.id", ondelete="SET NULL"), index=True
    )
    consumed_date: Mapped[date]
    units_milli: Mapped[int]
    reason: Mapped[str | None]

    client_package: Mapped[ClientPackage] = relationship(back_populates="consumptions")


class BillableItem(Base, Timestamps):
    """Something to bill (usually from a done appointment); billed once it has a line."""

    __tablename__ = "billable_item"
    __table_args__ = (
        CheckConstraint("unit_price_cents >= 0", name="ck_billable_item_price"),
        CheckConstraint("quantity_milli > 0", name="ck_billable_item_quantity"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int | None] = mapped_column(
        ForeignKey("client.id", ondelete="RESTRICT"), index=True
    )
    appointment_id: Mapped[int | None] = mapped_column(
        ForeignKey("appointment.id", ondelete="SET NULL"), index=True
    )
    service_id: Mapped[int] = mapped_column(
        ForeignKey("service.id", ondelete="RESTRICT"), index=True
    )
    item_date: Mapped[date] = mapped_column(index=True)
    quantity_milli: Mapped[int]
    unit_price_cents: Mapped[int]
    payer_organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id", ondelete="RESTRICT"), index=True
    )
    # Deleting a draft invoice makes its items unbilled again.
    invoice_line_id: Mapped[int | None] = mapped_column(
        ForeignKey("invoice_line.id", ondelete="SET NULL"), index=True
    )
    description: Mapped[str | None]


class InvoiceSeries(Base, Timestamps):
    """A numbering series; ``next_number`` is the gapless counter taken at issue."""

    __tablename__ = "invoice_series"
    __table_args__ = (
        CheckConstraint("next_number >= 1", name="ck_invoice_series_next_number"),
        CheckConstraint("number_width BETWEEN 1 AND 12", name="ck_invoice_series_width"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    prefix: Mapped[str] = mapped_column(String(30), unique=True)  # "F-2026-"
    next_number: Mapped[int] = mapped_column(default=1)
    number_width: Mapped[int] = mapped_column(default=4)
    kind: Mapped[InvoiceKind] = mapped_column(enum_type(InvoiceKind), default=InvoiceKind.INVOICE)
    description: Mapped[str | None]
    active: Mapped[bool] = mapped_column(default=True)


class Invoice(Base, Timestamps):
    __tablename__ = "invoice"
    __table_args__ = (
        UniqueConstraint("series_id", "number"),
        UniqueConstraint("series_id", "sequence_number"),
        # Covering: the overdue invoices and what they still owe (Today) are summed from
        # the index alone; the rows carry JSON snapshots and are costly to visit
        # (migration 0003; on the large demo 105 ms -> a few ms).
        Index(None, "status", "due_date", "kind", "total_gross_cents", "paid_cents"),
        CheckConstraint(
            "(number IS NULL AND sequence_number IS NULL AND issued_at IS NULL AND hash IS NULL)"
            " OR (number IS NOT NULL AND sequence_number IS NOT NULL AND issued_at IS NOT NULL"
            " AND hash IS NOT NULL AND issue_date IS NOT NULL AND seller_snapshot IS NOT NULL"
            " AND payer_snapshot IS NOT NULL)",
            name="ck_invoice_issued_fields",
        ),
        CheckConstraint("status = 'draft' OR number IS NOT NULL", name="ck_invoice_draft"),
        CheckConstraint(
            "(kind = 'credit_note' AND credited_invoice_id IS NOT NULL)"
            " OR (kind = 'invoice' AND credited_invoice_id IS NULL)",
            name="ck_invoice_credit_note",
        ),
        CheckConstraint(
            "(payer_kind = 'organization' AND payer_organization_id IS NOT NULL)"
            " OR (payer_kind = 'person' AND payer_organization_id IS NULL)",
            name="ck_invoice_payer",
        ),
        CheckConstraint(
            "total_gross_cents = total_net_cents + total_vat_cents", name="ck_invoice_totals"
        ),
        CheckConstraint("paid_cents >= 0", name="ck_invoice_paid"),
        # Period totals read only this index, never the rows and their JSON snapshots
        # (measured on the large demo: 194 ms -> 24 ms right after unlock).
        Index(
            "ix_invoice_issue_date_totals",
            "issue_date",
            "kind",
            "status",
            "total_net_cents",
            "total_vat_cents",
            "total_gross_cents",
            "paid_cents",
        ),
        # Ids are never reused: a stale id must not reach another row.
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("invoice_series.id", ondelete="RESTRICT"))
    sequence_number: Mapped[int | None]
    number: Mapped[str | None] = mapped_column(String(50))  # prefix + padded sequence
    kind: Mapped[InvoiceKind] = mapped_column(enum_type(InvoiceKind), default=InvoiceKind.INVOICE)
    credited_invoice_id: Mapped[int | None] = mapped_column(
        ForeignKey("invoice.id", ondelete="RESTRICT"), index=True
    )
    status: Mapped[InvoiceStatus] = mapped_column(
        enum_type(InvoiceStatus), default=InvoiceStatus.DRAFT
    )
    issue_date: Mapped[date | None]  # indexed by ix_invoice_issue_date_totals
    due_date: Mapped[date | None]
    period_start: Mapped[date | None]
    period_end: Mapped[date | None]
    payer_kind: Mapped[PayerKind] = mapped_column(enum_type(PayerKind), default=PayerKind.PERSON)
    payer_organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id", ondelete="RESTRICT"), index=True
    )
    payer_client_id: Mapped[int | None] = mapped_column(
        ForeignKey("client.id", ondelete="RESTRICT"), index=True
    )
    seller_snapshot: Mapped[str | None] = mapped_column(Text)  # JSON, frozen at issue
    payer_snapshot: Mapped[str | None] = mapped_column(Text)  # JSON, frozen at issue
    # Professional secrecy: a third-party payer's invoice names nobody unless chosen.
    name_persons: Mapped[bool] = mapped_column(default=False)
    currency: Mapped[Currency] = mapped_column(enum_type(Currency), default=Currency.EUR)
    total_net_cents: Mapped[int] = mapped_column(default=0)
    total_vat_cents: Mapped[int] = mapped_column(default=0)
    total_gross_cents: Mapped[int] = mapped_column(default=0)
    paid_cents: Mapped[int] = mapped_column(default=0)
    previous_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64))
    issued_at: Mapped[datetime | None]
    notes: Mapped[str | None]

    series: Mapped[InvoiceSeries] = relationship()
    lines: Mapped[list[InvoiceLine]] = relationship(
        back_populates="invoice",
        order_by="InvoiceLine.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    payments: Mapped[list[Payment]] = relationship(
        back_populates="invoice", order_by="Payment.payment_date", passive_deletes="all"
    )


class InvoiceLine(Base, Timestamps):
    __tablename__ = "invoice_line"
    __table_args__ = (
        UniqueConstraint("invoice_id", "position"),
        CheckConstraint(f"vat_rate_bp {VAT_RATE_RANGE}", name="ck_invoice_line_vat_rate"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoice.id", ondelete="CASCADE"))
    position: Mapped[int]
    description: Mapped[str] = mapped_column(Text)
    service_id: Mapped[int | None] = mapped_column(
        ForeignKey("service.id", ondelete="RESTRICT"), index=True
    )
    unit: Mapped[ServiceUnit | None] = mapped_column(enum_type(ServiceUnit))
    service_date: Mapped[date | None]
    quantity_milli: Mapped[int]
    unit_price_cents: Mapped[int]
    vat_rate_bp: Mapped[int] = mapped_column(default=0)
    vat_exemption_reason: Mapped[str | None]
    line_net_cents: Mapped[int]
    line_vat_cents: Mapped[int] = mapped_column(default=0)
    accounting_account: Mapped[str | None] = mapped_column(String(20))

    invoice: Mapped[Invoice] = relationship(back_populates="lines")


class Payment(Base, Timestamps):
    """Money received for an invoice (negative: a refund)."""

    __tablename__ = "payment"
    __table_args__ = (
        Index(None, "invoice_id", "payment_date"),
        CheckConstraint("amount_cents <> 0", name="ck_payment_amount"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoice.id", ondelete="RESTRICT"))
    payment_date: Mapped[date] = mapped_column(index=True)
    amount_cents: Mapped[int]
    method: Mapped[PaymentMethod] = mapped_column(enum_type(PaymentMethod))
    reference: Mapped[str | None] = mapped_column(String(100))
    notes: Mapped[str | None]

    invoice: Mapped[Invoice] = relationship(back_populates="payments")
