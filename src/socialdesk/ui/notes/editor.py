"""The case-note editor: write, save, sign, amend, delete; drafts autosave.

Nothing typed is lost: two seconds after the last change the text is saved as a draft
(``autosave_draft``), and the same save is queued when the vault locks (``before_lock``,
called by the controller before the lock job), when the app closes, when another note
or client is opened and when the editor is hidden.

The note being typed is identified by a :class:`~socialdesk.ui.notes.note_ops.NoteHandle`
shared with the worker, so quick successive saves of a new note make one draft.
"""

from __future__ import annotations

from datetime import date

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QHideEvent,
    QKeyEvent,
)
from PySide6.QtWidgets import (
    QLabel,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from socialdesk.domain.changes import Changes
from socialdesk.domain.errors import SocialDeskError, ValidationError
from socialdesk.domain.notes import NoteDetail, NoteInput
from socialdesk.i18n import _
from socialdesk.ui.events import ChangeBus
from socialdesk.ui.notes import note_ops
from socialdesk.ui.notes.dialogs import (
    AmendNoteDialog,
    RevisionHistoryDialog,
    SignNoteDialog,
    error_message,
)
from socialdesk.ui.notes.format import format_datetime, format_time, from_qdate, to_qdate
from socialdesk.ui.notes.note_form import NoteForm
from socialdesk.ui.ops import Operations

AUTOSAVE_DELAY_MS = 2000
SAVE_KEYS = (Qt.Key.Key_S, Qt.Key.Key_Return, Qt.Key.Key_Enter)


class NoteEditor(QWidget):
    """Edits one note of one client at a time.

    ``current_note_changed(note_id | None)``: the note shown (None: a new note not saved
    yet, or nothing); ``note_deleted(note_id)``.
    """

    current_note_changed = Signal(object)
    note_deleted = Signal(int)

    def __init__(self, ops: Operations, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noteEditor")
        self.ops = ops
        self.bus = bus
        self._client_id: int | None = None
        self._handle: note_ops.NoteHandle | None = None
        self._detail: NoteDetail | None = None
        self._context: note_ops.EditorContext | None = None
        self._context_loading = False
        self._dirty = False
        self._filling = False
        self._loading = False
        self._generation = 0
        self._template = ""
        self._appointment_id: int | None = None  # the link of a new note (not saved yet)
        self.sign_dialog: SignNoteDialog | None = None
        self.amend_dialog: AmendNoteDialog | None = None
        self.history_dialog: RevisionHistoryDialog | None = None
        self.confirm_box: QMessageBox | None = None
        self._save_key_fields: tuple[QWidget, ...] = ()

        self.autosave_timer = QTimer(self)
        self.autosave_timer.setSingleShot(True)
        self.autosave_timer.setInterval(AUTOSAVE_DELAY_MS)
        self.autosave_timer.timeout.connect(self.autosave)

        self._build()
        bus.changed.connect(self._on_changes)
        self._show_placeholder()

    # -- layout
    def _build(self) -> None:
        self.stack = QStackedWidget(self)
        self.placeholder = QLabel(_("Select a note in the timeline, or write a new one."), self)
        self.placeholder.setObjectName("noteEditorPlaceholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setStyleSheet("color: palette(placeholder-text);")
        self.stack.addWidget(self.placeholder)
        self.form = NoteForm(self.ops, self.bus, self)
        self.stack.addWidget(self.form)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)

        form = self.form  # short names for the parts the editor drives (and tests read)
        self.signed_banner = form.signed_banner
        self.date_edit = form.date_edit
        self.type_combo = form.type_combo
        self.private_check = form.private_check
        self.title_edit = form.title_edit
        self.body_edit = form.body_edit
        self.attachments = form.attachments
        self.error_label = form.error_label
        self.status_label = form.status_label
        self.delete_button = form.delete_button
        self.history_button = form.history_button
        self.amend_button = form.amend_button
        self.sign_button = form.sign_button
        self.save_button = form.save_button
        self.appointment_label = QLabel(form)
        self.appointment_label.setObjectName("noteAppointmentLabel")
        self.appointment_label.setStyleSheet("color: #0b3d91;")
        self.appointment_label.hide()
        form.layout().insertWidget(1, self.appointment_label)
        self.delete_button.clicked.connect(self.delete)
        self.history_button.clicked.connect(self.show_history)
        self.amend_button.clicked.connect(self.amend)
        self.sign_button.clicked.connect(self.sign)
        self.save_button.clicked.connect(self.save)

        # Files dropped on the text are attached to the note, not pasted as their paths.
        self.body_edit.viewport().installEventFilter(self)
        self.title_edit.textEdited.connect(self._edited)
        self.body_edit.textChanged.connect(self._edited)
        self.date_edit.dateChanged.connect(self._edited)
        self.private_check.toggled.connect(self._edited)
        self.type_combo.currentIndexChanged.connect(self._type_changed)
        # Ctrl+S / Ctrl+Enter save the note. Not QShortcuts: the client file around us has
        # its own Ctrl+S, and two shortcuts on one key cancel each other out (ambiguous).
        # The fields claim the key first (ShortcutOverride), then save on the key press.
        self._save_key_fields = (
            self.date_edit,
            self.type_combo,
            self.private_check,
            self.title_edit,
            self.body_edit,
        )
        for field in self._save_key_fields:
            field.installEventFilter(self)

    @staticmethod
    def _is_save_key(event: QEvent) -> bool:
        if not isinstance(event, QKeyEvent):
            return False
        if event.type() not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        ctrl = Qt.KeyboardModifier.ControlModifier
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        return modifiers == ctrl and event.key() in SAVE_KEYS

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched in self._save_key_fields and self._is_save_key(event):
            event.accept()
            if event.type() == QEvent.Type.KeyPress:
                self.save()
            return True
        if watched is self.body_edit.viewport() and isinstance(
            event, (QDragEnterEvent, QDragMoveEvent, QDropEvent)
        ):
            mime = event.mimeData()
            if mime is not None and mime.hasUrls() and any(u.isLocalFile() for u in mime.urls()):
                if not self.attachments.can_add():
                    event.ignore()
                elif isinstance(event, (QDragEnterEvent, QDragMoveEvent)):
                    event.acceptProposedAction()
                else:
                    self.attachments.dropEvent(event)
                return True
        return super().eventFilter(watched, event)

    # -- state queries
    @property
    def client_id(self) -> int | None:
        return self._client_id

    @property
    def note_id(self) -> int | None:
        return self._handle.note_id if self._handle is not None else None

    @property
    def detail(self) -> NoteDetail | None:
        return self._detail

    def is_open(self) -> bool:
        return self._handle is not None

    def is_signed(self) -> bool:
        return self._detail is not None and self._detail.signed_at is not None

    def is_dirty(self) -> bool:
        return self._dirty

    def is_editable(self) -> bool:
        return self._handle is not None and not self._loading and not self.is_signed()

    def holds_vault_data(self) -> bool:
        return bool(
            self._client_id is not None
            or self._handle is not None
            or self._detail is not None
            or self._context is not None
            or self.body_edit.toPlainText()
            or self.title_edit.text()
            or self.attachments.holds_vault_data()
        )

    # -- choosing what is edited
    def set_client(self, client_id: int | None) -> None:
        if client_id == self._client_id:
            return
        self.flush()
        self._close_note()
        self._client_id = client_id
        if client_id is not None and self._context is None:
            self._load_context()

    def new_note(
        self,
        appointment_id: int | None = None,
        *,
        note_date: date | None = None,
        link_text: str = "",
    ) -> None:
        """Start a note dated today (not saved until something is typed); with
        ``appointment_id``, the note of that appointment, dated ``note_date``."""
        if self._client_id is None:
            return
        self.flush()
        self._generation += 1
        self._handle = note_ops.NoteHandle()
        self._detail = None
        self._appointment_id = appointment_id
        self._show_link(appointment_id, link_text)
        self._fill(
            note_date=note_date or date.today(),
            type_code=None,
            type_label=None,
            title="",
            body="",
            private=False,
        )
        self.attachments.set_note(None, self._client_id)
        self._set_status(_("New note — saved as a draft as you type."))
        self._show_form()
        self.current_note_changed.emit(None)
        self.body_edit.setFocus()

    def open_note(self, note_id: int, *, focus: bool = False) -> None:
        """Show ``note_id`` (what was typed in the previous note is saved first);
        ``focus`` puts the cursor in its text once loaded."""
        if self._handle is not None and self._handle.note_id == note_id and not self._loading:
            if focus:
                self._focus_text()
            return
        self.flush()
        self._generation += 1
        generation = self._generation
        self._loading = True
        self._update_state()
        self.ops.run_db(
            note_ops.load_op(note_id),
            on_success=lambda detail: self._loaded(generation, detail, focus),
            on_error=lambda error: self._load_failed(generation, error),
            owner=self,
        )

    def _loaded(self, generation: int, detail: NoteDetail, focus: bool = False) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self._show_detail(detail)
        self.current_note_changed.emit(detail.id)
        if focus:
            self._focus_text()

    def _focus_text(self) -> None:
        # A signed note is read-only: the Amend button is where the keyboard can act.
        (self.amend_button if self.is_signed() else self.body_edit).setFocus()

    def _load_failed(self, generation: int, _error: BaseException) -> bool | None:
        if generation == self._generation:
            self._loading = False
            self._close_note()
        return None

    def _close_note(self) -> None:
        self.autosave_timer.stop()
        self._generation += 1
        self._handle = None
        self._detail = None
        self._appointment_id = None
        self._show_link(None)
        self._dirty = False
        self._loading = False
        self._close_dialogs()
        self._fill(
            note_date=date.today(),
            type_code=None,
            type_label=None,
            title="",
            body="",
            private=False,
        )
        self.attachments.clear()
        self._show_placeholder()

    def _show_detail(self, detail: NoteDetail) -> None:
        self._detail = detail
        self._handle = note_ops.NoteHandle(detail.id)
        self._appointment_id = detail.appointment_id
        if self.appointment_label.property("appointment_id") != detail.appointment_id:
            self._show_link(detail.appointment_id)
        self._fill(
            note_date=detail.note_date,
            type_code=detail.note_type_code,
            type_label=detail.note_type_label,
            title=detail.title,
            body=detail.body,
            private=detail.is_private,
        )
        self.attachments.set_note(detail.id, detail.client_id)
        self._set_status(self._saved_text(detail))
        self._show_form()

    # -- filling the fields (never counted as typing)
    def _fill(
        self,
        *,
        note_date: date,
        type_code: str | None,
        type_label: str | None,
        title: str,
        body: str,
        private: bool,
    ) -> None:
        self._filling = True
        try:
            self.date_edit.setDate(to_qdate(note_date))
            self._fill_types(type_code, type_label)
            self._template = self._template_of(type_code)
            self.title_edit.setText(title)
            self.body_edit.setPlainText(body)
            self.private_check.setChecked(private)
            self.error_label.hide()
        finally:
            self._filling = False
        self._dirty = False
        self._update_state()

    def _fill_types(self, selected: str | None, selected_label: str | None) -> None:
        self.type_combo.clear()
        self.type_combo.addItem(_("No type"), None)
        for note_type in self._context.note_types if self._context else []:
            if note_type.active or note_type.code == selected:
                self.type_combo.addItem(note_type.label, note_type.code)
        index = self.type_combo.findData(selected) if selected else 0
        if index < 0:
            self.type_combo.addItem(selected_label or selected or "", selected)
            index = self.type_combo.count() - 1
        self.type_combo.setCurrentIndex(index)

    def _template_of(self, code: str | None) -> str:
        for note_type in self._context.note_types if self._context else []:
            if note_type.code == code:
                return note_type.template
        return ""

    # -- typing
    def _edited(self, *_args: object) -> None:
        if self._filling or not self.is_editable():
            return
        self._dirty = True
        self.error_label.hide()
        self._set_status(_("Editing…"))
        self.autosave_timer.start()

    def _type_changed(self, _index: int) -> None:
        if self._filling or not self.is_editable():
            return
        template = self._template_of(self.type_combo.currentData())
        body = self.body_edit.toPlainText()
        # A template fills an empty body, or replaces the previous type's untouched one.
        if template and (not body.strip() or body == self._template):
            self.body_edit.setPlainText(template)
        self._template = template
        self._edited()

    def _has_content(self) -> bool:
        body = self.body_edit.toPlainText()
        return bool(self.title_edit.text().strip() or (body.strip() and body != self._template))

    def note_input(self) -> NoteInput:
        assert self._client_id is not None
        return NoteInput(
            client_id=self._client_id,
            note_date=from_qdate(self.date_edit.date()),
            note_type_code=self.type_combo.currentData(),
            title=self.title_edit.text(),
            body=self.body_edit.toPlainText(),
            is_private=self.private_check.isChecked(),
            # No appointment picker: the link given when the note was started stays.
            appointment_id=self._detail.appointment_id if self._detail else self._appointment_id,
        )

    @property
    def appointment_id(self) -> int | None:
        """The appointment the note on screen is (or will be) linked to."""
        return self._appointment_id

    def _show_link(self, appointment_id: int | None, text: str = "") -> None:
        self.appointment_label.setProperty("appointment_id", appointment_id)
        if appointment_id is None:
            self.appointment_label.clear()
            self.appointment_label.hide()
            return
        self.appointment_label.setText(
            _("Note of the appointment: {what}", what=text) if text else _("Note of an appointment")
        )
        self.appointment_label.show()

    # -- autosave
    def autosave(self) -> None:
        """Queue a draft save of what is typed (nothing to do when nothing changed)."""
        self.autosave_timer.stop()
        handle = self._handle
        if handle is None or not self._dirty or not self.is_editable():
            return
        if handle.note_id is None and not self._has_content():
            return  # a new note with nothing typed yet (or just a template)
        self._dirty = False
        self.ops.run_db(
            note_ops.autosave_op(handle, self.note_input()),
            on_success=lambda detail: self._autosaved(handle, detail),
            on_error=lambda error: self._autosave_failed(handle, error),
            owner=self,
        )

    flush = autosave

    def before_lock(self) -> None:
        """The vault is about to lock: queue the draft save ahead of the lock job."""
        self.autosave()

    def _autosaved(self, handle: note_ops.NoteHandle, detail: NoteDetail) -> None:
        if handle is not self._handle:
            return
        first = self._detail is None
        self._detail = detail
        if first:
            self.attachments.set_note(detail.id, detail.client_id)
            self.current_note_changed.emit(detail.id)
        if not self._dirty:
            self._set_status(
                _("Draft saved at {time}.", time=format_time(detail.updated_at))
                if detail.updated_at
                else _("Draft saved.")
            )
        self._update_state()

    def _autosave_failed(self, handle: note_ops.NoteHandle, error: BaseException) -> bool:
        if handle is self._handle:
            self._dirty = True
            self._show_error(
                _("The draft could not be saved: {reason}", reason=error_message(error))
            )
        return isinstance(error, SocialDeskError)

    def hideEvent(self, event: QHideEvent) -> None:
        self.autosave()  # the file was closed or another tab shown: keep what was typed
        super().hideEvent(event)

    # -- save, sign, amend, delete
    def save(self) -> None:
        handle = self._handle
        if handle is None or not self.is_editable():
            return
        self.autosave_timer.stop()
        self._dirty = False
        self.ops.run_db(
            note_ops.save_op(handle, self.note_input()),
            on_success=lambda detail: self._saved(handle, detail),
            on_error=lambda error: self._save_failed(handle, error),
            owner=self,
        )

    def _saved(
        self, handle: note_ops.NoteHandle, detail: NoteDetail, *, refill: bool = False
    ) -> None:
        if handle is not self._handle:
            return
        first = self._detail is None
        if refill:
            self._show_detail(detail)  # signed: the form becomes read-only
        else:
            # Keep the fields as they are (cursor, selection, what was typed meanwhile).
            self._detail = detail
            if first:
                self.attachments.set_note(detail.id, detail.client_id)
            if not self._dirty:
                self._set_status(self._saved_text(detail))
            self._update_state()
        if first or refill:
            self.current_note_changed.emit(detail.id)

    def _save_failed(self, handle: note_ops.NoteHandle, error: BaseException) -> bool | None:
        if handle is not self._handle:
            return None
        self._dirty = True
        if isinstance(error, ValidationError):
            self._show_error(error_message(error))
            return True
        return None

    def sign(self) -> None:
        if self._handle is None or not self.is_editable():
            return
        signer = self._context.signer if self._context else ""
        dialog = SignNoteDialog(signer, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.confirmed.connect(self._sign_confirmed)
        dialog.finished.connect(lambda _r: setattr(self, "sign_dialog", None))
        self.sign_dialog = dialog
        dialog.open()

    def _sign_confirmed(self, signer: str) -> None:
        handle, dialog = self._handle, self.sign_dialog
        if handle is None or dialog is None or not self.is_editable():
            return
        self.autosave_timer.stop()
        dirty, self._dirty = self._dirty, False

        def signed(detail: NoteDetail) -> None:
            if shiboken6.isValid(dialog):
                dialog.accept()
            self._saved(handle, detail, refill=True)

        def failed(error: BaseException) -> bool | None:
            if handle is self._handle:
                self._dirty = self._dirty or dirty
            if not shiboken6.isValid(dialog) or not dialog.isVisible():
                return None  # cancelled meanwhile: the usual error box
            dialog.show_error(error)
            return True

        self.ops.run_db(
            note_ops.sign_op(handle, self.note_input(), signer),
            on_success=signed,
            on_error=failed,
            owner=self,
        )

    def amend(self) -> None:
        detail = self._detail
        if detail is None or detail.signed_at is None or self._loading:
            return
        author = (self._context.signer if self._context else "") or detail.signed_by or ""
        dialog = AmendNoteDialog(detail, author, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.submitted.connect(
            lambda title, body, reason, who: self._amend_submitted(
                detail.id, title, body, reason, who
            )
        )
        dialog.finished.connect(lambda _r: setattr(self, "amend_dialog", None))
        self.amend_dialog = dialog
        dialog.open()

    def _amend_submitted(
        self, note_id: int, title: str, body: str, reason: str, author: str
    ) -> None:
        dialog, handle = self.amend_dialog, self._handle
        if dialog is None:
            return

        def amended(detail: NoteDetail) -> None:
            if shiboken6.isValid(dialog):
                dialog.accept()
            if handle is self._handle:
                self._show_detail(detail)

        def failed(error: BaseException) -> bool | None:
            if not shiboken6.isValid(dialog) or not dialog.isVisible():
                return None
            dialog.show_error(error)
            return True

        self.ops.run_db(
            note_ops.amend_op(note_id, title, body, reason, author),
            on_success=amended,
            on_error=failed,
            owner=self,
        )

    def show_history(self) -> None:
        if self._detail is None or not self._detail.revisions:
            return
        dialog = RevisionHistoryDialog(self._detail, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: setattr(self, "history_dialog", None))
        self.history_dialog = dialog
        dialog.open()

    def delete(self) -> None:
        handle = self._handle
        if handle is None or not self.is_editable():
            return
        self.autosave_timer.stop()
        if handle.note_id is None and self._detail is None:
            self._close_note()  # never saved: nothing to delete
            self.current_note_changed.emit(None)
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            _("Delete the note"),
            _("Delete this note and its attached files?"),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setObjectName("confirmDeleteNote")
        box.setInformativeText(_("This cannot be undone."))
        delete = box.addButton(_("Delete"), QMessageBox.ButtonRole.DestructiveRole)
        delete.setObjectName("confirmDeleteButton")
        cancel = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)

        def finished(_result: int) -> None:
            self.confirm_box = None
            box.deleteLater()
            if box.clickedButton() is delete and handle is self._handle:
                self._delete_now(handle)

        box.finished.connect(finished)
        self.confirm_box = box
        box.open()

    def _delete_now(self, handle: note_ops.NoteHandle) -> None:
        self.flush()  # the id of a draft being created comes back before the delete runs
        self._dirty = False

        def deleted(_none: None) -> None:
            if handle is self._handle:
                note_id = handle.note_id
                self._close_note()
                self.current_note_changed.emit(None)
                if note_id is not None:
                    self.note_deleted.emit(note_id)

        self.ops.run_db(note_ops.delete_handle_op(handle), on_success=deleted, owner=self)

    # -- lock and changes
    def clear(self) -> None:
        """Forget everything (the vault locks): fields, note, client, types, dialogs.

        Unsaved typing is queued as a draft first; the controller already did it through
        ``before_lock``, so this only matters when someone clears without it."""
        self.autosave()
        self._close_note()
        self._client_id = None
        self._context = None
        self._context_loading = False
        self.type_combo.clear()

    def _close_dialogs(self) -> None:
        for name in ("sign_dialog", "amend_dialog", "history_dialog", "confirm_box"):
            dialog = getattr(self, name)
            if dialog is not None:
                setattr(self, name, None)
                dialog.close()
                dialog.deleteLater()

    def _on_changes(self, changes: Changes) -> None:
        if (changes.settings or changes.profile or changes.vault) and self._client_id is not None:
            self._load_context()

    def _load_context(self) -> None:
        if self._context_loading:
            return
        self._context_loading = True
        self.ops.run_db(
            note_ops.context_op,
            on_success=self._context_loaded,
            on_error=self._context_failed,
            owner=self,
        )

    def _context_loaded(self, context: note_ops.EditorContext) -> None:
        self._context_loading = False
        if self._client_id is None:
            return
        self._context = context
        # Refresh the type list without touching what is typed.
        self._filling = True
        try:
            code = self.type_combo.currentData()
            label = self.type_combo.currentText()
            self._fill_types(code, label)
        finally:
            self._filling = False

    def _context_failed(self, _error: BaseException) -> bool | None:
        self._context_loading = False
        return None

    # -- display
    def _show_placeholder(self) -> None:
        self.stack.setCurrentWidget(self.placeholder)
        self._update_state()

    def _show_form(self) -> None:
        self.stack.setCurrentWidget(self.form)
        self._update_state()

    def _saved_text(self, detail: NoteDetail) -> str:
        if detail.signed_at is not None:
            return ""
        if detail.is_draft:
            return _("Draft — saved automatically. Save it to file it in the case file.")
        if detail.updated_at is not None:
            return _("Saved {when}.", when=format_datetime(detail.updated_at))
        return _("Saved.")

    def _set_status(self, text: str) -> None:
        self.status_label.setText(text)

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def _update_state(self) -> None:
        signed = self.is_signed()
        open_ = self._handle is not None
        editable = self.is_editable()
        for widget in (self.date_edit, self.type_combo, self.private_check):
            widget.setEnabled(editable)
        self.title_edit.setReadOnly(not editable)
        self.body_edit.setReadOnly(not editable)
        self.save_button.setVisible(open_ and not signed)
        self.sign_button.setVisible(open_ and not signed)
        self.delete_button.setVisible(open_ and not signed)
        self.amend_button.setVisible(signed)
        detail = self._detail
        self.history_button.setVisible(signed and detail is not None and bool(detail.revisions))
        for button in (self.save_button, self.sign_button, self.delete_button, self.amend_button):
            button.setEnabled(not self._loading)
        if signed and detail is not None and detail.signed_at is not None:
            text = _(
                "Signed {when} by {who}. It can no longer be edited: changes are made by amendment.",
                when=format_datetime(detail.signed_at),
                who=detail.signed_by or "",
            )
            if detail.current_revision > 1:
                text += " " + _("Current text: revision {number}.", number=detail.current_revision)
            self.signed_banner.setText(text)
            self.signed_banner.show()
            self.status_label.setText("")
        else:
            self.signed_banner.hide()
        if self._loading:
            self.status_label.setText(_("Loading…"))
