"""Today in the main window: an invoice item opens the invoice, the backup section opens
Settings, and the retention hint is there."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from socialdesk.services.invoices import create_draft
from socialdesk.ui.backup_status import BackupStatusSection
from socialdesk.ui.controller import AppController
from socialdesk.ui.retention.hint import DueForDeletionHint
from tests.services.invoice_setup import new_client, person_draft, set_profile
from tests.ui.conftest import wait_idle


def test_today_items_of_billing_backup_and_retention_open_their_place(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault
) -> None:  # type: ignore[no-untyped-def]
    # Given an open app with a draft invoice
    set_profile(vault, "FR")
    with vault.uow() as uow:
        view, _c = create_draft(uow, person_draft(new_client(vault)), today=date.today())
    controller = make_controller(vault.path)
    controller.open_vault(vault)
    window = controller.window
    assert window is not None
    qtbot.waitExposed(window)
    wait_idle(qtbot, controller.ops)

    # The Today page holds the backup section and the retention hint
    today = window.today_page
    assert any(isinstance(s, BackupStatusSection) for s in today.sections)
    assert any(isinstance(s, DueForDeletionHint) for s in today.sections)

    # When Today's invoice item is activated, the invoice opens in its window
    window.open_today_item("invoice", None, view.id)
    assert window.current_page() is window.billing_page
    dialog = window.billing_page.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.invoice is not None and dialog.invoice.id == view.id)
    dialog.close()

    # When the backup line is clicked, Settings opens
    window.show_page("today")
    section = window.backup_section
    qtbot.waitUntil(lambda: section.status is not None, timeout=10_000)
    qtbot.mouseClick(section, Qt.MouseButton.LeftButton)
    assert window.current_page() is window.settings_page
