"""First-run wizard: passphrase rules, creation on the worker, the recovery key page."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from socialdesk import i18n
from socialdesk.domain.errors import WeakPassphrase
from socialdesk.services.profile import get_profile
from socialdesk.services.vault import unlock_with_recovery_key, vault_files
from socialdesk.ui.dialogs.first_run import (
    PASSPHRASE_PAGE,
    RECOVERY_PAGE,
    WELCOME_PAGE,
    FirstRunWizard,
)
from socialdesk.ui.ops import Operations
from socialdesk.vault.keyslots import keys_path_for
from tests.conftest import CHEAP_KDF
from tests.conftest import PASSPHRASE as GOOD_PASSPHRASE
from tests.ui.conftest import click_checkbox

LEFT = Qt.MouseButton.LeftButton


def _wizard(qtbot: QtBot, ops: Operations, path: Path) -> FirstRunWizard:
    wizard = FirstRunWizard(ops, path, kdf_params=CHEAP_KDF)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def _type(qtbot: QtBot, edit, text: str) -> None:  # type: ignore[no-untyped-def]
    edit.clear()
    qtbot.keyClicks(edit, text)


def test_wizard_refuses_short_and_mismatched_passphrases_then_creates_the_vault(
    qtbot: QtBot, ops: Operations, tmp_path: Path
) -> None:
    # Given a first start with no vault
    path = tmp_path / "vaults" / "mine.sdvault"
    wizard = _wizard(qtbot, ops, path)
    assert wizard.currentId() == WELCOME_PAGE

    # When the user chooses to create a vault
    qtbot.mouseClick(wizard.welcome_page.create_button, LEFT)
    assert wizard.currentId() == PASSPHRASE_PAGE
    page = wizard.passphrase_page
    commit = wizard.button(QWizard.WizardButton.CommitButton)

    # Then a passphrase under 12 characters is refused with the translated message
    _type(qtbot, page.passphrase_edit, "too short")
    _type(qtbot, page.confirm_edit, "too short")
    qtbot.mouseClick(commit, LEFT)
    assert page.error_label.isVisible()
    assert page.error_label.text() == "The passphrase must have at least 12 characters."
    assert wizard.currentId() == PASSPHRASE_PAGE
    assert not path.exists()

    # And two different passphrases are refused
    _type(qtbot, page.passphrase_edit, GOOD_PASSPHRASE)
    _type(qtbot, page.confirm_edit, GOOD_PASSPHRASE + "!")
    assert page.meter.level >= 3
    qtbot.mouseClick(commit, LEFT)
    assert page.error_label.text() == "The two passphrases are different."
    assert wizard.currentId() == PASSPHRASE_PAGE
    assert not path.exists()

    # When both match, the vault is created on the worker and the recovery key is shown
    _type(qtbot, page.confirm_edit, GOOD_PASSPHRASE)
    qtbot.mouseClick(commit, LEFT)
    qtbot.waitUntil(lambda: wizard.currentId() == RECOVERY_PAGE, timeout=20_000)
    shown = wizard.recovery_page.view.key_label.text()  # type: ignore[union-attr]
    groups = re.findall(r"\b[A-Z2-7]{4}\b", shown)
    assert len(groups) == 13
    assert page.passphrase_edit.text() == ""  # the passphrase does not linger in the field

    # Then Finish needs the "written down" box, and the vault is open and on disk
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert not finish.isEnabled()
    wizard.reject()  # closing now would lose the key shown once: refused
    assert wizard.isVisible()
    click_checkbox(qtbot, wizard.recovery_page.ack_check)
    assert finish.isEnabled()
    with qtbot.waitSignal(wizard.vault_created) as created:
        qtbot.mouseClick(finish, LEFT)
    vault = created.args[0]
    assert not vault.locked
    assert path.exists() and keys_path_for(path).exists()
    assert set(vault_files(path)) >= {path, keys_path_for(path)}
    with vault.uow() as uow:
        assert get_profile(uow).legal_name == ""
    vault.lock()

    # And the key that was shown really opens the vault
    reopened = unlock_with_recovery_key(path, " ".join(groups))
    reopened.lock()


def test_wizard_passphrase_page_in_french(qtbot: QtBot, ops: Operations, tmp_path: Path) -> None:
    i18n.set_language("fr")
    wizard = _wizard(qtbot, ops, tmp_path / "v.sdvault")
    qtbot.mouseClick(wizard.welcome_page.create_button, LEFT)
    page = wizard.passphrase_page
    _type(qtbot, page.passphrase_edit, "court")
    _type(qtbot, page.confirm_edit, "court")
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.CommitButton), LEFT)
    assert page.error_label.text() == str(WeakPassphrase(minimum=12))
    assert page.error_label.text() == i18n._(WeakPassphrase.message, minimum=12)
    assert wizard.button(QWizard.WizardButton.CommitButton).text() == "Créer mon coffre"


def test_wizard_demo_choice_emits_demo_request(
    qtbot: QtBot, ops: Operations, tmp_path: Path
) -> None:
    wizard = _wizard(qtbot, ops, tmp_path / "v.sdvault")
    with qtbot.waitSignal(wizard.demo_requested):
        qtbot.mouseClick(wizard.welcome_page.demo_button, LEFT)
    assert not wizard.isVisible()
    assert not (tmp_path / "v.sdvault").exists()


def test_wizard_remember_box_disabled_without_a_secure_keyring(
    qtbot: QtBot, ops: Operations, tmp_path: Path
) -> None:
    # The test keyring is an in-memory store, not a real OS store.
    wizard = _wizard(qtbot, ops, tmp_path / "v.sdvault")
    qtbot.mouseClick(wizard.welcome_page.create_button, LEFT)
    qtbot.waitUntil(ops.is_idle)
    assert not wizard.passphrase_page.remember_check.isEnabled()
    assert "no secure password store" in wizard.passphrase_page.remember_hint.text()
