"""Which appointment reminders are due now (pure: the caller owns the clock).

A reminder comes ``reminder_minutes`` before the start (the appointment's own value, else
the agenda's default; 0 means no reminder), for planned appointments only. The caller
checks every few seconds and passes ``since``, the time of its previous check:

- a reminder whose time fell in ``(since, now]`` is due — the ordinary tick;
- one whose time passed earlier but whose appointment has not started yet is due too
  unless it was already shown: after sleep and resume (``since`` far in the past, or a
  clock that jumped), or when the app opens a few minutes before an appointment.

An appointment that has started gets no reminder any more: a notification about
something already under way (or over) only gets in the way.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import UTC, datetime, timedelta

from socialdesk.domain.agenda import AppointmentView, Reminder
from socialdesk.domain.enums import AppointmentStatus


def remind_at(appointment: AppointmentView, default_minutes: int) -> datetime | None:
    """When the reminder of ``appointment`` comes (UTC), or None when it has none."""
    if appointment.status != AppointmentStatus.PLANNED:
        return None
    minutes = (
        appointment.reminder_minutes
        if appointment.reminder_minutes is not None
        else default_minutes
    )
    if minutes <= 0:
        return None
    return (appointment.starts_at - timedelta(minutes=minutes)).astimezone(UTC)


def due_reminders(
    candidates: Iterable[AppointmentView],
    *,
    now: datetime,
    since: datetime,
    default_minutes: int,
    already_shown: Collection[int],
) -> list[Reminder]:
    """The reminders to show at ``now``, soonest appointment first (see the module
    docstring); ``already_shown`` holds the ids of appointments reminded before."""
    due: list[Reminder] = []
    for appointment in candidates:
        when = remind_at(appointment, default_minutes)
        if when is None or appointment.id in already_shown or not now < appointment.starts_at:
            continue
        ticked = since < when <= now
        missed = when <= now
        if ticked or missed:
            due.append(Reminder(appointment=appointment, remind_at=when))
    due.sort(key=lambda r: (r.appointment.starts_at, r.appointment.id))
    return due
