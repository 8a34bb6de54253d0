"""The agenda's services on real encrypted vaults: settings, reading a period, creating
and editing single appointments, conflicts with travel time, status and attendance (and
the clients' last contact), deletion, the client file, reminders and Today."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from itertools import count
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select, text

from socialdesk.domain.agenda import (
    MAX_DURATION_MINUTES,
    AgendaSettings,
    AppointmentConflict,
    AppointmentInput,
    AppointmentNotFound,
    DoneAppointmentCannotBeDeleted,
)
from socialdesk.domain.enums import AppointmentKind, AppointmentStatus, AttendanceStatus
from socialdesk.domain.errors import ValidationError
from socialdesk.domain.notes import NoteInput
from socialdesk.i18n import set_language
from socialdesk.services.agenda import (
    agenda_settings,
    appointments_for_days,
    client_appointments,
    create_appointment,
    delete_appointment,
    find_conflicts,
    get_appointment,
    list_appointments,
    move_appointment,
    reminder_candidates,
    save_agenda_settings,
    set_attendance,
    set_status,
    update_appointment,
)
from socialdesk.services.notes import create_note
from socialdesk.services.vault import Vault
from socialdesk.storage.orm import Appointment, CaseNote, Client, Service

PARIS = ZoneInfo("Europe/Paris")
_numbers = count(1)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """A Paris wall-clock time, aware."""
    return datetime.combine(day, time(hour, minute), tzinfo=PARIS)


MONDAY = date(2026, 2, 2)


def new_client(vault: Vault, last_name: str = "Durand", **address: str) -> int:
    with vault.uow() as uow:
        client = Client(
            file_number=f"D-TEST-{next(_numbers):04d}",
            last_name=last_name,
            first_name="Alice",
            status="active",
            intake_date=date(2024, 1, 15),
            **address,
        )
        uow.session.add(client)
        uow.session.flush()
        return client.id


def new_service(vault: Vault, name: str = "Entretien individuel") -> int:
    with vault.uow() as uow:
        service = Service(code=f"S{next(_numbers)}", name=name, unit="hour", unit_price_cents=5000)
        uow.session.add(service)
        uow.session.flush()
        return service.id


def appointment(start: datetime, client_ids: tuple[int, ...] = (), **kw: Any) -> AppointmentInput:
    values: dict[str, Any] = {
        "starts_at": start,
        "duration_minutes": 60,
        "kind": AppointmentKind.OFFICE if client_ids else AppointmentKind.ADMIN,
        "client_ids": client_ids,
    }
    values.update(kw)
    return AppointmentInput(**values)


def create(vault: Vault, data: AppointmentInput, **kw: Any) -> int:
    with vault.uow() as uow:
        view, changes = create_appointment(uow, data, **kw)
    assert changes.agenda
    return view.id


def appointment_count(vault: Vault) -> int:
    with vault.uow() as uow:
        return uow.session.execute(select(func.count()).select_from(Appointment)).scalar_one()


def last_contact(vault: Vault, client_id: int) -> datetime | None:
    with vault.uow() as uow:
        client = uow.session.get(Client, client_id)
        assert client is not None
        return client.last_contact_at


@pytest.fixture
def client_id(vault: Vault) -> int:
    return new_client(vault)


# ---- settings -----------------------------------------------------------------------------
def test_agenda_settings_default_then_saved(vault: Vault) -> None:
    with vault.uow() as uow:
        assert agenda_settings(uow) == AgendaSettings()
    wanted = AgendaSettings(
        day_start=time(9),
        day_end=time(17, 30),
        work_days=frozenset({0, 1, 3}),
        default_duration_minutes=45,
        default_reminder_minutes=0,
        holidays_country="be",
    )
    with vault.uow() as uow:
        saved, changes = save_agenda_settings(uow, wanted)
    assert changes.settings and changes.agenda
    with vault.uow() as uow:
        assert agenda_settings(uow) == saved == replace(wanted, holidays_country="BE")


def test_agenda_settings_bad_hours_are_refused(vault: Vault) -> None:
    bad = AgendaSettings(day_start=time(18), day_end=time(9), work_days=frozenset())
    with pytest.raises(ValidationError) as caught, vault.uow() as uow:
        save_agenda_settings(uow, bad)
    assert set(caught.value.errors) == {"day_end", "work_days"}
    with vault.uow() as uow:
        assert agenda_settings(uow) == AgendaSettings()


# ---- create / get -------------------------------------------------------------------------
def test_agenda_create_and_get_round_trip(vault: Vault, client_id: int) -> None:
    service_id = new_service(vault)
    data = appointment(
        at(MONDAY, 10),
        (client_id,),
        kind=AppointmentKind.HOME_VISIT,
        duration_minutes=90,
        title="  Visite   de suivi ",
        place="12 rue des Lilas",
        service_id=service_id,
        travel_minutes=25,
        travel_km=Decimal("12.345"),
        note_short="Apporter le dossier CAF",
        reminder_minutes=30,
    )
    appointment_id = create(vault, data)
    with vault.uow() as uow:
        view = get_appointment(uow, appointment_id)
    assert view.starts_at == datetime(2026, 2, 2, 9, tzinfo=UTC)
    assert view.ends_at - view.starts_at == timedelta(minutes=90)
    assert view.duration_minutes == 90
    assert view.status is AppointmentStatus.PLANNED and view.kind is AppointmentKind.HOME_VISIT
    assert view.title == "Visite de suivi" and view.place == "12 rue des Lilas"
    assert view.service_name == "Entretien individuel"
    assert view.travel_km == Decimal("12.345") and view.travel_minutes == 25
    assert view.reminder_minutes == 30 and view.note_short == "Apporter le dossier CAF"
    assert [(p.client_id, p.display_name, p.attendance) for p in view.participants] == [
        (client_id, "DURAND Alice", AttendanceStatus.EXPECTED)
    ]
    assert view.participants[0].initials == "A.D."
    assert not view.is_group and view.series_id is None and view.recurrence is None
    assert view.to_input() == replace(data, title="Visite de suivi")


def test_agenda_home_visit_without_place_goes_to_the_clients_address(vault: Vault) -> None:
    first = new_client(
        vault, address_line1="3 rue Pierre Motte", postal_code="59100", city="Roubaix"
    )
    second = new_client(vault, "Martin", address_line1="1 place de la Gare", city="Lille")
    data = appointment(at(MONDAY, 14), (first, second), kind=AppointmentKind.HOME_VISIT)
    view_id = create(vault, data)
    with vault.uow() as uow:
        view = get_appointment(uow, view_id)
    assert view.place == "3 rue Pierre Motte, 59100 Roubaix"
    assert view.is_group  # two clients make a group session
    # An office interview keeps its empty place.
    office_id = create(vault, appointment(at(MONDAY, 16), (first,)))
    with vault.uow() as uow:
        assert get_appointment(uow, office_id).place == ""


def test_agenda_get_unknown_appointment(vault: Vault) -> None:
    with pytest.raises(AppointmentNotFound), vault.uow() as uow:
        get_appointment(uow, 12345)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"starts_at": datetime(2026, 2, 2, 10)}, "starts_at"),  # naive: zone unknown
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"duration_minutes": MAX_DURATION_MINUTES + 1}, "duration_minutes"),
        ({"client_ids": ()}, "client_ids"),
        ({"client_ids": (999_999,)}, "client_ids"),
        ({"travel_minutes": -5}, "travel_minutes"),
        ({"travel_km": Decimal("-1")}, "travel_km"),
        ({"travel_km": Decimal("1.2345")}, "travel_km"),
        ({"travel_km": Decimal("NaN")}, "travel_km"),
        ({"reminder_minutes": -1}, "reminder_minutes"),
        ({"reminder_minutes": 10081}, "reminder_minutes"),
        ({"service_id": 999_999}, "service_id"),
        ({"payer_organization_id": 999_999}, "payer_organization_id"),
        ({"title": "x" * 201}, "title"),
        ({"place": "x" * 301}, "place"),
    ],
)
def test_agenda_bad_input_is_reported_and_nothing_saved(
    vault: Vault, client_id: int, changes: dict[str, Any], field: str
) -> None:
    data = replace(appointment(at(MONDAY, 10), (client_id,)), **changes)
    with pytest.raises(ValidationError) as caught, vault.uow() as uow:
        create_appointment(uow, data)
    assert field in caught.value.errors
    assert appointment_count(vault) == 0


def test_agenda_admin_time_and_partner_meetings_need_no_client(vault: Vault) -> None:
    for kind in (AppointmentKind.ADMIN, AppointmentKind.PARTNER_MEETING):
        create(vault, appointment(at(MONDAY, 8 + len(kind)), kind=kind))
    assert appointment_count(vault) == 2


def test_agenda_validation_messages_are_translated(vault: Vault) -> None:
    set_language("fr")
    try:
        with pytest.raises(ValidationError) as caught, vault.uow() as uow:
            create_appointment(
                uow,
                appointment(
                    at(MONDAY, 10),
                    kind=AppointmentKind.OFFICE,
                    duration_minutes=0,
                    travel_km=Decimal("0.0001"),
                ),
            )
        assert set(caught.value.errors) == {"client_ids", "duration_minutes", "travel_km"}
        message = str(caught.value)
        assert "Certains champs ne sont pas valides." in message
        assert "12 heures" in message and "3 décimales" in message
    finally:
        set_language("en")


# ---- conflicts ----------------------------------------------------------------------------
def test_agenda_overlap_is_a_conflict_unless_overridden(vault: Vault, client_id: int) -> None:
    existing = create(vault, appointment(at(MONDAY, 10), (client_id,)))
    clash = appointment(at(MONDAY, 10, 30), (client_id,))
    with pytest.raises(AppointmentConflict) as caught, vault.uow() as uow:
        create_appointment(uow, clash)
    assert [v.id for v in caught.value.conflicts] == [existing]
    assert "1 other appointment" in str(caught.value)
    assert appointment_count(vault) == 1
    create(vault, clash, allow_conflicts=True)
    assert appointment_count(vault) == 2


def test_agenda_back_to_back_is_no_conflict_but_travel_time_is(
    vault: Vault, client_id: int
) -> None:
    create(vault, appointment(at(MONDAY, 10), (client_id,)))
    # 11:00 right after the 10:00–11:00 interview: fine.
    create(
        vault,
        appointment(at(MONDAY, 11), (client_id,), kind=AppointmentKind.PHONE, duration_minutes=15),
    )
    # A home visit at 11:30 with 30 minutes of travel must leave at 11:00: overlaps the call.
    visit = appointment(
        at(MONDAY, 11, 30), (client_id,), kind=AppointmentKind.HOME_VISIT, travel_minutes=30
    )
    with pytest.raises(AppointmentConflict), vault.uow() as uow:
        create_appointment(uow, visit)
    with vault.uow() as uow:
        found = find_conflicts(uow, at(MONDAY, 11, 30), at(MONDAY, 12, 30), travel_minutes=30)
        assert [v.kind for v in found] == [AppointmentKind.PHONE]
        assert find_conflicts(uow, at(MONDAY, 11, 30), at(MONDAY, 12, 30), travel_minutes=15) == []


def test_agenda_cancelled_appointments_free_their_slot(vault: Vault, client_id: int) -> None:
    first = create(vault, appointment(at(MONDAY, 10), (client_id,)))
    with vault.uow() as uow:
        set_status(uow, first, AppointmentStatus.CANCELLED, reason="Malade")
    create(vault, appointment(at(MONDAY, 10), (client_id,)))
    with vault.uow() as uow:
        late = create_appointment(uow, appointment(at(MONDAY, 14), (client_id,)))[0].id
        set_status(uow, late, AppointmentStatus.LATE_CANCELLED)
        assert find_conflicts(uow, at(MONDAY, 14), at(MONDAY, 15)) == []
        # A no-show still took the slot.
        set_status(uow, late, AppointmentStatus.NO_SHOW)
        assert [v.id for v in find_conflicts(uow, at(MONDAY, 14), at(MONDAY, 15))] == [late]


def test_agenda_edit_does_not_conflict_with_itself(vault: Vault, client_id: int) -> None:
    appointment_id = create(vault, appointment(at(MONDAY, 10), (client_id,)))
    with vault.uow() as uow:
        view, _ = move_appointment(uow, appointment_id, at(MONDAY, 10, 30), at(MONDAY, 11, 45))
    assert view.starts_at == at(MONDAY, 10, 30) and view.duration_minutes == 75
    other = create(vault, appointment(at(MONDAY, 14), (client_id,)))
    with pytest.raises(AppointmentConflict), vault.uow() as uow:
        move_appointment(uow, other, at(MONDAY, 11), at(MONDAY, 12))
    with vault.uow() as uow:
        assert get_appointment(uow, other).starts_at == at(MONDAY, 14)


# ---- reading a period ---------------------------------------------------------------------
def test_agenda_list_returns_what_overlaps_the_period(vault: Vault, client_id: int) -> None:
    other = new_client(vault, "Martin")
    slots = {
        "before": appointment(at(MONDAY, 8), (client_id,)),  # ends 9:00
        "straddles": appointment(at(MONDAY, 8, 30), (other,)),  # 8:30–9:30
        "inside": appointment(at(MONDAY, 10), (client_id,)),
        "at_end": appointment(at(MONDAY, 12), (client_id,)),  # starts at the end
        "long": appointment(at(MONDAY, 0), duration_minutes=MAX_DURATION_MINUTES),
    }
    ids = {name: create(vault, data, allow_conflicts=True) for name, data in slots.items()}
    with vault.uow() as uow:
        found = list_appointments(uow, at(MONDAY, 9), at(MONDAY, 12))
        assert [v.id for v in found] == [ids["long"], ids["straddles"], ids["inside"]]
        mine = list_appointments(uow, at(MONDAY, 9), at(MONDAY, 12), client_id=client_id)
        assert [v.id for v in mine] == [ids["inside"]]
        set_status(uow, ids["inside"], AppointmentStatus.CANCELLED)
        kept = list_appointments(uow, at(MONDAY, 9), at(MONDAY, 12), include_freed=False)
        assert [v.id for v in kept] == [ids["long"], ids["straddles"]]


def test_agenda_list_fills_participants_services_and_notes(vault: Vault, client_id: int) -> None:
    other = new_client(vault, "Martin")
    service_id = new_service(vault, "Atelier collectif")
    group = create(vault, appointment(at(MONDAY, 14), (client_id, other), service_id=service_id))
    with vault.uow() as uow:
        note, _ = create_note(
            uow,
            NoteInput(client_id=client_id, note_date=MONDAY, body="Atelier", appointment_id=group),
        )
        view = list_appointments(uow, at(MONDAY, 0), at(MONDAY + timedelta(days=1), 0))[0]
    assert view.is_group and view.client_ids == (client_id, other)
    assert [p.display_name for p in view.participants] == ["DURAND Alice", "MARTIN Alice"]
    assert view.service_name == "Atelier collectif" and view.note_ids == (note.id,)


def test_agenda_list_reads_a_range_of_the_starts_at_index(vault: Vault) -> None:
    from socialdesk.services.agenda_rows import appointments_query, overlapping

    with vault.uow() as uow:
        stmt = overlapping(appointments_query(), at(MONDAY, 0), at(MONDAY, 0) + timedelta(days=7))
        compiled = stmt.compile(uow.session.get_bind(), compile_kwargs={"literal_binds": True})
        plan = uow.session.execute(text(f"EXPLAIN QUERY PLAN {compiled}")).all()
    assert any("ix_appointment_starts_at" in str(row[-1]) for row in plan), plan


def test_agenda_days_are_local_days_of_the_practitioner(vault: Vault) -> None:
    # 23:30 on Sunday in Paris is 22:30 UTC: it belongs to Sunday, not Monday.
    sunday_night = create(
        vault, appointment(at(MONDAY - timedelta(days=1), 23), duration_minutes=30)
    )
    monday = create(vault, appointment(at(MONDAY, 0, 30), duration_minutes=30))
    tuesday = create(vault, appointment(at(MONDAY + timedelta(days=1), 23)))
    with vault.uow() as uow:
        assert [v.id for v in appointments_for_days(uow, MONDAY, 1)] == [monday]
        assert [v.id for v in appointments_for_days(uow, MONDAY, 2)] == [monday, tuesday]
        assert [v.id for v in appointments_for_days(uow, MONDAY - timedelta(days=1), 1)] == [
            sunday_night
        ]


def test_agenda_client_file_lists_upcoming_and_past(vault: Vault, client_id: int) -> None:
    other = new_client(vault, "Martin")
    now = at(MONDAY, 12)
    past = [
        create(vault, appointment(at(MONDAY - timedelta(days=d), 10), (client_id,)))
        for d in (1, 2, 3)
    ]
    upcoming = [
        create(vault, appointment(at(MONDAY + timedelta(days=d), 10), (client_id,))) for d in (2, 1)
    ]
    create(vault, appointment(at(MONDAY, 15), (other,)))
    with vault.uow() as uow:
        mine = client_appointments(uow, client_id, now=now, past_limit=2)
    assert [v.id for v in mine.upcoming] == [upcoming[1], upcoming[0]]
    assert [v.id for v in mine.past] == past[:2]
    assert mine.past_total == 3


def test_agenda_reminder_candidates_are_planned_and_near(vault: Vault, client_id: int) -> None:
    now = at(MONDAY, 9)
    ids = [
        create(vault, appointment(at(MONDAY, h), (client_id,), duration_minutes=30))
        for h in (7, 8, 10, 15)
    ]
    tomorrow = create(vault, appointment(at(MONDAY + timedelta(days=1), 10), (client_id,)))
    with vault.uow() as uow:
        set_status(uow, ids[3], AppointmentStatus.CANCELLED)
        found = reminder_candidates(uow, now, horizon=timedelta(hours=12))
        assert [v.id for v in found] == [ids[1], ids[2]]
        assert tomorrow in [v.id for v in reminder_candidates(uow, now, horizon=timedelta(days=2))]
        assert tomorrow not in [v.id for v in reminder_candidates(uow, now)]


# ---- status, attendance, last contact -----------------------------------------------------
def test_agenda_done_marks_presence_and_moves_last_contact(vault: Vault, client_id: int) -> None:
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(days=2)
    appointment_id = create(vault, appointment(start, (client_id,)))
    assert last_contact(vault, client_id) is None
    with vault.uow() as uow:
        view, changes = set_status(uow, appointment_id, AppointmentStatus.DONE)
    assert changes.agenda and changes.clients
    assert view.participants[0].attendance is AttendanceStatus.PRESENT
    assert last_contact(vault, client_id) == start
    # Back to planned: presence and last contact are undone.
    with vault.uow() as uow:
        view, changes = set_status(uow, appointment_id, AppointmentStatus.PLANNED)
    assert view.participants[0].attendance is AttendanceStatus.EXPECTED
    assert changes.clients and last_contact(vault, client_id) is None


def test_agenda_done_in_the_future_is_no_contact_yet(vault: Vault, client_id: int) -> None:
    start = datetime.now(UTC) + timedelta(days=1)
    appointment_id = create(vault, appointment(start, (client_id,)))
    with vault.uow() as uow:
        set_status(uow, appointment_id, AppointmentStatus.DONE)
    assert last_contact(vault, client_id) is None


def test_agenda_cancellation_records_when_and_why(vault: Vault, client_id: int) -> None:
    appointment_id = create(vault, appointment(at(MONDAY, 10), (client_id,)))
    when = at(MONDAY - timedelta(days=3), 17)
    with vault.uow() as uow:
        view, _ = set_status(
            uow,
            appointment_id,
            AppointmentStatus.LATE_CANCELLED,
            reason=" Enfant   malade ",
            now=when,
        )
    assert view.cancelled_at == when and view.cancellation_reason == "Enfant malade"
    assert view.frees_slot and view.participants[0].attendance is AttendanceStatus.EXCUSED
    with vault.uow() as uow:
        view, _ = set_status(uow, appointment_id, AppointmentStatus.NO_SHOW)
    assert view.cancelled_at is None and view.cancellation_reason == ""
    assert view.participants[0].attendance is AttendanceStatus.ABSENT


def test_agenda_group_attendance_and_last_contact(vault: Vault, client_id: int) -> None:
    other = new_client(vault, "Martin")
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(days=1)
    group = create(vault, appointment(start, (client_id, other)))
    with vault.uow() as uow:
        set_attendance(uow, group, other, AttendanceStatus.EXCUSED)
        view, _ = set_status(uow, group, AppointmentStatus.DONE)
    assert [p.attendance for p in view.participants] == [
        AttendanceStatus.PRESENT,
        AttendanceStatus.EXCUSED,
    ]
    assert last_contact(vault, client_id) == start and last_contact(vault, other) is None
    with vault.uow() as uow:
        _, changes = set_attendance(uow, group, client_id, AttendanceStatus.ABSENT)
    assert changes.clients and last_contact(vault, client_id) is None
    with vault.uow() as uow:
        set_attendance(uow, group, other, AttendanceStatus.PRESENT)
    assert last_contact(vault, other) == start
    with pytest.raises(ValidationError), vault.uow() as uow:
        set_attendance(uow, group, new_client(vault, "Petit"), AttendanceStatus.PRESENT)


def test_agenda_update_keeps_attendance_of_participants_who_stay(
    vault: Vault, client_id: int
) -> None:
    other = new_client(vault, "Martin")
    group = create(vault, appointment(at(MONDAY, 10), (client_id, other)))
    with vault.uow() as uow:
        set_attendance(uow, group, other, AttendanceStatus.EXCUSED)
        current = get_appointment(uow, group)
    third = new_client(vault, "Petit")
    data = replace(current.to_input(), client_ids=(other, third), title="Atelier budget")
    with vault.uow() as uow:
        view, changes = update_appointment(uow, group, data)
    assert changes.agenda and view.title == "Atelier budget"
    assert [(p.client_id, p.attendance) for p in view.participants] == [
        (other, AttendanceStatus.EXCUSED),
        (third, AttendanceStatus.EXPECTED),
    ]


# ---- deletion -----------------------------------------------------------------------------
def test_agenda_delete_keeps_notes_and_refuses_done(vault: Vault, client_id: int) -> None:
    appointment_id = create(vault, appointment(at(MONDAY, 10), (client_id,)))
    with vault.uow() as uow:
        note, _ = create_note(
            uow,
            NoteInput(
                client_id=client_id,
                note_date=MONDAY,
                body="Préparation",
                appointment_id=appointment_id,
            ),
        )
        deleted, changes = delete_appointment(uow, appointment_id)
    assert deleted == 1 and changes.agenda and appointment_count(vault) == 0
    with vault.uow() as uow:
        kept = uow.session.get(CaseNote, note.id)
        assert kept is not None and kept.appointment_id is None
    done = create(vault, appointment(at(MONDAY, 14), (client_id,)))
    with vault.uow() as uow:
        set_status(uow, done, AppointmentStatus.DONE)
    with pytest.raises(DoneAppointmentCannotBeDeleted), vault.uow() as uow:
        delete_appointment(uow, done)
    assert appointment_count(vault) == 1
