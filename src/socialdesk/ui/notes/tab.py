"""The "Notes" tab of a client file: the timeline beside the editor."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from socialdesk.ui.events import ChangeBus
from socialdesk.ui.notes.editor import NoteEditor
from socialdesk.ui.notes.timeline import NotesTimeline
from socialdesk.ui.ops import Operations


class NotesTab(QWidget):
    def __init__(self, ops: Operations, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notesTab")
        self.timeline = NotesTimeline(ops, bus, self)
        self.editor = NoteEditor(ops, bus, self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("notesSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.timeline)
        self.splitter.addWidget(self.editor)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([340, 660])  # scaled to the real width when shown
        self.timeline.setMinimumWidth(260)
        self.editor.setMinimumWidth(360)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

        self.timeline.note_selected.connect(self.editor.open_note)
        self.timeline.note_activated.connect(
            lambda note_id: self.editor.open_note(note_id, focus=True)
        )
        self.timeline.new_note_requested.connect(self.editor.new_note)
        self.editor.current_note_changed.connect(self.timeline.set_current_note)

    @property
    def client_id(self) -> int | None:
        return self.timeline.client_id

    def set_client(self, client_id: int | None) -> None:
        self.editor.set_client(client_id)
        self.timeline.set_client(client_id)

    def show_note(self, note_id: int) -> None:
        """Select ``note_id`` in the timeline and open it in the editor."""
        self.timeline.set_current_note(note_id)
        self.editor.open_note(note_id)

    def new_note(
        self,
        appointment_id: int | None = None,
        *,
        note_date: date | None = None,
        link_text: str = "",
    ) -> None:
        """Start a new note; with ``appointment_id``, the note of that appointment
        (dated ``note_date``; ``link_text`` says which appointment)."""
        self.editor.new_note(appointment_id, note_date=note_date, link_text=link_text)

    def clear(self) -> None:
        self.editor.clear()
        self.timeline.clear()

    def holds_vault_data(self) -> bool:
        return self.editor.holds_vault_data() or self.timeline.holds_vault_data()
