"""A Today item about an invoice opens that invoice; one about an item to bill shows
the To bill tab."""

from __future__ import annotations

from datetime import date

import pytest
from pytestqt.qtbot import QtBot

from socialdesk.services.invoices import create_draft
from socialdesk.ui.billing import wiring
from socialdesk.ui.billing.page import BillingPage
from socialdesk.ui.client_file.widget import unregister_tab_factory
from socialdesk.ui.ops import Operations
from tests.services.invoice_setup import new_client, person_draft, set_profile


@pytest.fixture
def page(qtbot: QtBot, ops: Operations, vault) -> BillingPage:  # type: ignore[no-untyped-def]
    ops.attach_vault(vault)
    widget = BillingPage(ops, ops.bus)
    unregister_tab_factory(wiring.add_packages_tab)
    qtbot.addWidget(widget)
    return widget


def test_today_opens_the_invoice_or_the_items_to_bill(
    qtbot: QtBot, page: BillingPage, ops: Operations, vault
) -> None:  # type: ignore[no-untyped-def]
    set_profile(vault, "FR")
    with vault.uow() as uow:
        view, _c = create_draft(uow, person_draft(new_client(vault)), today=date.today())
    page.show()
    dialog = wiring.open_today_item(page, "invoice", view.id)
    assert dialog is not None and page.dialog is dialog
    assert page.tabs.currentIndex() == wiring.INVOICES_TAB
    qtbot.waitUntil(lambda: ops.is_idle() and dialog.invoice is not None)
    assert dialog.invoice is not None and dialog.invoice.id == view.id
    dialog.close()
    assert wiring.open_today_item(page, "billable_item", 3) is None
    assert page.tabs.currentIndex() == wiring.TO_BILL_TAB
