"""Lock: Ctrl+L, the status bar button and Settings → Lock now all lock the vault, clear
every page and bring back the unlock dialog; unlocking brings the window back."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from socialdesk.config import paths
from socialdesk.domain.profile import PractitionerProfile
from socialdesk.services.profile import save_profile
from socialdesk.ui import clipboard
from socialdesk.ui.controller import AppController
from tests.conftest import PASSPHRASE

LEFT = Qt.MouseButton.LeftButton


def _open(qtbot: QtBot, make_controller: Callable[..., AppController], vault) -> AppController:  # type: ignore[no-untyped-def]
    with vault.uow() as uow:
        save_profile(
            uow, PractitionerProfile(display_name="Marie Dupont", legal_name="Marie Dupont EI")
        )
    controller = make_controller(vault.path)
    controller.open_vault(vault)
    window = controller.window
    assert window is not None
    qtbot.waitExposed(window)
    qtbot.waitUntil(controller.ops.is_idle)
    return controller


@pytest.mark.parametrize("how", ["shortcut", "status_bar", "settings"])
def test_lock_clears_pages_locks_vault_and_shows_unlock(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault, how: str
) -> None:  # type: ignore[no-untyped-def]
    # Given the main window showing data read from the vault
    controller = _open(qtbot, make_controller, vault)
    window = controller.window
    assert window.pages["today"].holds_vault_data()
    assert window.pages["today"].greeting.text() == "Welcome, Marie Dupont"
    assert window.pages["settings"].holds_vault_data()
    secret_file = paths.private_temp_dir() / "opened-attachment.pdf"
    secret_file.write_bytes(b"%PDF")
    clipboard.copy_text("ABCD-EFGH")

    # When the user locks
    if how == "shortcut":
        window.activateWindow()
        qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    elif how == "status_bar":
        qtbot.mouseClick(window.lock_button, LEFT)
    else:
        window.show_page("settings")
        qtbot.mouseClick(window.settings_page.lock_button, LEFT)

    # Then the vault is locked, pages are empty, plaintext leftovers are gone
    qtbot.waitUntil(lambda: vault.locked)
    assert controller.vault is None
    assert not window.isVisible()
    for page in window.pages.values():
        assert not page.holds_vault_data(), page.objectName()
    assert window.pages["today"].greeting.text() == "Welcome"
    assert window.settings_page.form.edits["legal_name"].text() == ""
    assert not secret_file.exists()
    assert QGuiApplication.clipboard().text() != "ABCD-EFGH"
    dialog = controller.unlock_dialog
    assert dialog is not None and dialog.isVisible()

    # When the passphrase is entered again, the same window comes back, filled again
    qtbot.keyClicks(dialog.passphrase_edit, PASSPHRASE)
    qtbot.mouseClick(dialog.unlock_button, LEFT)
    qtbot.waitUntil(lambda: window.isVisible() and controller.ops.is_idle(), timeout=10_000)
    assert controller.window is window
    assert window.pages["today"].greeting.text() == "Welcome, Marie Dupont"
    assert window.settings_page.form.edits["legal_name"].text() == "Marie Dupont EI"


def test_lock_drops_results_of_reads_started_before_the_lock(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault
) -> None:  # type: ignore[no-untyped-def]
    controller = _open(qtbot, make_controller, vault)
    window = controller.window
    window.pages["today"].reload()  # a read is queued...
    controller.lock()  # ...and the lock comes right after it
    qtbot.waitUntil(controller.ops.is_idle)
    assert vault.locked
    assert not window.pages["today"].holds_vault_data()


def test_lock_when_idle_for_too_long(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault
) -> None:  # type: ignore[no-untyped-def]
    controller = make_controller(Path(vault.path), idle_minutes=0.002)  # ~120 ms
    controller.open_vault(vault)
    qtbot.waitUntil(lambda: vault.locked, timeout=5_000)
    assert controller.unlock_dialog is not None and controller.unlock_dialog.isVisible()
