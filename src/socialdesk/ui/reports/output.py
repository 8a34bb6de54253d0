"""What leaves the vault from the Reports page: Print… (the previewed PDF painted for the
printer on a thread of its own, then logged), Save as PDF… and Export CSV… (written by the
services, which log and audit them).

:class:`OutputActions` is mixed into :class:`~socialdesk.ui.reports.page.ReportsPage`; it
uses the page's ``ops``, ``preview``, ``status``, ``request()``, ``_shown`` and
``_update_buttons()``.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QWidget

from socialdesk.domain.errors import SocialDeskError, ValidationError
from socialdesk.domain.reports import ActivityReportRequest, ClientReportRequest
from socialdesk.i18n import _
from socialdesk.ui.ops import error_text
from socialdesk.ui.reports import operations as rops
from socialdesk.ui.reports.preview import PrintJob

if TYPE_CHECKING:
    from socialdesk.ui.reports.page import ReportsPage

    _Base = ReportsPage
else:
    _Base = object

log = logging.getLogger(__name__)

Request = ClientReportRequest | ActivityReportRequest


def ask_path(parent: QWidget, title: str, suggested: str, pattern: str) -> Path | None:
    """Where to save (None: cancelled); ``pattern`` is "*.pdf" or "*.csv"."""
    suffix = pattern.removeprefix("*")
    kinds = _("PDF documents (*.pdf)") if suffix == ".pdf" else _("CSV files (*.csv)")
    name, _filter = QFileDialog.getSaveFileName(parent, title, str(Path.home() / suggested), kinds)
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


class OutputActions(_Base):
    # ---- print -----------------------------------------------------------------------------
    def open_print_dialog(self) -> QPrintDialog | None:
        """The print dialog for the report previewed (it is printed as shown)."""
        if not self.preview_is_current() or self.request(for_output=True) != self._shown:
            self.status.error(_("Nothing to print yet: wait for the preview."))
            self.refresh()
            return None
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(_("Report"))
        dialog = QPrintDialog(printer, self)
        dialog.setObjectName("reportPrintDialog")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.print_to(printer))
        # (QPrintDialog.open() wants a receiver: show it window-modal, as open() would)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.show()
        self._print_dialog = dialog
        return dialog

    def _print_shortcut(self) -> None:
        if self.print_button.isEnabled():  # (not while printing)
            self.open_print_dialog()

    def print_to(self, printer: QPrinter) -> bool:
        """Print the report previewed on ``printer`` (on a thread of its own), then log
        it; ``printed(pages)`` once it is printed and logged. False if nothing to print."""
        request = self._shown
        if request is None or not self.preview.is_ready() or self.is_printing():
            self.status.error(_("Nothing to print yet: wait for the preview."))
            return False
        job = PrintJob(self.preview.pdf_data(), printer, self)
        job.finished.connect(lambda: self._print_ended(job, request))
        self._job = job
        self.status.ok(_("Printing…"))
        self._update_buttons()
        job.start()
        return True

    def _stop_printing(self) -> None:
        """Stop the print in progress (at most a page to wait); its bytes are zeroed."""
        if self._job is not None:
            job, self._job = self._job, None
            job.cancel()
            job.wait()
            job.deleteLater()

    def is_printing(self) -> bool:
        return self._job is not None

    def _print_ended(self, job: PrintJob, request: Request) -> None:
        if self._job is not job:
            return  # cancelled by the lock
        self._job = None
        job.deleteLater()
        self._update_buttons()
        pages = job.pages
        if pages == 0:
            self.status.error(_("The printer refused the document."))
            return
        self.ops.run_db(
            rops.log(request),
            on_success=lambda _r: self._printed(pages),
            on_error=self._output_failed,
            owner=self,
        )

    def _printed(self, pages: int) -> None:
        self._produced(_("Printed: {count} pages.", count=pages))
        self.printed.emit(pages)

    # ---- save ------------------------------------------------------------------------------
    def save_as(self) -> None:
        request = self.request(for_output=True)
        if request is None:
            return
        suggested = _("report") + f"-{date.today():%Y-%m-%d}.pdf"
        path = ask_path(self, _("Save the report"), suggested, "*.pdf")
        if path is not None:
            self.save_to(path, request)

    def save_to(self, path: Path, request: Request | None = None) -> bool:
        """Write the report to ``path`` through the service (which logs it)."""
        request = request or self.request(for_output=True)
        if request is None:
            return False
        self.status.clear()
        self.ops.run_db(
            rops.write(request, path),
            on_success=lambda _o: self._produced(_("Saved to {path}.", path=str(path))),
            on_error=self._output_failed,
            owner=self,
        )
        return True

    def export_csv(self) -> None:
        request = self.request(for_output=True)
        if not isinstance(request, ActivityReportRequest):
            return
        suggested = _("activity") + f"-{request.period_start:%Y-%m-%d}.csv"
        path = ask_path(self, _("Export the figures"), suggested, "*.csv")
        if path is not None:
            self.export_csv_to(path, request)

    def export_csv_to(self, path: Path, request: ActivityReportRequest | None = None) -> bool:
        if request is None:
            found = self.request(for_output=True)
            if not isinstance(found, ActivityReportRequest):
                return False
            request = found
        self.status.clear()
        self.ops.run_db(
            rops.write_csv(request, path),
            on_success=lambda _o: self._produced(_("Saved to {path}.", path=str(path))),
            on_error=self._output_failed,
            owner=self,
        )
        return True

    def _produced(self, text: str) -> None:
        self.status.ok(text)
        self.produced.emit()

    def _output_failed(self, error: BaseException) -> bool:
        if not isinstance(error, SocialDeskError):
            log.error("The report could not be produced", exc_info=error)
        if isinstance(error, ValidationError):
            self._show_errors(error.errors)
        self.status.error(error_text(error))
        return True
