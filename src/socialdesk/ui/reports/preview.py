"""The preview of a report, and its printing — both from memory, never from a file.

The PDF bytes go into a QByteArray we own, read by a QBuffer that the QPdfDocument loads
from: no temporary file is written (the PDF holds case-file data in clear). ``clear()``
closes the document and overwrites the bytes with zeros before dropping them (the lock
calls it).

Printing paints each page into the printer's painter, rendered at the printer's
resolution (capped: a 1200 dpi A4 page would be half a gigabyte of pixels). Handing the
pages to the print engine takes most of a second a page at 300 dpi (measured: 31 pages in
24 s), so a :class:`PrintJob` does it on a thread of its own, from its own copy of the
bytes (QPainter may paint on a QPrinter outside the GUI thread); the GUI never waits.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QRect, QSize, Qt, QThread
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QLabel, QStackedLayout, QWidget

from socialdesk.ui.accompaniment.common import MUTED_STYLE

MAX_PRINT_DPI = 300


class PdfPreview(QWidget):
    """A PDF shown page after page, loaded from bytes in memory."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportPreview")
        self._bytes = QByteArray()
        self._buffer = QBuffer(self)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setObjectName("reportPdfView")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        self.view.setStyleSheet("QPdfView { background: #e4e6ea; }")
        self.message = QLabel(self)
        self.message.setObjectName("reportPreviewMessage")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setStyleSheet(MUTED_STYLE)
        self.stack = QStackedLayout(self)
        self.stack.addWidget(self.message)
        self.stack.addWidget(self.view)

    def show_pdf(self, pdf: bytes) -> bool:
        """Show ``pdf``; False if Qt cannot read it (the message says so)."""
        self.clear()
        self._bytes = QByteArray(pdf)
        self._buffer.setBuffer(self._bytes)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        ready = self.document.status() == QPdfDocument.Status.Ready
        if ready:
            self.stack.setCurrentWidget(self.view)
        return ready

    def show_message(self, text: str) -> None:
        """Nothing to preview: ``text`` says why (the old preview is forgotten)."""
        self.clear()
        self.message.setText(text)

    def page_count(self) -> int:
        return self.document.pageCount() if self.is_ready() else 0

    def is_ready(self) -> bool:
        return self.document.status() == QPdfDocument.Status.Ready

    def pdf_data(self) -> QByteArray:
        """The PDF shown (a shared copy: overwriting either detaches it first)."""
        return QByteArray(self._bytes)

    def byte_count(self) -> int:
        """How many PDF bytes the preview holds (0 after ``clear()``)."""
        return self._bytes.size() + self._buffer.buffer().size()

    def clear(self) -> None:
        """Close the document and overwrite its bytes with zeros."""
        self.document.close()
        self._buffer.close()
        size = self._bytes.size()
        if size:
            self._bytes.fill(0, size)  # in place: the QBuffer reads this very array
        self._buffer.setBuffer(None)  # back to its own empty array before ours goes
        self._bytes = QByteArray()
        self.message.clear()
        self.stack.setCurrentWidget(self.message)


def print_pdf(
    document: QPdfDocument, printer: QPrinter, cancelled: Callable[[], bool] | None = None
) -> int:
    """Paint every page of ``document`` on ``printer``; the number of pages printed
    (0 if the printer refused, or ``cancelled()`` said so before the last page).

    Each page is rendered at the printer's resolution (at most :data:`MAX_PRINT_DPI`) and
    scaled to fit the printable area, keeping its proportions."""
    count = document.pageCount()
    if count == 0:
        return 0
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    try:
        dpi = min(printer.resolution(), MAX_PRINT_DPI)
        for index in range(count):
            if cancelled is not None and cancelled():
                printer.abort()
                return 0
            if index:
                printer.newPage()
            area = painter.viewport()
            points = document.pagePointSize(index)
            pixels = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
            image = document.render(index, pixels)
            target = QSize(pixels).scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            x = area.x() + (area.width() - target.width()) // 2
            painter.drawImage(QRect(x, area.y(), target.width(), target.height()), image)
    finally:
        painter.end()
    return count


class PrintJob(QThread):
    """Print a PDF on its own thread. ``finished`` (from QThread) tells the GUI; then
    :attr:`pages` is the number printed (0: refused or cancelled). The job's copy of the
    bytes is overwritten with zeros when it ends."""

    def __init__(self, pdf: QByteArray, printer: QPrinter, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._data = QByteArray(pdf)
        self._printer = printer
        self._cancel = threading.Event()
        self.pages = 0

    def cancel(self) -> None:
        """Stop before the next page (the vault locks)."""
        self._cancel.set()

    def run(self) -> None:  # on the job's thread: no widget here
        buffer = QBuffer()
        document = QPdfDocument()
        try:
            buffer.setBuffer(self._data)
            buffer.open(QIODevice.OpenModeFlag.ReadOnly)
            document.load(buffer)
            if document.status() == QPdfDocument.Status.Ready:
                self.pages = print_pdf(document, self._printer, self._cancel.is_set)
        finally:
            document.close()
            buffer.close()
            buffer.setBuffer(None)
            self._data.fill(0, self._data.size())
            self._data = QByteArray()
