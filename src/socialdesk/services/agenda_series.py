"""Recurring series: creating every occurrence, editing and deleting them by scope.

A series is a ``recurrence_series`` row (the RRULE in the practitioner's wall clock, its
first start, its bound) and one ordinary appointment row per occurrence, each with its
original start in ``series_occurrence``. The rows are the truth: an occurrence deleted
on its own simply no longer exists, one moved on its own keeps its original start.

Edits by scope (``FOLLOWING``: this occurrence and the later ones; ``ALL``):

- Done, cancelled and missed occurrences are history: left as they are (the edited one
  itself excepted). Deletion keeps the done ones only.
- Without a change of rule, the planned occurrences in scope move by the same
  wall-clock shift as the edited one (10:00 → 11:00 stays 11:00 across a DST change) and
  take the fields the user changed on it; what was changed on one occurrence alone and
  not touched now stays.
- A changed rule regenerates the planned occurrences in scope from the new rule
  (reusing their rows, so notes linked to them stay linked).
- ``FOLLOWING`` splits the series: the old one now ends the day before the edited
  occurrence, a new one starts with it (with the remaining count for a counted series).

Nothing is written before the input, the length of the series and the conflicts are
checked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from socialdesk.domain.agenda import (
    MAX_OCCURRENCES,
    AppointmentConflict,
    AppointmentInput,
    EditScope,
    NotARecurringAppointment,
    Recurrence,
    milli_to_km,
)
from socialdesk.domain.enums import AppointmentStatus
from socialdesk.domain.errors import ValidationError
from socialdesk.domain.recurrence import (
    expand,
    from_rrule,
    local_naive,
    shift_wall_clock,
    to_rrule,
    until_instant,
)
from socialdesk.i18n import N_
from socialdesk.services import billable
from socialdesk.services.agenda_rows import (
    apply_input,
    conflicting_ids,
    conflicts_by_id,
    forward_last_contact,
    recompute_last_contact,
)
from socialdesk.storage.orm import Appointment, RecurrenceSeries
from socialdesk.storage.uow import UnitOfWork

_TOO_LONG = N_("This series would have more than 500 occurrences: choose an earlier end.")
# Fields a series edit carries over from the edited occurrence to the others when changed.
_CARRIED = tuple(
    f.name for f in fields(AppointmentInput) if f.name not in ("starts_at", "recurrence")
)


@dataclass(slots=True)
class _Target:
    """One occurrence as it will be: an existing row (or a new one when None)."""

    row: Appointment | None
    starts_at: datetime
    data: AppointmentInput
    occurrence: datetime | None = None  # a new original start (regenerated occurrences)


def _key(row: Appointment) -> datetime:
    return row.series_occurrence or row.starts_at


def _starts(rec: Recurrence, first: datetime, zone: ZoneInfo) -> list[datetime]:
    starts = expand(rec, first, zone)
    if len(starts) > MAX_OCCURRENCES:
        raise ValidationError({"recurrence": _TOO_LONG})
    if not starts:
        raise ValidationError(
            {"recurrence": N_("The series must end on or after its first appointment.")}
        )
    return starts


def _set_rule(series: RecurrenceSeries, rec: Recurrence, first: datetime, zone: ZoneInfo) -> None:
    series.rrule = to_rrule(rec, first.astimezone(zone))
    series.dtstart = first.astimezone(UTC)
    series.until = until_instant(rec.until, zone) if rec.until is not None else None
    series.count = rec.count
    series.timezone = zone.key


def _new_series(
    uow: UnitOfWork, rec: Recurrence, first: datetime, zone: ZoneInfo, minutes: int
) -> RecurrenceSeries:
    series = RecurrenceSeries(duration_minutes=minutes)
    _set_rule(series, rec, first, zone)
    uow.session.add(series)
    uow.session.flush()
    return series


def _check(uow: UnitOfWork, targets: Sequence[_Target], exclude: Sequence[int]) -> None:
    """AppointmentConflict listing everything any of the targets overlaps."""
    by_travel: dict[int | None, list[tuple[datetime, datetime]]] = {}
    for t in targets:
        end = t.starts_at + timedelta(minutes=t.data.duration_minutes)
        by_travel.setdefault(t.data.travel_minutes, []).append((t.starts_at, end))
    found: list[int] = []
    for travel, slots in by_travel.items():
        ids = conflicting_ids(uow.session, slots, travel_minutes=travel, exclude_ids=exclude)
        found += [i for i in ids if i not in found]
    if found:
        raise AppointmentConflict(tuple(conflicts_by_id(uow, found)))


def _write(
    uow: UnitOfWork, series: RecurrenceSeries, targets: Sequence[_Target]
) -> list[Appointment]:
    """Apply the targets; return their rows (new ones added) in order."""
    reused = [t.row for t in targets if t.row is not None and t.occurrence is not None]
    for row in reused:  # free their original starts first (unique per series)
        row.series_occurrence = None
    if reused:
        uow.session.flush()
    rows: list[Appointment] = []
    for t in targets:
        if t.row is not None:
            row = t.row
        else:
            row = Appointment(status=AppointmentStatus.PLANNED)
            uow.session.add(row)
        apply_input(row, t.data, starts_at=t.starts_at.astimezone(UTC))
        row.series_id = series.id
        if t.occurrence is not None:
            row.series_occurrence = t.occurrence
        rows.append(row)
    uow.session.flush()
    return rows


def _materialized(uow: UnitOfWork, series: RecurrenceSeries) -> None:
    latest = uow.session.execute(
        select(Appointment.starts_at)
        .where(Appointment.series_id == series.id)
        .order_by(Appointment.starts_at.desc())
        .limit(1)
    ).scalar_one_or_none()
    series.materialized_until = latest


# ---- creating ----------------------------------------------------------------------------
def create_series(
    uow: UnitOfWork, data: AppointmentInput, zone: ZoneInfo, *, allow_conflicts: bool
) -> int:
    """Every occurrence of ``data.recurrence`` from ``data.starts_at``; the first's id."""
    assert data.recurrence is not None
    starts = _starts(data.recurrence, data.starts_at, zone)
    targets = [_Target(None, s, data, occurrence=s) for s in starts]
    if not allow_conflicts:
        _check(uow, targets, ())
    series = _new_series(uow, data.recurrence, starts[0], zone, data.duration_minutes)
    rows = _write(uow, series, targets)
    series.materialized_until = starts[-1]
    uow.session.flush()
    return rows[0].id


def make_recurring(
    uow: UnitOfWork,
    row: Appointment,
    data: AppointmentInput,
    zone: ZoneInfo,
    *,
    allow_conflicts: bool,
) -> bool:
    """A single appointment becomes the first occurrence of a new series. True when a
    client's last contact changed (a done appointment moved)."""
    assert data.recurrence is not None
    starts = _starts(data.recurrence, data.starts_at, zone)
    targets = [_Target(row, starts[0], data, occurrence=starts[0])]
    targets += [_Target(None, s, data, occurrence=s) for s in starts[1:]]
    if not allow_conflicts:
        _check(uow, targets, (row.id,))
    old_clients, old_start = [p.client_id for p in row.participants], row.starts_at
    series = _new_series(uow, data.recurrence, starts[0], zone, data.duration_minutes)
    _write(uow, series, targets)
    series.materialized_until = starts[-1]
    uow.session.flush()
    return _after_pivot_change(uow, row, old_clients, old_start)


# ---- editing -----------------------------------------------------------------------------
def _members(uow: UnitOfWork, series_id: int) -> list[Appointment]:
    stmt = (
        select(Appointment)
        .where(Appointment.series_id == series_id)
        .options(selectinload(Appointment.participants))
    )
    return sorted(uow.session.execute(stmt).scalars(), key=lambda r: (_key(r), r.id))


def _series_of(uow: UnitOfWork, row: Appointment) -> RecurrenceSeries:
    series = uow.session.get(RecurrenceSeries, row.series_id) if row.series_id else None
    if series is None:
        raise NotARecurringAppointment()
    return series


def _rule(series: RecurrenceSeries, zone: ZoneInfo) -> Recurrence | None:
    try:
        return from_rrule(series.rrule, zone)
    except ValueError:
        return None


def _as_input(row: Appointment) -> AppointmentInput:
    """The row as dialog input (its current fields)."""
    return AppointmentInput(
        starts_at=row.starts_at,
        duration_minutes=int((row.ends_at - row.starts_at).total_seconds() // 60),
        kind=row.kind,
        client_ids=tuple(p.client_id for p in row.participants),
        title=row.title or "",
        place=row.place or "",
        service_id=row.service_id,
        travel_minutes=row.travel_minutes,
        travel_km=milli_to_km(row.travel_km_milli),
        note_short=row.note_short or "",
        reminder_minutes=row.reminder_minutes,
        is_group=row.is_group,
        billing_mode=row.billing_mode,
        payer_organization_id=row.payer_organization_id,
    )


def _end_before(series: RecurrenceSeries, pivot: datetime, zone: ZoneInfo) -> None:
    """The series now ends the local day before ``pivot`` (an UNTIL instead of a count)."""
    rec = _rule(series, zone)
    if rec is None:
        return
    first_day = local_naive(series.dtstart, zone).date()
    last_day = max(local_naive(pivot, zone).date() - timedelta(days=1), first_day)
    _set_rule(series, replace(rec, until=last_day, count=None), series.dtstart, zone)


def _remaining(
    rec: Recurrence, series: RecurrenceSeries, pivot: datetime, zone: ZoneInfo
) -> Recurrence:
    """``rec`` from ``pivot`` on: a counted series keeps the occurrences still to come."""
    if rec.count is None:
        return rec
    left = sum(1 for s in expand(rec, series.dtstart, zone) if s >= pivot)
    return replace(rec, count=max(1, left))


def edit_series(
    uow: UnitOfWork,
    row: Appointment,
    data: AppointmentInput,
    zone: ZoneInfo,
    *,
    scope: EditScope,
    allow_conflicts: bool,
) -> tuple[int, bool]:
    """Apply an edit of ``row`` to the occurrences of its series in ``scope`` (see the
    module docstring). Returns the id of the edited occurrence (or of the first one
    regenerated in its place) and whether a client's last contact changed."""
    series = _series_of(uow, row)
    members = _members(uow, series.id)
    pivot_key = _key(row)
    in_scope = [m for m in members if scope is EditScope.ALL or _key(m) >= pivot_key]
    earlier = [m for m in members if m not in in_scope]
    current = _rule(series, zone)
    before = _as_input(row)
    delta = local_naive(data.starts_at, zone) - local_naive(row.starts_at, zone)
    rule_changed = data.recurrence is not None and data.recurrence != current
    rec = data.recurrence if rule_changed else current

    if scope is EditScope.FOLLOWING:
        first = data.starts_at if rule_changed else shift_wall_clock(pivot_key, delta, zone)
    else:
        first = shift_wall_clock(series.dtstart, delta, zone)
    if rec is not None and not rule_changed and scope is EditScope.FOLLOWING and earlier:
        rec = _remaining(rec, series, pivot_key, zone)

    if rule_changed:
        assert rec is not None
        targets = _regenerated(row, in_scope, rec, first, data, zone)
    else:
        changed = [f for f in _CARRIED if getattr(data, f) != getattr(before, f)]
        targets = []
        for m in in_scope:
            if m is row:
                targets.append(_Target(m, data.starts_at, data))
            elif m.status == AppointmentStatus.PLANNED:
                moved = shift_wall_clock(m.starts_at, delta, zone)
                carried = replace(_as_input(m), **{f: getattr(data, f) for f in changed})
                targets.append(_Target(m, moved, carried))
    if not allow_conflicts:
        _check(uow, targets, [m.id for m in in_scope])

    old_clients, old_start = [p.client_id for p in row.participants], row.starts_at
    if scope is EditScope.FOLLOWING and earlier:
        _end_before(series, pivot_key, zone)
        if rec is not None:
            target_series = _new_series(uow, rec, first, zone, data.duration_minutes)
        else:  # a rule the agenda cannot read: copied as it is
            target_series = RecurrenceSeries(
                rrule=series.rrule,
                dtstart=first,
                until=series.until,
                count=series.count,
                timezone=series.timezone,
                duration_minutes=data.duration_minutes,
            )
            uow.session.add(target_series)
            uow.session.flush()
        for m in in_scope:
            m.series_id = target_series.id
        uow.session.flush()
        _materialized(uow, series)
    else:
        target_series = series
        if rec is not None:
            _set_rule(series, rec, first, zone)
        series.duration_minutes = data.duration_minutes
    kept_ids = {t.row.id for t in targets if t.row is not None}
    for m in in_scope:
        if m.status == AppointmentStatus.PLANNED and m.id not in kept_ids:
            uow.session.delete(m)
    uow.session.flush()
    rows = _write(uow, target_series, targets)
    _materialized(uow, target_series)
    uow.session.flush()
    touched = _after_pivot_change(uow, row, old_clients, old_start) if row in rows else False
    pivot = row.id if row in rows else (rows[0].id if rows else row.id)
    return pivot, touched


def _regenerated(
    row: Appointment,
    in_scope: Sequence[Appointment],
    rec: Recurrence,
    first: datetime,
    data: AppointmentInput,
    zone: ZoneInfo,
) -> list[_Target]:
    """The planned occurrences in scope from the new rule, reusing the planned rows in
    order; history rows keep their occurrence (the rule skips it)."""
    history = {_key(m) for m in in_scope if m.status != AppointmentStatus.PLANNED}
    starts = [s for s in _starts(rec, first, zone) if s not in history]
    # In series order: with FOLLOWING the edited occurrence comes first, at its new start.
    planned = [m for m in in_scope if m.status == AppointmentStatus.PLANNED]
    targets = [
        _Target(planned[i] if i < len(planned) else None, s, data, occurrence=s)
        for i, s in enumerate(starts)
    ]
    if row.status != AppointmentStatus.PLANNED:
        targets.append(_Target(row, data.starts_at, data))
    return targets


def _after_pivot_change(
    uow: UnitOfWork, row: Appointment, old_clients: list[int], old_start: datetime
) -> bool:
    if row.status != AppointmentStatus.DONE:
        return False
    touched = recompute_last_contact(uow, old_clients, old_start)
    return forward_last_contact(uow, row, datetime.now(UTC)) or touched


# ---- deleting ----------------------------------------------------------------------------
def delete_series(uow: UnitOfWork, row: Appointment, scope: EditScope) -> int:
    """Delete the occurrences in scope but the done ones; how many were deleted."""
    return delete_series_charged(uow, row, scope)[0]


def delete_series_charged(uow: UnitOfWork, row: Appointment, scope: EditScope) -> tuple[int, bool]:
    """:func:`delete_series`, and whether charges went with the occurrences: a charged
    no-show or late cancellation loses its unbilled item or its package units, as when
    it is deleted alone (AlreadyInvoiced, and nothing deleted, when one is invoiced)."""
    series = _series_of(uow, row)
    zone = ZoneInfo(series.timezone)
    pivot_key = _key(row)
    members = _members(uow, series.id)
    in_scope = [m for m in members if scope is EditScope.ALL or _key(m) >= pivot_key]
    doomed = [m for m in in_scope if m.status != AppointmentStatus.DONE]
    charged = [billable.undo_charges(uow, m) for m in doomed]
    if scope is EditScope.FOLLOWING and len(in_scope) < len(members):
        _end_before(series, pivot_key, zone)
    for m in doomed:
        uow.session.delete(m)
    uow.session.flush()
    drop_if_empty(uow, series.id)
    return len(doomed), any(charged)


def drop_if_empty(uow: UnitOfWork, series_id: int) -> None:
    """Delete a series left without any occurrence; else keep its materialized end right."""
    series = uow.session.get(RecurrenceSeries, series_id)
    if series is None:
        return
    _materialized(uow, series)
    if series.materialized_until is None:
        uow.session.delete(series)
    uow.session.flush()
