"""Due reminders with a fake clock: ordinary ticks, the default and "no reminder",
cancelled appointments, and a sleep/resume clock jump."""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from socialdesk.domain.agenda import AppointmentView
from socialdesk.domain.enums import AppointmentKind, AppointmentStatus
from socialdesk.domain.reminders import due_reminders, remind_at

NINE = datetime(2026, 3, 2, 9, tzinfo=UTC)


def view(
    id_: int,
    start: datetime,
    *,
    minutes: int | None = None,
    status: AppointmentStatus = AppointmentStatus.PLANNED,
) -> AppointmentView:
    return AppointmentView(
        id=id_,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        kind=AppointmentKind.OFFICE,
        status=status,
        reminder_minutes=minutes,
    )


def due(
    candidates: list[AppointmentView], now: datetime, since: datetime, shown: Collection[int] = ()
) -> list[int]:
    found = due_reminders(
        candidates, now=now, since=since, default_minutes=15, already_shown=set(shown)
    )
    return [r.appointment.id for r in found]


def test_reminders_come_at_their_time_with_the_default_or_their_own() -> None:
    at_ten = view(1, NINE + timedelta(hours=1))  # default 15 min: 9:45
    own = view(2, NINE + timedelta(hours=1), minutes=60)  # 9:00
    tick = timedelta(seconds=30)
    assert due([at_ten, own], NINE, NINE - tick) == [2]
    assert (
        due(
            [at_ten, own],
            NINE + timedelta(minutes=44),
            NINE + timedelta(minutes=44) - tick,
            shown={2},
        )
        == []
    )
    reminders = due_reminders(
        [at_ten, own],
        now=NINE + timedelta(minutes=45),
        since=NINE + timedelta(minutes=44, seconds=30),
        default_minutes=15,
        already_shown={2},
    )
    assert [(r.appointment.id, r.remind_at) for r in reminders] == [
        (1, NINE + timedelta(minutes=45))
    ]


def test_reminders_none_for_zero_minutes_or_freed_or_done() -> None:
    start = NINE + timedelta(minutes=10)
    candidates = [
        view(1, start, minutes=0),
        view(2, start, status=AppointmentStatus.CANCELLED),
        view(3, start, status=AppointmentStatus.LATE_CANCELLED),
        view(4, start, status=AppointmentStatus.DONE),
    ]
    assert due(candidates, NINE, NINE - timedelta(minutes=10)) == []
    assert remind_at(candidates[0], 15) is None
    # A default of 0 means no reminder unless the appointment asks for one.
    no_default = due_reminders(
        [view(5, start), view(6, start, minutes=20)],
        now=NINE,
        since=NINE - timedelta(minutes=1),
        default_minutes=0,
        already_shown=(),
    )
    assert [r.appointment.id for r in no_default] == [6]


def test_reminders_after_sleep_show_what_was_missed_once_and_not_what_started() -> None:
    # The laptop slept from 8:00 to 9:50 (the timer thinks 30 s went by).
    asleep_at, awake_at = NINE - timedelta(hours=1), NINE + timedelta(minutes=50)
    started = view(1, NINE + timedelta(minutes=30))  # began during the sleep
    coming = view(2, NINE + timedelta(minutes=55))  # reminder at 9:40, missed
    later = view(3, NINE + timedelta(hours=3))  # reminder at 11:45, not yet
    candidates = [later, coming, started]
    assert due(candidates, awake_at, asleep_at) == [2]
    # Next tick: already shown, nothing new.
    assert due(candidates, awake_at + timedelta(seconds=30), awake_at, shown={2}) == []
    # A clock jump backwards (since after now) shows nothing twice either.
    assert due(candidates, awake_at, awake_at + timedelta(hours=1), shown={2}) == []


def test_reminders_on_first_check_after_opening_the_app() -> None:
    # The app opens at 9:50 (since == now): the 10:00 appointment is reminded at once.
    assert due(
        [view(1, NINE + timedelta(minutes=60))],
        NINE + timedelta(minutes=50),
        NINE + timedelta(minutes=50),
    ) == [1]


@given(
    minutes=st.integers(1, 7 * 24 * 60),
    start_offset=st.integers(-600, 600),
    gap=st.integers(0, 24 * 60),
    shown=st.booleans(),
)
@settings(max_examples=200, deadline=None)
def test_reminders_rule_holds_for_any_clock(
    minutes: int, start_offset: int, gap: int, shown: bool
) -> None:
    now = NINE
    appointment = view(1, now + timedelta(minutes=start_offset), minutes=minutes)
    found = due([appointment], now, now - timedelta(minutes=gap), shown={1} if shown else ())
    when = appointment.starts_at - timedelta(minutes=minutes)
    expected = not shown and when <= now < appointment.starts_at
    assert found == ([1] if expected else [])
