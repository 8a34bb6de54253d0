"""The draft editor's due date: typed, checked (not before today's issue), saved."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from socialdesk.services.invoices import create_draft, get_invoice
from socialdesk.ui.billing.invoice_dialog import InvoiceDialog
from socialdesk.ui.ops import Operations
from tests.services.invoice_setup import new_client, person_draft, set_profile
from tests.ui.conftest import type_text

LEFT = Qt.MouseButton.LeftButton


def test_the_due_date_is_edited_in_the_draft(qtbot: QtBot, ops: Operations, vault) -> None:  # type: ignore[no-untyped-def]
    set_profile(vault, "FR")
    client = new_client(vault)
    with vault.uow() as uow:
        view, _c = create_draft(uow, person_draft(client))
    ops.attach_vault(vault)
    dialog = InvoiceDialog(ops, view.id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: ops.is_idle() and dialog.invoice is not None)
    assert dialog.due_field.isEnabled() and dialog.due_field.text() == ""
    assert dialog.due_hint.isVisible()

    # A due date in the past is refused, at its field, and nothing is saved
    yesterday = date.today() - timedelta(days=1)
    type_text(qtbot, dialog.due_field, yesterday.strftime("%d/%m/%Y"))
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(lambda: ops.is_idle() and dialog.form.error_labels["due_date"].isVisible())
    with vault.uow() as uow:
        assert get_invoice(uow, view.id, today=date.today()).due_date is None

    # A later one is saved with the draft
    later = date.today() + timedelta(days=10)
    dialog.due_field.clear()
    type_text(qtbot, dialog.due_field, later.strftime("%d/%m/%Y"))
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(ops.is_idle)
    with vault.uow() as uow:
        assert get_invoice(uow, view.id, today=date.today()).due_date == later
    assert not dialog.form.error_labels["due_date"].isVisible()
