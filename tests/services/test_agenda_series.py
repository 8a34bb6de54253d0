"""Recurring series on real encrypted vaults: every occurrence created, the rule stored,
edits and moves of "this one", "this and the following" (the series is split) and "all",
deletions by scope, and the wall clock kept across the DST changes of Europe/Paris."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from socialdesk.domain.agenda import (
    MAX_OCCURRENCES,
    AppointmentConflict,
    AppointmentView,
    EditScope,
    NotARecurringAppointment,
    Recurrence,
    RecurrenceFrequency,
)
from socialdesk.domain.enums import AppointmentKind, AppointmentStatus
from socialdesk.domain.errors import ValidationError
from socialdesk.domain.notes import NoteInput
from socialdesk.domain.recurrence import describe, local_naive
from socialdesk.services.agenda import (
    create_appointment,
    delete_appointment,
    get_appointment,
    list_appointments,
    move_appointment,
    set_status,
    update_appointment,
)
from socialdesk.services.notes import create_note
from socialdesk.services.vault import Vault
from socialdesk.storage.orm import Appointment, CaseNote, RecurrenceSeries
from tests.services.test_agenda import appointment, appointment_count, at, new_client

PARIS = ZoneInfo("Europe/Paris")
WEEKLY, MONTHLY = RecurrenceFrequency.WEEKLY, RecurrenceFrequency.MONTHLY
# Tuesdays at 10:00 from 17 March 2026: the fourth one (7 April) is after the DST change.
FIRST = date(2026, 3, 17)


@pytest.fixture
def client_id(vault: Vault) -> int:
    return new_client(vault)


def weekly(vault: Vault, client_id: int, count: int = 6, **kw: Any) -> list[AppointmentView]:
    data = appointment(
        at(FIRST, 10), (client_id,), recurrence=Recurrence(WEEKLY, count=count), **kw
    )
    with vault.uow() as uow:
        create_appointment(uow, data)
    return occurrences(vault)


def occurrences(vault: Vault) -> list[AppointmentView]:
    with vault.uow() as uow:
        return list_appointments(uow, at(date(2026, 1, 1), 0), at(date(2028, 1, 1), 0))


def local(view: AppointmentView) -> datetime:
    return local_naive(view.starts_at, PARIS)


def series_rows(vault: Vault) -> list[RecurrenceSeries]:
    with vault.uow() as uow:
        return list(
            uow.session.execute(select(RecurrenceSeries).order_by(RecurrenceSeries.id)).scalars()
        )


# ---- creating -----------------------------------------------------------------------------
def test_recurrence_series_creates_every_occurrence_at_the_same_wall_clock(
    vault: Vault, client_id: int
) -> None:
    views = weekly(vault, client_id)
    assert [local(v) for v in views] == [
        datetime.combine(FIRST + timedelta(weeks=k), time(10)) for k in range(6)
    ]
    # 09:00 UTC in winter, 08:00 UTC from 29 March (summer time).
    assert [v.starts_at.astimezone(UTC).hour for v in views] == [9, 9, 8, 8, 8, 8]
    assert len({v.series_id for v in views}) == 1 and views[0].series_id is not None
    assert all(v.recurrence == Recurrence(WEEKLY, count=6) for v in views)
    assert describe(views[0].recurrence or Recurrence(WEEKLY, count=1)) == "Every week, 6 times"
    assert all(v.client_ids == (client_id,) for v in views)
    (series,) = series_rows(vault)
    assert series.rrule == "FREQ=WEEKLY;BYDAY=TU;COUNT=6"
    assert series.dtstart == views[0].starts_at and series.count == 6 and series.until is None
    assert series.timezone == "Europe/Paris" and series.duration_minutes == 60
    assert series.materialized_until == views[-1].starts_at
    with vault.uow() as uow:
        stored = uow.session.execute(
            select(Appointment.series_occurrence).order_by(Appointment.starts_at)
        ).scalars()
        assert list(stored) == [v.starts_at for v in views]


def test_recurrence_series_until_a_date_and_monthly(vault: Vault, client_id: int) -> None:
    data = appointment(
        at(date(2026, 1, 31), 9),
        (client_id,),
        recurrence=Recurrence(MONTHLY, until=date(2026, 6, 30)),
    )
    with vault.uow() as uow:
        first, _ = create_appointment(uow, data)
    assert local(first) == datetime(2026, 1, 31, 9)
    assert [local(v).date() for v in occurrences(vault)] == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 4, 30),
        date(2026, 5, 31),
        date(2026, 6, 30),
    ]
    assert first.recurrence == Recurrence(MONTHLY, until=date(2026, 6, 30))
    (series,) = series_rows(vault)
    assert series.until == datetime(2026, 6, 30, 21, 59, 59, tzinfo=UTC)


@pytest.mark.parametrize(
    "rec",
    [
        Recurrence(WEEKLY, interval=0, count=3),
        Recurrence(WEEKLY, interval=53, count=3),
        Recurrence(WEEKLY),  # no end
        Recurrence(WEEKLY, count=3, until=date(2026, 6, 1)),  # two ends
        Recurrence(WEEKLY, count=0),
        Recurrence(WEEKLY, count=MAX_OCCURRENCES + 1),
        Recurrence(WEEKLY, until=date(2026, 3, 16)),  # before the first
        Recurrence(WEEKLY, until=date(2040, 1, 1)),  # more than 500 weeks
    ],
)
def test_recurrence_bad_rule_is_refused_and_nothing_saved(
    vault: Vault, client_id: int, rec: Recurrence
) -> None:
    with pytest.raises(ValidationError) as caught, vault.uow() as uow:
        create_appointment(uow, appointment(at(FIRST, 10), (client_id,), recurrence=rec))
    assert set(caught.value.errors) == {"recurrence"}
    assert appointment_count(vault) == 0 and series_rows(vault) == []


def test_recurrence_series_conflicts_are_found_on_any_occurrence(
    vault: Vault, client_id: int
) -> None:
    other = new_client(vault, "Martin")
    with vault.uow() as uow:
        busy, _ = create_appointment(
            uow, appointment(at(FIRST + timedelta(weeks=3), 10, 30), (other,))
        )
    data = appointment(at(FIRST, 10), (client_id,), recurrence=Recurrence(WEEKLY, count=6))
    with pytest.raises(AppointmentConflict) as caught, vault.uow() as uow:
        create_appointment(uow, data)
    assert [v.id for v in caught.value.conflicts] == [busy.id]
    assert appointment_count(vault) == 1 and series_rows(vault) == []
    with vault.uow() as uow:
        create_appointment(uow, data, allow_conflicts=True)
    assert appointment_count(vault) == 7


# ---- editing by scope ---------------------------------------------------------------------
def test_recurrence_edit_this_occurrence_only(vault: Vault, client_id: int) -> None:
    views = weekly(vault, client_id)
    third = views[2]
    data = replace(
        third.to_input(), starts_at=at(FIRST + timedelta(weeks=2, days=1), 14), title="Déplacé"
    )
    with vault.uow() as uow:
        moved, changes = update_appointment(uow, third.id, data)
    assert changes.agenda and moved.series_id == third.series_id
    assert local(moved) == datetime(2026, 4, 1, 14) and moved.title == "Déplacé"
    after = occurrences(vault)
    assert [v.title for v in after].count("Déplacé") == 1
    with vault.uow() as uow:
        row = uow.session.get(Appointment, third.id)
        assert row is not None and row.series_occurrence == third.starts_at


def test_recurrence_edit_following_splits_the_series_and_keeps_history(
    vault: Vault, client_id: int
) -> None:
    views = weekly(vault, client_id)
    with vault.uow() as uow:
        set_status(uow, views[4].id, AppointmentStatus.DONE)
    third = views[2]  # 31 March, just after the DST change
    data = replace(
        third.to_input(), starts_at=at(FIRST + timedelta(weeks=2), 11), title="Atelier CV"
    )
    with vault.uow() as uow:
        edited, _ = update_appointment(uow, third.id, data, scope=EditScope.FOLLOWING)
    assert edited.id == third.id
    after = {v.id: v for v in occurrences(vault)}
    # The first two are untouched, in the old series that now ends before the third.
    for v in views[:2]:
        assert after[v.id] == replace(v, recurrence=Recurrence(WEEKLY, until=date(2026, 3, 30)))
    old, new = series_rows(vault)
    assert old.count is None and old.until is not None
    assert local_naive(old.until, PARIS).date() == date(2026, 3, 30)
    assert old.rrule == "FREQ=WEEKLY;BYDAY=TU;UNTIL=20260330T215959Z"
    # The following planned ones moved to 11:00 (wall clock) with the new title, in the new
    # series, which keeps the four occurrences left.
    for v in (views[2], views[3], views[5]):
        assert local(after[v.id]).time() == time(11) and after[v.id].title == "Atelier CV"
        assert after[v.id].series_id == new.id
    assert new.rrule == "FREQ=WEEKLY;BYDAY=TU;COUNT=4" and new.count == 4
    assert after[views[2].id].recurrence == Recurrence(WEEKLY, count=4)
    # The done one is history: same time, same title (it joins the new series).
    assert local(after[views[4].id]).time() == time(10) and after[views[4].id].title == ""


def test_recurrence_edit_all_carries_only_what_changed(vault: Vault, client_id: int) -> None:
    views = weekly(vault, client_id, place="Bureau")
    with vault.uow() as uow:  # one occurrence elsewhere, on its own
        update_appointment(uow, views[1].id, replace(views[1].to_input(), place="Mairie"))
    fourth = views[3]
    data = replace(fourth.to_input(), title="Suivi budget", duration_minutes=45)
    with vault.uow() as uow:
        update_appointment(uow, fourth.id, data, scope=EditScope.ALL)
    after = occurrences(vault)
    assert [v.id for v in after] == [v.id for v in views]
    assert all(v.title == "Suivi budget" and v.duration_minutes == 45 for v in after)
    assert [v.place for v in after] == ["Bureau", "Mairie", "Bureau", "Bureau", "Bureau", "Bureau"]
    assert all(local(v).time() == time(10) for v in after)
    (series,) = series_rows(vault)
    assert series.duration_minutes == 45


def test_recurrence_move_all_keeps_the_wall_clock_across_dst(vault: Vault, client_id: int) -> None:
    views = weekly(vault, client_id)
    # Drag the first one (winter) from 10:00 to 08:30 on the Wednesday, for all of them.
    with vault.uow() as uow:
        move_appointment(
            uow,
            views[0].id,
            at(FIRST + timedelta(days=1), 8, 30),
            at(FIRST + timedelta(days=1), 9, 30),
            scope=EditScope.ALL,
        )
    after = occurrences(vault)
    assert [local(v) for v in after] == [
        datetime.combine(FIRST + timedelta(weeks=k, days=1), time(8, 30)) for k in range(6)
    ]
    (series,) = series_rows(vault)
    assert series.rrule == "FREQ=WEEKLY;BYDAY=WE;COUNT=6"
    assert local_naive(series.dtstart, PARIS) == datetime(2026, 3, 18, 8, 30)


def test_recurrence_move_following_does_not_conflict_with_itself(
    vault: Vault, client_id: int
) -> None:
    views = weekly(vault, client_id, duration_minutes=90)
    # Half an hour later overlaps each occurrence's own old slot: not a conflict.
    with vault.uow() as uow:
        move_appointment(
            uow, views[3].id, views[3].starts_at + timedelta(minutes=30), views[3].ends_at + timedelta(minutes=30),
            scope=EditScope.FOLLOWING,
        )  # fmt: skip
    assert [local(v).time() for v in occurrences(vault)] == [time(10)] * 3 + [time(10, 30)] * 3
    # A foreign appointment in the way is one.
    other = new_client(vault, "Martin")
    with vault.uow() as uow:
        blocker, _ = create_appointment(uow, appointment(at(date(2026, 4, 21), 12), (other,)))
    with pytest.raises(AppointmentConflict) as caught, vault.uow() as uow:
        move_appointment(
            uow, views[3].id, views[3].starts_at + timedelta(hours=2), views[3].ends_at + timedelta(hours=2),
            scope=EditScope.FOLLOWING,
        )  # fmt: skip
    assert [v.id for v in caught.value.conflicts] == [blocker.id]
    assert [local(v).time() for v in occurrences(vault) if v.series_id] == [time(10)] * 3 + [
        time(10, 30)
    ] * 3


def test_recurrence_changed_rule_regenerates_the_planned_occurrences(
    vault: Vault, client_id: int
) -> None:
    views = weekly(vault, client_id)
    with vault.uow() as uow:
        set_status(uow, views[0].id, AppointmentStatus.DONE)
        note, _ = create_note(
            uow,
            NoteInput(
                client_id=client_id, note_date=FIRST, body="Prépa", appointment_id=views[1].id
            ),
        )
    data = replace(views[1].to_input(), recurrence=Recurrence(WEEKLY, interval=2, count=3))
    with vault.uow() as uow:
        edited, _ = update_appointment(uow, views[1].id, data, scope=EditScope.FOLLOWING)
    after = occurrences(vault)
    assert [local(v).date() for v in after] == [
        FIRST,  # done, kept in the old series
        date(2026, 3, 24),
        date(2026, 4, 7),
        date(2026, 4, 21),
    ]
    assert edited.id == views[1].id and edited.recurrence == Recurrence(WEEKLY, 2, count=3)
    assert after[0].series_id != edited.series_id
    assert len(after) == 4 and appointment_count(vault) == 4  # the extra rows are gone
    with vault.uow() as uow:
        linked = uow.session.get(CaseNote, note.id)
        assert linked is not None and linked.appointment_id == views[1].id


def test_recurrence_single_appointment_becomes_a_series(vault: Vault, client_id: int) -> None:
    with vault.uow() as uow:
        single, _ = create_appointment(uow, appointment(at(FIRST, 10), (client_id,)))
    with pytest.raises(NotARecurringAppointment), vault.uow() as uow:
        update_appointment(uow, single.id, single.to_input(), scope=EditScope.ALL)
    data = replace(
        single.to_input(), recurrence=Recurrence(MONTHLY, count=3, monthly_by_weekday=True)
    )
    with vault.uow() as uow:
        view, _ = update_appointment(uow, single.id, data)
    assert view.id == single.id and view.series_id is not None
    assert [local(v).date() for v in occurrences(vault)] == [
        FIRST,
        date(2026, 4, 21),
        date(2026, 5, 19),
    ]


# ---- deleting by scope --------------------------------------------------------------------
def test_recurrence_delete_following_ends_the_series_and_keeps_done(
    vault: Vault, client_id: int
) -> None:
    views = weekly(vault, client_id)
    with vault.uow() as uow:
        set_status(uow, views[4].id, AppointmentStatus.DONE)
        deleted, changes = delete_appointment(uow, views[2].id, scope=EditScope.FOLLOWING)
    assert deleted == 3 and changes.agenda
    assert [v.id for v in occurrences(vault)] == [views[0].id, views[1].id, views[4].id]
    (series,) = series_rows(vault)
    assert series.count is None and local_naive(series.until, PARIS).date() == date(2026, 3, 30)
    with vault.uow() as uow:
        assert get_appointment(uow, views[0].id).recurrence == Recurrence(
            WEEKLY, until=date(2026, 3, 30)
        )


def test_recurrence_delete_all_drops_the_series(vault: Vault, client_id: int) -> None:
    views = weekly(vault, client_id)
    with vault.uow() as uow:
        deleted, _ = delete_appointment(uow, views[3].id, scope="all")  # type: ignore[arg-type]
    assert deleted == 6 and appointment_count(vault) == 0 and series_rows(vault) == []
    with vault.uow() as uow:
        single, _ = create_appointment(uow, appointment(at(FIRST, 10), (client_id,)))
    with pytest.raises(NotARecurringAppointment), vault.uow() as uow:
        delete_appointment(uow, single.id, scope=EditScope.FOLLOWING)


def test_recurrence_delete_this_occurrence_and_the_last_one(vault: Vault, client_id: int) -> None:
    views = weekly(vault, client_id, count=2, kind=AppointmentKind.PHONE)
    with vault.uow() as uow:
        delete_appointment(uow, views[0].id)
    assert len(series_rows(vault)) == 1
    with vault.uow() as uow:
        delete_appointment(uow, views[1].id)
        count = uow.session.execute(select(func.count()).select_from(RecurrenceSeries)).scalar_one()
    assert count == 0


def test_recurrence_edit_following_from_the_first_is_the_whole_series(
    vault: Vault, client_id: int
) -> None:
    views = weekly(vault, client_id, count=3)
    with vault.uow() as uow:
        update_appointment(
            uow, views[0].id, replace(views[0].to_input(), title="Suivi"), scope=EditScope.FOLLOWING
        )
    (series,) = series_rows(vault)  # nothing to split off
    assert series.rrule == "FREQ=WEEKLY;BYDAY=TU;COUNT=3"
    assert [v.title for v in occurrences(vault)] == ["Suivi"] * 3


def test_recurrence_edit_all_with_a_new_rule_keeps_history(vault: Vault, client_id: int) -> None:
    views = weekly(vault, client_id, count=4)
    with vault.uow() as uow:
        set_status(uow, views[1].id, AppointmentStatus.NO_SHOW)
    rule = Recurrence(MONTHLY, count=3, monthly_by_weekday=True)
    with vault.uow() as uow:
        update_appointment(
            uow, views[2].id, replace(views[2].to_input(), recurrence=rule), scope=EditScope.ALL
        )
    after = occurrences(vault)
    # Third Tuesday of March, April and May; the missed one of 24 March stays as it was.
    assert [(local(v).date(), v.status) for v in after] == [
        (FIRST, AppointmentStatus.PLANNED),
        (date(2026, 3, 24), AppointmentStatus.NO_SHOW),
        (date(2026, 4, 21), AppointmentStatus.PLANNED),
        (date(2026, 5, 19), AppointmentStatus.PLANNED),
    ]
    assert {v.series_id for v in after} == {views[0].series_id}
    assert after[0].recurrence == rule
