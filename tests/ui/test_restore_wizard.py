"""The restore wizard, Settings → Backups and the Today backup line, on real vaults and
the real worker."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from socialdesk.services.backup_restore import verify_backup
from socialdesk.services.backups import (
    BackupPolicy,
    back_up_now,
    list_backups,
    save_policy,
)
from socialdesk.services.vault import Vault, create_vault, unlock_with_passphrase
from socialdesk.ui.backup_status import WARNING_STYLE, BackupStatusSection, start_daily_backup
from socialdesk.ui.dialogs.restore_wizard import RestoreWizard
from socialdesk.ui.ops import Operations
from socialdesk.ui.pages.settings_backup import BackupSettingsSection
from tests.conftest import CHEAP_KDF, PASSPHRASE
from tests.ui.conftest import type_text, wait_idle


def _markers(vault: Vault) -> list[str]:
    with vault.engine.connect() as connection:
        return list(connection.execute(text("SELECT label FROM ui_marker ORDER BY id")).scalars())


def _add(vault: Vault, *labels: str) -> None:
    with vault.engine.begin() as connection:
        connection.exec_driver_sql(
            "CREATE TABLE IF NOT EXISTS ui_marker (id INTEGER PRIMARY KEY, label TEXT)"
        )
        connection.execute(
            text("INSERT INTO ui_marker (label) VALUES (:l)"), [{"l": x} for x in labels]
        )


@pytest.fixture
def backed_up(vault_path: Path) -> tuple[Vault, Path, str]:
    """An open vault with one backup (holding "before") and a later change ("after")."""
    vault, recovery = create_vault(vault_path, PASSPHRASE, kdf_params=CHEAP_KDF)
    _add(vault, "before")
    outcome = back_up_now(vault, datetime.now(UTC) - timedelta(hours=1))
    assert outcome.files is not None
    _add(vault, "after")
    return vault, outcome.files.database, recovery


def _wizard(qtbot: QtBot, ops: Operations, vault_path: Path) -> RestoreWizard:
    wizard = RestoreWizard(ops, vault_path)
    qtbot.addWidget(wizard)
    wizard.show()
    wait_idle(qtbot, ops)
    return wizard


def _verify(qtbot: QtBot, wizard: RestoreWizard, ops: Operations, secret: str) -> None:
    page = wizard.verify_page
    page.secret_edit.clear()
    type_text(qtbot, page.secret_edit, secret)
    page.verify_button.click()
    wait_idle(qtbot, ops)


def test_restore_from_settings_verifies_then_swaps_and_reopens(
    qtbot: QtBot, ops: Operations, backed_up: tuple[Vault, Path, str]
) -> None:
    vault, backup, _recovery = backed_up
    ops.attach_vault(vault)
    wizard = _wizard(qtbot, ops, vault.path)
    # Step 1: the backup is listed and selected
    assert wizard.choose_page.list.topLevelItemCount() == 1
    assert wizard.choose_page.selected_path() == backup
    wizard.next()
    # Step 2: a wrong passphrase is refused, nothing to go on with
    _verify(qtbot, wizard, ops, "not the right passphrase")
    assert "Incorrect passphrase" in wizard.verify_page.result_label.text()
    assert not wizard.verify_page.isComplete()
    # the right one shows what the backup holds
    _verify(qtbot, wizard, ops, PASSPHRASE)
    shown = wizard.verify_page.result_label.text()
    assert "Integrity: ok" in shown and "up to date" in shown
    for label in ("Clients: 0", "Notes: 0", "Appointments: 0", "Invoices: 0"):
        assert label in shown
    assert wizard.verify_page.isComplete()
    assert _markers(vault) == ["before", "after"]  # nothing touched so far
    wizard.next()
    assert "kept aside" in wizard.confirm_page.summary.text()
    # Step 3: restore
    with qtbot.waitSignal(wizard.restored, timeout=15_000) as restored:
        wizard.button(QWizard.WizardButton.FinishButton).click()
    new_vault = restored.args[0]
    assert vault.locked
    assert ops.vault is new_vault
    assert _markers(new_vault) == ["before"]
    assert wizard.kept_aside is not None
    aside = unlock_with_passphrase(wizard.kept_aside, PASSPHRASE)
    try:
        assert _markers(aside) == ["before", "after"]
    finally:
        aside.lock()


def test_a_damaged_backup_cannot_be_restored(
    qtbot: QtBot, ops: Operations, backed_up: tuple[Vault, Path, str]
) -> None:
    vault, backup, _recovery = backed_up
    ops.attach_vault(vault)
    with open(backup, "r+b") as handle:
        handle.seek(backup.stat().st_size // 2)
        handle.write(b"\x00" * 4096)
    wizard = _wizard(qtbot, ops, vault.path)
    wizard.next()

    _verify(qtbot, wizard, ops, PASSPHRASE)

    assert "Damaged" in wizard.verify_page.result_label.text()
    assert "up to date" not in wizard.verify_page.result_label.text()
    assert not wizard.verify_page.isComplete()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_restore_of_a_damaged_vault_at_unlock_with_the_recovery_key(
    qtbot: QtBot, ops: Operations, backed_up: tuple[Vault, Path, str]
) -> None:
    # Given a vault that is damaged and not open (as met at unlock)
    vault, _backup, recovery = backed_up
    path = vault.path
    vault.lock()
    with open(path, "r+b") as handle:
        handle.write(b"\x00" * 8192)
    wizard = _wizard(qtbot, ops, path)
    wizard.next()
    wizard.verify_page.recovery_check.setChecked(True)
    _verify(qtbot, wizard, ops, recovery)
    assert wizard.verify_page.isComplete(), wizard.verify_page.result_label.text()
    wizard.next()

    with qtbot.waitSignal(wizard.restored, timeout=15_000) as restored:
        wizard.button(QWizard.WizardButton.FinishButton).click()

    opened = restored.args[0]
    try:
        assert ops.vault is None  # the unlock dialog hands it to the controller
        assert _markers(opened) == ["before"]
    finally:
        opened.lock()


def test_settings_section_backs_up_now_and_refuses_keeping_nothing(
    qtbot: QtBot, ops: Operations, vault: Vault, tmp_path: Path
) -> None:
    bus = ops.bus
    section = BackupSettingsSection(ops, bus)
    qtbot.addWidget(section)
    ops.attach_vault(vault)
    section.reload()
    wait_idle(qtbot, ops)
    assert "none yet" in section.status_label.text()
    assert section.status_label.styleSheet() == WARNING_STYLE

    section.backup_button.click()
    assert not section.backup_button.isEnabled()
    qtbot.waitUntil(lambda: "Backup written" in section.result.text(), timeout=15_000)
    wait_idle(qtbot, ops)
    assert section.backup_button.isEnabled()

    assert "Backup written" in section.result.text()
    assert len(list_backups([vault.path.parent / "backups"])) == 1
    assert "1 backup(s) kept" in section.status_label.text()
    assert section.status_label.styleSheet() != WARNING_STYLE

    for spin in (section.daily_spin, section.weekly_spin, section.monthly_spin):
        spin.setValue(0)
    section.save_button.click()
    wait_idle(qtbot, ops)
    assert "Nothing was saved" in section.save_status.text()

    section.daily_spin.setValue(2)
    section.set_folder(str(tmp_path))
    section.save_button.click()
    wait_idle(qtbot, ops)
    assert "saved" in section.save_status.text()
    with vault.uow() as uow:
        from socialdesk.services.backups import get_policy

        assert get_policy(uow) == BackupPolicy(str(tmp_path), 2, 0, 0)


def test_today_line_warns_when_the_usb_folder_is_missing(
    qtbot: QtBot, ops: Operations, vault: Vault, tmp_path: Path
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    with vault.uow() as uow:
        save_policy(uow, BackupPolicy(str(usb)))
    ops.attach_vault(vault)
    section = BackupStatusSection(ops, ops.bus)
    qtbot.addWidget(section)

    daily = start_daily_backup(ops)  # publishes the change: the section reloads itself
    qtbot.waitSignal(daily.finished, timeout=15_000).wait()
    wait_idle(qtbot, ops)
    assert "Backup: last on" in section.label.text() and str(usb) in section.label.text()
    assert section.label.styleSheet() != WARNING_STYLE
    daily = start_daily_backup(ops)  # the same day: no second backup
    qtbot.waitSignal(daily.finished, timeout=15_000).wait()
    wait_idle(qtbot, ops)
    assert len(list_backups([usb])) == 1

    usb.rename(tmp_path / "unplugged")
    section.reload()
    wait_idle(qtbot, ops)
    assert "USB drive plugged in" in section.label.text()
    assert section.label.styleSheet() == WARNING_STYLE

    section.clear()
    assert not section.holds_vault_data() and section.label.text() == ""


def test_the_daily_backup_copies_off_the_gui_thread_and_off_the_worker(
    qtbot: QtBot, ops: Operations, vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from socialdesk.services import backups
    from socialdesk.ui import backup_status

    threads: dict[str, str] = {}

    def spy(name: str, real: Any) -> Any:
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            threads[name] = threading.current_thread().name
            return real(*args, **kwargs)

        return wrapped

    for name in ("plan_if_due", "copy_backup", "finish_backup"):
        monkeypatch.setattr(backup_status, name, spy(name, getattr(backups, name)))
    ops.attach_vault(vault)

    daily = start_daily_backup(ops)
    qtbot.waitSignal(daily.finished, timeout=15_000).wait()

    assert threads == {
        "plan_if_due": "socialdesk-db",
        "copy_backup": "socialdesk-backup",
        "finish_backup": "socialdesk-db",
    }
    (entry,) = list_backups([vault.path.parent / "backups"])
    with vault.uow() as uow:
        from socialdesk.services.backups import backup_status as read_status

        status, _changes = read_status(uow, vault.path)
    assert status.last_file == entry.path and status.problem is None


def test_locking_stops_a_daily_backup_and_leaves_no_false_backup(
    qtbot: QtBot, ops: Operations, vault: Vault
) -> None:
    # Given a vault large enough that its backup takes a moment
    with vault.engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE big (id INTEGER PRIMARY KEY, pad BLOB)")
        connection.exec_driver_sql(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 6000) "
            "INSERT INTO big (pad) SELECT randomblob(1000) FROM n"
        )
    ops.attach_vault(vault)
    daily = start_daily_backup(ops)
    qtbot.waitUntil(lambda: daily.thread is not None, timeout=15_000)

    # When the vault is locked while the copy runs
    ops.lock_vault()
    qtbot.waitSignal(daily.finished, timeout=15_000).wait()
    assert daily.thread is not None
    daily.thread.join(10)

    # Then the copy stopped (or had just finished): nothing half-made has a final name
    assert not daily.thread.is_alive()
    folder = vault.path.parent / "backups"
    for entry in list_backups([folder]):
        assert verify_backup(entry.path, passphrase=PASSPHRASE).ok
    assert not list(folder.glob("*.partial"))


def test_wizard_french_texts(qtbot: QtBot, ops: Operations, vault_path: Path) -> None:
    from socialdesk import i18n

    i18n.set_language("fr")
    wizard = _wizard(qtbot, ops, vault_path)
    assert wizard.choose_page.title() == "Choisir une sauvegarde"
    assert wizard.choose_page.empty_label.isVisible()


def test_restore_from_the_settings_page_of_the_running_app(
    qtbot: QtBot, make_controller: Any, vault: Vault
) -> None:
    # Given the app open on a vault; the first unlock of the day made a backup
    from socialdesk.ui.main_window import MainWindow

    _add(vault, "before")
    controller = make_controller(vault.path, daily_backup=True)
    controller.open_vault(vault)
    window: MainWindow = controller.window
    qtbot.waitExposed(window)
    # (the copy runs on a thread of its own)
    qtbot.waitUntil(lambda: len(list_backups([vault.path.parent / "backups"])) == 1, timeout=15_000)
    wait_idle(qtbot, controller.ops)
    _add(vault, "after")
    window.show_page("settings")
    section = window.findChild(BackupSettingsSection)
    assert section is not None
    wait_idle(qtbot, controller.ops)

    # When the practitioner restores it from Settings → Backups
    section.restore_button.click()
    wizard = window.findChild(RestoreWizard)
    assert wizard is not None and wizard.isVisible()
    wait_idle(qtbot, controller.ops)
    wizard.next()
    _verify(qtbot, wizard, controller.ops, PASSPHRASE)
    wizard.next()
    with qtbot.waitSignal(wizard.restored, timeout=15_000) as restored:
        wizard.button(QWizard.WizardButton.FinishButton).click()
    wait_idle(qtbot, controller.ops)

    # Then the app runs on the restored vault, the window still open
    assert controller.vault is restored.args[0] and vault.locked
    assert _markers(controller.vault) == ["before"]
    assert window.isVisible()
    assert "backup(s) kept" in section.status_label.text()


def test_a_backup_chosen_by_hand_without_its_keys_file_is_explained(
    qtbot: QtBot, ops: Operations, backed_up: tuple[Vault, Path, str], tmp_path: Path
) -> None:
    vault, backup, _recovery = backed_up
    ops.attach_vault(vault)
    lone = tmp_path / "from-usb" / "copy.sdvault"
    lone.parent.mkdir()
    lone.write_bytes(backup.read_bytes())  # the database without its keys file
    wizard = _wizard(qtbot, ops, vault.path)

    wizard.choose_page.add_file(lone)
    assert wizard.choose_page.selected_path() == lone
    wizard.next()
    _verify(qtbot, wizard, ops, PASSPHRASE)

    assert "two files" in wizard.verify_page.result_label.text()
    assert not wizard.verify_page.isComplete()
    assert _markers(vault) == ["before", "after"]
