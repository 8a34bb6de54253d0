"""The editor's dialogs: sign a note, amend a signed note, read its revisions.

The sign and amend dialogs do not write anything themselves: they emit what the user
confirmed, the editor runs the operation, and closes the dialog on success or shows the
service's message in it (the dialog stays open, nothing typed is lost).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from socialdesk.domain.errors import SocialDeskError, ValidationError
from socialdesk.domain.notes import NoteDetail, NoteRevisionDTO
from socialdesk.i18n import _
from socialdesk.ui.notes.format import format_date, format_datetime

ERROR_STYLE = "color: #b3261e;"


def error_message(error: BaseException) -> str:
    """The field messages of a ValidationError (one a line), or the error's message."""
    if isinstance(error, ValidationError) and error.errors:
        return "\n".join(_(message) for message in error.errors.values())
    if isinstance(error, SocialDeskError):
        return str(error)
    return _("An unexpected error occurred. The details were recorded in the log.")


def _bold(label: QLabel, scale: float = 1.15) -> QLabel:
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setWeight(QFont.Weight.DemiBold)
    label.setFont(font)
    return label


def _error_label(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    label.hide()
    return label


class SignNoteDialog(QDialog):
    """Confirm the signature; ``confirmed(signed_by)``."""

    confirmed = Signal(str)

    def __init__(self, signer: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signNoteDialog")
        self.setWindowTitle(_("Sign the note"))
        heading = _bold(QLabel(_("Sign this note?"), self))
        text = QLabel(_("A signed note can no longer be edited; changes become amendments."), self)
        text.setWordWrap(True)
        self.signer_edit = QLineEdit(signer, self)
        self.signer_edit.setObjectName("signedByEdit")
        self.signer_edit.setPlaceholderText(_("Your name"))
        form = QFormLayout()
        form.addRow(_("Signed by:"), self.signer_edit)
        self.error_label = _error_label(self, "signErrorLabel")
        buttons = QDialogButtonBox(self)
        self.sign_button = buttons.addButton(_("Sign"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.sign_button.setObjectName("signConfirmButton")
        self.sign_button.setDefault(True)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("Cancel"))
        buttons.accepted.connect(self._confirm)
        buttons.rejected.connect(self.reject)
        self.signer_edit.textChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(text)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)
        self._update()

    def _update(self) -> None:
        self.sign_button.setEnabled(bool(self.signer_edit.text().strip()))

    def _confirm(self) -> None:
        if self.sign_button.isEnabled():
            self.error_label.hide()
            self.sign_button.setEnabled(False)  # until the editor answers
            self.confirmed.emit(self.signer_edit.text().strip())

    def show_error(self, error: BaseException) -> None:
        self.error_label.setText(error_message(error))
        self.error_label.show()
        self._update()


class AmendNoteDialog(QDialog):
    """Write an amendment; ``submitted(title, body, reason, author)``."""

    submitted = Signal(str, str, str, str)

    def __init__(self, note: NoteDetail, author: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("amendNoteDialog")
        self.setWindowTitle(_("Amend the note"))
        heading = _bold(QLabel(_("Amend a signed note"), self))
        text = QLabel(
            _(
                "The signed text stays in the history. This amendment becomes revision "
                "{number}; say why it is made.",
                number=note.current_revision + 1,
            ),
            self,
        )
        text.setWordWrap(True)
        self.title_edit = QLineEdit(note.title, self)
        self.title_edit.setObjectName("amendTitleEdit")
        self.title_edit.setPlaceholderText(_("Title (optional)"))
        self.body_edit = QPlainTextEdit(self)
        self.body_edit.setObjectName("amendBodyEdit")
        self.body_edit.setPlainText(note.body)
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setObjectName("amendReasonEdit")
        self.reason_edit.setPlaceholderText(_("e.g. wrong date of the appointment"))
        self.author_edit = QLineEdit(author, self)
        self.author_edit.setObjectName("amendAuthorEdit")
        form = QFormLayout()
        form.addRow(_("Title:"), self.title_edit)
        form.addRow(_("Text:"), self.body_edit)
        form.addRow(_("Reason (required):"), self.reason_edit)
        form.addRow(_("Amended by:"), self.author_edit)
        self.error_label = _error_label(self, "amendErrorLabel")
        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton(
            _("Save the amendment"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setObjectName("amendConfirmButton")
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("Cancel"))
        buttons.accepted.connect(self._submit)
        buttons.rejected.connect(self.reject)
        for edit in (self.reason_edit, self.author_edit):
            edit.textChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(text)
        layout.addLayout(form, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.resize(640, 520)
        self._update()
        self.reason_edit.setFocus()

    def _update(self) -> None:
        self.save_button.setEnabled(
            bool(self.reason_edit.text().strip() and self.author_edit.text().strip())
        )

    def _submit(self) -> None:
        if self.save_button.isEnabled():
            self.error_label.hide()
            self.save_button.setEnabled(False)
            self.submitted.emit(
                self.title_edit.text(),
                self.body_edit.toPlainText(),
                self.reason_edit.text().strip(),
                self.author_edit.text().strip(),
            )

    def show_error(self, error: BaseException) -> None:
        self.error_label.setText(error_message(error))
        self.error_label.show()
        self._update()


def revision_caption(revision: NoteRevisionDTO) -> str:
    """Two lines: "Revision 2", then when and by whom it was signed or amended."""
    who = revision.author or ""
    when = format_datetime(revision.created_at)
    if revision.revision == 1:
        details = _("signed {when} by {who}", when=when, who=who)
    else:
        details = _("amended {when} by {who}", when=when, who=who)
    return _("Revision {number}", number=revision.revision) + "\n" + details


class RevisionHistoryDialog(QDialog):
    """Every revision of a signed note, oldest first, read-only."""

    def __init__(self, note: NoteDetail, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("revisionHistoryDialog")
        self.setWindowTitle(_("History of the note"))
        self.revisions = note.revisions
        intro = QLabel(
            _(
                "Note of {date}. Revision 1 is the text as signed; each amendment "
                "adds a revision and keeps the earlier ones.",
                date=format_date(note.note_date),
            ),
            self,
        )
        intro.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setObjectName("revisionList")
        for revision in note.revisions:
            item = QListWidgetItem(revision_caption(revision))
            item.setData(Qt.ItemDataRole.UserRole, revision.revision)
            self.list.addItem(item)
        self.reason_label = QLabel(self)
        self.reason_label.setObjectName("revisionReasonLabel")
        self.reason_label.setWordWrap(True)
        self.title_label = _bold(QLabel(self), 1.05)
        self.title_label.setObjectName("revisionTitleLabel")
        self.title_label.setWordWrap(True)
        self.body_view = QPlainTextEdit(self)
        self.body_view.setObjectName("revisionBodyView")
        self.body_view.setReadOnly(True)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.reason_label)
        right_layout.addWidget(self.title_label)
        right_layout.addWidget(self.body_view, 1)
        splitter = QSplitter(self)
        splitter.addWidget(self.list)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([300, 500])
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setSpacing(2)
        close = QPushButton(_("Close"), self)
        close.setObjectName("closeHistoryButton")
        close.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        self.list.currentRowChanged.connect(self._show)
        self.resize(820, 520)
        if note.revisions:
            self.list.setCurrentRow(len(note.revisions) - 1)

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self.revisions):
            return
        revision = self.revisions[row]
        if revision.reason:
            self.reason_label.setText(_("Reason: {reason}", reason=revision.reason))
            self.reason_label.show()
        else:
            self.reason_label.hide()
        self.title_label.setText(revision.title or _("Untitled note"))
        self.body_view.setPlainText(revision.body)
