"""The Agenda page in the real main window on a real vault: keyboard navigation, moving
and resizing a block with the mouse, the context menu, "mark done" opening the case note
linked to the appointment, and the vault lock forgetting everything."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from socialdesk.domain.agenda import AppointmentInput, EditScope, Recurrence, RecurrenceFrequency
from socialdesk.domain.clients import ClientInput
from socialdesk.domain.enums import AppointmentKind, AppointmentStatus
from socialdesk.services.agenda import create_appointment, get_appointment, list_appointments
from socialdesk.services.clients import create_client
from socialdesk.services.notes import get_note, list_notes
from socialdesk.ui.agenda.page import AgendaPage
from socialdesk.ui.agenda.periods import ViewMode
from socialdesk.ui.controller import AppController
from socialdesk.ui.notes import wiring
from tests.ui.conftest import type_text

LEFT = Qt.MouseButton.LeftButton
ZONE = ZoneInfo("Europe/Paris")
MONDAY = date(2031, 3, 10)  # a week without a public holiday in France


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), ZONE)


def add_client(vault: Any, last: str, first: str) -> int:
    with vault.uow() as uow:
        file, _changes = create_client(uow, ClientInput(first_name=first, last_name=last))
    return file.id


def add_appointment(vault: Any, start: datetime, minutes: int = 60, **fields: Any) -> int:
    fields.setdefault("kind", AppointmentKind.OFFICE)
    with vault.uow() as uow:
        view, _changes = create_appointment(
            uow, AppointmentInput(starts_at=start, duration_minutes=minutes, **fields)
        )
    return view.id


def read(vault: Any, appointment_id: int) -> Any:
    with vault.uow() as uow:
        return get_appointment(uow, appointment_id)


def open_agenda(
    qtbot: QtBot,
    make_controller: Callable[..., AppController],
    vault: Any,
    day: date = MONDAY,
    mode: ViewMode = ViewMode.WEEK,
) -> tuple[AppController, Any, AgendaPage]:
    controller = make_controller(vault.path)
    controller.open_vault(vault)
    window = controller.window
    qtbot.waitExposed(window)
    window.show_page("agenda")
    page = window.agenda_page
    page.go_to(day, mode)
    qtbot.waitUntil(lambda: controller.ops.is_idle() and page.period is not None)
    assert page.period is not None and day in page.period
    return controller, window, page


def wait_idle(qtbot: QtBot, controller: AppController) -> None:
    qtbot.waitUntil(controller.ops.is_idle, timeout=10_000)


def drag(qtbot: QtBot, widget: QWidget, start: QPoint, end: QPoint, steps: int = 6) -> None:
    """Press, move in a few steps, release — like a hand on the mouse."""
    qtbot.mousePress(widget, LEFT, pos=start)
    for i in range(1, steps + 1):
        point = start + (end - start) * (i / steps)
        qtbot.mouseMove(widget, point)
    qtbot.mouseRelease(widget, LEFT, pos=end)


def test_agenda_page_replaces_the_placeholder_and_shows_the_week(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault: Any
) -> None:
    # Given an appointment on Tuesday 11 March 2031 at 10:00 (Paris)
    client_id = add_client(vault, "Durand", "Marie")
    appointment_id = add_appointment(
        vault, at(MONDAY + timedelta(days=1), 10), client_ids=(client_id,)
    )

    # When the agenda shows that week
    controller, window, page = open_agenda(qtbot, make_controller, vault)

    # Then the page is the agenda (no placeholder) with the block on Tuesday morning
    assert isinstance(window.current_page(), AgendaPage)
    assert page.toolbar.period_label.text() == "10 – 16 March 2031"
    rect = page.time_grid.block_rect(appointment_id)
    assert not rect.isNull()
    canvas = page.time_grid.canvas
    assert canvas.column_at(rect.center().x()) == 1
    assert rect.top() == canvas.y_of(10 * 60) + 1
    assert page.holds_vault_data()


def test_agenda_keyboard_arrows_and_t_move_between_periods(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault: Any
) -> None:
    controller, window, page = open_agenda(qtbot, make_controller, vault)
    canvas = page.time_grid.canvas
    canvas.setFocus()

    # Right arrow: the next week; Left twice: the week before
    qtbot.keyClick(canvas, Qt.Key.Key_Right)
    wait_idle(qtbot, controller)
    assert page.period.first == MONDAY + timedelta(days=7)
    qtbot.keyClick(canvas, Qt.Key.Key_Left)
    qtbot.keyClick(canvas, Qt.Key.Key_Left)
    wait_idle(qtbot, controller)
    assert page.period.first == MONDAY - timedelta(days=7)

    # T: back to the week of today (in the practitioner's zone)
    qtbot.keyClick(canvas, Qt.Key.Key_T)
    wait_idle(qtbot, controller)
    assert page.today() in page.period

    # In the month view the arrows go month by month
    page.go_to(MONDAY, ViewMode.MONTH)
    wait_idle(qtbot, controller)
    page.month_view.setFocus()
    qtbot.keyClick(page.month_view, Qt.Key.Key_Right)
    wait_idle(qtbot, controller)
    assert page.anchor == date(2031, 4, 10)
    assert page.toolbar.period_label.text() == "April 2031"

    # Clicking a day of the month opens it in the Day view
    cell = page.month_view.cell_rect(date(2031, 4, 15))
    qtbot.mouseClick(page.month_view, LEFT, pos=cell.bottomRight().toPoint() - QPoint(8, 8))
    wait_idle(qtbot, controller)
    assert page.mode is ViewMode.DAY and page.period.first == date(2031, 4, 15)

    # Ctrl+N opens a new appointment
    page.time_grid.canvas.setFocus()
    qtbot.keyClick(page.time_grid.canvas, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.actions.dialog is not None)
    assert page.actions.dialog.windowTitle() == "New appointment"
    page.actions.dialog.reject()


def test_agenda_drag_moves_a_block_to_another_day_and_hour(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault: Any
) -> None:
    # Given a one-hour interview on Tuesday at 10:00
    client_id = add_client(vault, "Durand", "Marie")
    tuesday, wednesday = MONDAY + timedelta(days=1), MONDAY + timedelta(days=2)
    appointment_id = add_appointment(vault, at(tuesday, 10), client_ids=(client_id,))
    controller, window, page = open_agenda(qtbot, make_controller, vault)
    canvas = page.time_grid.canvas
    rect = page.time_grid.block_rect(appointment_id)

    # When the block is dragged by its middle to Wednesday, 14:00 (plus a few pixels)
    grab = QPoint(int(rect.center().x()), int(rect.top() + 12))
    target = page.time_grid.slot_point(at(wednesday, 14)) + QPoint(
        0, grab.y() - int(rect.top()) + 3
    )
    drag(qtbot, canvas, grab, target)
    wait_idle(qtbot, controller)

    # Then it starts on Wednesday at 14:00, snapped to the quarter hour, still one hour long
    moved = read(vault, appointment_id)
    assert moved.starts_at.astimezone(ZONE) == at(wednesday, 14)
    assert moved.duration_minutes == 60
    # ... and the agenda redrew it there
    qtbot.waitUntil(
        lambda: canvas.column_at(page.time_grid.block_rect(appointment_id).center().x()) == 2
    )


def test_agenda_drag_bottom_edge_resizes_a_block(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault: Any
) -> None:
    client_id = add_client(vault, "Durand", "Marie")
    tuesday = MONDAY + timedelta(days=1)
    appointment_id = add_appointment(vault, at(tuesday, 10), client_ids=(client_id,))
    controller, window, page = open_agenda(qtbot, make_controller, vault)
    canvas = page.time_grid.canvas
    rect = page.time_grid.block_rect(appointment_id)

    # When its bottom edge is dragged down to 11:30
    edge = QPoint(int(rect.center().x()), int(rect.bottom()) - 2)
    target = QPoint(edge.x(), int(canvas.y_of(11 * 60 + 30)) + 2)
    drag(qtbot, canvas, edge, target)
    wait_idle(qtbot, controller)

    # Then it lasts an hour and a half from the same start
    resized = read(vault, appointment_id)
    assert resized.starts_at.astimezone(ZONE) == at(tuesday, 10)
    assert resized.duration_minutes == 90


def test_agenda_drag_of_a_series_occurrence_asks_which_ones(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault: Any
) -> None:
    # Given a weekly interview on Mondays at 9:00, four times
    client_id = add_client(vault, "Durand", "Marie")
    weekly = Recurrence(RecurrenceFrequency.WEEKLY, count=4)
    first = add_appointment(vault, at(MONDAY, 9), client_ids=(client_id,), recurrence=weekly)
    controller, window, page = open_agenda(qtbot, make_controller, vault)
    canvas = page.time_grid.canvas
    rect = page.time_grid.block_rect(first)

    # When the first one is dragged one hour later and "this one only" is answered
    grab = QPoint(int(rect.center().x()), int(rect.top() + 10))
    drag(qtbot, canvas, grab, grab + QPoint(0, int(canvas.hour_height)))
    qtbot.waitUntil(lambda: page.actions.prompt is not None and page.actions.prompt.isVisible())
    assert page.actions.prompt.objectName() == "editScopeDialog"
    page.actions.prompt.answer(EditScope.THIS)
    wait_idle(qtbot, controller)

    # Then only that occurrence moved
    with vault.uow() as uow:
        views = list_appointments(uow, at(MONDAY, 0), at(MONDAY + timedelta(weeks=5), 0))
    hours = [v.starts_at.astimezone(ZONE).hour for v in views]
    assert hours == [10, 9, 9, 9]


def context_menu(qtbot: QtBot, page: AgendaPage, appointment_id: int) -> Any:
    canvas = page.time_grid.canvas
    pos = page.time_grid.block_rect(appointment_id).center().toPoint()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, canvas.mapToGlobal(pos))
    QApplication.sendEvent(canvas, event)
    assert page.context_menu is not None
    return {action.objectName(): action for action in page.context_menu.actions()}


def choose(qtbot: QtBot, page: AgendaPage, appointment_id: int, name: str) -> None:
    """Right-click the block and choose ``name`` in its menu."""
    action = context_menu(qtbot, page, appointment_id)[name]
    menu = page.context_menu
    action.trigger()
    if menu is not None and menu.isVisible():
        menu.close()


def test_agenda_mark_done_opens_the_note_editor_linked_to_the_appointment(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault: Any
) -> None:
    # Given a planned home visit with Marie Durand, last week (a note is never dated ahead)
    client_id = add_client(vault, "Durand", "Marie")
    monday = date.today() - timedelta(days=7 + date.today().weekday())
    tuesday = monday + timedelta(days=1)
    appointment_id = add_appointment(
        vault,
        at(tuesday, 10),
        kind=AppointmentKind.HOME_VISIT,
        client_ids=(client_id,),
        place="3 rue des Lilas, Roubaix",
        travel_minutes=20,
    )
    controller, window, page = open_agenda(qtbot, make_controller, vault, monday)

    # When "Mark done" is chosen in its context menu, and the note is asked for
    actions = context_menu(qtbot, page, appointment_id)
    assert {
        "openAppointment",
        "markDone",
        "markCancelled",
        "markLateCancelled",
        "markNoShow",
        "deleteAppointment",
    } <= set(actions)
    choose(qtbot, page, appointment_id, "markDone")
    qtbot.waitUntil(lambda: page.actions.prompt is not None and page.actions.prompt.isVisible())
    assert page.actions.prompt.objectName() == "writeNotePrompt"
    assert read(vault, appointment_id).status is AppointmentStatus.DONE
    page.actions.prompt.answer("write")

    # Then the client's file is open at a new note linked to the appointment, dated that day
    qtbot.waitUntil(lambda: window.current_page() is window.clients_page)
    widget = window.clients_page.file_widget
    assert widget is not None and widget.client_id == client_id
    tab = wiring.notes_tab(widget)
    assert tab is not None and tab.isVisible()
    editor = tab.editor
    assert editor.is_open() and editor.note_id is None
    assert editor.appointment_id == appointment_id
    assert editor.appointment_label.isVisible()
    assert "Home visit" in editor.appointment_label.text()
    assert editor.note_input().note_date == tuesday

    # ... and what is typed is saved as a note of that appointment
    type_text(qtbot, editor.body_edit, "Visite faite : dossier CAF complété.")
    editor.autosave()
    wait_idle(qtbot, controller)
    with vault.uow() as uow:
        (note,) = [get_note(uow, n.id) for n in list_notes(uow, client_id)]
    assert note.appointment_id == appointment_id
    assert note.note_date == tuesday


def test_agenda_mark_done_of_a_group_asks_whose_file(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault: Any
) -> None:
    first = add_client(vault, "Durand", "Marie")
    second = add_client(vault, "Martin", "Paul")
    appointment_id = add_appointment(
        vault, at(MONDAY, 14), 120, client_ids=(first, second), title="Atelier budget"
    )
    controller, window, page = open_agenda(qtbot, make_controller, vault)
    choose(qtbot, page, appointment_id, "markDone")
    qtbot.waitUntil(lambda: page.actions.prompt is not None)
    page.actions.prompt.answer("write")
    prompt = page.actions.prompt
    assert prompt.objectName() == "participantPrompt"
    prompt.answer(second)
    qtbot.waitUntil(lambda: window.clients_page.file_widget is not None)
    assert window.clients_page.file_widget.client_id == second
    editor = wiring.notes_tab(window.clients_page.file_widget).editor
    assert editor.appointment_id == appointment_id


def test_agenda_context_menu_cancels_and_deletes(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault: Any
) -> None:
    client_id = add_client(vault, "Durand", "Marie")
    appointment_id = add_appointment(vault, at(MONDAY, 9), client_ids=(client_id,))
    controller, window, page = open_agenda(qtbot, make_controller, vault)

    choose(qtbot, page, appointment_id, "markLateCancelled")
    wait_idle(qtbot, controller)
    assert read(vault, appointment_id).status is AppointmentStatus.LATE_CANCELLED
    qtbot.waitUntil(lambda: page.view_of(appointment_id).status is AppointmentStatus.LATE_CANCELLED)

    choose(qtbot, page, appointment_id, "deleteAppointment")
    qtbot.waitUntil(lambda: page.actions.prompt is not None)
    page.actions.prompt.answer("delete")
    qtbot.waitUntil(lambda: controller.ops.is_idle() and page.view_of(appointment_id) is None)
    assert page.time_grid.block_rect(appointment_id).isNull()


def test_agenda_show_appointment_goes_to_its_week_and_opens_it(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault: Any
) -> None:
    client_id = add_client(vault, "Durand", "Marie")
    later = MONDAY + timedelta(days=30)
    appointment_id = add_appointment(vault, at(later, 15), client_ids=(client_id,))
    controller, window, page = open_agenda(qtbot, make_controller, vault)
    window.show_page("today")

    window.show_appointment(appointment_id)

    qtbot.waitUntil(lambda: controller.ops.is_idle() and page.actions.dialog is not None)
    assert window.current_page() is page
    assert later in page.period
    assert page.time_grid.canvas.selected_id == appointment_id
    assert page.actions.dialog.appointment.id == appointment_id


def test_agenda_lock_forgets_everything(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault: Any
) -> None:
    client_id = add_client(vault, "Durand", "Marie")
    add_appointment(vault, at(MONDAY, 9), client_ids=(client_id,))
    controller, window, page = open_agenda(qtbot, make_controller, vault)
    page.new_appointment()
    assert page.holds_vault_data()

    controller.lock()
    qtbot.waitUntil(lambda: vault.locked)

    assert not page.holds_vault_data()
    assert page.actions.dialog is None
    assert page.toolbar.period_label.text() == ""
