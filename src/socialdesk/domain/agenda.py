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
FREEING_STATUSES = frozenset({AppointmentStatus.CANCELLED, AppointmentStatus.LATE_CANCELLED})

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


# ---- validation -----------------------------------------------------------------------------
MAX_REMINDER_MINUTES = 7 * 24 * 60
"""A reminder comes at most a week before."""
MAX_INTERVAL = 52
MAX_TITLE_LENGTH = 200
MAX_PLACE_LENGTH = 300
MAX_NOTE_SHORT_LENGTH = 2000
MAX_TRAVEL_KM = Decimal(10_000)
HOLIDAY_COUNTRIES = ("FR", "BE", "RO")


def km_to_milli(km: Decimal | None) -> int | None:
    """Kilometres as stored: an integer number of metres (thousandths of a km)."""
    return None if km is None else int(km * 1000)


def milli_to_km(milli: int | None) -> Decimal | None:
    return None if milli is None else (Decimal(milli) / 1000).normalize()


def _decimals(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def recurrence_errors(rec: Recurrence, first_local_date: date | None) -> str | None:
    """The first problem of a recurrence rule (one message for the ``recurrence`` field)."""
    if not 1 <= rec.interval <= MAX_INTERVAL:
        return N_("Repeat every 1 to 52 weeks or months.")
    if (rec.until is None) == (rec.count is None):
        return N_("Choose an end for the series: a last date or a number of times.")
    if rec.count is not None and not 1 <= rec.count <= MAX_OCCURRENCES:
        return N_("A series has between 1 and 500 occurrences.")
    if rec.until is not None and first_local_date is not None and rec.until < first_local_date:
        return N_("The series must end on or after its first appointment.")
    return None


def appointment_errors(data: AppointmentInput, *, first_local_date: date | None) -> dict[str, str]:
    """Every problem of the dialog's input that needs no database, one message per field.

    ``first_local_date`` is the local date of ``data.starts_at`` in the agenda's zone (for
    the end of a series). Whether clients, the service and the payer exist is checked by
    the service."""
    errors: dict[str, str] = {}
    start = data.starts_at
    if not isinstance(start, datetime) or start.tzinfo is None or start.utcoffset() is None:
        errors["starts_at"] = N_("Enter the date and time the appointment starts.")
    if not 1 <= data.duration_minutes <= MAX_DURATION_MINUTES:
        errors["duration_minutes"] = N_("An appointment lasts from 1 minute to 12 hours.")
    if not data.client_ids and data.kind not in KINDS_WITHOUT_CLIENT:
        errors["client_ids"] = N_("Choose the client (or the clients of a group session).")
    if len(" ".join(data.title.split())) > MAX_TITLE_LENGTH:
        errors["title"] = N_("The title is too long (200 characters at most).")
    if len(" ".join(data.place.split())) > MAX_PLACE_LENGTH:
        errors["place"] = N_("The place is too long (300 characters at most).")
    if len(data.note_short.strip()) > MAX_NOTE_SHORT_LENGTH:
        errors["note_short"] = N_("The short note is too long (2,000 characters at most).")
    if data.travel_minutes is not None and not 0 <= data.travel_minutes <= MAX_TRAVEL_MINUTES:
        errors["travel_minutes"] = N_("Travel time is between 0 minutes and 6 hours.")
    km = data.travel_km
    if km is not None and (
        not isinstance(km, Decimal) or not km.is_finite() or not 0 <= km < MAX_TRAVEL_KM
    ):
        errors["travel_km"] = N_("Enter the kilometres as a positive number.")
    elif km is not None and _decimals(km) > 3:
        errors["travel_km"] = N_("Kilometres take at most 3 decimals.")
    if data.reminder_minutes is not None and not (
        0 <= data.reminder_minutes <= MAX_REMINDER_MINUTES
    ):
        errors["reminder_minutes"] = N_("A reminder comes from 0 minutes to 7 days before.")
    if data.recurrence is not None:
        problem = recurrence_errors(data.recurrence, first_local_date)
        if problem:
            errors["recurrence"] = problem
    return errors


def settings_errors(settings: AgendaSettings) -> dict[str, str]:
    errors: dict[str, str] = {}
    if settings.day_end <= settings.day_start:
        errors["day_end"] = N_("The working day must end after it starts.")
    if not settings.work_days or not settings.work_days <= frozenset(range(7)):
        errors["work_days"] = N_("Choose at least one working day.")
    if not 1 <= settings.default_duration_minutes <= MAX_DURATION_MINUTES:
        errors["default_duration_minutes"] = N_("An appointment lasts from 1 minute to 12 hours.")
    if not 0 <= settings.default_reminder_minutes <= MAX_REMINDER_MINUTES:
        errors["default_reminder_minutes"] = N_("A reminder comes from 0 minutes to 7 days before.")
    if settings.holidays_country not in ("", *HOLIDAY_COUNTRIES):
        errors["holidays_country"] = N_("Choose France, Belgium, Romania or no public holidays.")
    return errors


def address_place(*parts: str | None) -> str:
    """A client's address on one line, for the place of a home visit."""
    return ", ".join(" ".join(p.split()) for p in parts if p and p.strip())
