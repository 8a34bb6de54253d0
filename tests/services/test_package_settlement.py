"""Closing a package early and settling it: the remainder is credited by a credit note
when the sale was invoiced, recorded only otherwise."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from socialdesk.domain.enums import InvoiceKind, PackageStatus
from socialdesk.domain.packages import CloseMode, PackageSaleInput
from socialdesk.services.billable_drafts import draft_invoices_from_items
from socialdesk.services.invoices import get_invoice, issue_invoice
from socialdesk.services.package_settlement import settle_package
from socialdesk.services.packages import consume_package, sell_package
from socialdesk.services.vault import Vault
from tests.services.billing_fixtures import MONDAY, new_offer, new_service
from tests.services.invoice_setup import new_client, set_profile

TODAY = MONDAY + timedelta(days=20)


def sell(vault: Vault, client: int, offer: int) -> int:
    with vault.uow() as uow:
        view, _ = sell_package(
            uow,
            PackageSaleInput(client_id=client, definition_id=offer, sold_date=MONDAY),
            today=MONDAY,
        )
        return view.id


def test_settling_an_invoiced_package_issues_a_credit_note(vault: Vault) -> None:
    # Given a 5-hour package sold for 270 €, invoiced and issued, 2 hours used
    set_profile(vault, "FR")
    client = new_client(vault)
    offer = new_offer(vault, new_service(vault), units="5", price=27000)
    package = sell(vault, client, offer)
    with vault.uow() as uow:
        [invoice_id], _ = draft_invoices_from_items(uow, [f"package:{package}"], today=MONDAY)
        issue_invoice(uow, invoice_id, issue_date=MONDAY)
        consume_package(uow, package, Decimal(2), reason="Dossiers", day=MONDAY, today=MONDAY)
    # When it is settled
    with vault.uow() as uow:
        view, note_id, changes = settle_package(
            uow, package, reason="Fin de l'accompagnement", today=TODAY
        )
    # Then it is closed and the 3 hours left (162 €) are credited
    assert changes.billing
    assert view.status is PackageStatus.CLOSED and view.close_mode is CloseMode.SETTLE
    assert view.settle_credit_cents == 16200
    assert note_id is not None
    with vault.uow() as uow:
        note = get_invoice(uow, note_id, today=TODAY)
        original = get_invoice(uow, invoice_id, today=TODAY)
    assert note.kind is InvoiceKind.CREDIT_NOTE and note.credited_invoice_id == invoice_id
    assert note.total_gross_cents == 16200
    assert original.credited_cents == 16200 and original.balance_cents == 27000 - 16200


def test_settling_an_unbilled_package_records_the_decision_only(vault: Vault) -> None:
    client = new_client(vault)
    offer = new_offer(vault, new_service(vault), units="5", price=27000)
    package = sell(vault, client, offer)
    with vault.uow() as uow:
        view, note_id, _ = settle_package(uow, package, reason="", today=TODAY)
    assert note_id is None
    assert view.settle_credit_cents == 27000
