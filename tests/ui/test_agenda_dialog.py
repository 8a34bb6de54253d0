"""The appointment dialog driven like a user would: create from a double-click on the
grid, edit a recurring series "this one and the following", the overlap question, and
bad input that keeps the dialog open with the message under the field."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from PySide6.QtCore import QTime
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from socialdesk.domain.agenda import EditScope, Recurrence, RecurrenceFrequency
from socialdesk.domain.enums import AppointmentKind
from socialdesk.services.agenda import list_appointments
from socialdesk.ui.agenda.dialog import AppointmentDialog
from socialdesk.ui.controller import AppController
from tests.ui.conftest import type_text
from tests.ui.test_agenda_page import (
    LEFT,
    MONDAY,
    ZONE,
    add_appointment,
    add_client,
    at,
    open_agenda,
    wait_idle,
)


def all_appointments(vault: Any) -> list[Any]:
    with vault.uow() as uow:
        return list_appointments(
            uow, at(MONDAY - timedelta(days=400), 0), at(MONDAY + timedelta(days=400), 0)
        )


def dialog_of(qtbot: QtBot, page: Any) -> AppointmentDialog:
    qtbot.waitUntil(lambda: page.actions.dialog is not None and page.actions.dialog.isVisible())
    return page.actions.dialog


def pick_client(
    qtbot: QtBot, dialog: AppointmentDialog, text: str, controller: AppController
) -> None:
    picker = dialog.form.picker
    picker.search_edit.setFocus()
    type_text(qtbot, picker.search_edit, text)
    qtbot.waitUntil(lambda: not picker.is_searching() and controller.ops.is_idle())
    qtbot.waitUntil(lambda: picker.results.count() > 0)
    qtbot.keyClick(picker.search_edit, "\r")


def test_agenda_create_by_double_click_on_an_empty_slot(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault: Any
) -> None:
    # Given Marie Durand's file and an empty week
    client_id = add_client(vault, "Durand", "Marie")
    add_client(vault, "Martin", "Paul")
    controller, window, page = open_agenda(qtbot, make_controller, vault)
    thursday = MONDAY + timedelta(days=3)

    # When the slot of Thursday 14:20 is double-clicked (it snaps to 14:15)
    point = page.time_grid.slot_point(at(thursday, 14, 20))
    qtbot.mouseDClick(page.time_grid.canvas, LEFT, pos=point)
    dialog = dialog_of(qtbot, page)
    assert dialog.windowTitle() == "New appointment"
    assert (dialog.start_date(), dialog.start_time().isoformat("minutes")) == (thursday, "14:15")

    # ... the client is found by typing, a home visit is chosen with travel, and saved
    pick_client(qtbot, dialog, "dura", controller)
    assert dialog.form.picker.client_ids() == (client_id,)
    assert dialog.isVisible()  # Enter in the search added the person, it did not save
    form = dialog.form
    assert not form.travel_box.isVisibleTo(dialog)
    form.set_kind(AppointmentKind.HOME_VISIT)
    assert form.travel_box.isVisibleTo(dialog) and form.place_hint.isVisibleTo(dialog)
    form.travel_minutes_spin.setValue(25)
    form.travel_km_spin.setValue(12.5)
    type_text(qtbot, form.title_edit, "Visite — dossier logement")
    qtbot.mouseClick(form.save_button, LEFT)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    wait_idle(qtbot, controller)

    # Then the appointment is in the vault and on the grid
    (created,) = all_appointments(vault)
    assert created.starts_at.astimezone(ZONE) == at(thursday, 14, 15)
    assert created.duration_minutes == 60  # the default of the settings
    assert created.kind is AppointmentKind.HOME_VISIT
    assert created.client_ids == (client_id,)
    assert created.travel_minutes == 25 and str(created.travel_km) == "12.5"
    assert created.title == "Visite — dossier logement"
    qtbot.waitUntil(lambda: not page.time_grid.block_rect(created.id).isNull())


def test_agenda_bad_input_shows_field_errors_and_keeps_the_dialog(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault: Any
) -> None:
    controller, window, page = open_agenda(qtbot, make_controller, vault)
    dialog = page.new_appointment(at(MONDAY, 9))
    form = dialog.form
    type_text(qtbot, form.title_edit, "Entretien sans personne")
    form.note_edit.setPlainText("À préparer : avis d'imposition")

    # An office interview without anyone
    qtbot.mouseClick(form.save_button, LEFT)
    wait_idle(qtbot, controller)

    assert dialog.isVisible()
    error = dialog.error_of("client_ids")
    assert error.isVisible()
    assert error.text() == "Choose the client (or the clients of a group session)."
    assert form.title_edit.text() == "Entretien sans personne"
    assert form.note_edit.toPlainText() == "À préparer : avis d'imposition"
    assert all_appointments(vault) == []
    assert form.save_button.isEnabled()

    # A partner meeting needs no client: saving again works and clears the message
    form.set_kind(AppointmentKind.PARTNER_MEETING)
    qtbot.mouseClick(form.save_button, LEFT)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    (created,) = all_appointments(vault)
    assert created.title == "Entretien sans personne"


def test_agenda_overlap_asks_save_anyway(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault: Any
) -> None:
    # Given an interview on Tuesday 10:00–11:00
    client_id = add_client(vault, "Durand", "Marie")
    tuesday = MONDAY + timedelta(days=1)
    add_appointment(vault, at(tuesday, 10), client_ids=(client_id,), title="Premier")
    controller, window, page = open_agenda(qtbot, make_controller, vault)

    # When another one is created at 10:30 the same day
    dialog = page.new_appointment(at(tuesday, 10, 30))
    dialog.form.picker.add_client(client_id, "DURAND Marie")
    qtbot.mouseClick(dialog.form.save_button, LEFT)
    qtbot.waitUntil(lambda: dialog.findChild(QMessageBox, "conflictDialog") is not None)
    box = dialog.findChild(QMessageBox, "conflictDialog")
    assert "overlaps 1 other appointment" in box.text()
    assert "Premier" in box.informativeText()

    # "Cancel" keeps the dialog open and nothing is saved
    box.answer(None)
    qtbot.waitUntil(lambda: dialog.form.save_button.isEnabled())
    assert dialog.isVisible() and len(all_appointments(vault)) == 1

    # "Save anyway" saves it
    qtbot.mouseClick(dialog.form.save_button, LEFT)
    qtbot.waitUntil(lambda: dialog.findChild(QMessageBox, "conflictDialog") is not None)
    dialog.findChild(QMessageBox, "conflictDialog").answer("save")
    qtbot.waitUntil(lambda: not dialog.isVisible())
    wait_idle(qtbot, controller)
    assert len(all_appointments(vault)) == 2


def test_agenda_edit_recurrence_this_and_following(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault: Any
) -> None:
    # Given a weekly group on Tuesdays at 10:00, six times, created by the service
    client_id = add_client(vault, "Durand", "Marie")
    tuesday = MONDAY + timedelta(days=1)
    weekly = Recurrence(RecurrenceFrequency.WEEKLY, interval=1, count=6)
    add_appointment(
        vault, at(tuesday, 10), client_ids=(client_id,), title="Atelier", recurrence=weekly
    )
    series = all_appointments(vault)
    assert len(series) == 6

    # When the third occurrence is opened from its week and moved to 11:00, retitled
    third = series[2]
    controller, window, page = open_agenda(
        qtbot, make_controller, vault, tuesday + timedelta(weeks=2)
    )
    rect = page.time_grid.block_rect(third.id)
    qtbot.mouseDClick(page.time_grid.canvas, LEFT, pos=rect.center().toPoint())
    dialog = dialog_of(qtbot, page)
    wait_idle(qtbot, controller)
    assert dialog.appointment.id == third.id
    assert dialog.form.series_label.isVisibleTo(dialog)
    assert dialog.form.recurrence.recurrence() == weekly
    dialog.form.time_edit.setTime(QTime(11, 0))
    dialog.form.title_edit.clear()
    type_text(qtbot, dialog.form.title_edit, "Atelier budget")
    qtbot.mouseClick(dialog.form.save_button, LEFT)

    # ... and "this one and the following" is the answer to the scope question
    qtbot.waitUntil(lambda: dialog.prompt is not None and dialog.prompt.isVisible())
    assert dialog.prompt.objectName() == "editScopeDialog"
    dialog.prompt.answer(EditScope.FOLLOWING)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    wait_idle(qtbot, controller)

    # Then the first two stay at 10:00 as "Atelier", the four others are at 11:00, retitled
    after = sorted(all_appointments(vault), key=lambda v: v.starts_at)
    assert len(after) == 6
    hours = [v.starts_at.astimezone(ZONE).strftime("%H:%M") for v in after]
    assert hours == ["10:00", "10:00", "11:00", "11:00", "11:00", "11:00"]
    assert [v.title for v in after] == ["Atelier"] * 2 + ["Atelier budget"] * 4
    assert [v.starts_at.astimezone(ZONE).date() for v in after] == [
        tuesday + timedelta(weeks=i) for i in range(6)
    ]


def test_agenda_dialog_mark_done_then_later(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault: Any
) -> None:
    client_id = add_client(vault, "Durand", "Marie")
    appointment_id = add_appointment(vault, at(MONDAY, 9), client_ids=(client_id,))
    controller, window, page = open_agenda(qtbot, make_controller, vault)
    page.actions.open_appointment(appointment_id)
    dialog = dialog_of(qtbot, page)
    assert dialog.form.done_button.isVisible()

    qtbot.mouseClick(dialog.form.done_button, LEFT)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    qtbot.waitUntil(lambda: page.actions.prompt is not None and page.actions.prompt.isVisible())
    assert page.actions.prompt.objectName() == "writeNotePrompt"
    page.actions.prompt.answer(None)  # "Later"
    assert window.current_page() is page
    (done,) = all_appointments(vault)
    assert done.status.value == "done"
