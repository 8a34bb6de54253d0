"""Export the invoices of a period for the accountant or an e-invoicing platform: the CSV
sales journal, the FEC, Factur-X PDFs, UBL files or the accountant's zip pack (the same
writers as ``socialdesk invoices export``)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from socialdesk.domain.changes import NO_CHANGES, Changes
from socialdesk.domain.errors import ValidationError
from socialdesk.i18n import N_, _
from socialdesk.ui.accompaniment.common import muted_label
from socialdesk.ui.accompaniment.forms import date_field
from socialdesk.ui.billing.common import format_money
from socialdesk.ui.client_file.fields import ErrorForm, StatusLine
from socialdesk.ui.ops import Operations, error_text

#: (code, label, writes a folder, suggested name)
FORMATS: tuple[tuple[str, str, bool, str], ...] = (
    ("pack", N_("Accountant's pack (zip: PDFs, journal, FEC)"), False, "pack-comptable.zip"),
    ("csv", N_("Sales journal (CSV)"), False, "journal-des-ventes.csv"),
    ("fec", N_("FEC (French audit file)"), True, ""),
    ("facturx", N_("Factur-X PDFs (folder)"), True, "factur-x"),
    ("ubl", N_("UBL / Peppol files (folder)"), True, "ubl"),
)
BAD_TARGET = N_("Choose where to write the export.")


class _Progress(QObject):
    """Carries the pack's progress from the worker thread to the window (queued)."""

    advanced = Signal(int, int)


def _export(
    fmt: str,
    target: Path,
    first: date,
    last: date,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Any:
    def op(uow: Any) -> tuple[Any, Changes]:
        from socialdesk.services.agenda_ics import check_export_range

        check_export_range(first, last)
        if fmt == "csv":
            from socialdesk.services.accounting_exports import write_sales_journal

            return (write_sales_journal(uow, target, first, last), True), NO_CHANGES
        if fmt == "fec":
            from socialdesk.services.accounting_exports import write_fec

            return (write_fec(uow, target, first, last), True), NO_CHANGES
        if fmt == "facturx":
            from socialdesk.services.facturx_export import write_facturx_folder

            return (write_facturx_folder(uow, target, first, last), True), NO_CHANGES
        if fmt == "ubl":
            from socialdesk.services.ubl_export import write_ubl_folder

            return (write_ubl_folder(uow, target, first, last), True), NO_CHANGES
        from socialdesk.services.accountant_pack import write_accountant_pack

        pack = write_accountant_pack(
            uow, target, first, last, progress=progress, cancelled=cancelled
        )
        return (pack.export, pack.fec_included), NO_CHANGES

    return op


class ExportDialog(QDialog):
    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("billingExportDialog")
        self.setWindowTitle(_("Export the invoices"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(560)
        self.ops = ops
        self._busy = False
        today = date.today()
        self.form = ErrorForm(self)
        self.first_field = date_field(today.replace(month=1, day=1))
        self.first_field.setObjectName("exportFirstField")
        self.last_field = date_field(today)
        self.last_field.setObjectName("exportLastField")
        self.format_combo = QComboBox()
        self.format_combo.setObjectName("exportFormatCombo")
        for code, label, _folder, _name in FORMATS:
            self.format_combo.addItem(_(label), code)
        self.target_edit = QLineEdit()
        self.target_edit.setObjectName("exportTargetEdit")
        self.browse_button = QPushButton(_("Choose…"))
        self.browse_button.setObjectName("exportBrowseButton")
        self.browse_button.clicked.connect(self.browse)
        target = QWidget()
        target_layout = QHBoxLayout(target)
        target_layout.setContentsMargins(0, 0, 0, 0)
        target_layout.addWidget(self.target_edit, 1)
        target_layout.addWidget(self.browse_button)
        target.setMinimumHeight(
            max(self.target_edit.sizeHint().height(), self.browse_button.sizeHint().height())
        )
        self.form.add_row("first", _("From:"), self.first_field)
        self.form.add_row("last", _("To:"), self.last_field)
        self.form.add_row("format", _("Format:"), self.format_combo)
        self.form.add_row("target", _("Write to:"), target)
        self.format_combo.currentIndexChanged.connect(lambda _i: self.target_edit.clear())
        self.status = StatusLine(self)
        self.status.setObjectName("exportStatus")
        # The pack renders a PDF per document (thousands in a busy year): its progress,
        # and Cancel, which stops it between two documents and leaves no file.
        self.progress = QProgressBar(self)
        self.progress.setObjectName("exportProgress")
        self.progress.setFormat(_("%v of %m documents"))
        self.progress.hide()
        self.cancel_button = QPushButton(_("Cancel the export"), self)
        self.cancel_button.setObjectName("exportCancelButton")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        self._cancel = threading.Event()
        self._progress = _Progress(self)
        self._progress.advanced.connect(self._advanced)
        running = QHBoxLayout()
        running.addWidget(self.progress, 1)
        running.addWidget(self.cancel_button)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.export_button = self.buttons.addButton(
            _("Export"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.export_button.setObjectName("exportButton")
        self.export_button.clicked.connect(self.export)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            muted_label(
                _(
                    "The issued invoices and credit notes of the period. These files are "
                    "not encrypted: keep them safe."
                ),
                self,
            )
        )
        layout.addWidget(self.form)
        layout.addLayout(running)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        # Room for an error line and the result (two lines) without growing later.
        self.resize(560, self.sizeHint().height() + 3 * self.fontMetrics().lineSpacing())

    def _format(self) -> tuple[str, str, bool, str]:
        code = self.format_combo.currentData()
        return next(f for f in FORMATS if f[0] == code)

    def browse(self) -> None:
        _code, label, folder, name = self._format()
        if folder:
            chosen = QFileDialog.getExistingDirectory(self, _(label), str(Path.home()))
        else:
            chosen, _filter = QFileDialog.getSaveFileName(self, _(label), str(Path.home() / name))
        if chosen:
            self.target_edit.setText(chosen)

    def export(self) -> None:
        if self._busy:
            return
        self.form.clear_errors()
        self.status.clear()
        errors = self.form.date_errors()
        text = self.target_edit.text().strip()
        if not text:
            errors["target"] = BAD_TARGET
        if errors:
            self.form.show_errors(errors)
            return
        first = self.first_field.value() or date.today().replace(month=1, day=1)
        last = self.last_field.value() or date.today()
        code = self._format()[0]
        self._busy = True
        self.export_button.setEnabled(False)
        self._cancel.clear()
        if code == "pack":
            self.progress.setRange(0, 0)  # busy until the first document is done
            self.progress.show()
            self.cancel_button.setEnabled(True)
            self.cancel_button.show()
        self.ops.run_db(
            _export(
                code,
                Path(text).expanduser(),
                first,
                last,
                progress=self._progress.advanced.emit,
                cancelled=self._cancel.is_set,
            ),  # fmt: skip
            on_success=self._done,
            on_error=self._failed,
            owner=self,
        )

    def cancel(self) -> None:
        """Stop the pack between two documents (the worker sees the flag)."""
        self._cancel.set()
        self.cancel_button.setEnabled(False)

    def _advanced(self, done: int, total: int) -> None:
        if self._busy:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    def _stopped(self) -> None:
        self._busy = False
        self.export_button.setEnabled(True)
        self.progress.hide()
        self.cancel_button.hide()

    def reject(self) -> None:
        self._cancel.set()  # closing the window stops a pack in progress
        super().reject()

    def _done(self, result: tuple[Any, bool]) -> None:
        summary, with_fec = result
        self._stopped()
        lines = [
            _(
                "{count} invoice(s) and credit note(s) from {first} to {last} exported to {path}.",
                count=summary.documents,
                first=summary.first.isoformat(),
                last=summary.last.isoformat(),
                path=str(summary.path),
            ),
            _("Total including VAT: {amount}.", amount=format_money(summary.gross_cents)),
        ]
        if not with_fec:
            lines.append(_("No SIREN in the profile: the pack holds no FEC."))
        self.status.ok("\n".join(lines))

    def _failed(self, error: BaseException) -> bool:
        self._stopped()
        if isinstance(error, ValidationError):
            names = {"first_date": "first", "last_date": "last", "first": "first", "last": "last"}
            shown = {names.get(k, "target"): v for k, v in error.errors.items()}
            self.form.show_errors(shown)
            return True
        self.status.error(error_text(error))
        return True
