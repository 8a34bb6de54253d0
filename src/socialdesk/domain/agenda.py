"""The agenda's values: appointment input and views, recurrence, edit scopes, settings.

Pure Python. Instants are timezone-aware; the database keeps them in UTC and the agenda
shows them in the practitioner's zone (``AgendaSettings.timezone``). A recurrence is
expressed in *wall-clock* time of that zone, so a weekly 10:00 stays 10:00 across the
DST changes; the rules that expand it live in :mod:`socialdesk.domain.recurrence`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from enum import StrEnum

from socialdesk.domain.enums import (
    AppointmentKind,
    AppointmentStatus,
    AttendanceStatus,
    GroupBillingMode,
)
from socialdesk.domain.errors import NotFound, SocialDeskError
from socialdesk.i18n import N_

DEFAULT_TIMEZONE = "Europe/Paris"
MAX_OCCURRENCES = 500
"""A series never holds more occurrences than this (ten years of weekly sessions)."""
MAX_DURATION_MINUTES = 12 * 60
"""No appointment lasts longer: it also bounds the overlap queries on ``starts_at``."""
MAX_TRAVEL_MINUTES = 6 * 60

# Kinds that need no client (a partner meeting, admin time); every other kind needs one.
KINDS_WITHOUT_CLIENT = frozenset({AppointmentKind.PARTNER_MEETING, AppointmentKind.ADMIN})
# Kinds that take the practitioner out: travel time and km are asked for.
KINDS_WITH_TRAVEL = frozenset({AppointmentKind.HOME_VISIT, AppointmentKind.ACCOMPANIMENT})
# Statuses that free the slot: they never conflict and get no reminder.
FREEING_STATUSES = frozenset(
    {AppointmentStatus.CANCELLED, AppointmentStatus.LATE_CANCELLED}
)

KIND_LABELS: dict[AppointmentKind, str] = {
    AppointmentKind.OFFICE: N_("Office interview"),
    AppointmentKind.HOME_VISIT: N_("Home visit"),
    AppointmentKind.PHONE: N_("Phone call"),
    AppointmentKind.VIDEO: N_("Video call"),
    AppointmentKind.ACCOMPANIMENT: N_("Accompaniment outside"),
    AppointmentKind.PARTNER_MEETING: N_("Partner meeting"),
    AppointmentKind.ADMIN: N_("Admin / other"),
}
STATUS_LABELS: dict[AppointmentStatus, str] = {
    AppointmentStatus.PLANNED: N_("Planned"),
    AppointmentStatus.DONE: N_("Done"),
    AppointmentStatus.CANCELLED: N_("Cancelled"),
    AppointmentStatus.LATE_CANCELLED: N_("Cancelled late"),
    AppointmentStatus.NO_SHOW: N_("No-show"),
}
ATTENDANCE_LABELS: dict[AttendanceStatus, str] = {
    AttendanceStatus.EXPECTED: N_("Expected"),
    AttendanceStatus.PRESENT: N_("Present"),
    AttendanceStatus.ABSENT: N_("Absent"),
    AttendanceStatus.EXCUSED: N_("Excused"),
}


class RecurrenceFrequency(StrEnum):
    WEEKLY = "weekly"
    MONTHLY = "monthly"


class EditScope(StrEnum):
    """Which occurrences of a series an edit, move or deletion applies to."""

    THIS = "this"
    FOLLOWING = "following"  # this one and the following ones
    ALL = "all"


@dataclass(frozen=True, slots=True)
class Recurrence:
    """Every ``interval`` weeks or months, until a local date (inclusive) or ``count`` times.

    Exactly one of ``until`` and ``count`` is set. Monthly repeats on the same day of the
    month, or with ``monthly_by_weekday`` on the same weekday of the same rank ("the
    second Thursday"; a fifth one becomes "the last").
    """

    frequency: RecurrenceFrequency
    interval: int = 1
    until: date | None = None
    count: int | None = None
    monthly_by_weekday: bool = False


@dataclass(frozen=True, slots=True)
class AppointmentInput:
    """What the appointment dialog sends (create and edit alike)."""

    starts_at: datetime  # aware; any zone
    duration_minutes: int
    kind: AppointmentKind
    client_ids: tuple[int, ...] = ()
    title: str = ""
    place: str = ""
    service_id: int | None = None
    travel_minutes: int | None = None
    travel_km: Decimal | None = None
    note_short: str = ""
    reminder_minutes: int | None = None  # None: the default of the agenda settings
    is_group: bool = False  # a collective session (also implied by two clients or more)
    billing_mode: GroupBillingMode = GroupBillingMode.PER_PERSON
    payer_organization_id: int | None = None
    recurrence: Recurrence | None = None  # only read when creating or editing a series


@dataclass(frozen=True, slots=True)
class Participant:
    client_id: int
    display_name: str
    file_number: str
    attendance: AttendanceStatus = AttendanceStatus.EXPECTED

    @property
    def initials(self) -> str:
        """``"DUPONT Éloïse"`` → ``"É.D."``: first name initial first, as people say it."""
        words = [w for w in self.display_name.replace("-", " ").split() if w]
        if not words:
            return "?"
        last = [w for w in words if w.isupper()] or words[:1]
        first = [w for w in words if w not in last]
        letters = [w[0].upper() for w in first[:1]] + [w[0].upper() for w in last[:1]]
        return "".join(f"{letter}." for letter in letters)


@dataclass(frozen=True, slots=True)
class AppointmentView:
    """One appointment as every screen, export and report reads it."""

    id: int
    starts_at: datetime  # aware UTC
    ends_at: datetime  # aware UTC
    kind: AppointmentKind
    status: AppointmentStatus
    title: str = ""
    place: str = ""
    service_id: int | None = None
    service_name: str = ""
    travel_minutes: int | None = None
    travel_km: Decimal | None = None
    note_short: str = ""
    reminder_minutes: int | None = None  # as stored (None: settings default)
    series_id: int | None = None
    recurrence: Recurrence | None = None  # of its series, when it has one
    is_group: bool = False
    billing_mode: GroupBillingMode = GroupBillingMode.PER_PERSON
    payer_organization_id: int | None = None
    cancelled_at: datetime | None = None
    cancellation_reason: str = ""
    participants: tuple[Participant, ...] = ()
    note_ids: tuple[int, ...] = ()  # case notes written for it

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def client_ids(self) -> tuple[int, ...]:
        return tuple(p.client_id for p in self.participants)

    @property
    def frees_slot(self) -> bool:
        return self.status in FREEING_STATUSES

    def to_input(self) -> AppointmentInput:
        """The same appointment as dialog input (for edits that change one thing)."""
        return AppointmentInput(
            starts_at=self.starts_at,
            duration_minutes=self.duration_minutes,
            kind=self.kind,
            client_ids=self.client_ids,
            title=self.title,
            place=self.place,
            service_id=self.service_id,
            travel_minutes=self.travel_minutes,
            travel_km=self.travel_km,
            note_short=self.note_short,
            reminder_minutes=self.reminder_minutes,
            is_group=self.is_group,
            billing_mode=self.billing_mode,
            payer_organization_id=self.payer_organization_id,
            recurrence=self.recurrence,
        )


@dataclass(frozen=True, slots=True)
class ClientAppointments:
    """A client's appointments for the client file: upcoming (soonest first) and past
    (most recent first, at most ``past_limit`` of them; ``past_total`` counts all)."""

    upcoming: tuple[AppointmentView, ...]
    past: tuple[AppointmentView, ...]
    past_total: int


@dataclass(frozen=True, slots=True)
class AgendaSettings:
    """Working hours and defaults of the agenda (vault setting ``agenda.settings``)."""

    day_start: time = time(8, 30)
    day_end: time = time(18, 30)
    work_days: frozenset[int] = field(default_factory=lambda: frozenset({0, 1, 2, 3, 4}))
    default_duration_minutes: int = 60
    default_reminder_minutes: int = 15  # 0: no reminder by default
    timezone: str = DEFAULT_TIMEZONE  # read from the practitioner profile, not saved here
    holidays_country: str = "FR"  # "FR", "BE", "RO" or "" for none


@dataclass(frozen=True, slots=True)
class Reminder:
    """A reminder to show now for ``appointment`` (``remind_at`` ≤ now < start)."""

    appointment: AppointmentView
    remind_at: datetime  # aware UTC


# ---- errors -----------------------------------------------------------------------------
class AppointmentNotFound(NotFound):
    message = "This appointment does not exist (it may have been deleted)."


class AppointmentConflict(SocialDeskError):
    """The slot (with travel time) overlaps other appointments; save again with an
    explicit override to keep it."""

    message = "This appointment overlaps {count} other appointment(s), travel time included."

    def __init__(self, conflicts: tuple[AppointmentView, ...]) -> None:
        super().__init__(count=len(conflicts))
        self.conflicts = conflicts


class DoneAppointmentCannotBeDeleted(SocialDeskError):
    message = "A done appointment is part of the file and cannot be deleted; cancel it instead."


class NotARecurringAppointment(SocialDeskError):
    message = "This appointment is not part of a recurring series."
