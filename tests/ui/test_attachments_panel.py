"""Attached files in the GUI: drop or add files, open a private copy, save as, delete,
and the size limit refusing a file with a clear message and nothing saved."""

from __future__ import annotations

import os
import stat
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from socialdesk.config import paths
from socialdesk.domain.clients import ClientInput
from socialdesk.domain.notes import MAX_ATTACHMENT_BYTES, NoteInput
from socialdesk.services.attachments import add_attachment, list_attachments, read_attachment
from socialdesk.services.clients import create_client
from socialdesk.services.notes import create_note
from socialdesk.ui.notes import attachments as panel_module
from socialdesk.ui.notes.attachments import AttachmentsPanel
from socialdesk.ui.ops import Operations

LEFT = Qt.MouseButton.LeftButton
PDF = b"%PDF-1.4\n" + bytes(range(256)) * 40


def make_client(vault) -> int:  # type: ignore[no-untyped-def]
    with vault.uow() as uow:
        file, _changes = create_client(uow, ClientInput(first_name="Marie", last_name="Durand"))
    return file.id


def stored(vault, client_id: int) -> list:  # type: ignore[no-untyped-def]
    with vault.uow() as uow:
        return list_attachments(uow, client_id=client_id)


@pytest.fixture
def panel(qtbot: QtBot, ops: Operations, vault) -> AttachmentsPanel:  # type: ignore[no-untyped-def]
    ops.attach_vault(vault)
    widget = AttachmentsPanel(ops, ops.bus)
    qtbot.addWidget(widget)
    widget.resize(700, 400)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def drop(panel: AttachmentsPanel, files: list[Path]) -> bool:
    """Drag ``files`` over the panel and drop them, as a file manager does."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(f)) for f in files])
    where = QPointF(panel.tree.geometry().center())
    action = Qt.DropAction.CopyAction
    enter = QDragEnterEvent(where.toPoint(), action, mime, LEFT, Qt.KeyboardModifier.NoModifier)
    panel.dragEnterEvent(enter)
    if not enter.isAccepted():
        return False
    event = QDropEvent(where, action, mime, LEFT, Qt.KeyboardModifier.NoModifier)
    panel.dropEvent(event)
    return event.isAccepted()


def test_attachments_drop_files_then_open_a_private_copy(
    qtbot: QtBot, panel: AttachmentsPanel, ops: Operations, vault, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    # Given a client file's attachments panel and two files on disk
    client_id = make_client(vault)
    panel.set_client(client_id)
    qtbot.waitUntil(ops.is_idle)
    report = tmp_path / "Attestation CAF.pdf"
    report.write_bytes(PDF)
    photo = tmp_path / "bail.jpg"
    photo.write_bytes(b"\xff\xd8\xff" + b"x" * 1000)

    # When they are dropped on the panel
    assert drop(panel, [report, photo])
    qtbot.waitUntil(lambda: ops.is_idle() and panel.tree.topLevelItemCount() == 2)

    # Then they are in the vault, listed with their names
    names = sorted(info.filename for info in stored(vault, client_id))
    assert names == ["Attestation CAF.pdf", "bail.jpg"]
    shown = sorted(panel.tree.topLevelItem(i).text(0) for i in range(2))
    assert shown == names
    assert not panel.error_label.isVisible()

    # When one is opened
    opened: list[Path] = []
    monkeypatch.setattr(panel_module, "open_with_system", lambda p: opened.append(p) or True)
    info = next(i for i in panel.files() if i.filename == "Attestation CAF.pdf")
    panel.select(info.id)
    qtbot.mouseClick(panel.open_button, LEFT)
    qtbot.waitUntil(lambda: ops.is_idle() and bool(opened))

    # Then the system viewer gets a private copy, 0600, with the same bytes
    (copy,) = opened
    assert copy.name == "Attestation CAF.pdf"
    assert copy.read_bytes() == PDF
    assert paths.private_temp_dir() in copy.parents
    if os.name == "posix":
        assert stat.S_IMODE(copy.stat().st_mode) == 0o600
        assert stat.S_IMODE(copy.parent.stat().st_mode) == 0o700


def test_attachments_add_files_button_and_save_as(
    qtbot: QtBot, panel: AttachmentsPanel, ops: Operations, vault, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    client_id = make_client(vault)
    panel.set_client(client_id)
    qtbot.waitUntil(ops.is_idle)
    source = tmp_path / "courrier.pdf"
    source.write_bytes(PDF)
    monkeypatch.setattr(panel_module, "ask_files_to_add", lambda parent: [source])

    qtbot.mouseClick(panel.add_button, LEFT)
    qtbot.waitUntil(lambda: ops.is_idle() and panel.tree.topLevelItemCount() == 1)
    (info,) = stored(vault, client_id)
    with vault.uow() as uow:
        assert read_attachment(uow, info.id)[1] == PDF

    target = tmp_path / "out" / "copie.pdf"
    target.parent.mkdir()
    monkeypatch.setattr(panel_module, "ask_where_to_save", lambda parent, name: target)
    panel.select(info.id)
    qtbot.mouseClick(panel.save_button, LEFT)
    qtbot.waitUntil(lambda: ops.is_idle() and target.exists())
    assert target.read_bytes() == PDF


def test_attachments_too_large_file_is_refused_with_a_clear_message(
    qtbot: QtBot, panel: AttachmentsPanel, ops: Operations, vault, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    # Given a file one byte over 50 MB (sparse: nothing is really written)
    client_id = make_client(vault)
    panel.set_client(client_id)
    qtbot.waitUntil(ops.is_idle)
    huge = tmp_path / "scan.tiff"
    with huge.open("wb") as handle:
        handle.truncate(MAX_ATTACHMENT_BYTES + 1)
    small = tmp_path / "ok.txt"
    small.write_text("ok", encoding="utf-8")

    # When it is dropped with a small one
    assert drop(panel, [huge, small])
    qtbot.waitUntil(ops.is_idle)

    # Then the message names the file and the limit; only the small one is saved
    assert panel.error_label.isVisible()
    text = panel.error_label.text()
    assert text == "scan.tiff: This file is 50.1 MB: attached files are limited to 50 MB."
    assert [info.filename for info in stored(vault, client_id)] == ["ok.txt"]


def test_attachments_limit_comes_from_the_service_module(
    qtbot: QtBot, panel: AttachmentsPanel, ops: Operations, vault, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from socialdesk.services import attachments as service

    monkeypatch.setattr(service, "MAX_ATTACHMENT_BYTES", 100)
    client_id = make_client(vault)
    panel.set_client(client_id)
    qtbot.waitUntil(ops.is_idle)
    file = tmp_path / "a.bin"
    file.write_bytes(b"x" * 101)
    panel.add_files([file])
    qtbot.waitUntil(ops.is_idle)
    assert "a.bin" in panel.error_label.text()
    assert stored(vault, client_id) == []


def test_attachments_delete_asks_first(
    qtbot: QtBot, panel: AttachmentsPanel, ops: Operations, vault, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    client_id = make_client(vault)
    panel.set_client(client_id)
    qtbot.waitUntil(ops.is_idle)
    file = tmp_path / "note.txt"
    file.write_text("hello", encoding="utf-8")
    panel.add_files([file])
    qtbot.waitUntil(lambda: ops.is_idle() and panel.tree.topLevelItemCount() == 1)
    panel.select(panel.files()[0].id)

    # Cancel keeps it
    qtbot.mouseClick(panel.delete_button, LEFT)
    assert panel.confirm_box is not None
    panel.confirm_box.reject()
    qtbot.waitUntil(ops.is_idle)
    assert len(stored(vault, client_id)) == 1

    # Delete removes it
    panel.select(panel.files()[0].id)
    qtbot.mouseClick(panel.delete_button, LEFT)
    confirm = panel.confirm_box.findChild(QPushButton, "confirmDeleteButton")
    qtbot.mouseClick(confirm, LEFT)
    qtbot.waitUntil(lambda: ops.is_idle() and panel.tree.topLevelItemCount() == 0)
    assert stored(vault, client_id) == []


def test_attachments_of_a_note_and_folders_refused(
    qtbot: QtBot, panel: AttachmentsPanel, ops: Operations, vault, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    client_id = make_client(vault)
    with vault.uow() as uow:
        note, _c = create_note(uow, NoteInput(client_id, date.today(), None, "RDV", "x"))
    with vault.uow() as uow:
        add_attachment(uow, client_id=client_id, filename="client.txt", data=b"c")
    # A note not saved yet: nothing listed (not the client's files), nothing attachable
    panel.set_note(None, client_id)
    qtbot.waitUntil(ops.is_idle)
    assert panel.tree.topLevelItemCount() == 0
    assert not panel.add_button.isEnabled()
    assert not drop(panel, [tmp_path])

    panel.set_note(note.id, client_id)
    qtbot.waitUntil(ops.is_idle)
    file = tmp_path / "cr.txt"
    file.write_text("compte rendu", encoding="utf-8")
    folder = tmp_path / "dossier"
    folder.mkdir()
    assert drop(panel, [file, folder])
    qtbot.waitUntil(lambda: ops.is_idle() and panel.tree.topLevelItemCount() == 1)
    assert "dossier" in panel.error_label.text()
    assert [i.filename for i in panel.files()] == ["cr.txt"]
    assert {(i.filename, i.note_id) for i in stored(vault, client_id)} == {
        ("cr.txt", note.id),
        ("client.txt", None),
    }


def test_attachments_clear_forgets_the_list(
    qtbot: QtBot, panel: AttachmentsPanel, ops: Operations, vault, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    client_id = make_client(vault)
    panel.set_client(client_id)
    file = tmp_path / "x.txt"
    file.write_text("x", encoding="utf-8")
    panel.add_files([file])
    qtbot.waitUntil(lambda: ops.is_idle() and panel.tree.topLevelItemCount() == 1)
    assert panel.holds_vault_data()
    panel.clear()
    assert not panel.holds_vault_data()
    assert panel.tree.topLevelItemCount() == 0


def test_attachments_file_dropped_on_a_note_text_is_attached_to_the_note(
    qtbot: QtBot, ops: Operations, vault, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from socialdesk.ui.notes.tab import NotesTab

    ops.attach_vault(vault)
    client_id = make_client(vault)
    with vault.uow() as uow:
        note, _c = create_note(uow, NoteInput(client_id, date.today(), None, "RDV", "texte"))
    tab = NotesTab(ops, ops.bus)
    qtbot.addWidget(tab)
    tab.show()
    tab.set_client(client_id)
    tab.show_note(note.id)
    qtbot.waitUntil(lambda: ops.is_idle() and tab.editor.is_open())
    file = tmp_path / "compte rendu.txt"
    file.write_text("cr", encoding="utf-8")

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(file))])
    viewport = tab.editor.body_edit.viewport()
    where = QPointF(viewport.rect().center())
    action = Qt.DropAction.CopyAction
    enter = QDragEnterEvent(where.toPoint(), action, mime, LEFT, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(
        viewport, QDropEvent(where, action, mime, LEFT, Qt.KeyboardModifier.NoModifier)
    )
    qtbot.waitUntil(lambda: ops.is_idle() and tab.editor.attachments.tree.topLevelItemCount() == 1)
    assert tab.editor.body_edit.toPlainText() == "texte"  # not the file's path
    (info,) = stored(vault, client_id)
    assert (info.filename, info.note_id) == ("compte rendu.txt", note.id)
