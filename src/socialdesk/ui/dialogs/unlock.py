"""Unlock the vault with the passphrase, the recovery key, or the key remembered on this
device. The key derivation runs on the worker; the dialog shows a busy state meanwhile.

After 5 failed attempts the dialog counts down the wait (the Unlock button is disabled
meanwhile). A warning found at unlock (tamper evidence, an interrupted key change
completed) is shown here before the vault is handed over: the person reads it, may say
they have checked, then continues."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from socialdesk.domain.errors import DamagedVault, SocialDeskError
from socialdesk.i18n import _
from socialdesk.services.tamper import TamperWarning
from socialdesk.services.vault import (
    acknowledge_tamper_warning,
    unlock_with_device,
    unlock_with_passphrase,
    unlock_with_recovery_key,
)
from socialdesk.ui.dialogs.restore_wizard import open_restore_wizard
from socialdesk.ui.ops import Operations
from socialdesk.vault.keyring_store import DeviceKeyStore
from socialdesk.vault.throttle import Clock, UnlockDelayed, UnlockThrottle

PASSPHRASE_MODE, RECOVERY_MODE = 0, 1


class UnlockDialog(QDialog):
    """Emits ``unlocked(vault)`` and accepts once the vault is open; rejecting means quit."""

    unlocked = Signal(object)

    def __init__(
        self,
        ops: Operations,
        vault_path: Path,
        *,
        demo_passphrase: str | None = None,
        parent: QWidget | None = None,
        clock: Clock | None = None,
    ) -> None:
        super().__init__(parent)
        self.used_recovery_key = False
        self._clock = clock
        self._throttle = UnlockThrottle(Path(vault_path), clock)
        self._opened: Any = None  # a vault unlocked with warnings, waiting for "Continue"
        self.wait_timer = QTimer(self)
        self.wait_timer.setInterval(1000)
        self.wait_timer.timeout.connect(self._tick)
        self.setObjectName("unlockDialog")
        self.ops = ops
        self.vault_path = Path(vault_path)
        self._busy = False
        self._mode = PASSPHRASE_MODE
        self.setWindowTitle(_("SocialDesk — Unlock"))

        title = QLabel(_("Unlock your vault"), self)
        title_font = title.font()
        title_font.setPointSizeF(title_font.pointSizeF() * 1.5)
        title_font.setWeight(QFont.Weight.DemiBold)
        title.setFont(title_font)
        self.vault_label = QLabel(self.vault_path.name, self)
        self.vault_label.setObjectName("unlockVaultName")
        self.vault_label.setToolTip(str(self.vault_path))
        self.vault_label.setStyleSheet("color: palette(placeholder-text);")

        self.field_label = QLabel(self)
        self.passphrase_edit = QLineEdit(self)
        self.passphrase_edit.setObjectName("passphraseEdit")
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_edit.setAccessibleName(_("Passphrase"))
        self.recovery_edit = QLineEdit(self)
        self.recovery_edit.setObjectName("recoveryKeyEdit")
        self.recovery_edit.setPlaceholderText("XXXX-XXXX-XXXX-…")
        self.recovery_edit.setAccessibleName(_("Recovery key"))
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.recovery_edit.setFont(mono)
        self.fields = QStackedWidget(self)
        self.fields.addWidget(self.passphrase_edit)
        self.fields.addWidget(self.recovery_edit)
        self.fields.setSizePolicy(self.passphrase_edit.sizePolicy())
        self.fields.setFixedHeight(self.passphrase_edit.sizeHint().height())
        for edit in (self.passphrase_edit, self.recovery_edit):
            edit.textEdited.connect(self._clear_error)
            edit.returnPressed.connect(self.try_unlock)

        self.show_check = QCheckBox(_("Show"), self)
        self.show_check.setObjectName("showPassphraseCheck")
        self.show_check.toggled.connect(
            lambda on: self.passphrase_edit.setEchoMode(
                QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password
            )
        )
        field_row = QHBoxLayout()
        field_row.addWidget(self.fields, 1)
        field_row.addWidget(self.show_check)

        self.error_label = QLabel(self)
        self.error_label.setObjectName("unlockError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b3261e;")
        self.error_label.hide()

        self.wait_label = QLabel(self)
        self.wait_label.setObjectName("unlockWaitLabel")
        self.wait_label.setWordWrap(True)
        self.wait_label.hide()

        self.warning_label = QLabel(self)
        self.warning_label.setObjectName("unlockWarning")
        self.warning_label.setWordWrap(True)
        self.warning_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.warning_label.setStyleSheet(
            "QLabel { background: #fff4e5; color: #5f370e; border: 1px solid #f0b35c;"
            " border-radius: 4px; padding: 8px; }"
        )
        self.warning_label.hide()
        self.acknowledge_check = QCheckBox(_("I have checked: stop showing this warning"), self)
        self.acknowledge_check.setObjectName("acknowledgeWarningCheck")
        self.acknowledge_check.hide()

        self.note_label = QLabel(self)
        self.note_label.setObjectName("unlockNote")
        self.note_label.setWordWrap(True)
        self.note_label.hide()
        if demo_passphrase is not None:
            self.passphrase_edit.setText(demo_passphrase)
            self.note_label.setText(_("This is the demo vault: its passphrase is filled in."))
            self.note_label.show()

        self.mode_button = QPushButton(self)
        self.mode_button.setObjectName("useRecoveryButton")
        self.mode_button.setFlat(True)
        self.mode_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.mode_button.setStyleSheet("QPushButton { color: palette(link); text-align: left; }")
        self.mode_button.clicked.connect(self.toggle_mode)

        self.progress = QProgressBar(self)
        self.progress.setObjectName("unlockProgress")
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(8)
        self.progress.hide()
        self.busy_label = QLabel(self)
        self.busy_label.setObjectName("unlockBusyLabel")
        self.busy_label.hide()

        # A damaged vault is never recreated: the way out is a verified backup.
        self.restore_button = QPushButton(_("Restore from a backup…"), self)
        self.restore_button.setObjectName("restoreFromBackupButton")
        self.restore_button.setAutoDefault(False)
        self.restore_button.clicked.connect(self.open_restore)
        self.restore_button.hide()
        self.quit_button = QPushButton(_("Quit"), self)
        self.quit_button.setObjectName("quitButton")
        self.quit_button.setAutoDefault(False)
        self.quit_button.clicked.connect(self.reject)
        self.unlock_button = QPushButton(_("Unlock"), self)
        self.unlock_button.setObjectName("unlockButton")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.try_unlock)
        buttons = QHBoxLayout()
        buttons.addWidget(self.mode_button)
        buttons.addStretch(1)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.quit_button)
        buttons.addWidget(self.unlock_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 18)
        layout.setSpacing(8)
        layout.addWidget(title)
        layout.addWidget(self.vault_label)
        layout.addSpacing(10)
        layout.addWidget(self.field_label)
        layout.addLayout(field_row)
        layout.addWidget(self.note_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self.wait_label)
        layout.addWidget(self.warning_label)
        layout.addWidget(self.acknowledge_check)
        layout.addWidget(self.busy_label)
        layout.addWidget(self.progress)
        layout.addStretch(1)
        layout.addSpacing(8)
        layout.addLayout(buttons)

        self._apply_mode()
        self.setMinimumWidth(460)
        self._tick()  # a wait started before a restart still applies

    # ---- modes -------------------------------------------------------------------------
    @property
    def mode(self) -> int:
        return self._mode

    def toggle_mode(self) -> None:
        self._mode = RECOVERY_MODE if self._mode == PASSPHRASE_MODE else PASSPHRASE_MODE
        self._apply_mode()

    def _apply_mode(self) -> None:
        recovery = self._mode == RECOVERY_MODE
        self.fields.setCurrentIndex(self._mode)
        self.show_check.setVisible(not recovery)
        self.field_label.setText(_("Recovery key:") if recovery else _("Passphrase:"))
        self.field_label.setBuddy(self.current_edit())
        self.mode_button.setText(
            _("Use my passphrase instead") if recovery else _("Use my recovery key instead")
        )
        self._clear_error()
        self.current_edit().setFocus()

    def current_edit(self) -> QLineEdit:
        return self.recovery_edit if self._mode == RECOVERY_MODE else self.passphrase_edit

    # ---- unlocking ---------------------------------------------------------------------
    def _clear_error(self) -> None:
        self.error_label.hide()

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        for widget in (
            self.passphrase_edit,
            self.recovery_edit,
            self.show_check,
            self.mode_button,
            self.unlock_button,
        ):
            widget.setEnabled(not busy)
        self.busy_label.setText(text)
        self.busy_label.setVisible(busy)
        self.progress.setVisible(busy)

    def try_unlock(self) -> None:
        if self._opened is not None:
            self._continue()
            return
        if self._busy or self.wait_timer.isActive():
            return
        secret = self.current_edit().text()
        if not secret:
            self.show_error(
                _("Enter your recovery key.")
                if self._mode == RECOVERY_MODE
                else _("Enter your passphrase.")
            )
            return
        path = self.vault_path
        clock = self._clock
        if self._mode == RECOVERY_MODE:

            def unlock() -> Any:
                return unlock_with_recovery_key(path, secret, clock=clock)

        else:

            def unlock() -> Any:
                return unlock_with_passphrase(path, secret, clock=clock)

        self._clear_error()
        self._set_busy(True, _("Unlocking…"))
        self.ops.run_task(unlock, on_success=self._unlocked, on_error=self._failed, owner=self)

    def start_device_unlock(self, store: DeviceKeyStore) -> None:
        """Try the key remembered on this device; on any failure, quietly ask for the
        passphrase instead."""
        path = self.vault_path
        self._set_busy(True, _("Opening with the key remembered on this device…"))
        self.ops.run_task(
            lambda: unlock_with_device(path, store),
            on_success=self._unlocked,
            on_error=self._device_failed,
            owner=self,
        )

    def _device_failed(self, _error: BaseException) -> bool:
        self._set_busy(False)
        self.current_edit().setFocus()
        return True

    def _unlocked(self, vault: Any) -> None:
        self._set_busy(False)
        self.used_recovery_key = self._mode == RECOVERY_MODE
        self.passphrase_edit.clear()
        self.recovery_edit.clear()
        notices = list(getattr(vault, "notices", []))
        if notices:
            self._show_warnings(vault, notices)
            return
        self._hand_over(vault)

    def _hand_over(self, vault: Any) -> None:
        self._opened = None
        self.accept()
        self.unlocked.emit(vault)

    def _failed(self, error: BaseException) -> bool:
        self._set_busy(False)
        if isinstance(error, SocialDeskError):
            if not isinstance(error, UnlockDelayed):
                self.show_error(str(error))
            self.restore_button.setVisible(isinstance(error, DamagedVault))
            self._tick()
            return True
        return False

    def open_restore(self) -> QWidget:
        """The restore wizard for this vault; a restored vault is handed over like an
        unlocked one."""
        wizard = open_restore_wizard(self, self.vault_path, self.ops)
        wizard.restored.connect(self._unlocked)
        return wizard

    # ---- brute-force friction ----------------------------------------------------------
    def _tick(self) -> None:
        """Show the wait left after too many failures; the Unlock button waits too."""
        left = self._throttle.remaining()
        if left > 0:
            self.wait_label.setText(str(UnlockDelayed(seconds=left)))
            self.wait_label.show()
            self.error_label.hide()
            self.unlock_button.setEnabled(False)
            if not self.wait_timer.isActive():
                self.wait_timer.start()
            return
        self.wait_timer.stop()
        self.wait_label.hide()
        if not self._busy:
            self.unlock_button.setEnabled(True)

    @property
    def waiting(self) -> bool:
        return self.wait_timer.isActive()

    # ---- warnings found at unlock --------------------------------------------------------
    def _show_warnings(self, vault: Any, notices: list[Any]) -> None:
        self._opened = vault
        self.warning_label.setText("\n\n".join(str(n) for n in notices))
        self.warning_label.show()
        self.acknowledge_check.setVisible(any(isinstance(n, TamperWarning) for n in notices))
        for widget in (self.passphrase_edit, self.recovery_edit, self.show_check):
            widget.setEnabled(False)
        self.mode_button.hide()
        self.field_label.hide()
        self.fields.hide()
        self.show_check.hide()
        self.note_label.hide()
        self.unlock_button.setText(_("Continue"))
        self.unlock_button.setFocus()

    def _continue(self) -> None:
        vault = self._opened
        if vault is None or self._busy:
            return
        if self.acknowledge_check.isVisible() and self.acknowledge_check.isChecked():
            self._set_busy(True, _("Saving…"))
            self.ops.run_task(
                lambda: acknowledge_tamper_warning(vault),
                on_success=lambda _none: self._acknowledged(vault),
                on_error=self._failed,
                owner=self,
            )
            return
        self._hand_over(vault)

    def _acknowledged(self, vault: Any) -> None:
        self._set_busy(False)
        self._hand_over(vault)

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()
        edit = self.current_edit()
        edit.setFocus()
        edit.selectAll()

    def reject(self) -> None:
        if self._busy:
            return  # the key derivation cannot be interrupted; it ends in a second
        if self._opened is not None:
            self._opened.lock()  # quitting at the warning: nothing stays open
            self._opened = None
        self.wait_timer.stop()
        super().reject()
