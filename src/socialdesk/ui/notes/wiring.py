"""Plug the case notes and the attached files into every client file.

:func:`install` registers :func:`add_client_file_tabs` with the client file's tab
registry (called once by the main window); each file opened afterwards gets a "Notes"
tab (timeline beside the editor), placed right after Identity, and an "Attachments" tab
at the end. :func:`show_note` brings a note to the front (search results).
"""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget

from socialdesk.i18n import _
from socialdesk.ui.client_file.widget import ClientFileWidget, register_tab_factory
from socialdesk.ui.notes.attachments import AttachmentsPanel
from socialdesk.ui.notes.tab import NotesTab

NOTES_TAB_INDEX = 1


def add_client_file_tabs(file_widget: ClientFileWidget) -> None:
    notes = NotesTab(file_widget.ops, file_widget.bus)
    attachments = AttachmentsPanel(file_widget.ops, file_widget.bus)
    file_widget.add_tab(notes, _("Notes"), index=NOTES_TAB_INDEX)
    file_widget.add_tab(attachments, _("Attachments"))
    notes.set_client(file_widget.client_id)
    attachments.set_client(file_widget.client_id)


def install() -> None:
    """Give every client file opened from now on its notes and attachments tabs."""
    register_tab_factory(add_client_file_tabs)


def notes_tab(file_widget: ClientFileWidget) -> NotesTab | None:
    return file_widget.findChild(NotesTab)


def attachments_panel(file_widget: ClientFileWidget) -> AttachmentsPanel | None:
    return file_widget.findChild(AttachmentsPanel, "attachmentsPanel")


def show_note(file_widget: ClientFileWidget, note_id: int | None = None) -> NotesTab | None:
    """Bring the Notes tab to the front, with ``note_id`` open in the editor."""
    tab = notes_tab(file_widget)
    if tab is None:
        return None
    tabs = tab.parentWidget()
    while tabs is not None and not isinstance(tabs, QTabWidget):
        tabs = tabs.parentWidget()
    if tabs is not None:
        tabs.setCurrentWidget(tab)
    if note_id is not None:
        tab.show_note(note_id)
    return tab
