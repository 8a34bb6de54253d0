"""Issued invoices written straight into the tables, for the document and export tests:
what the invoice service freezes at issue (numbers, snapshots, totals, hash), without
depending on the issue workflow itself."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from socialdesk.domain.enums import (
    Currency,
    InvoiceKind,
    InvoiceStatus,
    PayerKind,
    ServiceUnit,
)
from socialdesk.storage.orm import Invoice, InvoiceLine, InvoiceSeries
from socialdesk.storage.uow import UnitOfWork

FR_SELLER: dict[str, Any] = {
    "legal_name": "Françoise Lefèvre",
    "profession_title": "Assistante sociale libérale",
    "address_line1": "12 rue de l'Épeule",
    "address_line2": None,
    "postal_code": "59100",
    "city": "Roubaix",
    "country": "FR",
    "email": "f.lefevre@example.org",
    "phone": "03 20 00 00 00",
    "siren": "732829320",
    "siret": "73282932000074",
    "vat_status": "franchise",
    "iban": "FR7630006000011234567890189",
    "bic": "AGRIFRPP",
    "payment_terms_days": 30,
    "late_penalty_text": "Pénalités de retard : trois fois le taux d'intérêt légal.",
    "vat_mention": "TVA non applicable, art. 293 B du CGI",
    "document_language": "fr",
}

BE_SELLER: dict[str, Any] = FR_SELLER | {
    "legal_name": "Amélie Dubois",
    "address_line1": "Rue de la Station 4",
    "postal_code": "7700",
    "city": "Mouscron",
    "country": "BE",
    "siren": None,
    "siret": None,
    "bce_number": "0403170701",
    "vat_number": "BE0403170701",
    "vat_status": "registered",
    "iban": "BE68539007547034",
    "bic": "GKCCBEBB",
    "vat_mention": None,
    "late_penalty_text": None,
}

RO_SELLER: dict[str, Any] = FR_SELLER | {
    "legal_name": "Ștefania Țărănescu",
    "address_line1": "Strada Mărășești 3",
    "postal_code": "400000",
    "city": "Cluj-Napoca",
    "country": "RO",
    "siren": None,
    "siret": None,
    "cui": "18547290",
    "iban": "RO49AAAA1B31007593840000",
    "vat_mention": "Scutit de TVA conform art. 310 din Codul fiscal",
    "late_penalty_text": None,
    "document_language": "ro",
}

PERSON_PAYER: dict[str, Any] = {
    "kind": "person",
    "name": "Mme Hélène Bérégovoy",
    "address_line1": "5 allée des Tilleuls",
    "address_line2": None,
    "postal_code": "59100",
    "city": "Roubaix",
    "country": "FR",
    "legal_id": None,
}

ORG_PAYER: dict[str, Any] = {
    "kind": "organization",
    "name": "CPAS de Mouscron",
    "address_line1": "Rue du Blanc Pignon 10",
    "address_line2": None,
    "postal_code": "7700",
    "city": "Mouscron",
    "country": "BE",
    "legal_id": "0212160207",
    "vat_number": "BE0212160207",
}


@dataclass(frozen=True)
class Line:
    description: str
    quantity: Decimal = Decimal(1)
    unit_price_cents: int = 6000
    vat_rate_bp: int = 0
    vat_exemption_reason: str | None = "TVA non applicable, art. 293 B du CGI"
    unit: ServiceUnit | None = ServiceUnit.HOUR
    service_date: date | None = date(2026, 3, 2)
    account: str | None = "706"


@dataclass
class Seeder:
    """Writes issued invoices one after another (numbers per kind, a fake hash chain)."""

    uow: UnitOfWork
    seller: dict[str, Any] = field(default_factory=lambda: dict(FR_SELLER))
    payer: dict[str, Any] = field(default_factory=lambda: dict(PERSON_PAYER))
    _series: dict[InvoiceKind, InvoiceSeries] = field(default_factory=dict)
    _previous: str | None = None

    def series(self, kind: InvoiceKind) -> InvoiceSeries:
        if kind not in self._series:
            prefix = "F-2026-" if kind == InvoiceKind.INVOICE else "AV-2026-"
            row = InvoiceSeries(code=prefix[:-1], prefix=prefix, kind=kind, next_number=1)
            self.uow.session.add(row)
            self.uow.session.flush()
            self._series[kind] = row
        return self._series[kind]

    def issue(
        self,
        lines: list[Line],
        *,
        issue_date: date = date(2026, 3, 5),
        kind: InvoiceKind = InvoiceKind.INVOICE,
        credits: Invoice | None = None,
        paid_cents: int = 0,
        seller: dict[str, Any] | None = None,
        payer: dict[str, Any] | None = None,
        notes: str | None = None,
    ) -> Invoice:
        series = self.series(kind)
        sequence = series.next_number
        series.next_number = sequence + 1
        number = f"{series.prefix}{sequence:04d}"
        payer = payer or self.payer
        rows = []
        bases: dict[int, int] = {}
        for position, line in enumerate(lines, start=1):
            net = int((line.quantity * line.unit_price_cents).quantize(Decimal(1), ROUND_HALF_UP))
            vat = int((Decimal(net) * line.vat_rate_bp / 10000).quantize(Decimal(1), ROUND_HALF_UP))
            bases[line.vat_rate_bp] = bases.get(line.vat_rate_bp, 0) + net
            rows.append(
                InvoiceLine(
                    position=position,
                    description=line.description,
                    unit=line.unit,
                    service_date=line.service_date,
                    quantity_milli=int(line.quantity * 1000),
                    unit_price_cents=line.unit_price_cents,
                    vat_rate_bp=line.vat_rate_bp,
                    vat_exemption_reason=line.vat_exemption_reason
                    if not line.vat_rate_bp
                    else None,
                    line_net_cents=net,
                    line_vat_cents=vat,
                    accounting_account=line.account,
                )
            )
        net_total = sum(bases.values())
        vat_total = sum(
            int((Decimal(base) * rate / 10000).quantize(Decimal(1), ROUND_HALF_UP))
            for rate, base in bases.items()
        )
        digest = hashlib.sha256(f"{self._previous}{number}".encode()).hexdigest()
        organization = payer.get("kind") == "organization"
        # Written as a draft with its lines, then issued: the database freezes the lines
        # of an issued invoice.
        invoice = Invoice(
            series_id=series.id,
            kind=kind,
            credited_invoice_id=None if credits is None else credits.id,
            status=InvoiceStatus.DRAFT,
            period_start=date(2026, 3, 1),
            period_end=date(2026, 3, 31),
            payer_kind=PayerKind.ORGANIZATION if organization else PayerKind.PERSON,
            payer_organization_id=self._organization_id(payer) if organization else None,
            currency=Currency.EUR,
            total_net_cents=net_total,
            total_vat_cents=vat_total,
            total_gross_cents=net_total + vat_total,
            notes=notes,
            lines=rows,
        )
        self.uow.session.add(invoice)
        self.uow.session.flush()
        invoice.sequence_number = sequence
        invoice.number = number
        invoice.status = InvoiceStatus.PAID if paid_cents else InvoiceStatus.ISSUED
        invoice.issue_date = issue_date
        invoice.due_date = (
            issue_date if kind == InvoiceKind.CREDIT_NOTE else issue_date + timedelta(days=30)
        )
        invoice.seller_snapshot = json.dumps(
            seller or self.seller, ensure_ascii=False, sort_keys=True
        )
        invoice.payer_snapshot = json.dumps(payer, ensure_ascii=False, sort_keys=True)
        invoice.paid_cents = paid_cents
        invoice.previous_hash = self._previous
        invoice.hash = digest
        invoice.issued_at = datetime(
            issue_date.year, issue_date.month, issue_date.day, 9, tzinfo=UTC
        )
        self.uow.session.flush()
        self._previous = digest
        return invoice

    def _organization_id(self, payer: dict[str, Any]) -> int:
        from socialdesk.storage.orm import Organization

        org = Organization(name=payer["name"])
        self.uow.session.add(org)
        self.uow.session.flush()
        return org.id
