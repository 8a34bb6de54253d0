"""Today lists the appointments of today and tomorrow (practitioner's zone) and no others,
with people named in full; it moves on at midnight; Enter opens one in the agenda."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from socialdesk.domain.enums import AppointmentKind
from socialdesk.ui.agenda.today import KIND, PEOPLE, PLACE, STATUS, TIME
from socialdesk.ui.controller import AppController
from socialdesk.ui.events import VAULT_OPENED
from socialdesk.ui.ops import Operations
from socialdesk.ui.pages.today import TodayPage
from tests.ui.conftest import wait_idle
from tests.ui.test_agenda_reminders import add_appointment, add_client

# Monday 4 March 2030 in Paris (UTC+1): 07:00 UTC is 08:00 local
MONDAY = datetime(2030, 3, 4, 7, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


def test_today_lists_today_and_tomorrow_only(qtbot: QtBot, ops: Operations, vault) -> None:  # type: ignore[no-untyped-def]
    # Given appointments from Sunday to Wednesday, including one at 23:30 on Tuesday
    marie = add_client(vault, "Marie", "Durand")
    paul = add_client(vault, "Paul", "Martin")
    sunday = add_appointment(vault, MONDAY - DAY + 2 * HOUR, client_ids=(marie,)).id
    visit = add_appointment(
        vault,
        MONDAY + 6 * HOUR,
        client_ids=(marie,),
        kind=AppointmentKind.HOME_VISIT,
        place="12 rue des Lilas, Lyon",
    ).id
    early = add_appointment(vault, MONDAY + 1 * HOUR, client_ids=(marie, paul)).id
    meeting = add_appointment(
        vault, MONDAY + DAY + 2 * HOUR, kind=AppointmentKind.PARTNER_MEETING, title="CCAS"
    ).id
    half = timedelta(minutes=30)
    late_tuesday = add_appointment(vault, MONDAY + DAY + 15 * HOUR + half, client_ids=(paul,)).id
    wednesday = add_appointment(vault, MONDAY + 2 * DAY + 15 * HOUR + half, client_ids=(paul,)).id
    wednesday_early = add_appointment(vault, MONDAY + 2 * DAY - 6 * HOUR, client_ids=(paul,)).id
    ops.attach_vault(vault)
    page = TodayPage(ops, ops.bus)
    qtbot.addWidget(page)
    section = page.agenda
    now = MONDAY + 3 * HOUR  # 11:00 in Paris
    section.clock = lambda: now

    # When the vault opens
    ops.bus.publish(VAULT_OPENED)
    wait_idle(qtbot, ops)

    # Then today and tomorrow are listed in order, and nothing of Sunday or Wednesday
    assert section.appointment_ids(0) == [early, visit]
    assert section.appointment_ids(1) == [meeting, late_tuesday]
    for other in (sunday, wednesday, wednesday_early):
        assert section.item_for(other) is None
    row = section.item_for(visit)
    assert row.text(TIME) == "14:00–15:00"
    assert row.text(KIND) == "Home visit"
    assert row.text(PEOPLE) == "DURAND Marie"
    assert row.text(PLACE) == "12 rue des Lilas, Lyon"
    assert row.text(STATUS) == "Planned"
    assert section.item_for(early).text(PEOPLE) == "DURAND Marie, MARTIN Paul"
    assert section.item_for(meeting).text(PEOPLE) == "CCAS"
    assert section.tree.topLevelItem(0).text(0).startswith("Today — ")
    assert section.tree.topLevelItem(1).text(0).startswith("Tomorrow — ")
    assert page.holds_vault_data()

    # When midnight passes (Tuesday 00:01 in Paris), Tuesday becomes today
    now = MONDAY + DAY - 7 * HOUR + timedelta(minutes=1)
    section.minute_tick()
    wait_idle(qtbot, ops)
    assert section.appointment_ids(0) == [meeting, late_tuesday]
    assert section.appointment_ids(1) == [wednesday_early, wednesday]

    # When an appointment is chosen with Enter, the agenda is asked to show it
    opened: list[int] = []
    page.show_appointment = opened.append  # type: ignore[attr-defined]
    page.show()
    section.tree.setFocus()
    section.select_appointment(late_tuesday)
    qtbot.keyClick(section.tree, Qt.Key.Key_Return)
    assert opened == [late_tuesday]

    # When the vault locks, nothing stays
    page.clear()
    assert not page.holds_vault_data()
    assert section.tree.topLevelItemCount() == 0


def test_today_says_when_nothing_is_planned(qtbot: QtBot, ops: Operations, vault) -> None:  # type: ignore[no-untyped-def]
    ops.attach_vault(vault)
    page = TodayPage(ops, ops.bus)
    qtbot.addWidget(page)
    page.agenda.clock = lambda: MONDAY
    ops.bus.publish(VAULT_OPENED)
    wait_idle(qtbot, ops)
    tree = page.agenda.tree
    assert [tree.topLevelItem(i).child(0).text(0) for i in range(2)] == ["Nothing planned."] * 2


def test_today_opens_the_appointment_in_the_agenda(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault
) -> None:  # type: ignore[no-untyped-def]
    # Given an appointment in two hours, listed on the Today page of the main window
    marie = add_client(vault, "Marie", "Durand")
    soon = datetime.now(UTC).replace(second=0, microsecond=0) + 2 * HOUR
    appointment = add_appointment(vault, soon, client_ids=(marie,)).id
    controller = make_controller(vault.path)
    controller.open_vault(vault)
    window = controller.window
    qtbot.waitExposed(window)
    wait_idle(qtbot, controller.ops)
    section = window.pages["today"].agenda
    assert section.item_for(appointment) is not None

    # When it is double-clicked
    rect = section.tree.visualItemRect(section.item_for(appointment))
    qtbot.mouseClick(section.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(section.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    # Then the agenda page comes to the front
    assert window.current_page().key == "agenda"
    wait_idle(qtbot, controller.ops)
