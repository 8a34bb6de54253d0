"""Settling a package closed early: the value of the units left goes back to the payer.

The decision is always recorded on the package (``settle_credit_cents``). When the
package's sale is on an issued invoice, the credit note (avoir) is issued at once for
that value, with the VAT of the invoiced line; while the sale is unbilled or on a draft,
there is nothing to credit yet and the decision alone is kept.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from socialdesk.domain.changes import Changes
from socialdesk.domain.enums import InvoiceKind, InvoiceStatus
from socialdesk.domain.invoicing import InvoiceLineInput
from socialdesk.domain.packages import CloseMode, PackageView
from socialdesk.i18n import _
from socialdesk.services.invoices import create_credit_note
from socialdesk.services.packages import close_package
from socialdesk.storage.orm import ClientPackage, Invoice, InvoiceLine
from socialdesk.storage.uow import UnitOfWork


def settle_package(
    uow: UnitOfWork, package_id: int, *, reason: str, today: date
) -> tuple[PackageView, int | None, Changes]:
    """Close the package early and credit what is left. Returns the package, the id of
    the credit note issued (None when the sale was not on an issued invoice) and the
    changes."""
    view, changes = close_package(uow, package_id, CloseMode.SETTLE, reason=reason, today=today)
    if view.settle_credit_cents <= 0:
        return view, None, changes
    row = uow.session.get(ClientPackage, package_id)
    assert row is not None
    if row.invoice_line_id is None:
        return view, None, changes
    found = uow.session.execute(
        select(InvoiceLine, Invoice)
        .join(Invoice, Invoice.id == InvoiceLine.invoice_id)
        .where(InvoiceLine.id == row.invoice_line_id)
    ).first()
    if found is None:
        return view, None, changes
    line, invoice = found
    if (
        invoice.kind != InvoiceKind.INVOICE
        or invoice.number is None
        or invoice.status in (InvoiceStatus.DRAFT, InvoiceStatus.CANCELLED)
    ):
        return view, None, changes
    text = _(
        "{package} — remainder credited ({units} of {total} units)",
        package=view.name,
        units=f"{view.units_remaining}".replace(".", ","),
        total=f"{view.units_total}".replace(".", ","),
    )
    note, _note_changes = create_credit_note(
        uow,
        invoice.id,
        issue_date=today,
        reason=reason.strip() or _("Package closed early"),
        lines=[
            InvoiceLineInput(
                description=text,
                quantity=Decimal(1),
                unit_price_cents=view.settle_credit_cents,
                vat_rate_bp=line.vat_rate_bp,
                vat_exemption_reason=line.vat_exemption_reason,
                service_id=line.service_id,
                unit=line.unit,
                service_date=today,
                accounting_account=line.accounting_account,
            )
        ],
    )
    return view, note.id, changes
