"""Unlock with the recovery key → the app offers a new passphrase, which then works."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from socialdesk.services.vault import create_vault, unlock_with_passphrase
from socialdesk.ui.controller import AppController
from tests.conftest import CHEAP_KDF, PASSPHRASE

LEFT = Qt.MouseButton.LeftButton
NEW = "a new passphrase I remember"


def test_unlock_with_recovery_key_offers_a_new_passphrase(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault_path: Path
) -> None:
    # Given a locked vault whose passphrase was forgotten
    vault, recovery_key = create_vault(vault_path, PASSPHRASE, kdf_params=CHEAP_KDF)
    vault.lock()
    controller = make_controller(vault_path)
    controller.start()
    dialog = controller.unlock_dialog
    assert dialog is not None

    # When the user unlocks with the recovery key
    dialog.toggle_mode()
    qtbot.keyClicks(dialog.recovery_edit, recovery_key)
    qtbot.mouseClick(dialog.unlock_button, LEFT)
    qtbot.waitUntil(
        lambda: controller.window is not None and controller.window.isVisible(), timeout=10_000
    )

    # Then a "choose a new passphrase" dialog opens, without the old passphrase field
    reset = controller.reset_dialog
    qtbot.waitUntil(reset.isVisible)
    assert not reset.old_edit.isVisible()
    qtbot.keyClicks(reset.new_edit, "short")
    qtbot.keyClicks(reset.confirm_edit, "short")
    qtbot.mouseClick(reset.ok_button, LEFT)
    assert "at least 12 characters" in reset.error_label.text()
    reset.new_edit.clear()
    reset.confirm_edit.clear()
    qtbot.keyClicks(reset.new_edit, NEW)
    qtbot.keyClicks(reset.confirm_edit, NEW)
    qtbot.mouseClick(reset.ok_button, LEFT)
    qtbot.waitUntil(lambda: not shiboken6.isValid(reset) or not reset.isVisible(), timeout=10_000)

    # And the new passphrase opens the vault
    controller.lock()
    qtbot.waitUntil(lambda: controller.vault is None and controller.ops.is_idle(), timeout=10_000)
    unlock_with_passphrase(vault_path, NEW).lock()
