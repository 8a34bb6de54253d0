"""The demo's agenda on a small demo vault: every kind and status, each with the
bookkeeping it implies (cancellation time and reason, attendance, travel), recurring
series that follow their RFC 5545 rule in Paris wall-clock time across DST, and group
sessions with several participants billed both ways."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from sqlalchemy import Connection, select

from socialdesk.domain.agenda import KINDS_WITH_TRAVEL, KINDS_WITHOUT_CLIENT, RecurrenceFrequency
from socialdesk.domain.enums import (
    AppointmentKind,
    AppointmentStatus,
    AttendanceStatus,
    GroupBillingMode,
)
from socialdesk.domain.recurrence import expand, from_rrule
from socialdesk.services.agenda import list_appointments
from socialdesk.services.agenda_ics import export_ics
from socialdesk.services.demo import DemoSummary, generate_demo
from socialdesk.services.vault import Vault, create_vault
from socialdesk.storage.orm import Appointment, AppointmentParticipant, Client, RecurrenceSeries
from tests.conftest import CHEAP_KDF, PASSPHRASE

TODAY = date(2026, 11, 23)  # a Monday; the window spans two DST changes a year
PARIS = ZoneInfo("Europe/Paris")
FREED = {AppointmentStatus.CANCELLED, AppointmentStatus.LATE_CANCELLED}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Vault, DemoSummary]]:
    path = tmp_path_factory.mktemp("demo_agenda") / "demo.sdvault"
    vault, _recovery = create_vault(path, PASSPHRASE, kdf_params=CHEAP_KDF, seed_defaults=False)
    summary = generate_demo(vault, size="small", seed=7, today=TODAY)
    yield vault, summary
    vault.lock()


@pytest.fixture
def db(demo: tuple[Vault, DemoSummary]) -> Iterator[Connection]:
    with demo[0].engine.connect() as connection:
        yield connection


def _participants(db: Connection) -> dict[int, list[tuple[int, AttendanceStatus]]]:
    by_appointment: dict[int, list[tuple[int, AttendanceStatus]]] = defaultdict(list)
    rows = db.execute(
        select(
            AppointmentParticipant.appointment_id,
            AppointmentParticipant.client_id,
            AppointmentParticipant.attendance,
        )
    )
    for appointment_id, client_id, attendance in rows:
        by_appointment[appointment_id].append((client_id, AttendanceStatus(attendance)))
    return by_appointment


# ---- kinds and statuses ---------------------------------------------------------------------
def test_every_kind_is_planned_done_and_cancelled_somewhere(db: Connection) -> None:
    pairs = {
        (AppointmentKind(kind), AppointmentStatus(status))
        for kind, status in db.execute(select(Appointment.kind, Appointment.status).distinct())
    }

    assert {status for _kind, status in pairs} == set(AppointmentStatus)
    for kind in AppointmentKind:
        statuses = {status for k, status in pairs if k is kind}
        assert {AppointmentStatus.PLANNED, AppointmentStatus.DONE} <= statuses, kind
        assert statuses & FREED, kind


def test_cancellations_carry_their_time_and_reason(db: Connection) -> None:
    rows = db.execute(
        select(
            Appointment.status,
            Appointment.starts_at,
            Appointment.cancelled_at,
            Appointment.cancellation_reason,
        )
    ).all()

    for status, starts_at, cancelled_at, reason in rows:
        if AppointmentStatus(status) in FREED:
            assert cancelled_at is not None and reason, (status, starts_at)
            notice = starts_at - cancelled_at
            if status == AppointmentStatus.LATE_CANCELLED:
                assert timedelta(0) < notice < timedelta(hours=24)
            else:
                assert notice >= timedelta(hours=24)
        else:
            assert cancelled_at is None and reason is None


def test_attendance_follows_the_status(db: Connection) -> None:
    participants = _participants(db)
    rows = db.execute(select(Appointment.id, Appointment.status, Appointment.is_group)).all()
    expected = {
        AppointmentStatus.PLANNED: {AttendanceStatus.EXPECTED},
        AppointmentStatus.NO_SHOW: {AttendanceStatus.ABSENT},
        AppointmentStatus.CANCELLED: {AttendanceStatus.EXCUSED},
        AppointmentStatus.LATE_CANCELLED: {AttendanceStatus.EXCUSED},
    }
    group_done: set[AttendanceStatus] = set()

    for appointment_id, status, is_group in rows:
        seen = {attendance for _client, attendance in participants[appointment_id]}
        if status == AppointmentStatus.DONE and is_group:
            group_done |= seen
        elif status == AppointmentStatus.DONE:
            assert seen <= {AttendanceStatus.PRESENT}
        else:
            assert seen <= expected[AppointmentStatus(status)], (appointment_id, status)
    assert {AttendanceStatus.PRESENT, AttendanceStatus.ABSENT} <= group_done


def test_only_partner_meetings_and_admin_time_go_without_a_client(db: Connection) -> None:
    participants = _participants(db)
    rows = db.execute(select(Appointment.id, Appointment.kind, Appointment.status)).all()

    alone = {AppointmentKind(kind) for id_, kind, _status in rows if not participants[id_]}
    assert alone == KINDS_WITHOUT_CLIENT
    assert all(participants[id_] for id_, _kind, status in rows if status == "no_show")
    assert any(participants[i] for i, kind, _s in rows if kind == AppointmentKind.PARTNER_MEETING)


def test_visits_have_travel_and_take_place_at_the_clients_address(db: Connection) -> None:
    rows = db.execute(
        select(
            Appointment.kind,
            Appointment.place,
            Appointment.travel_minutes,
            Appointment.travel_km_milli,
            Client.address_line1,
            Client.city,
        )
        .join(AppointmentParticipant, AppointmentParticipant.appointment_id == Appointment.id)
        .join(Client, Client.id == AppointmentParticipant.client_id)
    ).all()

    for kind, place, minutes, km_milli, address, city in rows:
        if kind == AppointmentKind.HOME_VISIT:
            assert minutes and km_milli and place == f"{address}, {city}"
        if AppointmentKind(kind) not in KINDS_WITH_TRAVEL:
            assert minutes is None and km_milli is None
    assert any(
        kind == AppointmentKind.ACCOMPANIMENT and minutes for kind, _p, minutes, *_rest in rows
    )


# ---- recurrence ------------------------------------------------------------------------------
def _series(db: Connection) -> dict[int, tuple[RecurrenceSeries, list[tuple[datetime, datetime]]]]:
    series = {s.id: s for s in db.execute(select(RecurrenceSeries)).all()}
    occurrences: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
    rows = db.execute(
        select(Appointment.series_id, Appointment.series_occurrence, Appointment.starts_at)
        .where(Appointment.series_id.is_not(None))
        .order_by(Appointment.series_occurrence)
    )
    for series_id, occurrence, starts_at in rows:
        occurrences[series_id].append((occurrence, starts_at))
    return {sid: (series[sid], occurrences[sid]) for sid in series}


def test_series_are_weekly_fortnightly_and_monthly_bounded_both_ways(db: Connection) -> None:
    rules = [from_rrule(s.rrule, PARIS) for s, _occurrences in _series(db).values()]

    weekly = [r for r in rules if r.frequency is RecurrenceFrequency.WEEKLY]
    assert {r.interval for r in weekly} == {1, 2}
    assert any(r.frequency is RecurrenceFrequency.MONTHLY and r.monthly_by_weekday for r in rules)
    assert any(r.count is not None for r in rules) and any(r.until is not None for r in rules)


def test_each_series_follows_its_rule_in_paris_wall_clock_time(db: Connection) -> None:
    crosses_dst = False
    for series, occurrences in _series(db).values():
        rule = from_rrule(series.rrule, PARIS)
        expected = expand(rule, series.dtstart, PARIS)
        local_times = {o.astimezone(PARIS).time() for o, _start in occurrences}

        assert series.timezone == "Europe/Paris"
        assert [occurrence for occurrence, _start in occurrences] == expected, series.rrule
        assert (series.count, series.until is not None) == (rule.count, rule.until is not None)
        if rule.until is not None:
            assert occurrences[-1][0].astimezone(PARIS).date() == rule.until
        assert local_times == {series.dtstart.astimezone(PARIS).time()}
        crosses_dst |= len({o.astimezone(PARIS).utcoffset() for o, _start in occurrences}) > 1
    assert crosses_dst  # some series run through a DST change and keep their local time


def test_occurrences_on_a_closed_day_are_kept_cancelled(db: Connection) -> None:
    statuses = {
        AppointmentStatus(status)
        for (status,) in db.execute(
            select(Appointment.status).where(Appointment.series_id.is_not(None))
        )
    }
    assert AppointmentStatus.DONE in statuses and AppointmentStatus.PLANNED in statuses
    assert AppointmentStatus.CANCELLED in statuses


# ---- group sessions --------------------------------------------------------------------------
def test_group_sessions_gather_several_clients_billed_both_ways(db: Connection) -> None:
    participants = _participants(db)
    rows = db.execute(
        select(
            Appointment.id,
            Appointment.billing_mode,
            Appointment.payer_organization_id,
            Appointment.series_id,
        ).where(Appointment.is_group)
    ).all()

    assert rows
    assert all(len(participants[id_]) >= 2 for id_, *_rest in rows)
    assert max(len(participants[id_]) for id_, *_rest in rows) >= 5
    modes = {GroupBillingMode(mode) for _id, mode, _payer, _series in rows}
    assert modes == set(GroupBillingMode)
    assert all(payer for _id, mode, payer, _s in rows if mode == GroupBillingMode.GROUP)
    assert len({series for *_rest, series in rows}) >= 2


# ---- the services read the demo as the agenda page and the export do ------------------------
def test_a_demo_month_reads_and_exports_completely(demo: tuple[Vault, DemoSummary]) -> None:
    vault = demo[0]
    first, last = date(2026, 10, 1), date(2026, 10, 31)  # summer time ends on the 25th
    start = datetime.combine(first, time(0), PARIS).astimezone(UTC)
    end = datetime.combine(last + timedelta(days=1), time(0), PARIS).astimezone(UTC)
    with vault.uow() as uow:
        views = list_appointments(uow, start, end)
        data, count = export_ics(uow, first, last, anonymize=False)
        rows = uow.session.execute(
            select(Appointment.id).where(
                Appointment.starts_at >= start, Appointment.starts_at < end
            )
        ).all()

    assert len(views) == len(rows) == count > 20
    assert {v.kind for v in views} >= {AppointmentKind.OFFICE, AppointmentKind.HOME_VISIT}
    assert any(v.is_group and len(v.participants) >= 2 for v in views)
    assert any(v.recurrence is not None for v in views)
    events = list(Calendar.from_ical(data).walk("VEVENT"))
    assert len(events) == count
    assert all(e.get("UID") and e.get("DTSTAMP") and e.get("DTSTART") for e in events)
