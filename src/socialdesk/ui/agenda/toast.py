"""In-app toasts: small notes in the bottom-right corner of the main window, for when the
system has no tray to show a desktop notification.

A toast stays until it is clicked or closed: a reminder that fades away while the social
worker is on the phone would be missed. Clicking the text emits ``activated`` (the
reminder opens its appointment); the × only closes it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from socialdesk.i18n import _

MARGIN = 16
SPACING = 8
WIDTH = 300


class Toast(QFrame):
    """One note: a bold title and a line of text. ``activated`` when clicked, then closes."""

    activated = Signal()
    closed = Signal()

    def __init__(self, title: str, text: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("toast")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setStyleSheet(
            "#toast { background: #fffbea; border: 1px solid #d9b740; border-radius: 8px; }"
            "#toast QLabel { color: #3d3000; background: transparent; }"
            "#toastCloseButton { border: none; color: #6b5a1e; font-size: 15px; }"
        )
        self.title_label = QLabel(title, self)
        self.title_label.setObjectName("toastTitle")
        font = self.title_label.font()
        font.setBold(True)
        self.title_label.setFont(font)
        self.text_label = QLabel(text, self)
        self.text_label.setObjectName("toastText")
        self.text_label.setWordWrap(True)
        self.close_button = QToolButton(self)
        self.close_button.setObjectName("toastCloseButton")
        self.close_button.setText("×")
        self.close_button.setToolTip(_("Close"))
        self.close_button.setCursor(Qt.CursorShape.ArrowCursor)
        self.close_button.clicked.connect(self.dismiss)
        texts = QVBoxLayout()
        texts.setSpacing(2)
        texts.addWidget(self.title_label)
        texts.addWidget(self.text_label)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 6, 10)
        layout.addLayout(texts, 1)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.setFixedWidth(WIDTH)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.activated.emit()
            self.dismiss()
            return
        super().mouseReleaseEvent(event)

    def dismiss(self) -> None:
        self.hide()
        self.closed.emit()
        self.deleteLater()


class ToastArea(QObject):
    """Stacks the toasts of one window upwards from its bottom-right corner and keeps them
    there when the window is resized."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.toasts: list[Toast] = []
        window.installEventFilter(self)

    def show_toast(self, title: str, text: str) -> Toast:
        toast = Toast(title, text, self.window)
        toast.closed.connect(lambda t=toast: self._forget(t))
        self.toasts.append(toast)
        toast.adjustSize()
        toast.show()
        toast.raise_()
        self._place()
        return toast

    def clear(self) -> None:
        """Close every toast at once (the vault locks)."""
        for toast in list(self.toasts):
            toast.dismiss()
        self.toasts.clear()

    def _forget(self, toast: Toast) -> None:
        if toast in self.toasts:
            self.toasts.remove(toast)
            self._place()

    def _place(self) -> None:
        bottom = self.window.height() - MARGIN
        status = getattr(self.window, "statusBar", None)
        if callable(status) and status().isVisible():
            bottom -= status().height()
        for toast in reversed(self.toasts):  # the newest at the bottom
            height = (
                toast.heightForWidth(toast.width())
                if toast.hasHeightForWidth()
                else toast.sizeHint().height()
            )
            toast.setGeometry(
                self.window.width() - toast.width() - MARGIN, bottom - height, toast.width(), height
            )
            toast.raise_()
            bottom -= height + SPACING

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Resize and self.toasts:
            self._place()
        return False
