"""Case notes in the GUI: write, save, sign, amend, read the history, delete a draft;
drafts autosave; the timeline loads a page at a time."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from socialdesk.domain.clients import ClientInput
from socialdesk.domain.notes import NoteInput
from socialdesk.services.clients import create_client
from socialdesk.services.notes import create_note, get_note, list_notes
from socialdesk.ui.notes.editor import NoteEditor
from socialdesk.ui.notes.tab import NotesTab
from socialdesk.ui.notes.timeline import NOTE_ROLE, PAGE_SIZE
from socialdesk.ui.ops import Operations
from tests.ui.conftest import type_text

LEFT = Qt.MouseButton.LeftButton


def make_client(vault, last: str = "Durand", first: str = "Marie") -> int:  # type: ignore[no-untyped-def]
    with vault.uow() as uow:
        file, _changes = create_client(uow, ClientInput(first_name=first, last_name=last))
    return file.id


def notes_in_db(vault, client_id: int) -> list:  # type: ignore[no-untyped-def]
    with vault.uow() as uow:
        return [get_note(uow, n.id) for n in list_notes(uow, client_id, limit=500)]


@pytest.fixture
def tab(qtbot: QtBot, ops: Operations, vault) -> NotesTab:  # type: ignore[no-untyped-def]
    ops.attach_vault(vault)
    widget = NotesTab(ops, ops.bus)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def open_client(qtbot: QtBot, tab: NotesTab, ops: Operations, client_id: int) -> None:
    tab.set_client(client_id)
    qtbot.waitUntil(ops.is_idle)


def write_note(qtbot: QtBot, editor: NoteEditor, *, title: str, body: str) -> None:
    type_text(qtbot, editor.title_edit, title)
    editor.body_edit.setFocus()
    type_text(qtbot, editor.body_edit, body)


def timeline_titles(tab: NotesTab) -> list[str]:
    model = tab.timeline.model
    return [model.index(row).data(NOTE_ROLE).title for row in range(model.rowCount())]


def test_notes_write_save_sign_amend_and_read_the_history(
    qtbot: QtBot, tab: NotesTab, ops: Operations, vault
) -> None:  # type: ignore[no-untyped-def]
    # Given a client file with no notes
    client_id = make_client(vault)
    open_client(qtbot, tab, ops, client_id)
    editor = tab.editor
    assert tab.timeline.empty_label.isVisible()

    # When two notes are written and saved (button, then Ctrl+S)
    qtbot.mouseClick(tab.timeline.new_button, LEFT)
    write_note(qtbot, editor, title="Premier entretien", body="Demande d'aide au logement.")
    qtbot.mouseClick(editor.save_button, LEFT)
    qtbot.waitUntil(lambda: ops.is_idle() and tab.timeline.model.rowCount() == 1)
    qtbot.mouseClick(tab.timeline.new_button, LEFT)
    write_note(qtbot, editor, title="Appel CAF", body="Dossier de prévoyance relancé.")
    qtbot.keyClick(editor.body_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: ops.is_idle() and tab.timeline.model.rowCount() == 2)

    # Then both are in the vault, saved (not drafts), shown in the timeline
    stored = notes_in_db(vault, client_id)
    assert sorted(n.title for n in stored) == ["Appel CAF", "Premier entretien"]
    assert not any(n.is_draft for n in stored)
    assert sorted(timeline_titles(tab)) == ["Appel CAF", "Premier entretien"]
    assert editor.delete_button.isVisible() and editor.sign_button.isVisible()

    # When the first note is picked in the timeline and signed
    row = timeline_titles(tab).index("Premier entretien")
    tab.timeline.view.setCurrentIndex(tab.timeline.model.index(row))
    qtbot.waitUntil(lambda: ops.is_idle() and editor.title_edit.text() == "Premier entretien")
    qtbot.mouseClick(editor.sign_button, LEFT)
    dialog = editor.sign_dialog
    assert dialog is not None and dialog.isVisible()
    assert "can no longer be edited" in dialog.findChildren(type(editor.status_label))[1].text()
    dialog.signer_edit.clear()
    qtbot.keyClicks(dialog.signer_edit, "Marie Dupont")
    qtbot.mouseClick(dialog.sign_button, LEFT)
    qtbot.waitUntil(lambda: ops.is_idle() and editor.is_signed())

    # Then it is read-only, cannot be deleted, can be amended
    assert editor.sign_dialog is None
    assert editor.body_edit.isReadOnly() and editor.title_edit.isReadOnly()
    assert not editor.delete_button.isVisible()
    assert not editor.save_button.isVisible()
    assert editor.amend_button.isVisible()
    assert "Marie Dupont" in editor.signed_banner.text()
    qtbot.waitUntil(lambda: tab.timeline.model.index(row).data(NOTE_ROLE).signed_at is not None)

    # When it is amended with a reason
    qtbot.mouseClick(editor.amend_button, LEFT)
    amend = editor.amend_dialog
    assert amend is not None
    assert not amend.save_button.isEnabled()  # a reason is required
    amend.body_edit.setPlainText("Demande d'aide au logement (APL).")
    type_text(qtbot, amend.reason_edit, "Précision sur l'aide demandée")
    assert amend.save_button.isEnabled()
    qtbot.mouseClick(amend.save_button, LEFT)
    qtbot.waitUntil(lambda: ops.is_idle() and editor.detail.current_revision == 2)

    # Then the note shows the amended text and its history keeps both revisions
    assert editor.body_edit.toPlainText() == "Demande d'aide au logement (APL)."
    assert "revision 2" in editor.signed_banner.text()
    qtbot.mouseClick(editor.history_button, LEFT)
    history = editor.history_dialog
    assert history is not None and history.list.count() == 2
    assert history.body_view.toPlainText() == "Demande d'aide au logement (APL)."
    assert "Précision" in history.reason_label.text()
    history.list.setCurrentRow(0)
    assert history.body_view.toPlainText() == "Demande d'aide au logement."
    assert history.body_view.isReadOnly()
    history.accept()
    signed = next(n for n in notes_in_db(vault, client_id) if n.signed_at)
    assert [r.reason for r in signed.revisions] == [None, "Précision sur l'aide demandée"]
    qtbot.waitUntil(lambda: tab.timeline.model.index(row).data(NOTE_ROLE).current_revision == 2)


def test_notes_amend_needs_a_change_and_shows_the_service_message(
    qtbot: QtBot, tab: NotesTab, ops: Operations, vault
) -> None:  # type: ignore[no-untyped-def]
    client_id = make_client(vault)
    with vault.uow() as uow:
        from socialdesk.services.notes import sign_note

        note, _c = create_note(uow, NoteInput(client_id, date.today(), None, "T", "Texte"))
        sign_note(uow, note.id, signed_by="Marie Dupont")
    open_client(qtbot, tab, ops, client_id)
    tab.show_note(note.id)
    qtbot.waitUntil(lambda: ops.is_idle() and tab.editor.is_signed())
    qtbot.mouseClick(tab.editor.amend_button, LEFT)
    amend = tab.editor.amend_dialog
    qtbot.keyClicks(amend.reason_edit, "rien")
    qtbot.mouseClick(amend.save_button, LEFT)
    qtbot.waitUntil(ops.is_idle)
    assert amend.isVisible()
    assert "changes nothing" in amend.error_label.text()
    amend.reject()


def test_notes_delete_a_draft_and_signed_notes_offer_no_delete(
    qtbot: QtBot, tab: NotesTab, ops: Operations, vault
) -> None:  # type: ignore[no-untyped-def]
    client_id = make_client(vault)
    open_client(qtbot, tab, ops, client_id)
    editor = tab.editor

    # Given a draft saved by the autosave
    qtbot.mouseClick(tab.timeline.new_button, LEFT)
    write_note(qtbot, editor, title="Brouillon", body="À compléter")
    editor.autosave()  # what the timer does
    qtbot.waitUntil(lambda: ops.is_idle() and tab.timeline.model.rowCount() == 1)
    assert notes_in_db(vault, client_id)[0].is_draft

    # When it is deleted (confirmed)
    qtbot.mouseClick(editor.delete_button, LEFT)
    box = editor.confirm_box
    assert box is not None and box.isVisible()
    confirm = box.findChild(type(editor.delete_button), "confirmDeleteButton")
    qtbot.mouseClick(confirm, LEFT)
    qtbot.waitUntil(lambda: ops.is_idle() and tab.timeline.model.rowCount() == 0)

    # Then it is gone and the editor is empty
    assert notes_in_db(vault, client_id) == []
    assert not editor.is_open()
    assert editor.stack.currentWidget() is editor.placeholder


def test_notes_cancelled_delete_keeps_the_note(
    qtbot: QtBot, tab: NotesTab, ops: Operations, vault
) -> None:  # type: ignore[no-untyped-def]
    client_id = make_client(vault)
    with vault.uow() as uow:
        note, _c = create_note(uow, NoteInput(client_id, date.today(), None, "Gardée", "x"))
    open_client(qtbot, tab, ops, client_id)
    tab.show_note(note.id)
    qtbot.waitUntil(lambda: ops.is_idle() and tab.editor.title_edit.text() == "Gardée")
    qtbot.mouseClick(tab.editor.delete_button, LEFT)
    tab.editor.confirm_box.button(QMessageBox.StandardButton.NoButton)  # no crash
    tab.editor.confirm_box.reject()
    qtbot.waitUntil(ops.is_idle)
    assert len(notes_in_db(vault, client_id)) == 1


def test_notes_autosave_after_two_seconds_of_silence(
    qtbot: QtBot, tab: NotesTab, ops: Operations, vault
) -> None:  # type: ignore[no-untyped-def]
    # Given a new note being typed
    client_id = make_client(vault)
    open_client(qtbot, tab, ops, client_id)
    qtbot.mouseClick(tab.timeline.new_button, LEFT)
    write_note(qtbot, tab.editor, title="", body="Mme D. évoque une dette de loyer")
    assert notes_in_db(vault, client_id) == []

    # When the user stops typing, Then the draft is in the vault after the timer
    qtbot.waitUntil(lambda: bool(notes_in_db(vault, client_id)), timeout=5_000)
    qtbot.waitUntil(ops.is_idle)
    (draft,) = notes_in_db(vault, client_id)
    assert draft.is_draft and draft.body == "Mme D. évoque une dette de loyer"
    assert "Draft saved" in tab.editor.status_label.text()

    # When typing goes on, the same draft is updated (never a second one)
    qtbot.keyClicks(tab.editor.body_edit, " de 3 mois.")
    tab.editor.autosave()
    qtbot.keyClicks(tab.editor.body_edit, " Orientation ADIL.")
    tab.editor.autosave()
    qtbot.waitUntil(ops.is_idle)
    (draft,) = notes_in_db(vault, client_id)
    assert draft.body.endswith("de 3 mois. Orientation ADIL.")
    assert tab.timeline.model.rowCount() == 1


def test_notes_two_quick_autosaves_of_a_new_note_make_one_draft(
    qtbot: QtBot, tab: NotesTab, ops: Operations, vault
) -> None:  # type: ignore[no-untyped-def]
    client_id = make_client(vault)
    open_client(qtbot, tab, ops, client_id)
    tab.new_note()
    qtbot.keyClicks(tab.editor.body_edit, "a")
    tab.editor.autosave()  # creates the draft on the worker...
    qtbot.keyClicks(tab.editor.body_edit, "b")
    tab.editor.autosave()  # ...queued before the first result came back
    qtbot.waitUntil(ops.is_idle)
    (draft,) = notes_in_db(vault, client_id)
    assert draft.body == "ab"


def test_notes_type_template_fills_an_empty_body(
    qtbot: QtBot, tab: NotesTab, ops: Operations, vault
) -> None:  # type: ignore[no-untyped-def]
    client_id = make_client(vault)
    open_client(qtbot, tab, ops, client_id)
    tab.new_note()
    combo = tab.editor.type_combo
    assert combo.count() > 1  # the usual types were created for the new vault
    combo.setCurrentIndex(combo.findData("interview"))
    assert tab.editor.body_edit.toPlainText().startswith("Purpose:")
    combo.setCurrentIndex(combo.findData("phone_call"))  # untouched template: replaced
    assert tab.editor.body_edit.toPlainText().startswith("Caller")
    qtbot.keyClicks(tab.editor.body_edit, "typed")
    combo.setCurrentIndex(combo.findData("interview"))  # typed text is never replaced
    assert "typed" in tab.editor.body_edit.toPlainText()


def test_notes_empty_note_shows_the_validation_message(
    qtbot: QtBot, tab: NotesTab, ops: Operations, vault
) -> None:  # type: ignore[no-untyped-def]
    client_id = make_client(vault)
    open_client(qtbot, tab, ops, client_id)
    tab.new_note()
    qtbot.mouseClick(tab.editor.save_button, LEFT)
    qtbot.waitUntil(ops.is_idle)
    assert tab.editor.error_label.isVisible()
    assert "Write the note" in tab.editor.error_label.text()
    assert notes_in_db(vault, client_id) == []


def test_notes_timeline_loads_pages_of_fifty_as_the_user_scrolls(
    qtbot: QtBot, tab: NotesTab, ops: Operations, vault
) -> None:  # type: ignore[no-untyped-def]
    # Given a client with 120 notes
    client_id = make_client(vault)
    start = date.today() - timedelta(days=200)
    with vault.uow() as uow:
        for n in range(120):
            create_note(
                uow, NoteInput(client_id, start + timedelta(days=n), None, f"Note {n:03}", "x")
            )
    # When the file opens, Then only the first page is read, newest first
    open_client(qtbot, tab, ops, client_id)
    model = tab.timeline.model
    assert model.rowCount() == PAGE_SIZE
    assert model.index(0).data(NOTE_ROLE).title == "Note 119"
    assert tab.timeline.count_label.text() == "50+ notes"

    # When the user scrolls to the end, Then the next pages come
    tab.timeline.view.scrollToBottom()
    qtbot.waitUntil(lambda: ops.is_idle() and model.rowCount() == 100)
    tab.timeline.view.scrollToBottom()
    qtbot.waitUntil(lambda: ops.is_idle() and model.rowCount() == 120)
    assert not model.canFetchMore(QModelIndex())
    titles = timeline_titles(tab)
    assert titles == [f"Note {n:03}" for n in range(119, -1, -1)]
    assert tab.timeline.count_label.text() == "120 notes"


def test_notes_clear_forgets_everything(
    qtbot: QtBot, tab: NotesTab, ops: Operations, vault
) -> None:  # type: ignore[no-untyped-def]
    client_id = make_client(vault)
    with vault.uow() as uow:
        note, _c = create_note(uow, NoteInput(client_id, date.today(), None, "Secret", "x"))
    open_client(qtbot, tab, ops, client_id)
    tab.show_note(note.id)
    qtbot.waitUntil(lambda: ops.is_idle() and tab.editor.title_edit.text() == "Secret")
    assert tab.holds_vault_data()
    tab.clear()
    assert not tab.holds_vault_data()
    assert tab.editor.title_edit.text() == "" and tab.timeline.model.rowCount() == 0


def test_notes_keyboard_arrows_pick_enter_goes_to_the_text(
    qtbot: QtBot, tab: NotesTab, ops: Operations, vault
) -> None:  # type: ignore[no-untyped-def]
    client_id = make_client(vault)
    with vault.uow() as uow:
        create_note(uow, NoteInput(client_id, date.today() - timedelta(days=1), None, "Hier", "a"))
        create_note(uow, NoteInput(client_id, date.today(), None, "Aujourd'hui", "b"))
    open_client(qtbot, tab, ops, client_id)
    view = tab.timeline.view
    tab.window().activateWindow()
    view.setFocus()  # the list takes the focus on its first row, the newest note
    qtbot.waitUntil(lambda: ops.is_idle() and tab.editor.title_edit.text() == "Aujourd'hui")
    qtbot.keyClick(view, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: ops.is_idle() and tab.editor.title_edit.text() == "Hier")
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(ops.is_idle)
    assert tab.focusWidget() is tab.editor.body_edit
