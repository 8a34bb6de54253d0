"""Change the vault key (database-key rotation): the passphrase is asked for (its slot is
re-wrapped), the whole vault is re-encrypted on the worker, and the new recovery key is
shown once."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from socialdesk.domain.errors import SocialDeskError
from socialdesk.i18n import _
from socialdesk.services.key_rotation import KeyRotation, rotate_database_key
from socialdesk.services.vault import Vault
from socialdesk.ui.ops import Operations
from socialdesk.ui.widgets.recovery_key import RecoveryKeyView
from socialdesk.vault.kdf import KdfParams
from socialdesk.vault.keyring_store import DeviceKeyStore


class RotateKeyDialog(QDialog):
    """``kdf_params`` is for tests only; the app passes ``None`` (calibrated KDF)."""

    def __init__(
        self,
        ops: Operations,
        vault: Vault,
        *,
        device_store: DeviceKeyStore | None = None,
        kdf_params: KdfParams | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("rotateKeyDialog")
        self.setWindowTitle(_("Change the vault key"))
        self.ops = ops
        self.vault = vault
        self.device_store = device_store
        self.kdf_params = kdf_params
        self._busy = False
        self.rotation: KeyRotation | None = None

        self.intro = QLabel(
            _(
                "A new random key will re-encrypt the whole vault. Your passphrase stays the "
                "same. The recovery key is replaced: the new one is shown once, write it "
                "down. Do this if you think your keys file was copied along with your "
                "passphrase or recovery key."
            ),
            self,
        )
        self.intro.setWordWrap(True)
        self.passphrase_edit = QLineEdit(self)
        self.passphrase_edit.setObjectName("rotatePassphraseEdit")
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_edit.setPlaceholderText(_("Your passphrase"))
        self.passphrase_edit.setAccessibleName(_("Passphrase"))
        self.passphrase_edit.returnPressed.connect(self.rotate)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("rotateKeyError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b3261e;")
        self.error_label.hide()
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(8)
        self.progress.hide()
        self.result_label = QLabel(self)
        self.result_label.setObjectName("rotateKeyResult")
        self.result_label.setWordWrap(True)
        self.result_label.hide()

        self.buttons = QDialogButtonBox(self)
        self.rotate_button = QPushButton(_("Change the key"), self)
        self.rotate_button.setObjectName("rotateKeyButton")
        self.rotate_button.setDefault(True)
        self.rotate_button.clicked.connect(self.rotate)
        self.buttons.addButton(self.rotate_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = QPushButton(_("Cancel"), self)
        self.cancel_button.setObjectName("rotateKeyCancelButton")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)

        self.column = QVBoxLayout(self)
        self.column.addWidget(self.intro)
        self.column.addWidget(self.passphrase_edit)
        self.column.addWidget(self.error_label)
        self.column.addWidget(self.progress)
        self.column.addWidget(self.result_label)
        self.column.addStretch(1)
        self.column.addWidget(self.buttons)
        self.setMinimumWidth(480)

    def rotate(self) -> None:
        if self._busy or self.rotation is not None:
            return
        secret = self.passphrase_edit.text()
        if not secret:
            self._show_error(_("Enter your passphrase."))
            return
        vault, store, params = self.vault, self.device_store, self.kdf_params
        self._set_busy(True)
        self.ops.run_task(
            lambda: rotate_database_key(vault, secret, store=store, kdf_params=params),
            on_success=self._rotated,
            on_error=self._failed,
            owner=self,
        )

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.progress.setVisible(busy)
        for widget in (self.passphrase_edit, self.rotate_button, self.cancel_button):
            widget.setEnabled(not busy)

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()
        self.passphrase_edit.setFocus()
        self.passphrase_edit.selectAll()

    def _failed(self, error: BaseException) -> bool:
        self._set_busy(False)
        if isinstance(error, SocialDeskError):
            self._show_error(str(error))
            return True
        return False

    def _rotated(self, rotation: Any) -> None:
        self._set_busy(False)
        self.rotation = rotation
        self.passphrase_edit.clear()
        self.passphrase_edit.hide()
        self.error_label.hide()
        self.intro.setText(
            _("The vault key was changed. Here is your new recovery key (shown only this once):")
        )
        self.column.insertWidget(1, RecoveryKeyView(rotation.recovery_key, self.vault.path.name))
        if rotation.device_dropped:
            self.result_label.setText(
                _(
                    "This computer no longer remembers the key (the system keyring did not "
                    "answer); turn it on again in Settings → Security if you want it."
                )
            )
            self.result_label.show()
        self.rotate_button.hide()
        self.cancel_button.setText(_("Close"))
        self.cancel_button.clicked.disconnect()
        self.cancel_button.clicked.connect(self.accept)

    def reject(self) -> None:
        if self._busy:
            return  # the re-encryption cannot be interrupted safely from here
        super().reject()
