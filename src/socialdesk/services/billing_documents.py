"""Issued invoices and credit notes as documents: what the PDF, the accounting journals
and the e-invoices print, read from the rows frozen at issue.

Everything here comes from the invoice row, its lines and its seller/payer snapshots
(JSON frozen at issue), never from today's profile or today's payer: a document printed
again years later must say what it said the day it was issued. Amounts stay integer
cents; a credit note keeps positive amounts here and ``sign`` (-1) tells the journals to
reverse them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import aliased, selectinload

from socialdesk.domain.enums import InvoiceKind, InvoiceStatus
from socialdesk.domain.errors import SocialDeskError
from socialdesk.domain.invoicing import vat_cents
from socialdesk.i18n import N_
from socialdesk.services.invoice_snapshots import printed_mentions_for
from socialdesk.storage.orm import Invoice
from socialdesk.storage.uow import UnitOfWork

__all__ = [
    "DocumentLine",
    "InvoiceDocument",
    "InvoiceNotIssued",
    "VatGroup",
    "be_structured_reference",
    "documents_in_period",
    "load_document",
]

DEFAULT_SALES_ACCOUNT = "706"


class InvoiceNotIssued(SocialDeskError):
    """A draft (or missing) invoice has no number, no frozen data: it is no document yet."""

    message = N_("Invoice {invoice_id} is not issued: a draft has no document yet.")


@dataclass(frozen=True, slots=True)
class DocumentLine:
    position: int
    description: str
    service_date: date | None
    unit: str | None
    quantity: Decimal  # units, three decimals (quantity_milli / 1000)
    unit_price_cents: int
    vat_rate_bp: int
    vat_exemption_reason: str | None
    net_cents: int
    vat_cents: int
    account: str

    @property
    def vat_rate(self) -> Decimal:
        """The VAT rate in percent (``Decimal("20.00")``)."""
        return (Decimal(self.vat_rate_bp) / 100).quantize(Decimal("0.01"))


@dataclass(frozen=True, slots=True)
class VatGroup:
    """One line of the VAT summary: the lines sharing a rate (and exemption reason)."""

    rate_bp: int
    base_cents: int
    vat_cents: int
    exemption_reason: str | None


@dataclass(frozen=True, slots=True)
class InvoiceDocument:
    id: int
    number: str
    kind: InvoiceKind
    status: InvoiceStatus
    issue_date: date
    due_date: date | None
    period_start: date | None
    period_end: date | None
    credited_number: str | None
    credited_issue_date: date | None
    seller: Mapping[str, Any]
    payer: Mapping[str, Any]
    payer_organization_id: int | None
    payer_client_id: int | None
    currency: str
    net_cents: int
    vat_cents: int
    gross_cents: int
    paid_cents: int
    credited_cents: int  # issued credit notes against this invoice
    hash: str
    previous_hash: str | None
    notes: str | None
    lines: tuple[DocumentLine, ...]
    mentions: tuple[str, ...]  # the legal sentences of domain.legal_mentions, from the snapshots

    @property
    def is_credit_note(self) -> bool:
        return self.kind == InvoiceKind.CREDIT_NOTE

    @property
    def sign(self) -> int:
        """+1 for an invoice, -1 for a credit note (journals reverse it)."""
        return -1 if self.is_credit_note else 1

    @property
    def balance_cents(self) -> int:
        """What the payer still owes (0 for a credit note)."""
        if self.is_credit_note:
            return 0
        return self.gross_cents - self.paid_cents - self.credited_cents

    @property
    def payer_name(self) -> str:
        return str(self.payer.get("name") or "")

    @property
    def vat_groups(self) -> tuple[VatGroup, ...]:
        """VAT per rate, computed on the summed base of the rate (the invoice's rule, see
        :mod:`domain.invoicing`): their VAT adds up to the invoice's total VAT."""
        bases: dict[tuple[int, str | None], int] = {}
        for line in self.lines:
            reason = line.vat_exemption_reason if line.vat_rate_bp == 0 else None
            key = (line.vat_rate_bp, reason)
            bases[key] = bases.get(key, 0) + line.net_cents
        return tuple(
            VatGroup(rate, base, vat_cents(base, rate), reason)
            for (rate, reason), base in sorted(
                bases.items(), key=lambda g: (-g[0][0], g[0][1] or "")
            )
        )

    def seller_text(self, key: str) -> str:
        value = self.seller.get(key)
        return "" if value is None else str(value).strip()

    def payer_text(self, key: str) -> str:
        value = self.payer.get(key)
        return "" if value is None else str(value).strip()


def _snapshot(text: str | None) -> dict[str, Any]:
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _document(row: Invoice, credited: Invoice | None, credited_cents: int) -> InvoiceDocument:
    if row.number is None or row.issue_date is None or row.hash is None:
        raise InvoiceNotIssued(invoice_id=row.id)
    seller, payer = _snapshot(row.seller_snapshot), _snapshot(row.payer_snapshot)
    lines = tuple(
        DocumentLine(
            position=line.position,
            description=line.description,
            service_date=line.service_date,
            unit=None if line.unit is None else str(line.unit),
            quantity=(Decimal(line.quantity_milli) / 1000).quantize(Decimal("0.001")),
            unit_price_cents=line.unit_price_cents,
            vat_rate_bp=line.vat_rate_bp,
            vat_exemption_reason=line.vat_exemption_reason,
            net_cents=line.line_net_cents,
            vat_cents=line.line_vat_cents,
            account=line.accounting_account or DEFAULT_SALES_ACCOUNT,
        )
        for line in row.lines
    )
    return InvoiceDocument(
        id=row.id,
        number=row.number,
        kind=InvoiceKind(row.kind),
        status=InvoiceStatus(row.status),
        issue_date=row.issue_date,
        due_date=row.due_date,
        period_start=row.period_start,
        period_end=row.period_end,
        credited_number=None if credited is None else credited.number,
        credited_issue_date=None if credited is None else credited.issue_date,
        seller=seller,
        payer=payer,
        payer_organization_id=row.payer_organization_id,
        payer_client_id=row.payer_client_id,
        currency=str(row.currency),
        net_cents=row.total_net_cents,
        vat_cents=row.total_vat_cents,
        gross_cents=row.total_gross_cents,
        paid_cents=row.paid_cents,
        credited_cents=credited_cents,
        hash=row.hash,
        previous_hash=row.previous_hash,
        notes=row.notes,
        lines=lines,
        mentions=printed_mentions_for(row, seller, payer),
    )


def _credited_sums(uow: UnitOfWork, invoice_ids: Select[Any]) -> dict[int, int]:
    """Gross of the issued credit notes against each invoice of ``invoice_ids``."""
    note = aliased(Invoice)
    rows = uow.session.execute(
        select(note.credited_invoice_id, func.sum(note.total_gross_cents))
        .where(
            note.kind == InvoiceKind.CREDIT_NOTE,
            note.status != InvoiceStatus.DRAFT,
            note.credited_invoice_id.in_(invoice_ids),
        )
        .group_by(note.credited_invoice_id)
    ).all()
    return {int(invoice_id or 0): int(total or 0) for invoice_id, total in rows}


def load_document(uow: UnitOfWork, invoice_id: int) -> InvoiceDocument:
    """The issued invoice or credit note ``invoice_id`` (InvoiceNotIssued for a draft or
    an unknown id)."""
    row = uow.session.get(Invoice, invoice_id)
    if row is None:
        raise InvoiceNotIssued(invoice_id=invoice_id)
    credited = (
        None
        if row.credited_invoice_id is None
        else uow.session.get(Invoice, row.credited_invoice_id)
    )
    sums = _credited_sums(uow, select(Invoice.id).where(Invoice.id == invoice_id))
    return _document(row, credited, sums.get(invoice_id, 0))


def documents_in_period(uow: UnitOfWork, first: date, last: date) -> list[InvoiceDocument]:
    """Every invoice and credit note issued from ``first`` to ``last`` (both included),
    in issue order (date, then number)."""
    in_period = (
        Invoice.issue_date >= first,
        Invoice.issue_date <= last,
        Invoice.status != InvoiceStatus.DRAFT,
    )
    rows = (
        uow.session.execute(
            select(Invoice)
            .where(*in_period)
            .options(selectinload(Invoice.lines))
            .order_by(Invoice.issue_date, Invoice.issued_at, Invoice.id)
        )
        .scalars()
        .all()
    )
    originals = aliased(Invoice)
    credited = {
        r.id: r
        for r in uow.session.execute(
            select(originals).where(
                originals.id.in_(
                    select(Invoice.credited_invoice_id).where(
                        *in_period, Invoice.credited_invoice_id.is_not(None)
                    )
                )
            )
        ).scalars()
    }
    sums = _credited_sums(uow, select(Invoice.id).where(*in_period))
    return [
        _document(
            row,
            None if row.credited_invoice_id is None else credited.get(row.credited_invoice_id),
            sums.get(row.id, 0),
        )
        for row in rows
    ]


def be_structured_reference(number: str) -> str:
    """The Belgian structured communication (``+++123/4567/89002+++``) of an invoice.

    Ten digits taken from the invoice number (its last ten digits, zero-padded on the
    left), then their remainder modulo 97 on two digits (97 when the remainder is 0).
    """
    digits = "".join(c for c in number if c.isdigit())[-10:].rjust(10, "0")
    check = int(digits) % 97 or 97
    full = f"{digits}{check:02d}"
    return f"+++{full[:3]}/{full[3:7]}/{full[7:]}+++"
