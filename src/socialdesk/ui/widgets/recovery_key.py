"""The recovery key, shown once: large monospace groups with Copy, Print… and Save as text…"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase, QTextDocument
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from socialdesk.i18n import _
from socialdesk.ui import clipboard

GROUPS_PER_LINE = 5


def key_groups(key: str) -> list[str]:
    """``ABCD-EFGH-…`` → ``["ABCD", "EFGH", …]``."""
    return [g for g in key.replace(" ", "-").split("-") if g]


def key_lines(key: str) -> list[str]:
    groups = key_groups(key)
    return [
        "  ".join(groups[i : i + GROUPS_PER_LINE]) for i in range(0, len(groups), GROUPS_PER_LINE)
    ]


def recovery_sheet_text(key: str, vault_name: str) -> str:
    """The plain text printed or saved: what it is, the key, and what to do with it."""
    return "\n".join(
        [
            _("SocialDesk recovery key"),
            _("Vault: {name}", name=vault_name),
            "",
            *key_lines(key),
            "",
            _("This key opens your vault if you forget your passphrase."),
            _("Keep it somewhere safe, away from your computer."),
            "",
        ]
    )


class RecoveryKeyView(QWidget):
    def __init__(self, key: str, vault_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._key = key
        self._vault_name = vault_name

        self.key_label = QLabel("\n".join(key_lines(key)), self)
        self.key_label.setObjectName("recoveryKeyLabel")
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(max(font.pointSizeF(), 10.0) * 1.6)
        font.setWeight(QFont.Weight.DemiBold)
        font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 108)
        self.key_label.setFont(font)
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key_label.setAccessibleName(_("Recovery key"))

        frame = QFrame(self)
        frame.setObjectName("recoveryKeyFrame")
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        frame.setStyleSheet(
            "#recoveryKeyFrame { background: palette(base); border: 1px solid palette(mid);"
            " border-radius: 6px; }"
        )
        inner = QVBoxLayout(frame)
        inner.setContentsMargins(16, 14, 16, 14)
        inner.addWidget(self.key_label, 0, Qt.AlignmentFlag.AlignHCenter)

        self.copy_button = QPushButton(_("Copy"), self)
        self.copy_button.setObjectName("copyRecoveryKeyButton")
        self.copy_button.clicked.connect(self.copy)
        self.print_button = QPushButton(_("Print…"), self)
        self.print_button.setObjectName("printRecoveryKeyButton")
        self.print_button.clicked.connect(self.print_key)
        self.save_button = QPushButton(_("Save as text…"), self)
        self.save_button.setObjectName("saveRecoveryKeyButton")
        self.save_button.clicked.connect(self.save_as_text)
        self.feedback = QLabel(self)
        self.feedback.setObjectName("recoveryKeyFeedback")

        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.feedback)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(frame)
        layout.addLayout(buttons)

    @property
    def key(self) -> str:
        return self._key

    def copy(self) -> None:
        clipboard.copy_text(self._key)
        self.feedback.setText(_("Copied. Paste it somewhere safe, then clear the clipboard."))

    def print_key(self) -> None:
        # Imported here: QtPrintSupport loads the print system, only needed on demand.
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("Print the recovery key"))
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return
        document = QTextDocument()
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSize(16)
        document.setDefaultFont(mono)
        document.setPlainText(recovery_sheet_text(self._key, self._vault_name))
        document.print_(printer)
        self.feedback.setText(_("Sent to the printer."))

    def save_as_text(self) -> None:
        suggested = str(Path.home() / "socialdesk-recovery-key.txt")
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Save the recovery key"), suggested, _("Text files (*.txt)")
        )
        if name:
            self.write_text_file(Path(name))

    def write_text_file(self, path: Path) -> None:
        """Write the sheet readable by the user only (the key opens the vault)."""
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(recovery_sheet_text(self._key, self._vault_name))
        self.feedback.setText(_("Saved to {path}.", path=path.name))
