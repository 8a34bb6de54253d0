"""Recurrence rules: RRULE text both ways, expansion bounds, and the wall clock across DST
(Europe/Paris: last Sundays of March and October) — examples and property tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from hypothesis import given, settings
from hypothesis import strategies as st

from socialdesk.domain.agenda import MAX_OCCURRENCES, Recurrence, RecurrenceFrequency
from socialdesk.domain.recurrence import (
    describe,
    expand,
    from_rrule,
    local_naive,
    localize,
    shift_wall_clock,
    to_rrule,
    weekday_rank,
)
from socialdesk.i18n import set_language

PARIS = ZoneInfo("Europe/Paris")
BUCHAREST = ZoneInfo("Europe/Bucharest")
WEEKLY, MONTHLY = RecurrenceFrequency.WEEKLY, RecurrenceFrequency.MONTHLY
# DST changes in Paris: clocks go forward at 02:00 (the gap), back at 03:00 (the fold).
SPRING_2026, AUTUMN_2026 = date(2026, 3, 29), date(2026, 10, 25)
SPRING_2027, AUTUMN_2027 = date(2027, 3, 28), date(2027, 10, 31)


def paris(day: date, hour: int, minute: int = 0) -> datetime:
    return localize(datetime.combine(day, time(hour, minute)), PARIS)


# ---- strategies ---------------------------------------------------------------------------
zones = st.sampled_from([PARIS, BUCHAREST, ZoneInfo("Europe/Brussels")])
first_days = st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 12, 31))
wall_times = st.times().map(lambda t: t.replace(second=0, microsecond=0))


@st.composite
def recurrences(draw: st.DrawFn, *, first: date | None = None) -> Recurrence:
    frequency = draw(st.sampled_from([WEEKLY, MONTHLY]))
    interval = draw(st.integers(1, 52 if frequency is WEEKLY else 12))
    by_weekday = frequency is MONTHLY and draw(st.booleans())
    if draw(st.booleans()):
        return Recurrence(
            frequency, interval, count=draw(st.integers(1, 60)), monthly_by_weekday=by_weekday
        )
    start = first or date(2025, 1, 1)
    until = start + timedelta(days=draw(st.integers(0, 3 * 365)))
    return Recurrence(frequency, interval, until=until, monthly_by_weekday=by_weekday)


@st.composite
def series(draw: st.DrawFn) -> tuple[Recurrence, datetime, ZoneInfo]:
    zone = draw(zones)
    day = draw(first_days)
    first = localize(datetime.combine(day, draw(wall_times)), zone)
    return draw(recurrences(first=day)), first, zone


# ---- RRULE text ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("rec", "first", "text"),
    [
        (
            Recurrence(WEEKLY, 2, count=10),
            paris(date(2026, 3, 3), 10),
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=10",
        ),
        (
            Recurrence(WEEKLY, until=date(2026, 6, 30)),
            paris(date(2026, 3, 2), 10),
            "FREQ=WEEKLY;BYDAY=MO;UNTIL=20260630T215959Z",
        ),
        (
            Recurrence(MONTHLY, count=3),
            paris(date(2026, 1, 15), 9),
            "FREQ=MONTHLY;BYMONTHDAY=15;COUNT=3",
        ),
        (
            Recurrence(MONTHLY, count=3, monthly_by_weekday=True),
            paris(date(2026, 1, 8), 9),
            "FREQ=MONTHLY;BYDAY=2TH;COUNT=3",
        ),
        (
            Recurrence(MONTHLY, count=3, monthly_by_weekday=True),
            paris(date(2026, 1, 29), 9),
            "FREQ=MONTHLY;BYDAY=-1TH;COUNT=3",
        ),
        (
            Recurrence(MONTHLY, count=3),
            paris(date(2026, 1, 31), 9),
            "FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1;COUNT=3",
        ),
    ],
)
def test_recurrence_to_rrule_examples(rec: Recurrence, first: datetime, text: str) -> None:
    assert to_rrule(rec, first.astimezone(PARIS)) == text
    assert from_rrule(text, PARIS) == rec


def test_recurrence_reads_the_demo_rules() -> None:
    assert from_rrule("FREQ=MONTHLY;BYDAY=1MO;COUNT=24") == Recurrence(
        MONTHLY, count=24, monthly_by_weekday=True
    )
    assert from_rrule("RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=6") == Recurrence(
        WEEKLY, 2, count=6
    )


@pytest.mark.parametrize(
    "text",
    [
        "FREQ=DAILY;COUNT=3",
        "FREQ=WEEKLY;BYDAY=MO",
        "FREQ=WEEKLY;COUNT=2;UNTIL=20260101",
        "nonsense",
    ],
)
def test_recurrence_unsupported_rules_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        from_rrule(text)


@given(series())
@settings(max_examples=150, deadline=None)
def test_recurrence_rrule_round_trip(case: tuple[Recurrence, datetime, ZoneInfo]) -> None:
    rec, first, zone = case
    text = to_rrule(rec, first.astimezone(zone))
    assert from_rrule(text, zone) == rec
    # The text means the same to dateutil as to us (over naive wall-clock times).
    floating = to_rrule(rec, local_naive(first, zone))
    theirs = list(rrulestr(floating, dtstart=local_naive(first, zone)))
    assert [localize(t, zone) for t in theirs[: MAX_OCCURRENCES + 1]] == expand(rec, first, zone)


# ---- expansion ----------------------------------------------------------------------------
@given(series())
@settings(max_examples=200, deadline=None)
def test_recurrence_expansion_respects_count_until_and_the_rule(
    case: tuple[Recurrence, datetime, ZoneInfo],
) -> None:
    rec, first, zone = case
    starts = expand(rec, first, zone)
    assert starts and starts[0] == first.astimezone(UTC)
    assert starts == sorted(set(starts))
    assert all(s.tzinfo is UTC for s in starts)
    local = [local_naive(s, zone) for s in starts]
    first_local = local_naive(first, zone)
    if rec.count is not None:
        assert len(starts) == rec.count
    else:
        assert rec.until is not None
        assert all(d.date() <= rec.until for d in local)
    if rec.frequency is WEEKLY:
        assert {d.weekday() for d in local} == {first_local.weekday()}
        days = [d.date() for d in local]
        assert all((b - a).days == 7 * rec.interval for a, b in zip(days, days[1:], strict=False))
    else:
        # Every month of the rule has its occurrence (no month is skipped).
        months = [d.year * 12 + d.month for d in local]
        assert all(b - a == rec.interval for a, b in zip(months, months[1:], strict=False))
        rank = weekday_rank(first_local.date())
        for d in local:
            if not rec.monthly_by_weekday:
                last_day = (d.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(
                    days=1
                )
                assert d.day == min(first_local.day, last_day.day)
            elif rank == -1:  # a fifth weekday: the last one of every month
                assert d.weekday() == first_local.weekday()
                assert (d + timedelta(days=7)).month != d.month
            else:
                assert d.weekday() == first_local.weekday() and weekday_rank(d.date()) == rank


@given(series())
@settings(max_examples=200, deadline=None)
def test_recurrence_wall_clock_is_kept_across_dst(
    case: tuple[Recurrence, datetime, ZoneInfo],
) -> None:
    rec, first, zone = case
    wanted = local_naive(first, zone).time()
    for start in expand(rec, first, zone):
        local = local_naive(start, zone)
        if local.time() != wanted:
            # Only a time in the spring gap moves, forward by the gap (one hour).
            assert localize(datetime.combine(local.date(), wanted), zone) == start
            assert (
                local.time() == (datetime.combine(local.date(), wanted) + timedelta(hours=1)).time()
            )


@given(count=st.integers(1, MAX_OCCURRENCES), interval=st.integers(1, 4))
@settings(max_examples=30, deadline=None)
def test_recurrence_expansion_is_bounded(count: int, interval: int) -> None:
    first = paris(date(2026, 1, 5), 10)
    assert len(expand(Recurrence(WEEKLY, interval, count=count), first, PARIS)) == count
    far = Recurrence(WEEKLY, 1, until=date(2099, 12, 31))
    assert len(expand(far, first, PARIS)) == MAX_OCCURRENCES + 1  # tells "too long"
    assert len(expand(far, first, PARIS, limit=3)) == 3


def test_recurrence_dst_weekly_ten_oclock_crosses_both_changes_of_2026() -> None:
    # Every Sunday at 10:00 from early March to mid-November 2026.
    starts = expand(
        Recurrence(WEEKLY, until=date(2026, 11, 15)), paris(date(2026, 3, 1), 10), PARIS
    )
    by_day = {local_naive(s, PARIS).date(): s for s in starts}
    assert SPRING_2026 in by_day and AUTUMN_2026 in by_day
    assert all(local_naive(s, PARIS).time() == time(10) for s in starts)
    # UTC moves: 09:00Z in winter, 08:00Z in summer, 09:00Z again after October.
    assert by_day[date(2026, 3, 22)].time() == time(9)
    assert by_day[SPRING_2026].time() == time(8)
    assert by_day[date(2026, 10, 18)].time() == time(8)
    assert by_day[AUTUMN_2026].time() == time(9)


@pytest.mark.parametrize("spring", [SPRING_2026, SPRING_2027])
def test_recurrence_dst_nonexistent_time_moves_forward_by_the_gap(spring: date) -> None:
    # 02:30 does not exist on the last Sunday of March: that occurrence is at 03:30.
    first = localize(datetime.combine(spring - timedelta(weeks=2), time(2, 30)), PARIS)
    starts = expand(Recurrence(WEEKLY, count=5), first, PARIS)
    local = [local_naive(s, PARIS) for s in starts]
    assert [d.time() for d in local] == [
        time(2, 30),
        time(2, 30),
        time(3, 30),
        time(2, 30),
        time(2, 30),
    ]
    assert local[2].date() == spring
    assert starts[2] - starts[1] == timedelta(days=7)  # 01:30 UTC both times
    assert starts[2].time() == time(1, 30)


@pytest.mark.parametrize("autumn", [AUTUMN_2026, AUTUMN_2027])
def test_recurrence_dst_ambiguous_time_takes_the_first(autumn: date) -> None:
    # 02:30 happens twice on the last Sunday of October: the first one (summer time).
    first = localize(datetime.combine(autumn - timedelta(weeks=1), time(2, 30)), PARIS)
    starts = expand(Recurrence(WEEKLY, count=3), first, PARIS)
    assert [local_naive(s, PARIS).time() for s in starts] == [time(2, 30)] * 3
    assert starts[1].time() == time(0, 30)  # 02:30 CEST = 00:30 UTC
    assert starts[2].time() == time(1, 30)  # 02:30 CET = 01:30 UTC


def test_recurrence_dst_monthly_series_over_two_years() -> None:
    # 30 November 2025 is a fifth Sunday: the series takes the last Sunday of every month,
    # at 02:30, for two years; on the last Sundays of March it is 03:30.
    first = localize(datetime(2025, 11, 30, 2, 30), PARIS)
    rec = Recurrence(MONTHLY, count=24, monthly_by_weekday=True)
    assert to_rrule(rec, first.astimezone(PARIS)) == "FREQ=MONTHLY;BYDAY=-1SU;COUNT=24"
    local = [local_naive(s, PARIS) for s in expand(rec, first, PARIS)]
    assert SPRING_2026 in {d.date() for d in local} and AUTUMN_2027 in {d.date() for d in local}
    moved = {d.date() for d in local if d.time() != time(2, 30)}
    assert moved == {SPRING_2026, SPRING_2027}
    assert all(d.time() == time(3, 30) for d in local if d.date() in moved)


def test_recurrence_monthly_on_the_31st_falls_on_the_last_day_of_short_months() -> None:
    starts = expand(Recurrence(MONTHLY, count=6), paris(date(2026, 1, 31), 9), PARIS)
    assert [local_naive(s, PARIS).date() for s in starts] == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 4, 30),
        date(2026, 5, 31),
        date(2026, 6, 30),
    ]
    leap = expand(Recurrence(MONTHLY, count=2), paris(date(2028, 1, 30), 9), PARIS)
    assert local_naive(leap[1], PARIS).date() == date(2028, 2, 29)


def test_recurrence_monthly_fifth_weekday_becomes_the_last() -> None:
    # 29 January 2026 is the fifth Thursday: the series takes the last Thursday.
    starts = expand(
        Recurrence(MONTHLY, count=4, monthly_by_weekday=True), paris(date(2026, 1, 29), 14), PARIS
    )
    assert [local_naive(s, PARIS).date() for s in starts] == [
        date(2026, 1, 29),
        date(2026, 2, 26),
        date(2026, 3, 26),
        date(2026, 4, 30),
    ]
    # The second Tuesday stays the second Tuesday.
    second = expand(
        Recurrence(MONTHLY, count=3, monthly_by_weekday=True), paris(date(2026, 2, 10), 9), PARIS
    )
    assert [local_naive(s, PARIS).date() for s in second] == [
        date(2026, 2, 10),
        date(2026, 3, 10),
        date(2026, 4, 14),
    ]


def test_recurrence_until_is_the_local_day_inclusive() -> None:
    rec = Recurrence(WEEKLY, until=date(2026, 3, 16))
    starts = expand(rec, paris(date(2026, 3, 2), 23, 30), PARIS)  # 22:30 UTC
    assert [local_naive(s, PARIS).date() for s in starts] == [
        date(2026, 3, 2),
        date(2026, 3, 9),
        date(2026, 3, 16),
    ]


def test_recurrence_shift_keeps_the_wall_clock() -> None:
    # Moving a winter 10:00 by +1 h lands on 11:00 local, whatever the UTC offset.
    summer = paris(date(2026, 4, 7), 10)
    assert local_naive(shift_wall_clock(summer, timedelta(hours=1), PARIS), PARIS) == datetime(
        2026, 4, 7, 11
    )
    over = shift_wall_clock(paris(date(2026, 3, 24), 10), timedelta(days=7), PARIS)
    assert local_naive(over, PARIS) == datetime(2026, 3, 31, 10)


def test_recurrence_describe_in_english_and_french() -> None:
    assert describe(Recurrence(WEEKLY, 2, count=10)) == "Every 2 weeks, 10 times"
    assert describe(Recurrence(WEEKLY, count=1)) == "Every week, once"
    text = describe(Recurrence(MONTHLY, until=date(2026, 6, 30), monthly_by_weekday=True))
    assert text == "Every month on the same weekday, until 30/06/2026"
    set_language("fr")
    try:
        assert describe(Recurrence(WEEKLY, 2, count=10)) == "Toutes les 2 semaines, 10 fois"
        assert describe(Recurrence(MONTHLY, 3, until=date(2026, 6, 30))) == (
            "Tous les 3 mois, à la même date, jusqu'au 30/06/2026"
        )
    finally:
        set_language("en")
