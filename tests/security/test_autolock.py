"""Auto-lock on a real main window over a real encrypted vault: after the idle delay (200
ms here) the vault is locked, no database connection is checked out, every page and
model is empty and the key bytes are zeroed; typing postpones the lock; a screen lock or
suspend notification locks; the delay follows Settings live; what was being typed (a
case note, an appointment) comes back after unlock."""

# ruff: noqa: F811  (fixtures imported from tests/ui/conftest.py are used as arguments)
from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from socialdesk.config import paths
from socialdesk.domain.clients import ClientInput
from socialdesk.domain.retention import SecuritySettings
from socialdesk.services.agenda import list_appointments
from socialdesk.services.clients import create_client
from socialdesk.services.lock_resume import take_resume_point
from socialdesk.services.notes import get_note, list_notes
from socialdesk.services.retention import save_security_settings
from socialdesk.ui import clipboard
from socialdesk.ui.controller import AppController
from socialdesk.ui.notes import wiring
from tests.conftest import PASSPHRASE
from tests.ui.conftest import english, make_controller, type_text  # noqa: F401 (fixtures)

pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints|raise)\(\)"
)

LEFT = Qt.MouseButton.LeftButton
TIMEOUT_MINUTES = 0.2 / 60  # 200 ms


def _client(vault) -> int:  # type: ignore[no-untyped-def]
    with vault.uow() as uow:
        file, _c = create_client(uow, ClientInput(first_name="Marie", last_name="Durand"))
    return file.id


def _open(qtbot: QtBot, make: Callable[..., AppController], vault, **kw):  # type: ignore[no-untyped-def]
    controller = make(Path(vault.path), **kw)
    controller.open_vault(vault)
    window = controller.window
    qtbot.waitExposed(window)
    qtbot.waitUntil(controller.ops.is_idle)
    return controller, window


def _unlock(qtbot: QtBot, controller: AppController) -> None:
    dialog = controller.unlock_dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.passphrase_edit, PASSPHRASE)
    qtbot.mouseClick(dialog.unlock_button, LEFT)
    qtbot.waitUntil(
        lambda: controller.window.isVisible() and controller.ops.is_idle(), timeout=10_000
    )


def _assert_locked_and_forgotten(controller: AppController, vault, key_buffer) -> None:  # type: ignore[no-untyped-def]
    window = controller.window
    assert vault.locked and controller.vault is None
    assert vault.engine.pool.checkedout() == 0  # no connection left open
    assert key_buffer == bytearray(32)  # the key bytes were zeroed in place
    for page in window.pages.values():
        assert not page.holds_vault_data(), page.objectName()
    assert window.clients_page.file_widget is None
    model = window.clients_page.model
    assert model.rowCount() == 0
    assert not window.isVisible()
    assert controller.unlock_dialog is not None and controller.unlock_dialog.isVisible()
    # nothing else on screen: the unlock dialog is the only visible window
    shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    assert shown == [controller.unlock_dialog], shown


def test_idle_for_200_ms_locks_everything(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault
) -> None:  # type: ignore[no-untyped-def]
    # Given a window showing data, an opened attachment and a copied file number
    client_id = _client(vault)
    key_buffer = vault._key._key  # the long-lived copy of the key
    assert key_buffer is not None and any(key_buffer)
    controller, window = _open(qtbot, make_controller, vault)
    window.show_page("clients")
    qtbot.waitUntil(lambda: window.clients_page.model.rowCount() == 1)
    assert window.clients_page.open_client(client_id) is not None
    opened = paths.private_temp_dir() / "open-x" / "courrier.pdf"
    opened.parent.mkdir()
    opened.write_bytes(b"%PDF")
    clipboard.copy_text("D-2026-0001")
    search = window.open_search()  # a dialog of the window
    loose = QDialog()  # and a parentless one
    qtbot.addWidget(loose)
    loose.setWindowTitle("Durand Marie")
    loose.show()
    assert search.isVisible() and loose.isVisible()

    # When the delay is 200 ms and nobody touches anything
    controller.idle_lock.set_minutes(TIMEOUT_MINUTES)
    started = time.monotonic()
    qtbot.waitUntil(lambda: vault.locked, timeout=5_000)
    assert 0.19 <= time.monotonic() - started < 3
    qtbot.waitUntil(controller.ops.is_idle)

    # Then everything is locked and forgotten
    _assert_locked_and_forgotten(controller, vault, key_buffer)
    assert not opened.exists() and not opened.parent.exists()
    assert QGuiApplication.clipboard().text() != "D-2026-0001"
    # and the timer is stopped while locked
    assert not controller.idle_lock.running


def test_typing_postpones_the_lock(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault
) -> None:  # type: ignore[no-untyped-def]
    controller, window = _open(qtbot, make_controller, vault)
    # Any widget of the application counts (one application-wide filter); this one starts
    # no database work, so a loaded machine does not stretch the gaps between keys.
    field = QLineEdit(window)
    field.show()
    field.setFocus()
    controller.idle_lock.set_minutes(1 / 60)  # 1 s
    # Typing for 3 s (three delays) keeps the vault open
    end = time.monotonic() + 3
    while time.monotonic() < end:
        qtbot.keyClick(field, Qt.Key.Key_A)
        qtbot.wait(50)
        assert not vault.locked
    # and once the typing stops, it locks
    stopped = time.monotonic()
    qtbot.waitUntil(lambda: vault.locked, timeout=5_000)
    assert time.monotonic() - stopped >= 0.9


@pytest.mark.parametrize("signal", ["sleep", "screen_lock"])
def test_suspend_or_screen_lock_locks_at_once(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault, signal: str
) -> None:  # type: ignore[no-untyped-def]
    key_buffer = vault._key._key
    controller, window = _open(qtbot, make_controller, vault)  # idle delay: an hour
    watcher = controller.session_watcher
    # Resuming (PrepareForSleep(false)) does not lock
    watcher.on_prepare_for_sleep(False)
    assert not vault.locked
    # When logind says the machine goes to sleep, or the session's screen locks
    if signal == "sleep":
        watcher.on_prepare_for_sleep(True)
    else:
        watcher.on_session_lock()
    qtbot.waitUntil(lambda: vault.locked and controller.ops.is_idle(), timeout=5_000)
    _assert_locked_and_forgotten(controller, vault, key_buffer)


def test_the_delay_follows_the_setting_live(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault
) -> None:  # type: ignore[no-untyped-def]
    with vault.uow() as uow:
        save_security_settings(uow, SecuritySettings(idle_minutes=12))
    controller = make_controller(Path(vault.path), idle_minutes=None)  # the vault's setting
    controller.open_vault(vault)
    qtbot.waitUntil(lambda: controller.idle_lock.interval_ms == 12 * 60_000)
    # When Settings → Security & retention saves another delay
    window = controller.window
    section = window.settings_page.findChild(QWidget, "securityRetentionGroup")
    assert section is not None
    window.show_page("settings")
    qtbot.waitUntil(lambda: section.idle_spin.value() == 12)
    section.idle_spin.setValue(3)
    qtbot.mouseClick(section.save_button, LEFT)
    # Then the running timer uses it at once
    qtbot.waitUntil(lambda: controller.idle_lock.interval_ms == 3 * 60_000)
    assert controller.idle_lock.running


def test_a_note_being_typed_comes_back_after_unlock(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault
) -> None:  # type: ignore[no-untyped-def]
    client_id = _client(vault)
    controller, window = _open(qtbot, make_controller, vault)
    window.show_page("clients")
    widget = window.clients_page.open_client(client_id)
    qtbot.waitUntil(lambda: controller.ops.is_idle() and widget.file is not None)
    tab = wiring.show_note(widget)
    qtbot.mouseClick(tab.timeline.new_button, LEFT)
    tab.editor.body_edit.setFocus()
    type_text(qtbot, tab.editor.body_edit, "Le loyer de mars est payé.")
    assert tab.editor.autosave_timer.isActive()  # not saved yet

    controller.lock()
    qtbot.waitUntil(lambda: vault.locked and controller.ops.is_idle())
    assert window.clients_page.file_widget is None
    _unlock(qtbot, controller)

    # The client file is open again, on the note, with what was typed
    widget = window.clients_page.file_widget
    qtbot.waitUntil(
        lambda: widget is not None and controller.ops.is_idle() and widget.file is not None
    )
    tab = wiring.notes_tab(widget)
    qtbot.waitUntil(lambda: controller.ops.is_idle() and tab.editor.is_open(), timeout=5_000)
    assert tab.editor.body_edit.toPlainText() == "Le loyer de mars est payé."
    with controller.vault.uow() as uow:
        (note,) = [get_note(uow, n.id) for n in list_notes(uow, client_id)]
        assert note.is_draft
        assert take_resume_point(uow) is None  # read once, then gone


def test_an_appointment_being_typed_comes_back_after_unlock(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault
) -> None:  # type: ignore[no-untyped-def]
    from socialdesk.ui.agenda.dialog import AppointmentDialog

    controller, window = _open(qtbot, make_controller, vault)
    window.show_page("agenda")
    qtbot.waitUntil(controller.ops.is_idle)
    zone = ZoneInfo("Europe/Paris")
    start = datetime.now(zone).replace(hour=10, minute=0, second=0, microsecond=0) + timedelta(
        days=3
    )
    dialog = window.agenda_page.actions.open_new(start)  # as a click in the grid does
    qtbot.waitUntil(lambda: dialog.isVisible() and controller.ops.is_idle())
    dialog.form.title_edit.setText("Réunion partenaires CCAS")
    dialog.form.place_edit.setText("Salle 2")
    dialog.form.duration_spin.setValue(90)

    controller.lock()
    qtbot.waitUntil(lambda: vault.locked and controller.ops.is_idle())
    assert not dialog.isVisible()  # nothing of the vault stays on screen
    _unlock(qtbot, controller)

    qtbot.waitUntil(
        lambda: any(d.isVisible() for d in window.findChildren(AppointmentDialog)),
        timeout=5_000,
    )
    (again,) = [d for d in window.findChildren(AppointmentDialog) if d.isVisible()]
    assert again.form.title_edit.text() == "Réunion partenaires CCAS"
    assert again.form.place_edit.text() == "Salle 2"
    assert again.form.duration_spin.value() == 90
    assert again.appointment_input().starts_at == start
    # Nothing was saved behind the user's back
    with controller.vault.uow() as uow:
        assert list_appointments(uow, start - timedelta(days=1), start + timedelta(days=1)) == []


def test_a_new_client_being_typed_comes_back_after_unlock(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault
) -> None:  # type: ignore[no-untyped-def]
    from socialdesk.ui.dialogs.new_client import NewClientDialog

    controller, window = _open(qtbot, make_controller, vault)
    window.show_page("clients")
    dialog = window.clients_page.open_new_client()
    qtbot.keyClicks(dialog.edits["last_name"], "Lefebvre")
    qtbot.keyClicks(dialog.edits["first_name"], "Ines")
    qtbot.keyClicks(dialog.edits["birth_date"], "03/04/1990")

    controller.lock()
    qtbot.waitUntil(lambda: vault.locked and controller.ops.is_idle())
    assert not any(d.isVisible() for d in window.findChildren(NewClientDialog))
    _unlock(qtbot, controller)

    qtbot.waitUntil(
        lambda: any(d.isVisible() for d in window.findChildren(NewClientDialog)), timeout=5_000
    )
    (again,) = [d for d in window.findChildren(NewClientDialog) if d.isVisible()]
    assert again.edits["last_name"].text() == "Lefebvre"
    assert again.edits["first_name"].text() == "Ines"
    assert again.edits["birth_date"].text() == "03/04/1990"
    from socialdesk.storage.orm import Client

    with controller.vault.uow() as uow:  # nothing was created behind the user's back
        assert uow.session.query(Client).count() == 0
