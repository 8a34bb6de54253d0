"""First run: create the vault (passphrase, then the recovery key shown once) or try the demo.

The key derivation of a new vault is calibrated to about a second, so creation runs on the
worker while the page shows a busy state; the GUI thread never waits for it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QCommandLinkButton,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from socialdesk.domain.errors import SocialDeskError, WeakPassphrase
from socialdesk.i18n import _
from socialdesk.services.vault import (
    MIN_PASSPHRASE_LENGTH,
    create_vault,
    remember_on_device,
    validate_new_passphrase,
)
from socialdesk.ui.ops import Operations
from socialdesk.ui.widgets.recovery_key import RecoveryKeyView
from socialdesk.ui.widgets.strength import StrengthMeter
from socialdesk.vault.kdf import KdfParams
from socialdesk.vault.keyring_store import DeviceKeyStore

WELCOME_PAGE, PASSPHRASE_PAGE, RECOVERY_PAGE = range(3)
DEMO_RESULT = 2  # QDialog result when the user chose "Explore the demo"


def _wrapping_label(text: str, parent: QWidget, name: str | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    if name:
        label.setObjectName(name)
    return label


def _error_label(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet("color: #b3261e;")
    label.hide()
    return label


class WelcomePage(QWizardPage):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__(wizard)
        self.setTitle(_("Welcome to SocialDesk"))
        self.setSubTitle(
            _(
                "SocialDesk keeps your case files, agenda and invoices in one encrypted vault "
                "on this computer. Nothing is sent anywhere."
            )
        )
        self.create_button = QCommandLinkButton(
            _("Create my vault"),
            _("Choose a passphrase. Everything you record is encrypted with it."),
            self,
        )
        self.create_button.setObjectName("createVaultButton")
        self.create_button.clicked.connect(wizard.next)
        self.demo_button = QCommandLinkButton(
            _("Explore the demo"),
            _(
                "Open a vault filled with fictitious people to try SocialDesk. "
                "Nothing you do there touches your own files."
            ),
            self,
        )
        self.demo_button.setObjectName("exploreDemoButton")
        self.demo_button.clicked.connect(wizard.choose_demo)
        layout = QVBoxLayout(self)
        layout.addSpacing(8)
        layout.addWidget(self.create_button)
        layout.addWidget(self.demo_button)
        layout.addStretch(1)


class PassphrasePage(QWizardPage):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self._busy = False
        self._keyring_available = False
        self.created = False
        self.setTitle(_("Choose your passphrase"))
        self.setSubTitle(
            _(
                "At least {minimum} characters. A few unrelated words are easy to remember "
                "and hard to guess.",
                minimum=MIN_PASSPHRASE_LENGTH,
            )
        )
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, _("Create my vault"))

        self.passphrase_edit = QLineEdit(self)
        self.passphrase_edit.setObjectName("passphraseEdit")
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_edit.textChanged.connect(self._on_text_changed)
        self.confirm_edit = QLineEdit(self)
        self.confirm_edit.setObjectName("confirmEdit")
        self.confirm_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm_edit.textChanged.connect(self._on_text_changed)
        self.show_check = QCheckBox(_("Show the passphrase"), self)
        self.show_check.setObjectName("showPassphraseCheck")
        self.show_check.toggled.connect(self._set_visible_text)
        self.meter = StrengthMeter(self)

        self.remember_check = QCheckBox(_("Remember on this device"), self)
        self.remember_check.setObjectName("rememberCheck")
        self.remember_check.setEnabled(False)
        self.remember_hint = _wrapping_label(
            _("Checking for a secure password store on this computer…"), self, "rememberHint"
        )
        self.remember_hint.setStyleSheet("color: palette(placeholder-text);")

        self.error_label = _error_label(self, "passphraseError")
        self.progress = QProgressBar(self)
        self.progress.setObjectName("creatingProgress")
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(10)
        self.progress_label = QLabel(_("Creating your vault…"), self)
        busy_row = QHBoxLayout()
        busy_row.addWidget(self.progress_label)
        busy_row.addWidget(self.progress, 1)
        self.progress.hide()
        self.progress_label.hide()

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow(_("Passphrase:"), self.passphrase_edit)
        form.addRow(_("Confirm:"), self.confirm_edit)
        form.addRow("", self.meter)
        form.addRow("", self.show_check)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addSpacing(6)
        layout.addWidget(self.remember_check)
        layout.addWidget(self.remember_hint)
        layout.addSpacing(6)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        layout.addLayout(busy_row)

    def initializePage(self) -> None:
        self.passphrase_edit.setFocus()
        store = self._wizard.device_store
        self._wizard.ops.run_task(
            store.is_available, on_success=self._set_keyring_available, owner=self
        )

    def _set_keyring_available(self, available: bool) -> None:
        self._keyring_available = available
        self.remember_check.setEnabled(available and not self._busy)
        if available:
            self.remember_hint.setText(
                _(
                    "Opens the vault without the passphrase on this computer, using the "
                    "system's password store. Leave it off on a shared computer."
                )
            )
        else:
            self.remember_check.setChecked(False)
            self.remember_hint.setText(
                _(
                    "This computer has no secure password store, so the passphrase will be "
                    "asked each time."
                )
            )

    def _set_visible_text(self, visible: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if visible else QLineEdit.EchoMode.Password
        self.passphrase_edit.setEchoMode(mode)
        self.confirm_edit.setEchoMode(mode)

    def _on_text_changed(self) -> None:
        self.meter.update_for(self.passphrase_edit.text())
        self.error_label.hide()

    def show_error(self, text: str, field: QLineEdit | None = None) -> None:
        self.error_label.setText(text)
        self.error_label.show()
        if field is not None:
            field.setFocus()
            field.selectAll()

    def isComplete(self) -> bool:
        return not self._busy

    def validatePage(self) -> bool:
        if self.created:
            return True
        if self._busy:
            return False
        passphrase = self.passphrase_edit.text()
        try:
            validate_new_passphrase(passphrase)
        except WeakPassphrase as error:
            self.show_error(str(error), self.passphrase_edit)
            return False
        if self.confirm_edit.text() != passphrase:
            self.show_error(_("The two passphrases are different."), self.confirm_edit)
            return False
        self._start_creation(passphrase, self.remember_check.isChecked())
        return False  # the wizard moves on when creation succeeds

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (self.passphrase_edit, self.confirm_edit, self.show_check):
            widget.setEnabled(not busy)
        if busy:
            self.remember_check.setEnabled(False)
        self.progress.setVisible(busy)
        self.progress_label.setVisible(busy)
        self.completeChanged.emit()  # first: QWizard re-enables Back when it updates buttons
        for button in (QWizard.WizardButton.BackButton, QWizard.WizardButton.CancelButton):
            self._wizard.button(button).setEnabled(not busy)

    def _start_creation(self, passphrase: str, remember: bool) -> None:
        self.error_label.hide()
        self._set_busy(True)
        path = self._wizard.vault_path
        kdf_params = self._wizard.kdf_params
        store = self._wizard.device_store

        def create() -> tuple[Any, str, BaseException | None]:
            vault, recovery_key = create_vault(path, passphrase, kdf_params=kdf_params)
            remember_error: BaseException | None = None
            if remember:
                try:
                    remember_on_device(vault, store)
                except SocialDeskError as error:
                    remember_error = error
            return vault, recovery_key, remember_error

        self._wizard.ops.run_task(
            create, on_success=self._created, on_error=self._creation_failed, owner=self
        )

    def _created(self, outcome: tuple[Any, str, BaseException | None]) -> None:
        vault, recovery_key, remember_error = outcome
        self._wizard.vault = vault
        self._wizard.recovery_key = recovery_key
        self._wizard.remember_error = remember_error
        self.created = True
        self.passphrase_edit.clear()
        self.confirm_edit.clear()
        self._set_busy(False)
        self._wizard.next()

    def _creation_failed(self, error: BaseException) -> bool:
        self._set_busy(False)
        self.remember_check.setEnabled(self._keyring_available)
        if isinstance(error, SocialDeskError):
            self.show_error(str(error), self.passphrase_edit)
            return True
        return False


class RecoveryPage(QWizardPage):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle(_("Your recovery key"))
        self.setSubTitle(
            _(
                "If you forget your passphrase, this key is the only way to open your vault. "
                "It is shown only now: write it down and keep it away from this computer."
            )
        )
        self.view: RecoveryKeyView | None = None
        self.remember_note = _error_label(self, "rememberError")
        self.ack_check = QCheckBox(_("I have written down my recovery key"), self)
        self.ack_check.setObjectName("ackRecoveryCheck")
        self.ack_check.toggled.connect(self.completeChanged)
        self._layout = QVBoxLayout(self)
        self._layout.addWidget(self.remember_note)
        self._layout.addStretch(1)
        self._layout.addWidget(self.ack_check)

    def initializePage(self) -> None:
        if self.view is None:
            self.view = RecoveryKeyView(
                self._wizard.recovery_key, self._wizard.vault_path.name, self
            )
            self._layout.insertWidget(0, self.view)
        if self._wizard.remember_error is not None:
            self.remember_note.setText(str(self._wizard.remember_error))
            self.remember_note.show()

    def isComplete(self) -> bool:
        return self.ack_check.isChecked()


class FirstRunWizard(QWizard):
    """``vault_created(vault)`` on Finish; ``demo_requested`` if the user chose the demo.

    ``kdf_params`` is for tests only; the app passes ``None`` (calibrated KDF)."""

    vault_created = Signal(object)
    demo_requested = Signal()

    def __init__(
        self,
        ops: Operations,
        vault_path: Path,
        *,
        kdf_params: KdfParams | None = None,
        device_store: DeviceKeyStore | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("firstRunWizard")
        self.setWindowTitle(_("SocialDesk — First start"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.ops = ops
        self.vault_path = Path(vault_path)
        self.kdf_params = kdf_params
        self.device_store = device_store or DeviceKeyStore()
        self.vault: Any = None
        self.recovery_key = ""
        self.remember_error: BaseException | None = None

        self.welcome_page = WelcomePage(self)
        self.passphrase_page = PassphrasePage(self)
        self.recovery_page = RecoveryPage(self)
        self.setPage(WELCOME_PAGE, self.welcome_page)
        self.setPage(PASSPHRASE_PAGE, self.passphrase_page)
        self.setPage(RECOVERY_PAGE, self.recovery_page)
        self.setStartId(WELCOME_PAGE)
        self.setButtonText(QWizard.WizardButton.FinishButton, _("Open SocialDesk"))
        self.currentIdChanged.connect(self._adapt_buttons)
        self.resize(640, 520)
        self._adapt_buttons(WELCOME_PAGE)

    def _adapt_buttons(self, page_id: int) -> None:
        # The welcome page offers its two choices as big buttons; Next would be a third.
        B = QWizard.WizardButton
        if page_id == WELCOME_PAGE:
            self.setButtonLayout([B.Stretch, B.CancelButton])
        elif page_id == RECOVERY_PAGE:
            # The vault exists now: no way back, and no cancelling it.
            self.setButtonLayout([B.Stretch, B.FinishButton])
        else:
            self.setButtonLayout(
                [
                    B.Stretch,
                    B.BackButton,
                    B.NextButton,
                    B.CommitButton,
                    B.FinishButton,
                    B.CancelButton,
                ]
            )

    def choose_demo(self) -> None:
        self.demo_requested.emit()
        self.done(DEMO_RESULT)

    def accept(self) -> None:
        if self.vault is None or not self.recovery_page.isComplete():
            return
        super().accept()
        self.vault_created.emit(self.vault)

    def reject(self) -> None:
        # Once the vault exists, leaving without the recovery key written down is refused:
        # it is shown only once.
        if self.vault is not None:
            self.recovery_page.ack_check.setFocus()
            return
        super().reject()


__all__ = ["DEMO_RESULT", "FirstRunWizard"]
