"""A small window saying what is being prepared while the worker does it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QProgressBar, QVBoxLayout, QWidget


class BusyDialog(QDialog):
    def __init__(self, text: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("busyDialog")
        self.setWindowTitle(title)
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        label = QLabel(text, self)
        label.setObjectName("busyText")
        bar = QProgressBar(self)
        bar.setRange(0, 0)
        bar.setTextVisible(False)
        bar.setMaximumHeight(8)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(label)
        layout.addWidget(bar)
        self.setMinimumWidth(380)

    def reject(self) -> None:
        """Escape does nothing: the work cannot be interrupted half-way."""
