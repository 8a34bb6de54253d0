"""Settings → Backups: where backups go, how many are kept, the last one, "Back up now"
and "Restore from a backup…".

The folder and the counts are saved in the vault with "Save the backup settings"; a
refused value is shown next to its field and what was typed stays in the form.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from socialdesk.domain.changes import Changes
from socialdesk.domain.errors import ValidationError
from socialdesk.i18n import _
from socialdesk.services.backups import (
    MAX_KEEP,
    BackupPolicy,
    BackupStatus,
    backup_folders,
    default_backup_dir,
    save_policy,
)
from socialdesk.ui.backup_status import (
    OK_STYLE,
    WARNING_STYLE,
    DailyBackup,
    load_status,
    status_lines,
)
from socialdesk.ui.client_file.fields import ErrorForm, StatusLine
from socialdesk.ui.dialogs.restore_wizard import RestoreWizard, open_restore_wizard
from socialdesk.ui.events import ChangeBus
from socialdesk.ui.ops import Operations, error_text


class BackupSettingsSection(QGroupBox):
    def __init__(self, ops: Operations, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(_("Backups"), parent)
        self.setObjectName("backupSettingsGroup")
        self.ops = ops
        self.status: BackupStatus | None = None
        self.running: DailyBackup | None = None
        self._busy = False

        intro = QLabel(
            _(
                "An encrypted copy of the vault is made at the first unlock of each day and "
                "before every upgrade. It opens with the same passphrase and recovery key. "
                "Choose a USB drive or another disk, so that a lost or broken computer does "
                "not take the backups with it."
            ),
            self,
        )
        intro.setWordWrap(True)

        self.form = ErrorForm(self)
        folder_row = QWidget(self)
        self.folder_edit = QLineEdit(folder_row)
        self.folder_edit.setObjectName("backupFolderEdit")
        self.folder_edit.setReadOnly(True)
        self.choose_button = QPushButton(_("Choose…"), folder_row)
        self.choose_button.setObjectName("backupChooseFolderButton")
        self.choose_button.clicked.connect(self.choose_folder)
        self.default_button = QPushButton(_("Default folder"), folder_row)
        self.default_button.setObjectName("backupDefaultFolderButton")
        self.default_button.clicked.connect(lambda: self.set_folder(None))
        row = QHBoxLayout(folder_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.folder_edit, 1)
        row.addWidget(self.choose_button)
        row.addWidget(self.default_button)
        self.form.add_row("folder", _("Backup folder"), folder_row)

        self.daily_spin = self._spin("backupKeepDaily")
        self.weekly_spin = self._spin("backupKeepWeekly")
        self.monthly_spin = self._spin("backupKeepMonthly")
        self.form.add_row("daily", _("Daily backups kept"), self.daily_spin)
        self.form.add_row("weekly", _("Weekly backups kept"), self.weekly_spin)
        self.form.add_row("monthly", _("Monthly backups kept"), self.monthly_spin)

        self.save_button = QPushButton(_("Save the backup settings"), self)
        self.save_button.setObjectName("saveBackupSettingsButton")
        self.save_button.clicked.connect(self.save)
        self.save_status = StatusLine(self)
        self.save_status.setObjectName("backupSettingsStatus")
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_status, 1)
        save_row.addWidget(self.save_button)

        self.status_label = QLabel(self)
        self.status_label.setObjectName("backupStatusLabel")
        self.status_label.setWordWrap(True)
        self.backup_button = QPushButton(_("Back up now"), self)
        self.backup_button.setObjectName("backupNowButton")
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button = QPushButton(_("Restore from a backup…"), self)
        self.restore_button.setObjectName("restoreBackupButton")
        self.restore_button.clicked.connect(self.open_restore)
        self.result = StatusLine(self)
        self.result.setObjectName("backupNowResult")
        actions = QHBoxLayout()
        actions.addWidget(self.backup_button)
        actions.addWidget(self.restore_button)
        actions.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.form)
        layout.addLayout(save_row)
        layout.addSpacing(8)
        layout.addWidget(self.status_label)
        layout.addLayout(actions)
        layout.addWidget(self.result)
        bus.changed.connect(self.on_changes)
        self.clear()

    def _spin(self, name: str) -> QSpinBox:
        spin = QSpinBox(self)
        spin.setObjectName(name)
        spin.setRange(0, MAX_KEEP)
        spin.setMaximumWidth(90)
        return spin

    # ---- loading -----------------------------------------------------------------------
    def on_changes(self, changes: Changes) -> None:
        if changes.vault or changes.settings:
            self.reload()

    def reload(self) -> None:
        vault = self.ops.vault
        if vault is None:
            return
        self.ops.run_db(load_status(vault.path), on_success=self.show_status, owner=self)

    def show_status(self, status: BackupStatus) -> None:
        first = self.status is None
        self.status = status
        if first:
            self._show_policy(status.policy)
        now = datetime.now(UTC)
        lines = status_lines(status, now)
        lines.insert(
            1, _("{count} backup(s) kept in {folder}.", count=status.kept, folder=status.folder)
        )
        self.status_label.setText("\n".join(lines))
        self.status_label.setStyleSheet(WARNING_STYLE if status.needs_attention(now) else OK_STYLE)

    def _show_policy(self, policy: BackupPolicy) -> None:
        self.set_folder(policy.folder)
        self.daily_spin.setValue(policy.daily)
        self.weekly_spin.setValue(policy.weekly)
        self.monthly_spin.setValue(policy.monthly)

    def set_folder(self, folder: str | None) -> None:
        self._folder = folder
        vault = self.ops.vault
        if folder is None:
            default = default_backup_dir(vault.path) if vault is not None else ""
            self.folder_edit.setText(
                _("{folder} (default, beside the vault)", folder=default) if default else ""
            )
        else:
            self.folder_edit.setText(folder)
        self.folder_edit.setToolTip(self.folder_edit.text())
        self.folder_edit.setCursorPosition(0)

    def choose_folder(self) -> None:
        start = self._folder or (
            str(default_backup_dir(self.ops.vault.path)) if self.ops.vault else ""
        )
        chosen = QFileDialog.getExistingDirectory(self, _("Choose the backup folder"), start)
        if chosen:
            self.set_folder(str(Path(chosen)))

    def policy(self) -> BackupPolicy:
        return BackupPolicy(
            self._folder,
            self.daily_spin.value(),
            self.weekly_spin.value(),
            self.monthly_spin.value(),
        )

    # ---- actions -----------------------------------------------------------------------
    def save(self) -> None:
        policy = self.policy()
        self.form.clear_errors()
        self.save_status.clear()

        def op(uow: Any) -> tuple[BackupPolicy, Changes]:
            return save_policy(uow, policy)

        self.ops.run_db(op, on_success=self._saved, on_error=self._save_failed, owner=self)

    def _saved(self, policy: BackupPolicy) -> None:
        self._show_policy(policy)
        self.save_status.ok(_("Backup settings saved."))

    def _save_failed(self, error: BaseException) -> bool:
        if not isinstance(error, ValidationError):
            return False
        self.form.show_errors(error.errors)
        self.save_status.error(_("Nothing was saved: correct the fields marked in red."))
        return True

    def back_up_now(self) -> None:
        vault = self.ops.vault
        if vault is None or self._busy:
            return
        self._busy = True
        self.backup_button.setEnabled(False)
        self.result.setStyleSheet("")
        self.result.setText(_("Backing up…"))
        # The copy runs beside the worker (see DailyBackup): the pages stay usable.
        self.running = job = DailyBackup(self.ops, only_if_due=False)
        job.finished.connect(lambda: self._backed_up(job))
        job.start()

    def _backed_up(self, job: DailyBackup) -> None:
        self._busy = False
        self.running = None
        job.deleteLater()
        if not shiboken6.isValid(self):
            return
        self.backup_button.setEnabled(True)
        outcome = job.outcome
        if outcome is None:
            self.result.error(error_text(job.error) if job.error is not None else "")
        elif outcome.files is None:
            self.result.error(str(outcome.error))
        elif outcome.warning is not None:
            self.result.error(
                _("Backup written: {file}", file=outcome.files.database)
                + "\n"
                + str(outcome.warning)
            )
        else:
            self.result.ok(_("Backup written: {file}", file=outcome.files.database))

    def open_restore(self) -> RestoreWizard | None:
        vault = self.ops.vault
        if vault is None:
            return None
        policy = self.status.policy if self.status is not None else BackupPolicy()
        return open_restore_wizard(
            self.window(), vault.path, self.ops, folders=backup_folders(vault.path, policy)
        )

    # ---- lock --------------------------------------------------------------------------
    def clear(self) -> None:
        self.status = None
        self._folder: str | None = None
        self.folder_edit.clear()
        for spin, value in ((self.daily_spin, 7), (self.weekly_spin, 4), (self.monthly_spin, 12)):
            spin.setValue(value)
        self.form.clear_errors()
        self.save_status.clear()
        self.status_label.clear()
        self.result.clear()
        self._busy = False
        self.backup_button.setEnabled(True)

    def holds_vault_data(self) -> bool:
        return self.status is not None
