"""Packages (forfaits) sold to clients: sale, balance, manual entries, early closing,
and the billing policy for no-shows and late cancellations.

The balance is never stored: it is the total minus the sum of the consumptions, so an
appointment that leaves "done" gives its units back by deleting its consumption.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select

from socialdesk.domain.catalogue import clean, from_milli, to_milli
from socialdesk.domain.changes import Changes
from socialdesk.domain.enums import InvoiceStatus, PackageStatus, ServiceUnit
from socialdesk.domain.errors import ValidationError
from socialdesk.domain.packages import (
    POLICY_KEY,
    BillingPolicy,
    CloseMode,
    ConsumptionView,
    PackageClosed,
    PackageNotFound,
    PackageSaleInput,
    PackageView,
    decode_closure,
    effective_status,
    encode_closure,
    is_expiring,
    is_running_out,
    percent_remaining,
    remainder_value_cents,
)
from socialdesk.i18n import N_
from socialdesk.storage.orm import (
    AppSetting,
    Client,
    ClientPackage,
    Invoice,
    InvoiceLine,
    Organization,
    PackageConsumption,
    PackageDefinition,
    Service,
)
from socialdesk.storage.uow import UnitOfWork

CHANGED = Changes(billing=True)
REASON_MAX = 500


# ---- policy -----------------------------------------------------------------------------
def billing_policy(uow: UnitOfWork) -> BillingPolicy:
    setting = uow.session.scalar(select(AppSetting).where(AppSetting.key == POLICY_KEY))
    if setting is None:
        return BillingPolicy()
    try:
        values = json.loads(setting.value)
    except ValueError:
        return BillingPolicy()
    if not isinstance(values, dict):
        return BillingPolicy()
    return BillingPolicy(
        charge_no_show=bool(values.get("charge_no_show", False)),
        charge_late_cancellation=bool(values.get("charge_late_cancellation", False)),
    )


def save_billing_policy(uow: UnitOfWork, policy: BillingPolicy) -> tuple[BillingPolicy, Changes]:
    value = json.dumps(asdict(policy))
    setting = uow.session.scalar(select(AppSetting).where(AppSetting.key == POLICY_KEY))
    if setting is None:
        uow.session.add(AppSetting(key=POLICY_KEY, value=value))
    else:
        setting.value = value
    uow.session.flush()
    return policy, Changes(billing=True, settings=True)


# ---- balance ----------------------------------------------------------------------------
def used_milli(uow: UnitOfWork, package_id: int) -> int:
    total = uow.session.scalar(
        select(func.coalesce(func.sum(PackageConsumption.units_milli), 0)).where(
            PackageConsumption.client_package_id == package_id
        )
    )
    return int(total or 0)


def _row(uow: UnitOfWork, package_id: int) -> ClientPackage:
    row = uow.session.get(ClientPackage, package_id)
    if row is None:
        raise PackageNotFound()
    return row


def refresh_status(uow: UnitOfWork, row: ClientPackage) -> None:
    """Open ⇄ used up, from the balance (closed packages stay closed)."""
    if row.status in (PackageStatus.CLOSED, PackageStatus.EXPIRED):
        return
    remaining = row.units_total_milli - used_milli(uow, row.id)
    row.status = PackageStatus.EXHAUSTED if remaining <= 0 else PackageStatus.OPEN


def _view(uow: UnitOfWork, row: ClientPackage, today: date) -> PackageView:
    session = uow.session
    service = session.get(Service, row.service_id)
    assert service is not None
    definition = session.get(PackageDefinition, row.definition_id) if row.definition_id else None
    payer = (
        session.get(Organization, row.payer_organization_id) if row.payer_organization_id else None
    )
    consumptions = session.scalars(
        select(PackageConsumption)
        .where(PackageConsumption.client_package_id == row.id)
        .order_by(PackageConsumption.consumed_date, PackageConsumption.id)
    ).all()
    used = sum(c.units_milli for c in consumptions)
    remaining = row.units_total_milli - used
    mode, number, text = decode_closure(row.closed_reason)
    status = effective_status(PackageStatus(row.status), row.valid_until, today)
    live = status is PackageStatus.OPEN
    return PackageView(
        id=row.id,
        client_id=row.client_id,
        definition_id=row.definition_id,
        name=definition.name if definition else service.name,
        service_id=service.id,
        service_name=service.name,
        unit=ServiceUnit(service.unit),
        payer_organization_id=row.payer_organization_id,
        payer_name=payer.name if payer else "",
        sold_date=row.sold_date,
        valid_until=row.valid_until,
        units_total=from_milli(row.units_total_milli),
        units_used=from_milli(used),
        units_remaining=from_milli(remaining),
        percent_remaining=percent_remaining(remaining, row.units_total_milli),
        price_cents=row.price_cents,
        status=status,
        running_out=live
        and is_running_out(
            remaining_milli=remaining,
            total_milli=row.units_total_milli,
            valid_until=row.valid_until,
            today=today,
        ),
        expiring=live and is_expiring(row.valid_until, today),
        close_mode=mode,
        closed_reason=text,
        settle_credit_cents=number if mode is CloseMode.SETTLE else 0,
        carried_to_package_id=number if mode is CloseMode.CARRY_OVER else None,
        invoiced=row.invoice_line_id is not None,
        consumptions=tuple(
            ConsumptionView(
                id=c.id,
                consumed_date=c.consumed_date,
                units=from_milli(c.units_milli),
                appointment_id=c.appointment_id,
                reason=c.reason or "",
            )
            for c in consumptions
        ),
    )


def get_package(uow: UnitOfWork, package_id: int, *, today: date) -> PackageView:
    return _view(uow, _row(uow, package_id), today)


def client_packages(
    uow: UnitOfWork, client_id: int, *, today: date, include_closed: bool = True
) -> list[PackageView]:
    """A client's packages: open ones first, then the most recent."""
    rows = uow.session.scalars(
        select(ClientPackage)
        .where(ClientPackage.client_id == client_id)
        .order_by(ClientPackage.sold_date.desc(), ClientPackage.id.desc())
    ).all()
    views = [_view(uow, row, today) for row in rows]
    if not include_closed:
        views = [v for v in views if v.status is PackageStatus.OPEN]
    return sorted(views, key=lambda v: v.status is not PackageStatus.OPEN)


# ---- sale and manual entries --------------------------------------------------------------
def sell_package(
    uow: UnitOfWork, data: PackageSaleInput, *, today: date
) -> tuple[PackageView, Changes]:
    """Sell a package offer to a client; the offer's terms are copied. The sale is then
    "to bill" (to the organization paying, or the client) until it is on an invoice."""
    session = uow.session
    errors: dict[str, str] = {}
    client = session.get(Client, data.client_id)
    if client is None:
        errors["client_id"] = N_("Choose the person this package is sold to.")
    definition = session.get(PackageDefinition, data.definition_id)
    if definition is None:
        errors["definition_id"] = N_("Choose a package offer.")
    elif not definition.active:
        errors["definition_id"] = N_("This package offer is no longer offered.")
    if data.payer_organization_id is not None and (
        session.get(Organization, data.payer_organization_id) is None
    ):
        errors["payer_organization_id"] = N_("Choose the organization that pays.")
    if data.price_cents is not None and not 0 <= data.price_cents <= 100_000_000:
        errors["price_cents"] = N_("The price must be between 0 and 1,000,000.")
    valid_until = data.valid_until
    if valid_until is None and definition is not None and definition.validity_days:
        valid_until = data.sold_date + timedelta(days=definition.validity_days)
    if valid_until is not None and valid_until < data.sold_date:
        errors["valid_until"] = N_("The end of validity cannot be before the sale.")
    if errors:
        raise ValidationError(errors)
    assert definition is not None
    row = ClientPackage(
        client_id=data.client_id,
        definition_id=definition.id,
        service_id=definition.service_id,
        payer_organization_id=data.payer_organization_id,
        sold_date=data.sold_date,
        valid_until=valid_until,
        units_total_milli=definition.units_milli,
        price_cents=definition.price_cents if data.price_cents is None else data.price_cents,
        status=PackageStatus.OPEN,
    )
    session.add(row)
    session.flush()
    return _view(uow, row, today), CHANGED


def consume_package(
    uow: UnitOfWork,
    package_id: int,
    units: Decimal,
    *,
    reason: str,
    day: date,
    today: date,
) -> tuple[PackageView, Changes]:
    """A manual entry: units used outside the agenda (negative: given back)."""
    row = _row(uow, package_id)
    if row.status is PackageStatus.CLOSED:
        raise PackageClosed()
    errors: dict[str, str] = {}
    milli = to_milli(units)
    used = used_milli(uow, row.id)
    if milli is None or milli == 0:
        errors["units"] = N_("Enter a number of units other than 0 (3 decimals at most).")
    elif used + milli > row.units_total_milli:
        errors["units"] = N_("This is more than what is left on the package.")
    elif used + milli < 0:
        errors["units"] = N_("This gives back more units than were used.")
    text = clean(reason)
    if not text:
        errors["reason"] = N_("Say why these units are used or given back.")
    elif len(text) > REASON_MAX:
        errors["reason"] = N_("The reason is too long (500 characters at most).")
    if errors:
        raise ValidationError(errors)
    assert milli is not None
    uow.session.add(
        PackageConsumption(
            client_package_id=row.id, consumed_date=day, units_milli=milli, reason=text
        )
    )
    uow.session.flush()
    refresh_status(uow, row)
    uow.session.flush()
    return _view(uow, row, today), CHANGED


# ---- early closing ---------------------------------------------------------------------------
def _issued_invoice_of(uow: UnitOfWork, row: ClientPackage) -> int | None:
    if row.invoice_line_id is None:
        return None
    invoice_id = uow.session.scalar(
        select(Invoice.id)
        .join(InvoiceLine, InvoiceLine.invoice_id == Invoice.id)
        .where(InvoiceLine.id == row.invoice_line_id, Invoice.status != InvoiceStatus.DRAFT)
    )
    return int(invoice_id) if invoice_id is not None else None


def close_package(
    uow: UnitOfWork, package_id: int, mode: CloseMode, *, reason: str, today: date
) -> tuple[PackageView, Changes]:
    """Close a package before its end. SETTLE records that the remaining value is to be
    credited to the payer (``settle_credit_cents``); CARRY_OVER opens a new package, at
    no price, with the remaining units, and this one refers to it."""
    row = _row(uow, package_id)
    if row.status is PackageStatus.CLOSED:
        raise PackageClosed()
    mode = CloseMode(mode)
    text = clean(reason)
    if len(text) > REASON_MAX:
        raise ValidationError({"reason": N_("The reason is too long (500 characters at most).")})
    remaining = row.units_total_milli - used_milli(uow, row.id)
    if mode is CloseMode.SETTLE:
        credit = remainder_value_cents(row.price_cents, remaining, row.units_total_milli)
        row.closed_reason = encode_closure(mode, text, credit_cents=credit)
    else:
        if remaining <= 0:
            raise ValidationError({"mode": N_("Nothing is left on this package to carry over.")})
        validity = (row.valid_until - row.sold_date) if row.valid_until else None
        new = ClientPackage(
            client_id=row.client_id,
            definition_id=row.definition_id,
            service_id=row.service_id,
            payer_organization_id=row.payer_organization_id,
            sold_date=today,
            valid_until=today + validity if validity is not None else None,
            units_total_milli=remaining,
            price_cents=0,
            status=PackageStatus.OPEN,
        )
        uow.session.add(new)
        uow.session.flush()
        row.closed_reason = encode_closure(mode, text, to_id=new.id)
    row.status = PackageStatus.CLOSED
    uow.session.flush()
    return _view(uow, row, today), CHANGED


# ---- for the agenda hook -------------------------------------------------------------------
def covering_package(
    uow: UnitOfWork, client_id: int, service_id: int, day: date
) -> tuple[ClientPackage, int] | None:
    """The client's open package for this service valid on ``day`` with units left (the
    one ending first), and what is left on it."""
    p = ClientPackage
    # Correlated per candidate package: read through the (package, appointment) index,
    # never a sum over every consumption of the vault.
    used = (
        select(func.coalesce(func.sum(PackageConsumption.units_milli), 0))
        .where(PackageConsumption.client_package_id == p.id)
        .correlate(p)
        .scalar_subquery()
    )
    remaining = p.units_total_milli - used
    found = uow.session.execute(
        select(p, remaining)
        .where(
            p.client_id == client_id,
            p.service_id == service_id,
            p.status == PackageStatus.OPEN,
            p.sold_date <= day,
            (p.valid_until.is_(None)) | (p.valid_until >= day),
            remaining > 0,
        )
        .order_by(p.valid_until.is_(None), p.valid_until, p.sold_date, p.id)
        .limit(1)
    ).first()
    if found is None:
        return None
    return found[0], int(found[1])
