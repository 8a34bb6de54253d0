"""Change the passphrase: only the passphrase slot of the keys file is rewritten."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from socialdesk.domain.errors import SocialDeskError, WeakPassphrase, WrongPassphrase
from socialdesk.i18n import _
from socialdesk.services.vault import (
    MIN_PASSPHRASE_LENGTH,
    Vault,
    change_passphrase,
    reset_passphrase,
    validate_new_passphrase,
)
from socialdesk.ui.ops import Operations
from socialdesk.ui.widgets.strength import StrengthMeter
from socialdesk.vault.kdf import KdfParams


class ChangePassphraseDialog(QDialog):
    """Change the passphrase knowing the current one, or — with ``reset_vault``, after an
    unlock with the recovery key — set a new one without it.

    ``kdf_params`` is for tests only; the app passes ``None`` (calibrated KDF).
    """

    def __init__(
        self,
        ops: Operations,
        vault_path: Path,
        *,
        reset_vault: Vault | None = None,
        kdf_params: KdfParams | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("changePassphraseDialog")
        self.reset_vault = reset_vault
        self.setWindowTitle(
            _("Choose a new passphrase") if reset_vault else _("Change the passphrase")
        )
        self.ops = ops
        self.vault_path = Path(vault_path)
        self.kdf_params = kdf_params
        self._busy = False

        self.old_edit = self._password_edit("oldPassphraseEdit")
        self.new_edit = self._password_edit("newPassphraseEdit")
        self.confirm_edit = self._password_edit("confirmPassphraseEdit")
        self.meter = StrengthMeter(self)
        self.new_edit.textChanged.connect(self.meter.update_for)
        self.show_check = QCheckBox(_("Show the passphrases"), self)
        self.show_check.setObjectName("showPassphrasesCheck")
        self.show_check.toggled.connect(self._set_visible_text)

        intro_text = (
            _(
                "You opened the vault with your recovery key. If you no longer know your "
                "passphrase, choose a new one now; your recovery key keeps working. "
                "It needs at least {minimum} characters.",
                minimum=MIN_PASSPHRASE_LENGTH,
            )
            if reset_vault
            else _(
                "Your recovery key and the key remembered on this device keep working. "
                "The new passphrase needs at least {minimum} characters.",
                minimum=MIN_PASSPHRASE_LENGTH,
            )
        )
        intro = QLabel(intro_text, self)
        intro.setWordWrap(True)

        form = QFormLayout()
        if reset_vault is None:
            form.addRow(_("Current passphrase:"), self.old_edit)
        else:
            self.old_edit.hide()
        form.addRow(_("New passphrase:"), self.new_edit)
        form.addRow(_("Confirm:"), self.confirm_edit)
        form.addRow("", self.meter)
        form.addRow("", self.show_check)

        self.error_label = QLabel(self)
        self.error_label.setObjectName("changePassphraseError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b3261e;")
        self.error_label.hide()
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(8)
        self.progress.hide()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("changePassphraseOk")
        self.ok_button.setText(_("Change the passphrase"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)

    def _password_edit(self, name: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        edit.textEdited.connect(lambda _text: self.error_label.hide())
        return edit

    def _set_visible_text(self, visible: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if visible else QLineEdit.EchoMode.Password
        for edit in (self.old_edit, self.new_edit, self.confirm_edit):
            edit.setEchoMode(mode)

    def show_error(self, text: str, field: QLineEdit) -> None:
        self.error_label.setText(text)
        self.error_label.show()
        field.setFocus()
        field.selectAll()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (self.old_edit, self.new_edit, self.confirm_edit, self.buttons):
            widget.setEnabled(not busy)
        self.progress.setVisible(busy)

    def submit(self) -> None:
        if self._busy:
            return
        old, new = self.old_edit.text(), self.new_edit.text()
        if not old and self.reset_vault is None:
            self.show_error(_("Enter your current passphrase."), self.old_edit)
            return
        try:
            validate_new_passphrase(new)
        except WeakPassphrase as error:
            self.show_error(str(error), self.new_edit)
            return
        if self.confirm_edit.text() != new:
            self.show_error(_("The two passphrases are different."), self.confirm_edit)
            return
        path, kdf_params, vault = self.vault_path, self.kdf_params, self.reset_vault
        self._set_busy(True)
        self.ops.run_task(
            (lambda: reset_passphrase(vault, new, kdf_params=kdf_params))
            if vault is not None
            else (lambda: change_passphrase(path, old, new, kdf_params=kdf_params)),
            on_success=self._changed,
            on_error=self._failed,
            owner=self,
        )

    def _changed(self, _result: object) -> None:
        self._set_busy(False)
        for edit in (self.old_edit, self.new_edit, self.confirm_edit):
            edit.clear()
        self.accept()

    def _failed(self, error: BaseException) -> bool:
        self._set_busy(False)
        if isinstance(error, WrongPassphrase):
            self.show_error(str(error), self.old_edit)
            return True
        if isinstance(error, SocialDeskError):
            self.show_error(str(error), self.new_edit)
            return True
        return False

    def reject(self) -> None:
        if not self._busy:
            super().reject()
