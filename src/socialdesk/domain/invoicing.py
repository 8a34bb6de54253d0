"""Invoices as values: draft input, totals and their rounding rule, the hash chain, the
state a user sees (with overdue computed for a given day), and the errors of invoicing.

Rounding rule (one rule everywhere: PDF, CSV, FEC, Factur-X read the stored cents):

1. each line's net amount is ``quantity × unit price``, rounded half-up to the cent;
2. the invoice's net total is the sum of the line nets;
3. VAT is computed per rate on the summed net bases of that rate, rounded half-up to the
   cent (EN 16931 BR-CO-17); the VAT total is the sum over rates;
4. the gross total is net + VAT.

Each line also stores its own VAT rounded half-up (``line_vat_cents``), for display only:
the invoice's VAT is the per-rate figure of rule 3.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, Protocol

from socialdesk.domain.enums import (
    Currency,
    InvoiceKind,
    InvoiceStatus,
    PayerKind,
    PaymentMethod,
    ServiceUnit,
)
from socialdesk.domain.errors import NotFound, SocialDeskError, ValidationError
from socialdesk.i18n import N_

ROUNDING_RULE = (
    "line net = quantity × unit price, rounded half-up to the cent; "
    "VAT per rate on the summed bases, rounded half-up; gross = net + VAT"
)
QUANTITY_STEP = Decimal("0.001")  # stored as thousandths (quantity_milli)
MAX_QUANTITY = Decimal("1000000")
MAX_UNIT_PRICE_CENTS = 100_000_000  # 1 million euros
MAX_LINES = 1000
MAX_DESCRIPTION = 2000
_CENT = Decimal(1)


# ---- totals -----------------------------------------------------------------------------
def line_net_cents(quantity: Decimal, unit_price_cents: int) -> int:
    """``quantity × unit price`` rounded half-up to the cent (2.5 cents → 3, -2.5 → -3)."""
    return int((Decimal(quantity) * unit_price_cents).quantize(_CENT, rounding=ROUND_HALF_UP))


def vat_cents(base_cents: int, vat_rate_bp: int) -> int:
    """VAT of ``base_cents`` at ``vat_rate_bp`` basis points, rounded half-up to the cent."""
    return int(
        (Decimal(base_cents) * vat_rate_bp / Decimal(10_000)).quantize(
            _CENT, rounding=ROUND_HALF_UP
        )
    )


def quantity_to_milli(quantity: Decimal) -> int:
    return int(Decimal(quantity) * 1000)


def milli_to_quantity(milli: int) -> Decimal:
    return (Decimal(milli) / 1000).quantize(QUANTITY_STEP).normalize()


class _Line(Protocol):
    @property
    def quantity(self) -> Decimal: ...
    @property
    def unit_price_cents(self) -> int: ...
    @property
    def vat_rate_bp(self) -> int: ...
    @property
    def vat_exemption_reason(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class VatBreakdown:
    rate_bp: int
    base_cents: int
    vat_cents: int
    exemption_reason: str | None = None


@dataclass(frozen=True, slots=True)
class InvoiceTotals:
    net_cents: int
    vat_cents: int
    gross_cents: int
    by_rate: tuple[VatBreakdown, ...] = ()


def compute_totals(lines: Iterable[_Line]) -> InvoiceTotals:
    """Totals by the module's rounding rule; ``by_rate`` ordered by rate then reason."""
    bases: dict[tuple[int, str | None], int] = {}
    net = 0
    for line in lines:
        amount = line_net_cents(line.quantity, line.unit_price_cents)
        net += amount
        key = (line.vat_rate_bp, line.vat_exemption_reason if line.vat_rate_bp == 0 else None)
        bases[key] = bases.get(key, 0) + amount
    by_rate = tuple(
        VatBreakdown(rate, base, vat_cents(base, rate), reason)
        for (rate, reason), base in sorted(bases.items(), key=lambda kv: (kv[0][0], kv[0][1] or ""))
    )
    vat = sum(b.vat_cents for b in by_rate)
    return InvoiceTotals(net, vat, net + vat, by_rate)


# ---- inputs -----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class InvoiceLineInput:
    description: str
    quantity: Decimal = Decimal(1)
    unit_price_cents: int = 0
    vat_rate_bp: int = 0
    # Rate 0 without a reason under the VAT franchise: the country's wording is used.
    vat_exemption_reason: str | None = None
    service_id: int | None = None
    unit: ServiceUnit | None = None
    service_date: date | None = None
    accounting_account: str | None = None
    billable_item_id: int | None = None  # links BillableItem.invoice_line_id
    client_package_id: int | None = None  # links ClientPackage.invoice_line_id


@dataclass(frozen=True, slots=True)
class InvoiceDraftInput:
    payer_kind: PayerKind
    payer_client_id: int | None = None
    payer_organization_id: int | None = None
    period_start: date | None = None
    period_end: date | None = None
    # Professional secrecy: a third-party payer's invoice names nobody unless chosen.
    name_persons: bool = False
    notes: str | None = None
    lines: tuple[InvoiceLineInput, ...] = ()
    # None: the issue date plus the profile's payment terms, set when issued.
    due_date: date | None = None


@dataclass(frozen=True, slots=True)
class PaymentInput:
    payment_date: date
    amount_cents: int
    method: PaymentMethod = PaymentMethod.TRANSFER
    reference: str | None = None
    notes: str | None = None


def validate_lines(lines: Sequence[InvoiceLineInput], *, allow_negative: bool = True) -> None:
    """ValidationError naming the first bad line of each kind (nothing saved)."""
    errors: dict[str, str] = {}
    if len(lines) > MAX_LINES:
        errors["lines"] = N_("An invoice has at most 1000 lines.")
    for index, line in enumerate(lines, start=1):
        prefix = f"lines.{index}."
        if not line.description.strip():
            errors[prefix + "description"] = N_("Each line needs a description.")
        elif len(line.description) > MAX_DESCRIPTION:
            errors[prefix + "description"] = N_("A line description is too long.")
        try:
            quantity = Decimal(line.quantity)
            exact = quantity == quantity.quantize(QUANTITY_STEP)
        except (InvalidOperation, TypeError, ValueError):
            quantity, exact = Decimal(0), False
        if not exact or quantity.is_nan():
            errors[prefix + "quantity"] = N_("A quantity has at most three decimals.")
        elif quantity == 0 or abs(quantity) > MAX_QUANTITY or (quantity < 0 and not allow_negative):
            errors[prefix + "quantity"] = N_("Enter a quantity other than zero.")
        if not 0 <= line.unit_price_cents <= MAX_UNIT_PRICE_CENTS:
            errors[prefix + "unit_price_cents"] = N_("Enter a unit price of zero or more.")
        if not 0 <= line.vat_rate_bp <= 10_000:
            errors[prefix + "vat_rate_bp"] = N_("A VAT rate is between 0 and 100 %.")
    if errors:
        raise ValidationError(errors)


# ---- state ------------------------------------------------------------------------------
class InvoiceState(StrEnum):
    """What the user sees: the stored status, with overdue computed for a given day."""

    DRAFT = "draft"
    ISSUED = "issued"
    PARTIALLY_PAID = "partially_paid"
    PAID = "paid"
    OVERDUE = "overdue"
    CANCELLED = "cancelled"


INVOICE_STATE_LABELS: dict[InvoiceState, str] = {
    InvoiceState.DRAFT: N_("Draft"),
    InvoiceState.ISSUED: N_("Issued"),
    InvoiceState.PARTIALLY_PAID: N_("Partially paid"),
    InvoiceState.PAID: N_("Paid"),
    InvoiceState.OVERDUE: N_("Overdue"),
    InvoiceState.CANCELLED: N_("Cancelled"),
}

PAYMENT_METHOD_LABELS: dict[PaymentMethod, str] = {
    PaymentMethod.TRANSFER: N_("Bank transfer"),
    PaymentMethod.CHEQUE: N_("Cheque"),
    PaymentMethod.CASH: N_("Cash"),
    PaymentMethod.CARD: N_("Card"),
    PaymentMethod.DIRECT_DEBIT: N_("Direct debit"),
    PaymentMethod.VOUCHER: N_("Voucher"),
    PaymentMethod.OTHER: N_("Other"),
}


def settled_status(gross_cents: int, paid_cents: int, credited_cents: int) -> InvoiceStatus:
    """The stored status of an issued invoice from what was paid and credited."""
    if gross_cents > 0 and credited_cents >= gross_cents:
        return InvoiceStatus.CANCELLED
    if paid_cents + credited_cents >= gross_cents:
        return InvoiceStatus.PAID
    if paid_cents > 0:
        return InvoiceStatus.PARTIALLY_PAID
    return InvoiceStatus.ISSUED


def invoice_state(
    status: InvoiceStatus,
    due_date: date | None,
    balance_cents: int,
    today: date,
    kind: InvoiceKind = InvoiceKind.INVOICE,
) -> InvoiceState:
    """Overdue: an issued or partly paid invoice with something owed after its due date."""
    unpaid = status in (InvoiceStatus.ISSUED, InvoiceStatus.PARTIALLY_PAID)
    if (
        unpaid
        and kind == InvoiceKind.INVOICE
        and balance_cents > 0
        and due_date is not None
        and due_date < today
    ):
        return InvoiceState.OVERDUE
    return InvoiceState(status.value)


# ---- views ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class InvoiceLineView:
    id: int
    position: int
    description: str
    quantity: Decimal
    unit_price_cents: int
    vat_rate_bp: int
    vat_exemption_reason: str | None
    line_net_cents: int
    line_vat_cents: int
    service_id: int | None = None
    unit: ServiceUnit | None = None
    service_date: date | None = None
    accounting_account: str | None = None


@dataclass(frozen=True, slots=True)
class PaymentView:
    id: int
    invoice_id: int
    payment_date: date
    amount_cents: int
    method: PaymentMethod
    reference: str | None = None
    notes: str | None = None


@dataclass(frozen=True, slots=True)
class InvoiceSummary:
    id: int
    number: str | None
    kind: InvoiceKind
    status: InvoiceStatus
    state: InvoiceState
    issue_date: date | None
    due_date: date | None
    period_start: date | None
    period_end: date | None
    payer_kind: PayerKind
    payer_client_id: int | None
    payer_organization_id: int | None
    payer_name: str
    total_net_cents: int
    total_vat_cents: int
    total_gross_cents: int
    paid_cents: int
    credited_cents: int
    balance_cents: int
    credited_invoice_id: int | None


@dataclass(frozen=True, slots=True)
class InvoiceView:
    id: int
    number: str | None
    kind: InvoiceKind
    status: InvoiceStatus
    state: InvoiceState
    issue_date: date | None
    due_date: date | None
    period_start: date | None
    period_end: date | None
    payer_kind: PayerKind
    payer_client_id: int | None
    payer_organization_id: int | None
    payer_name: str
    total_net_cents: int
    total_vat_cents: int
    total_gross_cents: int
    paid_cents: int
    credited_cents: int
    balance_cents: int
    credited_invoice_id: int | None
    series_id: int
    sequence_number: int | None
    name_persons: bool
    notes: str | None
    currency: Currency
    seller: dict[str, Any] | None
    payer: dict[str, Any] | None
    lines: tuple[InvoiceLineView, ...]
    payments: tuple[PaymentView, ...]
    totals: InvoiceTotals
    hash: str | None
    previous_hash: str | None
    issued_at: datetime | None
    mentions: tuple[str, ...] = ()
    credit_note_ids: tuple[int, ...] = field(default=())

    @property
    def is_draft(self) -> bool:
        return self.status == InvoiceStatus.DRAFT


# ---- the hash chain ---------------------------------------------------------------------
HASHED_INVOICE_COLUMNS = (
    "number", "kind", "credited_invoice_id", "issue_date", "due_date", "period_start",
    "period_end", "payer_kind", "seller_snapshot", "payer_snapshot", "name_persons",
    "currency", "total_net_cents", "total_vat_cents", "total_gross_cents", "issued_at",
)  # fmt: skip
HASHED_LINE_COLUMNS = (
    "position", "description", "service_date", "quantity_milli", "unit_price_cents",
    "vat_rate_bp", "vat_exemption_reason", "line_net_cents", "line_vat_cents",
)  # fmt: skip


def _iso(value: Any) -> str:
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"not JSON serializable: {value!r}")


def invoice_hash(
    previous_hash: str | None, invoice: Mapping[str, Any], lines: Sequence[Mapping[str, Any]]
) -> str:
    """SHA-256 of the previous invoice's hash followed by the canonical JSON of this one
    (its frozen columns and its lines; keys sorted, no spaces, UTF-8, dates ISO 8601)."""
    content = {column: invoice[column] for column in HASHED_INVOICE_COLUMNS}
    content["lines"] = [
        {column: line[column] for column in HASHED_LINE_COLUMNS}
        for line in sorted(lines, key=lambda line: line["position"])
    ]
    payload = json.dumps(
        content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_iso
    )
    return hashlib.sha256(((previous_hash or "") + payload).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class ChainBreak:
    invoice_id: int
    number: str | None
    reason: str  # "hash mismatch" | "previous hash mismatch"


@dataclass(frozen=True, slots=True)
class ChainReport:
    checked: int
    breaks: tuple[ChainBreak, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.breaks


# ---- errors -----------------------------------------------------------------------------
class InvoiceNotFound(NotFound):
    message = N_("This invoice no longer exists.")


class PaymentNotFound(NotFound):
    message = N_("This payment no longer exists.")


class InvoiceNotDraft(SocialDeskError):
    message = N_("An issued invoice cannot be changed: issue a credit note to correct it.")


class InvoiceNotIssued(SocialDeskError):
    message = N_("Only an issued invoice can receive a payment or a credit note.")


DUE_BEFORE_ISSUE = N_("The due date cannot be before the issue date.")


class MissingMentions(ValidationError):
    """The issue-time check: one entry per missing mandatory mention (key → message)."""

    message = N_("This invoice cannot be issued: mandatory mentions are missing.")
