"""Settings: profile validation next to each field, saving, country-specific ids, logo,
passphrase change and the "remember on this device" switch."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from socialdesk import i18n
from socialdesk.services.profile import get_profile
from socialdesk.services.vault import has_device_slot, unlock_with_passphrase
from socialdesk.ui.controller import AppController
from socialdesk.ui.main_window import MainWindow
from socialdesk.vault.keyring_store import DeviceKeyStore
from tests.conftest import PASSPHRASE, MemoryKeyring
from tests.ui.conftest import click_checkbox

LEFT = Qt.MouseButton.LeftButton
VALID_SIRET = "73282932000074"
NEW_PASSPHRASE = "a brand new passphrase for the vault"


def _settings(qtbot: QtBot, make_controller: Callable[..., AppController], vault, **kw: object):  # type: ignore[no-untyped-def]
    controller = make_controller(vault.path, **kw)
    controller.open_vault(vault)
    window: MainWindow = controller.window  # type: ignore[assignment]
    qtbot.waitExposed(window)
    qtbot.waitUntil(controller.ops.is_idle)
    window.show_page("settings")
    return controller, window, window.settings_page


def _type(qtbot: QtBot, page, field: str, text: str) -> None:  # type: ignore[no-untyped-def]
    edit = page.form.edits[field]
    edit.clear()
    qtbot.keyClicks(edit, text)


def _saved_profile(vault):  # type: ignore[no-untyped-def]
    with vault.uow() as uow:
        return get_profile(uow)


def test_settings_bad_siret_is_shown_next_to_the_field_and_nothing_is_saved(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault
) -> None:  # type: ignore[no-untyped-def]
    # Given the settings page of a new vault
    controller, _window, page = _settings(qtbot, make_controller, vault)

    # When a name and a SIRET with a wrong checksum are saved
    _type(qtbot, page, "legal_name", "Marie Dupont EI")
    _type(qtbot, page, "siret", "73282932000075")
    qtbot.mouseClick(page.save_button, LEFT)
    qtbot.waitUntil(controller.ops.is_idle)

    # Then the message stands under the SIRET field, the typed values stay, nothing saved
    error = page.form.error_labels["siret"]
    assert error.isVisible()
    assert error.text() == "The SIRET number is not valid (14 digits, checksum)."
    assert not page.form.error_labels["legal_name"].isVisible()
    assert page.form.edits["siret"].text() == "73282932000075"
    assert page.form.edits["legal_name"].text() == "Marie Dupont EI"
    assert "Nothing was saved" in page.save_status.text()
    assert _saved_profile(vault).legal_name == ""
    assert controller.window.findChildren(QMessageBox, "errorDialog") == []


def test_settings_error_messages_are_translated(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault
) -> None:  # type: ignore[no-untyped-def]
    i18n.set_language("fr")
    controller, _window, page = _settings(qtbot, make_controller, vault)
    _type(qtbot, page, "siret", "123")
    qtbot.mouseClick(page.save_button, LEFT)
    qtbot.waitUntil(controller.ops.is_idle)
    message = "The SIRET number is not valid (14 digits, checksum)."
    assert page.form.error_labels["siret"].text() == i18n._(message)
    assert page.save_button.text() == "Enregistrer le profil"


def test_settings_good_profile_saves_and_comes_back_after_lock_and_unlock(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    controller, window, page = _settings(qtbot, make_controller, vault)
    logo = tmp_path / "logo.png"
    image = QImage(120, 40, QImage.Format.Format_RGB32)
    image.fill(QColor("#336699"))
    assert image.save(str(logo))

    # When a complete French profile is entered and saved
    _type(qtbot, page, "display_name", "Marie Dupont")
    _type(qtbot, page, "legal_name", "Marie Dupont EI")
    _type(qtbot, page, "address_line1", "12 rue des Lilas")
    _type(qtbot, page, "postal_code", "69003")
    _type(qtbot, page, "city", "Lyon")
    _type(qtbot, page, "siret", "732 829 320 00074")
    _type(qtbot, page, "iban", "FR14 2004 1010 0505 0001 3M02 606")
    assert page.form.load_logo_file(logo)
    page.form.terms_spin.setValue(45)
    qtbot.mouseClick(page.save_button, LEFT)
    qtbot.waitUntil(controller.ops.is_idle)

    # Then it is saved in compact form, and the form shows what was saved
    assert page.save_status.text() == "Profile saved."
    saved = _saved_profile(vault)
    assert saved.legal_name == "Marie Dupont EI"
    assert saved.siret == VALID_SIRET and saved.siren == VALID_SIRET[:9]
    assert saved.payment_terms_days == 45
    assert saved.logo_mime == "image/png" and saved.logo == logo.read_bytes()
    assert page.form.edits["siret"].text() == VALID_SIRET
    assert window.pages["today"].greeting.text() == "Welcome, Marie Dupont"  # via Changes

    # When the vault is locked and unlocked again
    qtbot.mouseClick(window.lock_button, LEFT)
    qtbot.waitUntil(lambda: vault.locked)
    assert page.form.edits["legal_name"].text() == ""
    dialog = controller.unlock_dialog
    qtbot.keyClicks(dialog.passphrase_edit, PASSPHRASE)
    qtbot.mouseClick(dialog.unlock_button, LEFT)
    qtbot.waitUntil(lambda: window.isVisible() and controller.ops.is_idle(), timeout=10_000)

    # Then the profile is back in the form
    assert page.form.edits["legal_name"].text() == "Marie Dupont EI"
    assert page.form.edits["city"].text() == "Lyon"
    assert page.form.terms_spin.value() == 45
    assert page.form.logo_preview.pixmap() is not None
    assert not page.form.logo_preview.pixmap().isNull()


def test_settings_shows_only_the_ids_of_the_chosen_country(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault
) -> None:  # type: ignore[no-untyped-def]
    _controller, _window, page = _settings(qtbot, make_controller, vault)
    form = page.form
    visible = lambda: {f for f in ("siren", "siret", "bce_number", "cui") if form.is_row_visible(f)}  # noqa: E731
    assert visible() == {"siren", "siret"}
    form.country_combo.setCurrentIndex(form.country_combo.findData("BE"))
    assert visible() == {"bce_number"}
    assert form.timezone_combo.currentData() == "Europe/Brussels"
    form.country_combo.setCurrentIndex(form.country_combo.findData("RO"))
    assert visible() == {"cui"}
    assert form.timezone_combo.currentData() == "Europe/Bucharest"


def test_settings_refuses_a_logo_that_is_too_large_or_not_an_image(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    _controller, _window, page = _settings(qtbot, make_controller, vault)
    big = tmp_path / "big.png"
    big.write_bytes(b"\x89PNG" + b"\0" * 1_100_000)
    text = tmp_path / "notes.png"
    text.write_text("not an image")
    assert not page.form.load_logo_file(big)
    assert page.form.error_labels["logo"].text() == "The logo must be smaller than 1 MB."
    assert not page.form.load_logo_file(text)
    assert page.form.error_labels["logo"].text() == "The logo must be a PNG or JPEG image."
    assert page.form.profile().logo is None


def test_settings_change_passphrase(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault
) -> None:  # type: ignore[no-untyped-def]
    controller, _window, page = _settings(qtbot, make_controller, vault)
    dialog = page.open_change_passphrase()
    assert dialog is not None
    qtbot.waitExposed(dialog)

    # A wrong current passphrase is refused in the dialog
    qtbot.keyClicks(dialog.old_edit, "not my passphrase")
    qtbot.keyClicks(dialog.new_edit, NEW_PASSPHRASE)
    qtbot.keyClicks(dialog.confirm_edit, NEW_PASSPHRASE)
    qtbot.mouseClick(dialog.ok_button, LEFT)
    qtbot.waitUntil(controller.ops.is_idle)
    assert dialog.error_label.text() == "Incorrect passphrase."
    assert dialog.isVisible()

    # The right one changes it
    dialog.old_edit.clear()
    qtbot.keyClicks(dialog.old_edit, PASSPHRASE)
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.mouseClick(dialog.ok_button, LEFT)
    assert page.security_status.text() == "Passphrase changed."
    unlock_with_passphrase(vault.path, NEW_PASSPHRASE).lock()


def test_settings_remember_on_device_is_disabled_without_a_secure_keyring(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault
) -> None:  # type: ignore[no-untyped-def]
    _controller, _window, page = _settings(qtbot, make_controller, vault)
    assert not page.remember_check.isEnabled()
    assert "no secure password store" in page.remember_hint.text()


def test_settings_remember_on_device_toggle(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault
) -> None:  # type: ignore[no-untyped-def]
    keyring = MemoryKeyring()
    store = DeviceKeyStore(keyring, trusted=lambda _backend: True)
    controller, _window, page = _settings(qtbot, make_controller, vault, device_store=store)
    assert page.remember_check.isEnabled() and not page.remember_check.isChecked()
    click_checkbox(qtbot, page.remember_check)
    qtbot.waitUntil(controller.ops.is_idle)
    assert has_device_slot(vault.path) and keyring.items
    click_checkbox(qtbot, page.remember_check)
    qtbot.waitUntil(controller.ops.is_idle)
    assert not has_device_slot(vault.path) and not keyring.items
