"""GDPR rights from the client file: export everything about the person (right of
access) and erase the file (right to erasure), with a dialog that says plainly what is
removed, what the law obliges to keep, and asks to type the file number to confirm."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from socialdesk.domain.changes import NO_CHANGES, Changes
from socialdesk.domain.clients import ClientFile
from socialdesk.i18n import _
from socialdesk.ui.client_file.fields import ERROR_COLOR
from socialdesk.ui.ops import Operations


def export_operation(client_id: int, out_dir: Path) -> Any:
    """``op(uow)`` writing the right-of-access export of ``client_id`` into ``out_dir``."""

    def export(uow: Any) -> tuple[Any, Changes]:
        from socialdesk.services.gdpr import export_client_data

        result = export_client_data(uow, client_id, out_dir)
        if isinstance(result, tuple) and len(result) == 2 and isinstance(result[1], Changes):
            return result
        return result, NO_CHANGES

    return export


class EraseClientDialog(QDialog):
    """``erased(report)`` once the file is erased (the ErasureReport of the service)."""

    erased = Signal(object)

    def __init__(self, ops: Operations, file: ClientFile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("eraseClientDialog")
        self.setWindowTitle(_("Erase the file {number}", number=file.file_number))
        self.ops = ops
        self.client_id = file.id
        self.file_number = file.file_number
        self._busy = False

        title = QLabel(
            _(
                "Erase the file of {name} ({number})?",
                name=file.display_name,
                number=file.file_number,
            ),
            self,
        )
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        title.setFont(font)
        title.setWordWrap(True)
        removed = QLabel(
            _(
                "Use this when the person asks for their data to be erased, or when the "
                "retention period is over. Removed for good: identity and contact details, "
                "situation, household and contacts, consents, case notes (signed ones too), "
                "attached files, appointments, plans and procedures."
            ),
            self,
        )
        removed.setWordWrap(True)
        kept = QLabel(
            _(
                "Invoices already issued are accounting records that the law requires "
                "keeping for several years: they stay as they were issued, linked only to "
                "a pseudonymized reference (the file number), with nothing else about the "
                "person."
            ),
            self,
        )
        kept.setWordWrap(True)
        backups = QLabel(
            _(
                "This cannot be undone. Backups made before today still hold the data "
                "until they are deleted. Export the person's data first if they asked for "
                "a copy."
            ),
            self,
        )
        backups.setWordWrap(True)
        confirm_label = QLabel(
            _("To confirm, type the file number {number}:", number=file.file_number), self
        )
        confirm_label.setWordWrap(True)
        self.confirm_edit = QLineEdit(self)
        self.confirm_edit.setObjectName("eraseConfirmEdit")
        self.confirm_edit.setPlaceholderText(file.file_number)
        self.confirm_edit.textChanged.connect(self._update_button)
        self.error = QLabel(self)
        self.error.setStyleSheet(f"color: {ERROR_COLOR};")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(self)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.erase_button = buttons.addButton(
            _("Erase the file"), QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.erase_button.setObjectName("eraseClientButton")
        self.erase_button.setStyleSheet(
            "QPushButton:enabled { background: #b3261e; color: white; border-radius: 4px;"
            " padding: 4px 14px; }"
        )
        self.erase_button.setAutoDefault(False)
        self.erase_button.clicked.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(removed)
        layout.addWidget(kept)
        layout.addWidget(backups)
        layout.addSpacing(6)
        layout.addWidget(confirm_label)
        layout.addWidget(self.confirm_edit)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
        self._update_button()

    def _matches(self) -> bool:
        return self.confirm_edit.text().strip().upper() == self.file_number.upper()

    def _update_button(self) -> None:
        self.erase_button.setEnabled(self._matches() and not self._busy)

    def submit(self) -> None:
        if self._busy or not self._matches():
            return
        client_id = self.client_id

        def erase(uow: Any) -> tuple[Any, Changes]:
            from socialdesk.services.gdpr import erase_client

            return erase_client(uow, client_id)  # type: ignore[no-any-return]

        self._busy = True
        self._update_button()
        self.ops.run_db(erase, on_success=self._done, on_error=self._failed, owner=self)

    def _done(self, report: Any) -> None:
        self._busy = False
        self.erased.emit(report)
        self.accept()

    def _failed(self, _error: BaseException) -> bool:
        self._busy = False
        self._update_button()
        return False
