"""Recurring series: creating all their occurrences, editing and deleting by scope."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from socialdesk.domain.agenda import AppointmentInput, EditScope
from socialdesk.storage.orm import Appointment
from socialdesk.storage.uow import UnitOfWork


def create_series(
    uow: UnitOfWork, data: AppointmentInput, zone: ZoneInfo, *, allow_conflicts: bool
) -> int:
    raise NotImplementedError


def make_recurring(
    uow: UnitOfWork,
    row: Appointment,
    data: AppointmentInput,
    zone: ZoneInfo,
    *,
    allow_conflicts: bool,
) -> None:
    raise NotImplementedError


def edit_series(
    uow: UnitOfWork,
    row: Appointment,
    data: AppointmentInput,
    zone: ZoneInfo,
    *,
    scope: EditScope,
    allow_conflicts: bool,
) -> tuple[int, bool]:
    raise NotImplementedError


def delete_series(uow: UnitOfWork, row: Appointment, scope: EditScope) -> int:
    raise NotImplementedError


def drop_if_empty(uow: UnitOfWork, series_id: int) -> None:
    raise NotImplementedError
