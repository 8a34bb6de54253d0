"""Unlock dialog: wrong passphrase, right passphrase, recovery key, remembered device key."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from socialdesk import i18n
from socialdesk.domain.errors import WrongPassphrase, WrongRecoveryKey
from socialdesk.services.vault import create_vault, remember_on_device
from socialdesk.ui.controller import AppController
from socialdesk.ui.dialogs.unlock import RECOVERY_MODE
from socialdesk.vault.keyring_store import DeviceKeyStore
from tests.conftest import CHEAP_KDF, PASSPHRASE, MemoryKeyring

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def stored_vault(tmp_path: Path) -> tuple[Path, str]:
    """A locked vault on disk and its recovery key."""
    path = tmp_path / "vaults" / "practice.sdvault"
    vault, recovery_key = create_vault(path, PASSPHRASE, kdf_params=CHEAP_KDF)
    vault.lock()
    return path, recovery_key


def _start(qtbot: QtBot, make_controller: Callable[..., AppController], path: Path, **kw: object):  # type: ignore[no-untyped-def]
    controller = make_controller(path, **kw)
    controller.start()
    dialog = controller.unlock_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return controller, dialog


def test_unlock_wrong_passphrase_shows_error_and_stays_then_right_one_opens(
    qtbot: QtBot, make_controller: Callable[..., AppController], stored_vault: tuple[Path, str]
) -> None:
    # Given a vault on disk and the unlock dialog
    path, _key = stored_vault
    controller, dialog = _start(qtbot, make_controller, path)
    assert controller.window is None

    # When a wrong passphrase is entered
    qtbot.keyClicks(dialog.passphrase_edit, "not the passphrase at all")
    qtbot.mouseClick(dialog.unlock_button, LEFT)
    qtbot.waitUntil(lambda: dialog.error_label.isVisible(), timeout=10_000)

    # Then the error says so, the dialog stays, and the text is selected for retyping
    assert dialog.error_label.text() == "Incorrect passphrase."
    assert dialog.isVisible()
    assert controller.vault is None
    assert dialog.passphrase_edit.selectedText() == "not the passphrase at all"
    assert dialog.passphrase_edit.isEnabled()

    # When the right passphrase is typed over it (Enter key)
    qtbot.keyClicks(dialog.passphrase_edit, PASSPHRASE)
    qtbot.keyClick(dialog.passphrase_edit, Qt.Key.Key_Return)

    # Then the main window opens on the vault
    qtbot.waitUntil(lambda: controller.window is not None and controller.window.isVisible())
    assert controller.vault is not None and not controller.vault.locked
    assert not shiboken6.isValid(dialog) or not dialog.isVisible()
    assert controller.window.windowTitle() == "SocialDesk — practice.sdvault"  # type: ignore[union-attr]


def test_unlock_error_is_translated_in_french(
    qtbot: QtBot, make_controller: Callable[..., AppController], stored_vault: tuple[Path, str]
) -> None:
    i18n.set_language("fr")
    path, _key = stored_vault
    _controller, dialog = _start(qtbot, make_controller, path)
    assert dialog.unlock_button.text() == "Déverrouiller"
    qtbot.keyClicks(dialog.passphrase_edit, "wrong wrong wrong")
    qtbot.mouseClick(dialog.unlock_button, LEFT)
    qtbot.waitUntil(lambda: dialog.error_label.isVisible(), timeout=10_000)
    assert dialog.error_label.text() == i18n._(WrongPassphrase.message)
    assert dialog.error_label.text() == str(WrongPassphrase())


def test_unlock_with_the_recovery_key(
    qtbot: QtBot, make_controller: Callable[..., AppController], stored_vault: tuple[Path, str]
) -> None:
    path, recovery_key = stored_vault
    controller, dialog = _start(qtbot, make_controller, path)

    # When the user switches to the recovery key and types a wrong one
    qtbot.mouseClick(dialog.mode_button, LEFT)
    assert dialog.mode == RECOVERY_MODE
    assert dialog.recovery_edit.isVisible() and not dialog.passphrase_edit.isVisible()
    wrong = "AAAA-" * 12 + "AAAA"
    qtbot.keyClicks(dialog.recovery_edit, wrong)
    qtbot.mouseClick(dialog.unlock_button, LEFT)
    qtbot.waitUntil(lambda: dialog.error_label.isVisible(), timeout=10_000)
    assert dialog.error_label.text() == str(WrongRecoveryKey())

    # Then the right key, typed in lower case with spaces, opens the vault
    dialog.recovery_edit.clear()
    qtbot.keyClicks(dialog.recovery_edit, recovery_key.lower().replace("-", " "))
    qtbot.mouseClick(dialog.unlock_button, LEFT)
    qtbot.waitUntil(lambda: controller.window is not None and controller.window.isVisible())
    assert not controller.vault.locked


def test_unlock_with_the_key_remembered_on_this_device_skips_the_passphrase(
    qtbot: QtBot, make_controller: Callable[..., AppController], tmp_path: Path
) -> None:
    # Given a vault remembered in a keyring this test declares trusted
    store = DeviceKeyStore(MemoryKeyring(), trusted=lambda _backend: True)
    path = tmp_path / "remembered.sdvault"
    vault, _key = create_vault(path, PASSPHRASE, kdf_params=CHEAP_KDF)
    remember_on_device(vault, store)
    vault.lock()

    # When the app starts, it opens without asking
    controller = make_controller(path, device_store=store)
    controller.start()
    qtbot.waitUntil(lambda: controller.window is not None and controller.window.isVisible())
    assert not controller.vault.locked


def test_unlock_falls_back_to_the_passphrase_when_the_device_key_is_gone(
    qtbot: QtBot, make_controller: Callable[..., AppController], tmp_path: Path
) -> None:
    keyring = MemoryKeyring()
    store = DeviceKeyStore(keyring, trusted=lambda _backend: True)
    path = tmp_path / "remembered.sdvault"
    vault, _key = create_vault(path, PASSPHRASE, kdf_params=CHEAP_KDF)
    remember_on_device(vault, store)
    vault.lock()
    keyring.items.clear()  # the keyring was reset

    controller, dialog = _start(qtbot, make_controller, path, device_store=store)
    qtbot.waitUntil(lambda: controller.ops.is_idle())
    assert controller.window is None
    assert dialog.isVisible() and dialog.passphrase_edit.isEnabled()
    assert not dialog.error_label.isVisible()  # silent fallback


def test_a_damaged_vault_offers_the_restore_wizard_and_nothing_else(
    qtbot: QtBot, make_controller: Callable[..., AppController], stored_vault: tuple[Path, str]
) -> None:
    # Given a vault whose first page is damaged (bytes flipped past the salt)
    path, _key = stored_vault
    data = bytearray(path.read_bytes())
    for offset in range(100, 140):
        data[offset] ^= 0xFF
    path.write_bytes(bytes(data))
    controller, dialog = _start(qtbot, make_controller, path)
    assert not dialog.restore_button.isVisible()

    # When the right passphrase is entered
    qtbot.keyClicks(dialog.passphrase_edit, PASSPHRASE)
    qtbot.mouseClick(dialog.unlock_button, LEFT)
    qtbot.waitUntil(lambda: dialog.error_label.isVisible(), timeout=10_000)

    # Then the vault is called damaged, nothing opens, and a restore is offered
    assert "damaged" in dialog.error_label.text()
    assert controller.vault is None
    assert dialog.restore_button.isVisible()
    assert path.read_bytes() == bytes(data)  # never recreated nor touched
    wizard = dialog.open_restore()
    qtbot.waitExposed(wizard)
    assert wizard.isVisible()
    wizard.close()


def test_the_first_unlock_of_the_day_makes_a_verified_backup(
    qtbot: QtBot, make_controller: Callable[..., AppController], stored_vault: tuple[Path, str]
) -> None:
    # Given a vault never backed up
    path, _key = stored_vault
    backups = path.parent / "backups"
    assert not list(backups.glob("*.sdvault"))
    controller, dialog = _start(qtbot, make_controller, path, daily_backup=True)

    # When it is unlocked
    qtbot.keyClicks(dialog.passphrase_edit, PASSPHRASE)
    qtbot.mouseClick(dialog.unlock_button, LEFT)
    qtbot.waitUntil(lambda: controller.window is not None, timeout=10_000)

    # Then a backup and its keys file appear in the backups folder beside the vault
    qtbot.waitUntil(lambda: len(list(backups.glob("*.sdvault"))) == 1, timeout=30_000)
    copy = next(backups.glob("*.sdvault"))
    assert Path(f"{copy}.keys").exists()
    assert not list(backups.glob("*.partial*"))
