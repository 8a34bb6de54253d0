"""Case notes and attachments inside the real client file of the main window: the tabs
are there, a draft typed just before a lock survives it, files attach and reopen."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from socialdesk.domain.clients import ClientInput
from socialdesk.services.attachments import list_attachments
from socialdesk.services.clients import create_client
from socialdesk.services.notes import get_note, list_notes
from socialdesk.ui.controller import AppController
from socialdesk.ui.notes import attachments as attachments_module
from socialdesk.ui.notes import wiring
from tests.conftest import PASSPHRASE
from tests.ui.test_attachments_panel import drop
from tests.ui.test_notes_editor import type_text

LEFT = Qt.MouseButton.LeftButton


def _open_file(qtbot: QtBot, make_controller: Callable[..., AppController], vault):  # type: ignore[no-untyped-def]
    with vault.uow() as uow:
        file, _c = create_client(uow, ClientInput(first_name="Marie", last_name="Durand"))
    controller = make_controller(vault.path)
    controller.open_vault(vault)
    window = controller.window
    qtbot.waitExposed(window)
    window.show_page("clients")
    qtbot.waitUntil(controller.ops.is_idle)
    widget = window.clients_page.open_client(file.id)
    qtbot.waitUntil(lambda: controller.ops.is_idle() and widget.file is not None)
    return controller, window, widget, file.id


def _drafts(vault, client_id: int) -> list:  # type: ignore[no-untyped-def]
    with vault.uow() as uow:
        return [get_note(uow, n.id) for n in list_notes(uow, client_id)]


def test_notes_client_file_has_notes_and_attachments_tabs(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault
) -> None:  # type: ignore[no-untyped-def]
    controller, window, widget, client_id = _open_file(qtbot, make_controller, vault)
    titles = [widget.tabs.tabText(i) for i in range(widget.tabs.count())]
    assert titles[1] == "Notes" and titles[-1] == "Attachments"
    tab = wiring.notes_tab(widget)
    assert tab is not None and tab.client_id == client_id
    panel = wiring.attachments_panel(widget)
    assert panel is not None and panel.client_id == client_id


def test_notes_draft_typed_just_before_a_lock_is_there_after_unlock(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault
) -> None:  # type: ignore[no-untyped-def]
    # Given a note being typed in the client file (the autosave timer has not fired)
    controller, window, widget, client_id = _open_file(qtbot, make_controller, vault)
    tab = wiring.show_note(widget)
    assert tab is not None
    qtbot.mouseClick(tab.timeline.new_button, LEFT)
    tab.editor.body_edit.setFocus()
    type_text(qtbot, tab.editor.body_edit, "Visite à domicile : le chauffage ne marche plus.")
    assert tab.editor.autosave_timer.isActive()
    assert _drafts(vault, client_id) == []

    # When the vault is locked at once (Ctrl+L)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: vault.locked)

    # Then every page forgot it (the lock check) ...
    for page in window.pages.values():
        assert not page.holds_vault_data(), page.objectName()
    assert window.clients_page.file_widget is None  # the file was closed

    # ... and after unlocking, the draft is in the vault and in the client's timeline
    dialog = controller.unlock_dialog
    qtbot.keyClicks(dialog.passphrase_edit, PASSPHRASE)
    qtbot.mouseClick(dialog.unlock_button, LEFT)
    qtbot.waitUntil(lambda: window.isVisible() and controller.ops.is_idle(), timeout=10_000)
    (draft,) = _drafts(controller.vault, client_id)  # the vault opened again
    assert draft.is_draft
    assert draft.body == "Visite à domicile : le chauffage ne marche plus."
    widget = window.clients_page.open_client(client_id)
    tab = wiring.show_note(widget)
    qtbot.waitUntil(lambda: controller.ops.is_idle() and tab.timeline.model.rowCount() == 1)
    tab.timeline.view.setCurrentIndex(tab.timeline.model.index(0))
    qtbot.waitUntil(lambda: controller.ops.is_idle() and tab.editor.is_open())
    assert tab.editor.body_edit.toPlainText() == draft.body


def test_notes_draft_is_saved_when_the_file_is_closed(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault
) -> None:  # type: ignore[no-untyped-def]
    controller, window, widget, client_id = _open_file(qtbot, make_controller, vault)
    tab = wiring.show_note(widget)
    tab.new_note()
    type_text(qtbot, tab.editor.body_edit, "Texte en cours")
    window.clients_page.show_list()  # back to the list before the timer fires
    qtbot.waitUntil(controller.ops.is_idle)
    (draft,) = _drafts(vault, client_id)
    assert draft.body == "Texte en cours"


def test_attachments_attach_to_the_client_file_and_reopen(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    controller, window, widget, client_id = _open_file(qtbot, make_controller, vault)
    panel = wiring.attachments_panel(widget)
    widget.tabs.setCurrentWidget(panel)
    source = tmp_path / "Avis d'imposition 2025.pdf"
    source.write_bytes(b"%PDF-1.7 impots")
    assert drop(panel, [source])
    qtbot.waitUntil(lambda: controller.ops.is_idle() and panel.tree.topLevelItemCount() == 1)
    with vault.uow() as uow:
        (info,) = list_attachments(uow, client_id=client_id)
    assert info.filename == "Avis d'imposition 2025.pdf"

    opened: list[Path] = []
    monkeypatch.setattr(attachments_module, "open_with_system", lambda p: opened.append(p) or True)
    panel.select(info.id)
    qtbot.mouseClick(panel.open_button, LEFT)
    qtbot.waitUntil(lambda: controller.ops.is_idle() and bool(opened))
    assert opened[0].read_bytes() == b"%PDF-1.7 impots"

    # Locking empties the private temp folder
    controller.lock()
    qtbot.waitUntil(lambda: vault.locked)
    assert not opened[0].exists()
    # the file (with its tabs) was cleared and discarded
    assert window.clients_page.file_widget is None
    assert not shiboken6.isValid(panel) or not panel.holds_vault_data()


def test_notes_ctrl_s_and_ctrl_enter_save_the_note_inside_the_client_file(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault
) -> None:  # type: ignore[no-untyped-def]
    # The client file has its own Ctrl+S: in the note editor, the key saves the note.
    controller, window, widget, client_id = _open_file(qtbot, make_controller, vault)
    tab = wiring.show_note(widget)
    tab.new_note()
    window.activateWindow()
    tab.editor.body_edit.setFocus()
    type_text(qtbot, tab.editor.body_edit, "Premier jet")
    qtbot.keyClick(tab.editor.body_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(controller.ops.is_idle)
    (note,) = _drafts(vault, client_id)
    assert note.body == "Premier jet" and not note.is_draft

    type_text(qtbot, tab.editor.body_edit, " et suite")
    qtbot.keyClick(tab.editor.body_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(controller.ops.is_idle)
    (note,) = _drafts(vault, client_id)
    assert note.body == "Premier jet et suite"  # saved, and no line break typed
    assert not note.is_draft
