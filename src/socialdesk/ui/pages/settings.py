"""Settings: the practitioner profile and the security of the vault."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from socialdesk.domain.changes import NO_CHANGES, Changes
from socialdesk.domain.errors import ValidationError
from socialdesk.domain.profile import PractitionerProfile
from socialdesk.i18n import _
from socialdesk.services.vault import forget_on_device, has_device_slot, remember_on_device
from socialdesk.ui.dialogs.change_passphrase import ChangePassphraseDialog
from socialdesk.ui.dialogs.rotate_key import RotateKeyDialog
from socialdesk.ui.events import ChangeBus
from socialdesk.ui.ops import Operations, show_error
from socialdesk.ui.pages.base import Page, heading
from socialdesk.ui.pages.profile_form import ProfileForm
from socialdesk.ui.pages.settings_agenda import AgendaSettingsSection
from socialdesk.ui.pages.settings_backup import BackupSettingsSection
from socialdesk.ui.pages.settings_billing import BillingSettingsSection
from socialdesk.ui.pages.settings_security import SecurityRetentionSection
from socialdesk.ui.pages.settings_typology import TypologySection
from socialdesk.vault.kdf import KdfParams
from socialdesk.vault.keyring_store import DeviceKeyStore

CONTENT_MAX_WIDTH = 760


def _load_profile(uow: Any) -> tuple[PractitionerProfile, Changes]:
    from socialdesk.services.profile import get_profile

    return get_profile(uow), NO_CHANGES


class SettingsPage(Page):
    key = "settings"
    lock_requested = Signal()

    def __init__(
        self,
        ops: Operations,
        bus: ChangeBus,
        *,
        device_store: DeviceKeyStore | None = None,
        kdf_params: KdfParams | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ops, bus, parent)
        self.device_store = device_store or DeviceKeyStore()
        self.kdf_params = kdf_params  # tests only: cheap KDF for the passphrase change
        self._loaded = False
        self._saving = False
        self._keyring_available = False

        # --- profile
        self.form = ProfileForm(self)
        self.save_button = QPushButton(_("Save the profile"), self)
        self.save_button.setObjectName("saveProfileButton")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save_profile)
        self.save_status = QLabel(self)
        self.save_status.setObjectName("profileSaveStatus")
        self.save_status.setWordWrap(True)
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_status, 1)
        save_row.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignTop)

        # --- security
        security = QGroupBox(_("Security"), self)
        security.setObjectName("securityGroup")
        self.change_passphrase_button = QPushButton(_("Change the passphrase…"), security)
        self.change_passphrase_button.setObjectName("changePassphraseButton")
        self.change_passphrase_button.clicked.connect(self.open_change_passphrase)
        self.rotate_key_button = QPushButton(_("Change the vault key…"), security)
        self.rotate_key_button.setObjectName("rotateKeyButton")
        self.rotate_key_button.clicked.connect(self.open_rotate_key)
        self.remember_check = QCheckBox(_("Remember on this device"), security)
        self.remember_check.setObjectName("rememberDeviceCheck")
        self.remember_check.setEnabled(False)
        self.remember_check.toggled.connect(self._remember_toggled)
        self.remember_hint = QLabel(security)
        self.remember_hint.setObjectName("rememberDeviceHint")
        self.remember_hint.setWordWrap(True)
        self.remember_hint.setStyleSheet("color: palette(placeholder-text);")
        self.lock_button = QPushButton(_("Lock now"), security)
        self.lock_button.setObjectName("lockNowButton")
        self.lock_button.clicked.connect(self.lock_requested)
        self.vault_file_label = QLabel(security)
        self.vault_file_label.setObjectName("vaultFileLabel")
        self.vault_file_label.setWordWrap(True)
        self.vault_file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.security_status = QLabel(security)
        self.security_status.setObjectName("securityStatus")
        self.security_status.setStyleSheet("color: #1e8449;")
        buttons = QHBoxLayout()
        buttons.addWidget(self.change_passphrase_button)
        buttons.addWidget(self.rotate_key_button)
        buttons.addWidget(self.lock_button)
        buttons.addWidget(self.security_status, 1)
        security_layout = QVBoxLayout(security)
        security_layout.addWidget(self.vault_file_label)
        security_layout.addLayout(buttons)
        security_layout.addSpacing(4)
        security_layout.addWidget(self.remember_check)
        security_layout.addWidget(self.remember_hint)

        # --- page
        content = QWidget(self)
        content.setObjectName("settingsContent")
        content.setMaximumWidth(CONTENT_MAX_WIDTH)
        column = QVBoxLayout(content)
        column.setContentsMargins(24, 20, 24, 24)
        column.addWidget(heading(_("Settings"), content))
        column.addSpacing(4)
        column.addWidget(heading(_("Practitioner profile"), content, 1.15))
        intro = QLabel(
            _(
                "Printed on your invoices and reports. Only the identifiers of your country are shown."
            ),
            content,
        )
        intro.setWordWrap(True)
        column.addWidget(intro)
        column.addSpacing(6)
        column.addWidget(self.form)
        column.addLayout(save_row)
        column.addSpacing(16)
        self.typology = TypologySection(ops, bus, content)
        column.addWidget(self.typology)
        column.addSpacing(16)
        self.agenda = AgendaSettingsSection(ops, bus, content)
        column.addWidget(self.agenda)
        column.addSpacing(16)
        self.billing = BillingSettingsSection(ops, bus, content)
        column.addWidget(self.billing)
        column.addSpacing(16)
        self.backups = BackupSettingsSection(ops, bus, content)
        column.addWidget(self.backups)
        column.addSpacing(16)
        column.addWidget(security)
        column.addSpacing(16)
        self.security_retention = SecurityRetentionSection(ops, bus, content)
        column.addWidget(self.security_retention)
        column.addStretch(1)

        holder = QWidget(self)
        holder_layout = QHBoxLayout(holder)
        holder_layout.setContentsMargins(0, 0, 0, 0)
        holder_layout.addWidget(content, 1)
        holder_layout.addStretch(0)
        self.scroll_area = scroll = QScrollArea(self)
        scroll.setObjectName("settingsScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(holder)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self.clear()

    def title(self) -> str:
        return _("Settings")

    # ---- loading -----------------------------------------------------------------------
    def on_changes(self, changes: Changes) -> None:
        if changes.vault:
            self.reload_security()
        if changes.vault or changes.profile:
            self.reload_profile()

    def reload_profile(self) -> None:
        self.ops.run_db(_load_profile, on_success=self._show_profile, owner=self)

    def _show_profile(self, profile: PractitionerProfile) -> None:
        self.form.set_profile(profile)
        self._loaded = True

    def reload_security(self) -> None:
        vault = self.ops.vault
        if vault is None:
            return
        self.vault_file_label.setText(_("Vault file: {path}", path=vault.path))
        store, path = self.device_store, vault.path
        self.ops.run_task(
            lambda: (store.is_available(), has_device_slot(path)),
            on_success=self._show_device_state,
            owner=self,
        )

    def _show_device_state(self, state: tuple[bool, bool]) -> None:
        available, remembered = state
        self._keyring_available = available
        self.remember_check.blockSignals(True)
        self.remember_check.setChecked(remembered)
        self.remember_check.blockSignals(False)
        # Forgetting stays possible even if the store disappeared since.
        self.remember_check.setEnabled(available or remembered)
        if available:
            self.remember_hint.setText(
                _(
                    "Opens the vault without the passphrase on this computer, using the "
                    "system's password store. Leave it off on a shared computer."
                )
            )
        else:
            self.remember_hint.setText(
                _(
                    "Not available: this computer has no secure password store (keyring), "
                    "so SocialDesk will not keep the key here."
                )
            )

    # ---- saving ------------------------------------------------------------------------
    def save_profile(self) -> None:
        if self._saving:
            return
        profile = self.form.profile()
        self.form.clear_errors()
        self.save_status.clear()
        self._saving = True
        self.save_button.setEnabled(False)

        def save(uow: Any) -> tuple[PractitionerProfile, Changes]:
            from socialdesk.services.profile import save_profile

            return save_profile(uow, profile)

        self.ops.run_db(save, on_success=self._saved, on_error=self._save_failed, owner=self)

    def _saved(self, profile: PractitionerProfile) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        self.form.set_profile(profile)
        self._loaded = True
        self.save_status.setStyleSheet("color: #1e8449;")
        self.save_status.setText(_("Profile saved."))

    def _save_failed(self, error: BaseException) -> bool:
        self._saving = False
        self.save_button.setEnabled(True)
        if not isinstance(error, ValidationError):
            return False
        elsewhere = self.form.show_errors(error.errors)
        if self.form.first_error_widget is not None:
            self.scroll_area.ensureWidgetVisible(self.form.first_error_widget, 50, 80)
        lines = [_("Nothing was saved: correct the fields marked in red.")]
        lines += [f"• {_(error.errors[name])}" for name in elsewhere]
        self.save_status.setStyleSheet("color: #b3261e;")
        self.save_status.setText("\n".join(lines))
        return True

    # ---- security ----------------------------------------------------------------------
    def open_change_passphrase(self) -> ChangePassphraseDialog | None:
        vault = self.ops.vault
        if vault is None:
            return None
        dialog = ChangePassphraseDialog(
            self.ops, vault.path, kdf_params=self.kdf_params, parent=self.window()
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self._passphrase_changed)
        dialog.open()
        return dialog

    def open_rotate_key(self) -> RotateKeyDialog | None:
        vault = self.ops.vault
        if vault is None:
            return None
        dialog = RotateKeyDialog(
            self.ops,
            vault,
            device_store=self.device_store,
            kdf_params=self.kdf_params,
            parent=self.window(),
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.security_status.setText(_("Vault key changed.")))
        dialog.open()
        return dialog

    def _passphrase_changed(self) -> None:
        self.security_status.setText(_("Passphrase changed."))

    def _remember_toggled(self, checked: bool) -> None:
        vault = self.ops.vault
        if vault is None:
            return
        store = self.device_store
        self.remember_check.setEnabled(False)

        def apply() -> None:
            if checked:
                remember_on_device(vault, store)
            else:
                forget_on_device(vault, store)

        self.ops.run_task(
            apply,
            on_success=lambda _r: self.remember_check.setEnabled(True),
            on_error=self._remember_failed,
            owner=self,
        )

    def _remember_failed(self, error: BaseException) -> bool:
        self.remember_check.blockSignals(True)
        self.remember_check.setChecked(not self.remember_check.isChecked())
        self.remember_check.blockSignals(False)
        self.remember_check.setEnabled(self._keyring_available)
        show_error(self.window(), error)
        return True

    # ---- lock --------------------------------------------------------------------------
    def clear(self) -> None:
        self.form.set_profile(PractitionerProfile())
        self._loaded = False
        self._saving = False
        self.save_button.setEnabled(True)
        self.save_status.clear()
        self.vault_file_label.clear()
        self.security_status.clear()
        self.remember_check.blockSignals(True)
        self.remember_check.setChecked(False)
        self.remember_check.blockSignals(False)
        self.remember_check.setEnabled(False)
        self.remember_hint.clear()
        self.typology.clear()
        self.agenda.clear()
        self.billing.clear()
        self.backups.clear()
        self.security_retention.clear()

    def holds_vault_data(self) -> bool:
        return (
            self._loaded
            or self.typology.holds_vault_data()
            or self.agenda.holds_vault_data()
            or self.billing.holds_vault_data()
            or self.backups.holds_vault_data()
            or self.security_retention.holds_vault_data()
        )
