"""Use cases of the agenda: settings, reading a period, creating and editing appointments,
their status and attendance, conflicts, and what the client file and Today show.

Instants are aware and stored in UTC; the practitioner's zone (profile) is the wall
clock of recurring series and of "a day". Occurrences of a series are ordinary
appointment rows (``services/agenda_series.py`` creates and edits them by scope).

A done appointment counts as a contact with the clients who attended: marking it done
moves their ``last_contact_at`` forward, undoing it recomputes it from the notes and
the other appointments done (the rules of ``services/notes.py``).
"""

from __future__ import annotations

import json
from collections.abc import Collection
from contextlib import suppress
from dataclasses import asdict, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from socialdesk.domain.agenda import (
    DEFAULT_TIMEZONE,
    FREEING_STATUSES,
    HOLIDAY_COUNTRIES,
    AgendaSettings,
    AppointmentInput,
    AppointmentNotFound,
    AppointmentView,
    ClientAppointments,
    DoneAppointmentCannotBeDeleted,
    EditScope,
    address_place,
    appointment_errors,
    settings_errors,
)
from socialdesk.domain.changes import Changes
from socialdesk.domain.enums import AppointmentKind, AppointmentStatus, AttendanceStatus
from socialdesk.domain.errors import ValidationError
from socialdesk.i18n import N_
from socialdesk.services import agenda_series as series
from socialdesk.services import billable
from socialdesk.services.agenda_rows import (
    APPOINTMENT,
    apply_input,
    appointments_query,
    check_conflicts,
    conflicting_ids,
    conflicts_by_id,
    forward_last_contact,
    overlapping,
    recompute_last_contact,
    to_views,
    views,
)
from socialdesk.services.profile import get_profile
from socialdesk.storage.orm import Appointment as AppointmentRow
from socialdesk.storage.orm import (
    AppointmentParticipant,
    AppSetting,
    Client,
    Organization,
    Service,
)
from socialdesk.storage.uow import UnitOfWork

SETTINGS_KEY = "agenda.settings"
CHANGED = Changes(agenda=True)
_NOT_ATTENDED = (AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED)
# The attendance a status sets for the participants still "expected" (and undoes).
_AUTO_ATTENDANCE = {
    AppointmentStatus.DONE: AttendanceStatus.PRESENT,
    AppointmentStatus.NO_SHOW: AttendanceStatus.ABSENT,
    AppointmentStatus.CANCELLED: AttendanceStatus.EXCUSED,
    AppointmentStatus.LATE_CANCELLED: AttendanceStatus.EXCUSED,
}


def _now() -> datetime:
    return datetime.now(UTC)


# ---- settings -----------------------------------------------------------------------------
def _zone_name(uow: UnitOfWork) -> tuple[str, str]:
    profile = get_profile(uow)
    zone = profile.timezone or DEFAULT_TIMEZONE
    try:
        ZoneInfo(zone)
    except (ValueError, KeyError):
        zone = DEFAULT_TIMEZONE
    return zone, profile.country


def agenda_zone(uow: UnitOfWork) -> ZoneInfo:
    """The practitioner's zone: the agenda's wall clock."""
    return ZoneInfo(_zone_name(uow)[0])


def _parse_time(value: Any, default: time) -> time:
    try:
        return time.fromisoformat(str(value))
    except ValueError:
        return default


def agenda_settings(uow: UnitOfWork) -> AgendaSettings:
    """The saved working hours and defaults; the zone comes from the profile. A value
    missing or unreadable falls back to its default (the profile's country for the
    public holidays)."""
    zone, country = _zone_name(uow)
    defaults = AgendaSettings(
        timezone=zone, holidays_country=country if country in HOLIDAY_COUNTRIES else "FR"
    )
    setting = uow.session.scalar(select(AppSetting).where(AppSetting.key == SETTINGS_KEY))
    try:
        saved = json.loads(setting.value) if setting is not None else {}
    except ValueError:
        saved = {}
    if not isinstance(saved, dict):
        saved = {}
    read = replace(
        defaults,
        day_start=_parse_time(saved.get("day_start"), defaults.day_start),
        day_end=_parse_time(saved.get("day_end"), defaults.day_end),
    )
    with suppress(KeyError, TypeError, ValueError):
        read = replace(read, work_days=frozenset(int(d) for d in saved["work_days"]))
    for name in ("default_duration_minutes", "default_reminder_minutes"):
        if isinstance(saved.get(name), int):
            read = replace(read, **{name: saved[name]})
    if isinstance(saved.get("holidays_country"), str):
        read = replace(read, holidays_country=saved["holidays_country"])
    return read if not settings_errors(read) else defaults


def save_agenda_settings(
    uow: UnitOfWork, settings: AgendaSettings
) -> tuple[AgendaSettings, Changes]:
    """Save working hours and defaults (the zone is the profile's: not saved here).
    ValidationError per field; nothing is written then."""
    clean = replace(settings, holidays_country=(settings.holidays_country or "").upper())
    errors = settings_errors(clean)
    if errors:
        raise ValidationError(errors)
    values = asdict(clean)
    values.pop("timezone")
    values["day_start"] = clean.day_start.strftime("%H:%M")
    values["day_end"] = clean.day_end.strftime("%H:%M")
    values["work_days"] = sorted(clean.work_days)
    setting = uow.session.scalar(select(AppSetting).where(AppSetting.key == SETTINGS_KEY))
    if setting is None:
        uow.session.add(AppSetting(key=SETTINGS_KEY, value=json.dumps(values)))
    else:
        setting.value = json.dumps(values)
    uow.session.flush()
    return agenda_settings(uow), Changes(settings=True, agenda=True)


# ---- reading ------------------------------------------------------------------------------
def list_appointments(
    uow: UnitOfWork,
    start: datetime,
    end: datetime,
    *,
    client_id: int | None = None,
    include_freed: bool = True,
) -> list[AppointmentView]:
    """Every appointment overlapping ``[start, end)``, by start then id."""
    c = APPOINTMENT.c
    stmt = overlapping(appointments_query(), start, end)
    ids = overlapping(select(c.id), start, end)
    if client_id is not None:
        mine = c.id.in_(
            select(AppointmentParticipant.appointment_id).where(
                AppointmentParticipant.client_id == client_id
            )
        )
        stmt, ids = stmt.where(mine), ids.where(mine)
    rows = uow.session.execute(stmt.order_by(c.starts_at, c.id)).all()
    if not include_freed:
        # Filtered here: a status term in SQL may draw SQLite to the status index.
        rows = [r for r in rows if r.status not in FREEING_STATUSES]
        return to_views(uow.session, rows)
    return to_views(uow.session, rows, ids)


def get_appointment(uow: UnitOfWork, appointment_id: int) -> AppointmentView:
    found = views(uow.session, appointments_query().where(APPOINTMENT.c.id == appointment_id))
    if not found:
        raise AppointmentNotFound()
    return found[0]


def appointments_for_days(uow: UnitOfWork, first: date, days: int) -> list[AppointmentView]:
    """The appointments of ``days`` local days from ``first`` (Today: today and tomorrow)."""
    zone = agenda_zone(uow)
    start = datetime.combine(first, time(0), tzinfo=zone)
    end = datetime.combine(first + timedelta(days=max(0, days)), time(0), tzinfo=zone)
    return list_appointments(uow, start, end)


def client_appointments(
    uow: UnitOfWork, client_id: int, *, now: datetime, past_limit: int = 100
) -> ClientAppointments:
    """The client's appointments: upcoming (starting from ``now``, soonest first) and
    the latest ``past_limit`` past ones (most recent first), with the past total."""
    c = APPOINTMENT.c
    mine = c.id.in_(
        select(AppointmentParticipant.appointment_id).where(
            AppointmentParticipant.client_id == client_id
        )
    )
    upcoming = views(
        uow.session,
        appointments_query().where(mine, c.starts_at >= now).order_by(c.starts_at, c.id),
    )
    past = views(
        uow.session,
        appointments_query()
        .where(mine, c.starts_at < now)
        .order_by(c.starts_at.desc(), c.id.desc())
        .limit(max(0, past_limit)),
    )
    total = uow.session.execute(
        select(func.count()).select_from(APPOINTMENT).where(mine, c.starts_at < now)
    ).scalar_one()
    return ClientAppointments(upcoming=tuple(upcoming), past=tuple(past), past_total=total)


def reminder_candidates(
    uow: UnitOfWork, now: datetime, *, horizon: timedelta = timedelta(days=1)
) -> list[AppointmentView]:
    """Planned appointments starting in ``[now - 1 h, now + horizon)``; the caller picks
    the due reminders (``domain.reminders.due_reminders``)."""
    c = APPOINTMENT.c
    stmt = (
        appointments_query()
        .where(c.starts_at >= now - timedelta(hours=1), c.starts_at < now + horizon)
        .order_by(c.starts_at, c.id)
    )
    rows = [r for r in uow.session.execute(stmt) if r.status == AppointmentStatus.PLANNED]
    return to_views(uow.session, rows)


def find_conflicts(
    uow: UnitOfWork,
    starts_at: datetime,
    ends_at: datetime,
    *,
    travel_minutes: int = 0,
    exclude_ids: Collection[int] = (),
) -> list[AppointmentView]:
    """Appointments whose busy time (travel before and after included) overlaps this
    one's; cancelled ones never conflict."""
    ids = conflicting_ids(
        uow.session, [(starts_at, ends_at)], travel_minutes=travel_minutes, exclude_ids=exclude_ids
    )
    return conflicts_by_id(uow, ids)


# ---- writing: checks ----------------------------------------------------------------------
def _row(uow: UnitOfWork, appointment_id: int) -> AppointmentRow:
    row = uow.session.get(AppointmentRow, appointment_id)
    if row is None:
        raise AppointmentNotFound()
    return row


def checked_input(uow: UnitOfWork, data: AppointmentInput, zone: ZoneInfo) -> AppointmentInput:
    """``data`` cleaned (duplicate clients dropped, spaces collapsed, a home visit's
    empty place filled with the client's address), or ValidationError listing every bad
    field; nothing is written either way."""
    client_ids = tuple(dict.fromkeys(data.client_ids))
    data = replace(
        data,
        client_ids=client_ids,
        title=" ".join((data.title or "").split()),
        place=" ".join((data.place or "").split()),
        note_short=(data.note_short or "").strip(),
        kind=AppointmentKind(data.kind),
    )
    first_date = None
    if isinstance(data.starts_at, datetime) and data.starts_at.tzinfo is not None:
        first_date = data.starts_at.astimezone(zone).date()
    errors = appointment_errors(data, first_local_date=first_date)
    addresses: dict[int, str] = {}
    if client_ids:
        rows = uow.session.execute(
            select(
                Client.id,
                Client.address_line1,
                Client.address_line2,
                Client.postal_code,
                Client.city,
            ).where(Client.id.in_(client_ids))
        ).all()
        addresses = {
            r.id: address_place(
                r.address_line1, r.address_line2, " ".join(p for p in (r.postal_code, r.city) if p)
            )
            for r in rows
        }
        if len(addresses) != len(client_ids):
            errors.setdefault("client_ids", N_("This client does not exist."))
    if data.service_id is not None and uow.session.get(Service, data.service_id) is None:
        errors["service_id"] = N_("Choose a service from the catalogue.")
    if (
        data.payer_organization_id is not None
        and uow.session.get(Organization, data.payer_organization_id) is None
    ):
        errors["payer_organization_id"] = N_("Choose a payer from the list.")
    if errors:
        raise ValidationError(errors)
    if data.kind is AppointmentKind.HOME_VISIT and not data.place and client_ids:
        data = replace(data, place=addresses.get(client_ids[0], ""))
    return data


# ---- writing ------------------------------------------------------------------------------
def create_appointment(
    uow: UnitOfWork, data: AppointmentInput, *, allow_conflicts: bool = False
) -> tuple[AppointmentView, Changes]:
    """A new planned appointment, or a whole series when ``data.recurrence`` is set
    (the first occurrence is returned). ValidationError on bad input; AppointmentConflict
    on an overlap unless ``allow_conflicts``. Nothing is written on either."""
    zone = agenda_zone(uow)
    data = checked_input(uow, data, zone)
    if data.recurrence is not None:
        first_id = series.create_series(uow, data, zone, allow_conflicts=allow_conflicts)
        return get_appointment(uow, first_id), CHANGED
    start = data.starts_at.astimezone(UTC)
    if not allow_conflicts:
        check_conflicts(
            uow, [(start, start + timedelta(minutes=data.duration_minutes))], data.travel_minutes
        )
    row = AppointmentRow(status=AppointmentStatus.PLANNED)
    apply_input(row, data, starts_at=start)
    uow.session.add(row)
    uow.session.flush()
    return get_appointment(uow, row.id), CHANGED


def update_appointment(
    uow: UnitOfWork,
    appointment_id: int,
    data: AppointmentInput,
    *,
    scope: EditScope = EditScope.THIS,
    allow_conflicts: bool = False,
) -> tuple[AppointmentView, Changes]:
    """Save the dialog's fields. ``THIS`` changes only this appointment (an occurrence
    keeps its place in the series); ``FOLLOWING`` and ``ALL`` apply the change to the
    planned occurrences of the series in scope (see ``services/agenda_series.py``).
    An appointment that is not recurring becomes a series when ``data.recurrence`` is
    given; ``data.recurrence`` None leaves a series' rule as it is (ending a series is
    ``delete_appointment`` with ``FOLLOWING``). The status stays as it is (``set_status``)."""
    scope = EditScope(scope)
    row = _row(uow, appointment_id)
    zone = agenda_zone(uow)
    data = checked_input(uow, data, zone)
    if row.series_id is None and data.recurrence is not None:
        touched = series.make_recurring(uow, row, data, zone, allow_conflicts=allow_conflicts)
        return get_appointment(uow, row.id), replace(CHANGED, clients=touched)
    if scope is not EditScope.THIS:
        pivot, touched = series.edit_series(
            uow, row, data, zone, scope=scope, allow_conflicts=allow_conflicts
        )
        return get_appointment(uow, pivot), replace(CHANGED, clients=touched)
    start = data.starts_at.astimezone(UTC)
    if not allow_conflicts:
        check_conflicts(
            uow,
            [(start, start + timedelta(minutes=data.duration_minutes))],
            data.travel_minutes,
            exclude_ids=(row.id,),
        )
    old_clients, old_start = [p.client_id for p in row.participants], row.starts_at
    apply_input(row, data, starts_at=start)
    uow.session.flush()
    billed = billable.on_appointment_edited(uow, row)
    touched = False
    if row.status == AppointmentStatus.DONE:
        touched = recompute_last_contact(uow, old_clients, old_start)
        touched = forward_last_contact(uow, row, _now()) or touched
    return get_appointment(uow, row.id), replace(CHANGED, clients=touched, billing=billed)


def move_appointment(
    uow: UnitOfWork,
    appointment_id: int,
    starts_at: datetime,
    ends_at: datetime,
    *,
    scope: EditScope = EditScope.THIS,
    allow_conflicts: bool = False,
) -> tuple[AppointmentView, Changes]:
    """Drag (new start) or resize (new end) in the agenda: the other fields stay."""
    current = get_appointment(uow, appointment_id)
    minutes = int((ends_at - starts_at).total_seconds() // 60)
    data = replace(
        current.to_input(), starts_at=starts_at, duration_minutes=minutes, recurrence=None
    )
    return update_appointment(
        uow, appointment_id, data, scope=scope, allow_conflicts=allow_conflicts
    )


def _set_auto_attendance(
    row: AppointmentRow, old: AppointmentStatus, new: AppointmentStatus
) -> None:
    undo = _AUTO_ATTENDANCE.get(old)
    do = _AUTO_ATTENDANCE.get(new)
    for participant in row.participants:
        if undo is not None and participant.attendance == undo:
            participant.attendance = AttendanceStatus.EXPECTED
        if do is not None and participant.attendance == AttendanceStatus.EXPECTED:
            participant.attendance = do


def set_status(
    uow: UnitOfWork,
    appointment_id: int,
    status: AppointmentStatus,
    *,
    reason: str = "",
    now: datetime | None = None,
) -> tuple[AppointmentView, Changes]:
    """Planned → done, cancelled, cancelled late or no-show (and back). Participants
    still "expected" become present (done), absent (no-show) or excused (cancelled);
    a cancellation records when and why. Done moves the clients' last contact forward;
    leaving done recomputes it."""
    row = _row(uow, appointment_id)
    now = now or _now()
    status = AppointmentStatus(status)
    old = row.status
    if old == status and status not in FREEING_STATUSES:
        return get_appointment(uow, row.id), Changes()
    row.status = status
    if status in FREEING_STATUSES:
        row.cancelled_at = now
        row.cancellation_reason = " ".join((reason or "").split()) or None
    else:
        row.cancelled_at = None
        row.cancellation_reason = None
    _set_auto_attendance(row, old, status)
    uow.session.flush()
    billed = billable.on_status_changed(uow, row, old, status)
    touched = False
    if old == AppointmentStatus.DONE and status != AppointmentStatus.DONE:
        touched = recompute_last_contact(
            uow, [p.client_id for p in row.participants], row.starts_at
        )
    touched = forward_last_contact(uow, row, now) or touched
    return get_appointment(uow, row.id), replace(CHANGED, clients=touched, billing=billed)


def set_attendance(
    uow: UnitOfWork, appointment_id: int, client_id: int, attendance: AttendanceStatus
) -> tuple[AppointmentView, Changes]:
    """One participant's presence (a group session especially)."""
    row = _row(uow, appointment_id)
    participant = next((p for p in row.participants if p.client_id == client_id), None)
    if participant is None:
        raise ValidationError(
            {"client_id": N_("This client does not take part in this appointment.")}
        )
    participant.attendance = AttendanceStatus(attendance)
    uow.session.flush()
    billed = billable.on_attendance_changed(uow, row)
    touched = False
    if row.status == AppointmentStatus.DONE:
        if participant.attendance in _NOT_ATTENDED:
            touched = recompute_last_contact(uow, [client_id], row.starts_at)
        else:
            touched = forward_last_contact(uow, row, _now())
    return get_appointment(uow, row.id), replace(CHANGED, clients=touched, billing=billed)


def delete_appointment(
    uow: UnitOfWork, appointment_id: int, *, scope: EditScope = EditScope.THIS
) -> tuple[int, Changes]:
    """Delete an appointment (``THIS``), or the occurrences of its series in scope
    (``FOLLOWING``, ``ALL``: done ones are kept). A done appointment cannot be deleted
    on its own: DoneAppointmentCannotBeDeleted. Returns how many were deleted; notes
    written for them stay, unlinked."""
    scope = EditScope(scope)
    row = _row(uow, appointment_id)
    if scope is not EditScope.THIS:
        count, billed = series.delete_series_charged(uow, row, scope)
        return count, replace(CHANGED, billing=billed)
    if row.status == AppointmentStatus.DONE:
        raise DoneAppointmentCannotBeDeleted()
    billed = billable.undo_charges(uow, row)  # a charged no-show, unless invoiced
    series_id = row.series_id
    uow.session.delete(row)
    uow.session.flush()
    if series_id is not None:
        series.drop_if_empty(uow, series_id)
    return 1, replace(CHANGED, billing=billed)
