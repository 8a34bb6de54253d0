"""Issuing an invoice, credit notes (avoirs), and the hash-chain check.

Issue, in ONE transaction (any exception rolls it all back, the number included, so the
series never has a gap):

1. take the numbering lock: the transaction's first statement writes the series table,
   so concurrent issuers queue on the database's write lock (busy timeout) instead of
   reading a stale "next number" — on SQLite the whole database, on PostgreSQL the rows;
2. freeze the seller (profile) and payer snapshots and run the mandatory-mentions check
   (:mod:`socialdesk.domain.legal_mentions`), refusing with every missing item;
3. take ``next_number`` of the series of the issue year and write number, dates,
   snapshots, ``issued_at`` and the hash chained to the previously issued document
   (invoices and credit notes form one chain, in ``issued_at`` order) in one UPDATE —
   from then on the database triggers freeze the row and its lines;
4. record the audit event.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, func, select, update
from sqlalchemy.orm import Session

from socialdesk.domain.changes import Changes
from socialdesk.domain.enums import AuditAction, InvoiceKind, InvoiceStatus, PayerKind
from socialdesk.domain.errors import ValidationError
from socialdesk.domain.invoicing import (
    HASHED_INVOICE_COLUMNS,
    HASHED_LINE_COLUMNS,
    ChainBreak,
    ChainReport,
    InvoiceLineInput,
    InvoiceNotFound,
    InvoiceNotIssued,
    InvoiceView,
    MissingMentions,
    invoice_hash,
    milli_to_quantity,
    settled_status,
    validate_lines,
)
from socialdesk.domain.legal_mentions import missing_mentions
from socialdesk.i18n import N_
from socialdesk.services.audit import record_event
from socialdesk.services.invoice_drafts import (
    BILLING,
    _credited_cents,
    _draft_row,
    _write_lines,
    ensure_series,
    get_invoice,
)
from socialdesk.services.invoice_snapshots import (
    dumps,
    mention_context,
    payer_snapshot,
    seller_snapshot,
)
from socialdesk.storage.orm import (
    BillableItem,
    Client,
    ClientPackage,
    Invoice,
    InvoiceLine,
    InvoiceSeries,
)
from socialdesk.storage.uow import UnitOfWork

_ONE_MICROSECOND = timedelta(microseconds=1)


def _lock_numbering(session: Session) -> None:
    """Must be the transaction's first statement (see the module docstring)."""
    table = cast(Table, InvoiceSeries.__table__)
    session.execute(
        update(table).values(next_number=table.c.next_number, updated_at=table.c.updated_at)
    )


def _persons_named(session: Session, invoice: Invoice) -> bool:
    """Does a line billed to a third party spell the name of the person it concerns?"""
    line_ids = [line.id for line in invoice.lines]
    if not line_ids:
        return False
    names: dict[int, set[str]] = defaultdict(set)
    for model in (BillableItem, ClientPackage):
        rows = session.execute(
            select(model.invoice_line_id, Client.last_name, Client.birth_name)
            .join(Client, Client.id == model.client_id)
            .where(model.invoice_line_id.in_(line_ids))
        ).all()
        for line_id, last_name, birth_name in rows:
            if line_id is None:
                continue
            names[int(line_id)].update(n for n in (last_name, birth_name) if n and len(n) > 1)
    for line in invoice.lines:
        for name in names.get(line.id, ()):
            if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", line.description, re.IGNORECASE):
                return True
    return False


def _check(
    session: Session, invoice: Invoice, issue_date: date
) -> tuple[dict[str, str], dict[str, Any], dict[str, Any], date]:
    seller = seller_snapshot(session)
    payer = payer_snapshot(session, invoice)
    due_date = issue_date + timedelta(days=int(seller.get("payment_terms_days") or 0))
    lines = list(invoice.lines)
    context = mention_context(
        invoice, seller, payer, issue_date=issue_date, due_date=due_date, lines=lines
    )
    missing = missing_mentions(context)
    if not lines:
        missing = {"lines": N_("An invoice needs at least one line."), **missing}
    elif invoice.total_gross_cents < 0:
        missing = {"lines": N_("The invoice total cannot be negative."), **missing}
    if (
        invoice.payer_kind == PayerKind.ORGANIZATION
        and not invoice.name_persons
        and _persons_named(session, invoice)
    ):
        missing["persons_named"] = N_(
            "A line names a person accompanied, but the invoice goes to a third party: "
            "remove the name or choose to name the persons."
        )
    return missing, seller, payer, due_date


def check_mentions(uow: UnitOfWork, invoice_id: int, *, issue_date: date) -> dict[str, str]:
    """What would stop this draft from being issued on ``issue_date`` ({} = ready)."""
    invoice = _draft_row(uow.session, invoice_id)
    return _check(uow.session, invoice, issue_date)[0]


def _hash_row(invoice: Invoice) -> dict[str, Any]:
    return {column: getattr(invoice, column) for column in HASHED_INVOICE_COLUMNS}


def _line_rows(invoice: Invoice) -> list[dict[str, Any]]:
    return [{c: getattr(line, c) for c in HASHED_LINE_COLUMNS} for line in invoice.lines]


def _number_and_chain(
    session: Session,
    invoice: Invoice,
    *,
    series_id: int,
    issue_date: date,
    due_date: date,
    seller: str,
    payer: str,
    now: datetime | None,
) -> None:
    """Take the next number and write the frozen columns and the hash in one UPDATE."""
    # Numbers follow the dates (chronological numbering): never before the last document.
    # Only drafts lack an issue date, so the maximum is read from the issue-date index,
    # and the chain's last link is among that day's documents.
    last_day = session.scalar(select(func.max(Invoice.issue_date)))
    if last_day is not None and issue_date < last_day:
        raise ValidationError(
            {
                "issue_date": N_(
                    "The issue date cannot be before the last invoice or credit note issued."
                )
            }
        )
    series = session.get(InvoiceSeries, series_id, populate_existing=True)
    assert series is not None
    sequence = series.next_number
    series.next_number = sequence + 1
    last = session.execute(
        select(Invoice.hash, Invoice.issued_at)
        .where(Invoice.issue_date == last_day, Invoice.hash.is_not(None))
        .order_by(Invoice.issued_at.desc(), Invoice.id.desc())
        .limit(1)
    ).first()
    issued_at = (now or datetime.now(UTC)).astimezone(UTC)
    if last is not None and last.issued_at is not None and issued_at <= last.issued_at:
        issued_at = last.issued_at + _ONE_MICROSECOND  # the chain's order is issued_at
    invoice.series_id = series_id
    invoice.sequence_number = sequence
    invoice.number = f"{series.prefix}{sequence:0{series.number_width}d}"
    invoice.issue_date = issue_date
    invoice.due_date = due_date
    invoice.seller_snapshot = seller
    invoice.payer_snapshot = payer
    invoice.issued_at = issued_at
    invoice.status = InvoiceStatus.ISSUED
    invoice.previous_hash = last.hash if last is not None else None
    invoice.hash = invoice_hash(invoice.previous_hash, _hash_row(invoice), _line_rows(invoice))
    session.flush()


def issue_invoice(
    uow: UnitOfWork, invoice_id: int, *, issue_date: date, now: datetime | None = None
) -> tuple[InvoiceView, Changes]:
    """Issue a draft: mentions check (MissingMentions lists every missing item, nothing
    changes), then the next number of its series, frozen snapshots and the hash chain."""
    session = uow.session
    _lock_numbering(session)
    invoice = _draft_row(session, invoice_id)
    missing, seller, payer, due_date = _check(session, invoice, issue_date)
    if missing:
        raise MissingMentions(missing)
    _number_and_chain(
        session,
        invoice,
        series_id=ensure_series(uow, InvoiceKind.INVOICE, issue_date.year),
        issue_date=issue_date,
        due_date=due_date,
        seller=dumps(seller),
        payer=dumps(payer),
        now=now,
    )
    record_event(
        uow,
        AuditAction.INVOICE_ISSUE,
        object_type="invoice",
        object_id=invoice.id,
        details={"number": invoice.number},
    )
    return get_invoice(uow, invoice.id, today=issue_date), BILLING


def _copy_lines(invoice: Invoice) -> tuple[InvoiceLineInput, ...]:
    return tuple(
        InvoiceLineInput(
            description=line.description,
            quantity=milli_to_quantity(line.quantity_milli),
            unit_price_cents=line.unit_price_cents,
            vat_rate_bp=line.vat_rate_bp,
            vat_exemption_reason=line.vat_exemption_reason,
            service_id=line.service_id,
            unit=line.unit,
            service_date=line.service_date,
            accounting_account=line.accounting_account,
        )
        for line in invoice.lines
    )


def create_credit_note(
    uow: UnitOfWork,
    invoice_id: int,
    *,
    issue_date: date,
    reason: str,
    lines: Sequence[InvoiceLineInput] | None = None,
    now: datetime | None = None,
) -> tuple[InvoiceView, Changes]:
    """Issue a credit note (avoir) for an issued invoice, in the credit-note series.

    ``lines=None`` credits the whole invoice (its lines copied; it becomes cancelled);
    otherwise the given lines (positive amounts) credit part of it, up to what is not yet
    credited. The parties are those frozen on the invoice.
    """
    session = uow.session
    _lock_numbering(session)
    original = session.get(Invoice, invoice_id)
    if original is None:
        raise InvoiceNotFound()
    if (
        original.kind != InvoiceKind.INVOICE
        or original.number is None
        or original.status == InvoiceStatus.CANCELLED
    ):
        raise InvoiceNotIssued()
    if not reason.strip():
        raise ValidationError({"reason": N_("Give the reason for the credit note.")})
    credited = _credited_cents(session, [original.id]).get(original.id, 0)
    if lines is None:
        if credited:
            raise ValidationError(
                {"lines": N_("Part of this invoice is already credited: choose the lines.")}
            )
        lines = _copy_lines(original)
    if not lines:
        raise ValidationError({"lines": N_("A credit note needs at least one line.")})
    validate_lines(lines, allow_negative=False)
    note = Invoice(
        series_id=ensure_series(uow, InvoiceKind.CREDIT_NOTE, issue_date.year),
        kind=InvoiceKind.CREDIT_NOTE,
        credited_invoice_id=original.id,
        status=InvoiceStatus.DRAFT,
        payer_kind=original.payer_kind,
        payer_client_id=original.payer_client_id,
        payer_organization_id=original.payer_organization_id,
        name_persons=original.name_persons,
        period_start=original.period_start,
        period_end=original.period_end,
        currency=original.currency,
        notes=reason.strip(),
    )
    session.add(note)
    session.flush()
    _write_lines(session, note, lines)
    remaining = original.total_gross_cents - credited
    if note.total_gross_cents > remaining:
        raise ValidationError(
            {"lines": N_("The credit note is larger than what remains of the invoice.")}
        )
    assert original.seller_snapshot is not None and original.payer_snapshot is not None
    _number_and_chain(
        session,
        note,
        series_id=note.series_id,
        issue_date=issue_date,
        due_date=issue_date,
        seller=original.seller_snapshot,
        payer=original.payer_snapshot,
        now=now,
    )
    original.status = settled_status(
        original.total_gross_cents, original.paid_cents, credited + note.total_gross_cents
    )
    session.flush()
    record_event(
        uow,
        AuditAction.CREDIT_NOTE_ISSUE,
        object_type="invoice",
        object_id=note.id,
        details={"number": note.number, "credits": original.number},
    )
    return get_invoice(uow, note.id, today=issue_date), BILLING


def verify_invoice_chain(uow: UnitOfWork) -> ChainReport:
    """Recompute every issued document's hash in chain order; report each row whose
    content or link no longer matches (an edit made behind the application's back)."""
    session = uow.session
    invoices = session.execute(
        select(Invoice.__table__)
        .where(Invoice.number.is_not(None))
        .order_by(Invoice.issued_at, Invoice.id)
    ).all()
    lines: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in session.execute(
        select(InvoiceLine.__table__)
        .join(Invoice, Invoice.id == InvoiceLine.invoice_id)
        .where(Invoice.number.is_not(None))
    ).all():
        lines[row.invoice_id].append(dict(row._mapping))
    breaks: list[ChainBreak] = []
    previous: str | None = None
    for row in invoices:
        data = dict(row._mapping)
        if data["previous_hash"] != previous:
            breaks.append(ChainBreak(data["id"], data["number"], "previous hash mismatch"))
        if invoice_hash(data["previous_hash"], data, lines[data["id"]]) != data["hash"]:
            breaks.append(ChainBreak(data["id"], data["number"], "hash mismatch"))
        previous = data["hash"]
    return ChainReport(len(invoices), tuple(breaks))


def snapshot_of(invoice_json: str | None) -> dict[str, Any] | None:
    return json.loads(invoice_json) if invoice_json else None
