"""A partial credit note from the invoice window: chosen lines and quantities, never
more than what is invoiced or left to credit; then only lines can be credited."""

from __future__ import annotations

from datetime import date

import shiboken6
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from socialdesk.domain.enums import InvoiceStatus
from socialdesk.services.invoices import create_draft, get_invoice, issue_invoice
from socialdesk.ui.billing.invoice_dialog import InvoiceDialog
from socialdesk.ui.ops import Operations
from tests.services.invoice_setup import line, new_client, person_draft, set_profile
from tests.ui.conftest import type_text

LEFT = Qt.MouseButton.LeftButton


def test_partial_credit_notes_up_to_what_is_left(qtbot: QtBot, ops: Operations, vault) -> None:  # type: ignore[no-untyped-def]
    # Given an issued invoice: 2 h of interview at 60 € and a visit at 80 €
    set_profile(vault, "FR")
    client = new_client(vault)
    today = date.today()
    with vault.uow() as uow:
        draft, _c = create_draft(
            uow,
            person_draft(client, line("Entretien", "2", 6000, today), line("Visite", "1", 8000, today)),
        )  # fmt: skip
        invoice, _c = issue_invoice(uow, draft.id, issue_date=today)
    ops.attach_vault(vault)
    editor = InvoiceDialog(ops, invoice.id)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitUntil(lambda: ops.is_idle() and editor.invoice is not None)

    # When a credit note for part of it is asked with no line, then too much of a line
    credit = editor.open_credit_note()
    assert credit is not None and not credit.lines_table.isEnabled()
    type_text(qtbot, credit.reason_edit, "Une heure facturée en trop")
    credit.partial_check.setChecked(True)
    qtbot.mouseClick(credit.ok_button, LEFT)
    assert credit.form.error_labels["lines"].isVisible()
    credit.set_line(0, "3")
    qtbot.mouseClick(credit.ok_button, LEFT)
    assert credit.form.error_labels["lines"].isVisible()
    assert ops.is_idle()

    # Then one hour of the interview is credited: 60 €, the invoice stays issued
    credit.set_line(0, "1")
    qtbot.mouseClick(credit.ok_button, LEFT)
    qtbot.waitUntil(lambda: ops.is_idle() and not shiboken6.isValid(credit))
    qtbot.waitUntil(lambda: editor.invoice is not None and editor.invoice.credited_cents == 6000)
    with vault.uow() as uow:
        view = get_invoice(uow, invoice.id, today=today)
        note = get_invoice(uow, view.credit_note_ids[0], today=today)
    assert note.total_gross_cents == 6000 and note.lines[0].quantity == 1
    assert view.status != InvoiceStatus.CANCELLED

    # And a second one can only credit lines, and no more than what is left (140 €)
    again = editor.open_credit_note()
    assert again is not None
    assert again.partial_check.isChecked() and not again.partial_check.isEnabled()
    type_text(qtbot, again.reason_edit, "Erreur")
    again.set_line(0, "2")
    again.set_line(1, "1")  # 120 + 80 = 200 € > 140 € left: the service refuses
    qtbot.mouseClick(again.ok_button, LEFT)
    qtbot.waitUntil(lambda: ops.is_idle() and again.form.error_labels["lines"].isVisible())
    with vault.uow() as uow:
        assert len(get_invoice(uow, invoice.id, today=today).credit_note_ids) == 1
    again.set_line(0, "1")
    qtbot.mouseClick(again.ok_button, LEFT)
    qtbot.waitUntil(lambda: ops.is_idle() and not shiboken6.isValid(again))
    with vault.uow() as uow:
        assert get_invoice(uow, invoice.id, today=today).status == InvoiceStatus.CANCELLED
