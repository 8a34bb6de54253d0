"""What the invoice window offers to choose from: payers, and the items and packages a
draft's lines bill (kept when a draft is saved, since saving replaces its lines)."""

from __future__ import annotations

from typing import Any

from socialdesk.domain.enums import PayerKind

#: A payer of the combo: (kind, client id, organization id).
Payer = tuple[PayerKind, int | None, int | None]


def payer_choices(uow: Any) -> list[tuple[str, Payer]]:
    """Paying organizations, then persons by name (a light query: thousands of files
    read in milliseconds, where the clients list computes much more per row)."""
    from sqlalchemy import func, select

    from socialdesk.domain.clients import display_name
    from socialdesk.domain.enums import OrganizationRole
    from socialdesk.services.partners import list_organizations
    from socialdesk.storage.orm import Client

    paying = (OrganizationRole.PAYER, OrganizationRole.BOTH)
    choices: list[tuple[str, Payer]] = [
        (o.name, (PayerKind.ORGANIZATION, None, o.id))
        for o in list_organizations(uow)
        if o.role in paying
    ]
    rows = uow.session.execute(
        select(Client.id, Client.last_name, Client.first_name)
        .order_by(func.lower(Client.last_name), func.lower(Client.first_name), Client.id)
        .limit(5000)
    )
    for client_id, last, first in rows:
        choices.append((display_name(last, first), (PayerKind.PERSON, client_id, None)))
    return choices


def line_links(uow: Any, line_ids: list[int]) -> dict[int, tuple[int | None, int | None]]:
    """line id -> (billable item id, client package id) the line bills, so saving a draft
    (which replaces its lines) keeps the items and packages on the invoice."""
    from sqlalchemy import select

    from socialdesk.storage.orm import BillableItem, ClientPackage

    links: dict[int, tuple[int | None, int | None]] = {}
    if not line_ids:
        return links
    session = uow.session
    for item_id, line_id in session.execute(
        select(BillableItem.id, BillableItem.invoice_line_id).where(
            BillableItem.invoice_line_id.in_(line_ids)
        )
    ):
        links[line_id] = (item_id, links.get(line_id, (None, None))[1])
    for package_id, line_id in session.execute(
        select(ClientPackage.id, ClientPackage.invoice_line_id).where(
            ClientPackage.invoice_line_id.in_(line_ids)
        )
    ):
        links[line_id] = (links.get(line_id, (None, None))[0], package_id)
    return links
