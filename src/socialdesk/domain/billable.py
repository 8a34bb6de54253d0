"""Items to bill, grouped by who pays them ("To bill" view). Pure Python."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from socialdesk.domain.enums import PayerKind, ServiceUnit

ITEM_PREFIX = "item:"
PACKAGE_PREFIX = "package:"


@dataclass(frozen=True, slots=True)
class ToBillEntry:
    """An unbilled item (``item:12``) or a package sale not yet invoiced (``package:3``)."""

    key: str
    item_id: int | None
    package_id: int | None
    client_id: int | None
    client_name: str
    day: date
    description: str
    service_id: int
    service_name: str
    unit: ServiceUnit
    quantity: Decimal
    unit_price_cents: int
    amount_cents: int


@dataclass(frozen=True, slots=True)
class PayerGroup:
    """Everything one payer owes. PERSON with no ids: the payer is missing (a group
    session billed as a group without a paying organization)."""

    payer_kind: PayerKind
    payer_client_id: int | None
    payer_organization_id: int | None
    payer_name: str
    entries: tuple[ToBillEntry, ...]
    total_cents: int

    @property
    def payer_missing(self) -> bool:
        return self.payer_client_id is None and self.payer_organization_id is None


def amount_cents(quantity_milli: int, unit_price_cents: int) -> int:
    """Quantity × unit price, half up to the cent (as invoice lines round)."""
    return (quantity_milli * unit_price_cents + 500) // 1000


def parse_key(key: str) -> tuple[str, int] | None:
    """("item" | "package", id) from an entry key, or None."""
    for prefix in (ITEM_PREFIX, PACKAGE_PREFIX):
        if key.startswith(prefix) and key[len(prefix) :].isdigit():
            return prefix[:-1], int(key[len(prefix) :])
    return None
