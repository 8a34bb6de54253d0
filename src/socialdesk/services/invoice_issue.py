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
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, func, select, update
from sqlalchemy.orm import Session, selectinload

from socialdesk.domain.changes import Changes
from socialdesk.domain.enums import AuditAction, InvoiceKind, InvoiceStatus, PayerKind
from socialdesk.domain.errors import ValidationError
from socialdesk.domain.invoicing import (
    DUE_BEFORE_ISSUE,
    HASHED_INVOICE_COLUMNS,
    HASHED_LINE_COLUMNS,
    ChainBreak,
    ChainReport,
    InvoiceLineInput,
    InvoiceNotDraft,
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
    Organization,
)
from socialdesk.storage.uow import UnitOfWork

_ONE_MICROSECOND = timedelta(microseconds=1)
_CHUNK = 500  # invoices (or lines) read per query when issuing a batch


def _lock_numbering(session: Session) -> None:
    """Must be the transaction's first statement (see the module docstring)."""
    table = cast(Table, InvoiceSeries.__table__)
    session.execute(
        update(table).values(next_number=table.c.next_number, updated_at=table.c.updated_at)
    )


def _names_on_lines(session: Session, line_ids: Sequence[int]) -> dict[int, set[str]]:
    """The names of the persons each line bills for (items and packages it invoices)."""
    names: dict[int, set[str]] = defaultdict(set)
    for start in range(0, len(line_ids), _CHUNK):
        chunk = line_ids[start : start + _CHUNK]
        for model in (BillableItem, ClientPackage):
            rows = session.execute(
                select(model.invoice_line_id, Client.last_name, Client.birth_name)
                .join(Client, Client.id == model.client_id)
                .where(model.invoice_line_id.in_(chunk))
            ).all()
            for line_id, last_name, birth_name in rows:
                if line_id is None:
                    continue
                names[int(line_id)].update(n for n in (last_name, birth_name) if n and len(n) > 1)
    return names


def _persons_named(invoice: Invoice, names: dict[int, set[str]]) -> bool:
    """Does a line billed to a third party spell the name of the person it concerns?"""
    for line in invoice.lines:
        for name in names.get(line.id, ()):
            if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", line.description, re.IGNORECASE):
                return True
    return False


def _needs_secrecy_check(invoice: Invoice) -> bool:
    return invoice.payer_kind == PayerKind.ORGANIZATION and not invoice.name_persons


def _check(
    session: Session,
    invoice: Invoice,
    issue_date: date,
    *,
    seller: dict[str, Any] | None = None,
    names: dict[int, set[str]] | None = None,
) -> tuple[dict[str, str], dict[str, Any], dict[str, Any], date]:
    """``seller`` and ``names`` may be read once for a batch (same values)."""
    seller = seller if seller is not None else seller_snapshot(session)
    payer = payer_snapshot(session, invoice)
    due_date = invoice.due_date or issue_date + timedelta(
        days=int(seller.get("payment_terms_days") or 0)
    )  # chosen in the draft, else the payment terms
    lines = list(invoice.lines)
    context = mention_context(
        invoice, seller, payer, issue_date=issue_date, due_date=due_date, lines=lines
    )
    missing = missing_mentions(context)
    if not lines:
        missing = {"lines": N_("An invoice needs at least one line."), **missing}
    elif invoice.total_gross_cents < 0:
        missing = {"lines": N_("The invoice total cannot be negative."), **missing}
    if _needs_secrecy_check(invoice):
        if names is None:
            names = _names_on_lines(session, [line.id for line in lines])
        if _persons_named(invoice, names):
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


@dataclass(slots=True)
class _ChainTail:
    """The last issued document: its day (numbers follow the dates), hash and time."""

    day: date | None
    hash: str | None
    issued_at: datetime | None


def _chain_tail(session: Session) -> _ChainTail:
    # Only drafts lack an issue date, so the maximum is read from the issue-date index,
    # and the chain's last link is among that day's documents.
    last_day = session.scalar(select(func.max(Invoice.issue_date)))
    last = session.execute(
        select(Invoice.hash, Invoice.issued_at)
        .where(Invoice.issue_date == last_day, Invoice.hash.is_not(None))
        .order_by(Invoice.issued_at.desc(), Invoice.id.desc())
        .limit(1)
    ).first()
    if last is None:
        return _ChainTail(last_day, None, None)
    return _ChainTail(last_day, last.hash, last.issued_at)


def _series_row(session: Session, series_id: int) -> InvoiceSeries:
    """Read after the numbering lock, so ``next_number`` is the database's."""
    series = session.get(InvoiceSeries, series_id, populate_existing=True)
    assert series is not None
    return series


def _number_and_chain(
    invoice: Invoice,
    *,
    series: InvoiceSeries,
    issue_date: date,
    due_date: date,
    seller: str,
    payer: str,
    now: datetime | None,
    tail: _ChainTail,
) -> None:
    """Take the next number and set the frozen columns and the hash (written by the next
    flush, in one UPDATE); ``tail`` moves on to this document."""
    # Numbers follow the dates (chronological numbering): never before the last document.
    if tail.day is not None and issue_date < tail.day:
        raise ValidationError(
            {
                "issue_date": N_(
                    "The issue date cannot be before the last invoice or credit note issued."
                )
            }
        )
    sequence = series.next_number
    series.next_number = sequence + 1
    issued_at = (now or datetime.now(UTC)).astimezone(UTC)
    if tail.issued_at is not None and issued_at <= tail.issued_at:
        issued_at = tail.issued_at + _ONE_MICROSECOND  # the chain's order is issued_at
    invoice.series_id = series.id
    invoice.sequence_number = sequence
    invoice.number = f"{series.prefix}{sequence:0{series.number_width}d}"
    invoice.issue_date = issue_date
    invoice.due_date = due_date
    invoice.seller_snapshot = seller
    invoice.payer_snapshot = payer
    invoice.issued_at = issued_at
    invoice.status = InvoiceStatus.ISSUED
    invoice.previous_hash = tail.hash
    invoice.hash = invoice_hash(invoice.previous_hash, _hash_row(invoice), _line_rows(invoice))
    tail.day, tail.hash, tail.issued_at = issue_date, invoice.hash, issued_at


@dataclass(frozen=True, slots=True)
class IssueRequest:
    """One draft to issue on ``issue_date``; ``now`` is the issue time (default: now)."""

    invoice_id: int
    issue_date: date
    now: datetime | None = None


@dataclass(frozen=True, slots=True)
class IssuedNumber:
    invoice_id: int
    number: str


def _load_payers(session: Session, invoices: Sequence[Invoice]) -> list[object]:
    """Bring the payers of a batch into the session at once (the snapshots then find
    them in its identity map, without a query each); hold the list while they are used."""
    held: list[object] = []
    for model, ids in (
        (Client, {i.payer_client_id for i in invoices if i.payer_client_id is not None}),
        (
            Organization,
            {i.payer_organization_id for i in invoices if i.payer_organization_id is not None},
        ),
    ):
        ordered = sorted(ids)
        for start in range(0, len(ordered), _CHUNK):
            chunk = ordered[start : start + _CHUNK]
            held.extend(session.scalars(select(model).where(model.id.in_(chunk))))
    return held


def issue_invoices(
    uow: UnitOfWork, requests: Sequence[IssueRequest]
) -> tuple[tuple[IssuedNumber, ...], Changes]:
    """Issue drafts in the given order, in the caller's ONE transaction: every rule of
    :func:`issue_invoice` applies to each (mentions check, next number with no gap,
    chronological dates, frozen snapshots, hash chain); the first refusal raises and the
    caller's rollback leaves every draft as it was. The profile, the series and the
    chain's tail are read once, and invoices with their lines and payers a chunk at a time,
    so a long batch (the demo's two years) costs a few queries per chunk."""
    session = uow.session
    _lock_numbering(session)
    if not requests:
        return (), BILLING
    seller = seller_snapshot(session)
    seller_json = dumps(seller)
    tail = _chain_tail(session)
    series_by_year: dict[int, InvoiceSeries] = {}
    issued: list[IssuedNumber] = []
    for start in range(0, len(requests), _CHUNK):
        chunk = requests[start : start + _CHUNK]
        loaded = {
            invoice.id: invoice
            for invoice in session.scalars(
                select(Invoice)
                .where(Invoice.id.in_({r.invoice_id for r in chunk}))
                .options(selectinload(Invoice.lines))
            )
        }
        payers = _load_payers(session, list(loaded.values()))
        names = _names_on_lines(
            session,
            [line.id for i in loaded.values() if _needs_secrecy_check(i) for line in i.lines],
        )
        with session.no_autoflush:  # one flush per chunk, below
            for request in chunk:
                invoice = loaded.get(request.invoice_id)
                if invoice is None:
                    raise InvoiceNotFound()
                if invoice.status != InvoiceStatus.DRAFT or invoice.number is not None:
                    raise InvoiceNotDraft()
                missing, _seller, payer, due_date = _check(
                    session, invoice, request.issue_date, seller=seller, names=names
                )
                if missing:
                    raise MissingMentions(missing)
                if due_date < request.issue_date:
                    raise ValidationError({"due_date": DUE_BEFORE_ISSUE})
                year = request.issue_date.year
                if year not in series_by_year:
                    series_id = ensure_series(uow, InvoiceKind.INVOICE, year)
                    series_by_year[year] = _series_row(session, series_id)
                _number_and_chain(
                    invoice,
                    series=series_by_year[year],
                    issue_date=request.issue_date,
                    due_date=due_date,
                    seller=seller_json,
                    payer=dumps(payer),
                    now=request.now,
                    tail=tail,
                )
                issued.append(IssuedNumber(invoice.id, str(invoice.number)))
        session.flush()
        del payers
    if len(issued) == 1:
        details: dict[str, Any] = {"number": issued[0].number}
        object_id: int | None = issued[0].invoice_id
    else:
        details = {"count": len(issued), "first": issued[0].number, "last": issued[-1].number}
        object_id = None
    record_event(
        uow,
        AuditAction.INVOICE_ISSUE,
        object_type="invoice",
        object_id=object_id,
        details=details,
        at=requests[-1].now,
    )
    return tuple(issued), BILLING


def issue_invoice(
    uow: UnitOfWork, invoice_id: int, *, issue_date: date, now: datetime | None = None
) -> tuple[InvoiceView, Changes]:
    """Issue a draft: mentions check (MissingMentions lists every missing item, nothing
    changes), then the next number of its series, frozen snapshots and the hash chain."""
    issue_invoices(uow, [IssueRequest(invoice_id, issue_date, now)])
    return get_invoice(uow, invoice_id, today=issue_date), BILLING


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
        note,
        series=_series_row(session, note.series_id),
        issue_date=issue_date,
        due_date=issue_date,
        seller=original.seller_snapshot,
        payer=original.payer_snapshot,
        now=now,
        tail=_chain_tail(session),
    )
    session.flush()
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
        at=now,
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
