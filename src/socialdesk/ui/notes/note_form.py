"""The note editor's layout: fields, attached files, status line and buttons (no logic;
:class:`~socialdesk.ui.notes.editor.NoteEditor` drives it)."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from socialdesk.i18n import _
from socialdesk.ui.events import ChangeBus
from socialdesk.ui.notes.attachments import AttachmentsPanel
from socialdesk.ui.notes.dialogs import ERROR_STYLE
from socialdesk.ui.ops import Operations


class NoteForm(QWidget):
    def __init__(self, ops: Operations, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noteForm")
        self.signed_banner = QLabel(self)
        self.signed_banner.setObjectName("noteSignedBanner")
        self.signed_banner.setWordWrap(True)
        self.signed_banner.setStyleSheet(
            "background: #e6f2e6; color: #1b5e20; border-radius: 4px; padding: 6px 8px;"
        )
        self.date_edit = QDateEdit(self)
        self.date_edit.setObjectName("noteDateEdit")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("d MMM yyyy")
        self.date_edit.setMinimumDate(QDate(1900, 1, 1))
        self.type_combo = QComboBox(self)
        self.type_combo.setObjectName("noteTypeCombo")
        self.type_combo.setMinimumContentsLength(16)
        self.private_check = QCheckBox(_("Private note"), self)
        self.private_check.setObjectName("notePrivateCheck")
        self.private_check.setToolTip(_("A private note is your own working note."))
        self.title_edit = QLineEdit(self)
        self.title_edit.setObjectName("noteTitleEdit")
        self.title_edit.setPlaceholderText(_("Title (optional)"))
        self.body_edit = QPlainTextEdit(self)
        self.body_edit.setObjectName("noteBodyEdit")
        self.body_edit.setPlaceholderText(_("What happened, what was said, what was agreed…"))
        self.body_edit.setTabChangesFocus(False)

        labels = QGridLayout()
        labels.addWidget(QLabel(_("Date:"), self), 0, 0)
        labels.addWidget(self.date_edit, 0, 1)
        labels.addWidget(QLabel(_("Type:"), self), 0, 2)
        labels.addWidget(self.type_combo, 0, 3)
        labels.addWidget(self.private_check, 0, 4)
        labels.setColumnStretch(5, 1)
        labels.addWidget(QLabel(_("Title:"), self), 1, 0)
        labels.addWidget(self.title_edit, 1, 1, 1, 5)

        self.attachments = AttachmentsPanel(ops, bus, self, compact=True)
        attachments_title = QLabel(_("Files attached to this note"), self)
        attachments_title.setStyleSheet("color: palette(placeholder-text);")

        self.error_label = QLabel(self)
        self.error_label.setObjectName("noteErrorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.hide()
        self.status_label = QLabel(self)
        self.status_label.setObjectName("noteStatusLabel")
        self.status_label.setStyleSheet("color: palette(placeholder-text);")

        self.delete_button = QPushButton(_("Delete the note"), self)
        self.delete_button.setObjectName("deleteNoteButton")
        self.history_button = QPushButton(_("History"), self)
        self.history_button.setObjectName("noteHistoryButton")
        self.amend_button = QPushButton(_("Amend…"), self)
        self.amend_button.setObjectName("amendNoteButton")
        self.sign_button = QPushButton(_("Sign…"), self)
        self.sign_button.setObjectName("signNoteButton")
        self.save_button = QPushButton(_("Save"), self)
        self.save_button.setObjectName("saveNoteButton")
        self.save_button.setToolTip(_("Save the note (Ctrl+S)"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.status_label, 1)
        for button in (
            self.delete_button,
            self.history_button,
            self.amend_button,
            self.sign_button,
            self.save_button,
        ):
            buttons.addWidget(button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.signed_banner)
        layout.addLayout(labels)
        layout.addWidget(self.body_edit, 1)
        layout.addWidget(attachments_title)
        layout.addWidget(self.attachments)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)
