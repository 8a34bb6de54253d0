"""Calendar export: the appointments of a date range as an iCalendar file (RFC 5545).

:func:`export_ics` builds the file in memory; :func:`write_ics` also writes it
privately (0600, atomically) and records the export in the audit log.

- The range is inclusive and in *local* dates of the practitioner's zone
  (``AgendaSettings.timezone``): an appointment belongs to the day it starts on there.
- One VEVENT per appointment (the occurrences of a series are rows of their own, so
  they are exported as plain events, never as an RRULE). Its UID is derived from the
  appointment's id and creation instant: the same appointment exported twice keeps
  its UID, so a calendar application updates it instead of duplicating it, and the
  UID reveals neither the id nor how many appointments the vault holds.
- DTSTART/DTEND carry the practitioner's zone as TZID, with the matching VTIMEZONE
  (icalendar computes it from ``zoneinfo``), so 10:00 in Paris stays 10:00 across the
  DST changes whatever the phone's zone.
- Freed slots (cancelled, cancelled late) are STATUS:CANCELLED and TRANSP:TRANSPARENT;
  the others CONFIRMED. CATEGORIES holds the kind.

**Full** export: SUMMARY with the title (or the kind) and the participants' names,
LOCATION, DESCRIPTION (kind, status, participants with their file numbers, service,
travel, the short note).

**Anonymized** export, for a phone's calendar: SUMMARY = participants' initials and the
kind, nothing else — no title, no place, no description, no note, no name, no file
number.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Calendar, Event, Timezone
from sqlalchemy import select

from socialdesk import __version__
from socialdesk.domain.agenda import KIND_LABELS, STATUS_LABELS, AppointmentView
from socialdesk.domain.enums import AppointmentStatus, AuditAction
from socialdesk.domain.errors import SocialDeskError, ValidationError
from socialdesk.i18n import N_, _
from socialdesk.services.agenda import agenda_settings, list_appointments
from socialdesk.services.audit import record_event
from socialdesk.storage.orm import Appointment
from socialdesk.storage.uow import UnitOfWork
from socialdesk.vault.atomic import write_private_atomic

MAX_EXPORT_DAYS = 5 * 365 + 2
"""The longest range one export covers: five years (leap days included)."""
MAX_NAMES_IN_SUMMARY = 3
"""Beyond this many participants, the summary counts them instead of naming them."""
MAX_NOTE_CHARS = 500
PRODID = f"-//SocialDesk//SocialDesk {__version__}//EN"
UID_DOMAIN = "socialdesk"
# The VTIMEZONE covers the range with a margin: its first observance must precede DTSTART.
_ZONE_MARGIN = timedelta(days=366)


class ExportFolderMissing(SocialDeskError):
    exit_code = 2
    message = "The folder {path} does not exist; create it first or choose another one."


class ExportTargetIsAFolder(SocialDeskError):
    exit_code = 2
    message = "{path} is a folder; give the name of the file to write, e.g. agenda.ics."


@dataclass(frozen=True, slots=True)
class IcsExport:
    """What :func:`write_ics` wrote."""

    path: Path
    events: int
    first: date
    last: date
    anonymized: bool


# ---- checks -----------------------------------------------------------------------------
def check_export_range(first: date, last: date) -> None:
    """ValidationError when ``last`` is before ``first`` or the range is too long."""
    if last < first:
        raise ValidationError({"last": N_("The end date is before the start date.")})
    if (last - first).days + 1 > MAX_EXPORT_DAYS:
        raise ValidationError(
            {"last": N_("One export covers five years at most; choose a shorter period.")}
        )


def check_export_target(path: Path) -> None:
    """The file can be written there: its folder exists and it is not a folder itself."""
    path = Path(path)
    if path.is_dir():
        raise ExportTargetIsAFolder(path=str(path))
    if not path.parent.is_dir():
        raise ExportFolderMissing(path=str(path.parent))


# ---- export -----------------------------------------------------------------------------
def export_ics(
    uow: UnitOfWork,
    first: date,
    last: date,
    *,
    anonymize: bool,
    now: datetime | None = None,
) -> tuple[bytes, int]:
    """The appointments starting on local days ``first`` to ``last`` (inclusive) as an
    iCalendar file, and how many events it holds. Raises ValidationError on a bad range."""
    check_export_range(first, last)
    zone = _zone(agenda_settings(uow).timezone)
    start = datetime.combine(first, time(0), zone).astimezone(UTC)
    end = datetime.combine(last + timedelta(days=1), time(0), zone).astimezone(UTC)
    views = [v for v in list_appointments(uow, start, end) if start <= v.starts_at < end]
    stamps = _row_stamps(uow, start, end)
    stamp = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("SocialDesk agenda"))
    if views and zone.key != "UTC":
        # The one zone every event uses, computed once (``add_missing_timezones`` would
        # scan every event for the zones they use: a tenth of a month's export time).
        calendar.add_component(
            Timezone.from_tzinfo(
                zone, first_date=first - _ZONE_MARGIN, last_date=last + _ZONE_MARGIN
            )
        )
    for view in views:
        created, updated = stamps.get(view.id, (None, None))
        calendar.add_component(
            _event(view, zone, stamp=stamp, created=created, updated=updated, anonymize=anonymize)
        )
    return calendar.to_ical(), len(views)


def write_ics(
    uow: UnitOfWork,
    path: Path,
    first: date,
    last: date,
    *,
    anonymize: bool,
    now: datetime | None = None,
) -> IcsExport:
    """Export to ``path`` (replaced if it exists; 0600, written atomically) and record
    the export in the audit log (dates, variant and count: never a name)."""
    path = Path(path)
    check_export_range(first, last)
    check_export_target(path)
    data, count = export_ics(uow, first, last, anonymize=anonymize, now=now)
    # Recorded first: an export that cannot be audited is not written. If writing fails,
    # the caller's rollback removes the entry.
    record_event(
        uow,
        AuditAction.EXPORT,
        object_type="agenda",
        details={
            "format": "ics",
            "from": first.isoformat(),
            "to": last.isoformat(),
            "anonymized": anonymize,
            "events": count,
        },
    )
    write_private_atomic(path, data)
    return IcsExport(path=path, events=count, first=first, last=last, anonymized=anonymize)


# ---- one event --------------------------------------------------------------------------
def _zone(name: str) -> ZoneInfo:
    """The practitioner's zone; UTC if the name is unknown (times stay right, in UTC)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _row_stamps(
    uow: UnitOfWork, start: datetime, end: datetime
) -> dict[int, tuple[datetime | None, datetime | None]]:
    """Creation and last change of the appointments starting in ``[start, end)``: one
    indexed query (the views do not carry them)."""
    rows = uow.session.execute(
        select(Appointment.id, Appointment.created_at, Appointment.updated_at).where(
            Appointment.starts_at >= start, Appointment.starts_at < end
        )
    )
    return {row.id: (row.created_at, row.updated_at) for row in rows}


def appointment_uid(appointment_id: int, created_at: datetime | None) -> str:
    """Stable for one appointment of one vault; opaque (no id, no count in clear)."""
    created = created_at.astimezone(UTC).isoformat() if created_at is not None else ""
    digest = hashlib.sha256(f"appointment:{appointment_id}:{created}".encode()).hexdigest()
    return f"{digest[:32]}@{UID_DOMAIN}"


def _event(
    view: AppointmentView,
    zone: ZoneInfo,
    *,
    stamp: datetime,
    created: datetime | None,
    updated: datetime | None,
    anonymize: bool,
) -> Event:
    kind = _(KIND_LABELS[view.kind])
    event = Event()
    event.add("uid", appointment_uid(view.id, created))
    event.add("dtstamp", stamp)
    shown = UTC if zone.key == "UTC" else zone  # UTC times are written "…Z", no TZID
    event.add("dtstart", view.starts_at.astimezone(shown))
    event.add("dtend", view.ends_at.astimezone(shown))
    if updated is not None:
        event.add("last-modified", updated.astimezone(UTC).replace(microsecond=0))
    event.add("status", "CANCELLED" if view.frees_slot else "CONFIRMED")
    if view.frees_slot:
        event.add("transp", "TRANSPARENT")
    event.add("class", "PRIVATE")
    event.add("categories", [kind])
    if anonymize:
        event.add("summary", anonymous_summary(view))
        return event
    event.add("summary", full_summary(view))
    if view.place.strip():
        event.add("location", view.place.strip())
    event.add("description", full_description(view))
    return event


def anonymous_summary(view: AppointmentView) -> str:
    """``"É.D. — Home visit"``: the participants' initials and the kind, nothing else."""
    kind = _(KIND_LABELS[view.kind])
    initials = [p.initials for p in view.participants]
    if not initials:
        return kind
    if len(initials) > MAX_NAMES_IN_SUMMARY:
        shown = ", ".join(initials[:MAX_NAMES_IN_SUMMARY])
        who = _("{names} and {count} more", names=shown, count=len(initials) - MAX_NAMES_IN_SUMMARY)
    else:
        who = ", ".join(initials)
    return f"{who} — {kind}"


def full_summary(view: AppointmentView) -> str:
    """``"Home visit — DUPONT Éloïse"``; a freed slot says so first."""
    head = view.title.strip() or _(KIND_LABELS[view.kind])
    names = [p.display_name for p in view.participants]
    if len(names) > MAX_NAMES_IN_SUMMARY:
        head = f"{head} — {_('{count} participants', count=len(names))}"
    elif names:
        head = f"{head} — {', '.join(names)}"
    if view.status in (AppointmentStatus.CANCELLED, AppointmentStatus.LATE_CANCELLED):
        head = f"[{_(STATUS_LABELS[view.status])}] {head}"
    return head


def full_description(view: AppointmentView) -> str:
    lines = [
        _("Kind: {kind}", kind=_(KIND_LABELS[view.kind])),
        _("Status: {status}", status=_(STATUS_LABELS[view.status])),
    ]
    if view.participants:
        lines.append(_("Participants:"))
        lines += [f"- {p.display_name} ({p.file_number})" for p in view.participants]
    if view.service_name:
        lines.append(_("Service: {service}", service=view.service_name))
    if view.travel_minutes:
        lines.append(_("Travel: {minutes} min", minutes=view.travel_minutes))
    note = " ".join(view.note_short.split())
    if note:
        if len(note) > MAX_NOTE_CHARS:
            note = note[: MAX_NOTE_CHARS - 1].rstrip() + "…"
        lines.append(_("Note: {note}", note=note))
    if view.cancellation_reason.strip() and view.frees_slot:
        lines.append(_("Cancelled: {reason}", reason=view.cancellation_reason.strip()))
    return "\n".join(lines)
