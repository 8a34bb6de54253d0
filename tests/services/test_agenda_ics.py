"""The iCalendar export on real encrypted vaults: it parses back with ``icalendar``,
every event has UID, DTSTAMP and DTSTART, local days and Paris wall-clock times are
right across both DST changes, and the anonymized file names nobody (marker strings in
the clients' names, address, the title and the note must not appear anywhere)."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Event

from socialdesk.domain.clients import ClientInput
from socialdesk.domain.enums import AppointmentKind, AppointmentStatus, AttendanceStatus
from socialdesk.domain.errors import ValidationError
from socialdesk.i18n import set_language
from socialdesk.services.agenda import list_appointments
from socialdesk.services.agenda_ics import (
    MAX_EXPORT_DAYS,
    ExportFolderMissing,
    ExportTargetIsAFolder,
    export_ics,
    write_ics,
)
from socialdesk.services.audit import recent_events
from socialdesk.services.clients import create_client
from socialdesk.services.vault import Vault
from socialdesk.storage.orm import Appointment, AppointmentParticipant
from socialdesk.storage.uow import UnitOfWork

PARIS = ZoneInfo("Europe/Paris")
OCTOBER = (date(2026, 10, 1), date(2026, 10, 31))
MARKERS = (
    "ZZMARKERNAME",
    "Zmarkerfirst",
    "ZZMARKERSTREET",
    "ZZMARKERCITY",
    "ZZMARKERTITLE",
    "ZZMARKERNOTE",
    "ZZMARKERREASON",
    "ZZMARKERGROUP",
)


# ---- set-up helpers (also used by the CLI tests) ---------------------------------------------
@dataclass(frozen=True)
class Seeded:
    """Ids of the agenda :func:`seed_agenda` writes."""

    visit: int  # 26 Oct 2026 10:00 Paris (the day after summer time ends), home visit
    spring: int  # 30 Mar 2026 10:00 Paris (the day after summer time starts), office
    group: int  # 27 Oct 2026 14:00, cancelled group session, three clients
    meeting: int  # 28 Oct 2026 09:00, partner meeting without a client
    late_evening: int  # 31 Oct 2026 23:30 Paris: still October there (22:30 UTC)
    after_midnight: int  # 1 Nov 2026 00:30 Paris: 31 Oct 23:30 UTC, but November there
    file_numbers: tuple[str, ...]


def add_appointment(
    uow: UnitOfWork,
    local_start: datetime,
    minutes: int,
    kind: AppointmentKind,
    client_ids: tuple[int, ...] = (),
    *,
    status: AppointmentStatus = AppointmentStatus.PLANNED,
    title: str = "",
    place: str = "",
    note: str = "",
    reason: str = "",
) -> int:
    """One appointment row written through the ORM (set-up only: no rules applied)."""
    starts = local_start.replace(tzinfo=PARIS).astimezone(UTC)
    freed = status in (AppointmentStatus.CANCELLED, AppointmentStatus.LATE_CANCELLED)
    row = Appointment(
        starts_at=starts,
        ends_at=starts + timedelta(minutes=minutes),
        kind=kind,
        status=status,
        title=title or None,
        place=place or None,
        note_short=note or None,
        is_group=len(client_ids) > 1,
        cancelled_at=starts - timedelta(days=3) if freed else None,
        cancellation_reason=reason or None,
        travel_minutes=20 if kind is AppointmentKind.HOME_VISIT else None,
    )
    attendance = AttendanceStatus.EXCUSED if freed else AttendanceStatus.EXPECTED
    row.participants = [
        AppointmentParticipant(client_id=cid, attendance=attendance) for cid in client_ids
    ]
    uow.session.add(row)
    uow.session.flush()
    return row.id


def seed_agenda(vault: Vault) -> Seeded:
    """Three clients (the first full of markers) and six appointments around October 2026."""
    with vault.uow() as uow:
        marked, _ = create_client(
            uow,
            ClientInput(
                last_name="Zzmarkername",
                first_name="Zmarkerfirst",
                address_line1="12 rue ZZMARKERSTREET",
                postal_code="59100",
                city="ZZMARKERCITY",
            ),
        )
        other, _ = create_client(uow, ClientInput(last_name="Martin", first_name="Jean"))
        third, _ = create_client(uow, ClientInput(last_name="Petit", first_name="Léa"))
        ids = (marked.id, other.id, third.id)
        seeded = Seeded(
            visit=add_appointment(
                uow,
                datetime(2026, 10, 26, 10, 0),
                60,
                AppointmentKind.HOME_VISIT,
                (marked.id,),
                title="Visite ZZMARKERTITLE",
                place="12 rue ZZMARKERSTREET, 59100 ZZMARKERCITY",
                note="Apporter le dossier ZZMARKERNOTE",
            ),
            spring=add_appointment(
                uow, datetime(2026, 3, 30, 10, 0), 45, AppointmentKind.OFFICE, (other.id,)
            ),
            group=add_appointment(
                uow,
                datetime(2026, 10, 27, 14, 0),
                120,
                AppointmentKind.OFFICE,
                ids,
                status=AppointmentStatus.CANCELLED,
                title="Atelier ZZMARKERGROUP",
                place="Salle des fêtes",
                reason="Salle indisponible ZZMARKERREASON",
            ),
            meeting=add_appointment(
                uow,
                datetime(2026, 10, 28, 9, 0),
                60,
                AppointmentKind.PARTNER_MEETING,
                title="Réunion CCAS",
                place="Mairie",
            ),
            late_evening=add_appointment(
                uow, datetime(2026, 10, 31, 23, 30), 15, AppointmentKind.PHONE, (marked.id,)
            ),
            after_midnight=add_appointment(
                uow, datetime(2026, 11, 1, 0, 30), 15, AppointmentKind.PHONE, (marked.id,)
            ),
            file_numbers=(marked.file_number, other.file_number, third.file_number),
        )
    return seeded


def events_of(data: bytes) -> list[Event]:
    calendar = Calendar.from_ical(data)
    return list(calendar.walk("VEVENT"))


def unfolded(data: bytes) -> str:
    """The file's text with folded lines joined (a marker may straddle a fold)."""
    return data.decode("utf-8").replace("\r\n ", "").replace("\r\n\t", "")


@pytest.fixture
def seeded(vault: Vault) -> Seeded:
    return seed_agenda(vault)


def _export(vault: Vault, first: date, last: date, *, anonymize: bool) -> tuple[bytes, int]:
    with vault.uow() as uow:
        return export_ics(uow, first, last, anonymize=anonymize)


def _by_uid_start(events: list[Event]) -> dict[datetime, Event]:
    return {e.decoded("DTSTART").astimezone(UTC): e for e in events}


# ---- parsing back ----------------------------------------------------------------------------
@pytest.mark.parametrize("anonymize", [False, True])
def test_the_file_parses_back_and_every_event_has_uid_dtstamp_dtstart(
    vault: Vault, seeded: Seeded, anonymize: bool
) -> None:
    data, count = _export(vault, *OCTOBER, anonymize=anonymize)

    calendar = Calendar.from_ical(data)
    events = list(calendar.walk("VEVENT"))
    assert str(calendar["VERSION"]) == "2.0" and "SocialDesk" in str(calendar["PRODID"])
    assert count == len(events) == 4  # visit, group, meeting, late evening
    for event in events:
        assert event.get("UID") and event.get("DTSTAMP") and event.get("DTSTART")
        assert event.decoded("DTEND") > event.decoded("DTSTART")
    assert len({str(e["UID"]) for e in events}) == len(events)
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Paris"]
    assert calendar.get_missing_tzids() == set()


def test_times_keep_the_paris_wall_clock_on_both_sides_of_dst(vault: Vault, seeded: Seeded) -> None:
    data, count = _export(vault, date(2026, 3, 1), date(2026, 10, 31), anonymize=False)

    starts = {e.decoded("DTSTART").astimezone(UTC): e for e in events_of(data)}
    assert count == 5
    # 10:00 in Paris is 09:00 UTC in winter time (26 Oct) and 08:00 UTC in summer (30 Mar).
    autumn = starts[datetime(2026, 10, 26, 9, 0, tzinfo=UTC)]
    spring = starts[datetime(2026, 3, 30, 8, 0, tzinfo=UTC)]
    for event in (autumn, spring):
        local = event.decoded("DTSTART")
        assert (local.hour, local.minute) == (10, 0)
        assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    assert autumn.decoded("DTEND") - autumn.decoded("DTSTART") == timedelta(minutes=60)
    assert spring.decoded("DTEND") - spring.decoded("DTSTART") == timedelta(minutes=45)


def test_the_range_is_in_local_days_both_ends_included(vault: Vault, seeded: Seeded) -> None:
    october, _ = _export(vault, *OCTOBER, anonymize=False)
    november, _ = _export(vault, date(2026, 11, 1), date(2026, 11, 1), anonymize=False)
    one_day, one = _export(vault, date(2026, 10, 26), date(2026, 10, 26), anonymize=False)

    in_october = {e.decoded("DTSTART").astimezone(PARIS).date() for e in events_of(october)}
    assert date(2026, 10, 31) in in_october and date(2026, 11, 1) not in in_october
    assert [e.decoded("DTSTART").astimezone(PARIS).hour for e in events_of(november)] == [0]
    assert one == 1 and "Visite ZZMARKERTITLE" in unfolded(one_day)


def test_an_empty_range_gives_a_valid_calendar_without_events(vault: Vault) -> None:
    data, count = _export(vault, *OCTOBER, anonymize=False)

    assert count == 0
    assert events_of(data) == [] and Calendar.from_ical(data)["VERSION"] == "2.0"


def test_uids_are_stable_and_shared_by_both_variants(vault: Vault, seeded: Seeded) -> None:
    first, _ = _export(vault, *OCTOBER, anonymize=False)
    again, _ = _export(vault, *OCTOBER, anonymize=False)
    anonymous, _ = _export(vault, *OCTOBER, anonymize=True)

    def uids(data: bytes) -> list[str]:
        return [str(e["UID"]) for e in events_of(data)]

    assert uids(first) == uids(again) == uids(anonymous)
    assert all(uid.endswith("@socialdesk") for uid in uids(first))
    assert not any(str(seeded.visit) == uid.partition("@")[0] for uid in uids(first))


# ---- full export -----------------------------------------------------------------------------
def test_full_events_name_the_people_and_give_place_and_description(
    vault: Vault, seeded: Seeded
) -> None:
    data, _ = _export(vault, *OCTOBER, anonymize=False)

    events = _by_uid_start(events_of(data))
    visit = events[datetime(2026, 10, 26, 9, 0, tzinfo=UTC)]
    summary, description = str(visit["SUMMARY"]), str(visit["DESCRIPTION"])
    assert "Visite ZZMARKERTITLE" in summary and "ZZMARKERNAME" in summary.upper()
    assert str(visit["LOCATION"]) == "12 rue ZZMARKERSTREET, 59100 ZZMARKERCITY"
    assert "Home visit" in description and seeded.file_numbers[0] in description
    assert "ZZMARKERNOTE" in description
    assert visit["STATUS"] == "CONFIRMED"
    assert [str(c) for c in visit["CATEGORIES"].cats] == ["Home visit"]

    group = events[datetime(2026, 10, 27, 13, 0, tzinfo=UTC)]
    assert group["STATUS"] == "CANCELLED" and group["TRANSP"] == "TRANSPARENT"
    assert all(number in str(group["DESCRIPTION"]) for number in seeded.file_numbers)
    meeting = events[datetime(2026, 10, 28, 8, 0, tzinfo=UTC)]
    assert str(meeting["SUMMARY"]) == "Réunion CCAS" and "Participants" not in str(
        meeting["DESCRIPTION"]
    )


# ---- anonymized export -----------------------------------------------------------------------
def test_the_anonymized_file_holds_no_name_address_title_or_note(
    vault: Vault, seeded: Seeded
) -> None:
    data, count = _export(vault, date(2026, 3, 1), date(2026, 11, 30), anonymize=True)

    text = unfolded(data).upper()
    assert count == 6
    for marker in (*MARKERS, "MARTIN", "PETIT", "JEAN", "LÉA", "CCAS", "MAIRIE", "SALLE"):
        assert marker.upper() not in text, marker
        assert marker.encode().upper() not in data.upper(), marker
    for number in seeded.file_numbers:
        assert number not in text
    for event in events_of(data):
        assert "LOCATION" not in event and "DESCRIPTION" not in event


def test_anonymized_summaries_are_initials_and_kind_only(vault: Vault, seeded: Seeded) -> None:
    with vault.uow() as uow:
        start = datetime(2026, 10, 1, tzinfo=PARIS)
        views = {v.id: v for v in list_appointments(uow, start, start + timedelta(days=31))}
    data, _ = _export(vault, *OCTOBER, anonymize=True)

    summaries = {e.decoded("DTSTART").astimezone(UTC): str(e["SUMMARY"]) for e in events_of(data)}
    visit = views[seeded.visit]
    assert summaries[visit.starts_at] == f"{visit.participants[0].initials} — Home visit"
    group = views[seeded.group]
    initials = ", ".join(p.initials for p in group.participants)
    assert summaries[group.starts_at] == f"{initials} — Office interview"
    assert summaries[views[seeded.meeting].starts_at] == "Partner meeting"


def test_the_export_speaks_the_current_language(vault: Vault, seeded: Seeded) -> None:
    set_language("fr")
    try:
        data, _ = _export(vault, *OCTOBER, anonymize=True)
    finally:
        set_language("en")

    assert "Agenda SocialDesk" in unfolded(data)


# ---- ranges ------------------------------------------------------------------------------------
def test_a_range_ending_before_it_starts_is_refused(vault: Vault) -> None:
    with pytest.raises(ValidationError) as caught:
        _export(vault, date(2026, 10, 31), date(2026, 10, 1), anonymize=False)
    assert "last" in caught.value.errors


def test_a_range_over_five_years_is_refused(vault: Vault) -> None:
    first = date(2021, 1, 1)
    _export(vault, first, first + timedelta(days=MAX_EXPORT_DAYS - 1), anonymize=True)
    with pytest.raises(ValidationError):
        _export(vault, first, first + timedelta(days=MAX_EXPORT_DAYS), anonymize=True)


# ---- writing the file ------------------------------------------------------------------------
def test_write_ics_writes_a_private_file_and_audits_the_export(
    vault: Vault, seeded: Seeded, tmp_path: Path
) -> None:
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "agenda.ics"
    target.write_bytes(b"an older export")
    with vault.uow() as uow:
        export = write_ics(uow, target, *OCTOBER, anonymize=True)

    assert export.events == 4 and export.path == target
    assert len(events_of(target.read_bytes())) == 4
    if os.name == "posix":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in target.parent.iterdir()] == ["agenda.ics"]  # no temporary left
    with vault.uow() as uow:
        event = recent_events(uow, limit=1)[0]
    assert event.action == "export" and event.object_type == "agenda"
    assert event.details == {
        "format": "ics",
        "from": "2026-10-01",
        "to": "2026-10-31",
        "anonymized": True,
        "events": 4,
    }


def test_write_ics_refuses_a_missing_folder_or_a_folder_as_target(
    vault: Vault, tmp_path: Path
) -> None:
    with vault.uow() as uow:
        with pytest.raises(ExportFolderMissing):
            write_ics(uow, tmp_path / "nope" / "a.ics", *OCTOBER, anonymize=False)
        with pytest.raises(ExportTargetIsAFolder):
            write_ics(uow, tmp_path, *OCTOBER, anonymize=False)
        assert [e for e in recent_events(uow) if e.action == "export"] == []
