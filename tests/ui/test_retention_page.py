"""The "Files due for deletion" dialog and its way in (Settings → Security & retention, the
Today hint), on a real vault: the list, a cancelled confirmation that changes nothing,
then one file erased after a confirmation that says what goes and what stays."""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from socialdesk.domain.enums import ClientStatus
from socialdesk.domain.retention import SecuritySettings
from socialdesk.services.retention import save_security_settings
from socialdesk.services.vault import Vault
from socialdesk.storage.orm import Client
from socialdesk.ui.events import ChangeBus
from socialdesk.ui.ops import Operations
from socialdesk.ui.pages.settings_security import SecurityRetentionSection
from socialdesk.ui.pages.today import TodaySection
from socialdesk.ui.retention.dialog import DueForDeletionDialog
from socialdesk.ui.retention.hint import due_hint
from tests.services.gdpr_helpers import build_client, tables_holding
from tests.ui.conftest import wait_idle

LEFT = Qt.MouseButton.LeftButton
OLD = "qoldfilemarkerq"
OLDER = "qolderfilemarkerq"
RECENT = "qrecentfileq"


def _files(vault: Vault) -> tuple[int, int, int]:
    with vault.uow() as uow:
        old = build_client(uow.session, OLD).client_id
        older = build_client(uow.session, OLDER).client_id
        recent = build_client(uow.session, RECENT).client_id
    with vault.uow() as uow:
        s = uow.session
        for client_id, seen in ((old, date(2021, 5, 3)), (older, date(2020, 1, 7))):
            client = s.get(Client, client_id)
            client.intake_date = date(2019, 1, 1)
            client.last_contact_at = datetime(seen.year, seen.month, seen.day, tzinfo=UTC)
            client.status = ClientStatus.CLOSED
            client.closed_date = seen
        s.get(Client, recent).last_contact_at = datetime.now(UTC)
    return old, older, recent


def _open(qtbot: QtBot, ops: Operations, vault: Vault) -> DueForDeletionDialog:
    ops.attach_vault(vault)
    dialog = DueForDeletionDialog(ops, ops.bus)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2)
    return dialog


def test_the_list_shows_due_files_sorted_by_due_date(
    qtbot: QtBot, ops: Operations, vault: Vault
) -> None:
    _old, _older, _recent = _files(vault)
    dialog = _open(qtbot, ops, vault)
    table = dialog.table
    numbers = [table.item(row, 0).text() for row in range(2)]
    due = [table.item(row, 5).data(Qt.ItemDataRole.DisplayRole) for row in range(2)]
    assert due == [QDate(2022, 1, 7), QDate(2023, 5, 3)]  # two years after, oldest first
    assert "2 years" in dialog.intro.text() and "10 years" in dialog.intro.text()
    # sortable: by file number, descending
    table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert [table.item(row, 0).text() for row in range(2)] == sorted(numbers, reverse=True)
    # nothing chosen, nothing to erase
    assert not dialog.erase_button.isEnabled()


def test_erase_one_file_after_confirmation(qtbot: QtBot, ops: Operations, vault: Vault) -> None:
    old, older, recent = _files(vault)
    dialog = _open(qtbot, ops, vault)
    with vault.uow() as uow:
        old_number = uow.session.get(Client, old).file_number
    dialog.select_file(old_number)
    assert dialog.selected_ids() == [old]

    # A cancelled confirmation changes nothing
    qtbot.mouseClick(dialog.erase_button, LEFT)
    box = dialog.confirm_box
    assert box is not None and box.isVisible()
    assert box.text() == "Erase this file?"
    details = box.informativeText()
    assert details.startswith(f"Files: {old_number}.")
    assert "Removed for good: identity and contact details, case notes" in details
    assert "Kept: issued invoices" in details and "cannot be undone" in details
    box.button(QMessageBox.StandardButton.Cancel).click()
    wait_idle(qtbot, ops)
    with vault.uow() as uow:
        assert uow.session.get(Client, old) is not None

    # Confirmed: the file is erased, the list follows, the others stay
    qtbot.mouseClick(dialog.erase_button, LEFT)
    box = dialog.confirm_box
    confirm = box.findChild(type(dialog.erase_button), "confirmRetentionButton")
    qtbot.mouseClick(confirm, LEFT)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1)
    assert dialog.status.text() == "Files erased: 1."
    with vault.uow() as uow:
        s = uow.session
        assert s.get(Client, old) is None
        assert tables_holding(s, OLD) == []
        assert s.get(Client, older) is not None and s.get(Client, recent) is not None
        assert tables_holding(s, RECENT)


def test_settings_section_and_today_hint_lead_to_the_list(
    qtbot: QtBot, ops: Operations, vault: Vault
) -> None:
    _files(vault)
    with vault.uow() as uow:
        save_security_settings(uow, SecuritySettings(idle_minutes=9))
    ops.attach_vault(vault)
    bus: ChangeBus = ops.bus
    section = SecurityRetentionSection(ops, bus)
    qtbot.addWidget(section)
    section.reload()
    qtbot.waitUntil(lambda: section.holds_vault_data())
    assert section.idle_spin.value() == 9 and section.case_spin.value() == 2
    assert section.due_label.text() == "2 files are due for deletion."
    # the spin boxes do not take what the service would refuse
    section.case_spin.setValue(0)
    section.invoice_spin.setValue(5)
    assert (section.case_spin.value(), section.invoice_spin.value()) == (1, 10)
    dialog = section.open_due_list()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2)
    dialog.close()

    hint = due_hint(ops, bus)
    qtbot.addWidget(hint)
    assert isinstance(hint, TodaySection)  # the Today page takes it as a section
    qtbot.waitUntil(lambda: hint.count == 2)
    assert hint.text() == "2 files due for deletion"
    hint.show()
    assert hint.isVisible()
    # a longer retention: nothing due, the hint hides itself
    section.case_spin.setValue(50)
    qtbot.mouseClick(section.save_button, LEFT)
    qtbot.waitUntil(lambda: hint.count == 0 and not hint.isVisible())
    qtbot.waitUntil(lambda: section.due_label.text() == "No file is due for deletion.")
    # at lock, both forget
    section.clear()
    hint.clear()
    assert not section.holds_vault_data() and not hint.holds_vault_data()
