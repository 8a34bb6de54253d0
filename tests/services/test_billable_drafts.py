"""Draft invoices in bulk from the "To bill" selection: one per payer, lines linked, the
items leave "To bill" and come back when the draft is deleted."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from socialdesk.domain.catalogue import VatTreatment
from socialdesk.domain.enums import AppointmentStatus, PayerKind
from socialdesk.domain.enums import GroupBillingMode as Mode
from socialdesk.domain.errors import ValidationError
from socialdesk.domain.packages import PackageSaleInput
from socialdesk.services.billable import to_bill
from socialdesk.services.billable_drafts import draft_invoices_from_items
from socialdesk.services.invoices import delete_draft, get_invoice
from socialdesk.services.packages import get_package, sell_package
from socialdesk.services.vault import Vault
from tests.services.billing_fixtures import (
    MONDAY,
    at,
    mark,
    new_appointment,
    new_client,
    new_offer,
    new_org,
    new_service,
)


def test_bulk_drafts_one_per_payer(vault: Vault) -> None:
    # Given done appointments for a self-paying client and one paid by the town, and a
    # package sold to the town
    service = new_service(
        vault,
        price=6000,
        vat_treatment=VatTreatment.EXEMPT,
        vat_exemption_reason="Exonération, art. 261-7-1° du CGI",
        accounting_account="706100",
    )
    town = new_org(vault)
    durand = new_client(vault)
    martin = new_client(vault, "Martin", payer_org=town)
    for day, client in ((0, durand), (1, martin), (2, durand)):
        appointment = new_appointment(
            vault, at(MONDAY + timedelta(days=day), 9), (client,), service
        )
        mark(vault, appointment, AppointmentStatus.DONE)
    offer = new_offer(vault, service, units="5", price=27000)
    with vault.uow() as uow:
        package, _ = sell_package(
            uow,
            PackageSaleInput(
                client_id=martin, definition_id=offer, sold_date=MONDAY, payer_organization_id=town
            ),
            today=MONDAY,
        )
        keys = [e.key for g in to_bill(uow) for e in g.entries]
    # When all of them are drafted
    with vault.uow() as uow:
        invoice_ids, changes = draft_invoices_from_items(uow, keys, today=MONDAY)
    assert changes.billing
    # Then one draft per payer, lines dated and linked; nothing left to bill
    with vault.uow() as uow:
        invoices = [get_invoice(uow, i, today=MONDAY) for i in invoice_ids]
        assert to_bill(uow) == []
        assert get_package(uow, package.id, today=MONDAY).invoiced
    by_kind = {i.payer_kind: i for i in invoices}
    person, org = by_kind[PayerKind.PERSON], by_kind[PayerKind.ORGANIZATION]
    assert person.payer_client_id == durand
    assert [line.quantity for line in person.lines] == [Decimal(1), Decimal(1)]
    assert (person.period_start, person.period_end) == (MONDAY, MONDAY + timedelta(days=2))
    assert person.total_net_cents == 12000
    assert person.lines[0].vat_exemption_reason == "Exonération, art. 261-7-1° du CGI"
    assert person.lines[0].accounting_account == "706100"
    assert org.payer_organization_id == town
    assert org.total_net_cents == 27000 + 6000
    assert "MARTIN" not in " ".join(line.description for line in org.lines)  # secrecy
    # When the organization's draft is deleted, its entries are to bill again
    with vault.uow() as uow:
        delete_draft(uow, org.id)
    with vault.uow() as uow:
        groups = to_bill(uow)
    assert [(g.payer_organization_id, len(g.entries)) for g in groups] == [(town, 2)]


def test_stale_or_empty_selection_is_refused(vault: Vault) -> None:
    service = new_service(vault)
    client = new_client(vault)
    appointment = new_appointment(vault, at(MONDAY, 9), (client,), service)
    mark(vault, appointment, AppointmentStatus.DONE)
    with vault.uow() as uow:
        keys = [e.key for g in to_bill(uow) for e in g.entries]
        draft_invoices_from_items(uow, keys, today=MONDAY)
    for selection in ([], ["nonsense"], keys, ["item:999"]):
        with vault.uow() as uow, pytest.raises(ValidationError):
            draft_invoices_from_items(uow, selection, today=MONDAY)


def test_a_group_item_without_payer_is_shown_apart_and_not_drafted(vault: Vault) -> None:
    workshop = new_service(vault, code="ATELIER", unit="session", price=24000)
    a, b = new_client(vault, "A"), new_client(vault, "B")
    session = new_appointment(
        vault, at(MONDAY, 9), (a, b), workshop, is_group=True, billing_mode=Mode.GROUP
    )
    mark(vault, session, AppointmentStatus.DONE)
    with vault.uow() as uow:
        [group] = to_bill(uow)
        assert group.payer_missing and group.total_cents == 24000
        with pytest.raises(ValidationError) as caught:
            draft_invoices_from_items(uow, [group.entries[0].key], today=MONDAY)
    assert set(caught.value.errors) == {"payer"}
