"""Global search: Ctrl+K opens it, results come while typing (accents ignored) with the
matched words in bold, filters narrow them, Enter opens the client file at the note."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from socialdesk.domain.clients import ClientInput
from socialdesk.domain.notes import NoteInput
from socialdesk.services.clients import create_client
from socialdesk.services.notes import create_note, ensure_default_note_types
from socialdesk.ui.controller import AppController
from socialdesk.ui.notes import wiring
from socialdesk.ui.search.dialog import SearchDialog
from socialdesk.ui.search.results import SNIPPET_PARTS_ROLE, snippet_html
from tests.ui.test_notes_editor import type_text

CTRL = Qt.KeyboardModifier.ControlModifier


def _fill(vault) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Two clients; Marie has a note about her "prévoyance" and one about rent."""
    today = date.today()
    with vault.uow() as uow:
        ensure_default_note_types(uow)
        marie, _c = create_client(uow, ClientInput(first_name="Marie", last_name="Durand"))
        paul, _c = create_client(uow, ClientInput(first_name="Paul", last_name="Martin"))
        prevoyance, _c = create_note(
            uow,
            NoteInput(
                marie.id,
                today - timedelta(days=3),
                "phone_call",
                "Appel à la caisse",
                "Le contrat de prévoyance ne couvre pas l'arrêt maladie.",
            ),
        )
        rent, _c = create_note(
            uow,
            NoteInput(
                marie.id, today - timedelta(days=40), "interview", "Loyer", "Dette de loyer."
            ),
        )
        other, _c = create_note(
            uow,
            NoteInput(
                paul.id, today, "interview", "Prévoyance", "Demande d'une prévoyance obsèques."
            ),
        )
    return {
        "marie": marie.id,
        "paul": paul.id,
        "prevoyance": prevoyance.id,
        "rent": rent.id,
        "other": other.id,
    }


def _open(qtbot: QtBot, make_controller: Callable[..., AppController], vault):  # type: ignore[no-untyped-def]
    controller = make_controller(vault.path)
    controller.open_vault(vault)
    window = controller.window
    qtbot.waitExposed(window)
    qtbot.waitUntil(controller.ops.is_idle)
    return controller, window


def _search(qtbot: QtBot, controller: AppController, dialog: SearchDialog, text: str) -> None:
    dialog.field.clear()
    type_text(qtbot, dialog.field, text)
    qtbot.waitUntil(lambda: not dialog.timer.isActive() and controller.ops.is_idle(), timeout=5_000)


def _note_ids(dialog: SearchDialog) -> list[int | None]:
    return [hit.note_id for hit in dialog.model.hits() if hit.kind == "note"]


def test_search_ctrl_k_finds_accentless_text_shows_bold_snippets_and_opens_the_note(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault
) -> None:  # type: ignore[no-untyped-def]
    # Given notes mentioning "prévoyance"
    ids = _fill(vault)
    controller, window = _open(qtbot, make_controller, vault)

    # When the user presses Ctrl+K
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_K, CTRL)
    dialog = window.search_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.focusWidget() is dialog.field  # focus goes there when it is active

    # And types "prevoyance" without the accent
    _search(qtbot, controller, dialog, "prevoyance")

    # Then both notes about it are found, with the word in bold in the snippet
    assert set(_note_ids(dialog)) == {ids["prevoyance"], ids["other"]}
    row = next(r for r, hit in enumerate(dialog.model.hits()) if hit.note_id == ids["prevoyance"])
    index = dialog.model.index(row)
    assert ("prévoyance", True) in index.data(SNIPPET_PARTS_ROLE)
    assert "<b>prévoyance</b>" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert "DURAND Marie" in index.data(Qt.ItemDataRole.DisplayRole)
    assert dialog.status_label.text() == "2 results."

    # When the user picks that result and presses Enter
    dialog.results.setCurrentIndex(index)
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    qtbot.waitUntil(controller.ops.is_idle)

    # Then the client file opens on the Notes tab, at that note
    assert not dialog.isVisible()
    assert window.current_page() is window.clients_page
    file_widget = window.clients_page.file_widget
    assert file_widget is not None and file_widget.client_id == ids["marie"]
    tab = wiring.notes_tab(file_widget)
    assert file_widget.tabs.currentWidget() is tab
    qtbot.waitUntil(lambda: controller.ops.is_idle() and tab.editor.note_id == ids["prevoyance"])
    assert tab.editor.title_edit.text() == "Appel à la caisse"
    assert tab.timeline.current_note_id() == ids["prevoyance"]


def test_search_from_a_client_file_is_limited_to_that_client_and_filters(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault
) -> None:  # type: ignore[no-untyped-def]
    ids = _fill(vault)
    controller, window = _open(qtbot, make_controller, vault)
    window.show_page("clients")
    window.clients_page.open_client(ids["marie"])
    qtbot.waitUntil(controller.ops.is_idle)

    dialog = window.open_search()
    qtbot.waitUntil(controller.ops.is_idle)
    assert dialog.client_combo.currentData() == ids["marie"]
    assert "DURAND Marie" in dialog.client_combo.currentText()

    _search(qtbot, controller, dialog, "prevoyance")
    assert _note_ids(dialog) == [ids["prevoyance"]]

    # All clients again: Paul's note too
    dialog.client_combo.setCurrentIndex(0)
    qtbot.waitUntil(lambda: not dialog.timer.isActive() and controller.ops.is_idle())
    assert set(_note_ids(dialog)) == {ids["prevoyance"], ids["other"]}

    # A note type
    dialog.type_combo.setCurrentIndex(dialog.type_combo.findData("phone_call"))
    qtbot.waitUntil(lambda: not dialog.timer.isActive() and controller.ops.is_idle())
    assert _note_ids(dialog) == [ids["prevoyance"]]

    # A date range that excludes it
    dialog.type_combo.setCurrentIndex(0)
    dialog.from_edit.setDate(date.today() - timedelta(days=1))
    qtbot.waitUntil(lambda: not dialog.timer.isActive() and controller.ops.is_idle())
    assert _note_ids(dialog) == [ids["other"]]

    # Nothing found
    _search(qtbot, controller, dialog, "zzzz")
    assert dialog.model.rowCount() == 0
    assert dialog.status_label.text() == "Nothing found."


def test_search_enter_right_after_typing_opens_the_first_result(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault
) -> None:  # type: ignore[no-untyped-def]
    ids = _fill(vault)
    controller, window = _open(qtbot, make_controller, vault)
    dialog = window.open_search()
    with qtbot.waitSignal(dialog.open_requested, timeout=5_000) as opened:
        type_text(qtbot, dialog.field, "loyer")
        qtbot.keyClick(dialog.field, Qt.Key.Key_Return)  # before the debounce fired
    assert opened.args == [ids["marie"], ids["rent"]]


def test_search_finds_a_client_and_the_lock_clears_it(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault
) -> None:  # type: ignore[no-untyped-def]
    ids = _fill(vault)
    controller, window = _open(qtbot, make_controller, vault)
    dialog = window.open_search()
    _search(qtbot, controller, dialog, "marti")
    hits = dialog.model.hits()
    assert hits and hits[0].kind == "client" and hits[0].client_id == ids["paul"]
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    qtbot.waitUntil(controller.ops.is_idle)
    assert window.clients_page.file_widget.client_id == ids["paul"]

    window.open_search()
    assert dialog.holds_vault_data()
    controller.lock()
    qtbot.waitUntil(lambda: vault.locked)
    assert not dialog.holds_vault_data() and not dialog.isVisible()
    assert dialog.field.text() == ""


def test_search_snippet_html_escapes_the_text() -> None:
    assert snippet_html("a <b> [[c]] & d") == "a &lt;b&gt; <b>c</b> &amp; d"
