"""Appointment rows: reading them as :class:`AppointmentView`, writing the dialog's input
onto them, finding what overlaps a slot, and the clients' last contact they drive.

Shared by the agenda's services (``services/agenda.py``, ``services/agenda_series.py``).
A list of views costs a constant number of queries: the appointments, then their
participants (with the clients' names and file numbers), their services, their series
and the notes written for them — one query each, with IN lists of the ids read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from socialdesk.domain.agenda import (
    FREEING_STATUSES,
    MAX_DURATION_MINUTES,
    MAX_TRAVEL_MINUTES,
    AppointmentConflict,
    AppointmentInput,
    AppointmentView,
    Participant,
    Recurrence,
    km_to_milli,
    milli_to_km,
)
from socialdesk.domain.clients import display_name
from socialdesk.domain.enums import AppointmentStatus, AttendanceStatus
from socialdesk.domain.recurrence import from_rrule
from socialdesk.services.notes import _recompute_if_source
from socialdesk.storage.orm import (
    Appointment,
    AppointmentParticipant,
    CaseNote,
    Client,
    RecurrenceSeries,
    Service,
)
from socialdesk.storage.uow import UnitOfWork

APPOINTMENT = Appointment.__table__
MAX_DURATION = timedelta(minutes=MAX_DURATION_MINUTES)
_IN_CHUNK = 20_000  # ids per IN list: a month of the large demo vault in one query
_NOT_ATTENDED = (AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED)


_VIEW_COLUMNS = (
    "id",
    "starts_at",
    "ends_at",
    "kind",
    "status",
    "title",
    "place",
    "service_id",
    "travel_minutes",
    "travel_km_milli",
    "note_short",
    "reminder_minutes",
    "series_id",
    "is_group",
    "billing_mode",
    "payer_organization_id",
    "cancelled_at",
    "cancellation_reason",
)


def appointments_query() -> Select[Any]:
    """The columns a view needs, as plain rows (no ORM identity map, no time stamps to
    convert: a month of the large vault is thousands of rows)."""
    return select(*(APPOINTMENT.c[name] for name in _VIEW_COLUMNS))


IdSource = Sequence[int] | Select[Any]
"""The appointments whose details to read: a list of ids, or a query of their ids (the
same range again: SQLite walks it once more instead of binding thousands of ids)."""


def overlapping(stmt: Select[Any], start: datetime, end: datetime) -> Select[Any]:
    """Appointments overlapping ``[start, end)``: a range on the ``starts_at`` index,
    widened by the longest possible appointment, then the exact test on ``ends_at``."""
    c = APPOINTMENT.c
    return stmt.where(c.starts_at >= start - MAX_DURATION, c.starts_at < end, c.ends_at > start)


def _chunks(ids: IdSource) -> Iterable[Sequence[int] | Select[Any]]:
    if isinstance(ids, Select):
        yield ids
        return
    for i in range(0, len(ids), _IN_CHUNK):
        yield ids[i : i + _IN_CHUNK]


def _participants(session: Session, ids: IdSource) -> dict[int, list[Participant]]:
    p, c = AppointmentParticipant, Client
    found: dict[int, list[Participant]] = defaultdict(list)
    for chunk in _chunks(ids):
        stmt = (
            select(
                p.appointment_id,
                p.client_id,
                p.attendance,
                c.last_name,
                c.first_name,
                c.file_number,
            )
            .join(c, c.id == p.client_id)
            .where(p.appointment_id.in_(chunk))
            .order_by(p.appointment_id, p.id)
        )
        # Rows unpacked as tuples: attribute access per column costs more than the rest.
        for appointment_id, client_id, attendance, last, first, number in session.execute(stmt):
            found[appointment_id].append(
                Participant(
                    client_id=client_id,
                    display_name=display_name(last, first),
                    file_number=number,
                    attendance=attendance,
                )
            )
    return found


def _note_ids(session: Session, ids: IdSource) -> dict[int, list[int]]:
    found: dict[int, list[int]] = defaultdict(list)
    for chunk in _chunks(ids):
        stmt = (
            select(CaseNote.appointment_id, CaseNote.id)
            .where(CaseNote.appointment_id.in_(chunk))
            .order_by(CaseNote.id)
        )
        for appointment_id, note_id in session.execute(stmt):
            if appointment_id is not None:
                found[appointment_id].append(note_id)
    return found


def _service_names(session: Session, ids: Collection[int]) -> dict[int, str]:
    if not ids:
        return {}
    stmt = select(Service.id, Service.name).where(Service.id.in_(sorted(ids)))
    return {service_id: name for service_id, name in session.execute(stmt)}


def _recurrences(session: Session, ids: Collection[int]) -> dict[int, Recurrence]:
    if not ids:
        return {}
    s = RecurrenceSeries
    stmt = select(s.id, s.rrule, s.timezone).where(s.id.in_(sorted(ids)))
    found: dict[int, Recurrence] = {}
    for series_id, rrule, zone in session.execute(stmt):
        try:
            found[series_id] = from_rrule(rrule, ZoneInfo(zone))
        except (ValueError, KeyError):
            continue  # a rule the agenda cannot express: shown as a plain appointment
    return found


def to_views(
    session: Session, rows: Sequence[Any], ids: Select[Any] | None = None
) -> list[AppointmentView]:
    """Views of the rows of :func:`appointments_query`, in the same order. ``ids``: a
    query of the same rows' ids, when at hand."""
    if not rows:
        return []
    source: IdSource = [r[0] for r in rows] if ids is None else ids
    participants = _participants(session, source)
    notes = _note_ids(session, source)
    services = _service_names(session, {r[7] for r in rows if r[7]})
    recurrences = _recurrences(session, {r[12] for r in rows if r[12]})
    views: list[AppointmentView] = []
    # Unpacked as tuples in _VIEW_COLUMNS order (a month of the large vault: ~5,000 rows).
    for (
        id_,
        starts_at,
        ends_at,
        kind,
        status,
        title,
        place,
        service_id,
        travel_minutes,
        travel_km_milli,
        note_short,
        reminder_minutes,
        series_id,
        is_group,
        billing_mode,
        payer_organization_id,
        cancelled_at,
        cancellation_reason,
    ) in rows:
        views.append(
            AppointmentView(
                id=id_,
                starts_at=starts_at,
                ends_at=ends_at,
                kind=kind,
                status=status,
                title=title or "",
                place=place or "",
                service_id=service_id,
                service_name=services.get(service_id, "") if service_id else "",
                travel_minutes=travel_minutes,
                travel_km=milli_to_km(travel_km_milli),
                note_short=note_short or "",
                reminder_minutes=reminder_minutes,
                series_id=series_id,
                recurrence=recurrences.get(series_id) if series_id else None,
                is_group=bool(is_group),
                billing_mode=billing_mode,
                payer_organization_id=payer_organization_id,
                cancelled_at=cancelled_at,
                cancellation_reason=cancellation_reason or "",
                participants=tuple(participants.get(id_, ())),
                note_ids=tuple(notes.get(id_, ())),
            )
        )
    return views


def views(session: Session, stmt: Select[Any]) -> list[AppointmentView]:
    return to_views(session, session.execute(stmt).all())


# ---- conflicts ----------------------------------------------------------------------------
def busy(
    starts_at: datetime, ends_at: datetime, travel_minutes: int | None
) -> tuple[datetime, datetime]:
    """The time an appointment takes, travel there and back included."""
    travel = timedelta(minutes=travel_minutes or 0)
    return starts_at - travel, ends_at + travel


def conflicting_ids(
    session: Session,
    slots: Iterable[tuple[datetime, datetime]],
    *,
    travel_minutes: int | None,
    exclude_ids: Collection[int] = (),
) -> list[int]:
    """Ids of the appointments whose busy time overlaps the busy time of any of
    ``slots`` (start, end) with ``travel_minutes`` each way; freed ones never conflict.
    One small range query on the ``starts_at`` index per slot."""
    c = APPOINTMENT.c
    longest = MAX_DURATION + timedelta(minutes=MAX_TRAVEL_MINUTES)
    excluded = set(exclude_ids)
    found: dict[int, datetime] = {}
    for start, end in slots:
        lo, hi = busy(start, end, travel_minutes)
        stmt = select(c.id, c.starts_at, c.ends_at, c.travel_minutes, c.status).where(
            c.starts_at >= lo - longest,
            c.starts_at < hi + timedelta(minutes=MAX_TRAVEL_MINUTES),
        )
        for r in session.execute(stmt):
            if r.id in excluded or r.status in FREEING_STATUSES:
                continue
            other_lo, other_hi = busy(r.starts_at, r.ends_at, r.travel_minutes)
            if other_lo < hi and lo < other_hi:
                found.setdefault(r.id, r.starts_at)
    return sorted(found, key=lambda i: (found[i], i))


def conflicts_by_id(uow: UnitOfWork, ids: Sequence[int]) -> list[AppointmentView]:
    if not ids:
        return []
    c = APPOINTMENT.c
    return views(uow.session, appointments_query().where(c.id.in_(ids)).order_by(c.starts_at, c.id))


def check_conflicts(
    uow: UnitOfWork,
    slots: Sequence[tuple[datetime, datetime]],
    travel_minutes: int | None,
    exclude_ids: Collection[int] = (),
) -> None:
    """AppointmentConflict listing what any of ``slots`` overlaps."""
    ids = conflicting_ids(
        uow.session, slots, travel_minutes=travel_minutes, exclude_ids=exclude_ids
    )
    if ids:
        raise AppointmentConflict(tuple(conflicts_by_id(uow, ids)))


# ---- writing -----------------------------------------------------------------------------
def apply_input(row: Appointment, data: AppointmentInput, *, starts_at: datetime) -> None:
    """Copy the dialog's fields (not status, series, recurrence) onto ``row``; the
    participants keep their attendance when they stay."""
    row.starts_at = starts_at
    row.ends_at = starts_at + timedelta(minutes=data.duration_minutes)
    row.kind = data.kind
    row.title = data.title or None
    row.place = data.place or None
    row.service_id = data.service_id
    row.travel_minutes = data.travel_minutes
    row.travel_km_milli = km_to_milli(data.travel_km)
    row.note_short = data.note_short or None
    row.reminder_minutes = data.reminder_minutes
    row.is_group = bool(data.is_group or len(data.client_ids) > 1)
    row.billing_mode = data.billing_mode
    row.payer_organization_id = data.payer_organization_id
    if row.id is None:
        row.participants = [AppointmentParticipant(client_id=cid) for cid in data.client_ids]
        return
    existing = {p.client_id: p for p in row.participants}
    if list(existing) != list(data.client_ids):
        row.participants = [
            existing.get(cid) or AppointmentParticipant(client_id=cid) for cid in data.client_ids
        ]


# ---- the client's last contact ------------------------------------------------------------
def forward_last_contact(uow: UnitOfWork, row: Appointment, now: datetime) -> bool:
    """A done appointment moves its attending clients' last contact forward."""
    if row.status != AppointmentStatus.DONE or row.starts_at > now:
        return False
    touched = False
    for participant in row.participants:
        if participant.attendance in _NOT_ATTENDED:
            continue
        client = uow.session.get(Client, participant.client_id)
        if client is not None and (
            client.last_contact_at is None or row.starts_at > client.last_contact_at
        ):
            client.last_contact_at = row.starts_at
            touched = True
    if touched:
        uow.session.flush()
    return touched


def recompute_last_contact(
    uow: UnitOfWork, client_ids: Collection[int], starts_at: datetime
) -> bool:
    """The appointment at ``starts_at`` no longer counts for these clients: recompute
    their last contact where it may have come from it."""
    uow.session.flush()
    day = starts_at.astimezone(UTC).date()
    return any([_recompute_if_source(uow, cid, day) for cid in client_ids])
