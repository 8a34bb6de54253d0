"""Settings → Security & retention: the auto-lock delay and how long files are kept, with
the way to the files due for deletion.

The delay applies at once: saving broadcasts a settings change, the session controller
reads it back and restarts its idle timer. "Never lock" is not offered.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from socialdesk.domain.changes import NO_CHANGES, Changes
from socialdesk.domain.errors import ValidationError
from socialdesk.domain.retention import (
    MAX_IDLE_MINUTES,
    MAX_RETENTION_YEARS,
    MIN_IDLE_MINUTES,
    MIN_INVOICE_YEARS,
    SecuritySettings,
)
from socialdesk.i18n import _
from socialdesk.ui.client_file.fields import ErrorForm, StatusLine
from socialdesk.ui.events import ChangeBus
from socialdesk.ui.ops import Operations


def _read(uow: Any) -> tuple[tuple[SecuritySettings, int], Changes]:
    from socialdesk.services.retention import count_due, security_settings

    return (security_settings(uow), count_due(uow)), NO_CHANGES


class SecurityRetentionSection(QGroupBox):
    def __init__(self, ops: Operations, bus: ChangeBus, parent: QWidget | None = None) -> None:
        # "&" would underline the next letter as a shortcut in a group box title.
        super().__init__(_("Security & retention").replace("&", "&&"), parent)
        self.setObjectName("securityRetentionGroup")
        self.ops = ops
        self.bus = bus
        self._settings: SecuritySettings | None = None
        self._saving = False
        self._dirty = False
        self._loading = False
        self.dialog: Any = None

        self.form = ErrorForm(self)
        self.idle_spin = self._spin(MIN_IDLE_MINUTES, MAX_IDLE_MINUTES, _(" min"), "idle_minutes")
        self.idle_spin.setObjectName("idleMinutesSpin")
        self.form.add_row("idle_minutes", _("Lock after this much inactivity"), self.idle_spin)
        self.case_spin = self._spin(1, MAX_RETENTION_YEARS, _(" years"), "case_data_years")
        self.case_spin.setObjectName("caseDataYearsSpin")
        self.form.add_row(
            "case_data_years", _("Keep case files after the last contact"), self.case_spin
        )
        self.invoice_spin = self._spin(
            MIN_INVOICE_YEARS, MAX_RETENTION_YEARS, _(" years"), "invoice_years"
        )
        self.invoice_spin.setObjectName("invoiceYearsSpin")
        self.form.add_row("invoice_years", _("Keep invoices"), self.invoice_spin)

        hint = QLabel(
            _(
                "The vault also locks when the screen locks or the computer goes to sleep "
                "(Linux). The durations follow the CNIL reference for social work: case "
                "data two years after the last contact or the closing of the file; "
                "invoices ten years. Erasing a file never removes its invoices."
            ),
            self,
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(placeholder-text);")

        self.save_button = QPushButton(_("Save the security settings"), self)
        self.save_button.setObjectName("saveSecuritySettingsButton")
        self.save_button.clicked.connect(self.save)
        self.status = StatusLine(self)
        self.status.setObjectName("securitySettingsStatus")
        save_row = QHBoxLayout()
        save_row.addWidget(self.status, 1)
        save_row.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignTop)

        self.due_label = QLabel(self)
        self.due_label.setObjectName("dueForDeletionCount")
        self.due_label.setWordWrap(True)
        self.due_button = QPushButton(_("Files due for deletion…"), self)
        self.due_button.setObjectName("openDueForDeletionButton")
        self.due_button.clicked.connect(self.open_due_list)
        due_row = QHBoxLayout()
        due_row.addWidget(self.due_label, 1)
        due_row.addWidget(self.due_button, 0)

        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(hint)
        layout.addLayout(save_row)
        layout.addSpacing(6)
        layout.addLayout(due_row)
        bus.changed.connect(self.on_changes)
        self.clear()

    def _spin(self, low: int, high: int, suffix: str, name: str) -> QSpinBox:
        spin = QSpinBox(self)
        spin.setRange(low, high)
        spin.setSuffix(suffix)
        spin.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        spin.valueChanged.connect(lambda _v: self._edited(name))
        return spin

    def _edited(self, name: str) -> None:
        if self._loading:
            return
        self._dirty = True
        self.form.hide_error(name)
        self.status.clear()

    # ---- the form ----------------------------------------------------------------------
    def settings(self) -> SecuritySettings:
        return SecuritySettings(
            idle_minutes=self.idle_spin.value(),
            case_data_years=self.case_spin.value(),
            invoice_years=self.invoice_spin.value(),
        )

    def set_settings(self, settings: SecuritySettings) -> None:
        self._loading = True
        try:
            self.idle_spin.setValue(settings.idle_minutes)
            self.case_spin.setValue(settings.case_data_years)
            self.invoice_spin.setValue(settings.invoice_years)
        finally:
            self._loading = False
        self._dirty = False

    # ---- loading -----------------------------------------------------------------------
    def on_changes(self, changes: Changes) -> None:
        if changes.vault or ((changes.settings or changes.clients) and not self._dirty):
            self.reload()
        elif changes.clients:
            self.ops.run_db(_read, on_success=lambda r: self._show_count(r[1]), owner=self)

    def reload(self) -> None:
        self.ops.run_db(_read, on_success=self._show, owner=self)

    def _show(self, result: tuple[SecuritySettings, int]) -> None:
        settings, due = result
        self._settings = settings
        self.set_settings(settings)
        self.form.clear_errors()
        self._show_count(due)

    def _show_count(self, due: int) -> None:
        if due:
            self.due_label.setText(
                _("{count} files are due for deletion.", count=due)
                if due > 1
                else _("One file is due for deletion.")
            )
        else:
            self.due_label.setText(_("No file is due for deletion."))

    # ---- saving ------------------------------------------------------------------------
    def save(self) -> None:
        if self._saving or self._settings is None:
            return
        settings = self.settings()
        self.form.clear_errors()
        self.status.clear()
        self._saving = True
        self.save_button.setEnabled(False)

        def write(uow: Any) -> tuple[SecuritySettings, Changes]:
            from socialdesk.services.retention import save_security_settings

            return save_security_settings(uow, settings)

        self.ops.run_db(write, on_success=self._saved, on_error=self._failed, owner=self)

    def _saved(self, settings: SecuritySettings) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        self._settings = settings
        self.set_settings(settings)
        self.status.ok(_("Security settings saved."))

    def _failed(self, error: BaseException) -> bool:
        self._saving = False
        self.save_button.setEnabled(True)
        if not isinstance(error, ValidationError):
            return False
        elsewhere = self.form.show_errors(error.errors)
        lines = [_("Nothing was saved: correct the fields marked in red.")]
        lines += [f"• {_(error.errors[name])}" for name in elsewhere]
        self.status.error("\n".join(lines))
        return True

    # ---- due for deletion --------------------------------------------------------------
    def open_due_list(self) -> Any:
        from socialdesk.ui.retention.dialog import DueForDeletionDialog

        dialog = DueForDeletionDialog(self.ops, self.bus, parent=self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.dialog = dialog
        return dialog

    # ---- lock --------------------------------------------------------------------------
    def clear(self) -> None:
        self._settings = None
        self._saving = False
        self.save_button.setEnabled(True)
        self.set_settings(SecuritySettings())
        self.form.clear_errors()
        self.status.clear()
        self.due_label.clear()

    def holds_vault_data(self) -> bool:
        return self._settings is not None
