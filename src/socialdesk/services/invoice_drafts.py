"""Invoice drafts and their lines, reading one invoice or a list, series.

Callers import from :mod:`socialdesk.services.invoices`, which gathers this module and
:mod:`socialdesk.services.invoice_issue`.

A draft belongs to the invoice series of the year it was created in; issuing moves it to
the series of its issue year. Its lines are replaced as a whole on every save (the editor
sends them all), and billable items or client packages named by a line point at it, so
deleting a draft makes them "to bill" again (the foreign key is ON DELETE SET NULL).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session, defer, selectinload

from socialdesk.domain.changes import Changes
from socialdesk.domain.enums import InvoiceKind, InvoiceStatus, PayerKind
from socialdesk.domain.errors import ValidationError
from socialdesk.domain.invoicing import (
    DUE_BEFORE_ISSUE,
    InvoiceDraftInput,
    InvoiceLineInput,
    InvoiceLineView,
    InvoiceNotDraft,
    InvoiceNotFound,
    InvoiceState,
    InvoiceSummary,
    InvoiceTotals,
    InvoiceView,
    PaymentView,
    VatBreakdown,
    compute_totals,
    invoice_state,
    line_net_cents,
    milli_to_quantity,
    quantity_to_milli,
    validate_lines,
    vat_cents,
)
from socialdesk.domain.legal_mentions import VAT_FRANCHISE_WORDING
from socialdesk.i18n import N_
from socialdesk.services.invoice_snapshots import printed_mentions_for
from socialdesk.storage.orm import (
    BillableItem,
    Client,
    ClientPackage,
    Invoice,
    InvoiceLine,
    InvoiceSeries,
    Organization,
    PractitionerProfile,
)
from socialdesk.storage.orm.profile import PROFILE_ID
from socialdesk.storage.uow import UnitOfWork

BILLING = Changes(billing=True)
CREDIT_NOTE_LETTERS = "AV"
_UNPAID = (InvoiceStatus.ISSUED, InvoiceStatus.PARTIALLY_PAID)


# ---- series -------------------------------------------------------------------------------
def _invoice_letters(session: Session) -> str:
    profile = session.get(PractitionerProfile, PROFILE_ID)
    letters = (profile.invoice_prefix or "").strip() if profile else ""
    return letters or "F"


def ensure_series(uow: UnitOfWork, kind: InvoiceKind, year: int) -> int:
    """The id of the series of ``kind`` for ``year`` ("F-2026-", credit notes "AV-2026-"),
    created on first use with the profile's invoice prefix."""
    session = uow.session
    letters = _invoice_letters(session) if kind == InvoiceKind.INVOICE else CREDIT_NOTE_LETTERS
    prefix = f"{letters}-{year}-"
    series_id = session.scalar(select(InvoiceSeries.id).where(InvoiceSeries.prefix == prefix))
    if series_id is not None:
        return series_id
    label = "Factures" if kind == InvoiceKind.INVOICE else "Avoirs"
    row = InvoiceSeries(
        code=f"{letters}{year}",
        prefix=prefix,
        next_number=1,
        number_width=4,
        kind=kind,
        description=f"{label} {year}",
        active=True,
    )
    session.add(row)
    session.flush()
    return row.id


def due_date_for(uow: UnitOfWork, issue_date: date) -> date:
    """The due date an invoice issued on ``issue_date`` gets (the profile's payment terms);
    the draft editor shows it before issue."""
    profile = uow.session.get(PractitionerProfile, PROFILE_ID)
    days = profile.payment_terms_days if profile is not None else 0
    return issue_date + timedelta(days=days or 0)


# ---- drafts -------------------------------------------------------------------------------
def _seller_country_and_vat(session: Session) -> tuple[str, str]:
    profile = session.get(PractitionerProfile, PROFILE_ID)
    if profile is None:
        return "FR", "franchise"
    return str(profile.country.value), str(profile.vat_status.value)


def _validate_draft(session: Session, data: InvoiceDraftInput, today: date) -> None:
    errors: dict[str, str] = {}
    if data.due_date is not None and data.due_date < today:
        errors["due_date"] = DUE_BEFORE_ISSUE  # a draft is issued today at the earliest
    if data.payer_kind == PayerKind.PERSON:
        if data.payer_client_id is None or session.get(Client, data.payer_client_id) is None:
            errors["payer"] = N_("Choose who pays: a client or an organization.")
    elif (
        data.payer_organization_id is None
        or session.get(Organization, data.payer_organization_id) is None
    ):
        errors["payer"] = N_("Choose who pays: a client or an organization.")
    if data.period_start and data.period_end and data.period_end < data.period_start:
        errors["period_end"] = N_("The end of the period is before its start.")
    if errors:
        raise ValidationError(errors)
    validate_lines(data.lines)


def _check_not_billed_elsewhere(
    session: Session, invoice: Invoice, lines: Sequence[InvoiceLineInput]
) -> None:
    """An item or a package is billed once: refuse one already on another invoice."""
    for model, ids in (
        (BillableItem, {x.billable_item_id for x in lines if x.billable_item_id is not None}),
        (ClientPackage, {x.client_package_id for x in lines if x.client_package_id is not None}),
    ):
        if not ids:
            continue
        elsewhere = session.scalar(
            select(func.count())
            .select_from(model)
            .join(InvoiceLine, InvoiceLine.id == model.invoice_line_id)
            .where(model.id.in_(ids), InvoiceLine.invoice_id != invoice.id)
        )
        if elsewhere:
            raise ValidationError(
                {"lines": N_("An item of this invoice is already billed by another invoice.")}
            )


def _write_lines(
    session: Session, invoice: Invoice, lines: Sequence[InvoiceLineInput]
) -> InvoiceTotals:
    _check_not_billed_elsewhere(session, invoice, lines)
    country, vat_status = _seller_country_and_vat(session)
    franchise_reason = VAT_FRANCHISE_WORDING.get(country) if vat_status == "franchise" else None
    if invoice.lines:
        invoice.lines.clear()
        session.flush()  # old positions gone before the new ones arrive
    stored: list[InvoiceLineInput] = []
    for position, line in enumerate(lines, start=1):
        reason = (line.vat_exemption_reason or "").strip() or None
        if line.vat_rate_bp == 0 and reason is None:
            reason = franchise_reason
        if line.vat_rate_bp != 0:
            reason = None
        net = line_net_cents(line.quantity, line.unit_price_cents)
        row = InvoiceLine(
            position=position,
            description=line.description.strip(),
            service_id=line.service_id,
            unit=line.unit,
            service_date=line.service_date,
            quantity_milli=quantity_to_milli(line.quantity),
            unit_price_cents=line.unit_price_cents,
            vat_rate_bp=line.vat_rate_bp,
            vat_exemption_reason=reason,
            line_net_cents=net,
            line_vat_cents=vat_cents(net, line.vat_rate_bp),
            accounting_account=(line.accounting_account or "").strip() or None,
        )
        invoice.lines.append(row)
        stored.append(
            InvoiceLineInput(
                description=row.description,
                quantity=line.quantity,
                unit_price_cents=line.unit_price_cents,
                vat_rate_bp=line.vat_rate_bp,
                vat_exemption_reason=reason,
            )
        )
    session.flush()
    for line, row in zip(lines, invoice.lines, strict=True):
        if line.billable_item_id is not None:
            session.execute(
                update(BillableItem)
                .where(BillableItem.id == line.billable_item_id)
                .values(invoice_line_id=row.id)
            )
        if line.client_package_id is not None:
            session.execute(
                update(ClientPackage)
                .where(ClientPackage.id == line.client_package_id)
                .values(invoice_line_id=row.id)
            )
    totals = compute_totals(stored)
    invoice.total_net_cents = totals.net_cents
    invoice.total_vat_cents = totals.vat_cents
    invoice.total_gross_cents = totals.gross_cents
    return totals


def _apply_header(invoice: Invoice, data: InvoiceDraftInput) -> None:
    invoice.payer_kind = data.payer_kind
    if data.payer_kind == PayerKind.PERSON:
        invoice.payer_client_id = data.payer_client_id
        invoice.payer_organization_id = None
        invoice.name_persons = True  # the person invoiced is the person accompanied
    else:
        invoice.payer_client_id = None
        invoice.payer_organization_id = data.payer_organization_id
        invoice.name_persons = data.name_persons
    invoice.period_start = data.period_start
    invoice.period_end = data.period_end
    invoice.notes = (data.notes or "").strip() or None
    invoice.due_date = data.due_date


def create_draft(
    uow: UnitOfWork, data: InvoiceDraftInput, *, today: date | None = None
) -> tuple[InvoiceView, Changes]:
    """A new draft invoice with its lines (ValidationError on bad input, nothing saved)."""
    session = uow.session
    day = today or date.today()
    _validate_draft(session, data, day)
    invoice = Invoice(
        series_id=ensure_series(uow, InvoiceKind.INVOICE, day.year),
        kind=InvoiceKind.INVOICE,
        status=InvoiceStatus.DRAFT,
    )
    _apply_header(invoice, data)
    session.add(invoice)
    session.flush()
    _write_lines(session, invoice, data.lines)
    session.flush()
    return get_invoice(uow, invoice.id, today=day), BILLING


def _draft_row(session: Session, invoice_id: int) -> Invoice:
    invoice = session.get(Invoice, invoice_id)
    if invoice is None:
        raise InvoiceNotFound()
    if invoice.status != InvoiceStatus.DRAFT or invoice.number is not None:
        raise InvoiceNotDraft()
    return invoice


def update_draft(
    uow: UnitOfWork, invoice_id: int, data: InvoiceDraftInput, *, today: date | None = None
) -> tuple[InvoiceView, Changes]:
    """Save the draft's header and replace all its lines."""
    session = uow.session
    invoice = _draft_row(session, invoice_id)
    _validate_draft(session, data, today or date.today())
    _apply_header(invoice, data)
    _write_lines(session, invoice, data.lines)
    session.flush()
    return get_invoice(uow, invoice.id, today=today or date.today()), BILLING


def delete_draft(uow: UnitOfWork, invoice_id: int) -> tuple[None, Changes]:
    """Delete a draft; the items it billed become "to bill" again."""
    session = uow.session
    invoice = _draft_row(session, invoice_id)
    session.delete(invoice)
    session.flush()
    return None, BILLING


# ---- reading ------------------------------------------------------------------------------
def person_name(client: Client) -> str:
    return " ".join(p for p in (client.civility, client.first_name, client.last_name) if p)


def _credited_cents(session: Session, invoice_ids: Sequence[int]) -> dict[int, int]:
    if not invoice_ids:
        return {}
    rows = session.execute(
        select(Invoice.credited_invoice_id, func.sum(Invoice.total_gross_cents))
        .where(
            Invoice.credited_invoice_id.in_(invoice_ids),
            Invoice.kind == InvoiceKind.CREDIT_NOTE,
            Invoice.number.is_not(None),
        )
        .group_by(Invoice.credited_invoice_id)
    ).all()
    return {int(i): int(total or 0) for i, total in rows if i is not None}


def _balance(invoice: Invoice, credited: int) -> int:
    if invoice.kind == InvoiceKind.CREDIT_NOTE:
        return 0
    if invoice.status == InvoiceStatus.DRAFT:
        return invoice.total_gross_cents
    return invoice.total_gross_cents - invoice.paid_cents - credited


def _summary_fields(
    invoice: Invoice, payer_name: str, credited: int, today: date
) -> dict[str, Any]:
    balance = _balance(invoice, credited)
    return {
        "id": invoice.id,
        "number": invoice.number,
        "kind": invoice.kind,
        "status": invoice.status,
        "state": invoice_state(invoice.status, invoice.due_date, balance, today, invoice.kind),
        "issue_date": invoice.issue_date,
        "due_date": invoice.due_date,
        "period_start": invoice.period_start,
        "period_end": invoice.period_end,
        "payer_kind": invoice.payer_kind,
        "payer_client_id": invoice.payer_client_id,
        "payer_organization_id": invoice.payer_organization_id,
        "payer_name": payer_name,
        "total_net_cents": invoice.total_net_cents,
        "total_vat_cents": invoice.total_vat_cents,
        "total_gross_cents": invoice.total_gross_cents,
        "paid_cents": invoice.paid_cents,
        "credited_cents": credited,
        "balance_cents": balance,
        "credited_invoice_id": invoice.credited_invoice_id,
    }


def _current_payer_name(session: Session, invoice: Invoice) -> str:
    if invoice.payer_organization_id is not None:
        org = session.get(Organization, invoice.payer_organization_id)
        return org.name if org else ""
    if invoice.payer_client_id is not None:
        client = session.get(Client, invoice.payer_client_id)
        return person_name(client) if client else ""
    return ""


def _line_view(line: InvoiceLine) -> InvoiceLineView:
    return InvoiceLineView(
        id=line.id,
        position=line.position,
        description=line.description,
        quantity=milli_to_quantity(line.quantity_milli),
        unit_price_cents=line.unit_price_cents,
        vat_rate_bp=line.vat_rate_bp,
        vat_exemption_reason=line.vat_exemption_reason,
        line_net_cents=line.line_net_cents,
        line_vat_cents=line.line_vat_cents,
        service_id=line.service_id,
        unit=line.unit,
        service_date=line.service_date,
        accounting_account=line.accounting_account,
    )


def _stored_totals(invoice: Invoice, lines: Sequence[InvoiceLineView]) -> InvoiceTotals:
    """Totals as stored (the invoice's columns), with the per-rate summary recomputed."""
    by_rate = compute_totals(lines).by_rate
    return InvoiceTotals(
        invoice.total_net_cents,
        invoice.total_vat_cents,
        invoice.total_gross_cents,
        tuple(
            VatBreakdown(b.rate_bp, b.base_cents, b.vat_cents, b.exemption_reason) for b in by_rate
        ),
    )


def get_invoice(uow: UnitOfWork, invoice_id: int, *, today: date) -> InvoiceView:
    session = uow.session
    invoice = session.get(
        Invoice,
        invoice_id,
        options=[selectinload(Invoice.lines), selectinload(Invoice.payments)],
        populate_existing=True,
    )
    if invoice is None:
        raise InvoiceNotFound()
    seller = json.loads(invoice.seller_snapshot) if invoice.seller_snapshot else None
    payer = json.loads(invoice.payer_snapshot) if invoice.payer_snapshot else None
    payer_name = str(payer.get("name") or "") if payer else _current_payer_name(session, invoice)
    credited = _credited_cents(session, [invoice.id]).get(invoice.id, 0)
    lines = tuple(_line_view(line) for line in invoice.lines)
    credit_note_ids = tuple(
        session.scalars(
            select(Invoice.id).where(Invoice.credited_invoice_id == invoice.id).order_by(Invoice.id)
        )
    )
    return InvoiceView(
        **_summary_fields(invoice, payer_name, credited, today),
        series_id=invoice.series_id,
        sequence_number=invoice.sequence_number,
        name_persons=invoice.name_persons,
        notes=invoice.notes,
        currency=invoice.currency,
        seller=seller,
        payer=payer,
        lines=lines,
        payments=tuple(
            PaymentView(
                id=p.id,
                invoice_id=p.invoice_id,
                payment_date=p.payment_date,
                amount_cents=p.amount_cents,
                method=p.method,
                reference=p.reference,
                notes=p.notes,
            )
            for p in invoice.payments
        ),
        totals=_stored_totals(invoice, lines),
        hash=invoice.hash,
        previous_hash=invoice.previous_hash,
        issued_at=invoice.issued_at,
        mentions=printed_mentions_for(invoice, seller, payer),
        credit_note_ids=credit_note_ids,
    )


def _state_filter(state: InvoiceState, today: date) -> list[Any]:
    i = Invoice
    late = (i.kind == InvoiceKind.INVOICE) & (i.due_date < today)
    late &= i.total_gross_cents > i.paid_cents
    if state == InvoiceState.OVERDUE:
        return [i.status.in_(_UNPAID), late]
    if state in (InvoiceState.ISSUED, InvoiceState.PARTIALLY_PAID):
        return [i.status == InvoiceStatus(state.value), or_(~late, i.due_date.is_(None))]
    return [i.status == InvoiceStatus(state.value)]


def list_invoices(
    uow: UnitOfWork,
    *,
    today: date,
    state: InvoiceState | None = None,
    kind: InvoiceKind | None = None,
    payer_client_id: int | None = None,
    payer_organization_id: int | None = None,
    issued_from: date | None = None,
    issued_to: date | None = None,
    limit: int = 500,
    offset: int = 0,
) -> list[InvoiceSummary]:
    """Invoices newest first: drafts, then by issue date and id descending."""
    session = uow.session
    i = Invoice
    query = (
        select(i, Organization.name, Client.civility, Client.first_name, Client.last_name)
        .outerjoin(Organization, Organization.id == i.payer_organization_id)
        .outerjoin(Client, Client.id == i.payer_client_id)
        # A list row never shows the snapshots: leave the JSON on disk.
        .options(defer(i.seller_snapshot), defer(i.payer_snapshot))
    )
    if state is not None:
        query = query.where(*_state_filter(state, today))
    if kind is not None:
        query = query.where(i.kind == kind)
    if payer_client_id is not None:
        query = query.where(i.payer_client_id == payer_client_id)
    if payer_organization_id is not None:
        query = query.where(i.payer_organization_id == payer_organization_id)
    if issued_from is not None:
        query = query.where(i.issue_date >= issued_from)
    if issued_to is not None:
        query = query.where(i.issue_date <= issued_to)
    query = (
        query.order_by(i.issue_date.is_not(None), i.issue_date.desc(), i.id.desc())
        .limit(limit)
        .offset(offset)
    )
    rows = session.execute(query).all()
    credited = _credited_cents(session, [row[0].id for row in rows])
    out = []
    for invoice, org_name, civility, first, last in rows:
        name = org_name or " ".join(p for p in (civility, first, last) if p)
        out.append(
            InvoiceSummary(**_summary_fields(invoice, name, credited.get(invoice.id, 0), today))
        )
    return out
