"""Unlock dialog and security: the wait after 5 failures is counted down with the Unlock
button disabled (fake clock, no sleeping); a tamper warning is shown before the vault is
handed over, and can be acknowledged."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from socialdesk import i18n
from socialdesk.domain.enums import AuditAction
from socialdesk.services.audit import record_event
from socialdesk.services.vault import create_vault, unlock_with_passphrase
from socialdesk.ui.dialogs.unlock import UnlockDialog
from socialdesk.ui.ops import Operations
from tests.conftest import CHEAP_KDF, PASSPHRASE

LEFT = Qt.MouseButton.LeftButton


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def stored(tmp_path: Path) -> Path:
    path = tmp_path / "vaults" / "practice.sdvault"
    vault, _ = create_vault(path, PASSPHRASE, kdf_params=CHEAP_KDF, seed_defaults=False)
    vault.lock()
    return path


def _dialog(qtbot: QtBot, ops: Operations, path: Path, clock: Clock) -> UnlockDialog:
    dialog = UnlockDialog(ops, path, clock=clock)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _attempt(qtbot: QtBot, dialog: UnlockDialog, secret: str) -> None:
    dialog.passphrase_edit.setText(secret)
    qtbot.mouseClick(dialog.unlock_button, LEFT)
    qtbot.waitUntil(lambda: not dialog._busy, timeout=10_000)


def test_after_five_failures_the_dialog_counts_down_and_disables_unlock(
    qtbot: QtBot, ops: Operations, stored: Path
) -> None:
    clock = Clock()
    dialog = _dialog(qtbot, ops, stored, clock)
    for _ in range(5):
        _attempt(qtbot, dialog, "not the passphrase at all")
    assert dialog.waiting
    assert not dialog.unlock_button.isEnabled()
    assert dialog.wait_label.text() == "Too many failed attempts. Wait 30 s before trying again."
    # Time passes (the fake clock; the timer tick is called by hand)
    clock.now += 12
    dialog._tick()
    assert "Wait 18 s" in dialog.wait_label.text()
    # Enter while waiting does nothing
    dialog.passphrase_edit.setText(PASSPHRASE)
    dialog.try_unlock()
    assert not dialog._busy and dialog.isVisible()
    clock.now += 18
    dialog._tick()
    assert not dialog.waiting and dialog.unlock_button.isEnabled()
    assert not dialog.wait_label.isVisible()
    with qtbot.waitSignal(dialog.unlocked, timeout=10_000) as opened:
        qtbot.mouseClick(dialog.unlock_button, LEFT)
    opened.args[0].lock()


def test_a_wait_started_before_a_restart_still_applies_in_french(
    qtbot: QtBot, ops: Operations, stored: Path
) -> None:
    clock = Clock()
    first = _dialog(qtbot, ops, stored, clock)
    for _ in range(6):
        clock.now += 60
        first._tick()
        _attempt(qtbot, first, "not the passphrase at all")
    first.close()
    i18n.set_language("fr")
    clock.now += 10
    again = _dialog(qtbot, ops, stored, clock)
    assert again.waiting and not again.unlock_button.isEnabled()
    assert again.wait_label.text() == (
        "Trop de tentatives échouées. Attendez 50 s avant de réessayer."
    )


def test_a_tamper_warning_is_shown_before_the_vault_is_handed_over(
    qtbot: QtBot, ops: Operations, stored: Path, tmp_path: Path
) -> None:
    # Given an old copy of the vault put back after more work was recorded
    shutil.copyfile(stored, tmp_path / "old.sdvault")
    vault = unlock_with_passphrase(stored, PASSPHRASE)
    with vault.uow() as uow:
        record_event(uow, AuditAction.EXPORT, details={"format": "csv"})
    vault.lock()
    shutil.copyfile(tmp_path / "old.sdvault", stored)
    clock = Clock()
    dialog = _dialog(qtbot, ops, stored, clock)
    handed: list[object] = []
    dialog.unlocked.connect(handed.append)
    # When the right passphrase is entered
    _attempt(qtbot, dialog, PASSPHRASE)
    # Then the warning is shown and the vault is not handed over yet
    assert dialog.warning_label.isVisible()
    assert "older than the last one SocialDesk saved" in dialog.warning_label.text()
    assert dialog.acknowledge_check.isVisible()
    assert dialog.unlock_button.text() == "Continue"
    assert handed == [] and dialog.isVisible()
    # When the person says they checked and continues
    dialog.acknowledge_check.setChecked(True)
    with qtbot.waitSignal(dialog.unlocked, timeout=10_000):
        qtbot.mouseClick(dialog.unlock_button, LEFT)
    (opened,) = handed
    opened.lock()  # type: ignore[attr-defined]
    # Then the next unlock has no warning
    again = unlock_with_passphrase(stored, PASSPHRASE)
    try:
        assert again.notices == []
    finally:
        again.lock()


def test_quitting_at_the_warning_locks_the_vault(
    qtbot: QtBot, ops: Operations, stored: Path
) -> None:
    Path(str(stored) + ".chainhead").write_text("{}")
    dialog = _dialog(qtbot, ops, stored, Clock())
    _attempt(qtbot, dialog, PASSPHRASE)
    assert dialog.warning_label.isVisible()
    vault = dialog._opened
    dialog.reject()
    assert vault.locked
    assert not dialog.isVisible()


def test_rotate_key_dialog_refuses_a_wrong_passphrase_then_shows_the_new_recovery_key(
    qtbot: QtBot, ops: Operations, stored: Path
) -> None:
    from socialdesk.services.vault import unlock_with_recovery_key
    from socialdesk.ui.dialogs.rotate_key import RotateKeyDialog
    from socialdesk.ui.widgets.recovery_key import RecoveryKeyView

    vault = unlock_with_passphrase(stored, PASSPHRASE)
    old_key = vault.raw_key()
    dialog = RotateKeyDialog(ops, vault, kdf_params=CHEAP_KDF)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.passphrase_edit.setText("not the passphrase at all")
    qtbot.mouseClick(dialog.rotate_button, LEFT)
    qtbot.waitUntil(lambda: dialog.error_label.isVisible(), timeout=10_000)
    assert dialog.error_label.text() == "Incorrect passphrase."
    assert vault.raw_key() == old_key
    dialog.passphrase_edit.setText(PASSPHRASE)
    qtbot.mouseClick(dialog.rotate_button, LEFT)
    qtbot.waitUntil(lambda: dialog.rotation is not None, timeout=10_000)
    assert vault.raw_key() != old_key
    (view,) = dialog.findChildren(RecoveryKeyView)
    assert view.isVisible()
    assert dialog.cancel_button.text() == "Close"
    recovery = dialog.rotation.recovery_key  # type: ignore[union-attr]
    qtbot.mouseClick(dialog.cancel_button, LEFT)
    assert dialog.result() == dialog.DialogCode.Accepted
    vault.lock()
    unlock_with_recovery_key(stored, recovery).lock()
