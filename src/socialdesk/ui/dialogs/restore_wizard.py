"""Restore from a backup, in three steps: choose a backup, prove you may open it (its
passphrase or the recovery key) and read what it holds, then confirm.

Nothing is touched before the last step. The check opens the backup read-only on the
worker: page HMACs, structure, schema revision and the number of clients, notes,
appointments and invoices, shown so the person recognises their data. On "Restore" the
current vault is kept aside under a dated name (never deleted), a verified copy of the
backup is put in its place, and the restored vault is opened with the same secret:
``restored(vault)`` is emitted.

Reachable from Settings → Backups (a vault is open: it is locked just before the swap)
and from the unlock dialog when the vault is damaged (no vault open)::

    open_restore_wizard(self, self.vault_path, self.ops).restored.connect(self._unlocked)
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from socialdesk.domain.errors import KeysFileMissing, SocialDeskError
from socialdesk.i18n import _
from socialdesk.services.backup_restore import (
    SCHEMA_NEWER,
    SCHEMA_OLDER,
    BackupReport,
    restore_from_backup,
    verify_backup,
)
from socialdesk.services.backups import BackupEntry, default_backup_dir, list_backups
from socialdesk.ui.backup_status import format_moment
from socialdesk.ui.events import VAULT_OPENED
from socialdesk.ui.ops import Operations, error_text

log = logging.getLogger(__name__)

PATH_ROLE = Qt.ItemDataRole.UserRole
OK_COLOR = "#1e8449"
ERROR_COLOR = "#b3261e"


def size_text(size: int) -> str:
    return QLocale().formattedDataSize(size, 1, QLocale.DataSizeFormat.DataSizeSIFormat)


class ChoosePage(QWizardPage):
    def __init__(self, wizard: RestoreWizard) -> None:
        super().__init__(wizard)
        self.wizard_ = wizard
        self.setTitle(_("Choose a backup"))
        self.setSubTitle(
            _("Backups found in your backup folders, newest first. Nothing is changed yet.")
        )
        self.list = QTreeWidget(self)
        self.list.setObjectName("restoreBackupList")
        self.list.setRootIsDecorated(False)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setHeaderLabels([_("Made on"), _("Size"), _("Backup folder")])
        header = self.list.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.list.itemSelectionChanged.connect(self.completeChanged)
        self.empty_label = QLabel(_("No backup was found in the backup folders."), self)
        self.empty_label.setObjectName("restoreNoBackup")
        self.empty_label.setWordWrap(True)
        self.file_button = QPushButton(_("Choose a backup file…"), self)
        self.file_button.setObjectName("restoreChooseFileButton")
        self.file_button.clicked.connect(self.choose_file)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty_label)
        row = QHBoxLayout()
        row.addWidget(self.file_button)
        row.addStretch(1)
        layout.addLayout(row)

    def fill(self, entries: Sequence[BackupEntry]) -> None:
        self.list.clear()
        for entry in entries:
            self._add(entry.path, format_moment(entry.taken_at), entry.size)
        if self.list.topLevelItemCount():
            self.list.setCurrentItem(self.list.topLevelItem(0))
        self.empty_label.setVisible(not entries)
        self.completeChanged.emit()

    def _add(self, path: Path, when: str, size: int) -> QTreeWidgetItem:
        item = QTreeWidgetItem([when, size_text(size), str(path.parent)])
        item.setData(0, PATH_ROLE, str(path))
        item.setToolTip(2, str(path))
        item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.list.addTopLevelItem(item)
        return item

    def choose_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self,
            _("Choose a backup"),
            str(self.wizard_.folders[0]) if self.wizard_.folders else "",
            _("SocialDesk backups (*.sdvault)"),
        )
        if name:
            self.add_file(Path(name))

    def add_file(self, path: Path) -> None:
        """Add a backup chosen by hand (any name) and select it."""
        try:
            size = path.stat().st_size
        except OSError:
            size = 0
        item = self._add(path, path.name, size)
        self.list.setCurrentItem(item)
        self.empty_label.hide()
        self.completeChanged.emit()

    def selected_path(self) -> Path | None:
        item = self.list.currentItem()
        return Path(item.data(0, PATH_ROLE)) if item is not None else None

    def isComplete(self) -> bool:
        return self.selected_path() is not None


class VerifyPage(QWizardPage):
    def __init__(self, wizard: RestoreWizard) -> None:
        super().__init__(wizard)
        self.wizard_ = wizard
        self.report: BackupReport | None = None
        self.setTitle(_("Check the backup"))
        self.setSubTitle(
            _(
                "Enter the passphrase the vault had when this backup was made, or the "
                "recovery key. The backup is opened read-only and checked."
            )
        )
        self.secret_edit = QLineEdit(self)
        self.secret_edit.setObjectName("restoreSecretEdit")
        self.secret_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret_edit.setPlaceholderText(_("Passphrase"))
        self.secret_edit.textEdited.connect(self._forget_report)
        self.secret_edit.returnPressed.connect(self.verify)
        self.recovery_check = QCheckBox(_("Use the recovery key instead"), self)
        self.recovery_check.setObjectName("restoreUseRecoveryCheck")
        self.recovery_check.toggled.connect(self._mode_changed)
        self.verify_button = QPushButton(_("Check the backup"), self)
        self.verify_button.setObjectName("restoreVerifyButton")
        self.verify_button.clicked.connect(self.verify)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.progress.setMaximumHeight(8)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.result_label = QLabel(self)
        self.result_label.setObjectName("restoreVerifyResult")
        self.result_label.setWordWrap(True)
        self.result_label.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.addWidget(self.secret_edit)
        layout.addWidget(self.recovery_check)
        row = QHBoxLayout()
        row.addWidget(self.verify_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.progress)
        layout.addWidget(self.result_label)
        layout.addStretch(1)

    def initializePage(self) -> None:
        self._forget_report()
        self.secret_edit.setFocus()

    def _mode_changed(self, recovery: bool) -> None:
        self.secret_edit.clear()
        self.secret_edit.setPlaceholderText(
            _("Recovery key (13 groups of 4 letters and digits)") if recovery else _("Passphrase")
        )
        self.secret_edit.setEchoMode(
            QLineEdit.EchoMode.Normal if recovery else QLineEdit.EchoMode.Password
        )
        self._forget_report()

    def _forget_report(self, *_args: Any) -> None:
        self.report = None
        self.result_label.clear()
        self.completeChanged.emit()

    def secret(self) -> dict[str, str]:
        text = self.secret_edit.text()
        return {"recovery_key": text} if self.recovery_check.isChecked() else {"passphrase": text}

    def verify(self) -> None:
        path = self.wizard_.choose_page.selected_path()
        if path is None or self.wizard_.busy:
            return
        if not self.secret_edit.text():
            self._show(
                _("Enter the recovery key.")
                if self.recovery_check.isChecked()
                else _("Enter the passphrase."),
                ok=False,
            )
            return
        secret = self.secret()
        self._forget_report()
        self._busy(True)
        self.wizard_.ops.run_task(
            lambda: verify_backup(path, **secret),
            on_success=self._verified,
            on_error=self._failed,
            owner=self,
        )

    def _busy(self, busy: bool) -> None:
        self.wizard_.busy = busy
        self.progress.setVisible(busy)
        for widget in (self.secret_edit, self.recovery_check, self.verify_button):
            widget.setEnabled(not busy)
        if busy:
            self.result_label.setText(_("Checking the backup…"))
            self.result_label.setStyleSheet("")

    def _verified(self, report: BackupReport) -> None:
        self._busy(False)
        lines = [
            _("Made on: {when}", when=format_moment(report.taken_at))
            if report.taken_at is not None
            else _("File: {name}", name=report.path.name)
        ]
        if report.problems:
            lines.append(
                _(
                    "Damaged: {count} problem(s) found. This backup cannot be restored; "
                    "choose another one.",
                    count=len(report.problems),
                )
            )
        else:
            lines.append(_("Integrity: ok, every page checked."))
        if report.problems:
            pass  # the schema of a damaged file says nothing worth reading
        elif report.schema_state == SCHEMA_NEWER:
            lines.append(
                _(
                    "Made by a newer version of SocialDesk (schema {revision}): update "
                    "SocialDesk to restore it.",
                    revision=report.schema_revision or "?",
                )
            )
        elif report.schema_state == SCHEMA_OLDER:
            lines.append(
                _(
                    "Schema {revision}: it will be upgraded when opened.",
                    revision=report.schema_revision or "?",
                )
            )
        else:
            lines.append(_("Schema {revision} (up to date).", revision=report.head_revision))
        if report.counts:
            lines.append(_("It holds:"))
            locale = QLocale()
            lines += [f"   {label}: {locale.toString(n)}" for label, n in report.shown_counts()]
        self._show("\n".join(lines), ok=report.ok)
        self.report = report if report.ok else None
        self.completeChanged.emit()

    def _failed(self, error: BaseException) -> bool:
        self._busy(False)
        if isinstance(error, KeysFileMissing):
            # "Restore it from a backup" would be an odd answer about a backup.
            text = _(
                "The keys file of this backup is missing ({path}). A backup is two files: "
                "copy them together.",
                **error.params,
            )
        else:
            text = error_text(error)
        self._show(text, ok=False)
        self.secret_edit.setFocus()
        self.secret_edit.selectAll()
        return True

    def _show(self, text: str, *, ok: bool) -> None:
        self.result_label.setText(text)
        self.result_label.setStyleSheet(f"color: {OK_COLOR if ok else ERROR_COLOR};")

    def isComplete(self) -> bool:
        return self.report is not None and not self.wizard_.busy


class ConfirmPage(QWizardPage):
    def __init__(self, wizard: RestoreWizard) -> None:
        super().__init__(wizard)
        self.wizard_ = wizard
        self.setTitle(_("Restore the backup"))
        self.setSubTitle(_("Last step: nothing has been changed so far."))
        self.summary = QLabel(self)
        self.summary.setObjectName("restoreSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.progress.setMaximumHeight(8)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.error_label = QLabel(self)
        self.error_label.setObjectName("restoreError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(f"color: {ERROR_COLOR};")
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.progress)
        layout.addWidget(self.error_label)
        layout.addStretch(1)

    def initializePage(self) -> None:
        report = self.wizard_.verify_page.report
        when = (
            format_moment(report.taken_at)
            if report is not None and report.taken_at is not None
            else ""
        )
        self.error_label.clear()
        self.summary.setText(
            "\n\n".join(
                [
                    _(
                        "The vault will be replaced by the backup made on {when}. Whatever "
                        "was recorded after that date will not be in the restored vault.",
                        when=when or _("(unknown date)"),
                    ),
                    _(
                        "The current vault is not deleted: it is kept aside, renamed with "
                        "today's date, in {folder}.",
                        folder=self.wizard_.vault_path.parent,
                    ),
                    _("SocialDesk then opens the restored vault."),
                ]
            )
        )

    def isComplete(self) -> bool:
        return not self.wizard_.busy


class RestoreWizard(QWizard):
    """``restored(vault)`` once the backup is in place and open."""

    restored = Signal(object)

    def __init__(
        self,
        ops: Operations,
        vault_path: Path,
        *,
        folders: Sequence[Path] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("restoreWizard")
        self.setWindowTitle(_("SocialDesk — Restore from a backup"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, False)
        self.ops = ops
        self.vault_path = Path(vault_path)
        self.folders = list(folders) if folders else [default_backup_dir(self.vault_path)]
        self.busy = False
        self.kept_aside: Path | None = None
        self.choose_page = ChoosePage(self)
        self.verify_page = VerifyPage(self)
        self.confirm_page = ConfirmPage(self)
        for page in (self.choose_page, self.verify_page, self.confirm_page):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.FinishButton, _("Restore the backup"))
        self.setButtonText(QWizard.WizardButton.NextButton, _("Next step >"))
        self.setButtonText(QWizard.WizardButton.BackButton, _("< Previous step"))
        self.setButtonText(QWizard.WizardButton.CancelButton, _("Cancel"))
        self.resize(640, 460)
        folders_ = self.folders
        ops.run_task(lambda: list_backups(folders_), on_success=self.choose_page.fill, owner=self)

    def accept(self) -> None:
        """ "Restore": runs on the worker; the wizard closes once the vault is open."""
        if self.busy:
            return
        backup = self.choose_page.selected_path()
        if backup is None or self.verify_page.report is None:
            return
        secret = self.verify_page.secret()
        current = self.ops.vault
        window = self.parentWidget().window() if self.parentWidget() is not None else None
        if current is not None and window is not None and hasattr(window, "clear_pages"):
            # Drafts are saved (into the vault kept aside) and pages emptied, as at lock.
            window.before_lock()
            window.clear_pages()
        destination = self.vault_path
        self._set_busy(True)

        def restore() -> Any:
            return restore_from_backup(backup, destination, current=current, **secret)

        self.ops.run_task(restore, on_success=self._restored, on_error=self._failed)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.confirm_page.progress.setVisible(busy)
        for which in (QWizard.WizardButton.BackButton, QWizard.WizardButton.CancelButton):
            button = self.button(which)
            if button is not None:
                button.setEnabled(not busy)
        self.confirm_page.completeChanged.emit()

    def _restored(self, result: tuple[Any, Any]) -> None:
        vault, outcome = result
        self._set_busy(False)
        self.kept_aside = outcome.kept_aside
        if self.ops.vault is not None:
            # From Settings: the old vault was locked just before the swap.
            self.ops.attach_vault(vault)
            self.ops.bus.publish(VAULT_OPENED)
        self.verify_page.secret_edit.clear()
        super().accept()
        self.restored.emit(vault)

    def _failed(self, error: BaseException) -> bool:
        self._set_busy(False)
        if not isinstance(error, SocialDeskError):
            log.error("Restore failed", exc_info=error)
        self.confirm_page.error_label.setText(error_text(error))
        current = self.ops.vault
        if current is not None and current.locked:
            # The swap failed after the open vault was locked (the vault is back in
            # place): ask for the passphrase again, as after an automatic lock.
            window = self.parentWidget().window() if self.parentWidget() is not None else None
            signal = getattr(window, "lock_requested", None)
            if signal is not None:
                signal.emit()
        elif current is not None:
            self.ops.bus.publish(VAULT_OPENED)  # refused before the swap: show it again
        return True

    def reject(self) -> None:
        if self.busy:
            return
        self.verify_page.secret_edit.clear()
        super().reject()


def open_restore_wizard(
    parent: QWidget | None,
    vault_path: Path,
    ops: Operations,
    *,
    folders: Sequence[Path] | None = None,
) -> RestoreWizard:
    """Show the wizard (window-modal, deleted on close) and return it."""
    wizard = RestoreWizard(ops, vault_path, folders=folders, parent=parent)
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    wizard.open()
    return wizard
