"""The files due for deletion: sortable list, then erase or pseudonymize the selected
files after a confirmation that says exactly what goes and what stays."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from socialdesk.domain.changes import NO_CHANGES, Changes
from socialdesk.domain.errors import SocialDeskError
from socialdesk.domain.retention import (
    STATUS_LABELS,
    DueFile,
    ErasureMode,
    RetentionReport,
    SecuritySettings,
)
from socialdesk.i18n import N_, _
from socialdesk.ui.client_file.fields import StatusLine
from socialdesk.ui.events import ChangeBus
from socialdesk.ui.ops import Operations, error_text
from socialdesk.ui.pages.base import heading

COLUMNS = (
    N_("File number"),
    N_("Name"),
    N_("Status"),
    N_("Last contact"),
    N_("Closed on"),
    N_("Due since"),
    N_("Invoices"),
)
REMOVED = N_(
    "Removed for good: identity and contact details, case notes and their history, "
    "attachments, the accompaniment plan, démarches and tasks, household, contacts, "
    "consents, social issues, status history, referrals, and appointments where only "
    "this person took part."
)
KEPT_ERASE = N_(
    "Kept: issued invoices, with the payer's name frozen on them as the law requires. A "
    "billed file stays under its file number only, with its billable items and packages; "
    "a file never billed disappears entirely."
)
KEPT_PSEUDONYMIZE = N_(
    "Kept: each file under its file number only (status, intake and closing dates, for "
    "your statistics), and issued invoices with the payer's name frozen on them as the "
    "law requires."
)
BACKUPS = N_("Backups made earlier still hold these files until they are rotated out.")


def _date_item(value: date | None) -> QTableWidgetItem:
    item = QTableWidgetItem()
    if value is not None:
        item.setData(Qt.ItemDataRole.DisplayRole, QDate(value.year, value.month, value.day))
    return item


def _read(uow: Any) -> tuple[tuple[list[DueFile], SecuritySettings], Changes]:
    from socialdesk.services.retention import due_for_deletion, security_settings

    return (due_for_deletion(uow), security_settings(uow)), NO_CHANGES


class DueForDeletionDialog(QDialog):
    """``done_erasing(RetentionReport)`` after a confirmed erasure."""

    done_erasing = Signal(object)

    def __init__(self, ops: Operations, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dueForDeletionDialog")
        self.setWindowTitle(_("Files due for deletion"))
        self.ops = ops
        self.files: list[DueFile] = []
        self.confirm_box: QMessageBox | None = None
        self._busy = False

        self.intro = QLabel(self)
        self.intro.setObjectName("dueForDeletionIntro")
        self.intro.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("dueForDeletionTable")
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setSortingEnabled(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.empty_label = QLabel(_("No file is due for deletion."), self)
        self.empty_label.setObjectName("dueForDeletionEmpty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.hide()

        self.select_all_button = QPushButton(_("Select all"), self)
        self.select_all_button.clicked.connect(self.table.selectAll)
        self.erase_button = QPushButton(_("Erase…"), self)
        self.erase_button.setObjectName("eraseDueButton")
        self.erase_button.clicked.connect(lambda: self.confirm(ErasureMode.ERASE))
        self.pseudonymize_button = QPushButton(_("Pseudonymize…"), self)
        self.pseudonymize_button.setObjectName("pseudonymizeDueButton")
        self.pseudonymize_button.clicked.connect(lambda: self.confirm(ErasureMode.PSEUDONYMIZE))
        close_button = QPushButton(_("Close"), self)
        close_button.clicked.connect(self.reject)
        self.status = StatusLine(self)
        self.status.setObjectName("dueForDeletionStatus")
        buttons = QHBoxLayout()
        buttons.addWidget(self.select_all_button)
        buttons.addStretch(1)
        buttons.addWidget(self.pseudonymize_button)
        buttons.addWidget(self.erase_button)
        buttons.addWidget(close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Files due for deletion"), self, 1.3))
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.resize(860, 480)
        bus.changed.connect(self._on_changes)
        self._update_buttons()
        self.reload()

    # ---- the list ----------------------------------------------------------------------
    def _on_changes(self, changes: Changes) -> None:
        if (changes.clients or changes.settings or changes.vault) and not self._busy:
            self.reload()

    def reload(self) -> None:
        self.ops.run_db(_read, on_success=self._show, owner=self)

    def _show(self, result: tuple[list[DueFile], SecuritySettings]) -> None:
        files, settings = result
        self.files = files
        self.intro.setText(
            _(
                "Case files kept longer than {years} years after the last contact or the "
                "closing of the file. Choose files, then erase or pseudonymize them. "
                "Invoices are kept {invoice_years} years and are never deleted.",
                years=settings.case_data_years,
                invoice_years=settings.invoice_years,
            )
        )
        table = self.table
        table.setSortingEnabled(False)
        table.setRowCount(len(files))
        for row, due in enumerate(files):
            number = QTableWidgetItem(due.file_number)
            number.setData(Qt.ItemDataRole.UserRole, due.client_id)
            table.setItem(row, 0, number)
            table.setItem(row, 1, QTableWidgetItem(due.name))
            table.setItem(row, 2, QTableWidgetItem(_(STATUS_LABELS.get(due.status, due.status))))
            table.setItem(row, 3, _date_item(due.last_contact))
            table.setItem(row, 4, _date_item(due.closed_on))
            table.setItem(row, 5, _date_item(due.due_since))
            table.setItem(row, 6, QTableWidgetItem(_("Kept") if due.billed else ""))
        table.setSortingEnabled(True)
        table.sortByColumn(5, Qt.SortOrder.AscendingOrder)
        table.setVisible(bool(files))
        self.empty_label.setVisible(not files)
        self.select_all_button.setEnabled(bool(files))
        self._update_buttons()

    def selected_numbers(self) -> list[str]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.table.item(row, 0).text() for row in rows]

    def selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [int(self.table.item(row, 0).data(Qt.ItemDataRole.UserRole)) for row in rows]

    def select_file(self, file_number: str) -> None:
        for row in range(self.table.rowCount()):
            if self.table.item(row, 0).text() == file_number:
                self.table.selectRow(row)
                return

    def _update_buttons(self) -> None:
        chosen = bool(self.files) and bool(self.table.selectionModel().selectedRows())
        self.erase_button.setEnabled(chosen and not self._busy)
        self.pseudonymize_button.setEnabled(chosen and not self._busy)

    # ---- erasing -----------------------------------------------------------------------
    def confirm(self, mode: ErasureMode) -> QMessageBox | None:
        ids = self.selected_ids()
        if not ids:
            return None
        count = len(ids)
        if mode == ErasureMode.ERASE:
            question = (
                _("Erase {count} files?", count=count) if count > 1 else _("Erase this file?")
            )
            kept, action = KEPT_ERASE, _("Erase")
        else:
            question = (
                _("Pseudonymize {count} files?", count=count)
                if count > 1
                else _("Pseudonymize this file?")
            )
            kept, action = KEPT_PSEUDONYMIZE, _("Pseudonymize")
        box = QMessageBox(
            QMessageBox.Icon.Warning, _("Files due for deletion"), question, parent=self
        )
        box.setObjectName("retentionConfirmBox")
        box.setInformativeText(
            "\n\n".join(
                [
                    _("Files: {numbers}.", numbers=", ".join(self.selected_numbers())),
                    _(REMOVED),
                    _(kept),
                    _(BACKUPS),
                    _("This cannot be undone."),
                ]
            )
        )
        go = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
        go.setObjectName("confirmRetentionButton")
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        go.clicked.connect(lambda: self._apply(ids, mode))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.confirm_box = box
        return box

    def _apply(self, ids: list[int], mode: ErasureMode) -> None:
        self._busy = True
        self._update_buttons()
        self.status.clear()

        def op(uow: Any) -> tuple[RetentionReport, Changes]:
            from socialdesk.services.retention import apply_retention

            return apply_retention(uow, ids, mode)

        self.ops.run_db(op, on_success=self._applied, on_error=self._failed, owner=self)

    def _applied(self, report: RetentionReport) -> None:
        self._busy = False
        parts = []
        if report.erased:
            parts.append(_("Files erased: {count}.", count=len(report.erased)))
        if report.pseudonymized:
            parts.append(_("Files pseudonymized: {count}.", count=len(report.pseudonymized)))
        if report.kept_invoices:
            parts.append(_("Invoices kept: {count}.", count=report.kept_invoices))
        self.status.ok(" ".join(parts))
        self.reload()
        self.done_erasing.emit(report)

    def _failed(self, error: BaseException) -> bool:
        self._busy = False
        self._update_buttons()
        self.status.error(error_text(error))
        self.reload()
        return isinstance(error, SocialDeskError)  # anything else is logged and shown
