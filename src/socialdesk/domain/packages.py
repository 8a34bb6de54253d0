"""Packages (forfaits) sold to clients: value types, balance and "running out" rules.

A client package is a number of units of one service, sold at a price, valid until a
date. Done appointments (and, per the practitioner's policy, no-shows and late
cancellations) take units from it; manual entries too, always with a reason. Closing a
package early either settles it (the remaining value is to be credited) or carries the
remaining units over to a new package. Pure Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from socialdesk.domain.enums import PackageStatus, ServiceUnit
from socialdesk.domain.errors import NotFound, SocialDeskError
from socialdesk.i18n import N_

RUNNING_OUT_PERCENT = 20
EXPIRY_WARNING_DAYS = 30
POLICY_KEY = "billing.policy"


@dataclass(frozen=True, slots=True)
class BillingPolicy:
    """What an appointment the person did not attend costs. A charged no-show or late
    cancellation takes units from a covering package, or becomes an item to bill."""

    charge_no_show: bool = False
    charge_late_cancellation: bool = False


class CloseMode(StrEnum):
    SETTLE = "settle"  # the remaining value is to be credited to the payer
    CARRY_OVER = "carry_over"  # the remaining units move to a new package


CLOSE_MODE_LABELS: dict[CloseMode, str] = {
    CloseMode.SETTLE: N_("Settle (the remainder is credited)"),
    CloseMode.CARRY_OVER: N_("Carry the remainder over to a new package"),
}

PACKAGE_STATUS_LABELS: dict[PackageStatus, str] = {
    PackageStatus.OPEN: N_("Open"),
    PackageStatus.EXHAUSTED: N_("Used up"),
    PackageStatus.EXPIRED: N_("Expired"),
    PackageStatus.CLOSED: N_("Closed"),
}


@dataclass(frozen=True, slots=True)
class PackageSaleInput:
    client_id: int
    definition_id: int
    sold_date: date
    payer_organization_id: int | None = None  # None: the client pays
    price_cents: int | None = None  # None: the offer's price
    valid_until: date | None = None  # None: sold_date + the offer's validity


@dataclass(frozen=True, slots=True)
class ConsumptionView:
    id: int
    consumed_date: date
    units: Decimal
    appointment_id: int | None
    reason: str


@dataclass(frozen=True, slots=True)
class PackageView:
    id: int
    client_id: int
    definition_id: int | None
    name: str
    service_id: int
    service_name: str
    unit: ServiceUnit
    payer_organization_id: int | None
    payer_name: str
    sold_date: date
    valid_until: date | None
    units_total: Decimal
    units_used: Decimal
    units_remaining: Decimal
    percent_remaining: int
    price_cents: int
    status: PackageStatus
    running_out: bool
    expiring: bool
    close_mode: CloseMode | None
    closed_reason: str
    settle_credit_cents: int
    carried_to_package_id: int | None
    invoiced: bool
    consumptions: tuple[ConsumptionView, ...]


class PackageNotFound(NotFound):
    message = "This package does not exist (it may have been deleted)."


class PackageClosed(SocialDeskError):
    message = "This package is closed: its units can no longer change."


def percent_remaining(remaining_milli: int, total_milli: int) -> int:
    if total_milli <= 0:
        return 0
    share = Decimal(max(0, remaining_milli) * 100) / Decimal(total_milli)
    return int(share.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def effective_status(stored: PackageStatus, valid_until: date | None, today: date) -> PackageStatus:
    """An open package past its end date shows as expired."""
    if stored is PackageStatus.OPEN and valid_until is not None and valid_until < today:
        return PackageStatus.EXPIRED
    return stored


def is_running_out(
    *, remaining_milli: int, total_milli: int, valid_until: date | None, today: date
) -> bool:
    """20 % or less left, or the end date within 30 days (or past)."""
    if remaining_milli * 100 <= total_milli * RUNNING_OUT_PERCENT:
        return True
    return valid_until is not None and (valid_until - today).days <= EXPIRY_WARNING_DAYS


def is_expiring(valid_until: date | None, today: date) -> bool:
    return valid_until is not None and (valid_until - today).days <= EXPIRY_WARNING_DAYS


def remainder_value_cents(price_cents: int, remaining_milli: int, total_milli: int) -> int:
    """What the units left are worth, pro rata of the price (half up to the cent)."""
    if total_milli <= 0 or remaining_milli <= 0:
        return 0
    value = Decimal(price_cents) * Decimal(remaining_milli) / Decimal(total_milli)
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def encode_closure(mode: CloseMode, reason: str, *, credit_cents: int = 0, to_id: int = 0) -> str:
    """The closing decision as stored in ``closed_reason``: machine part, then the text."""
    head = f"[{mode.value}:{credit_cents if mode is CloseMode.SETTLE else to_id}]"
    return f"{head} {reason}".strip()


def decode_closure(text: str | None) -> tuple[CloseMode | None, int, str]:
    """(mode, credit cents or target package id, free text) from ``closed_reason``."""
    text = text or ""
    if text.startswith("[") and "]" in text:
        head, _, rest = text[1:].partition("]")
        mode_text, _, number = head.partition(":")
        try:
            return CloseMode(mode_text), int(number), rest.strip()
        except ValueError:
            pass
    return None, 0, text
