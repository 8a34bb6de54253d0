"""Payments received for issued invoices, the statuses they give, the overdue list.

The stored status (issued, partially paid, paid, cancelled) follows what was paid and
credited; "overdue" is not stored: it depends on the day, so lists compute it with a
``today`` argument (:func:`socialdesk.domain.invoicing.invoice_state`).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from socialdesk.domain.changes import Changes
from socialdesk.domain.enums import InvoiceKind, InvoiceStatus
from socialdesk.domain.errors import ValidationError
from socialdesk.domain.invoicing import (
    InvoiceNotFound,
    InvoiceNotIssued,
    InvoiceState,
    InvoiceSummary,
    InvoiceView,
    PaymentInput,
    PaymentNotFound,
    settled_status,
)
from socialdesk.i18n import N_
from socialdesk.services.invoice_drafts import (
    BILLING,
    _credited_cents,
    get_invoice,
    list_invoices,
)
from socialdesk.storage.orm import Invoice, Payment
from socialdesk.storage.uow import UnitOfWork

MAX_REFERENCE = 100


def _settle(uow: UnitOfWork, invoice: Invoice) -> None:
    session = uow.session
    session.flush()
    paid = session.scalar(
        select(func.coalesce(func.sum(Payment.amount_cents), 0)).where(
            Payment.invoice_id == invoice.id
        )
    )
    credited = _credited_cents(session, [invoice.id]).get(invoice.id, 0)
    invoice.paid_cents = int(paid or 0)
    invoice.status = settled_status(invoice.total_gross_cents, invoice.paid_cents, credited)
    session.flush()


def record_payment(
    uow: UnitOfWork, invoice_id: int, data: PaymentInput, *, today: date
) -> tuple[InvoiceView, Changes]:
    """Record money received (negative: a refund). The total paid stays between zero and
    what is owed (the invoice's total less its credit notes)."""
    session = uow.session
    invoice = session.get(Invoice, invoice_id)
    if invoice is None:
        raise InvoiceNotFound()
    if invoice.number is None or invoice.kind != InvoiceKind.INVOICE:
        raise InvoiceNotIssued()
    errors: dict[str, str] = {}
    if data.amount_cents == 0:
        errors["amount_cents"] = N_("Enter the amount received.")
    credited = _credited_cents(session, [invoice.id]).get(invoice.id, 0)
    owed = invoice.total_gross_cents - credited
    new_paid = invoice.paid_cents + data.amount_cents
    if data.amount_cents and not 0 <= new_paid <= owed:
        errors["amount_cents"] = N_("The amount is more than what remains to be paid.")
    if invoice.status == InvoiceStatus.CANCELLED and data.amount_cents > 0:
        errors["amount_cents"] = N_("This invoice was cancelled by a credit note.")
    if invoice.issue_date is not None and data.payment_date < invoice.issue_date:
        errors["payment_date"] = N_("The payment date is before the invoice's issue date.")
    if data.payment_date > today:
        errors["payment_date"] = N_("The payment date is in the future.")
    reference = (data.reference or "").strip() or None
    if reference and len(reference) > MAX_REFERENCE:
        errors["reference"] = N_("The payment reference is too long.")
    if errors:
        raise ValidationError(errors)
    session.add(
        Payment(
            invoice_id=invoice.id,
            payment_date=data.payment_date,
            amount_cents=data.amount_cents,
            method=data.method,
            reference=reference,
            notes=(data.notes or "").strip() or None,
        )
    )
    _settle(uow, invoice)
    return get_invoice(uow, invoice.id, today=today), BILLING


def delete_payment(uow: UnitOfWork, payment_id: int, *, today: date) -> tuple[InvoiceView, Changes]:
    """Remove a payment recorded by mistake; the invoice's status follows."""
    session = uow.session
    payment = session.get(Payment, payment_id)
    if payment is None:
        raise PaymentNotFound()
    invoice = session.get(Invoice, payment.invoice_id)
    assert invoice is not None
    session.delete(payment)
    _settle(uow, invoice)
    return get_invoice(uow, invoice.id, today=today), BILLING


def list_overdue(uow: UnitOfWork, *, today: date, limit: int = 500) -> list[InvoiceSummary]:
    """Invoices still owed after their due date, the oldest due first."""
    rows = list_invoices(
        uow, today=today, state=InvoiceState.OVERDUE, kind=InvoiceKind.INVOICE, limit=limit
    )
    rows = [r for r in rows if r.balance_cents > 0]
    return sorted(rows, key=lambda r: (r.due_date or today, r.id))
