"""The client file's "Appointments" tab: this person's upcoming appointments (soonest
first) and past ones (most recent first), group sessions with the other participants,
double-click to open one in the agenda, and nothing left after a lock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import shiboken6
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from socialdesk.domain.enums import AppointmentKind, AppointmentStatus
from socialdesk.services.agenda import set_status
from socialdesk.ui.agenda import wiring
from socialdesk.ui.agenda.client_tab import OTHERS, STATUS, AppointmentsTab
from socialdesk.ui.controller import AppController
from socialdesk.ui.ops import Operations
from tests.ui.conftest import wait_idle
from tests.ui.test_agenda_reminders import add_appointment, add_client

LEFT = Qt.MouseButton.LeftButton


def _agenda(vault):  # type: ignore[no-untyped-def]
    """Marie's appointments around now, and one of Paul's alone."""
    marie = add_client(vault, "Marie", "Durand")
    paul = add_client(vault, "Paul", "Martin")
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    day = timedelta(days=1)
    ids = {
        "next_week": add_appointment(vault, now + 7 * day, client_ids=(marie,)).id,
        "tomorrow": add_appointment(vault, now + day, client_ids=(marie,)).id,
        "group": add_appointment(
            vault, now + 3 * day, client_ids=(marie, paul), kind=AppointmentKind.OFFICE
        ).id,
        "paul_only": add_appointment(vault, now + 2 * day, client_ids=(paul,)).id,
        "last_month": add_appointment(vault, now - 30 * day, client_ids=(marie,)).id,
        "last_week": add_appointment(
            vault, now - 7 * day, client_ids=(marie,), kind=AppointmentKind.HOME_VISIT
        ).id,
    }
    with vault.uow() as uow:
        set_status(uow, ids["last_week"], AppointmentStatus.DONE)
    return marie, paul, ids


def _open_tab(qtbot: QtBot, make_controller: Callable[..., AppController], vault, client_id: int):  # type: ignore[no-untyped-def]
    """The main window showing the client's file, on its "Appointments" tab (which comes
    right after "Notes")."""
    controller = make_controller(vault.path)
    controller.open_vault(vault)
    window = controller.window
    qtbot.waitExposed(window)
    window.show_page("clients")
    wait_idle(qtbot, controller.ops)
    widget = window.clients_page.open_client(client_id)
    qtbot.waitUntil(lambda: controller.ops.is_idle() and widget.file is not None)
    titles = [widget.tabs.tabText(i) for i in range(widget.tabs.count())]
    assert titles.index("Appointments") == titles.index("Notes") + 1
    tab = wiring.appointments_tab(widget)
    assert tab is not None
    widget.tabs.setCurrentWidget(tab)
    wait_idle(qtbot, controller.ops)
    return controller, window, tab


def test_client_tab_lists_upcoming_and_past_of_this_client_only(
    qtbot: QtBot, ops: Operations, vault
) -> None:  # type: ignore[no-untyped-def]
    # Given appointments of Marie, one of them a group session with Paul, and one of Paul's
    marie, _paul, ids = _agenda(vault)
    ops.attach_vault(vault)
    tab = AppointmentsTab(ops, ops.bus)
    qtbot.addWidget(tab)

    # When Marie's tab is shown
    tab.set_client(marie)
    wait_idle(qtbot, ops)

    # Then upcoming come soonest first, past most recent first, and Paul's alone is absent
    assert tab.appointment_ids("upcoming") == [ids["tomorrow"], ids["group"], ids["next_week"]]
    assert tab.appointment_ids("past") == [ids["last_week"], ids["last_month"]]
    assert tab.item_for(ids["paul_only"]) is None
    assert tab.item_for(ids["group"]).text(OTHERS) == "MARTIN Paul"
    assert tab.item_for(ids["tomorrow"]).text(OTHERS) == ""
    assert tab.item_for(ids["last_week"]).text(STATUS) == "Done"
    assert tab.summary.text().startswith("Next appointment: ")
    assert tab.upcoming_item.text(0) == "Upcoming (3)"
    assert tab.past_item.text(0) == "Past (2)"


def test_client_tab_in_the_client_file_opens_the_agenda_and_forgets_on_lock(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault
) -> None:  # type: ignore[no-untyped-def]
    # Given Marie's file open in the main window
    marie, _paul, ids = _agenda(vault)
    controller, window, tab = _open_tab(qtbot, make_controller, vault, marie)
    assert tab.client_id == marie
    qtbot.waitUntil(lambda: tab.appointment_ids("upcoming") != [])

    # When an appointment is double-clicked, the main window is asked to show it
    opened: list[int] = []
    window.show_appointment = opened.append  # type: ignore[method-assign]
    item = tab.item_for(ids["group"])
    rect = tab.tree.visualItemRect(item)
    qtbot.mouseClick(tab.tree.viewport(), LEFT, pos=rect.center())  # QTest's double-click
    qtbot.mouseDClick(tab.tree.viewport(), LEFT, pos=rect.center())  # has no press first
    assert opened == [ids["group"]]

    # When a new appointment is planned elsewhere, the tab follows
    later = add_appointment(vault, datetime.now(UTC) + timedelta(days=10), client_ids=(marie,))
    from socialdesk.domain.changes import Changes

    controller.bus.publish(Changes(agenda=True))
    qtbot.waitUntil(
        lambda: controller.ops.is_idle() and later.id in tab.appointment_ids("upcoming")
    )

    # When the vault locks, the tab forgets everything
    controller.lock()
    qtbot.waitUntil(lambda: vault.locked)
    assert not shiboken6.isValid(tab) or not tab.holds_vault_data()
    for page in window.pages.values():
        assert not page.holds_vault_data(), page.objectName()


def test_client_tab_new_appointment_opens_the_dialog_for_this_client(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault
) -> None:  # type: ignore[no-untyped-def]
    # Given Marie's file open on its Appointments tab
    marie, _paul, _ids = _agenda(vault)
    controller, window, tab = _open_tab(qtbot, make_controller, vault, marie)

    # When "New appointment…" is clicked
    qtbot.mouseClick(tab.new_button, LEFT)

    # Then the appointment dialog opens over the main window, Marie already chosen
    from socialdesk.ui.agenda.dialog import AppointmentDialog

    dialog = tab.dialog
    assert isinstance(dialog, AppointmentDialog)
    assert dialog.isVisible() and dialog.parent() is window
    qtbot.waitUntil(lambda: controller.ops.is_idle() and dialog.form.picker.client_ids() != [])
    assert list(dialog.form.picker.client_ids()) == [marie]
    dialog.reject()
