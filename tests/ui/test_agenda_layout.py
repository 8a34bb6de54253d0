"""The arithmetic under the agenda views: periods, blocks side by side, pieces of a block
on each day, and wall-clock slots across the DST changes of Europe/Paris."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from socialdesk.domain.agenda import AppointmentView
from socialdesk.domain.enums import AppointmentKind, AppointmentStatus
from socialdesk.ui.agenda.grid_layout import DaySpan, day_spans, lay_out, local_instant, snap
from socialdesk.ui.agenda.periods import ViewMode, add_months, period_for, step

PARIS = ZoneInfo("Europe/Paris")
WORK_DAYS = frozenset({0, 1, 2, 3, 4})


def view(appointment_id: int, start: datetime, minutes: int) -> AppointmentView:
    return AppointmentView(
        id=appointment_id,
        starts_at=start.astimezone(UTC),
        ends_at=(start + timedelta(minutes=minutes)).astimezone(UTC),
        kind=AppointmentKind.OFFICE,
        status=AppointmentStatus.PLANNED,
    )


def test_agenda_periods_of_each_view() -> None:
    wednesday = date(2026, 3, 18)
    assert period_for(ViewMode.DAY, wednesday, WORK_DAYS).dates() == [wednesday]
    week = period_for(ViewMode.WEEK, wednesday, WORK_DAYS)
    assert (week.first, week.last) == (date(2026, 3, 16), date(2026, 3, 22))
    work = period_for(ViewMode.WORK_WEEK, wednesday, frozenset({1, 2, 3, 4, 5}))
    assert (work.first, work.last) == (date(2026, 3, 17), date(2026, 3, 21))
    month = period_for(ViewMode.MONTH, wednesday, WORK_DAYS)
    assert (month.first, month.last) == (date(2026, 2, 23), date(2026, 4, 5))
    assert month.days % 7 == 0
    listing = period_for(ViewMode.LIST, wednesday, WORK_DAYS)
    assert (listing.first, listing.last) == (date(2026, 3, 1), date(2026, 3, 31))


def test_agenda_steps_and_month_ends() -> None:
    assert step(ViewMode.WEEK, date(2026, 3, 18), 1) == date(2026, 3, 25)
    assert step(ViewMode.DAY, date(2026, 3, 1), -1) == date(2026, 2, 28)
    assert step(ViewMode.MONTH, date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)
    assert add_months(date(2024, 3, 31), -1) == date(2024, 2, 29)


def test_agenda_overlapping_blocks_go_side_by_side() -> None:
    spans = [
        DaySpan(1, 0, 9 * 60, 10 * 60),
        DaySpan(2, 0, 9 * 60 + 30, 11 * 60),
        DaySpan(3, 0, 10 * 60, 10 * 60 + 30),  # free lane 0 again once 1 ends
        DaySpan(4, 0, 14 * 60, 15 * 60),  # alone: full width
    ]
    placed = {p.span.appointment_id: (p.lane, p.lanes) for p in lay_out(spans)}
    assert placed == {1: (0, 2), 2: (1, 2), 3: (0, 2), 4: (0, 1)}


def test_agenda_a_block_across_midnight_has_two_pieces() -> None:
    late = view(1, datetime(2026, 3, 16, 23, 0, tzinfo=PARIS), 120)
    pieces = day_spans(late, date(2026, 3, 16), 7, PARIS)
    assert [(s.day_index, s.start, s.end) for s in pieces] == [(0, 23 * 60, 24 * 60), (1, 0, 60)]
    assert pieces[0].continues_after and pieces[1].continues_before
    ending_at_midnight = view(2, datetime(2026, 3, 16, 23, 0, tzinfo=PARIS), 60)
    assert len(day_spans(ending_at_midnight, date(2026, 3, 16), 7, PARIS)) == 1


def test_agenda_slots_keep_the_wall_clock_across_dst() -> None:
    # Sunday 29 March 2026 (spring) and Sunday 25 October 2026 (autumn) in Paris
    for day in (date(2026, 3, 29), date(2026, 10, 25), date(2026, 3, 30)):
        ten = local_instant(day, 10 * 60, PARIS)
        assert ten.astimezone(PARIS).time() == time(10, 0)
        assert day_spans(view(1, ten, 60), day, 1, PARIS)[0].start == 10 * 60
    spring = local_instant(date(2026, 3, 29), 10 * 60, PARIS).astimezone(UTC)
    autumn = local_instant(date(2026, 10, 25), 10 * 60, PARIS).astimezone(UTC)
    assert (spring.hour, autumn.hour) == (8, 9)
    assert (snap(10 * 60 + 7), snap(10 * 60 + 8)) == (10 * 60, 10 * 60 + 15)
