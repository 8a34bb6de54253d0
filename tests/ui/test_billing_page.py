"""The Billing page, end to end on a real vault: sell a package, mark appointments done
and see the balance fall, bill the remaining items, issue (refused first, with the list
of missing mentions), record a partial payment, issue a credit note."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from socialdesk.domain.enums import AppointmentStatus, InvoiceKind, InvoiceStatus, ServiceUnit
from socialdesk.domain.invoicing import InvoiceState
from socialdesk.services.invoices import create_draft, get_invoice, issue_invoice, list_invoices
from socialdesk.services.packages import client_packages
from socialdesk.ui.accompaniment import common as accompaniment_common
from socialdesk.ui.accompaniment.common import OVERDUE_COLOR
from socialdesk.ui.billing import wiring
from socialdesk.ui.billing.invoice_dialog import InvoiceDialog
from socialdesk.ui.billing.packages_tab import PackagesTab
from socialdesk.ui.billing.page import BillingPage
from socialdesk.ui.client_file.widget import unregister_tab_factory
from socialdesk.ui.ops import Operations
from tests.services.billing_fixtures import at, mark, new_appointment, new_offer, new_service
from tests.services.invoice_setup import line, new_client, person_draft, set_profile
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


def issue(qtbot: QtBot, editor: InvoiceDialog) -> None:
    qtbot.mouseClick(editor.issue_button, LEFT)
    box = editor.findChild(QMessageBox, "issueInvoiceBox")
    assert box is not None
    qtbot.mouseClick(box.findChild(QPushButton, "confirmButton"), LEFT)


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
    assert group.text(4) == "€345.00"
    assert "To bill: <b>€345.00</b>" in page.dashboard_label.text()
    assert "VAT franchise: 0 % of" in page.dashboard_label.text()
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
    assert "€345.00" in editor.totals_label.text()

    # When a line gets a bad quantity: refused, marked, nothing lost
    editor.set_cell(1, 1, "un")
    qtbot.mouseClick(editor.save_button, LEFT)
    assert "Line 2" in editor.status.text()
    assert editor.lines_table.item(1, 1).text() == "un"
    editor.set_cell(1, 1, "1")

    # When it is issued while the profile lacks the SIREN: refused with the list
    issue(qtbot, editor)
    qtbot.waitUntil(lambda: ops.is_idle() and "mandatory mentions" in editor.status.text())
    assert "SIREN" in editor.status.text()
    assert invoices(vault)[0].status == InvoiceStatus.DRAFT

    # When the profile is completed and it is issued again: numbered, frozen
    set_profile(vault, "FR")
    issue(qtbot, editor)
    qtbot.waitUntil(lambda: ops.is_idle() and editor.invoice is not None
                    and not editor.invoice.is_draft)  # fmt: skip
    invoice = editor.invoice
    assert invoice is not None and invoice.number and invoice.total_gross_cents == 34500
    assert editor.status.text() == f"Issued as {invoice.number}."
    assert not editor.save_button.isVisible() and editor.payment_button.isVisible()
    qtbot.waitUntil(lambda: page.to_bill_tree.topLevelItemCount() == 0)
    # And the month's bar of the revenue chart shows it
    assert len(page.chart.months) == 12
    assert page.chart.months[-1] == (today.replace(day=1), 34500)

    # When a partial payment of 100 € is recorded
    payment = editor.open_payment()
    assert payment is not None
    payment.amount_edit.clear()
    type_text(qtbot, payment.amount_edit, "100")
    qtbot.mouseClick(payment.ok_button, LEFT)
    qtbot.waitUntil(lambda: ops.is_idle() and not shiboken6.isValid(payment))
    qtbot.waitUntil(lambda: editor.invoice is not None and editor.invoice.paid_cents == 10000)
    assert editor.state_label.text() == "Partially paid"
    assert "still owed €245.00" in editor.payments_label.text()

    # When a second payment typed by mistake is removed again
    payment = editor.open_payment()
    assert payment is not None
    payment.amount_edit.clear()
    type_text(qtbot, payment.amount_edit, "5")
    qtbot.mouseClick(payment.ok_button, LEFT)
    qtbot.waitUntil(lambda: ops.is_idle() and editor.payments_combo.count() == 2)
    editor.payments_combo.setCurrentIndex(1)
    editor.delete_payment()
    box = editor.findChild(QMessageBox, "deletePaymentBox")
    assert box is not None
    qtbot.mouseClick(box.findChild(QPushButton, "confirmButton"), LEFT)
    qtbot.waitUntil(lambda: ops.is_idle() and editor.payments_combo.count() == 1)
    assert editor.invoice is not None and editor.invoice.paid_cents == 10000

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
    assert editor.status.text().startswith("Credit note AV-")
    qtbot.waitUntil(lambda: editor.invoice is not None and editor.invoice.credited_cents == 34500)
    assert not editor.credit_button.isVisible()

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


def test_new_draft_by_hand_then_deleted(
    qtbot: QtBot, page: BillingPage, ops: Operations, vault
) -> None:  # type: ignore[no-untyped-def]
    # Given a client who pays herself
    set_profile(vault, "FR")
    new_client(vault, last_name="Lefebvre")
    page.show()
    qtbot.waitUntil(lambda: ops.is_idle() and page.new_payer_combo.count() == 1)
    assert page.to_bill_empty.isVisible()

    # When a new draft is made for her and two lines are typed
    qtbot.mouseClick(page.new_button, LEFT)
    editor = wait_dialog(qtbot, ops, page)
    assert editor.lines_table.rowCount() == 0
    qtbot.mouseClick(editor.add_line_button, LEFT)
    editor.set_cell(0, 0, "Entretien")
    editor.set_cell(0, 1, "1,5")
    editor.set_cell(0, 2, "60")
    qtbot.mouseClick(editor.add_line_button, LEFT)
    editor.set_cell(1, 0, "Frais de dossier")
    editor.set_cell(1, 2, "20")
    editor.set_cell(1, 3, "20")
    assert editor.totals_label.text() == "Net €110.00 · VAT €4.00 · Total €114.00"
    qtbot.mouseClick(editor.save_button, LEFT)
    qtbot.waitUntil(lambda: ops.is_idle() and editor.status.text() == "Draft saved.")

    # Then it is saved with its Decimal quantity and VAT
    (draft,) = invoices(vault)
    with vault.uow() as uow:
        saved = get_invoice(uow, draft.id, today=date.today())
    assert [(str(x.quantity), x.unit_price_cents, x.vat_rate_bp) for x in saved.lines] == [
        ("1.5", 6000, 0),
        ("1", 2000, 2000),
    ]
    assert saved.total_gross_cents == 11400

    # When it is deleted (confirmed)
    editor.delete_draft()
    box = editor.findChild(QMessageBox, "deleteDraftBox")
    assert box is not None
    qtbot.mouseClick(box.findChild(QPushButton, "confirmButton"), LEFT)
    qtbot.waitUntil(lambda: ops.is_idle() and page.dialog is None)
    assert invoices(vault) == []


def test_overdue_invoice_in_red_with_a_reminder_letter(
    qtbot: QtBot, page: BillingPage, ops: Operations, vault, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    # Given an invoice issued 60 days ago, due after 30 days, unpaid
    set_profile(vault, "FR")
    client = new_client(vault)
    issued_on = date.today() - timedelta(days=60)
    with vault.uow() as uow:
        data = replace(person_draft(client, line(day=issued_on)), period_start=issued_on,
                       period_end=issued_on)  # fmt: skip
        view, _c = create_draft(uow, data)
        issue_invoice(uow, view.id, issue_date=issued_on)

    # When the overdue invoices are shown
    page.show()
    qtbot.waitUntil(lambda: ops.is_idle() and page.holds_vault_data())
    assert "Overdue: <b><span" in page.dashboard_label.text()
    page.tabs.setCurrentIndex(1)
    page.state_combo.setCurrentIndex(page.state_combo.findData(InvoiceState.OVERDUE))
    qtbot.waitUntil(lambda: ops.is_idle() and page.invoices_tree.topLevelItemCount() == 1)
    row = page.invoices_tree.topLevelItem(0)
    assert row.text(1) == "Overdue"
    assert row.foreground(1).color().name() == OVERDUE_COLOR

    # Then it opens with a reminder letter to save
    page.invoices_tree.setCurrentItem(row)
    editor = page.open_current()
    assert editor is not None
    qtbot.waitUntil(lambda: ops.is_idle() and editor.invoice is not None)
    assert editor.reminder_button.isVisible()
    target = tmp_path / "relance.pdf"
    monkeypatch.setattr(accompaniment_common, "ask_save_path", lambda *_a: target)
    qtbot.mouseClick(editor.reminder_button, LEFT)
    qtbot.waitUntil(lambda: ops.is_idle() and target.exists())
    assert target.read_bytes().startswith(b"%PDF")


def test_export_the_accountant_pack_and_the_journal(
    qtbot: QtBot, page: BillingPage, ops: Operations, vault, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    # Given an issued invoice of this year
    set_profile(vault, "FR")
    client = new_client(vault)
    today = date.today()
    with vault.uow() as uow:
        data = replace(person_draft(client, line(day=today)), period_start=today,
                       period_end=today)  # fmt: skip
        view, _c = create_draft(uow, data)
        issue_invoice(uow, view.id, issue_date=today)
    page.show()
    qtbot.waitUntil(lambda: ops.is_idle() and page.holds_vault_data())

    # When the export window is used without a target, then with a bad period
    dialog = page.open_export()
    qtbot.waitExposed(dialog)
    qtbot.mouseClick(dialog.export_button, LEFT)
    assert dialog.form.error_labels["target"].isVisible()
    dialog.target_edit.setText(str(tmp_path / "pack.zip"))
    dialog.first_field.set_value(today)
    dialog.last_field.set_value(today - timedelta(days=1))
    qtbot.mouseClick(dialog.export_button, LEFT)
    qtbot.waitUntil(lambda: ops.is_idle() and dialog.form.error_labels["last"].isVisible())
    assert not (tmp_path / "pack.zip").exists()

    # When the period is right: the pack is written, and says what it holds
    dialog.first_field.set_value(today.replace(month=1, day=1))
    dialog.last_field.set_value(today)
    qtbot.mouseClick(dialog.export_button, LEFT)
    qtbot.waitUntil(lambda: ops.is_idle() and (tmp_path / "pack.zip").exists())
    assert dialog.status.text().startswith("1 invoice(s) and credit note(s) from")
    assert "Total including VAT: €60.00." in dialog.status.text()

    # And the CSV journal
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("csv"))
    dialog.target_edit.setText(str(tmp_path / "journal.csv"))
    qtbot.mouseClick(dialog.export_button, LEFT)
    qtbot.waitUntil(lambda: ops.is_idle() and (tmp_path / "journal.csv").exists())
