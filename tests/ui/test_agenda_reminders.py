"""Reminders while the app runs: shown once at the right time, caught up once after a
sleep (only if the appointment has not started), never after a lock; a toast in the main
window when the system has no tray. The clock is a fake one the test moves."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSystemTrayIcon, QWidget
from pytestqt.qtbot import QtBot

from socialdesk.domain.agenda import AppointmentInput, AppointmentView, Participant, Reminder
from socialdesk.domain.clients import ClientInput
from socialdesk.domain.enums import AppointmentKind, AppointmentStatus
from socialdesk.services.agenda import create_appointment
from socialdesk.services.clients import create_client
from socialdesk.ui.agenda.reminders import ReminderNotifier, ReminderScheduler, reminder_text
from socialdesk.ui.agenda.toast import Toast
from socialdesk.ui.controller import AppController
from socialdesk.ui.ops import Operations
from tests.ui.conftest import wait_idle

LEFT = Qt.MouseButton.LeftButton
# Monday 4 March 2030, 10:00 UTC = 11:00 in Paris (the practitioner's default zone)
START = datetime(2030, 3, 4, 10, 0, tzinfo=UTC)


class FakeClock:
    """Wall-clock time and monotonic time; ``advance`` moves both, ``sleep`` only the wall
    clock (a suspended laptop: the monotonic clock stands still)."""

    def __init__(self, now: datetime) -> None:
        self.wall = now
        self.mono = 1000.0

    def now(self) -> datetime:
        return self.wall

    def monotonic(self) -> float:
        return self.mono

    def advance(self, **delta: float) -> None:
        step = timedelta(**delta)
        self.wall += step
        self.mono += step.total_seconds()

    def sleep(self, **delta: float) -> None:
        self.wall += timedelta(**delta)
        self.mono += 1.0


def add_client(vault, first: str, last: str) -> int:  # type: ignore[no-untyped-def]
    with vault.uow() as uow:
        file, _changes = create_client(uow, ClientInput(first_name=first, last_name=last))
    return file.id


def add_appointment(  # type: ignore[no-untyped-def]
    vault,
    starts_at: datetime,
    *,
    client_ids: tuple[int, ...] = (),
    minutes: int = 60,
    kind: AppointmentKind = AppointmentKind.OFFICE,
    **fields: object,
) -> AppointmentView:
    with vault.uow() as uow:
        view, _changes = create_appointment(
            uow,
            AppointmentInput(
                starts_at=starts_at,
                duration_minutes=minutes,
                kind=kind,
                client_ids=client_ids,
                **fields,  # type: ignore[arg-type]
            ),
            allow_conflicts=True,
        )
    return view


@pytest.fixture
def scheduled(qtbot: QtBot, ops: Operations, vault):  # type: ignore[no-untyped-def]
    """A scheduler on the vault with a fake clock, an 11:00 (Paris) office interview with
    Marie DURAND reminded 15 minutes before, and the reminders shown so far."""
    client = add_client(vault, "Marie", "Durand")
    appointment = add_appointment(vault, START, client_ids=(client,), reminder_minutes=15)
    ops.attach_vault(vault)
    window = QWidget()
    window.resize(900, 600)
    qtbot.addWidget(window)
    window.show()
    clock = FakeClock(START - timedelta(minutes=30))
    scheduler = ReminderScheduler(
        ops,
        ops.bus,
        clock=clock.now,
        monotonic=clock.monotonic,
        notifier=ReminderNotifier(use_tray=False),
    )
    shown: list[Reminder] = []
    scheduler.reminder_shown.connect(shown.append)

    def check() -> None:
        scheduler.check()
        wait_idle(qtbot, ops)

    scheduler.start(window)
    wait_idle(qtbot, ops)
    yield scheduler, clock, check, shown, appointment, window
    scheduler.stop()


def test_reminder_is_shown_once_at_its_time(scheduled) -> None:  # type: ignore[no-untyped-def]
    scheduler, clock, check, shown, appointment, window = scheduled
    # Given 30 minutes before an appointment reminded 15 minutes before: nothing yet
    assert shown == []
    clock.advance(minutes=14, seconds=30)
    check()
    assert shown == []

    # When the reminder time passes
    clock.advance(seconds=40)
    check()

    # Then it is shown once, as a toast saying time, kind and initials only
    assert [r.appointment.id for r in shown] == [appointment.id]
    (toast,) = scheduler.notifier.toasts()
    assert toast.title_label.text() == "Appointment at 11:00"
    assert toast.text_label.text() == "Office interview · M.D."
    assert "Durand" not in toast.text_label.text().title()

    # ... and not again on the following ticks, nor after the appointments are read again
    for _tick in range(12):
        clock.advance(seconds=30)
        check()
    assert len(shown) == 1


def test_reminder_missed_during_a_sleep_is_shown_once_on_wake(scheduled) -> None:  # type: ignore[no-untyped-def]
    scheduler, clock, check, shown, appointment, window = scheduled
    # Given the laptop goes to sleep 30 minutes before and wakes up 10 minutes before
    clock.sleep(minutes=20)

    # When the first tick after the wake-up comes
    check()

    # Then the missed reminder is shown, once
    assert [r.appointment.id for r in shown] == [appointment.id]
    clock.advance(seconds=30)
    check()
    assert len(shown) == 1


def test_no_reminder_after_a_sleep_past_the_start(scheduled) -> None:  # type: ignore[no-untyped-def]
    scheduler, clock, check, shown, appointment, window = scheduled
    # Given the laptop sleeps until 5 minutes after the appointment started
    clock.sleep(minutes=35)

    # When it wakes up, nothing is shown (too late to be of use)
    check()
    clock.advance(seconds=30)
    check()
    assert shown == []
    assert scheduler.notifier.toasts() == []


def test_an_appointment_added_later_is_reminded(qtbot: QtBot, scheduled, vault) -> None:  # type: ignore[no-untyped-def]
    scheduler, clock, check, shown, appointment, window = scheduled
    # Given a phone call planned while the app runs, 20 minutes from now
    later = add_appointment(
        vault, clock.now() + timedelta(minutes=20), kind=AppointmentKind.ADMIN, reminder_minutes=5
    )
    from socialdesk.domain.changes import Changes

    scheduler.ops.bus.publish(Changes(agenda=True))  # what the dialog's save publishes

    # When its reminder time comes, it is shown (the other one too)
    clock.advance(minutes=16)
    check()
    assert {r.appointment.id for r in shown} == {appointment.id, later.id}


def test_controller_shows_a_toast_without_tray_and_nothing_after_lock(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault
) -> None:  # type: ignore[no-untyped-def]
    # Given the app unlocked with a fake clock (the offscreen platform has no tray)
    assert not QSystemTrayIcon.isSystemTrayAvailable()
    client = add_client(vault, "Marie", "Durand")
    appointment = add_appointment(vault, START, client_ids=(client,), reminder_minutes=15)
    later = START + timedelta(minutes=30)
    add_appointment(vault, later, kind=AppointmentKind.ADMIN, reminder_minutes=15)
    controller = make_controller(vault.path)
    clock = FakeClock(START - timedelta(minutes=16))
    controller.reminders.clock = clock.now
    controller.reminders.monotonic = clock.monotonic
    shown: list[Reminder] = []
    controller.reminders.reminder_shown.connect(shown.append)
    controller.open_vault(vault)
    window = controller.window
    qtbot.waitExposed(window)
    opened: list[int] = []
    window.show_appointment = opened.append  # type: ignore[method-assign]
    wait_idle(qtbot, controller.ops)
    assert shown == []

    # When the reminder is due
    clock.advance(minutes=1, seconds=30)
    controller.reminders.check()
    wait_idle(qtbot, controller.ops)

    # Then a toast stays in the corner of the main window; a click opens the appointment
    toasts = [t for t in window.findChildren(Toast) if t.isVisible()]
    assert len(toasts) == 1
    toast = toasts[0]
    assert toast.geometry().right() < window.width() and toast.geometry().top() > 0
    qtbot.mouseClick(toast, LEFT, pos=toast.text_label.geometry().center())
    assert opened == [appointment.id]
    qtbot.waitUntil(lambda: not [t for t in window.findChildren(Toast) if t.isVisible()])

    # When the vault is locked, the scheduler stops and forgets: the second appointment's
    # reminder time passes without a reminder
    controller.lock()
    qtbot.waitUntil(lambda: vault.locked)
    assert not controller.reminders.running
    assert not controller.reminders.holds_vault_data()
    clock.advance(minutes=30)
    controller.reminders.check()
    controller.reminders.timer.timeout.emit()
    wait_idle(qtbot, controller.ops)
    assert len(shown) == 1


def test_reminder_text_is_minimal_and_says_the_day_when_not_today() -> None:
    people = ("DURAND Marie", "MARTIN Paul", "DUPONT Éloïse", "BENALI Karim")
    view = AppointmentView(
        id=1,
        starts_at=START,
        ends_at=START + timedelta(hours=1),
        kind=AppointmentKind.HOME_VISIT,
        status=AppointmentStatus.PLANNED,
        title="Atelier budget",
        place="12 rue des Lilas",
        participants=tuple(
            Participant(client_id=i, display_name=name, file_number=f"D-{i}")
            for i, name in enumerate(people, 1)
        ),
    )
    paris = ZoneInfo("Europe/Paris")
    title, text = reminder_text(view, paris, now=START - timedelta(minutes=15))
    assert (title, text) == ("Appointment at 11:00", "Home visit · M.D. P.M. É.D. +1")
    assert reminder_text(view, paris, now=START - timedelta(days=1))[0] == (
        "Appointment tomorrow at 11:00"
    )
    assert reminder_text(view, paris, now=START - timedelta(days=3))[0] == (
        "Appointment on 04/03/2030 at 11:00"
    )
