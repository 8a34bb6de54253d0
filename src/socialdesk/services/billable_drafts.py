"""Draft invoices in bulk from the "To bill" selection: one draft per payer, through the
invoicing service, each line linked to its item or package sale (so they leave "To bill"
and come back if the draft is deleted)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from socialdesk.domain.billable import parse_key
from socialdesk.domain.catalogue import from_milli
from socialdesk.domain.changes import Changes
from socialdesk.domain.clients import display_name
from socialdesk.domain.enums import PayerKind, ServiceUnit
from socialdesk.domain.errors import ValidationError
from socialdesk.domain.invoicing import InvoiceDraftInput, InvoiceLineInput
from socialdesk.i18n import N_
from socialdesk.services.billable import line_language, package_text
from socialdesk.services.invoices import create_draft
from socialdesk.storage.orm import (
    BillableItem,
    Client,
    ClientPackage,
    PackageDefinition,
    Service,
)
from socialdesk.storage.uow import UnitOfWork

Payer = tuple[PayerKind, int | None, int | None]  # kind, client id, organization id


def service_vat(service: Service) -> tuple[int, str | None]:
    """(rate, exemption reason) of a line for this service. No rate and no reason: 0 %,
    and the invoicing service writes the VAT-franchise wording of the country."""
    if service.vat_rate_bp is not None:
        return service.vat_rate_bp, None
    return 0, (service.vat_exemption_reason or "").strip() or None


def _line(
    service: Service,
    *,
    description: str,
    quantity: Decimal,
    unit: ServiceUnit,
    unit_price_cents: int,
    day: date,
    item_id: int | None = None,
    package_id: int | None = None,
) -> InvoiceLineInput:
    rate, reason = service_vat(service)
    return InvoiceLineInput(
        description=description,
        quantity=quantity,
        unit_price_cents=unit_price_cents,
        vat_rate_bp=rate,
        vat_exemption_reason=reason,
        service_id=service.id,
        unit=unit,
        service_date=day,
        accounting_account=service.accounting_account,
        billable_item_id=item_id,
        client_package_id=package_id,
    )


def draft_invoices_from_items(
    uow: UnitOfWork, keys: Collection[str], *, today: date, name_persons: bool = False
) -> tuple[list[int], Changes]:
    """One draft invoice per payer from the selected "To bill" entries (``item:12``,
    ``package:3``); returns the new invoices' ids. ``name_persons``: an organization's
    invoice names the person on each line (professional secrecy: off by default)."""
    session = uow.session
    item_ids: list[int] = []
    package_ids: list[int] = []
    for key in keys:
        parsed = parse_key(key)
        if parsed is None:
            raise ValidationError({"items": N_("Select the items to bill.")})
        (item_ids if parsed[0] == "item" else package_ids).append(parsed[1])
    if not item_ids and not package_ids:
        raise ValidationError({"items": N_("Select the items to bill.")})
    items = session.execute(
        select(BillableItem, Service, Client)
        .join(Service, Service.id == BillableItem.service_id)
        .outerjoin(Client, Client.id == BillableItem.client_id)
        .where(BillableItem.id.in_(item_ids))
    ).all()
    packages = session.execute(
        select(ClientPackage, Service, Client, PackageDefinition.name)
        .join(Service, Service.id == ClientPackage.service_id)
        .join(Client, Client.id == ClientPackage.client_id)
        .outerjoin(PackageDefinition, PackageDefinition.id == ClientPackage.definition_id)
        .where(ClientPackage.id.in_(package_ids))
    ).all()
    stale = len(items) != len(set(item_ids)) or len(packages) != len(set(package_ids))
    billed = [i.invoice_line_id for i, *_rest in items] + [
        p.invoice_line_id for p, *_rest in packages
    ]
    if stale or any(line_id is not None for line_id in billed):
        raise ValidationError(
            {"items": N_("Some selected items are already invoiced or gone: refresh the list.")}
        )
    lines: dict[Payer, list[tuple[date, InvoiceLineInput]]] = {}
    for item, service, client in items:
        payer: Payer
        if item.payer_organization_id is not None:
            payer = (PayerKind.ORGANIZATION, None, item.payer_organization_id)
        elif item.client_id is not None:
            payer = (PayerKind.PERSON, item.client_id, None)
        else:
            raise ValidationError(
                {"payer": N_("A group session has no paying organization: set it first.")}
            )
        text = item.description or service.name
        if name_persons and payer[0] is PayerKind.ORGANIZATION and client is not None:
            text = f"{text} — {display_name(client.last_name, client.first_name)}"
        line = _line(
            service,
            description=text,
            quantity=from_milli(item.quantity_milli),
            unit=ServiceUnit(service.unit),
            unit_price_cents=item.unit_price_cents,
            day=item.item_date,
            item_id=item.id,
        )
        lines.setdefault(payer, []).append((item.item_date, line))
    for package, service, client, name in packages:
        payer = (
            (PayerKind.ORGANIZATION, None, package.payer_organization_id)
            if package.payer_organization_id is not None
            else (PayerKind.PERSON, package.client_id, None)
        )
        text = package_text(name or service.name, package.valid_until, line_language(uow))
        if name_persons and payer[0] is PayerKind.ORGANIZATION:
            text = f"{text} — {display_name(client.last_name, client.first_name)}"
        line = _line(
            service,
            description=text,
            quantity=Decimal(1),
            unit=ServiceUnit.FLAT,
            unit_price_cents=package.price_cents,
            day=package.sold_date,
            package_id=package.id,
        )
        lines.setdefault(payer, []).append((package.sold_date, line))
    invoice_ids: list[int] = []
    for (kind, client_id, org_id), dated in sorted(
        lines.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0, kv[0][2] or 0)
    ):
        dated.sort(key=lambda d: d[0])
        view, _changes = create_draft(
            uow,
            InvoiceDraftInput(
                payer_kind=kind,
                payer_client_id=client_id,
                payer_organization_id=org_id,
                period_start=dated[0][0],
                period_end=dated[-1][0],
                name_persons=name_persons,
                lines=tuple(line for _day, line in dated),
            ),
            today=today,
        )
        invoice_ids.append(view.id)
    return invoice_ids, Changes(billing=True)
