"""The Billing page, end to end on a real vault: sell a package, mark appointments done
and see the balance fall, bill the remaining items, issue (refused first, with the list
of missing mentions), record a partial payment, issue a credit note."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from socialdesk.domain.enums import AppointmentStatus, InvoiceKind, InvoiceStatus, ServiceUnit
from socialdesk.domain.invoicing import InvoiceState
from socialdesk.services.invoices import get_invoice, list_invoices
from socialdesk.services.packages import client_packages
from socialdesk.ui.accompaniment import common as accompaniment_common
from socialdesk.ui.billing import wiring
from socialdesk.ui.billing.invoice_dialog import InvoiceDialog
from socialdesk.ui.billing.packages_tab import PackagesTab
from socialdesk.ui.billing.page import BillingPage
from socialdesk.ui.client_file.widget import unregister_tab_factory
from socialdesk.ui.ops import Operations
from tests.services.billing_fixtures import at, mark, new_appointment, new_offer, new_service
from tests.services.invoice_setup import new_client, set_profile
from tests.ui.conftest import type_text

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def page(qtbot: QtBot, ops: Operations, vault) -> BillingPage:  # type: ignore[no-untyped-def]
    ops.attach_vault(vault)
    widget = BillingPage(ops, ops.bus)
    unregister_tab_factory(wiring.add_packages_tab)  # no client file here
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    return widget


def invoices(vault):  # type: ignore[no-untyped-def]
    with vault.uow() as uow:
        return list_invoices(uow, today=date.today())


def wait_dialog(qtbot: QtBot, ops: Operations, page: BillingPage) -> InvoiceDialog:
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.invoice is not None)
    qtbot.waitUntil(ops.is_idle)
    assert page.dialog is not None
    return page.dialog


def test_sell_consume_bill_issue_pay_and_credit(
    qtbot: QtBot, page: BillingPage, ops: Operations, vault, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    # Given a French practitioner whose profile lacks its SIREN, a client who pays
    # herself, an interview service sold as "5 entretiens" and a home-visit service
    set_profile(vault, "FR", siren=None, siret=None)
    interview = new_service(vault)
    new_offer(vault, interview, units="5", price=27000)
    visit = new_service(vault, code="VAD", unit=ServiceUnit.SESSION, price=7500)
    client = new_client(vault)

    # When the package is sold from the client's Packages tab
    tab = PackagesTab(ops, ops.bus)
    qtbot.addWidget(tab)
    tab.set_client(client)
    qtbot.waitUntil(ops.is_idle)
    dialog = tab.open_sell()
    assert dialog is not None
    qtbot.mouseClick(dialog.ok_button, LEFT)
    qtbot.waitUntil(lambda: ops.is_idle() and not shiboken6.isValid(dialog))
    with vault.uow() as uow:
        (package,) = client_packages(uow, client, today=date.today())
    qtbot.waitUntil(lambda: tab.bar_of(package.id) is not None)
    assert tab.bar_of(package.id).format() == "5 of 5 left"  # type: ignore[union-attr]

    # And three interviews and one home visit of today are marked done
    today = date.today()
    for hour in (8, 10, 12):
        assert mark(vault, new_appointment(vault, at(today, hour), (client,), interview),
                    AppointmentStatus.DONE)  # fmt: skip
    assert mark(vault, new_appointment(vault, at(today, 15), (client,), visit),
                AppointmentStatus.DONE)  # fmt: skip
    tab.reload()
    # Then the package's balance fell
    qtbot.waitUntil(lambda: ops.is_idle() and tab.bar_of(package.id) is not None
                    and tab.bar_of(package.id).format() == "2 of 5 left")  # fmt: skip

    # When the Billing page is shown: the sale and the visit are to bill, for the client
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: ops.is_idle() and page.to_bill_tree.topLevelItemCount() == 1)
    group = page.to_bill_tree.topLevelItem(0)
    assert group.text(0) == "Alice DURAND" or "Durand" in group.text(0).title()
    assert group.childCount() == 2
    assert group.text(4) == "345.00 €"
    assert "To bill: <b>345.00 €</b>" in page.dashboard_label.text()
    assert not page.draft_button.isEnabled()

    # And both are ticked and drafted into an invoice
    page.check_payer(group.text(0))
    assert len(page.selected_keys()) == 2
    assert page.draft_button.isEnabled()
    qtbot.mouseClick(page.draft_button, LEFT)
    editor = wait_dialog(qtbot, ops, page)
    assert editor.invoice is not None and editor.invoice.is_draft
    assert editor.lines_table.rowCount() == 2
    assert page.tabs.currentIndex() == 1
    assert "345.00 €" in editor.totals_label.text()

    # When a line gets a bad quantity: refused, marked, nothing lost
    editor.set_cell(1, 1, "un")
    qtbot.mouseClick(editor.save_button, LEFT)
    assert "Line 2" in editor.status.text()
    assert editor.lines_table.item(1, 1).text() == "un"
    editor.set_cell(1, 1, "1")

    # When it is issued while the profile lacks the SIREN: refused with the list
    qtbot.mouseClick(editor.issue_button, LEFT)
    qtbot.waitUntil(lambda: ops.is_idle() and "mandatory mentions" in editor.status.text())
    assert "SIREN" in editor.status.text()
    assert invoices(vault)[0].status == InvoiceStatus.DRAFT

    # When the profile is completed and it is issued again: numbered, frozen
    set_profile(vault, "FR")
    qtbot.mouseClick(editor.issue_button, LEFT)
    qtbot.waitUntil(lambda: ops.is_idle() and editor.invoice is not None
                    and not editor.invoice.is_draft)  # fmt: skip
    invoice = editor.invoice
    assert invoice is not None and invoice.number and invoice.total_gross_cents == 34500
    assert editor.status.text() == f"Issued as {invoice.number}."
    assert not editor.save_button.isVisible() and editor.payment_button.isVisible()
    qtbot.waitUntil(lambda: page.to_bill_tree.topLevelItemCount() == 0)

    # When a partial payment of 100 € is recorded
    payment = editor.open_payment()
    assert payment is not None
    payment.amount_edit.clear()
    type_text(qtbot, payment.amount_edit, "100")
    qtbot.mouseClick(payment.ok_button, LEFT)
    qtbot.waitUntil(lambda: ops.is_idle() and not shiboken6.isValid(payment))
    qtbot.waitUntil(lambda: editor.invoice is not None and editor.invoice.paid_cents == 10000)
    assert editor.state_label.text() == "Partially paid"
    assert "still owed 245.00 €" in editor.payments_label.text()

    # When its PDF is saved
    target = tmp_path / "facture.pdf"
    monkeypatch.setattr(accompaniment_common, "ask_save_path", lambda *_a: target)
    qtbot.mouseClick(editor.pdf_button, LEFT)
    qtbot.waitUntil(lambda: ops.is_idle() and target.exists())
    assert target.read_bytes().startswith(b"%PDF")

    # When a credit note is issued for it
    credit = editor.open_credit_note()
    assert credit is not None
    type_text(qtbot, credit.reason_edit, "Erreur de facturation")
    qtbot.mouseClick(credit.ok_button, LEFT)
    qtbot.waitUntil(lambda: ops.is_idle() and not shiboken6.isValid(credit))
    assert "Credit note" in editor.status.text() or editor.status.text() == ""

    with vault.uow() as uow:
        rows = list_invoices(uow, today=today)
        notes = [r for r in rows if r.kind == InvoiceKind.CREDIT_NOTE]
        assert len(notes) == 1 and notes[0].credited_invoice_id == invoice.id
        assert get_invoice(uow, invoice.id, today=today).credited_cents > 0

    # Then the invoices list shows the credit note under its filter
    page.state_combo.setCurrentIndex(page.state_combo.findData("credit_note"))
    qtbot.waitUntil(lambda: ops.is_idle() and page.invoices_tree.topLevelItemCount() == 1)
    assert page.invoices_tree.topLevelItem(0).text(1) == "Credit note"
    page.state_combo.setCurrentIndex(page.state_combo.findData(InvoiceState.DRAFT))
    qtbot.waitUntil(lambda: ops.is_idle() and page.invoices_tree.topLevelItemCount() == 0)
